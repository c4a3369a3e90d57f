#!/usr/bin/env python3
# convert.py
#
# Copyright 2026 The Perfcast authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Build Perfcast's default knowledge base from the shared measurement data.

The knowledge base is a handful of CSV files in the measurement format of
SCHEMA.md.  They are generated, never edited by hand: this program reads the
shared data (../shared/data), maps model and hardware names onto the catalog
(data/catalog/{models,hardware}.json) and writes the CSV files plus a
SOURCES.md that says where every file came from and what was dropped.

Only the Python standard library is used, and the output is a pure function
of the inputs (stable row order, numbers copied verbatim or printed by one
formatter), so that `--check` can run as a test and fail whenever the
committed files are stale.
"""

import argparse
import collections
import csv
import difflib
import json
import os
import re
import sys
import tempfile

# The measurement columns, in SCHEMA.md order.  Every output file starts
# with these; extra columns follow, sorted by name.
SCHEMA_COLUMNS = [
    'source', 'timestamp', 'model', 'family', 'modality', 'arch', 'params_m',
    'layers', 'hidden', 'heads', 'kv_heads', 'ffn', 'vocab', 'hardware',
    'hardware_kind', 'backend', 'framework', 'accelerators', 'threads',
    'precision', 'batch', 'seq_len', 'input_size', 'phase', 'latency_ms',
    'latency_p90_ms', 'throughput_items_per_s', 'tokens_per_s', 'memory_mb',
]

# At least one of these must be present, or the importer refuses the row.
VALUE_COLUMNS = ['latency_ms', 'latency_p90_ms', 'throughput_items_per_s',
                 'tokens_per_s', 'memory_mb']

# Catalog model fields copied into every row, so that a row stays usable
# even when read without the catalog.
MODEL_FIELDS = ['family', 'modality', 'arch', 'params_m', 'layers', 'hidden',
                'heads', 'kv_heads', 'ffn', 'vocab']

# The precision names libpp accepts (pp-precision.c).
PRECISIONS = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4',
              'int2']

# Numbers must parse as C doubles with strtod() in the "C" locale; we are
# stricter and accept plain decimal notation only (no inf/nan/hex).
NUMBER_RE = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')

OUTPUT_FILES = ['h200-torch-2026-11.csv', 'mlperf-inference.csv',
                'fastertransformer.csv', 'deeplearningexamples.csv',
                'SOURCES.md']


# --------------------------------------------------------------------------
# Small helpers

def fmt_num(x):
    """Print a derived number the same way on every machine.

    Integral values print without a fraction; everything else uses repr(),
    Python's shortest round-trip form, which is locale-independent.
    """
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def catalog_value(v):
    """Turn a JSON value from the catalog into a CSV cell."""
    if v is None:
        return ''
    if isinstance(v, bool):
        return '1' if v else '0'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_num(v)
    return str(v)


def is_number(s):
    """Whether a cell holds a plain decimal number."""
    return bool(NUMBER_RE.match(s))


def is_positive_int(s):
    """Whether a cell holds a positive integer (batch, accelerators...)."""
    return s.isdigit() and int(s) > 0


def positive_value(s):
    """Return the cell if it is a number greater than zero, else ''.

    Sources sometimes print 0 or a placeholder where a run failed; a zero
    latency or throughput is not a measurement.
    """
    s = (s or '').strip()
    if s and is_number(s) and float(s) > 0:
        return s
    return ''


def normalise_name(name):
    """The catalog's name normalisation: lowercase, and runs of blanks,
    underscores and dashes folded to one '-'."""
    return re.sub(r'[\s_-]+', '-', name.strip().lower())


def normalise_precision(raw):
    """Map a source's precision label onto a libpp precision name.

    Returns (precision, original): original is the source label when the
    mapping is more than a change of case, so nothing is lost.  Returns
    (None, raw) for labels we cannot interpret.
    """
    s = raw.strip()
    low = s.lower()
    if not low:
        return '', ''
    if low in PRECISIONS:
        return low, ''
    # Mixed precision (AMP) runs the matrix maths in fp16.
    if low in ('amp', 'mixed', 'mixed (fp16/amp)'):
        return 'fp16', s
    # Quantisation variants (INT8-v1, INT8-V2, uint8 ...) are int8 maths.
    m = re.match(r'^u?(int8|int4|fp8|fp16|bf16|fp32|tf32)\b', low)
    if m:
        return m.group(1), s
    return None, s


def is_mig_slice(name):
    """MIG instances are a fraction of a GPU and must never be mapped onto
    the full device."""
    return bool(re.search(r'\bMIG\b', name, re.I)
                or re.search(r'\b\d+g\.\d+gb\b', name, re.I))


class Stats:
    """Bookkeeping for one output file: rows read, written, dropped (by
    reason), and the source spellings that did not map to the catalog."""

    def __init__(self, name):
        self.name = name
        self.rows_in = 0
        self.rows_out = 0
        self.drops = collections.Counter()
        self.unmapped_models = collections.Counter()
        self.unmapped_hardware = collections.Counter()
        self.notes = []

    def drop(self, reason, n=1):
        self.drops[reason] += n


# --------------------------------------------------------------------------
# Catalog

class Catalog:
    """The model and hardware catalogs, with name resolution.

    A name resolves by exact id first, then by comparing the normalised
    name with every normalised id and alias.  A normalised name claimed by
    two entries is ambiguous and resolves to nothing.
    """

    def __init__(self, catalog_dir):
        self.models = self._load(os.path.join(catalog_dir, 'models.json'),
                                 'models')
        self.hardware = self._load(os.path.join(catalog_dir, 'hardware.json'),
                                   'hardware')
        self._model_index = self._index(self.models)
        self._hardware_index = self._index(self.hardware)

    @staticmethod
    def _load(path, key):
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
        entries = doc.get(key, [])
        return collections.OrderedDict((e['id'], e) for e in entries)

    @staticmethod
    def _index(entries):
        index = collections.defaultdict(set)
        for eid, e in entries.items():
            index[normalise_name(eid)].add(eid)
            for alias in e.get('aliases', []) or []:
                index[normalise_name(alias)].add(eid)
        return index

    @staticmethod
    def _resolve(name, entries, index):
        if not name:
            return None
        if name in entries:
            return entries[name]
        ids = index.get(normalise_name(name), set())
        if len(ids) == 1:
            return entries[next(iter(ids))]
        return None

    def model(self, name):
        """The catalog model entry a source spelling denotes, or None."""
        return self._resolve(name, self.models, self._model_index)

    def hardware_entry(self, name):
        """The catalog hardware entry a source spelling denotes, or None.

        A MIG slice resolves only to a catalog entry that is itself a slice
        (it has a mig_profile), never to the full GPU."""
        entry = self._resolve(name, self.hardware, self._hardware_index)
        if entry is not None and is_mig_slice(name) \
                and not entry.get('mig_profile'):
            return None
        return entry

    def models_by_shape(self, family, layers, hidden, heads, vocab=None):
        """Catalog models with exactly this transformer shape.

        Used where a source states the configuration (heads, head size,
        layers) instead of a model name."""
        found = []
        for e in self.models.values():
            if (str(e.get('family', '')).lower() == family
                    and e.get('layers') == layers
                    and e.get('hidden') == hidden
                    and e.get('heads') == heads
                    and (vocab is None or e.get('vocab') == vocab)):
                found.append(e)
        return found


def model_cells(entry):
    """The SCHEMA model columns filled from a catalog model entry."""
    cells = {'model': entry['id']}
    for field in MODEL_FIELDS:
        cells[field] = catalog_value(entry.get(field))
    return cells


def hardware_cells(entry):
    """The SCHEMA hardware columns filled from a catalog hardware entry."""
    return {'hardware': entry['id'],
            'hardware_kind': catalog_value(entry.get('kind')),
            'backend': catalog_value(entry.get('backend'))}


# Architectures whose inference is one full pass.  Generative models
# (decoders, encoder-decoders, RNN-T's greedy decoding, diffusion's many
# denoising steps) get their phase from the source or none at all.
FORWARD_ARCHS = ('encoder', 'cnn', 'dual-encoder', 'recommender')


def default_phase(model_entry):
    """`forward` for one-pass models, empty otherwise."""
    arch = str(model_entry.get('arch', '')).lower()
    return 'forward' if arch in FORWARD_ARCHS else ''


def validate_row(row):
    """Return why the importer would refuse the row, or None if it is fine.

    Mirrors the importer's rules so that a bad conversion fails here, not
    at the user's first start."""
    if not row.get('model') or not row.get('hardware'):
        return 'model or hardware empty'
    if row.get('batch') and not is_positive_int(row['batch']):
        return 'batch not a positive integer'
    if row.get('precision') and row['precision'] not in PRECISIONS:
        return 'unknown precision'
    for col in SCHEMA_COLUMNS:
        if col in ('params_m', 'layers', 'hidden', 'heads', 'kv_heads', 'ffn',
                   'vocab', 'accelerators', 'threads', 'batch', 'seq_len',
                   'input_size') or col in VALUE_COLUMNS:
            if row.get(col) and not is_number(row[col]):
                return 'non-numeric %s' % col
    if not any(row.get(c) for c in VALUE_COLUMNS):
        return 'no measured value'
    return None


