# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the pip bootstrap script ansible-test downloads.

ansible-test fetches get-pip.py from a host these machines cannot reach;
`make venv` places this file in ansible-test's cache under that name. It
installs pip from the interpreter's own ensurepip, then runs pip with the
arguments ansible-test gave (minus the flags ensurepip's pip does not take).
"""
import ensurepip
import os
import subprocess
import sys

# ensurepip points PIP_CONFIG_FILE at /dev/null, which would drop the machine's
# pip settings (certificates, indexes) for the install below.
os.environ.pop("PIP_CONFIG_FILE", None)
ensurepip.bootstrap(upgrade=True)
os.environ.pop("PIP_CONFIG_FILE", None)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
if args:
    sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
