# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_service_private_endpoints and clickhouse_org_private_endpoints against the emulator."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.integration.clickhouse_calls import (
    apply,
    assert_each_fails,
    each_case,
)

# From tests/emulators/fixtures/clickhouse.json.
AWS_SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"   # analytics-prod, us-east-1
GCP_SERVICE = "f712dcb6-81af-4b56-83b6-4df26b9505f1"   # reporting, us-central1
AZURE_SERVICE = "7cb3d89e-2d91-4563-af09-812ab71c5282"  # warehouse, eastus
SEEDED = "vpce-0a1b2c3d4e5f60718"  # attached to AWS_SERVICE and registered in the org
NEW = "vpce-0123456789abcdef0"
OTHER = "vpce-11112222333344445"
PSC = "84592016723381121"
AZURE_ID = ("/subscriptions/0a1b2c3d-0000-4000-8000-00000000abcd/resourceGroups/net/providers/"
            "Microsoft.Network/privateEndpoints/ch-pe")
AZURE_GUID = "5b0a3c4d-1e2f-4a5b-8c7d-9e0f1a2b3c4d"

SERVICE_MODULE = "clickhouse_service_private_endpoints"
ORG_MODULE = "clickhouse_org_private_endpoints"


def attached(clickhouse, service_id=AWS_SERVICE):
    return clickhouse.service(service_id)["privateEndpointIds"]


def registered(clickhouse):
    return {e["id"]: e for e in clickhouse.snapshot()["organization"]["privateEndpoints"]}


def run_service(ansible, twice=False, **args):
    if "service_name" not in args:
        args.setdefault("service_id", AWS_SERVICE)
    return apply(ansible, SERVICE_MODULE, args, twice=twice)


# Service allow-list ----------------------------------------------------------------------


def test_adds_an_endpoint_keeping_the_others_and_a_rerun_writes_nothing(clickhouse, ansible):
    result = run_service(ansible, twice=True, private_endpoint_ids=[NEW])
    assert result.rc == 0, result
    first, again = result.steps[0], result.steps[1]
    assert first["changed"] is True
    assert first["private_endpoint_ids"] == [SEEDED, NEW]
    assert (first["added"], first["removed"], first["service_id"]) == ([NEW], [], AWS_SERVICE)
    assert again["changed"] is False
    assert (again["added"], again["removed"]) == ([], [])
    assert attached(clickhouse) == [SEEDED, NEW]
    # One read and one write for the first run, one read and no write for the second.
    assert clickhouse.log(writes=True) == [("PATCH", "/services/%s" % AWS_SERVICE, {"privateEndpointIds": {"add": [NEW]}})]
    assert clickhouse.counts()["GET"] == 2
    # Attaching registers the endpoint in the organization (as the API does), in the service's region.
    assert registered(clickhouse)[NEW]["region"] == "us-east-1"


def test_service_found_by_name_and_region_costs_one_read(clickhouse, ansible):
    result = run_service(ansible, service_name="analytics-prod", region="us-east-1",
                         provider="aws", private_endpoint_ids=[SEEDED])
    assert result.rc == 0, result
    assert result.steps[0]["changed"] is False
    assert result.steps[0]["service_id"] == AWS_SERVICE
    assert clickhouse.log() == [("GET", "/services", None)]


def test_check_mode_and_diff_show_the_change_without_writing(clickhouse, ansible):
    args = dict(service_id=AWS_SERVICE, private_endpoint_ids=[NEW], purge=True)
    result = apply(ansible, SERVICE_MODULE, args, check=True, diff=True)
    assert result.rc == 0, result
    task = result.steps[0]
    assert task["changed"] is True
    assert (task["added"], task["removed"]) == ([NEW], [SEEDED])
    assert task["private_endpoint_ids"] == [NEW]
    assert task["diff"] == {"before": {"private_endpoint_ids": [SEEDED]}, "after": {"private_endpoint_ids": [NEW]}}
    assert clickhouse.counts()["writes"] == 0
    assert attached(clickhouse) == [SEEDED]


