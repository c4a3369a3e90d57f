// diagnostics.js: jobs that test the runner itself, not a model.
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import { sendRaw } from './host.js';

// Bodies Perfcast must drop: wrong types, broken JSON, unknown or
// incomplete messages, oversized or absurdly nested ones.
function malformedBodies () {
  return [
    42,
    null,
    { type: 'ready', protocol: 1 },
    'not json {',
    '[]',
    '{"type": 7}',
    '{"type": "launch-missiles"}',
    '{"type": "progress"}',
    '{"type": "ready", "protocol": "1"}',
    '{"type": "log", "level": "info", "text": "ok", "extra": true}',
    '{"type": "log", "level": "shout", "text": "ok"}',
    JSON.stringify({ type: 'log', level: 'info', text: 'x'.repeat(100000) }),
    '['.repeat(50000),
    '{"type": "log", "level": "info", "text": "\\ud800"}',
  ];
}

async function sendMalformed () {
  const bodies = malformedBodies();
  let dropped = 0;
  for (const body of bodies) {
    try {
      await sendRaw(body);
    } catch {
      dropped++;
    }
  }
  return { sent: bodies.length, dropped };
}

// Allocates and touches 8 MB every 50 ms until the web process is
// killed by its memory limit: gradual, so that WebKit's memory monitor
// (which polls) sees the limit crossed before the machine runs short.
async function grow () {
  const keep = [];
  for (;;) {
    const block = new Uint8Array(8 << 20);
    block.fill(1);
    keep.push(block);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Tries to reach the network from the page: a loopback port the test
// listens on, and a public host. Every attempt must fail.
const NETWORK_PROBE_PORT = 47911;

async function probeNetwork () {
  const urls = [`http://127.0.0.1:${NETWORK_PROBE_PORT}/`, 'https://example.com/'];
  let blocked = 0;
  for (const url of urls) {
    try {
      await fetch(url, { cache: 'no-store' });
    } catch {
      blocked++;
    }
  }
  return { tried: urls.length, blocked };
}

export async function diagnose (action) {
  switch (action) {
    case 'empty':
      return {};
    case 'hang':
      for (;;) {}
    case 'malformed':
      return sendMalformed();
    case 'grow':
      return grow();
    case 'network':
      return probeNetwork();
    default:
      throw new Error(`unknown diagnostic ${action}`);
  }
}
