// capabilities.js: what this engine really offers a page.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// Every answer comes from trying the feature, never from the user agent:
// a reason says why a feature is missing.

// Minimal modules that validate only if the engine has the feature (the
// same probes as the wasm-feature-detect project): an i8x16.popcnt for
// SIMD, an atomic load on shared memory for threads, a relaxed
// i32x4.relaxed_trunc for relaxed SIMD.
const PROBES = {
  simd: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11],
  threads: [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11],
  relaxed_simd: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11],
};

function validates (bytes) {
  try {
    return WebAssembly.validate(new Uint8Array(bytes));
  } catch {
    return false;
  }
}

function wasm () {
  if (typeof WebAssembly !== 'object')
    return { available: false, reason: 'WebAssembly is not defined in this engine' };
  const sab = typeof SharedArrayBuffer === 'function';
  const threads = sab && validates(PROBES.threads);
  let reason = null;
  if (!sab)
    reason = 'SharedArrayBuffer is undefined: start the program with JSC_useSharedArrayBuffer=1 in its environment';
  return {
    available: true,
    simd: validates(PROBES.simd),
    threads,
    shared_array_buffer: sab,
    cross_origin_isolated: self.crossOriginIsolated === true,
    relaxed_simd: validates(PROBES.relaxed_simd),
    threads_reason: reason,
  };
}

function webgl2 () {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl)
    return { available: false, reason: 'getContext("webgl2") returned null: WebGL is disabled or no GL driver works' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    available: true,
    version: gl.getParameter(gl.VERSION),
    renderer: gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER),
    vendor: gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR),
    max_texture_size: gl.getParameter(gl.MAX_TEXTURE_SIZE),
  };
}

async function adapterInfo (adapter) {
  const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    is_fallback: adapter.isFallbackAdapter === true || info.isFallbackAdapter === true,
  };
}

async function webgpu () {
  if (!('gpu' in navigator))
    return { available: false, reason: 'navigator.gpu is undefined: this WebKit build has no WebGPU' };
  if (!navigator.gpu)
    return { available: false, reason: 'navigator.gpu is null although the WebGPU feature is enabled: this WebKit build has no WebGPU implementation' };
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter)
      return { available: false, reason: 'navigator.gpu.requestAdapter() returned null: no usable GPU adapter' };
    return { available: true, adapter: await adapterInfo(adapter), features: [...adapter.features] };
  } catch (e) {
    return { available: false, reason: `navigator.gpu.requestAdapter() failed: ${e.message}` };
  }
}

async function webnn () {
  if (!('ml' in navigator))
    return { available: false, reason: 'navigator.ml is undefined: this WebKit build has no WebNN' };
  try {
    await navigator.ml.createContext();
    return { available: true };
  } catch (e) {
    return { available: false, reason: `navigator.ml.createContext() failed: ${e.name}: ${e.message}` };
  }
}

export async function detect () {
  return {
    user_agent: navigator.userAgent,
    cores: navigator.hardwareConcurrency ?? 0,
    wasm: wasm(),
    webgl2: webgl2(),
    webgpu: await webgpu(),
    webnn: await webnn(),
  };
}
