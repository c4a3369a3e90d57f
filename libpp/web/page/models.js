// models.js: builds the graph of a catalog model for one workload.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// The architecture comes from the catalog entry that the C side sends;
// nothing is downloaded and the weights are random (seeded). When a model
// is larger than the page's parameter budget, fewer layers are built and
// the result says so: a measurement always describes the graph that ran.

import { Graph } from './graph.js';
import {
  attention, block, causalMask, conv1d, conv2d, embed, feedForward, gelu, linear, norm,
  rotaryTables, shapeConst,
} from './layers.js';

export class UnsupportedModel extends Error {}

const STYLES = {
  bert: { norm: 'ln', pre: false, act: 'gelu', bias: true },
  vit: { norm: 'ln', pre: true, act: 'gelu', bias: true },
  llama: { norm: 'rms', pre: true, act: 'swiglu', bias: false, rope: true },
  gpt: { norm: 'ln', pre: true, act: 'gelu', bias: true, rope: true },
  t5: { norm: 'rms', pre: true, act: 'relu', bias: false },
  bart: { norm: 'ln', pre: false, act: 'gelu', bias: true },
  whisper: { norm: 'ln', pre: true, act: 'gelu', bias: true },
  wav2vec2: { norm: 'ln', pre: false, act: 'gelu', bias: true },
  clip: { norm: 'ln', pre: true, act: 'gelu', bias: true },
};

function need (model, key) {
  const v = model[key];
  if (typeof v !== 'number' || !(v > 0))
    throw new UnsupportedModel(`the catalog entry of ${model.id} has no “${key}”, which its graph needs`);
  return v;
}

function dims (model, layers, b, s) {
  const d = need(model, 'hidden');
  const heads = need(model, 'heads');
  return {
    b, s, d, heads,
    kvHeads: model.kv_heads || heads,
    headDim: model.head_dim || d / heads,
    ffn: need(model, 'ffn'),
    layers,
  };
}

function stack (g, x, memory, a, style, n) {
  for (let i = 0; i < n; i++)
    x = block(g, x, memory, a, style).out;
  return x;
}

function finish (g, x, a, style) {
  return style.pre ? norm(g, x, a.d, style) : x;
}

function pooler (g, x, d) {
  const first = g.op('Gather', [x, g.constant([], 'int32', [0])], { axis: 1 });
  return g.op('Tanh', [linear(g, first, d, d, true)]);
}

function textEncoder (model, w, plan) {
  const g = new Graph(w.seed);
  const a = { ...dims(model, plan.layers, w.batch, w.seq), bias: true };
  const ids = g.input('input_ids', [a.b, a.s], 'int32', need(model, 'vocab'));
  let x = embed(g, ids, model.vocab, a.d, { max: model.max_seq || a.s, s: a.s });
  x = g.op('Add', [x, g.op('Gather', [g.weight([2, a.d], a.d), g.constant([], 'int32', [0])], { axis: 0 })]);
  x = stack(g, norm(g, x, a.d, STYLES.bert), null, a, STYLES.bert, a.layers);
  g.output(x);
  g.output(pooler(g, x, a.d));
  return [{ phase: 'forward', graph: g, seqLen: a.s }];
}

function patchEmbed (g, pixels, a, image, patch) {
  const n = (image / patch) ** 2;
  let x = conv2d(g, pixels, 3, a.d, patch, patch, 0);
  x = g.op('Transpose', [g.op('Reshape', [x, shapeConst(g, [a.b, a.d, n])])], { perm: [0, 2, 1] });
  const cls = g.op('Expand', [g.weight([1, 1, a.d], a.d), shapeConst(g, [a.b, 1, a.d])]);
  x = g.op('Concat', [cls, x], { axis: 1 });
  return g.op('Add', [x, g.weight([1, n + 1, a.d], a.d)]);
}