def test_purge_removes_and_adds_in_one_patch(clickhouse, ansible):
    clickhouse.service(AWS_SERVICE)["privateEndpointIds"].append(OTHER)  # added out of band
    result = run_service(ansible, twice=True, private_endpoint_ids=[NEW, SEEDED], purge=True)
    assert result.rc == 0, result
    assert result.steps[0]["removed"] == [OTHER]
    assert result.steps[1]["changed"] is False
    assert sorted(attached(clickhouse)) == sorted([SEEDED, NEW])
    assert clickhouse.log(writes=True) == [("PATCH", "/services/%s" % AWS_SERVICE,
                                            {"privateEndpointIds": {"add": [NEW], "remove": [OTHER]}})]


def test_purge_with_no_ids_detaches_everything_but_keeps_the_registration(clickhouse, ansible):
    result = run_service(ansible, twice=True, private_endpoint_ids=[], purge=True)
    assert result.rc == 0, result
    assert result.steps[0]["removed"] == [SEEDED]
    assert result.steps[1]["changed"] is False
    assert attached(clickhouse) == []
    assert SEEDED in registered(clickhouse)
    assert clickhouse.counts()["writes"] == 1


def test_absent_removes_only_the_listed_ids(clickhouse, ansible):
    clickhouse.service(AWS_SERVICE)["privateEndpointIds"].append(OTHER)
    result = run_service(ansible, twice=True, private_endpoint_ids=[OTHER, NEW], state="absent")
    assert result.rc == 0, result
    assert (result.steps[0]["changed"], result.steps[0]["removed"]) == (True, [OTHER])
    assert result.steps[1]["changed"] is False
    assert attached(clickhouse) == [SEEDED]
    assert clickhouse.log(writes=True) == [("PATCH", "/services/%s" % AWS_SERVICE, {"privateEndpointIds": {"remove": [OTHER]}})]


def test_a_description_attaches_through_the_describing_route(clickhouse, ansible):
    result = run_service(ansible, twice=True, private_endpoint_ids=[NEW, OTHER],
                         descriptions={NEW: "from the data VPC"})
    assert result.rc == 0, result
    assert result.steps[0]["added"] == [NEW, OTHER]
    assert result.steps[1]["changed"] is False
    assert sorted(result.steps[0]["private_endpoint_ids"]) == sorted([SEEDED, NEW, OTHER])
    assert clickhouse.log(writes=True) == [
        ("PATCH", "/services/%s" % AWS_SERVICE, {"privateEndpointIds": {"add": [OTHER]}}),
        ("POST", "/services/%s/privateEndpoint" % AWS_SERVICE, {"id": NEW, "description": "from the data VPC"}),
    ]
    assert registered(clickhouse)[NEW]["description"] == "from the data VPC"


def test_a_description_for_an_endpoint_the_organization_knows_is_not_posted_but_warned_about(clickhouse, ansible):
    # SEEDED is registered in us-east-1 (attached to analytics-prod), so dev-sandbox lists it as available.
    sandbox = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"
    result = run_service(ansible, service_id=sandbox, private_endpoint_ids=[SEEDED, NEW],
                         descriptions={SEEDED: "renamed", NEW: "new one"})
    assert result.rc == 0, result
    assert clickhouse.log(writes=True) == [
        ("PATCH", "/services/%s" % sandbox, {"privateEndpointIds": {"add": [SEEDED]}}),
        ("POST", "/services/%s/privateEndpoint" % sandbox, {"id": NEW, "description": "new one"}),
    ]
    assert registered(clickhouse)[SEEDED]["description"] == "Shared VPC endpoint of the data platform"
    assert registered(clickhouse)[NEW]["description"] == "new one"
    assert any(SEEDED in w and "keeps its description" in w for w in result.steps[0]["warnings"])


