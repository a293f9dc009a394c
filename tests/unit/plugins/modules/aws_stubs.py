# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run an AWS module's main() against a botocore Stubber, for the calls moto lacks or gets wrong.

The stubbed client answers exactly the responses queued on it, checks each call's
parameters, and fails on any call not queued, so a test states every AWS call a run
makes, in order. Waits do not sleep.
"""

from __future__ import annotations

import json

import pytest

boto3 = pytest.importorskip("boto3")

from botocore.stub import ANY, Stubber  # noqa: E402  (after the skip)

from ansible.module_utils.common import warnings as module_warnings  # noqa: E402
from ansible.module_utils.testing import patch_module_args  # noqa: E402
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule  # noqa: E402
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper  # noqa: E402
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import AwsResource  # noqa: E402

__all__ = ["ANY", "AwsStub"]


class AwsStub:
    def __init__(self, monkeypatch, capsys):
        self.client = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="testing",
                                   aws_secret_access_key="testing")
        self.stubber = Stubber(self.client)
        self.capsys = capsys
        self.sleeps = []
        client = self.client

        def stubbed_client(module, service, retry_decorator=None, **kwargs):
            assert service == "ec2"
            return RetryingBotoClientWrapper(client, retry_decorator)

        monkeypatch.setattr(AnsibleAWSModule, "client", stubbed_client)
        monkeypatch.setattr(AwsResource, "sleep", staticmethod(self.sleeps.append))
        # Warnings are kept per process; each run starts without those of earlier tests.
        monkeypatch.setattr(module_warnings, "_global_warnings", {})
        monkeypatch.setattr(module_warnings, "_global_deprecations", {})

    def expect(self, method, response=None, **params):
        """Queue the answer to the next call, which must be ``method(**params)``."""
        self.stubber.add_response(method, dict(response or {}), params)

    def expect_error(self, method, code, message="", **params):
        self.stubber.add_client_error(method, service_error_code=code, service_message=message,
                                      http_status_code=400, expected_params=params)

    def run(self, module, check_mode=False, diff=True, **args):
        """Run ``module.main()`` with these options; return its result. Every queued call must be made."""
        args = dict(args, region="us-east-1", access_key="testing", secret_key="testing",
                    _ansible_check_mode=check_mode, _ansible_diff=diff)
        with self.stubber, patch_module_args(args), pytest.raises(SystemExit):
            module.main()
        result = json.loads(self.capsys.readouterr().out)
        self.stubber.assert_no_pending_responses()
        return result

    @staticmethod
    def warnings(result):
        """The warning texts of a result (ansible-core 2.19 sends them as structured events)."""
        return [w if isinstance(w, str) else w["event"]["msg"] for w in result.get("warnings", [])]
