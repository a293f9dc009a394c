# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one module factory and option-error path of every module family.

``build_module(argument_spec, validate)`` makes the module, then collects every
option error (each message naming its option) and fails once with all of
them, before any API call: a missing library, ``required_one_of`` groups whose
options are all unset or null, the shared options and ID options
(``common_option_errors``), the family's and module's own ``validate(params)``,
and the one ``wait_timeout`` rule (``wait_errors``).
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    common_option_errors,
)

#: (name, installed, import traceback) of the HTTP library every API family but AWS needs.
REQUESTS = ("requests", HAS_REQUESTS, REQUESTS_IMPORT_ERROR)

#: The one rule for ``wait_timeout`` (doc fragment ``privatelink.endpoints.wait``): whole seconds, at least this.
WAIT_TIMEOUT_MIN = 1


def wait_argument_spec():
    """``wait`` and ``wait_timeout`` (doc fragment ``privatelink.endpoints.wait``)."""
    return dict(wait=dict(type="bool", default=True), wait_timeout=dict(type="int", default=600))


def wait_errors(params):
    """The ``wait_timeout`` rule: at least WAIT_TIMEOUT_MIN seconds."""
    value = params.get("wait_timeout")
    if value is None or value >= WAIT_TIMEOUT_MIN:
        return []
    problem = "must not be negative: it " if value < 0 else ""
    return ["wait_timeout %smust be at least %d second, got %s" % (problem, WAIT_TIMEOUT_MIN, value)]


def required_one_of_errors(params, groups):
    """``required_one_of`` as users mean it: an option set to null (``id: null``, an empty variable)
    names nothing, although AnsibleModule counts it as given."""
    return ["one of %s is required" % ", ".join(group) for group in groups or []
            if not any(params.get(name) not in (None, "", []) for name in group)]


def required_unless_errors(params, rules):
    """``(option, other)`` pairs: ``option`` is required unless ``other`` is given."""
    return ["%s is required unless %s is given" % (option, other) for option, other in rules or []
            if params.get(option) in (None, "", []) and params.get(other) in (None, "", [])]


def option_errors(params, validate=None, required_one_of=None, id_options=(), required_unless=None):
    """Every option error, in order, each once."""
    errors = required_one_of_errors(params, required_one_of) + common_option_errors(params, id_options)
    errors += required_unless_errors(params, required_unless)
    errors += (validate(params) if validate else []) + wait_errors(params)
    return list(dict.fromkeys(errors))


def build_module(argument_spec, validate=None, module_class=AnsibleModule, libraries=(REQUESTS,), id_options=(),
                 required_unless=None, secrets=None, **kwargs):
    """The module of any family, failed once with every option error before any API call.

    ``validate(params)`` returns the family's and module's own errors (a list of
    messages naming the option); ``libraries`` lists (name, installed, traceback)
    of what the module needs (AnsibleAWSModule checks boto3 itself);
    ``id_options`` are options besides ``id``/``*_id``/``*_ids`` that hold IDs;
    ``required_unless`` lists ``(option, other)``: ``option`` is needed unless ``other`` is given.
    ``secrets(params)`` lists values to mask that no option's ``no_log`` covers (inside a dict
    option), masked before any option error can show the options.
    Check mode is supported unless ``supports_check_mode=False`` is given.
    """
    kwargs.setdefault("supports_check_mode", True)
    module = module_class(argument_spec=argument_spec, **kwargs)
    if secrets:
        module.no_log_values.update(secrets(module.params))
    missing = [(name, trace) for name, installed, trace in libraries if not installed]
    if missing:
        module.fail_json(msg="; ".join(missing_required_lib(name) for name, _trace in missing),
                         exception=missing[0][1])
    errors = option_errors(module.params, validate, kwargs.get("required_one_of"), id_options, required_unless)
    if errors:
        module.fail_json(msg="; ".join(errors))
    return module