def test_a_lost_attach_answer_is_looked_up_not_sent_again(clickhouse, ansible):
    # The attach is applied, then its answer lost: the module must find it attached, not POST twice.
    clickhouse.faults.append(Fault(path="/privateEndpoint$", method="POST", drop=True, after=True))
    result = run_service(ansible, private_endpoint_ids=[NEW], descriptions={NEW: "lost answer"})
    assert result.rc == 0, result
    assert result.steps[0]["changed"] is True
    assert NEW in result.steps[0]["private_endpoint_ids"]
    assert [c[0] for c in clickhouse.log()] == ["GET", "POST", "GET"]
    assert attached(clickhouse) == [SEEDED, NEW]


def test_gcp_psc_connection_id(clickhouse, ansible):
    result = run_service(ansible, twice=True, service_id=GCP_SERVICE, private_endpoint_ids=[PSC])
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert attached(clickhouse, GCP_SERVICE) == [PSC]
    assert registered(clickhouse)[PSC]["cloudProvider"] == "gcp"


def test_azure_ids_compare_case_blind(clickhouse, ansible):
    result = run_service(ansible, service_id=AZURE_SERVICE, private_endpoint_ids=[AZURE_ID, AZURE_GUID])
    assert result.rc == 0, result
    assert attached(clickhouse, AZURE_SERVICE) == [AZURE_ID, AZURE_GUID]
    again = run_service(ansible, service_id=AZURE_SERVICE, private_endpoint_ids=[AZURE_ID.upper(), AZURE_GUID.upper()])
    assert again.rc == 0, again
    assert again.steps[0]["changed"] is False
    assert clickhouse.counts()["writes"] == 1


def test_several_hosts_adding_at_once_all_keep_theirs(clickhouse, ansible):
    ids = ["vpce-%017x" % n for n in range(1, 5)]
    result = ansible.run("clickhouse_service_private_endpoints_forks.yml", env={"ANSIBLE_FORKS": "4"},
                         extra_vars=dict(service_id=AWS_SERVICE, endpoint_ids=ids))
    assert result.rc == 0, result
    assert sorted(attached(clickhouse)) == sorted([SEEDED] + ids)
    # Each run sent its own delta only, never a whole list that could undo another run's add.
    bodies = sorted(body["privateEndpointIds"]["add"][0] for method, path, body in clickhouse.log(writes=True))
    assert bodies == ids


def test_invalid_ids_fail_before_any_request(clickhouse, ansible):
    cases = [
        (dict(private_endpoint_ids=[SEEDED, "vpce-not-hex"]), "private_endpoint_ids[1]: 'vpce-not-hex' is not a private endpoint ID"),
        (dict(private_endpoint_ids=[NEW, PSC]), "private_endpoint_ids: mixes endpoint IDs of aws and gcp"),
        (dict(service_name="reporting", provider="gcp", private_endpoint_ids=[NEW]),
         "private_endpoint_ids[0]: 'vpce-0123456789abcdef0' is an endpoint ID of aws, but provider is gcp"),
        (dict(private_endpoint_ids=[NEW], descriptions={OTHER: "x"}), "descriptions: 'vpce-11112222333344445' is not one of"),
        (dict(private_endpoint_ids=[NEW], descriptions={NEW: "x"}, state="absent"), "descriptions: only used with state=present"),
        (dict(service_id="analytics-prod", private_endpoint_ids=[NEW]), "service_id must be a UUID, got 'analytics-prod'"),
    ]
    options = [args if {"service_id", "service_name"} & set(args) else dict(args, service_id=AWS_SERVICE) for args, dummy in cases]
    result = each_case(ansible, SERVICE_MODULE, options)
    assert_each_fails(result, [message for dummy, message in cases])
    assert clickhouse.requests == []


