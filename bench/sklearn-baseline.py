#!/usr/bin/env python3
# sklearn-baseline.py FEATURES.csv: the replaced system's method on our
# features, for bench-predict. Trains scikit-learn's
# GradientBoostingRegressor (300 trees, depth 4, rate 0.05, as our
# ensembles) on the feature matrix, prints "ready", then answers one
# request a line on standard input, so that bench-predict can time it in
# slices between its own:
#
#   single N   the median time of N single-row predict() calls, in µs
#   batch      predictions per second of one vectorised predict() of
#              the whole matrix
#
# and stops at the end of its input.
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import statistics
import sys
import time

import numpy as np
from sklearn.ensemble import GradientBoostingRegressor


def main(path):
    data = np.loadtxt(path, delimiter=",")
    x, y = np.nan_to_num(data[:, :-1], nan=-1e9), data[:, -1]
    model = GradientBoostingRegressor(n_estimators=300, max_depth=4, learning_rate=0.05,
                                      random_state=0).fit(x, y)
    rows = [x[i].reshape(1, -1) for i in range(len(x))]
    next_row = 0

    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["single"] and len(words) == 2:
            single = []
            for _ in range(int(words[1])):
                row = rows[next_row]
                next_row = (next_row + 1) % len(rows)
                start = time.perf_counter()
                model.predict(row)
                single.append((time.perf_counter() - start) * 1e6)
            print("%.3f" % statistics.median(single), flush=True)
        elif words == ["batch"]:
            start = time.perf_counter()
            model.predict(x)
            print("%.1f" % (len(x) / (time.perf_counter() - start)), flush=True)
        else:
            sys.exit("sklearn-baseline.py: unknown request %r" % line.strip())


if __name__ == "__main__":
    main(sys.argv[1])
