// graph.js: a small tensor-graph IR shared by the ONNX and TensorFlow.js
// back ends, with seeded random weights.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// Weights are described here and only materialised by a back end (straight
// into the ONNX buffer, or into tf tensors), so that a model of several
// hundred MB is never held twice and describe() costs nothing.

// mulberry32: tiny, fast and good enough for weights; seeded so that a run
// can be repeated exactly and both runtimes see the same numbers.
export function mulberry32 (seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sizeOf (shape) {
  return shape.reduce((a, b) => a * b, 1);
}

export class Graph {
  constructor (seed) {
    this.seed = seed >>> 0;
    this.nodes = [];
    this.inputs = [];
    this.outputs = [];
    this.tensors = new Map();   // name -> { kind, shape, type, init, scale, values }
    this.nParams = 0;
    this.counter = 0;
  }

  fresh (prefix) {
    return `${prefix}${this.counter++}`;
  }

  input (name, shape, type = 'float32', range = 0) {
    this.tensors.set(name, { kind: 'input', shape, type, range });
    this.inputs.push(name);
    return name;
  }

  // A trainable parameter: uniform in ±sqrt(3/fanIn), which keeps
  // activations of unit scale through deep stacks (no NaN or denormals
  // that would change the speed being measured).
  weight (shape, fanIn, init = 'uniform') {
    const name = this.fresh('w');
    const scale = Math.sqrt(3 / Math.max(1, fanIn));
    this.tensors.set(name, { kind: 'weight', shape, type: 'float32', init, scale, index: this.counter });
    this.nParams += sizeOf(shape);
    return name;
  }

  // Constants are not parameters: shapes, masks, rotary tables.
  constant (shape, type, values) {
    const name = this.fresh('c');
    this.tensors.set(name, { kind: 'constant', shape, type, values });
    return name;
  }

  scalar (value) {
    return this.constant([], 'float32', [value]);
  }

  op (type, inputs, attrs = {}, nOutputs = 1) {
    const outputs = [];
    for (let i = 0; i < nOutputs; i++)
      outputs.push(this.fresh('t'));
    this.nodes.push({ type, inputs, outputs, attrs });
    return nOutputs === 1 ? outputs[0] : outputs;
  }

  output (name) {
    this.outputs.push(name);
    return name;
  }

  // Fills @out (a Float32Array) with the values of weight @name.
  fillWeight (name, out) {
    const t = this.tensors.get(name);
    if (t.init === 'ones')
      return out.fill(1);
    if (t.init === 'zeros')
      return out.fill(0);
    const rand = mulberry32(this.seed ^ Math.imul(t.index, 0x9e3779b1));
    for (let i = 0; i < out.length; i++)
      out[i] = (rand() * 2 - 1) * t.scale;
    return out;
  }
}

// Random values for one of the graph's inputs, from a seed: token ids
// below the input's `range`, everything else uniform in [-1, 1).
export function makeInputValues (graph, name, seed) {
  const t = graph.tensors.get(name);
  const n = sizeOf(t.shape);
  const rand = mulberry32(seed);
  if (t.type === 'int32') {
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++)
      v[i] = Math.floor(rand() * t.range);
    return v;
  }
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++)
    v[i] = rand() * 2 - 1;
  return v;
}