def test_an_id_of_another_cloud_than_the_service_is_refused_without_writing(clickhouse, ansible):
    result = run_service(ansible, service_id=GCP_SERVICE, private_endpoint_ids=[NEW])
    assert result.rc != 0
    assert result.steps[0]["msg"] == ("private_endpoint_ids: these are aws endpoint IDs, but service "
                                      "reporting (%s) runs on gcp" % GCP_SERVICE)
    assert clickhouse.log() == [("GET", "/services/%s" % GCP_SERVICE, None)]


def test_unknown_service_is_a_clear_error(clickhouse, ansible):
    missing = "00000000-0000-4000-8000-000000000000"
    result = run_service(ansible, service_id=missing, private_endpoint_ids=[NEW])
    assert result.rc != 0
    assert result.steps[0]["msg"] == "no service with id %r in organization %s" % (missing, clickhouse.org_id)
    assert clickhouse.counts()["writes"] == 0


def test_credentials_as_options_never_show(clickhouse, ansible):
    key_id, secret = clickhouse.admin_key
    args = dict(service_id=AWS_SERVICE, private_endpoint_ids=[NEW], api_key_id=key_id, api_key_secret=secret)
    result = apply(ansible, SERVICE_MODULE, args, diff=True, limit_env=["CLICKHOUSE_API_URL", "CLICKHOUSE_ORG_ID"])
    assert result.rc == 0, result
    assert NEW in attached(clickhouse)
    assert secret not in result.output


# Organization registrations --------------------------------------------------------------


def run_org(ansible, twice=False, env=None, **args):
    return apply(ansible, ORG_MODULE, args, twice=twice, env=env)


def test_registers_an_endpoint_and_a_rerun_writes_nothing(clickhouse, ansible):
    endpoint = dict(id=NEW, region="us-east-1", description="An aws private endpoint")
    result = run_org(ansible, twice=True, endpoints=[endpoint])
    assert result.rc == 0, result
    assert result.steps[0]["added"] == [dict(endpoint, cloud_provider="aws")]
    assert result.steps[1]["changed"] is False
    assert registered(clickhouse)[NEW] == dict(id=NEW, cloudProvider="aws", region="us-east-1",
                                               description="An aws private endpoint")
    assert SEEDED in registered(clickhouse)  # registered elsewhere, kept
    assert clickhouse.log(writes=True) == [("PATCH", "", {"privateEndpoints": {"add": [
        dict(id=NEW, cloudProvider="aws", region="us-east-1", description="An aws private endpoint")]}})]
    assert clickhouse.counts()["GET"] == 2


def test_registering_warns_that_the_api_deprecated_it_and_deregistering_does_not(clickhouse, ansible):
    present = run_org(ansible, endpoints=[dict(id=SEEDED, region="us-east-1")])
    assert present.rc == 0, present
    assert any("deprecated" in w and "clickhouse_service_private_endpoints" in w
               for w in present.steps[0]["warnings"]), present.steps[0]
    absent = run_org(ansible, endpoints=[dict(id=NEW)], state="absent")
    assert absent.rc == 0, absent
    assert not any("deprecated" in w for w in absent.steps[0].get("warnings", []))


def test_org_check_mode_and_diff(clickhouse, ansible):
    args = dict(endpoints=[dict(id=PSC, region="us-central1")])
    result = apply(ansible, ORG_MODULE, args, check=True, diff=True)
    assert result.rc == 0, result
    task = result.steps[0]
    assert task["changed"] is True
    psc = dict(id=PSC, cloud_provider="gcp", region="us-central1", description="")
    seeded = dict(id=SEEDED, cloud_provider="aws", region="us-east-1",
                  description="Shared VPC endpoint of the data platform")
    assert task["diff"] == {"before": {"private_endpoints": [seeded]}, "after": {"private_endpoints": [psc, seeded]}}
    assert clickhouse.counts()["writes"] == 0
    assert PSC not in registered(clickhouse)