function visionTower (g, model, a, image) {
  const patch = need(model, 'patch_size');
  if (image % patch !== 0)
    throw new UnsupportedModel(`the image side ${image} is not a multiple of the patch size ${patch}`);
  const pixels = g.input('pixel_values', [a.b, 3, image, image]);
  const x = patchEmbed(g, pixels, { ...a, s: 0 }, image, patch);
  const s = (image / patch) ** 2 + 1;
  const t = { ...a, s };
  return { x: finish(g, stack(g, x, null, t, STYLES.vit, a.layers), t, STYLES.vit), s };
}

function vit (model, w, plan) {
  const g = new Graph(w.seed);
  const image = w.inputSize || model.image_size || 224;
  const a = { ...dims(model, plan.layers, w.batch, 0), bias: true };
  const { x, s } = visionTower(g, model, a, image);
  g.output(x);
  g.output(pooler(g, x, a.d));
  return [{ phase: 'forward', graph: g, seqLen: s, inputSize: image }];
}

function decoderStyle (model) {
  return model.family === 'llama' ? STYLES.llama : STYLES.gpt;
}

function lmHead (g, x, a, vocab, table) {
  if (table)
    return g.op('MatMul', [x, g.op('Transpose', [table], { perm: [1, 0] })]);
  return linear(g, x, a.d, vocab, false);
}

// Prefill runs the prompt and returns every layer's keys and values; decode
// runs one token against a cache of the prompt's length.
function decoderPhase (model, w, plan, phase) {
  const g = new Graph(w.seed);
  const style = decoderStyle(model);
  const vocab = need(model, 'vocab');
  const s = phase === 'prefill' ? w.seq : 1;
  const past = phase === 'prefill' ? 0 : w.seq;
  const a = { ...dims(model, plan.layers, w.batch, s), bias: style.bias };
  const ids = g.input('input_ids', [a.b, s], 'int32', vocab);
  const table = g.weight([vocab, a.d], a.d);
  let x = g.op('Gather', [table, ids], { axis: 0 });
  a.rope = rotaryTables(g, past, s, a.headDim);
  a.mask = phase === 'prefill' ? causalMask(g, s, s, a.heads / a.kvHeads) : null;
  for (let i = 0; i < a.layers; i++) {
    const cache = [a.b, a.kvHeads, past, a.headDim];
    a.past = past ? { k: g.input(`past_k${i}`, cache), v: g.input(`past_v${i}`, cache) } : null;
    const r = block(g, x, null, a, style);
    x = r.out;
    g.output(r.present.k);
    g.output(r.present.v);
  }
  g.output(lmHead(g, finish(g, x, a, style), a, vocab, plan.tied ? table : null));
  return { phase, graph: g, seqLen: w.seq, tokensPerItem: s };
}

// The catalog does not say whether the output projection is tied to the
// embedding table (LLaMA 3.2 3B ties it, LLaMA 2 does not): whichever
// matches the catalog's parameter count is built. The first call gets the
// full plan; reduced plans inherit its choice.
function decoder (model, w, plan) {
  if (plan.tied === undefined) {
    const untied = decoderPhase(model, w, { ...plan, tied: false }, 'prefill').graph.nParams / 1e6;
    const tied = untied - (need(model, 'vocab') * need(model, 'hidden')) / 1e6;
    plan.tied = model.params_m > 0 && Math.abs(tied - model.params_m) < Math.abs(untied - model.params_m);
  }
  return [decoderPhase(model, w, plan, 'prefill'), decoderPhase(model, w, plan, 'decode')];
}

// The decoder half of an encoder-decoder: causal self-attention, then
// cross-attention over the encoder output; logits through the embedding
// table (@shared when the encoder's is tied to it, as in T5 and BART).
function seq2seqDecoder (g, model, a, memory, t, style, positions, shared) {
  const vocab = need(model, 'vocab');
  const ids = g.input('decoder_input_ids', [a.b, a.s], 'int32', vocab);
  const table = shared ?? g.weight([vocab, a.d], a.d);
  let x = g.op('Gather', [table, ids], { axis: 0 });
  if (positions)
    x = g.op('Add', [x, g.op('Gather', [g.weight([positions, a.d], a.d), g.constant([a.s], 'int32', [...Array(a.s).keys()])], { axis: 0 })]);
  const d = { ...a, t, mask: causalMask(g, a.s, a.s, a.heads / a.kvHeads) };
  x = finish(g, stack(g, x, memory, d, style, a.decoderLayers), d, style);
  return g.op('MatMul', [x, g.op('Transpose', [table], { perm: [1, 0] })]);
}

