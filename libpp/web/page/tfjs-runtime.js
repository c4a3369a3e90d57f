// tfjs-runtime.js: runs a graph (graph.js) with TensorFlow.js.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// TensorFlow.js has no ONNX importer, so the graph is interpreted op by op
// with tf ops. Its convolutions only take channels-last tensors on the
// wasm backend, while the graph is channels-first (ONNX): tensors produced
// by convolutions stay channels-last for as long as only element-wise ops
// follow, so a CNN pays one transpose at each end, not one per layer.

import { sizeOf, makeInputValues } from './graph.js';

const VENDOR = new URL('../vendor/@tensorflow/', import.meta.url).href;
const SCRIPTS = {
  core: 'tfjs-core/dist/tf-core.min.js',
  cpu: 'tfjs-backend-cpu/dist/tf-backend-cpu.min.js',
  webgl: 'tfjs-backend-webgl/dist/tf-backend-webgl.min.js',
  wasm: 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js',
  webgpu: 'tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js',
};
const BACKENDS = ['wasm', 'webgl', 'cpu', 'webgpu'];
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Erf', 'Relu', 'Sigmoid', 'Tanh', 'Neg', 'Sqrt']);

let tf = null;
const loaded = new Set();

function loadScript (path) {
  if (loaded.has(path))
    return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = VENDOR + path;
    script.onload = () => { loaded.add(path); resolve(); };
    script.onerror = () => reject(new Error(`could not load ${path} from the runner's scheme`));
    document.head.append(script);
  });
}

export async function load (backend, threads) {
  if (!BACKENDS.includes(backend))
    throw new Error(`TensorFlow.js has no ${backend} backend (use ${BACKENDS.join(', ')})`);
  await loadScript(SCRIPTS.core);
  await loadScript(SCRIPTS.cpu);
  tf = window.tf;
  if (backend !== 'cpu')
    await loadScript(SCRIPTS[backend]);
  if (backend === 'wasm' && !loaded.has('wasm-configured')) {
    tf.wasm.setWasmPaths(VENDOR + 'tfjs-backend-wasm/dist/');
    tf.wasm.setThreadsCount(threads);
    loaded.add('wasm-configured');
  }
  if (!(await tf.setBackend(backend)))
    throw new Error(`TensorFlow.js could not start its ${backend} backend in this engine`);
  await tf.ready();
  return {
    runtime_version: tf.version_core,
    threads: backend === 'wasm' ? tf.wasm.getThreadsCount() : 1,
  };
}

// Values of a tensor in the interpreter: the tf tensor and whether it is
// stored channels-last while the graph means channels-first.
class Values {
  constructor () {
    this.map = new Map();
    this.last = new Set();
  }

  set (name, tensor, channelsLast = false) {
    this.map.set(name, tensor);
    if (channelsLast)
      this.last.add(name);
  }

  isLast (name) {
    return this.last.has(name);
  }

  first (name) {
    const t = this.map.get(name);
    if (!this.last.has(name))
      return t;
    return tf.transpose(t, t.rank === 4 ? [0, 3, 1, 2] : [0, 2, 1]);
  }

  channelsLast (name) {
    const t = this.map.get(name);
    if (this.last.has(name))
      return t;
    return tf.transpose(t, t.rank === 4 ? [0, 2, 3, 1] : [0, 2, 1]);
  }
}

function constValues (graph, name) {
  return graph.tensors.get(name).values;
}

