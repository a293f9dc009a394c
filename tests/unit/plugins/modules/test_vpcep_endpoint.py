# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vpcep_endpoint helpers the emulator cannot drive: reading the partial failures of a route table update."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.modules import vpcep_endpoint as module


def test_route_table_update_failures_are_named():
    # Shape of huaweicloudsdkvpcep UpdateEndpointRoutetableResponse.error (RoutetableInfoError).
    answer = {"routetables": ["rt-1"], "error": [{
        "bind_failed": [{"id": "rt-2", "error_message": "route table not found"}],
        "unbind_failed": [{"id": "rt-3", "error_message": "busy"}]}]}
    assert module.routetable_failures(answer) == "bind rt-2: route table not found; unbind rt-3: busy"
    assert module.routetable_failures({"routetables": ["rt-1"]}) == ""
    assert module.routetable_failures({"routetables": [], "error": [{"bind_failed": [], "unbind_failed": None}]}) == ""


def test_state_sorts_route_tables_and_only_gateways_have_them():
    gateway = module.endpoint_state({"service_type": "gateway", "routetables": ["b", "a"], "enable_dns": None})
    assert gateway["routetables"] == ["a", "b"] and gateway["enable_dns"] is False and module.is_gateway(gateway)
    interface = module.endpoint_state({"service_type": "interface", "whitelist": ["10.0.0.0/8"]})
    assert "routetables" not in interface and not module.is_gateway(interface)