function seq2seq (model, w, plan) {
  const g = new Graph(w.seed);
  const style = model.family === 't5' ? STYLES.t5 : STYLES.bart;
  const positions = style === STYLES.bart ? (model.max_seq || w.seq) + 2 : 0;
  const a = { ...dims(model, plan.encoderLayers, w.batch, w.seq), bias: style.bias };
  a.decoderLayers = plan.decoderLayers;
  const ids = g.input('input_ids', [a.b, a.s], 'int32', need(model, 'vocab'));
  const table = g.weight([model.vocab, a.d], a.d);
  let x = g.op('Gather', [table, ids], { axis: 0 });
  if (positions)
    x = g.op('Add', [x, g.op('Gather', [g.weight([positions, a.d], a.d), g.constant([a.s], 'int32', [...Array(a.s).keys()])], { axis: 0 })]);
  if (!style.pre)
    x = norm(g, x, a.d, style);
  const memory = finish(g, stack(g, x, null, a, style, a.layers), a, style);
  g.output(seq2seqDecoder(g, model, a, memory, a.s, style, positions, table));
  return [{ phase: 'forward', graph: g, seqLen: w.seq }];
}

// Whisper: two 1-D convolutions over the log-mel spectrogram (the second
// halves the frames), the encoder, then the decoder over @seq tokens.
function whisper (model, w, plan) {
  const g = new Graph(w.seed);
  const seconds = w.inputSize || model.audio_seconds || 30;
  const frames = Math.round(seconds * (model.frames_per_second || 50));
  const mels = model.n_mels || 80;
  const a = { ...dims(model, plan.encoderLayers, w.batch, frames), bias: true };
  a.decoderLayers = plan.decoderLayers;
  const mel = g.input('input_features', [a.b, mels, 2 * frames]);
  let x = gelu(g, conv1d(g, mel, mels, 3, { cOut: a.d, pad: 1, bias: true }));
  x = gelu(g, conv1d(g, x, a.d, 3, { cOut: a.d, pad: 1, stride: 2, bias: true }));
  x = g.op('Add', [g.op('Transpose', [x], { perm: [0, 2, 1] }), g.weight([frames, a.d], a.d)]);
  const memory = finish(g, stack(g, x, null, a, STYLES.whisper, a.layers), a, STYLES.whisper);
  const dec = { ...a, s: w.seq };
  g.output(seq2seqDecoder(g, model, dec, memory, frames, STYLES.whisper, model.max_seq || 448));
  return [{ phase: 'forward', graph: g, seqLen: w.seq, inputSize: seconds }];
}

const WAV2VEC2_CONVS = [[10, 5], [3, 2], [3, 2], [3, 2], [3, 2], [2, 2], [2, 2]];

function wav2vec2Features (g, audio, a) {
  let x = g.op('Reshape', [audio, shapeConst(g, [a.b, 1, a.samples])]);
  let c = 1;
  for (const [i, [k, stride]] of WAV2VEC2_CONVS.entries()) {
    x = conv1d(g, x, c, k, { cOut: 512, stride });
    if (i === 0)
      x = g.op('InstanceNormalization', [x, g.weight([512], 512, 'ones'), g.weight([512], 512, 'zeros')]);
    x = gelu(g, x);
    c = 512;
  }
  x = norm(g, g.op('Transpose', [x], { perm: [0, 2, 1] }), 512, STYLES.wav2vec2);
  return linear(g, x, 512, a.d, true);
}

function wav2vec2Frames (samples) {
  return WAV2VEC2_CONVS.reduce((t, [k, stride]) => Math.floor((t - k) / stride) + 1, samples);
}

