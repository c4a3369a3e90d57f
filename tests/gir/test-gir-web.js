// test-gir-web.js: libpp-web (PpWeb) through GObject introspection from
// gjs: what needs no display (names, errors, jobs).
//
// Copyright 2026 The Perfcast authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Pp from 'gi://Pp?version=1';
import PpWeb from 'gi://PpWeb?version=1';

function check(cond, message) {
    if (!cond)
        throw new Error(message);
}

check(PpWeb.backend_to_string(PpWeb.Backend.WEBGPU) === 'webgpu', 'backend name');
const [ok, backend] = PpWeb.backend_from_string('webnn');
check(ok && backend === PpWeb.Backend.WEBNN, 'backend from its name');
check(!PpWeb.runtime_supports_backend(PpWeb.Runtime.ORT, PpWeb.Backend.WEBGL),
    'onnxruntime-web has no WebGL here');

let threw = false;
try {
    PpWeb.backend_from_string('webgl2');
} catch (e) {
    threw = e instanceof GLib.Error && e.message.includes('webgl2');
}
check(threw, 'an unknown backend raises a GLib.Error naming it');

const catalog = Pp.Catalog.new_default();
const job = PpWeb.Job.new(catalog.lookup_model('vit-base'), PpWeb.Runtime.TFJS, PpWeb.Backend.WEBGL, 2);
job.set_input_size(224);
check(job.get_state() === PpWeb.JobState.NEW, 'a new job is new');
check(job.batch === 2 && job.input_size === 224, 'job properties');
check(catalog.lookup_hardware(PpWeb.backend_get_hardware_id(job.get_backend())) !== null,
    'measurements name a catalog device');

print('ok');
