# The two commands a new machine needs are `make demo` and `make test` (see README.md).
# Everything else here is a step they call, usable on its own while developing.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE := $(CURDIR)/$(VENV)/lib/python3.11/site-packages
# Ansible finds the collection here; a link, so edits take effect at once.
LINK_ROOT := $(CURDIR)/.build/link
LINK := $(LINK_ROOT)/ansible_collections/privatelink/endpoints
# ansible-test needs a real directory at ansible_collections/<ns>/<name> (it resolves links).
COPY := $(CURDIR)/.build/test/ansible_collections/privatelink/endpoints
# Where `make build` puts the collection tarball.
DIST := $(CURDIR)/dist
ANSIBLE_TEST_PIP := $(HOME)/.ansible/test/cache/get_pip_24_2.py
# Collections this one depends on, taken from the `ansible` package (Galaxy is not reachable here).
DEPENDENCIES := amazon/aws

export PATH := $(CURDIR)/$(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(LINK_ROOT):$(SITE)
export PYTHONPATH := $(LINK_ROOT)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_DEPRECATION_WARNINGS := 0

.PHONY: demo test venv collection copy emulators sanity units integration reliability lint importer docs-lint \
	molecule build changelog-lint clean

demo: venv collection
	$(BIN)/python playbooks/demo.py

# GATES="sanity units" runs only those (see tests/run_gates.sh).
test: venv collection
	tests/run_gates.sh $(GATES)

venv: $(VENV)/.installed $(ANSIBLE_TEST_PIP)

$(VENV)/.installed: tests/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -r tests/requirements.txt
	touch $@

# ansible-test downloads a pip bootstrap script from a host these machines cannot reach.
$(ANSIBLE_TEST_PIP): tests/utils/get_pip.py
	mkdir -p $(dir $@)
	cp $< $@

collection:
	mkdir -p $(dir $(LINK))
	ln -sfn $(CURDIR) $(LINK)

# A clean copy for ansible-test: the files git knows (tracked, or new and not ignored), plus the
# collections we depend on beside it so sanity's import test and the unit tests can load them.
# ansible-test lists files with git when it finds a repository above it, so the copy gets its own
# (tracking nothing: ansible-test takes untracked files that are not ignored) in place of the checkout's.
# Give each concurrent user their own: `make sanity COPY=/tmp/me/ansible_collections/privatelink/endpoints`.
copy:
	rm -rf $(COPY) && mkdir -p $(COPY)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard \
			| while IFS= read -r -d '' f; do test -e "$$f" && printf '%s\0' "$$f"; done \
			| tar -c --null -T - -f - | tar -x -C $(COPY); \
	else \
		tar -c --exclude=./.venv --exclude=./.build --exclude=./tests/output --exclude=./dist \
			--exclude=__pycache__ -f - . | tar -x -C $(COPY); \
	fi
	git init -q $(COPY)
	for dep in $(DEPENDENCIES); do \
		mkdir -p $(COPY)/../../$$dep && cp -r $(SITE)/ansible_collections/$$dep/. $(COPY)/../../$$dep/; \
	done

emulators: venv collection
	$(BIN)/python -m ansible_collections.privatelink.endpoints.tests.emulators

# Problems are fixed, never listed in an ignore file.
sanity: venv copy
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "tests/sanity/ignore-*.txt must not exist: fix what sanity finds instead"; exit 1; fi
	cd $(COPY) && ansible-test sanity --python 3.11 --color no

units: venv copy
	cd $(COPY) && ansible-test units --python 3.11 --venv --color no

integration: venv collection
	$(BIN)/python -m pytest -q -n 2 tests/integration

# The fault suite: modules run in-process (one process: its summary line counts every case).
reliability: venv collection
	$(BIN)/python -m pytest -q -p no:xdist tests/reliability

build: venv copy
	rm -rf $(DIST) && mkdir -p $(DIST)
	cd $(COPY) && ansible-galaxy collection build --force --output-path $(DIST) .

lint: venv collection
	ansible-lint --offline --profile production --nocolor

# The import Galaxy runs on upload, offline; its ansible-test step needs containers, so it stays off.
# Galaxy accepts an import with warnings (its ansible-lint findings among them); this gate does not.
# It runs in $(DIST) because galaxy-importer writes importer_result.json where it runs.
importer: build
	cd $(DIST) && GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=True GALAXY_IMPORTER_RUN_ANSIBLE_TEST=False \
		$(CURDIR)/$(BIN)/python -m galaxy_importer.main privatelink-endpoints-*.tar.gz 2>&1 \
		| tee importer.log; test $${PIPESTATUS[0]} -eq 0
	! grep -E '^(WARNING|ERROR)' $(DIST)/importer.log

# antsibull-docs copies dependencies with `git ls-files` when it finds a repository above them; the
# ceiling keeps git from taking the venv for part of this checkout (where it is ignored: nothing copied).
docs-lint: venv collection
	GIT_CEILING_DIRECTORIES=$(SITE) antsibull-docs lint-collection-docs --plugin-docs $(LINK)

changelog-lint: venv
	antsibull-changelog lint

# Every molecule scenario (roles/*/molecule/* and extensions/molecule/*).
molecule: venv collection
	tests/run_gates.sh molecule

clean:
	rm -rf .build dist tests/output