def read_csv(path):
    """All rows of a CSV file as dicts, in file order."""
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def emit(rows, stats, row):
    """Validate a converted row and keep it, or count why it was refused."""
    problem = validate_row(row)
    if problem:
        stats.drop('invalid after conversion: ' + problem)
        return
    rows.append(row)


# --------------------------------------------------------------------------
# 1. The H200 measurements: already in the format, copied unchanged.

def convert_h200(shared, catalog):
    """Copy the team's own H200 measurements, reordering the columns to the
    SCHEMA.md order.  Rows are kept even if an id is missing from the
    catalog (they are the reference data); such ids are reported."""
    stats = Stats('h200-torch-2026-11.csv')
    src = read_csv(os.path.join(shared, 'h200-torch-2026-11.csv'))
    extras = set()
    rows = []
    for r in src:
        stats.rows_in += 1
        extras.update(k for k in r if k not in SCHEMA_COLUMNS)
        if catalog.model(r.get('model', '')) is None:
            stats.unmapped_models[r.get('model', '')] += 1
        if catalog.hardware_entry(r.get('hardware', '')) is None:
            stats.unmapped_hardware[r.get('hardware', '')] += 1
        emit(rows, stats, dict(r))
    stats.rows_out = len(rows)
    return rows, sorted(extras), stats


# --------------------------------------------------------------------------
# 2. MLPerf Inference (cm4mlperf v2.0-v4.0, GATEOverflow v5.0 pre-release)

MLPERF_FILES = [
    ('public/mlperf_inference_v2.0-v4.0_cm4mlperf.csv', ''),
    ('public/mlperf_inference_v5.0_gateoverflow_presubmission.csv',
     '-unofficial'),
]

MLPERF_EXTRAS = ['benchmark_model', 'division', 'energy_per_query_mj',
                 'host_cpu_cores_per_cpu', 'host_cpus_per_node',
                 'original_precision', 'round', 'scenario', 'source_model',
                 'source_ref', 'submitter', 'system_name', 'system_power_w']


