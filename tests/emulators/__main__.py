# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Start every local API emulator in the foreground (``make emulators``).

Prints the ``export`` lines that point the modules at them, then serves until
Ctrl-C or SIGTERM. ``--env-file`` and ``--port-file`` write the same
information to files once everything listens (and remove them on exit), so a
script can start this in the background and wait for the file.

Each emulator class provides ``env()``, the variables its modules read.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import threading

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator

# One line per API.
EMULATORS = [
    ClickHouseEmulator,
    VpcepEmulator,
]


def _write(path, text):
    """Write atomically, so a reader never sees half a file."""
    temporary = path + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(text)
    os.replace(temporary, path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ansible_collections.privatelink.endpoints.tests.emulators",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--env-file", help="also write the export lines to this file")
    parser.add_argument("--port-file", help="write {emulator name: port} as JSON to this file")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    running = []
    try:
        for emulator_class in EMULATORS:
            emulator = emulator_class(host=args.host)
            emulator.seed()
            running.append(emulator.start())
        exports = "".join("export %s=%s\n" % (name, shlex.quote(value))
                          for emulator in running for name, value in emulator.env().items())
        for emulator in running:
            print("# %s emulator at %s (controls under %s/_emulator)" % (emulator.name, emulator.url, emulator.url))
        print(exports, end="")
        print("# Ctrl-C stops the emulators.", flush=True)
        if args.env_file:
            _write(args.env_file, exports)
        if args.port_file:
            _write(args.port_file, json.dumps({e.name: e.port for e in running}) + "\n")
        while not stop.wait(1):
            pass
    finally:
        for emulator in running:
            emulator.stop()
        for path in (args.env_file, args.port_file):
            if path and os.path.exists(path):
                os.remove(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
