#!/usr/bin/env python3
# held-out-software.py STEP OFFSET: how well Perfcast predicts a device
# running software it was never measured with, on the public NVIDIA
# files. For each (device, framework) pair with 8 rows or more, on a
# device measured with other frameworks too, taking every STEP-th pair
# from OFFSET in sorted order: fit on every other row, predict the
# pair's rows, print the latency metrics per pair and overall.
# docs/ACCURACY.md quotes STEP 4 at OFFSET 0 and 2.
#
# Run from the source tree after building, e.g.
#   GI_TYPELIB_PATH=_build/libpp LD_LIBRARY_PATH=_build/libpp \
#   PERFCAST_DATA_DIR=data /usr/bin/python3 docs/scripts/held-out-software.py 4 0
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import collections
import json
import os
import sys

import gi
gi.require_version("Pp", "1")
from gi.repository import Gio, Pp  # noqa: E402


def main(step, offset):
    catalog = Pp.Catalog.new_default()
    datasets = os.path.join(os.environ.get("PERFCAST_DATA_DIR", "data"), "datasets")
    rows = []
    for name in ("fastertransformer.csv", "deeplearningexamples.csv"):
        loaded = Pp.Measurement.list_load(Gio.File.new_for_path(os.path.join(datasets, name)),
                                          Pp.FileFormat.CSV, None)
        rows += [loaded.get_item(i) for i in range(loaded.get_n_items())]

    def pair(m):
        return (m.get_hardware(), m.get_string(Pp.Column.FRAMEWORK))

    counts = collections.Counter(pair(m) for m in rows)
    frameworks = collections.defaultdict(set)
    for device, framework in counts:
        frameworks[device].add(framework)
    pairs = sorted(p for p, n in counts.items() if n >= 8 and len(frameworks[p[0]]) >= 2)

    total = []
    for device, framework in pairs[offset::step]:
        train = Gio.ListStore.new(Pp.Measurement)
        test = Gio.ListStore.new(Pp.Measurement)
        for m in rows:
            (test if pair(m) == (device, framework) else train).append(m)
        latency = json.loads(Pp.Validation.run(catalog, train, test, None).to_json())["latency"]
        if not latency["n"]:
            continue
        total.append(latency)
        print("%-34s %-28s n %3d  within 25%% %.2f  MAPE %.2f" %
              (device, framework, latency["n"], latency["within_25"], latency["mape"]), flush=True)

    n = sum(m["n"] for m in total)
    mean = {k: sum(m["n"] * m[k] for m in total) / n for k in ("within_25", "mape", "coverage_90")}
    print("all: %d rows, within 25%% %.3f, MAPE %.3f, coverage %.3f" %
          (n, mean["within_25"], mean["mape"], mean["coverage_90"]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