def mlperf_hardware(r):
    """Pick the device an MLPerf result measures.

    Returns (spelling, accelerators, is_cpu) or (None, reason, None).
    Accelerator systems are described by their accelerator, counted over
    all nodes; CPU-only systems (no accelerators per node) by the host CPU.
    """
    acc = r['accelerator'].strip()
    per_node = r['accelerators_per_node'].strip()
    nodes = r['nodes'].strip() or '1'
    if acc:
        if not per_node.isdigit() or int(per_node) == 0:
            return (None, 'accelerator named but accelerators_per_node '
                    '0/empty', None)
        if not nodes.isdigit():
            return None, 'nodes not a number', None
        return acc, int(per_node) * int(nodes), False
    if per_node not in ('', '0'):
        return None, 'accelerator count without an accelerator name', None
    host = r['host_cpu'].strip()
    if not host:
        return None, 'CPU-only system without host_cpu', None
    return host, 0, True


def mlperf_values(r):
    """The SCHEMA value cells of one MLPerf result, or None.

    Offline/Server throughput is per system; SingleStream latency is the
    90th percentile per sample, so it goes to latency_p90_ms."""
    scenario = r['scenario']
    if scenario in ('Offline', 'Server'):
        items = positive_value(r['throughput_samples_per_s']) or \
            positive_value(r['throughput_queries_per_s'])
        tokens = positive_value(r['throughput_tokens_per_s'])
        if items:
            return {'throughput_items_per_s': items}
        if tokens:
            return {'tokens_per_s': tokens}
        return None
    if scenario == 'SingleStream':
        lat = positive_value(r['latency_ms'])
        return {'latency_p90_ms': lat} if lat else None
    return None


def convert_mlperf(shared, catalog):
    """Convert the MLPerf Inference results whose model and device are both
    in the catalog.  MultiStream results (p99 of an 8-sample query) have no
    SCHEMA column and are skipped; a result repeated under the -99 and
    -99.9 accuracy targets with the same value is kept once."""
    stats = Stats('mlperf-inference.csv')
    rows = []
    seen = set()
    for relpath, tag_suffix in MLPERF_FILES:
        for r in read_csv(os.path.join(shared, relpath)):
            stats.rows_in += 1
            row = mlperf_row(r, tag_suffix, catalog, stats)
            if row is None:
                continue
            # -99 and -99.9 submissions often share one measurement.
            key = tuple(sorted((k, v) for k, v in row.items()
                               if k not in ('benchmark_model', 'source_model',
                                            'source_ref')))
            if key in seen:
                stats.drop('same result already kept (-99 vs -99.9 '
                           'accuracy target, or an exact repeat)')
                continue
            seen.add(key)
            emit(rows, stats, row)
    stats.rows_out = len(rows)
    return rows, MLPERF_EXTRAS, stats


def mlperf_row(r, tag_suffix, catalog, stats):
    """Convert one MLPerf result, or count why it is dropped."""
    if r['scenario'] == 'MultiStream':
        stats.drop('MultiStream (p99 latency of an 8-sample query: no '
                   'SCHEMA column)')
        return None
    spelling, accelerators, is_cpu = mlperf_hardware(r)
    if spelling is None:
        stats.drop(accelerators)
        return None
    model = catalog.model(r['model'].strip())
    hw = catalog.hardware_entry(spelling)
    if model is None and hw is None:
        stats.drop('neither model nor hardware in catalog')
        return None
    if model is None:
        stats.drop('model not in catalog')
        stats.unmapped_models[r['model'].strip()] += 1
        return None
    if hw is None:
        stats.drop('hardware not in catalog')
        stats.unmapped_hardware[spelling] += 1
        return None
    if is_cpu != (hw.get('kind') == 'cpu'):
        # e.g. the host CPU "Apple M1" normalises to the id of the M1 GPU.
        stats.drop('host CPU maps to a non-CPU entry, or accelerator to '
                   'a CPU entry')
        stats.unmapped_hardware['%s (%s)' % (spelling, 'CPU' if is_cpu
                                             else 'accelerator')] += 1
        return None
    values = mlperf_values(r)
    if values is None:
        stats.drop('no usable result value')
        return None
    precision, original = normalise_precision(r['precision'])
    if precision is None:
        stats.drop('unknown precision label')
        return None
    row = {'source': 'mlperf-inference-%s%s' % (r['round'], tag_suffix)}
    row.update(model_cells(model))
    row.update(hardware_cells(hw))
    if is_cpu:
        row['backend'] = 'cpu'
    row.update({
        'framework': r['framework'].strip(),
        'accelerators': str(accelerators),
        'precision': precision,
        'original_precision': original,
        'phase': default_phase(model),
        'benchmark_model': r['benchmark_model'],
        'division': r['division'],
        'energy_per_query_mj': positive_value(r['energy_per_query_mj']),
        'host_cpu_cores_per_cpu': r['host_cpu_cores_per_cpu']
        if is_cpu and r['host_cpu_cores_per_cpu'].isdigit() else '',
        'host_cpus_per_node': r['host_cpus_per_node']
        if is_cpu and r['host_cpus_per_node'].isdigit() else '',
        'round': r['round'],
        'scenario': r['scenario'],
        'source_model': r['model'].strip(),
        'source_ref': r['location'],
        'submitter': r['submitter'],
        'system_name': r['system_name'],
        'system_power_w': positive_value(r['system_power_w']),
    })
    row.update(values)
    return row


# --------------------------------------------------------------------------
# 3. FasterTransformer documentation benchmarks

FT_FILE = 'public/fastertransformer_docs_benchmarks.csv'

