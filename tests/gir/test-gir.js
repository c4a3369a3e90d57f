// test-gir.js: libpp through GObject introspection from gjs.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Pp from 'gi://Pp?version=1';
import System from 'system';

function check(cond, message) {
    if (!cond)
        throw new Error(message);
}

const data = GLib.getenv('PP_TEST_DATA');
const tmp = GLib.dir_make_tmp('pp-gjs-XXXXXX');
const store = Pp.MeasurementStore.new(GLib.build_filenamev([tmp, 'a.db']));
const file = Gio.File.new_for_path(GLib.build_filenamev([data, 'quoted.csv']));

const [ok, added, duplicates] = store.import_file(file, Pp.FileFormat.AUTO, null);
check(ok && added === 3 && duplicates === 0, `import gave ${added}/${duplicates}`);

const query = Pp.MeasurementQuery.new();
query.set_filter(Pp.Column.PRECISION, 'bf16');
const rows = store.query(query);
check(rows.get_n_items() === 2, `expected 2 bf16 rows, got ${rows.get_n_items()}`);
check(rows.get_item(0).model === 'bert-base', 'model property');

let threw = false;
try {
    store.import_file(Gio.File.new_for_path(GLib.build_filenamev([tmp, 'missing.csv'])),
        Pp.FileFormat.AUTO, null);
} catch (e) {
    threw = e.message.includes('missing.csv');
}
check(threw, 'a missing file must throw a GError naming it');

const loop = new GLib.MainLoop(null, false);
let asyncResult = null;
store.import_file_async(file, Pp.FileFormat.CSV, null, (source, res) => {
    asyncResult = source.import_file_finish(res);
    loop.quit();
});
loop.run();
check(asyncResult[0] && asyncResult[1] === 0 && asyncResult[2] === 3, `async gave ${asyncResult}`);

const catalog = Pp.Catalog.new_default();

// A device the catalog does not list, found by its name in the store.
const unlisted = Pp.MeasurementStore.new(GLib.build_filenamev([tmp, 'unlisted.db']));
const row = Pp.Measurement.new();
for (const [column, value] of [[Pp.Column.MODEL, 'bert-base'], [Pp.Column.HARDWARE, 'kamino-x1'],
    [Pp.Column.HARDWARE_KIND, 'gpu'], [Pp.Column.BACKEND, 'cuda'], [Pp.Column.PRECISION, 'fp16']])
    row.set_string(column, value);
for (const [column, value] of [[Pp.Column.BATCH, 1], [Pp.Column.SEQ_LEN, 128], [Pp.Column.LATENCY_MS, 3.7]])
    row.set_number(column, value);
unlisted.add(row);
const kamino = catalog.resolve_hardware_in_store('kamino-x1', unlisted);
check(kamino.get_stand_in() === 'nvidia-rtx-a5000', `stand-in ${kamino.get_stand_in()}`);
const measured = catalog.dup_hardware_in_store(unlisted);
check(measured.get_n_items() === 1 && measured.get_item(0).get_id() === 'kamino-x1', 'the store\'s devices');
threw = false;
try {
    catalog.resolve_hardware_in_store('kamino-x2', unlisted);
} catch (e) {
    threw = e.matches(Pp.Error, Pp.Error.NOT_FOUND) && e.message.includes('kamino-x2');
}
check(threw, 'a device neither listed nor measured must throw a GError naming it');
const h200 = Gio.File.new_for_path(GLib.build_filenamev([GLib.getenv('PERFCAST_DATA_DIR'), 'datasets',
    'h200-torch-2026-11.csv']));
const predictor = Pp.FittedPredictor.fit(catalog, Pp.Measurement.list_load(h200, Pp.FileFormat.CSV, null), null);
const workload = Pp.Workload.new(catalog.lookup_model('llama-7b'), catalog.lookup_hardware('nvidia-h200'),
    Pp.Precision.BF16, 4);
workload.set_seq_len(512);
workload.set_phase(Pp.Phase.DECODE);
const prediction = predictor.predict(workload);
const [value, lower, upper] = prediction.get_value(Pp.Target.MEMORY);
check(lower < value && value < upper, `memory interval ${lower} ${value} ${upper}`);
check(value > 12000 && value < 16000, `llama-7b bf16 memory ${value} MiB`);
// A decode step at batch 4 is its kernel launches (see test-predictor.c).
check(prediction.get_bottleneck() === Pp.Bottleneck.FIXED_COSTS && prediction.bottleneck === Pp.Bottleneck.FIXED_COSTS,
    `llama-7b decode bottleneck ${prediction.get_bottleneck()}`);
// Llama 2 7B's decode steps were measured with 1,024 tokens of context.
check(prediction.get_evidence(Pp.Target.LATENCY) === Pp.Evidence.OTHER_LENGTHS &&
      Pp.evidence_to_string(Pp.Evidence.OTHER_LENGTHS) === 'other-lengths',
    `llama-7b decode evidence ${prediction.get_evidence(Pp.Target.LATENCY)}`);

// The longest context that fits the H200 at batch 4, by the upper end of
// the predicted memory: one token more does not.
const budget = 141 * 2 ** 30;
const context = predictor.max_context(workload, budget);
const longer = workload.copy();
longer.set_seq_len(context + 1);
check(context > 512 && predictor.predict(longer).get_value(Pp.Target.MEMORY)[2] * 2 ** 20 > budget,
    `llama-7b max context ${context}`);

