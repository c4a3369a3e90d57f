#!/usr/bin/env python3
# check-flatpak.py MANIFEST: the Flatpak manifest parses, targets the GNOME
# runtime (which provides GTK 4 and WebKitGTK 6.0), keeps its sandbox
# narrow, and names and sources every module it builds. CI cannot build it
# offline, so this is what can be checked here.
#
# Copyright 2026 The Perfcast authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import sys

# What org.gnome.Platform lacks and Perfcast needs, in build order.
EXPECTED_MODULES = ["xgboost", "perfcast"]
ALLOWED_FINISH_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}


def fail(message):
    print("check-flatpak: " + message, file=sys.stderr)
    sys.exit(1)


def main(path):
    try:
        with open(path) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: %s" % (path, e))

    if manifest.get("id") != "io.github.perfcast.Perfcast":
        fail("app id is %r" % manifest.get("id"))
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        fail("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    if manifest.get("command") != "perfcast":
        fail("command must be perfcast")
    extra = set(manifest.get("finish-args", [])) - ALLOWED_FINISH_ARGS
    if extra:
        fail("finish-args wider than needed: %s" % sorted(extra))

    modules = manifest.get("modules", [])
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    if names != EXPECTED_MODULES:
        fail("modules are %s, expected %s" % (names, EXPECTED_MODULES))
    for m in modules:
        if not m.get("buildsystem") or not m.get("sources"):
            fail("module %s needs a buildsystem and sources" % m.get("name"))
    if modules[-1].get("buildsystem") != "meson":
        fail("perfcast itself builds with meson, last")
    print("flatpak manifest OK: modules %s" % ", ".join(names))


if __name__ == "__main__":
    main(sys.argv[1])
