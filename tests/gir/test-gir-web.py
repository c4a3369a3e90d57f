#!/usr/bin/env python3
# test-gir-web.py: libpp-web (PpWeb) through GObject introspection, from
# the build tree. What needs no display: backend and runtime names,
# their errors, and jobs; running jobs in web views is test-web-pool's.
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi

gi.require_version("Pp", "1")
gi.require_version("PpWeb", "1")
from gi.repository import GLib, Pp, PpWeb  # noqa: E402


class TestBackends(unittest.TestCase):
    def test_names_round_trip(self):
        for backend, name in [(PpWeb.Backend.WASM, "wasm"), (PpWeb.Backend.WEBGL, "webgl"),
                              (PpWeb.Backend.WEBGPU, "webgpu"), (PpWeb.Backend.WEBNN, "webnn"),
                              (PpWeb.Backend.CPU, "cpu")]:
            self.assertEqual(PpWeb.backend_to_string(backend), name)
            ok, parsed = PpWeb.backend_from_string(name)
            self.assertTrue(ok)
            self.assertEqual(parsed, backend)
        for runtime, name in [(PpWeb.Runtime.ORT, "ort"), (PpWeb.Runtime.TFJS, "tfjs")]:
            self.assertEqual(PpWeb.runtime_to_string(runtime), name)
            self.assertEqual(PpWeb.runtime_from_string(name)[1], runtime)

    def test_unknown_name_raises(self):
        with self.assertRaises(GLib.Error) as caught:
            PpWeb.backend_from_string("webgl2")
        self.assertEqual(caught.exception.domain, "pp-web-error-quark")
        self.assertIn("webgl2", caught.exception.message)
        self.assertIn("wasm", caught.exception.message)

    def test_runtimes_and_devices(self):
        # onnxruntime-web has no WebGL provider here; TensorFlow.js no WebNN.
        self.assertTrue(PpWeb.runtime_supports_backend(PpWeb.Runtime.ORT, PpWeb.Backend.WEBNN))
        self.assertFalse(PpWeb.runtime_supports_backend(PpWeb.Runtime.ORT, PpWeb.Backend.WEBGL))
        self.assertFalse(PpWeb.runtime_supports_backend(PpWeb.Runtime.TFJS, PpWeb.Backend.WEBNN))
        self.assertEqual(PpWeb.runtime_get_package(PpWeb.Runtime.ORT), "onnxruntime-web")
        # Measurements name a catalog device, so the predictor can use them.
        catalog = Pp.Catalog.new_default()
        hardware = PpWeb.backend_get_hardware_id(PpWeb.Backend.WEBGPU)
        self.assertEqual(hardware, "webkitgtk-webgpu")
        self.assertIsNotNone(catalog.lookup_hardware(hardware))


class TestJob(unittest.TestCase):
    def test_settings(self):
        catalog = Pp.Catalog.new_default()
        job = PpWeb.Job.new(catalog.lookup_model("bert-base"), PpWeb.Runtime.ORT, PpWeb.Backend.WASM, 4)
        self.assertEqual(job.get_state(), PpWeb.JobState.NEW)
        self.assertEqual(job.props.batch, 4)
        self.assertEqual(job.get_model().get_id(), "bert-base")
        self.assertEqual(job.get_backend(), PpWeb.Backend.WASM)
        job.set_seq_len(128)
        job.set_precision(Pp.Precision.FP16)
        self.assertEqual(job.props.seq_len, 128)
        self.assertEqual(job.get_precision(), Pp.Precision.FP16)


if __name__ == "__main__":
    unittest.main(verbosity=2)
