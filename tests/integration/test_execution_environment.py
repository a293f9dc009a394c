# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An execution environment built with this collection gets the Python libraries its modules need.

ansible-builder reads them from the installed collection (meta/execution-environment.yml ->
requirements.txt); ``create`` writes the build context of the example in extensions/ee/. Building
the image itself needs podman or docker, which these machines lack.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from ansible_collections.privatelink.endpoints.tests.integration import local_roles

BUILDER = str(local_roles.BIN / "ansible-builder")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    return local_roles.install_collection(tmp_path_factory.mktemp("installed"))


def names(requirements):
    return {re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0].lower()
            for line in requirements.splitlines() if line.strip() and not line.startswith("#")}


def test_introspect_lists_the_python_requirements(installed, tmp_path):
    pip = tmp_path / "pip.txt"
    process = subprocess.run([BUILDER, "introspect", "--write-pip", str(pip), str(installed)],
                             capture_output=True, text=True, check=True)
    report = yaml.safe_load(process.stdout)
    ours = [line for line in report["python"] if line.endswith("# from collection privatelink.endpoints")]
    assert {"requests", "boto3", "botocore"} <= names("\n".join(ours))
    # What goes into the image's pip install, each line naming the collection it is for.
    written = pip.read_text()
    assert {"requests", "boto3"} <= names(written)
    assert "privatelink.endpoints" in written


def test_create_writes_the_build_context_of_the_example(tmp_path):
    for name in ("execution-environment.yml", "requirements.yml"):
        shutil.copy(str(local_roles.REPO / "extensions" / "ee" / name), str(tmp_path / name))
    subprocess.run([BUILDER, "create", "-f", "execution-environment.yml", "-c", "context",
                    "--output-filename", "Containerfile"], cwd=str(tmp_path),
                   capture_output=True, text=True, check=True)
    containerfile = (tmp_path / "context" / "Containerfile").read_text()
    assert "ansible-galaxy" in containerfile and "introspect" in containerfile
    galaxy = yaml.safe_load((tmp_path / "context" / "_build" / "requirements.yml").read_text())
    assert "privatelink.endpoints" in [c["name"] for c in galaxy["collections"]]
