// runner.js: the page side of libpp-web's pooled views.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// Perfcast calls window.perfcast.call(method, json) and gets JSON back;
// it times each `step` itself, since performance.now() is coarsened to
// 1 ms in a page that is not cross-origin isolated. A page serves one job
// at a time: `plan` builds the graphs of a workload, `open` creates the
// session of one phase, `step` runs it once, `close` frees it.

import { detect } from './capabilities.js';
import { diagnose } from './diagnostics.js';
import { send } from './host.js';
import { buildModel } from './models.js';
import * as ortRuntime from './ort-runtime.js';
import * as tfjsRuntime from './tfjs-runtime.js';

const PROTOCOL = 1;
const RUNTIMES = { ort: ortRuntime, tfjs: tfjsRuntime };

let current = null;   // the planned workload
let session = null;   // the open phase

function runtimeOf (name) {
  const runtime = RUNTIMES[name];
  if (!runtime)
    throw new Error(`unknown runtime ${name}`);
  return runtime;
}

async function load ({ runtime, backend, threads }) {
  const start = performance.now();
  const info = await runtimeOf(runtime).load(backend, threads);
  return { ...info, load_ms: performance.now() - start };
}

function graphText (model, built) {
  const p = built.plan;
  const layers = p.encoderLayers !== undefined ? `${p.encoderLayers}+${p.decoderLayers}` : `${p.layers}`;
  const note = model.arch === 'dual-encoder' ? '; vision and text towers at their own widths' : '';
  return `${model.family} ${model.arch}, ${layers} layers of ${built.full.layers}${note}`;
}

function describe (model, built) {
  const params = Math.max(...built.phases.map((p) => p.graph.nParams));
  return {
    phases: built.phases.map((p) => ({
      phase: p.phase,
      seq_len: p.seqLen ?? 0,
      input_size: p.inputSize ?? 0,
      tokens_per_item: p.tokensPerItem ?? 0,
    })),
    layers: built.plan.layers,
    full_layers: built.full.layers,
    reduced: built.reduced,
    params,
    graph: graphText(model, built),
  };
}

async function closeSession () {
  if (session)
    await session.release();
  session = null;
}

async function plan ({ model, workload }) {
  await closeSession();
  current = { model, workload, built: buildModel(model, workload) };
  return describe(model, current.built);
}

async function open ({ runtime, backend, phase }) {
  await closeSession();
  const p = current?.built.phases[phase];
  if (!p)
    throw new Error(`no planned phase ${phase}`);
  send({ type: 'progress', stage: 'session', phase: p.phase });
  const start = performance.now();
  session = await runtimeOf(runtime).open(p.graph, backend, current.workload.precision, current.workload.seed);
  const total = performance.now() - start;
  return { session_ms: total - session.buildMs, build_ms: session.buildMs, params: p.graph.nParams };
}

async function step () {
  await session.run();
  return {};
}

const METHODS = {
  capabilities: detect,
  load,
  plan,
  describe: ({ model, workload }) => describe(model, buildModel(model, workload)),
  open,
  step,
  close: closeSession,
  diagnose: ({ action }) => diagnose(action),
};

window.perfcast = Object.freeze({
  async call (method, json) {
    if (!Object.hasOwn(METHODS, method))
      throw new Error(`unknown method ${method}`);
    return JSON.stringify((await METHODS[method](JSON.parse(json))) ?? {});
  },
});

window.addEventListener('error', (event) => {
  send({ type: 'log', level: 'warning', text: `${event.message} (${event.filename}:${event.lineno})` });
});

send({ type: 'ready', protocol: PROTOCOL });
