#!/usr/bin/env python3
"""Validate Perfcast's model and hardware catalogs.

Usage: python3 check-catalog.py CATALOG_DIR [SHARED_DATA_DIR]

CATALOG_DIR holds models.json and hardware.json. SHARED_DATA_DIR is the
shared measurement folder (the one with h200-torch-2026-11.csv and public/);
it defaults to ../../../shared/data relative to this script, i.e. the
shared/ checkout beside the project. When it is given and missing, that is an
error; when the default is missing, the data checks are skipped with a note.

Prints one line per problem and exits 1 if there is any, 0 otherwise.
Standard library only.

Allowed values (documented here, mirrored in the code below):
  model arch:      encoder decoder encoder-decoder dual-encoder cnn
                   + rnn (MLPerf RNN-T), recommender (DLRM), diffusion (SDXL)
  model modality:  text vision audio vision_text audio_text
                   + tabular (DLRM's dense + categorical features)
  ffn_kind:        gelu swiglu relu
  attention:       eager (scores computed explicitly; fused when absent)
  norm:            rmsnorm (written out in Python; one fused LayerNorm when absent)
  softmax:         fp32 (eager scores taken to fp32 for the softmax; model precision when absent)
  position:        rotary (rotary embeddings in every layer; none when absent)
  lm_head:         true or false (default: decoders have one, others not)
  hardware kind:   gpu cpu npu browser
  backend:         cuda rocm mps cpu webgpu webnn wasm webgl
  peak precisions: fp64 fp32 tf32 fp16 bf16 fp8 int8 int4 (int in TOPS)
  fp16_accumulate_tflops: the fp16 tensor peak with fp16 accumulate, where
                   it exceeds peak_tflops.fp16 (fp32 accumulate): GeForce

Alias matching: lower case, runs of spaces, underscores and dashes folded to
one '-'. Ids and aliases share one namespace and must be unique in it.
"""

import csv
import json
import os
import re
import sys

MODEL_ARCHS = {"encoder", "decoder", "encoder-decoder", "dual-encoder", "cnn",
               "rnn", "recommender", "diffusion"}
TRANSFORMER_ARCHS = {"encoder", "decoder", "encoder-decoder", "dual-encoder"}
MODALITIES = {"text", "vision", "audio", "vision_text", "audio_text", "tabular"}
FFN_KINDS = {"gelu", "swiglu", "relu"}
HW_KINDS = {"gpu", "cpu", "npu", "browser"}
BACKENDS = {"cuda", "rocm", "mps", "cpu", "webgpu", "webnn", "wasm", "webgl"}
BACKENDS_BY_KIND = {"gpu": {"cuda", "rocm", "mps"}, "cpu": {"cpu"},
                    "npu": {"cpu", "cuda", "rocm", "mps"},
                    "browser": {"webgpu", "webnn", "wasm", "webgl"}}
PRECISIONS = {"fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")

MODEL_NUMBERS = ["params_m", "layers", "encoder_layers", "decoder_layers", "hidden",
                 "heads", "kv_heads", "head_dim", "ffn", "vocab", "max_seq",
                 "default_seq", "image_size", "patch_size", "audio_seconds",
                 "frames_per_second", "gflops_per_item", "default_input_size", "blocks"]
MODEL_INTS = ["layers", "blocks", "encoder_layers", "decoder_layers", "hidden", "heads",
              "kv_heads", "head_dim", "ffn", "vocab", "max_seq", "default_seq",
              "image_size", "patch_size"]

# h200 CSV column -> catalog field, for the agreement check
H200_COLUMNS = ["params_m", "layers", "hidden", "heads", "kv_heads", "ffn", "vocab"]

# public columns whose values name hardware
HW_COLUMNS = ["accelerator", "host_cpu", "gpu", "device", "device_section", "gpu_name"]

# NVIDIA data-centre GPU names for the MLPerf must-map rule
DC_GPU_RE = re.compile(r"\b(A2|A10|A16|A30|A40|A100|H100|H200|GH200|L4|L40S?|T4|V100)\b", re.I)
NOT_DC_RE = re.compile(r"jetson|orin|xavier|geforce|\brtx\b|drive|nodes?:", re.I)
MIG_RE = re.compile(r"\bmig\b|\d+g\.\d+gb", re.I)

problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def norm(name):
    return re.sub(r"[\s_\-]+", "-", name.strip().lower())


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        problem(path, "file not found")
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        problem(path, "invalid JSON: %s" % e)
    return None


def check_common(where, e, names, list_key):
    """Id, name, aliases, sources; fills names (normalised -> owner)."""
    eid = e.get("id")
    if not isinstance(eid, str) or not ID_RE.match(eid):
        problem(where, "id %r must be a lower-case string of [a-z0-9.-]" % (eid,))
        eid = str(eid)
    if not isinstance(e.get("name"), str) or not e.get("name"):
        problem(eid, "name must be a non-empty string")
    aliases = e.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problem(eid, "aliases must be a list of non-empty strings")
        aliases = []
    for n in [eid] + aliases:
        key = norm(n)
        owner = names.get(key)
        if owner is not None:
            if owner == eid:
                problem(eid, "alias %r repeats a name of the same entry (normalised %r)" % (n, key))
            else:
                problem(eid, "alias %r (normalised %r) is also a name of %s" % (n, key, owner))
        else:
            names[key] = eid
    sources = e.get("sources")
    if not isinstance(sources, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                for k, v in sources.items()):
        problem(eid, "sources must be an object of field -> non-empty string")
        sources = {}
    if "notes" in e and not isinstance(e["notes"], str):
        problem(eid, "notes must be a string")
    return eid, sources


