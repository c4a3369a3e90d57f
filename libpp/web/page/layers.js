// layers.js: transformer and convolution building blocks on the graph IR.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// Every tensor shape is static: a graph is built for one batch size and
// one sequence length, which keeps Reshape shapes constant and lets the
// runtimes plan memory once.

// Large enough to zero a softmax term in fp32, and rounds to -inf in fp16,
// where softmax still works because every row keeps its diagonal.
const MASKED = -1e9;

export function shapeConst (g, shape) {
  return g.constant([shape.length], 'int64', shape);
}

export function linear (g, x, dIn, dOut, bias) {
  const y = g.op('MatMul', [x, g.weight([dIn, dOut], dIn)]);
  return bias ? g.op('Add', [y, g.weight([dOut], dIn)]) : y;
}

function rmsNorm (g, x, d) {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(1e-6)])]);
  return g.op('Mul', [g.op('Div', [x, rms]), g.weight([d], d, 'ones')]);
}

export function norm (g, x, d, style) {
  if (style.norm === 'rms')
    return rmsNorm(g, x, d);
  return g.op('LayerNormalization', [x, g.weight([d], d, 'ones'), g.weight([d], d, 'zeros')],
    { axis: -1, epsilon: 1e-5 });
}

// The exact (erf) GELU; ORT fuses the pattern into one kernel.
export function gelu (g, x) {
  const inner = g.op('Add', [g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])]), g.scalar(1)]);
  return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), inner]);
}

function silu (g, x) {
  return g.op('Mul', [x, g.op('Sigmoid', [x])]);
}

export function feedForward (g, x, d, f, style) {
  if (style.act === 'swiglu') {
    const gate = silu(g, linear(g, x, d, f, false));
    return linear(g, g.op('Mul', [gate, linear(g, x, d, f, false)]), f, d, false);
  }
  const h = linear(g, x, d, f, style.bias);
  return linear(g, style.act === 'relu' ? g.op('Relu', [h]) : gelu(g, h), f, d, style.bias);
}

function splitHeads (g, x, b, s, heads, headDim) {
  const r = g.op('Reshape', [x, shapeConst(g, [b, s, heads, headDim])]);
  return g.op('Transpose', [r], { perm: [0, 2, 1, 3] });
}

function mergeHeads (g, x, b, s, heads, headDim) {
  const t = g.op('Transpose', [x], { perm: [0, 2, 1, 3] });
  return g.op('Reshape', [t, shapeConst(g, [b, s, heads * headDim])]);
}

// cos and sin tables of rotary embeddings for positions @start…@start+s-1,
// laid out as Hugging Face's LLaMA does (two halves, same frequencies).
export function rotaryTables (g, start, s, headDim) {
  const cos = [];
  const sin = [];
  for (let p = start; p < start + s; p++) {
    for (let i = 0; i < headDim; i++) {
      const freq = Math.pow(10000, -(2 * (i % (headDim / 2))) / headDim);
      cos.push(Math.cos(p * freq));
      sin.push(Math.sin(p * freq));
    }
  }
  return { cos: g.constant([s, headDim], 'float32', cos), sin: g.constant([s, headDim], 'float32', sin) };
}

function rotate (g, x, rope) {
  const [x1, x2] = g.op('Split', [x], { axis: -1 }, 2);
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 });
  return g.op('Add', [g.op('Mul', [x, rope.cos]), g.op('Mul', [rotated, rope.sin])]);
}

// A causal mask for @s queries over @t keys (the last @s of them), its
// rows repeated @rep times for grouped-query attention.
export function causalMask (g, s, t, rep) {
  const values = [];
  for (let r = 0; r < rep * s; r++) {
    const query = (r % s) + (t - s);
    for (let c = 0; c < t; c++)
      values.push(c > query ? MASKED : 0);
  }
  return g.constant([rep * s, t], 'float32', values);
}

