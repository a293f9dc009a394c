# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A moto server for the AWS integration tests, with a log of the EC2 calls it received.

``moto_server`` listens on 127.0.0.1 port 0 (the kernel picks a free port, read
back from its start-up line). moto's request recorder writes every request to a
file, which is how tests count the write calls a playbook made. It runs with
``tests/utils/moto_extensions.py``: moto taught the PrivateLink calls it lacks
(endpoint connections, their acceptance, private DNS on modify).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import requests

from ansible_collections.privatelink.endpoints.tests.utils.aws_network import REGION  # noqa: F401 (imported from here)
LISTENING = re.compile(r"Running on (http://127\.0\.0\.1:\d+)")
# EC2 calls that only read; everything else counts as a write.
READ_PREFIXES = ("Describe", "Get", "List")
# moto_server with the EC2 behaviours moto lacks (see that file).
EXTENDED_MOTO = Path(__file__).resolve().parents[1] / "utils" / "moto_extensions.py"


class MotoServer:
    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.recording = self.workdir / "requests.jsonl"
        self.url = None
        self._process = None

    def start(self, timeout=30):
        self.recording.touch()
        log = open(self.workdir / "moto_server.log", "w")
        env = dict(os.environ, MOTO_ENABLE_RECORDING="True", MOTO_RECORDER_FILEPATH=str(self.recording))
        command = [sys.executable, str(EXTENDED_MOTO), "-H", "127.0.0.1", "-p", "0"]
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        deadline = time.monotonic() + timeout
        while self.url is None:
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("moto_server did not start: %s" % self.log_text())
            found = LISTENING.search(self.log_text())
            if found:
                self.url = found.group(1)
            else:
                time.sleep(0.05)
        return self

    def log_text(self):
        return (self.workdir / "moto_server.log").read_text(errors="replace")

    def stop(self):
        """Stop the server this object started, by its own process handle."""
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def env(self):
        """Environment for ansible-playbook (and any boto3 client) to reach this server.

        ``AWS_ENDPOINT_URL`` is read by botocore itself, so amazon.aws modules
        follow it too; playbooks may also pass ``endpoint_url`` explicitly.
        """
        return dict(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION,
                    AWS_ENDPOINT_URL=self.url)

    def client(self, service="ec2"):
        import boto3  # only the AWS tests need it

        return boto3.client(service, region_name=REGION, endpoint_url=self.url,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def reset(self):
        """Forget every resource and every logged call."""
        requests.post(self.url + "/moto-api/reset", timeout=10).raise_for_status()
        self.recording.write_text("")

    def _requests(self, from_ansible=False):
        """Each request received since the last reset, in order: its query parameters, plus
        ``_method`` and ``_path`` (REST APIs such as Route 53 carry no ``Action``). With
        ``from_ansible``, only those of Ansible modules (amazon.aws's client, which ours use too, names
        Ansible in the User-Agent; the calls of the emulated ClickPipes, tests/emulators/clickpipes_aws.py,
        do not)."""
        for line in self.recording.read_text().splitlines():
            entry = json.loads(line)
            if from_ansible and "Ansible/" not in (entry.get("headers") or {}).get("User-Agent", ""):
                continue
            body = entry.get("body") or ""
            if entry.get("body_encoded"):
                body = base64.b64decode(body).decode("utf-8", "replace")
            params = {name: values[0] for name, values in parse_qs(body).items()}
            params.update(_method=entry.get("method"), _path=urlparse(entry.get("url") or "").path)
            yield params

    def requests(self):
        """Every request received since the last reset, in order: the action of a query API call
        (EC2, ELB), ``METHOD path`` of a REST one (Route 53)."""
        return [params.get("Action") or "%s %s" % (params["_method"], params["_path"]) for params in self._requests()]

    def calls(self, from_ansible=False):
        """Names of the AWS actions received since the last reset (``from_ansible``: see ``_requests``), in order."""
        return [params["Action"] for params in self._requests(from_ansible) if "Action" in params]

    def params(self, action):
        """The parameters of each ``action`` call received since the last reset (query-string
        names such as ``PrivateDnsEnabled`` or ``SubnetId.1``), in order."""
        return [{k: v for k, v in params.items() if not k.startswith("_")}
                for params in self._requests() if params.get("Action") == action]

    def writes(self):
        """The requests that may change something, in order: query-API actions other than
        Describe/Get/List, REST calls other than GET and HEAD (as ``requests()`` names them)."""
        return [name for name in self.requests() if not name.startswith(READ_PREFIXES + ("GET ", "HEAD "))]
