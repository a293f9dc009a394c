# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse_access import (
    check_endpoint_id,
    check_region,
    delta,
    endpoint_cloud,
    endpoint_key,
    ip_source,
)

AZURE_ID = ("/subscriptions/0a1b2c3d-0000-4000-8000-00000000abcd/resourceGroups/net/providers/"
            "Microsoft.Network/privateEndpoints/ch-pe")


@pytest.mark.parametrize("endpoint_id, cloud", [
    ("vpce-0123456789abcdef0", "aws"),
    ("vpce-1a2b3c4d", "aws"),
    ("84592016723381121", "gcp"),
    (AZURE_ID, "azure"),
    (AZURE_ID.lower(), "azure"),
    ("0A1B2C3D-0000-4000-8000-00000000ABCD", "azure"),
])
def test_endpoint_ids_are_recognised_per_cloud(endpoint_id, cloud):
    assert endpoint_cloud(endpoint_id) == cloud
    assert check_endpoint_id(endpoint_id, "ids[0]") == cloud


@pytest.mark.parametrize("endpoint_id", [
    "", "vpce-", "vpce-XYZ12345", "vpce-0123456789abcdef01", "VPCE-0123456789abcdef0", " vpce-1a2b3c4d",
    "12a4", "projects/p/regions/r/forwardingRules/x", "0a1b2c3d-0000-4000-8000",
    "/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ch",
    AZURE_ID + "/extra",
])
def test_garbage_is_refused_naming_the_option(endpoint_id):
    with pytest.raises(ValueError, match=r"^ids\[2\]: .* is not a private endpoint ID of any supported cloud"):
        check_endpoint_id(endpoint_id, "ids[2]")


def test_an_id_of_another_cloud_is_refused_naming_both_options():
    with pytest.raises(ValueError, match=r"ids\[0\]: '84592016723381121' is an endpoint ID of gcp, but provider is aws"):
        check_endpoint_id("84592016723381121", "ids[0]", "aws", "provider")


def test_endpoint_key_is_case_blind_for_azure():
    assert endpoint_key(AZURE_ID) == endpoint_key(AZURE_ID.upper())


@pytest.mark.parametrize("region, cloud", [
    ("us-east-1", "aws"), ("ap-northeast-1", "aws"), ("us-gov-west-1", "aws"),
    ("us-east1", "gcp"), ("europe-west4", "gcp"), ("northamerica-northeast1", "gcp"),
    ("eastus", "azure"), ("eastus2", "azure"), ("germanywestcentral", "azure"),
])
def test_regions_follow_their_cloud_naming(region, cloud):
    assert check_region(region, cloud, "r") == region
    for other in {"aws", "gcp", "azure"} - {cloud}:
        with pytest.raises(ValueError, match="r: %r is not a region name of %s" % (region, other)):
            check_region(region, other, "r")


@pytest.mark.parametrize("given, normal", [
    ("10.0.0.1", "10.0.0.1"),
    ("10.0.0.1/32", "10.0.0.1"),
    (" 198.51.100.0/24 ", "198.51.100.0/24"),
    ("0.0.0.0/0", "0.0.0.0/0"),
    ("2001:DB8:0:0::1", "2001:db8::1"),
    ("2001:db8::1/128", "2001:db8::1"),
    ("2001:db8::/48", "2001:db8::/48"),
    ("10.0.0.0/255.0.0.0", "10.0.0.0/8"),
])
def test_ip_sources_are_normalised(given, normal):
    assert ip_source(given, "s") == normal


def test_host_bits_are_refused_with_the_network_named():
    with pytest.raises(ValueError, match=r"entries\[1\].source: '10.0.0.1/24' has host bits set; the network is 10.0.0.0/24"):
        ip_source("10.0.0.1/24", "entries[1].source")


@pytest.mark.parametrize("given", ["", "10.0.0.256", "10.0.0.0/33", "example.com", "010.0.0.1", "::g"])
def test_bad_ip_sources_are_refused(given):
    with pytest.raises(ValueError, match="is not an IPv4 or IPv6 address or CIDR"):
        ip_source(given, "s")


def test_delta_leaves_out_the_empty_side():
    assert delta(["a"], []) == {"add": ["a"]}
    assert delta([], ["b"]) == {"remove": ["b"]}
    assert delta(["a"], ["b"]) == {"add": ["a"], "remove": ["b"]}
