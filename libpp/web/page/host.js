// host.js: messages from the page to Perfcast, through bridge.js.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

let nextId = 1;
const pending = new Map();

window.addEventListener('message', (event) => {
  const data = event.data;
  if (event.source !== window || data?.channel !== 'perfcast-from-host' || !pending.has(data.id))
    return;
  const { resolve, reject } = pending.get(data.id);
  pending.delete(data.id);
  if (data.reply.ok)
    resolve(data.reply.value);
  else
    reject(new Error(data.reply.error));
});

// Sends @body as it is (diagnostics use this to send malformed bodies);
// resolves with Perfcast's reply, rejects when Perfcast dropped it.
export function sendRaw (body) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    window.postMessage({ channel: 'perfcast-to-host', id, body }, '*');
  });
}

export function send (message) {
  return sendRaw(JSON.stringify(message));
}
