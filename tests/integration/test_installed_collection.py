# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""As a user gets it: the built tarball installed with ``ansible-galaxy collection install`` into an
empty directory outside the checkout, and a playbook there that sets every credential only through
the play's ``module_defaults`` runs each role to completion against the local clouds."""

from __future__ import annotations

import os
import subprocess
import sysconfig

import pytest

from ansible_collections.privatelink.endpoints.tests.integration import local_roles
from ansible_collections.privatelink.endpoints.tests.integration.conftest import BIN, REPO

GROUP = "group/privatelink.endpoints."


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    return local_roles.install_collection(tmp_path_factory.mktemp("installed"))


def module_defaults(role, clouds):
    if role == "vpcep_private_link":
        return {GROUP + "vpcep": local_roles.options(clouds, "vpcep", "provider")}
    return {GROUP + "clickhouse": local_roles.options(clouds, "clickhouse"),
            GROUP + "aws": local_roles.options(clouds, "aws")}


def user_vars(role, clouds):
    return local_roles.same_project_vars(clouds) if role == "vpcep_private_link" else local_roles.role_vars(role, clouds)


@pytest.mark.parametrize("role", local_roles.ROLES)
def test_installed_roles_with_play_module_defaults(installed, clouds, tmp_path, ansible, role):
    workdir = tmp_path / "user"
    workdir.mkdir()
    (workdir / "site.yml").write_text(local_roles.playbook(role, user_vars(role, clouds), module_defaults(role, clouds)))
    env = ansible.base_env()
    env["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join((str(installed), sysconfig.get_paths()["purelib"]))
    env.pop("PYTHONPATH", None)  # nothing of the checkout
    process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "site.yml"],
                             cwd=str(workdir), env=env, capture_output=True, text=True, timeout=600, check=False)
    assert process.returncode == 0, process.stdout[-4000:] + process.stderr[-2000:]
    assert str(REPO) not in process.stdout  # the installed copy ran, not the checkout
    local_roles.assert_built(role, clouds)


def test_make_build_needs_only_ansible_galaxy(tmp_path):
    """``make build`` builds the tarball with the ansible-galaxy on PATH, without making the test venv."""
    missing_venv = tmp_path / "no-venv"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = os.pathsep.join((str(BIN), "/usr/bin", "/bin"))
    process = subprocess.run(["make", "-C", str(REPO), "build", "VENV=%s" % missing_venv, "DIST=%s" % (tmp_path / "dist"),
                              "BUILD_SRC=%s" % (tmp_path / "src")], env=env, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    assert list((tmp_path / "dist").glob("privatelink-endpoints-*.tar.gz"))
    assert not missing_venv.exists()
