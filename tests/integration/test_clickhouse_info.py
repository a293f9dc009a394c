# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


def test_lists_services(clickhouse, ansible):
    result = ansible.run("service_info.yml")
    assert result.rc == 0, result
    names = sorted(s["name"] for s in result.tasks["Service info"]["services"])
    assert names == sorted(s["name"] for s in clickhouse.snapshot()["services"])
    assert clickhouse.counts() == {"GET": 1, "total": 1, "writes": 0}