// Devices ranked for the workload: the H200, where it was measured, and
// a 16 GB T4, which 13 GiB of weights and the cache do not fit.
const recommender = Pp.Recommender.new(predictor, catalog);
recommender.set_objective(Pp.Objective.LATENCY);
const devices = Gio.ListStore.new(Pp.HardwareSpec);
devices.append(catalog.lookup_hardware('nvidia-t4'));
devices.append(catalog.lookup_hardware('nvidia-h200'));
const ranked = recommender.rank(workload, devices);
const best = ranked.get_item(0), last = ranked.get_item(1);
check(ranked.get_n_items() === 2 && best.get_hardware().get_id() === 'nvidia-h200' && best.get_feasible() &&
      !last.get_feasible() && last.get_reason().startsWith('does not fit'),
    `ranked ${best.get_hardware().get_id()} ${best.get_feasible()}, then ${last.get_reason()}`);

check(Pp.format_value(1234.4) === '1234' && Pp.format_value(0.0000218) === '0.0000218',
    `format_value ${Pp.format_value(0.0000218)}`);

// The same prediction as plain values, into a struct the caller holds.
const [predicted, values] = predictor.predict_values(workload);
check(predicted && values.memory_mb === value && values.memory_lower_mb === lower &&
      values.memory_upper_mb === upper && values.bottleneck === prediction.get_bottleneck() &&
      values.latency_evidence === Pp.Evidence.OTHER_LENGTHS,
    `llama-7b values ${values.memory_mb} MiB, ${values.bottleneck}, ${values.latency_evidence}`);

// The roofline's kernel count: a Llama layer launches 34 (see test-predictor.c).
const [estimated, estimate] = Pp.roofline_estimate(workload);
check(estimated && estimate.layers === 32 && estimate.kernels === 32 * 34,
    `llama-7b roofline ${estimate.layers} layers, ${estimate.kernels} kernels`);

// Cross-validation tells how far it got, fold by fold.
const all = Pp.Measurement.list_load(h200, Pp.FileFormat.CSV, null);
const xeon = new Gio.ListStore({item_type: Pp.Measurement});
for (let i = 0; i < all.get_n_items(); i++) {
    if (all.get_item(i).hardware === 'intel-xeon-8580-emr-16vcpu')
        xeon.append(all.get_item(i));
}
const told = [];
const validation = Pp.Validation.cross_full(catalog, xeon, Pp.Column.PRECISION,
    (done, total, heldOut) => told.push(`${done}/${total} ${heldOut}`), null);
check(told.join(', ') === '0/2 bf16, 1/2 fp32, 2/2 null', `progress ${told.join(', ')}`);

// Its held-out rows, charted and saved; throughput by batch size too.
const chart = Pp.AccuracyChart.new(validation, Pp.Target.LATENCY);
check(chart.get_n_points() === 58, `accuracy chart points ${chart.get_n_points()}`);
const chartPath = GLib.build_filenamev([tmp, 'latency.png']);
check(chart.save(chartPath, 320, 240) && GLib.file_test(chartPath, GLib.FileTest.EXISTS), 'chart saved');
const predictions = new Gio.ListStore({item_type: Pp.Prediction});
for (const batch of [1, 2, 4]) {
    workload.set_batch(batch);
    predictions.append(predictor.predict(workload));
}
check(Pp.ThroughputChart.new(predictions).get_n_points() === 3, 'throughput chart points');

// Fitted to a store, it checks the rows that arrive after it.
const checked = Pp.MeasurementStore.new(GLib.build_filenamev([tmp, 'checked.db']));
checked.import_file(h200, Pp.FileFormat.CSV, null);
predictor.set_data_stamp(checked.dup_stamp());
checked.import_file(file, Pp.FileFormat.AUTO, null);
const [checkedOk, nChecked] = predictor.check_store(catalog, checked, null);
check(checkedOk && nChecked === 3, `checked ${nChecked} rows`);
const fits = checked.dup_checked_fits();
check(fits.length === 1 && fits[0] === predictor.get_fitted_at(), `checked fits ${fits}`);
const checks = Pp.Validation.new_for_checks(catalog, checked, null);
const [hasLatency, metrics] = checks.get_metrics(Pp.Target.LATENCY, Pp.Column.SOURCE, null);
check(hasLatency && metrics.n + checks.get_n_skipped() === 3, `checks ${metrics.n} + ${checks.get_n_skipped()}`);
// No saved fit of an older Perfcast to fit anew: null, no error.
check(Pp.FittedPredictor.renew_saved_for_store(catalog, checked, null) === null, 'nothing to renew');

// What the checks wrote is kept only when one failed (it threw above).
function removeTree(file) {
    const children = file.enumerate_children('standard::name,standard::type',
        Gio.FileQueryInfoFlags.NOFOLLOW_SYMLINKS, null);
    let info;
    while ((info = children.next_file(null)) !== null) {
        const child = file.get_child(info.get_name());
        if (info.get_file_type() === Gio.FileType.DIRECTORY)
            removeTree(child);
        else
            child.delete(null);
    }
    children.close(null);
    file.delete(null);
}
removeTree(Gio.File.new_for_path(tmp));
check(!GLib.file_test(tmp, GLib.FileTest.EXISTS), `${tmp} removed`);

print('gjs: all checks passed');
System.exit(0);
