// bridge.js: runs in the isolated world "perfcast", the only world where
// the page → Perfcast message handler exists.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// The page's own scripts reach Perfcast only through this relay, which
// passes message bodies through untouched: Perfcast validates every one
// of them, so nothing here needs to be trusted.
(() => {
  const handler = window.webkit?.messageHandlers?.perfcast;
  if (!handler)
    return;
  window.addEventListener('message', async (event) => {
    const data = event.data;
    if (event.source !== window || typeof data !== 'object' || data === null ||
        data.channel !== 'perfcast-to-host')
      return;
    let reply;
    try {
      reply = { ok: true, value: await handler.postMessage(data.body) };
    } catch (e) {
      reply = { ok: false, error: String(e?.message ?? e) };
    }
    window.postMessage({ channel: 'perfcast-from-host', id: data.id, reply }, '*');
  });
})();