// wav2vec 2.0: the 7-layer convolutional feature extractor over raw
// 16 kHz audio, the convolutional position embedding, the encoder.
function wav2vec2 (model, w, plan) {
  const g = new Graph(w.seed);
  const fps = model.frames_per_second || 50;
  const seconds = w.inputSize || (w.seqGiven ? w.seq / fps : model.default_input_size || 10);
  const samples = Math.round(seconds * (model.sample_rate || 16000));
  const frames = wav2vec2Frames(samples);
  const a = { ...dims(model, plan.layers, w.batch, frames), bias: true, samples };
  let x = wav2vec2Features(g, g.input('input_values', [a.b, samples]), a);
  let pos = conv1d(g, g.op('Transpose', [x], { perm: [0, 2, 1] }), a.d, 128,
    { cOut: a.d, pad: 64, group: 16, bias: true });
  pos = g.op('Slice', [pos, shapeConst(g, [0]), shapeConst(g, [frames]), shapeConst(g, [2])]);
  x = g.op('Add', [x, g.op('Transpose', [gelu(g, pos)], { perm: [0, 2, 1] })]);
  x = stack(g, norm(g, x, a.d, STYLES.wav2vec2), null, a, STYLES.wav2vec2, a.layers);
  g.output(x);
  return [{ phase: 'forward', graph: g, seqLen: frames, inputSize: seconds }];
}

const RESNET50_STAGES = [[3, 64], [4, 128], [6, 256], [3, 512]];

function bottleneck (g, x, cIn, width, stride) {
  let y = g.op('Relu', [conv2d(g, x, cIn, width, 1, 1, 0)]);
  y = g.op('Relu', [conv2d(g, y, width, width, 3, stride, 1)]);
  y = conv2d(g, y, width, width * 4, 1, 1, 0);
  const shortcut = cIn === width * 4 && stride === 1 ? x : conv2d(g, x, cIn, width * 4, 1, stride, 0);
  return g.op('Relu', [g.op('Add', [y, shortcut])]);
}