def test_a_new_description_or_region_is_one_remove_and_add(clickhouse, ansible):
    result = run_org(ansible, twice=True, endpoints=[dict(id=SEEDED, region="us-east-2", description="moved")])
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert registered(clickhouse)[SEEDED] == dict(id=SEEDED, cloudProvider="aws", region="us-east-2", description="moved")
    assert clickhouse.log(writes=True) == [("PATCH", "", {"privateEndpoints": {
        "add": [dict(id=SEEDED, cloudProvider="aws", region="us-east-2", description="moved")],
        "remove": [dict(id=SEEDED, cloudProvider="aws", region="us-east-1")]}})]


def test_an_unset_description_leaves_the_registration_alone(clickhouse, ansible):
    result = run_org(ansible, endpoints=[dict(id=SEEDED, region="us-east-1")])
    assert result.rc == 0, result
    assert result.steps[0]["changed"] is False
    assert clickhouse.counts() == {"GET": 1, "total": 1, "writes": 0}


def test_gcp_and_azure_registrations_infer_their_cloud_and_purge_the_rest(clickhouse, ansible):
    endpoints = [dict(id=PSC, region="us-central1"), dict(id=AZURE_GUID, region="eastus", cloud_provider="azure")]
    result = run_org(ansible, twice=True, endpoints=endpoints, purge=True)
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert {k: v["cloudProvider"] for k, v in registered(clickhouse).items()} == {PSC: "gcp", AZURE_GUID: "azure"}
    assert len(clickhouse.log(writes=True)) == 1


def test_deregisters_an_endpoint_detached_from_every_service(clickhouse, ansible):
    detach = run_service(ansible, private_endpoint_ids=[SEEDED], state="absent")
    assert detach.rc == 0, detach
    assert SEEDED in registered(clickhouse)
    result = run_org(ansible, twice=True, endpoints=[dict(id=SEEDED)], state="absent")
    assert result.rc == 0, result
    assert result.steps[0]["removed"][0]["id"] == SEEDED
    assert result.steps[1]["changed"] is False
    assert registered(clickhouse) == {}
    assert clickhouse.log(writes=True)[-1] == ("PATCH", "", {"privateEndpoints": {"remove": [
        dict(id=SEEDED, cloudProvider="aws", region="us-east-1")]}})


def test_a_developer_key_gets_a_clear_403(clickhouse, ansible):
    key_id, secret = clickhouse.developer_key
    result = run_org(ansible, endpoints=[dict(id=NEW, region="us-east-1")],
                     env={"CLICKHOUSE_CLOUD_API_KEY": key_id, "CLICKHOUSE_CLOUD_API_SECRET": secret})
    assert result.rc != 0
    message = result.steps[0]["msg"]
    assert "HTTP 403" in message and "needs an API key with the Admin role" in message
    assert result.steps[0]["api_error"]["status"] == 403
    assert NEW not in registered(clickhouse)
    assert secret not in result.output


def test_invalid_registrations_fail_before_any_request(clickhouse, ansible):
    cases = [
        ([dict(id="my-endpoint", region="us-east-1")], "endpoints[0].id: 'my-endpoint' is not a private endpoint ID"),
        ([dict(id=PSC, region="us-east1", cloud_provider="aws")],
         "endpoints[0].id: '84592016723381121' is an endpoint ID of gcp, but endpoints[0].cloud_provider is aws"),
        ([dict(id=NEW, region="us-east-1"), dict(id=PSC)], "endpoints[1].region: required with state=present"),
        ([dict(id=NEW, region="eastus")], "endpoints[0].region: 'eastus' is not a region name of aws"),
        ([dict(id=NEW, region="us-east-1"), dict(id=NEW, region="us-east-2")],
         "endpoints: vpce-0123456789abcdef0 is given twice with different settings"),
    ]
    options = [dict(endpoints=e) for e, dummy in cases]
    cases.append((None, "organization_id must be a UUID, got 'my-org'"))
    options.append(dict(endpoints=[dict(id=NEW, region="us-east-1")], organization_id="my-org"))
    result = each_case(ansible, ORG_MODULE, options)
    assert_each_fails(result, [message for dummy, message in cases])
    assert clickhouse.requests == []