function layerNorm (x, gamma, beta, eps) {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

function slice (x, starts, ends, axes) {
  const begin = new Array(x.rank).fill(0);
  const size = [...x.shape];
  axes.forEach((axis, i) => {
    begin[axis] = starts[i];
    size[axis] = Math.min(ends[i], x.shape[axis]) - starts[i];
  });
  return tf.slice(x, begin, size);
}

function matMul (a, b) {
  if (a.rank > 2 && b.rank === 2) {
    const flat = tf.reshape(a, [-1, a.shape[a.rank - 1]]);
    return tf.reshape(tf.matMul(flat, b), [...a.shape.slice(0, -1), b.shape[1]]);
  }
  return tf.matMul(a, b);
}

// The filter is laid out for tf once, when the graph is opened.
function conv (x, filter, bias, attrs) {
  const pad = attrs.pads[0];
  const group = attrs.group ?? 1;
  // tf.conv1d pads its hidden height axis too when given a number, so
  // 1-D inputs are padded explicitly.
  const run = (input, f) => filter.rank === 4
    ? tf.conv2d(input, f, attrs.strides, pad)
    : tf.conv1d(tf.pad(input, [[0, 0], [pad, pad], [0, 0]]), f, attrs.strides[0], 'valid');
  let y;
  if (group === 1) {
    y = run(x, filter);
  } else {
    const xs = tf.split(x, group, x.rank - 1);
    const fs = tf.split(filter, group, filter.rank - 1);
    y = tf.concat(xs.map((xi, i) => run(xi, fs[i])), x.rank - 1);
  }
  return bias ? tf.add(y, bias) : y;
}

const CHANNELS_LAST = new Set(['Conv', 'MaxPool', 'GlobalAveragePool', 'InstanceNormalization']);

function channelsLastOp (node, v, c) {
  if (!CHANNELS_LAST.has(node.type))
    return null;
  const x = v.channelsLast(node.inputs[0]);
  const a = node.attrs;
  switch (node.type) {
    case 'Conv':
      return conv(x, c.get(`${node.inputs[1]}:tf`), node.inputs[2] ? v.map.get(node.inputs[2]) : null, a);
    case 'MaxPool':
      return tf.maxPool(x, a.kernel_shape, a.strides, a.pads[0]);
    case 'GlobalAveragePool':
      return tf.mean(x, x.rank === 4 ? [1, 2] : [1], true);
    case 'InstanceNormalization': {
      const { mean, variance } = tf.moments(x, 1, true);
      const n = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
      return tf.add(tf.mul(n, v.map.get(node.inputs[1])), v.map.get(node.inputs[2]));
    }
    default:
      throw new Error(`${node.type} has no channels-last form`);
  }
}

function elementwise (type, xs) {
  switch (type) {
    case 'Add': return tf.add(xs[0], xs[1]);
    case 'Sub': return tf.sub(xs[0], xs[1]);
    case 'Mul': return tf.mul(xs[0], xs[1]);
    case 'Div': return tf.div(xs[0], xs[1]);
    case 'Erf': return tf.erf(xs[0]);
    case 'Relu': return tf.relu(xs[0]);
    case 'Sigmoid': return tf.sigmoid(xs[0]);
    case 'Tanh': return tf.tanh(xs[0]);
    case 'Neg': return tf.neg(xs[0]);
    case 'Sqrt': return tf.sqrt(xs[0]);
    default: throw new Error(`unknown element-wise op ${type}`);
  }
}

function logicalOp (node, v, graph) {
  const x = (i) => v.first(node.inputs[i]);
  const a = node.attrs;
  switch (node.type) {
    case 'MatMul': return matMul(x(0), x(1));
    case 'Softmax': return tf.softmax(x(0));
    case 'Transpose': return tf.transpose(x(0), a.perm);
    case 'Reshape': return tf.reshape(x(0), constValues(graph, node.inputs[1]));
    case 'Concat': return tf.concat(node.inputs.map((_, i) => x(i)), a.axis);
    case 'Split': return tf.split(x(0), 2, a.axis);
    case 'Gather': return tf.gather(x(0), x(1), a.axis);
    case 'ReduceMean': return tf.mean(x(0), a.axes, a.keepdims === 1);
    case 'LayerNormalization': return layerNorm(x(0), x(1), x(2), a.epsilon);
    case 'Expand': return tf.broadcastTo(x(0), constValues(graph, node.inputs[1]));
    case 'Slice': return slice(x(0), ...[1, 2, 3].map((i) => constValues(graph, node.inputs[i])));
    default: return elementwise(node.type, node.inputs.map((_, i) => x(i)));
  }
}

function keepsChannelsLast (node, v, graph) {
  if (!ELEMENTWISE.has(node.type))
    return false;
  const scalar = (name) => graph.tensors.get(name)?.shape.length === 0;
  return node.inputs.some((n) => v.isLast(n)) && node.inputs.every((n) => v.isLast(n) || scalar(n));
}

function execute (node, v, graph, cache) {
  let out = channelsLastOp(node, v, cache);
  let last = out !== null;
  if (out === null && keepsChannelsLast(node, v, graph)) {
    out = elementwise(node.type, node.inputs.map((n) => v.map.get(n)));
    last = true;
  }
  if (out === null)
    out = logicalOp(node, v, graph);
  const outs = Array.isArray(out) ? out : [out];
  node.outputs.forEach((name, i) => v.set(name, outs[i], last));
}

function makeTensor (graph, name, timing) {
  const t = graph.tensors.get(name);
  if (t.kind !== 'weight')
    return tf.tensor(t.values, t.shape, t.type === 'float32' ? 'float32' : 'int32');
  const start = performance.now();
  const values = graph.fillWeight(name, new Float32Array(sizeOf(t.shape)));
  timing.buildMs += performance.now() - start;
  return tf.tensor(values, t.shape);
}

function prepareFilters (graph, v, cache) {
  for (const node of graph.nodes) {
    if (node.type !== 'Conv')
      continue;
    const w = v.map.get(node.inputs[1]);
    cache.set(`${node.inputs[1]}:tf`, tf.transpose(w, w.rank === 4 ? [2, 3, 1, 0] : [2, 1, 0]));
  }
}

// Nodes whose inputs are all weights or constants (a tied embedding's
// transpose) are computed once here, as ORT's constant folding does.
function foldConstants (graph, v, cache) {
  const folded = new Set();
  for (const node of graph.nodes) {
    if (node.inputs.every((n) => v.map.has(n))) {
      execute(node, v, graph, cache);
      folded.add(node);
    }
  }
  return graph.nodes.filter((n) => !folded.has(n));
}

export async function open (graph, backend, precision, seed) {
  if (precision !== 'fp32')
    throw new Error(`TensorFlow.js runs ${precision} on none of its backends here; use --precision fp32`);
  await tf.setBackend(backend);
  const persistent = new Values();
  const cache = new Map();
  const timing = { buildMs: 0 };
  for (const [name, t] of graph.tensors) {
    if (t.kind !== 'input')
      persistent.set(name, makeTensor(graph, name, timing));
  }
  prepareFilters(graph, persistent, cache);
  const nodes = foldConstants(graph, persistent, cache);
  const feeds = graph.inputs.map((name, i) => {
    const t = graph.tensors.get(name);
    return [name, tf.tensor(makeInputValues(graph, name, seed + i), t.shape, t.type === 'int32' ? 'int32' : 'float32')];
  });
  return {
    buildMs: timing.buildMs,
    async run () {
      const outs = tf.tidy(() => {
        const v = new Values();
        persistent.map.forEach((t, n) => v.set(n, t, persistent.isLast(n)));
        feeds.forEach(([n, t]) => v.set(n, t));
        nodes.forEach((node) => execute(node, v, graph, cache));
        return graph.outputs.map((n) => v.first(n));
      });
      await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
    },
    release () {
      tf.dispose([...persistent.map.values(), ...cache.values(), ...feeds.map(([, t]) => t)]);
    },
  };
}