def numeric_paths(obj, prefix=""):
    """Yield (path, value) for every number below obj (lists included)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from numeric_paths(v, "%s.%s" % (prefix, k) if prefix else k)
    elif isinstance(obj, list):
        for v in obj:
            yield from numeric_paths(v, prefix)
    elif is_number(obj):
        yield prefix, obj


def has_source(sources, path):
    parts = path.split(".")
    return any(".".join(parts[:i]) in sources for i in range(1, len(parts) + 1))


def check_models(doc, path):
    names = {}
    ids = set()
    if not isinstance(doc, dict) or doc.get("schema") != 1:
        problem(path, "top level must be an object with \"schema\": 1")
        return names
    models = doc.get("models")
    if not isinstance(models, list) or not models:
        problem(path, "\"models\" must be a non-empty list")
        return names
    for i, m in enumerate(models):
        if not isinstance(m, dict):
            problem("%s models[%d]" % (path, i), "entry must be an object")
            continue
        eid, sources = check_common("%s models[%d]" % (path, i), m, names, "models")
        if eid in ids:
            problem(eid, "duplicate id")
        ids.add(eid)
        if not isinstance(m.get("family"), str) or not m.get("family"):
            problem(eid, "family must be a non-empty string")
        if m.get("modality") not in MODALITIES:
            problem(eid, "modality %r not in %s" % (m.get("modality"), sorted(MODALITIES)))
        arch = m.get("arch")
        if arch not in MODEL_ARCHS:
            problem(eid, "arch %r not in %s" % (arch, sorted(MODEL_ARCHS)))
        if m.get("ffn_kind") is not None and m.get("ffn_kind") not in FFN_KINDS:
            problem(eid, "ffn_kind %r not in %s" % (m.get("ffn_kind"), sorted(FFN_KINDS)))
        if "attention" in m and m["attention"] != "eager":
            problem(eid, "attention %r is not \"eager\" (leave it out for fused attention)" % (m["attention"],))
        if "attention" in m and "attention" not in m.get("sources", {}):
            problem(eid, "attention is set without a source saying why")
        # A tower (LLaVA's Llama) may repeat them; the model's source covers it.
        towers_of = [t for t in (m.get("towers") or {}).values() if isinstance(t, dict)]
        if "softmax" in m and m.get("attention") != "eager":
            problem(eid, "softmax is set but attention is not eager: fused attention has no scores")
        for field, allowed in (("norm", "rmsnorm"), ("position", "rotary"), ("softmax", "fp32")):
            for where, entry in [("", m)] + [("a tower's ", t) for t in towers_of]:
                if field in entry and entry[field] != allowed:
                    problem(eid, "%s%s %r is not \"%s\" (leave it out for the default)"
                            % (where, field, entry[field], allowed))
            if any(field in t for t in towers_of) and field not in m:
                problem(eid, "a tower sets %s but the model does not, so no source says why" % field)
            if field in m and field not in m.get("sources", {}):
                problem(eid, "%s is set without a source saying why" % field)
        if "lm_head" in m and not isinstance(m["lm_head"], bool):
            problem(eid, "lm_head %r is not true or false" % (m["lm_head"],))
        for k in MODEL_NUMBERS:
            v = m.get(k)
            if v is None:
                continue
            if not is_number(v) or v <= 0 and k not in ("encoder_layers", "decoder_layers"):
                problem(eid, "%s must be a positive number or null, not %r" % (k, v))
            elif v < 0:
                problem(eid, "%s must not be negative" % k)
            elif k in MODEL_INTS and not isinstance(v, int):
                problem(eid, "%s must be an integer, not %r" % (k, v))
        if "architecture" not in sources:
            problem(eid, "sources has no \"architecture\" key")
        for k in ("params_m", "gflops_per_item"):
            if m.get(k) is not None and k not in sources:
                problem(eid, "%s is set but sources has no %r key" % (k, k))
        towers = m.get("towers")
        if towers is not None:
            if not isinstance(towers, dict):
                problem(eid, "towers must be an object or null")
            else:
                for p, v in numeric_paths(towers, "towers"):
                    if p.endswith(".params_m") and not has_source(sources, p):
                        problem(eid, "%s has no source (key %r or \"towers\")" % (p, p))
        if arch in TRANSFORMER_ARCHS:
            for k in ("layers", "hidden", "heads", "kv_heads", "ffn"):
                if not isinstance(m.get(k), int):
                    problem(eid, "transformer needs integer %s" % k)
            L, enc, dec = m.get("layers"), m.get("encoder_layers"), m.get("decoder_layers")
            if not all(isinstance(x, int) for x in (L, enc, dec)):
                problem(eid, "transformer needs integer layers, encoder_layers and decoder_layers")
            elif enc + dec != L:
                problem(eid, "encoder_layers %d + decoder_layers %d != layers %d" % (enc, dec, L))
            h, kv, hd, d = m.get("heads"), m.get("kv_heads"), m.get("head_dim"), m.get("hidden")
            if isinstance(h, int) and isinstance(kv, int) and kv > 0:
                if h % kv:
                    problem(eid, "kv_heads %d does not divide heads %d" % (kv, h))
                if kv > h:
                    problem(eid, "kv_heads %d > heads %d" % (kv, h))
            if isinstance(h, int) and isinstance(hd, int) and isinstance(d, int) and h * hd != d:
                problem(eid, "heads %d x head_dim %d != hidden %d" % (h, hd, d))
            if arch == "encoder" and dec not in (0, None):
                problem(eid, "encoder-only model with decoder_layers %r" % dec)
            if arch == "decoder" and not dec:
                problem(eid, "decoder model with no decoder_layers")
        if arch == "dual-encoder" and not isinstance(towers, dict):
            problem(eid, "dual-encoder needs towers")
        ds, ms = m.get("default_seq"), m.get("max_seq")
        if is_number(ds) and is_number(ms) and ds > ms:
            problem(eid, "default_seq %s > max_seq %s" % (ds, ms))
    return names


def check_hardware(doc, path):
    names = {}
    ids = set()
    if not isinstance(doc, dict) or doc.get("schema") != 1:
        problem(path, "top level must be an object with \"schema\": 1")
        return names, {}
    hw = doc.get("hardware")
    if not isinstance(hw, list) or not hw:
        problem(path, "\"hardware\" must be a non-empty list")
        return names, {}
    by_id = {}
    for i, h in enumerate(hw):
        if not isinstance(h, dict):
            problem("%s hardware[%d]" % (path, i), "entry must be an object")
            continue
        eid, sources = check_common("%s hardware[%d]" % (path, i), h, names, "hardware")
        if eid in ids:
            problem(eid, "duplicate id")
        ids.add(eid)
        by_id[eid] = h
        kind, backend = h.get("kind"), h.get("backend")
        if kind not in HW_KINDS:
            problem(eid, "kind %r not in %s" % (kind, sorted(HW_KINDS)))
        if backend not in BACKENDS:
            problem(eid, "backend %r not in %s" % (backend, sorted(BACKENDS)))
        elif kind in BACKENDS_BY_KIND and backend not in BACKENDS_BY_KIND[kind]:
            problem(eid, "backend %r does not fit kind %r" % (backend, kind))
        if not isinstance(h.get("vendor"), str) or not h.get("vendor"):
            problem(eid, "vendor must be a non-empty string")
        peak = h.get("peak_tflops")
        if peak is not None:
            if not isinstance(peak, dict):
                problem(eid, "peak_tflops must be an object")
            else:
                for p, v in peak.items():
                    if p not in PRECISIONS:
                        problem(eid, "peak_tflops key %r not in %s" % (p, sorted(PRECISIONS)))
                    if not is_number(v) or v <= 0:
                        problem(eid, "peak_tflops.%s must be a positive number, not %r" % (p, v))
        acc = h.get("fp16_accumulate_tflops")
        if acc is not None and (not is_number(acc) or not isinstance(peak, dict) or
                                not is_number(peak.get("fp16")) or acc <= peak["fp16"]):
            problem(eid, "fp16_accumulate_tflops must be a number above peak_tflops.fp16, not %r" % (acc,))
        for k in ("memory_gb", "memory_bandwidth_gbs", "tdp_w", "base_clock_ghz", "boost_clock_ghz"):
            v = h.get(k)
            if v is not None and (not is_number(v) or v <= 0):
                problem(eid, "%s must be a positive number or null, not %r" % (k, v))
        for k in ("compute_units", "threads", "vcpus", "memory_channels", "memory_mts"):
            v = h.get(k)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v <= 0):
                problem(eid, "%s must be a positive integer or null, not %r" % (k, v))
        if h.get("compute_units") is not None and not isinstance(h.get("compute_unit_kind"), str):
            problem(eid, "compute_units needs compute_unit_kind")
        for p, v in numeric_paths({k: v for k, v in h.items() if k != "sources"}):
            if not has_source(sources, p):
                problem(eid, "%s = %r has no matching key in sources" % (p, v))
        if kind == "browser":
            if h.get("host") != "local":
                problem(eid, "browser device needs \"host\": \"local\"")
            if peak:
                problem(eid, "browser device must not carry peak numbers (it inherits the host's)")
        elif kind in ("gpu", "cpu", "npu") and h.get("host") is not None:
            problem(eid, "only browser devices have a host")
        is_mig = bool(h.get("mig_profile"))
        if is_mig and not isinstance(h.get("parent"), str):
            problem(eid, "MIG slice needs a parent id")
        for a in h.get("aliases", []) if isinstance(h.get("aliases"), list) else []:
            if isinstance(a, str) and MIG_RE.search(a) and not is_mig:
                problem(eid, "alias %r names a MIG slice but this entry is not one (set mig_profile)" % a)
    for eid, h in by_id.items():
        par = h.get("parent")
        if par is not None and par not in by_id:
            problem(eid, "parent %r is not a hardware id" % par)
    return names, by_id


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_data(data_dir, model_names, hw_names, models_by_id):
    pub = os.path.join(data_dir, "public")

    def resolve(names, s):
        return names.get(norm(s))

    must = []  # (where, spelling)
    # 1. MLPerf inference v2.0-v4.0 closed: accelerator strings with >= 50 rows naming an NVIDIA DC GPU
    mlperf = os.path.join(pub, "mlperf_inference_v2.0-v4.0_cm4mlperf.csv")
    rows = read_csv(mlperf)
    counts = {}
    for r in rows:
        if r.get("division") == "closed" and r.get("accelerator"):
            counts[r["accelerator"]] = counts.get(r["accelerator"], 0) + 1
    for acc, n in sorted(counts.items()):
        if n >= 50 and "nvidia" in acc.lower() and DC_GPU_RE.search(acc) and not NOT_DC_RE.search(acc):
            must.append(("mlperf closed accelerator (%d rows)" % n, acc))
    # every MLPerf benchmark_model must be a model
    bms = sorted({r["benchmark_model"] for r in rows if r.get("benchmark_model")})
    v5 = os.path.join(pub, "mlperf_inference_v5.0_gateoverflow_presubmission.csv")
    if os.path.exists(v5):
        bms = sorted(set(bms) | {r["benchmark_model"] for r in read_csv(v5) if r.get("benchmark_model")})
    for bm in bms:
        if resolve(model_names, bm) is None:
            problem("models.json", "MLPerf benchmark_model %r does not resolve to a model" % bm)
    # 2. every gpu value of FasterTransformer and DeepLearningExamples
    for fn in ("fastertransformer_docs_benchmarks.csv", "nvidia_deeplearningexamples_inference.csv"):
        for g in sorted({r["gpu"] for r in read_csv(os.path.join(pub, fn)) if r.get("gpu")}):
            must.append((fn + " gpu", g))
    # 3. both hardware names of the H200 data
    h200 = read_csv(os.path.join(data_dir, "h200-torch-2026-11.csv"))
    for hname in sorted({r["hardware"] for r in h200 if r.get("hardware")}):
        must.append(("h200-torch-2026-11.csv hardware", hname))
    for where, s in must:
        if resolve(hw_names, s) is None:
            problem("hardware.json", "must-map spelling %r (%s) does not resolve" % (s, where))

    # the H200 data's model columns must agree with the catalog
    seen = set()
    for r in h200:
        name = r.get("model")
        if not name or name in seen:
            continue
        seen.add(name)
        mid = resolve(model_names, name)
        if mid is None:
            problem("models.json", "h200-torch-2026-11.csv model %r does not resolve" % name)
            continue
        m = models_by_id[mid]
        for col in H200_COLUMNS:
            cell = (r.get(col) or "").strip()
            ours = m.get(col)
            if cell == "":
                continue
            if ours is None:
                problem(mid, "%s missing; h200 data says %s" % (col, cell))
            elif abs(float(cell) - float(ours)) > (0.011 if col == "params_m" else 0):
                problem(mid, "%s = %s but h200 data says %s" % (col, ours, cell))

    # report (not fail) how many hardware spellings in the public data resolve
    total = hit = 0
    for fn in sorted(os.listdir(pub)):
        if not fn.endswith(".csv"):
            continue
        rows = read_csv(os.path.join(pub, fn))
        if not rows:
            continue
        for col in HW_COLUMNS:
            if col not in rows[0]:
                continue
            for s in {r[col] for r in rows if r.get(col)}:
                total += 1
                hit += resolve(hw_names, s) is not None
    return len(must), hit, total


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    cat = argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    data_dir = argv[2] if len(argv) == 3 else os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "data"))
    mpath, hpath = os.path.join(cat, "models.json"), os.path.join(cat, "hardware.json")
    mdoc, hdoc = load_json(mpath), load_json(hpath)
    model_names = check_models(mdoc, mpath) if mdoc is not None else {}
    hw_names, _ = check_hardware(hdoc, hpath) if hdoc is not None else ({}, {})
    models_by_id = {m["id"]: m for m in (mdoc or {}).get("models", []) if isinstance(m, dict) and "id" in m} \
        if isinstance(mdoc, dict) else {}
    def well_formed(doc, key):
        return isinstance(doc, dict) and doc.get("schema") == 1 and isinstance(doc.get(key), list) \
            and all(isinstance(e, dict) for e in doc[key])

    summary = ""
    have_data = os.path.isdir(data_dir) and os.path.isdir(os.path.join(data_dir, "public"))
    if not have_data:
        if len(argv) == 3:
            problem(data_dir, "shared data folder not found")
        else:
            summary = "; shared data not found at %s, data checks skipped" % data_dir
    elif not (well_formed(mdoc, "models") and well_formed(hdoc, "hardware")):
        print("check-catalog: catalogs malformed; shared-data checks not run", file=sys.stderr)
    else:
        try:
            n_must, hit, total = check_data(data_dir, model_names, hw_names, models_by_id)
            summary = "; %d must-map spellings checked; %d of %d public hardware spellings resolve" % (n_must, hit, total)
        except (OSError, KeyError, ValueError, csv.Error) as e:
            problem(data_dir, "cannot read shared data: %s" % e)
    for p in problems:
        print(p)
    if problems:
        print("check-catalog: %d problem(s)" % len(problems), file=sys.stderr)
        return 1
    n_m = len(mdoc["models"])
    n_h = len(hdoc["hardware"])
    n_a = sum(len(e.get("aliases", [])) for e in mdoc["models"] + hdoc["hardware"])
    print("check-catalog: OK: %d models, %d hardware entries, %d aliases%s" % (n_m, n_h, n_a, summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