FT_EXTRAS = ['beam_width', 'frontend', 'implementation', 'original_precision',
             'output_len', 'pipeline_parallel', 'sampling', 'section',
             'table_index', 'tensor_parallel']

# Model configurations the docs state in prose above a group of tables,
# which the table parser could not attach to the rows.  Keyed by source
# file and a heading that every affected section path contains.
FT_DOC_CONFIGS = [
    # docs/bert_guide.md, "Single GPU BERT performance": "In the
    # experiments of encoder, we updated the following parameters:
    # head_num = 12, size_per_head = 64, num_layers = 12".
    ('docs/bert_guide.md', 'Single GPU BERT performance',
     {'head_num': 12, 'size_per_head': 64, 'num_layers': 12}),
]

# docs/vit_guide.md, "Performance": the tables measure ViT-B_16 with
# img_size = 384, patches = 16 unless a column names another variant, and
# "the hyper-parameters of the model are: head_num = 12, embed_dim = 768,
# num_of_layers = 12".
FT_VIT_DEFAULT = ('ViT-B_16', 384, 16)
FT_VIT_SHAPES = {'ViT-B_16': (12, 768, 12)}

# Columns that identify one table row (one measurement) in the FT file.
FT_KEY = ['source_file', 'section', 'model', 'model_config', 'gpu',
          'frontend', 'implementation', 'precision', 'batch_size', 'seq_len',
          'output_len', 'beam_width', 'sampling', 'tensor_parallel',
          'pipeline_parallel']

FT_METRICS = {
    'latency_ms': 'latency_ms',
    'throughput_items_per_s': 'throughput_items_per_s',
    'throughput_tokens_per_s': 'tokens_per_s',
}


def parse_ft_config(text):
    """Parse 'head_num = 12; size_per_head = 64; ...' into a dict of ints
    (non-integer settings are kept as strings)."""
    config = {}
    for part in text.split(';'):
        if '=' not in part:
            continue
        k, v = (s.strip() for s in part.split('=', 1))
        config[k] = int(v) if v.isdigit() else v
    return config


def ft_config(r):
    """The model configuration of an FT row: from its own model_config, or
    from the prose the docs put above its tables."""
    if r['model_config'].strip():
        return parse_ft_config(r['model_config'])
    for source_file, heading, config in FT_DOC_CONFIGS:
        if r['source_file'] == source_file and heading in r['section']:
            return dict(config)
    return {}


