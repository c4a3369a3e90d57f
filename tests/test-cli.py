#!/usr/bin/env python3
# test-cli.py: the perfcast-cli contracts that scripts rely on, checked
# against the real binary. Prints TAP.
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import csv
import json
import os
import subprocess
import sys
import tempfile

CLI = os.environ["PERFCAST_CLI"]
DATA = os.environ["PERFCAST_DATA_DIR"]
H200 = os.path.join(DATA, "datasets", "h200-torch-2026-11.csv")
SCHEMA_COLUMNS = (
    "source timestamp model family modality arch params_m layers hidden heads kv_heads "
    "ffn vocab hardware hardware_kind backend framework accelerators threads precision "
    "batch seq_len input_size phase latency_ms latency_p90_ms throughput_items_per_s "
    "tokens_per_s memory_mb").split()

results = []


def run(*args, db=None):
    cmd = [CLI] + (["--db", db] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def case(fn):
    try:
        fn()
        results.append((True, fn.__name__, ""))
    except AssertionError as e:
        results.append((False, fn.__name__, str(e)))
    return fn


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


tmp = tempfile.mkdtemp(prefix="perfcast-cli-test-")
db = os.path.join(tmp, "a.db")


def count(database):
    p = run("list", "--json", db=database)
    expect(p.returncode == 0, p.stderr)
    return len(json.loads(p.stdout))


@case
def import_h200_twice():
    p = run("import", "--json", H200, db=db)
    expect(p.returncode == 0, p.stderr)
    expect(json.loads(p.stdout) == {"imported": 346, "duplicates": 0}, p.stdout)
    p = run("import", "--json", H200, db=db)
    expect(json.loads(p.stdout) == {"imported": 0, "duplicates": 346}, p.stdout)


@case
def export_import_gives_same_rows():
    for fmt in ("csv", "json"):
        out = os.path.join(tmp, "out." + fmt)
        p = run("export", "-o", out, db=db)
        expect(p.returncode == 0, p.stderr)
        other = os.path.join(tmp, "copy-%s.db" % fmt)
        p = run("import", "--json", out, db=other)
        expect(json.loads(p.stdout) == {"imported": 346, "duplicates": 0}, p.stdout)
        a = json.loads(run("list", "--json", db=db).stdout)
        b = json.loads(run("list", "--json", db=other).stdout)
        expect(a == b, "rows differ after a %s round trip" % fmt)


@case
def exported_values_equal_the_source_file():
    out = os.path.join(tmp, "values.csv")
    run("export", "-o", out, db=db)
    source = [{k: v for k, v in r.items()} for r in csv.DictReader(open(H200))]
    exported = list(csv.DictReader(open(out)))
    expect(len(source) == len(exported), "row counts differ")
    for s, e in zip(source, exported):
        for k, v in s.items():
            if v != e[k]:
                expect(float(v) == float(e[k]), "%s: %r became %r" % (k, v, e[k]))


@case
def bad_batch_on_line_57_is_refused():
    rows = list(csv.reader(open(H200)))
    rows[57][rows[0].index("batch")] = "-4"
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    before = count(db)
    p = run("import", bad, db=db)
    expect(p.returncode == 1, "exit status %d" % p.returncode)
    expect(p.stdout == "", "errors belong on stderr")
    expect(":58 (data row 57)" in p.stderr and "batch" in p.stderr, p.stderr)
    expect(count(db) == before, "the store changed")


@case
def list_json_is_keyed_by_schema_columns():
    p = run("list", "--json", "--model", "bert-base", "--precision", "fp16", db=db)
    rows = json.loads(p.stdout)
    expect(len(rows) > 0, "no rows")
    for r in rows:
        expect(list(r.keys())[:len(SCHEMA_COLUMNS)] == SCHEMA_COLUMNS, list(r.keys()))
        expect(r["model"] == "bert-base" and r["precision"] == "fp16", r)
        expect(isinstance(r["latency_ms"], float) or isinstance(r["latency_ms"], int), r)


@case
def list_filters_and_limit():
    p = run("list", "--json", "--hardware", "intel-xeon-8580-emr-16vcpu", db=db)
    expect(len(json.loads(p.stdout)) == 58, "58 CPU rows expected")
    p = run("list", "--json", "--limit", "3", db=db)
    expect(len(json.loads(p.stdout)) == 3, p.stdout)
    p = run("list", "--json", "--since", "2999-01-01", db=db)
    expect(json.loads(p.stdout) == [], p.stdout)
    p = run("list", "--since", "yesterday", db=db)
    expect(p.returncode == 1 and "ISO 8601" in p.stderr, p.stderr)


@case
def usage_errors_exit_2():
    for args in ([], ["frobnicate"], ["list", "--frobnicate"], ["import"],
                 ["catalog"], ["catalog", "gpus"], ["--frobnicate"]):
        p = run(*args, db=db)
        expect(p.returncode == 2, "%s: exit %d" % (args, p.returncode))
        expect(p.stderr != "" or args == [], "%s: no message" % args)


@case
def help_everywhere():
    for args in (["--help"], ["import", "--help"], ["export", "--help"], ["list", "--help"],
                 ["catalog", "--help"], ["demo", "--help"]):
        p = run(*args)
        expect(p.returncode == 0 and "Usage" in p.stdout, "%s: %s" % (args, p.stdout[:80]))


@case
def runtime_errors_exit_1():
    p = run("import", os.path.join(tmp, "missing.csv"), db=db)
    expect(p.returncode == 1 and "missing.csv" in p.stderr, p.stderr)
    p = run("export", "--format", "xml", db=db)
    expect(p.returncode == 1 and "xml" in p.stderr, p.stderr)
    junk = os.path.join(tmp, "junk.db")
    with open(junk, "w") as f:
        f.write("not a database at all, just text that is long enough")
    p = run("list", db=junk)
    expect(p.returncode == 1 and "junk.db" in p.stderr, p.stderr)


@case
def catalog_lists():
    p = run("catalog", "models", "--json")
    models = {m["id"]: m for m in json.loads(p.stdout)}
    expect("bert-base" in models and models["llama-8b"]["kv_heads"] == 8, "models")
    p = run("catalog", "hardware", "--json")
    hw = {h["id"]: h for h in json.loads(p.stdout)}
    expect(hw["nvidia-h200"]["peak_tflops"]["bf16"] > 500, hw["nvidia-h200"])
    expect("local" in hw and hw["webkitgtk-wasm"]["host"] == "local", "local host")
    p = run("catalog", "hardware")
    expect(p.returncode == 0 and "nvidia-h200" in p.stdout, p.stdout[:200])


@case
def demo_seeds_an_empty_store():
    fresh = os.path.join(tmp, "demo.db")
    p = run("demo", db=fresh)
    expect(p.returncode == 0, p.stderr)
    expect("Loaded" in p.stdout, p.stdout[:300])
    n = count(fresh)
    expect(n >= 346, "only %d rows" % n)
    p = run("demo", db=fresh)
    expect("Loaded" not in p.stdout and count(fresh) == n, "second demo reloaded")


print("1..%d" % len(results))
for i, (ok, name, message) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok:
        for line in message.splitlines():
            print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
