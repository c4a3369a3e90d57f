#!/usr/bin/env python3
# sklearn-baseline.py FEATURES.csv: the replaced system's method on our
# features, for bench-predict. Trains scikit-learn's
# GradientBoostingRegressor (300 trees, depth 4, rate 0.05, as our
# ensembles) on the feature matrix, then prints two numbers: the median
# time of one single-row predict() in µs, and batch predictions per second.
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

    single = []
    for i in range(2000):
        row = x[i % len(x)].reshape(1, -1)
        start = time.perf_counter()
        model.predict(row)
        single.append((time.perf_counter() - start) * 1e6)

    start = time.perf_counter()
    for _ in range(10):
        model.predict(x)
    rate = 10 * len(x) / (time.perf_counter() - start)

    print("%.3f %.1f" % (statistics.median(single), rate))


if __name__ == "__main__":
    main(sys.argv[1])
