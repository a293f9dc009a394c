#!/usr/bin/env bash
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every quality gate of the collection, one after another (`make test` runs this).
#
#   tests/run_gates.sh            all gates
#   tests/run_gates.sh GATE...    only these: sanity units integration integration-usual reliability lint docs-lint
#                                 importer molecule
#
# Each gate's output goes to tests/output/gates/<gate>.log; a failing gate shows its tail. The last
# line is the summary "N passed, N failed" and the exit status is non-zero when anything failed.
# Gates that have nothing to check yet (no integration tests, no molecule scenarios) say SKIP and
# count neither way.

set -u -o pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
LOGS=$ROOT/tests/output/gates
# The runner's own ansible-test copy and tarball, so a developer's `make sanity` cannot clash with it.
WORK=$ROOT/.build/gates
MAKE_VARS=(COPY="$WORK/ansible_collections/privatelink/endpoints" DIST="$WORK/dist")
ALL_GATES=(sanity units integration integration-usual reliability lint docs-lint importer molecule)
TAIL_LINES=${TAIL_LINES:-80}
# Plain logs: no colour codes from molecule, ansible-lint or pytest.
export NO_COLOR=1 PY_COLORS=0 ANSIBLE_FORCE_COLOR=0

passed=0
failed=0
failures=()
gate_pid=
mkdir -p "$LOGS"

stop_gate() {
    [ -z "$gate_pid" ] || kill -- -"$gate_pid" 2>/dev/null
    exit 130
}
trap stop_gate INT TERM

# run_gate NAME COMMAND...: run COMMAND with its output in the gate's log, report outcome and time.
run_gate() {
    local name=$1
    shift
    local log="$LOGS/${name//\//_}.log"
    local start=$SECONDS
    printf '==> %s\n' "$name"
    # Its own process group, so servers a gate leaves behind, or an interrupted gate, are stopped.
    setsid "$@" >"$log" 2>&1 </dev/null &
    gate_pid=$!
    wait "$gate_pid"
    local status=$?
    kill -- -"$gate_pid" 2>/dev/null
    gate_pid=
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        printf 'PASS  %-40s %4ds\n' "$name" $((SECONDS - start))
    else
        failed=$((failed + 1))
        failures+=("$name")
        tail -n "$TAIL_LINES" "$log" | sed 's/^/    | /'
        printf 'FAIL  %-40s %4ds  (full log: %s)\n' "$name" $((SECONDS - start)) "${log#"$ROOT"/}"
    fi
}

skip_gate() {
    printf 'SKIP  %-40s %s\n' "$1" "$2"
}

MAKE=(make -s --no-print-directory "${MAKE_VARS[@]}")

gate_integration() {  # NAME: integration, or integration-usual (the same tests, modules the usual way)
    if ! compgen -G "tests/integration/test_*.py" >/dev/null; then
        skip_gate "$1" "no tests in tests/integration yet"
        return
    fi
    # pytest's "no tests collected" (exit 5) fails here: test files that collect nothing are broken.
    run_gate "$1" "${MAKE[@]}" "$1"
}

# Scenarios live in roles/<role>/molecule/<scenario>/ or extensions/molecule/<scenario>/.
gate_molecule() {
    local found=0 config scenario_dir
    # molecule runs from the directory that holds molecule/ and is given the scenario's name.
    for config in roles/*/molecule/*/molecule.yml extensions/molecule/*/molecule.yml; do
        [ -e "$config" ] || continue
        found=1
        scenario_dir=$(dirname "$config")
        # molecule's default ephemeral directory is named after the scenario and "extensions" (or the
        # role) only, so another checkout running the same scenario would share it (and its servers).
        run_gate "molecule:${scenario_dir}" \
            env -C "${scenario_dir%/molecule/*}" \
            MOLECULE_EPHEMERAL_DIRECTORY="$WORK/molecule/${scenario_dir//\//_}" \
            molecule test -s "${scenario_dir##*/}"
    done
    [ "$found" = 1 ] || skip_gate molecule "no molecule scenarios yet"
}

gate() {
    case $1 in
        integration | integration-usual) gate_integration "$1" ;;
        molecule) gate_molecule ;;
        sanity | units | reliability | lint | docs-lint | importer) run_gate "$1" "${MAKE[@]}" "$1" ;;
        *)
            printf 'unknown gate %s (known: %s)\n' "$1" "${ALL_GATES[*]}" >&2
            exit 2
            ;;
    esac
}

# The Makefile's environment (PATH to the venv, collection paths) when run on its own.
if [ -z "${MAKELEVEL:-}" ]; then
    exec make -s --no-print-directory test GATES="$*"
fi

gates=("$@")
[ ${#gates[@]} -gt 0 ] || gates=("${ALL_GATES[@]}")
total_start=$SECONDS
for name in "${gates[@]}"; do
    gate "$name"
done

printf '\nGates took %ds.' $((SECONDS - total_start))
[ ${#failures[@]} -eq 0 ] || printf ' Failed: %s.' "${failures[*]}"
printf '\n%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
