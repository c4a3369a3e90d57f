#!/usr/bin/env python3
# llamacpp-heldout.py SHARED_CSV OUT_CSV: the llama.cpp measurements of
# ../shared/data/public/llamacpp_llama3_gpu_apple_xdai.csv (XiongjieDai,
# GPU-Benchmarks-on-LLM-Inference, May 2024; see public/SOURCES.md) in
# the measurement format, for `perfcast-cli validate --test`. They are
# not bundled: the source states no licence. Perfcast is never fitted on
# them, so they test it on another framework (llama.cpp), other devices
# (GeForce and workstation GPUs, Apple silicon through Metal) and 4-bit
# weights; docs/ACCURACY.md says which change was made after looking.
#
# Kept: one GPU per run (layer split over several is another workload),
# runs that fit in memory. Each row becomes:
# - tg N (llama-bench generates N tokens one by one from an empty
#   context): decode, batch 1, at the mean context N/2; latency is one
#   token's time, 1000 / (tokens/s);
# - pp N (one prompt of N tokens): prefill, batch 1, sequence N; latency
#   is the prompt's time, 1000 N / (tokens/s).
# Q4_K_M becomes int4 and F16 fp16. Q4_K_M stores about 4.9 bits a
# weight (llama.cpp reports 4.58 GiB for Llama 3 8B's 8.03 B), so its
# weights are read 0.6/0.5 = 1.2x faster in the roofline than they are.
#
# Run from the source tree after building, e.g.
#   python3 docs/scripts/llamacpp-heldout.py \
#     ../shared/data/public/llamacpp_llama3_gpu_apple_xdai.csv /tmp/llamacpp.csv
#   ./_build/app/perfcast-cli validate --json --rows /tmp/llamacpp-rows.csv \
#     --train data/datasets/h200-torch-2026-11.csv ... --test /tmp/llamacpp.csv
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import csv
import json
import os
import re
import sys

MODELS = {"Meta-Llama-3-8B": "llama-8b", "Meta-Llama-3-70B": "llama-3-70b"}
PRECISIONS = {"Q4_K_M": "int4", "F16": "fp16"}
PHASES = {"text_generation": "decode", "prompt_processing": "prefill"}
COLUMNS = ["source", "model", "hardware", "framework", "accelerators", "precision", "batch",
           "seq_len", "phase", "latency_ms", "tokens_per_s", "throughput_items_per_s"]


def normalise(name):
    return re.sub(r"[\s_-]+", "-", name.strip().lower())


def hardware_ids(catalog_dir):
    with open(os.path.join(catalog_dir, "hardware.json")) as f:
        data = json.load(f)
    entries = data if isinstance(data, list) else data.get("hardware", [])
    ids = {}
    for entry in entries:
        for name in [entry["id"], entry.get("name", "")] + entry.get("aliases", []):
            ids.setdefault(normalise(name), entry["id"])
    return ids


def main(source, out):
    ids = hardware_ids(os.path.join(os.path.dirname(__file__), "..", "..", "data", "catalog"))
    written, unknown = 0, set()
    with open(source, newline="") as f, open(out, "w", newline="") as g:
        writer = csv.DictWriter(g, COLUMNS)
        writer.writeheader()
        for row in csv.DictReader(f):
            if row["gpu_count"] != "1" or row["oom"] == "1" or not row["throughput_tokens_per_s"]:
                continue
            hardware = ids.get(normalise(row["gpu"]))
            if hardware is None:
                unknown.add(row["gpu"])
                continue
            tokens = int(row["n_tokens"])
            rate = float(row["throughput_tokens_per_s"])
            phase = PHASES[row["phase"]]
            latency = 1000 / rate if phase == "decode" else 1000 * tokens / rate
            writer.writerow({
                "source": "llamacpp-xdai-2024-05",
                "model": MODELS[row["model"]],
                "hardware": hardware,
                "framework": row["backend"],
                "accelerators": 1,
                "precision": PRECISIONS[row["quantization"]],
                "batch": 1,
                "seq_len": tokens // 2 if phase == "decode" else tokens,
                "phase": phase,
                "latency_ms": "%.6g" % latency,
                "tokens_per_s": row["throughput_tokens_per_s"],
                "throughput_items_per_s": "%.6g" % (1000 / latency),
            })
            written += 1
    print("%d rows written; GPUs not in the catalog: %s" % (written, ", ".join(sorted(unknown)) or "none"),
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