// ResNet-50 v1.5 (stride on the 3×3 convolution), batch norms folded.
function resnet (model, w) {
  if (model.family !== 'resnet' || model.layers !== 50)
    throw new UnsupportedModel(`${model.id}: ResNet-50 is the only CNN the page builds`);
  const g = new Graph(w.seed);
  const image = w.inputSize || model.default_input_size || 224;
  const pixels = g.input('pixel_values', [w.batch, 3, image, image]);
  let x = g.op('Relu', [conv2d(g, pixels, 3, 64, 7, 2, 3)]);
  x = g.op('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  let c = 64;
  for (const [i, [blocks, width]] of RESNET50_STAGES.entries()) {
    for (let j = 0; j < blocks; j++) {
      x = bottleneck(g, x, c, width, j === 0 && i > 0 ? 2 : 1);
      c = width * 4;
    }
  }
  x = g.op('Reshape', [g.op('GlobalAveragePool', [x]), shapeConst(g, [w.batch, c])]);
  g.output(linear(g, x, c, 1000, true));
  return [{ phase: 'forward', graph: g, seqLen: 0, inputSize: image }];
}

// CLIP-like dual encoder: a ViT and a text transformer, each built at its
// own width and depth from the catalog's towers and projected to a shared
// embedding. A text tower the catalog marks cross_attention attends to the
// image; BLIP's does not, since BlipModel's forward runs it without the image.
function dualEncoder (model, w, plan) {
  const towers = model.towers || {};
  if (model.modality !== 'vision_text' || !towers.vision || !towers.text)
    throw new UnsupportedModel(`${model.id}: only vision-text dual encoders with both towers in the catalog are built`);
  const g = new Graph(w.seed);
  const vt = { id: model.id, ...towers.vision };
  const tt = { id: model.id, ...towers.text };
  const image = w.inputSize || vt.image_size || model.image_size || 224;
  const proj = towers.projection_dim || need(vt, 'hidden');
  const av = { ...dims(vt, plan.encoderLayers, w.batch, w.seq), bias: true };
  const vision = visionTower(g, vt, av, image);
  g.output(linear(g, vision.x, av.d, proj, false));
  const at = { ...dims(tt, plan.decoderLayers, w.batch, w.seq), bias: true };
  const ids = g.input('input_ids', [at.b, at.s], 'int32', need(tt, 'vocab'));
  let x = embed(g, ids, tt.vocab, at.d, { max: tt.max_seq || at.s, s: at.s });
  const style = model.family === 'clip' ? STYLES.clip : STYLES.bert;
  const t = { ...at, t: vision.s, mask: style.pre ? causalMask(g, at.s, at.s, at.heads / at.kvHeads) : null };
  const memory = tt.cross_attention ? vision.x : null;
  x = finish(g, stack(g, x, memory, t, style, plan.decoderLayers), t, style);
  g.output(linear(g, x, at.d, proj, false));
  return [{ phase: 'forward', graph: g, seqLen: w.seq, inputSize: image }];
}

function kindOf (model) {
  if (model.family === 'whisper')
    return { build: whisper, split: true };
  if (model.family === 'wav2vec2')
    return { build: wav2vec2 };
  if (model.arch === 'cnn')
    return { build: resnet, fixed: true };
  if (model.arch === 'encoder' && model.modality === 'vision')
    return { build: vit };
  if (model.arch === 'encoder' && model.modality === 'text')
    return { build: textEncoder };
  if (model.arch === 'decoder' && model.modality === 'text')
    return { build: decoder };
  if (model.arch === 'encoder-decoder' && model.modality === 'text')
    return { build: seq2seq, split: true };
  if (model.arch === 'dual-encoder')
    return { build: dualEncoder, split: true, towers: true };
  throw new UnsupportedModel(`${model.id} (${model.arch}, ${model.modality}) has no graph builder in the page`);
}

function fullPlan (model, kind) {
  if (!kind.split)
    return { layers: model.layers };
  if (kind.towers) {
    const t = model.towers || {};
    const enc = (t.vision && t.vision.layers) || model.layers / 2;
    const dec = (t.text && t.text.layers) || model.layers / 2;
    return { encoderLayers: enc, decoderLayers: dec, layers: enc + dec };
  }
  const enc = model.encoder_layers || model.layers / 2;
  const dec = model.decoder_layers || model.layers - enc;
  return { encoderLayers: enc, decoderLayers: dec, layers: enc + dec };
}

function scalePlan (plan, factor) {
  if (plan.encoderLayers === undefined)
    return { ...plan, layers: Math.max(1, Math.round(plan.layers * factor)) };
  const enc = Math.max(1, Math.round(plan.encoderLayers * factor));
  const dec = Math.max(1, Math.round(plan.decoderLayers * factor));
  return { ...plan, encoderLayers: enc, decoderLayers: dec, layers: enc + dec };
}

function paramsOf (phases) {
  return Math.max(...phases.map((p) => p.graph.nParams));
}

// Builds the phases of @model for workload @w, with as many layers as fit
// in w.maxParams. Weights are not materialised here, so trying several
// depths is cheap.
export function buildModel (model, workload) {
  const kind = kindOf(model);
  const w = { ...workload, seqGiven: workload.seq > 0, seq: workload.seq || model.default_seq || 128 };
  const full = fullPlan(model, kind);
  let plan = full;
  let phases = kind.build(model, w, plan);
  for (let n = full.layers - 1; !kind.fixed && paramsOf(phases) > w.maxParams && n >= 1; n--) {
    plan = scalePlan(full, n / full.layers);
    phases = kind.build(model, w, plan);
  }
  if (paramsOf(phases) > w.maxParams) {
    throw new UnsupportedModel(`${model.id}: even the smallest graph has ${(paramsOf(phases) / 1e6).toFixed(1)} M ` +
      `parameters, more than the budget of ${(w.maxParams / 1e6).toFixed(1)} M`);
  }
  return { phases, plan, full, reduced: plan.layers !== full.layers };
}
