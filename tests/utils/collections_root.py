# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Puts the directory that holds ``ansible_collections/privatelink/endpoints`` on ``sys.path``: the
checkout's own tree when it sits in one, else the link ``make collection`` creates. The pytest suites'
conftests run this file by its path (``runpy.run_path``) before they import the collection's code as
``ansible_collections.privatelink.endpoints...``, so they work without the Makefile's ``PYTHONPATH``.
Standard library only: nothing of the collection can be imported yet when it runs."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COLLECTIONS_ROOT = REPO.parents[2] if REPO.parents[1].name == "ansible_collections" else REPO / ".build" / "link"
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))