// softmax(q kᵀ / √d) v with grouped-query attention done by folding the
// query heads that share a key head into the sequence axis (no copies of
// keys or values).
function attend (g, q, k, v, a) {
  const rep = a.heads / a.kvHeads;
  let query = q;
  if (rep > 1)
    query = g.op('Reshape', [q, shapeConst(g, [a.b, a.kvHeads, rep * a.s, a.headDim])]);
  const keysT = g.op('Transpose', [k], { perm: [0, 1, 3, 2] });
  let scores = g.op('Mul', [g.op('MatMul', [query, keysT]), g.scalar(1 / Math.sqrt(a.headDim))]);
  if (a.mask)
    scores = g.op('Add', [scores, a.mask]);
  const out = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
  return rep > 1 ? g.op('Reshape', [out, shapeConst(g, [a.b, a.heads, a.s, a.headDim])]) : out;
}

// Self-attention when @memory is null, cross-attention over @memory
// (length a.t) otherwise. With a.past, the new keys and values are
// appended to the cache and returned as present.
export function attention (g, x, memory, a) {
  const src = memory ?? x;
  const t = memory ? a.t : a.s;
  let q = splitHeads(g, linear(g, x, a.d, a.heads * a.headDim, a.bias), a.b, a.s, a.heads, a.headDim);
  let k = splitHeads(g, linear(g, src, a.d, a.kvHeads * a.headDim, a.bias), a.b, t, a.kvHeads, a.headDim);
  let v = splitHeads(g, linear(g, src, a.d, a.kvHeads * a.headDim, a.bias), a.b, t, a.kvHeads, a.headDim);
  if (a.rope) {
    q = rotate(g, q, a.rope);
    k = rotate(g, k, a.rope);
  }
  if (a.past) {
    k = g.op('Concat', [a.past.k, k], { axis: 2 });
    v = g.op('Concat', [a.past.v, v], { axis: 2 });
  }
  const out = attend(g, q, k, v, a);
  const merged = mergeHeads(g, out, a.b, a.s, a.heads, a.headDim);
  return { out: linear(g, merged, a.heads * a.headDim, a.d, a.bias), k, v };
}

// One transformer block: self-attention, optional cross-attention over
// @memory, feed-forward; pre- or post-norm as the family does it.
export function block (g, x, memory, a, style) {
  const sub = (input, fn) => {
    if (style.pre)
      return g.op('Add', [input, fn(norm(g, input, a.d, style))]);
    return norm(g, g.op('Add', [input, fn(input)]), a.d, style);
  };
  let present = null;
  let h = sub(x, (y) => {
    const r = attention(g, y, null, a);
    present = { k: r.k, v: r.v };
    return r.out;
  });
  if (memory)
    h = sub(h, (y) => attention(g, y, memory, { ...a, mask: null, rope: null, past: null }).out);
  h = sub(h, (y) => feedForward(g, y, a.d, a.ffn, style));
  return { out: h, present };
}

// Token (and learned position) embeddings of int32 ids [b, s].
export function embed (g, ids, vocab, d, positions) {
  let x = g.op('Gather', [g.weight([vocab, d], d), ids], { axis: 0 });
  if (positions) {
    const table = g.weight([positions.max, d], d);
    const index = g.constant([positions.s], 'int32', [...Array(positions.s).keys()]);
    x = g.op('Add', [x, g.op('Gather', [table, index], { axis: 0 })]);
  }
  return x;
}

// A 2-D convolution (NCHW) with bias: batch norm folded into it, as
// inference runtimes do.
export function conv2d (g, x, cIn, cOut, k, stride, pad) {
  const w = g.weight([cOut, cIn, k, k], cIn * k * k);
  const b = g.weight([cOut], cIn * k * k);
  return g.op('Conv', [x, w, b], { kernel_shape: [k, k], strides: [stride, stride], pads: [pad, pad, pad, pad] });
}

export function conv1d (g, x, c, k, opts) {
  const group = opts.group ?? 1;
  const inputs = [x, g.weight([opts.cOut, c / group, k], (c / group) * k)];
  if (opts.bias)
    inputs.push(g.weight([opts.cOut], c * k));
  return g.op('Conv', inputs, {
    kernel_shape: [k], strides: [opts.stride ?? 1], pads: [opts.pad ?? 0, opts.pad ?? 0], group,
  });
}