def ft_model(r, catalog):
    """Resolve an FT row's model.  Returns (entry, spelling, extra cells).

    BERT and GPT are matched by their stated shape; T5 by the name in the
    section heading; ViT by the variant named in the column (ViT-B_16,
    ViT-L_16, optionally '-224') or the doc's default ViT-B_16 at 384."""
    family = r['model'].strip()
    if family in ('BERT', 'GPT'):
        config = ft_config(r)
        if not all(k in config for k in ('head_num', 'size_per_head',
                                         'num_layers')):
            return None, '%s (configuration not stated)' % family, {}
        heads = config['head_num']
        hidden = heads * config['size_per_head']
        vocab = config.get('vocab_size') if family == 'GPT' else None
        found = catalog.models_by_shape(family.lower(), config['num_layers'],
                                        hidden, heads, vocab)
        spelling = '%s L=%d H=%d A=%d%s' % (
            family, config['num_layers'], hidden, heads,
            ' V=%d' % vocab if vocab else '')
        if len(found) != 1:
            return None, spelling + (' (ambiguous)' if found else ''), {}
        return found[0], spelling, {}
    if family == 'T5':
        m = re.search(r'\b(T5-[\w.]+) on ', r['section'])
        spelling = m.group(1) if m else 'T5 (size not stated)'
        return catalog.model(spelling) if m else None, spelling, {}
    if family == 'ViT':
        name, size, patch = FT_VIT_DEFAULT
        m = re.match(r'^([BL])_(\d+)(?:-(\d+))?\b', r['implementation'])
        if m:
            name = 'ViT-%s_%s' % (m.group(1), m.group(2))
            patch = int(m.group(2))
            size = int(m.group(3)) if m.group(3) else 384
        cells = {'input_size': str(size),
                 'seq_len': str((size // patch) ** 2 + 1)}
        spelling = name if size == 384 else '%s-%d' % (name, size)
        entry = catalog.model(spelling) or catalog.model(name)
        if entry is None and name in FT_VIT_SHAPES:
            found = catalog.models_by_shape('vit', *FT_VIT_SHAPES[name])
            entry = found[0] if len(found) == 1 else None
        return entry, spelling, cells
    return None, family, {}


def ft_group(src):
    """Merge the one-cell-per-row FT data back into table rows.

    Cells of one table row share every FT_KEY column; a second cell with
    the same key and metric comes from another table with the same setting
    (e.g. the TF-FP16 baseline repeated above each INT8 table) and starts a
    new measurement, numbered by table_index."""
    groups = collections.OrderedDict()
    seen = collections.Counter()
    for r in src:
        base = tuple(r[k] for k in FT_KEY)
        seen[base + (r['metric'],)] += 1
        index = seen[base + (r['metric'],)]
        groups.setdefault(base + (index,), []).append(r)
    return groups


def convert_fastertransformer(shared, catalog):
    """Convert the FasterTransformer doc tables whose model config and GPU
    map to the catalog.  Rows keep implementation/frontend/section so that
    EFF-FT (padding removed: the effective sequence is half seq_len) can be
    filtered out."""
    stats = Stats('fastertransformer.csv')
    src = read_csv(os.path.join(shared, FT_FILE))
    stats.rows_in = len(src)
    groups = ft_group(src)
    indexed = collections.Counter(k[:-1] for k in groups)
    rows = []
    for key, cells in groups.items():
        row = ft_row(cells, key[-1] if indexed[key[:-1]] > 1 else 0,
                     catalog, stats)
        if row is not None:
            emit(rows, stats, row)
    stats.rows_out = len(rows)
    stats.notes.append('%d source cells merged into %d table rows before '
                       'mapping.' % (len(src), len(groups)))
    return rows, FT_EXTRAS, stats


def ft_row(cells, table_index, catalog, stats):
    """Convert one merged FT table row, or count why it is dropped."""
    r = cells[0]
    n = len(cells)
    model, spelling, model_extra = ft_model(r, catalog)
    hw = catalog.hardware_entry(r['gpu'].strip())
    if model is None and hw is None:
        stats.drop('neither model nor GPU in catalog', n)
        stats.unmapped_models[spelling] += n
        return None
    if model is None:
        stats.drop('model not in catalog', n)
        stats.unmapped_models[spelling] += n
        return None
    if hw is None:
        stats.drop('GPU not in catalog', n)
        stats.unmapped_hardware[r['gpu'].strip()] += n
        return None
    precision, original = normalise_precision(r['precision'])
    if precision is None:
        stats.drop('unknown precision label', n)
        return None
    values = {}
    for c in cells:
        metric = c['metric']
        if metric.startswith('throughput') and hw.get('mig_profile'):
            # The BERT guide's "A100 MIG" throughput is the sum over 7
            # instances running in parallel (= 7 x batch / latency to the
            # printed precision), not one slice's: the latency is kept.
            stats.drop('MIG throughput: sum over 7 parallel instances '
                       '(7 x batch / latency), not one slice')
        elif metric == 'memory_gb':
            gb = positive_value(c['memory_gb'])
            if gb:
                values['memory_mb'] = fmt_num(float(gb) * 1024)
        elif metric in FT_METRICS:
            v = positive_value(c[metric])
            if v:
                values[FT_METRICS[metric]] = v
            else:
                stats.drop('zero or missing value (run failed or not done)')
    if not values:
        return None
    tp = r['tensor_parallel'].strip()
    pp = r['pipeline_parallel'].strip()
    accelerators = (int(tp) if tp.isdigit() else 1) * \
        (int(pp) if pp.isdigit() else 1)
    frontend = r['frontend'].strip()
    implementation = r['implementation'].strip()
    row = {'source': 'nvidia-fastertransformer-docs'}
    row.update(model_cells(model))
    row.update(hardware_cells(hw))
    row.update({
        'framework': ('%s %s' % (frontend, implementation)).strip(),
        'accelerators': str(accelerators),
        'precision': precision,
        'original_precision': original,
        'batch': r['batch_size'].strip(),
        'seq_len': r['seq_len'].strip(),
        'phase': default_phase(model),
        'beam_width': r['beam_width'].strip(),
        'frontend': frontend,
        'implementation': implementation,
        'output_len': r['output_len'].strip(),
        'pipeline_parallel': pp,
        'sampling': r['sampling'].strip(),
        'section': r['section'].strip(),
        'table_index': str(table_index) if table_index else '',
        'tensor_parallel': tp,
    })
    row.update(model_extra)
    row.update(values)
    return row


# --------------------------------------------------------------------------
# 4. NVIDIA DeepLearningExamples READMEs

DLE_FILE = 'public/nvidia_deeplearningexamples_inference.csv'

DLE_EXTRAS = ['latency_p95_ms', 'latency_p99_ms', 'latency_statistic',
              'original_precision', 'section', 'source_file', 'table_index']

# Columns that identify one table row (one measurement) in the DLE file.
DLE_KEY = ['source_file', 'section', 'gpu', 'num_gpus', 'precision',
           'batch_size', 'seq_len', 'other_keys']

# Sections whose tables carry a caption the parser did not keep, so that
# two tables share one key.  The captions, in document order, name the
# model (BERT-Large before BERT-Base in every section of the TF2 BERT
# README) or the XLA variant (plain before "+ XLA" in the TF1 ConvNets
# READMEs).
DLE_TABLE_CAPTIONS = [
    ('TensorFlow2/LanguageModeling/BERT/README.md',
     {1: {'model': 'BERT-Large'}, 2: {'model': 'BERT-Base'}}),
    ('TensorFlow/Classification/ConvNets/',
     {1: {}, 2: {'framework_suffix': ' + XLA'}}),
]


def dle_captions(source_file):
    """The caption table for a DLE source file, or None."""
    for prefix, captions in DLE_TABLE_CAPTIONS:
        if source_file.startswith(prefix):
            return captions
    return None


def dle_model_spelling(r, caption):
    """The model name a DLE row denotes: a caption, a 'Model=' key, or the
    example's directory name."""
    if caption.get('model'):
        return caption['model']
    m = re.search(r'(?:^|; )Model=([^;]+)', r['other_keys'])
    if m:
        return m.group(1).strip()
    return r['model_dir'].rstrip('/').split('/')[-1]


def dle_gpu(r):
    """The GPU spelling and count of a DLE row.

    The section heading, e.g. "NVIDIA DGX A100 (1x A100 40GB)", names the
    memory size the gpu column drops, so it wins when present."""
    m = re.search(r'\((\d+)x ([^)]+)\)', r['section'])
    if m:
        return m.group(2).strip(), m.group(1)
    n = r['num_gpus'].strip()
    return r['gpu'].strip(), n if n.isdigit() else ''


def dle_group(src):
    """Merge the one-metric-per-row DLE data back into table rows, numbering
    tables that repeat one key (see DLE_TABLE_CAPTIONS)."""
    groups = collections.OrderedDict()
    seen = collections.Counter()
    for r in src:
        base = tuple(r[k] for k in DLE_KEY)
        mkey = base + (r['metric'], r['statistic'])
        seen[mkey] += 1
        groups.setdefault(base + (seen[mkey],), []).append(r)
    return groups


def dle_values(cells, stats):
    """The value cells of one DLE table row.

    Only the unit-checked derived columns are used.  A median (p50) is
    latency_ms proper; without one the average goes there, flagged by
    latency_statistic=avg.  Throughput in tok/s is tokens_per_s."""
    lat = {}
    values = {}
    for c in cells:
        stat = c['statistic']
        if c['metric'] == 'latency':
            v = positive_value(c['latency_ms'])
            if not v:
                stats.drop('latency without a unit-checked latency_ms')
            elif stat in ('avg', 'p50', 'p90', 'p95', 'p99'):
                lat[stat] = v
            else:
                stats.drop('latency statistic not understood (%s)' % stat)
        else:
            v = positive_value(c['throughput_items_per_s'])
            if not v:
                stats.drop('throughput without a unit-checked per-second '
                           'value')
            elif stat != 'avg':
                stats.drop('throughput statistic not understood (%s)' % stat)
            elif c['unit'] == 'tok/s':
                values['tokens_per_s'] = v
            else:
                values['throughput_items_per_s'] = v
    if 'p50' in lat:
        values['latency_ms'] = lat['p50']
        values['latency_statistic'] = 'p50'
    elif 'avg' in lat:
        values['latency_ms'] = lat['avg']
        values['latency_statistic'] = 'avg'
    for stat, col in (('p90', 'latency_p90_ms'), ('p95', 'latency_p95_ms'),
                      ('p99', 'latency_p99_ms')):
        if stat in lat:
            values[col] = lat[stat]
    return values


def convert_dle(shared, catalog):
    """Convert the DeepLearningExamples inference tables whose model and GPU
    map to the catalog, one row per table row."""
    stats = Stats('deeplearningexamples.csv')
    src = read_csv(os.path.join(shared, DLE_FILE))
    stats.rows_in = len(src)
    groups = dle_group(src)
    indexed = collections.Counter(k[:-1] for k in groups)
    rows = []
    for key, cells in groups.items():
        table_index = key[-1] if indexed[key[:-1]] > 1 else 0
        row = dle_row(cells, table_index, catalog, stats)
        if row is not None:
            emit(rows, stats, row)
    stats.rows_out = len(rows)
    stats.notes.append('%d source cells merged into %d table rows before '
                       'mapping.' % (len(src), len(groups)))
    return rows, DLE_EXTRAS, stats


def dle_row(cells, table_index, catalog, stats):
    """Convert one merged DLE table row, or count why it is dropped."""
    r = cells[0]
    n = len(cells)
    captions = dle_captions(r['source_file']) if table_index else None
    caption = (captions or {}).get(table_index, {})
    spelling = dle_model_spelling(r, caption)
    gpu, count = dle_gpu(r)
    model = catalog.model(spelling)
    hw = catalog.hardware_entry(gpu)
    if model is None and hw is None:
        stats.drop('neither model nor GPU in catalog', n)
        stats.unmapped_models[spelling] += n
        return None
    if model is None:
        stats.drop('model not in catalog', n)
        stats.unmapped_models[spelling] += n
        return None
    if hw is None:
        stats.drop('GPU not in catalog', n)
        stats.unmapped_hardware[gpu] += n
        return None
    if table_index and (captions is None or table_index not in captions):
        stats.drop('table repeats a key and its caption is unknown', n)
        return None
    precision, original = normalise_precision(r['precision'])
    if precision is None:
        stats.drop('unknown precision label', n)
        return None
    values = dle_values(cells, stats)
    if not values:
        return None
    row = {'source': 'nvidia-deeplearningexamples'}
    row.update(model_cells(model))
    row.update(hardware_cells(hw))
    row.update({
        'framework': r['framework'].strip() +
        caption.get('framework_suffix', ''),
        'accelerators': count,
        'precision': precision,
        'original_precision': original,
        'batch': r['batch_size'].strip(),
        'seq_len': r['seq_len'].strip(),
        'phase': default_phase(model),
        'section': r['section'].strip(),
        'source_file': r['source_file'],
        'table_index': str(table_index) if table_index else '',
    })
    m = re.search(r'(?:^|; )Resolution=(\d+)x\1\b', r['other_keys'])
    if m:
        row['input_size'] = m.group(1)
    row.update(values)
    return row


# --------------------------------------------------------------------------
# Output

def write_csv(path, rows, extras):
    """Write rows with the SCHEMA columns first, then the sorted extras."""
    header = SCHEMA_COLUMNS + sorted(c for c in extras
                                     if c not in SCHEMA_COLUMNS)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator='\n')
        w.writerow(header)
        for row in rows:
            w.writerow([row.get(c, '') for c in header])


SOURCES_HEADER = """\
# Default knowledge base: sources

Generated by `convert.py` in this directory; do not edit.  Rerun
`python3 data/datasets/convert.py` after the shared data or the catalog
changes (`--check` tells whether these files are current).

Every file is in the measurement format of `../shared/data/SCHEMA.md`: the
SCHEMA columns in order, then extra columns sorted by name.  `model` and
`hardware` are catalog ids (`data/catalog`), resolved from the source's
spelling by exact id, then by id/alias after normalisation (lowercase,
blanks/underscores/dashes folded to '-').  The architecture columns and
`hardware_kind`/`backend` are filled from the catalog entry.  Precision
labels are normalised to libpp names; where that changes more than case,
the source label is kept in `original_precision`.  `phase` is `forward`
for one-pass models (catalog arch encoder, cnn, dual-encoder, recommender)
and empty for generative ones (decoders, encoder-decoders, RNN-T,
diffusion) unless the source says.  A MIG slice maps only to a catalog
entry that is itself a slice (`mig_profile`), never to the full GPU.  An
empty cell means "not reported".
"""

SOURCES_SECTIONS = {
    'h200-torch-2026-11.csv': """\
Upstream: `../shared/data/h200-torch-2026-11.csv`, measured by the Perfcast
team (one NVIDIA H200 with PyTorch 2.11 and transformers 5.17, random
weights, CUDA events, median of up to 20 runs; and the host's 16-vCPU Xeon
at 16 and 4 threads).  Licence: the project's own data.

Conversion: rows copied unchanged; only the column order is made the
SCHEMA order (the file has no `timestamp` column, so it is empty).
""",
    'mlperf-inference.csv': """\
Upstream: `mlcommons/cm4mlperf-results`, commit
`84d8b84c6d6e3d646e27d511e438fd12d144ade9` (MLCommons' compaction of the
official `inference_results_v2.0` ... `v4.0` repositories; Apache-2.0); and
`GATEOverflow/mlperf_inference_submissions_v5.0`, commit
`bfcdc0d45afa1cde029214a22f080324fbc9c786` (pre-submission staging repo,
no licence file, **not** the official v5.0 publication: its rows carry the
source tag `mlperf-inference-v5.0-unofficial`).  Any public claim naming
MLPerf must follow the MLCommons results-messaging guidelines.

Conversion:
- `source` is `mlperf-inference-<round>`; `source_ref` is the result's
  path inside `mlcommons/inference_results_<round>` (URL:
  `https://github.com/mlcommons/inference_results_<round>/tree/master/<source_ref>`),
  or inside the GATEOverflow repository for v5.0.
- Model: the `model` column (the model actually run; for closed-division
  results the benchmark name such as `bert-99`), kept verbatim in
  `source_model` (open-division names such as
  `mobilenet-v1-precision_uint8-1.0-224` carry the precision the empty
  `precision` column does not).  `benchmark_model` keeps the benchmark and
  accuracy target.
- Hardware: for accelerator systems the accelerator, with `accelerators` =
  accelerators per node x nodes; for CPU-only systems (no accelerators per
  node) the host CPU, `accelerators` = 0 and `backend` = cpu, with
  `host_cpus_per_node`/`host_cpu_cores_per_cpu` kept.  A host CPU must map
  to a catalog entry of kind cpu and an accelerator to one that is not
  (the host "Apple M1" would otherwise land on the M1 GPU entry).
  Heterogeneous multi-node systems and results naming an accelerator with
  a count of 0 are dropped.
- Values: Offline/Server samples/s or queries/s go to
  `throughput_items_per_s` **per system, as reported** (divide by
  `accelerators` for a per-device figure); tokens/s to `tokens_per_s`;
  SingleStream latency, a 90th percentile, to `latency_p90_ms`.
  `system_power_w` and `energy_per_query_mj` are kept where measured.
- `batch` is not reported by MLPerf and is empty; `precision` is empty
  (not reported) for v2.0-v4.0 and normalised for v5.0 (`uint8` -> int8).
- A result submitted under both the -99 and -99.9 accuracy targets with
  the same value is kept once (the first, usually -99).
""",
    'fastertransformer.csv': """\
Upstream: `NVIDIA/FasterTransformer`, commit
`df4a7534860137e060e18d2ebf019906120ea204`, `docs/*_guide.md`
"Performance" sections, as parsed into
`../shared/data/public/fastertransformer_docs_benchmarks.csv`.  Licence:
Apache-2.0.

Conversion:
- The one-cell-per-row source is merged back into table rows (same file,
  section, setting, implementation, precision, batch and sequence length);
  a repeated setting from another table (e.g. the TF-FP16 baseline above
  each INT8 table) becomes its own row, numbered by `table_index`.
- Model: BERT (and GPT) by the stated shape, heads x size_per_head and
  layers, matched against the catalog (the single-GPU BERT tables use
  head_num 12, size_per_head 64, num_layers 12, stated in the doc's prose);
  T5 by the size in the section heading; ViT by the variant in the column
  (`ViT-B_16`, `ViT-L_16`, `-224`) or the doc's default ViT-B_16 at 384 px
  (`input_size`, `seq_len` = patches + 1).
- Values: `latency_ms`; throughput in items or tokens (T5 numbers are
  end-to-end translation tokens/s); `memory_gb` x 1024 -> `memory_mb`.
  Zero cells (failed runs) are dropped.  The BERT guide's "A100 MIG"
  throughput is the sum over 7 instances run in parallel (it equals
  7 x batch / latency): only the per-instance latency is kept, on the MIG
  slice.
- `implementation`, `frontend`, `section`, `beam_width`, `sampling`,
  `output_len`, `tensor_parallel`, `pipeline_parallel` are kept.
  **EFF-FT** rows remove padding: their effective sequence is half of
  `seq_len`; filter on `implementation` where that matters.
- `accelerators` = tensor x pipeline parallel size (1 when not stated).
""",
    'deeplearningexamples.csv': """\
Upstream: `NVIDIA/DeepLearningExamples`, commit
`729963dd47e7c8bd462ad10bfac7a7b0b604e6dd`, non-Triton `*/README.md`
"Inference performance" sections, as parsed into
`../shared/data/public/nvidia_deeplearningexamples_inference.csv`.
Licence: per sub-project, mostly Apache-2.0 (some BSD/MIT).

Conversion:
- The one-metric-per-row source is merged back into table rows (same
  README, section, GPU, precision, batch, sequence length, other keys).
- Only the unit-checked derived columns (`latency_ms`,
  `throughput_items_per_s`) are used.  Latency: a median (p50) when given,
  else the **average**, flagged by `latency_statistic` (avg is a mean, not
  the median SCHEMA asks for); p90 -> `latency_p90_ms`, p95/p99 kept as
  extras.  Throughput in tok/s -> `tokens_per_s`.
- Two tables of one section that repeat a key lost their captions in the
  parse; they are told apart by document order: in the TF2 BERT README
  BERT-Large comes before BERT-Base, in the TF1 ConvNets READMEs the plain
  table before the "+ XLA" one (framework `TensorFlow + XLA`).  Other
  repeated keys are dropped.
- GPU: the heading's "(1x A100 40GB)" when present (it keeps the memory
  size), else the gpu column.  Precision: mixed (FP16/AMP) -> fp16.
""",
}


def sources_md(results):
    """Render SOURCES.md from the conversion results, so that the counts in
    it can never drift from the CSV files."""
    out = [SOURCES_HEADER]
    for rows, extras, stats in results:
        out.append('\n## `%s`\n\n' % stats.name)
        out.append(SOURCES_SECTIONS[stats.name])
        out.append('\nRows: %d source rows read, %d written.\n'
                   % (stats.rows_in, stats.rows_out))
        for note in stats.notes:
            out.append('%s\n' % note)
        if stats.drops:
            out.append('\nDropped (source rows or cells, by reason):\n\n')
            for reason, n in sorted(stats.drops.items(),
                                    key=lambda kv: (-kv[1], kv[0])):
                out.append('- %d: %s\n' % (n, reason))
        for label, counter in (('Model', stats.unmapped_models),
                               ('Hardware', stats.unmapped_hardware)):
            if counter:
                out.append('\n%s spellings not in the catalog (rows), most '
                           'frequent first:\n\n' % label)
                items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
                for name, n in items[:25]:
                    out.append('- %d: `%s`\n' % (n, name))
                if len(items) > 25:
                    out.append('- ... and %d more\n' % (len(items) - 25))
    return ''.join(out)


def convert_all(shared, catalog_dir, out_dir):
    """Run every converter and write all output files into out_dir."""
    catalog = Catalog(catalog_dir)
    results = [
        convert_h200(shared, catalog),
        convert_mlperf(shared, catalog),
        convert_fastertransformer(shared, catalog),
        convert_dle(shared, catalog),
    ]
    for rows, extras, stats in results:
        write_csv(os.path.join(out_dir, stats.name), rows, extras)
    with open(os.path.join(out_dir, 'SOURCES.md'), 'w', encoding='utf-8',
              newline='') as f:
        f.write(sources_md(results))
    return results


def compare_dirs(fresh, committed):
    """Print a short unified diff for each output file that differs.
    Returns the number of differing files."""
    differing = 0
    for name in OUTPUT_FILES:
        a_path = os.path.join(committed, name)
        b_path = os.path.join(fresh, name)
        try:
            with open(a_path, encoding='utf-8', newline='') as f:
                a = f.read().splitlines(keepends=True)
        except FileNotFoundError:
            a = None
        with open(b_path, encoding='utf-8', newline='') as f:
            b = f.read().splitlines(keepends=True)
        if a == b:
            continue
        differing += 1
        if a is None:
            print('%s: missing from %s' % (name, committed))
            continue
        diff = list(difflib.unified_diff(a, b, 'committed/' + name,
                                         'converted/' + name, n=0))
        changed = sum(1 for line in diff
                      if line[:1] in '+-' and line[:3] not in ('+++', '---'))
        print('%s: %d changed lines' % (name, changed))
        for line in diff[:20]:
            sys.stdout.write(line if line.endswith('\n') else line + '\n')
        if len(diff) > 20:
            print('... (%d more diff lines)' % (len(diff) - 20))
    return differing


def print_summary(results):
    """A short human-readable report of what the conversion did."""
    for rows, extras, stats in results:
        print('%s: %d rows (from %d)' % (stats.name, stats.rows_out,
                                         stats.rows_in))
        for reason, n in sorted(stats.drops.items(),
                                key=lambda kv: (-kv[1], kv[0])):
            print('  dropped %6d  %s' % (n, reason))
        for label, counter in (('model', stats.unmapped_models),
                               ('hardware', stats.unmapped_hardware)):
            for name, n in sorted(counter.items(),
                                  key=lambda kv: (-kv[1], kv[0]))[:10]:
                print('  unmapped %s %6d  %s' % (label, n, name))


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    p = argparse.ArgumentParser(
        description='Convert the shared measurement data into the default '
                    'knowledge base (data/datasets).')
    p.add_argument('--shared', default=os.path.join(repo, '..', 'shared',
                                                    'data'),
                   help='the shared data directory (default: ../shared/data)')
    p.add_argument('--catalog', default=os.path.join(repo, 'data', 'catalog'),
                   help='the catalog directory (default: data/catalog)')
    p.add_argument('--out', default=os.path.join(repo, 'data', 'datasets'),
                   help='where the CSV files go (default: data/datasets)')
    p.add_argument('--check', action='store_true',
                   help='convert into a temporary directory and exit 1 if '
                        'the result differs from the files in --out')
    args = p.parse_args(argv)

    if args.check:
        with tempfile.TemporaryDirectory(prefix='perfcast-convert-') as tmp:
            convert_all(args.shared, args.catalog, tmp)
            if compare_dirs(tmp, args.out):
                print('data/datasets is stale: rerun data/datasets/convert.py')
                return 1
        return 0

    results = convert_all(args.shared, args.catalog, args.out)
    print_summary(results)
    return 0


if __name__ == '__main__':
    sys.exit(main())
