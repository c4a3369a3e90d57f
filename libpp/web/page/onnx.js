// onnx.js: writes a Graph (graph.js) as an ONNX ModelProto.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// onnx.proto is small enough to encode by hand, which spares the page a
// protobuf library. Messages are built as trees of parts whose sizes are
// known before anything is written, so the model (weights included) is
// allocated once and the random weights are generated straight into it.

import { sizeOf } from './graph.js';

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_BYTES = 2;

const ELEM = { float32: 1, int32: 6, int64: 7, float16: 10 };
const ELEM_BYTES = { float32: 4, int32: 4, int64: 8, float16: 2 };
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 };

const ONNX_IR_VERSION = 8;
const ONNX_OPSET = 17;

function varintBytes (value) {
  let v = BigInt.asUintN(64, BigInt(value));
  const out = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n)
      byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

// A message is an array of parts: Uint8Array, nested messages, or
// { size, write(view, offset) } for raw tensor data.
function partSize (part) {
  if (part instanceof Uint8Array)
    return part.length;
  if (Array.isArray(part))
    return part.reduce((n, p) => n + partSize(p), 0);
  return part.size;
}

function field (number, wire) {
  return varintBytes((number << 3) | wire);
}

function fieldVarint (number, value) {
  return [field(number, WIRE_VARINT), varintBytes(value)];
}

function fieldBytes (number, payload) {
  return [field(number, WIRE_BYTES), varintBytes(partSize(payload)), payload];
}

function fieldString (number, text) {
  return fieldBytes(number, new TextEncoder().encode(text));
}

function fieldFloat (number, value) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [field(number, WIRE_FIXED32), b];
}

function attribute (name, value) {
  const parts = [fieldString(1, name)];
  if (Array.isArray(value) && value.every(Number.isInteger)) {
    for (const v of value)
      parts.push(fieldVarint(8, v));
    parts.push(fieldVarint(20, ATTR.INTS));
  } else if (Array.isArray(value)) {
    for (const v of value)
      parts.push(fieldFloat(7, v));
    parts.push(fieldVarint(20, ATTR.FLOATS));
  } else if (typeof value === 'string') {
    parts.push(fieldString(4, value), fieldVarint(20, ATTR.STRING));
  } else if (Number.isInteger(value)) {
    parts.push(fieldVarint(3, value), fieldVarint(20, ATTR.INT));
  } else {
    parts.push(fieldFloat(2, value), fieldVarint(20, ATTR.FLOAT));
  }
  return parts;
}

// IEEE 754 binary16 from a float, rounding to nearest even.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf (value) {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp >= 31)
    return sign | 0x7c00;
  if (exp <= 0)
    return sign;
  const half = sign | (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? half + 1 : half;
}

function rawData (graph, name, t, type) {
  const n = sizeOf(t.shape);
  const size = n * ELEM_BYTES[type];
  return {
    size,
    write (bytes, offset) {
      if (t.kind === 'weight')
        writeWeight(graph, name, n, type, bytes, offset);
      else
        writeConstant(t.values, type, bytes, offset);
    },
  };
}

// Generates into an aligned scratch array, then copies bytes: the
// tensor's offset inside the message need not be 4-byte aligned.
function writeWeight (graph, name, n, type, bytes, offset) {
  const all = graph.fillWeight(name, new Float32Array(n));
  if (type === 'float32') {
    bytes.set(new Uint8Array(all.buffer), offset);
    return;
  }
  const half = new Uint16Array(n);
  for (let i = 0; i < n; i++)
    half[i] = toHalf(all[i]);
  bytes.set(new Uint8Array(half.buffer), offset);
}

function writeConstant (values, type, bytes, offset) {
  let typed;
  if (type === 'int64')
    typed = BigInt64Array.from(values, (v) => BigInt(v));
  else if (type === 'int32')
    typed = Int32Array.from(values);
  else if (type === 'float16')
    typed = Uint16Array.from(values, toHalf);
  else
    typed = Float32Array.from(values);
  bytes.set(new Uint8Array(typed.buffer), offset);
}

function floatType (type, precision) {
  return type === 'float32' && precision === 'fp16' ? 'float16' : type;
}

function tensorProto (graph, name, precision) {
  const t = graph.tensors.get(name);
  const type = floatType(t.type, precision);
  const parts = [];
  for (const d of t.shape)
    parts.push(fieldVarint(1, d));
  parts.push(fieldVarint(2, ELEM[type]), fieldString(8, name));
  parts.push(fieldBytes(9, rawData(graph, name, t, type)));
  return parts;
}

// Outputs are declared without a shape (ONNX allows it): ORT infers them.
function valueInfo (name, shape, type) {
  const tensorType = [fieldVarint(1, ELEM[type])];
  if (shape !== null)
    tensorType.push(fieldBytes(2, shape.map((d) => fieldBytes(1, fieldVarint(1, d)))));
  return [fieldString(1, name), fieldBytes(2, fieldBytes(1, tensorType))];
}

function nodeProto (node, index) {
  const parts = [];
  for (const i of node.inputs)
    parts.push(fieldString(1, i));
  for (const o of node.outputs)
    parts.push(fieldString(2, o));
  parts.push(fieldString(3, `n${index}`), fieldString(4, node.type));
  for (const [key, value] of Object.entries(node.attrs))
    parts.push(fieldBytes(5, attribute(key, value)));
  return parts;
}

function graphProto (graph, precision) {
  const parts = graph.nodes.map((n, i) => fieldBytes(1, nodeProto(n, i)));
  parts.push(fieldString(2, 'perfcast'));
  for (const [name, t] of graph.tensors) {
    if (t.kind === 'weight' || t.kind === 'constant')
      parts.push(fieldBytes(5, tensorProto(graph, name, precision)));
  }
  for (const name of graph.inputs) {
    const t = graph.tensors.get(name);
    parts.push(fieldBytes(11, valueInfo(name, t.shape, floatType(t.type, precision))));
  }
  for (const name of graph.outputs)
    parts.push(fieldBytes(12, valueInfo(name, null, floatType('float32', precision))));
  return parts;
}

function writeParts (part, bytes, offset) {
  if (part instanceof Uint8Array) {
    bytes.set(part, offset);
    return offset + part.length;
  }
  if (Array.isArray(part)) {
    for (const p of part)
      offset = writeParts(p, bytes, offset);
    return offset;
  }
  part.write(bytes, offset);
  return offset + part.size;
}

// Returns the model as one Uint8Array; @precision 'fp16' stores every
// float tensor (weights, constants, inputs, outputs) as float16.
export function serialize (graph, precision) {
  const model = [
    fieldVarint(1, ONNX_IR_VERSION),
    fieldString(2, 'perfcast'),
    fieldBytes(7, graphProto(graph, precision)),
    fieldBytes(8, [fieldString(1, ''), fieldVarint(2, ONNX_OPSET)]),
  ];
  const bytes = new Uint8Array(partSize(model));
  writeParts(model, bytes, 0);
  return bytes;
}
