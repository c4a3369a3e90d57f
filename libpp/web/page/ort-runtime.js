// ort-runtime.js: runs a graph (graph.js) with onnxruntime-web.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import { makeInputValues } from './graph.js';
import { serialize, toHalf } from './onnx.js';

const VENDOR = new URL('../vendor/onnxruntime-web/dist/', import.meta.url).href;

// The WASM-only build is 14 MB of wasm; the full one (28 MB, JSEP) is
// needed only for the WebGPU and WebNN execution providers.
const BUILDS = { wasm: 'ort.wasm.min.mjs', webgpu: 'ort.min.mjs', webnn: 'ort.min.mjs' };

let ort = null;
let build = null;

// A one-node model whose session makes ORT compile its wasm now, so that
// the first measured session does not pay for it.
function identityModel () {
  const g = { nodes: [{ type: 'Identity', inputs: ['x'], outputs: ['y'], attrs: {} }] };
  g.tensors = new Map([['x', { kind: 'input', shape: [1], type: 'float32' }]]);
  g.inputs = ['x'];
  g.outputs = ['y'];
  return g;
}

export async function load (backend, threads) {
  const wanted = BUILDS[backend];
  if (!wanted)
    throw new Error(`onnxruntime-web has no ${backend} execution provider (use wasm, webgpu or webnn)`);
  if (ort && build !== wanted)
    throw new Error(`this page already runs ${build}; ${backend} needs ${wanted} in a fresh page`);
  if (!ort) {
    const module = await import(VENDOR + wanted);
    module.env.wasm.wasmPaths = VENDOR;
    module.env.wasm.numThreads = threads;
    module.env.wasm.proxy = false;
    module.env.logLevel = 'error';
    const session = await module.InferenceSession.create(serialize(identityModel(), 'fp32'),
      { executionProviders: [backend] });
    await session.release();
    ort = module;
    build = wanted;
  }
  return { runtime_version: ort.env.versions.web, threads: ort.env.wasm.numThreads };
}

function feedsOf (graph, precision, seed) {
  const feeds = {};
  graph.inputs.forEach((name, i) => {
    const t = graph.tensors.get(name);
    let values = makeInputValues(graph, name, seed + i);
    let type = t.type;
    if (type === 'float32' && precision === 'fp16') {
      values = Uint16Array.from(values, toHalf);
      type = 'float16';
    }
    feeds[name] = new ort.Tensor(type, values, t.shape);
  });
  return feeds;
}

// buildMs is the time spent generating the weights and the ONNX bytes,
// which a real application would spend downloading instead.
export async function open (graph, backend, precision, seed) {
  const start = performance.now();
  const bytes = serialize(graph, precision);
  const buildMs = performance.now() - start;
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  const feeds = feedsOf(graph, precision, seed);
  return {
    buildMs,
    async run () {
      const outputs = await session.run(feeds);
      for (const t of Object.values(outputs))
        t.dispose();
    },
    release () {
      return session.release();
    },
  };
}
