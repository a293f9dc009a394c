# The two commands a new machine needs are `make demo` and `make test` (see README.md).
# Everything else here is a step they call, usable on its own while developing.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Ansible finds the collection here; a link, so edits take effect at once.
LINK_ROOT := $(CURDIR)/.build/link
LINK := $(LINK_ROOT)/ansible_collections/privatelink/endpoints
# ansible-test needs a real directory at ansible_collections/<ns>/<name> (it resolves links).
COPY := $(CURDIR)/.build/test/ansible_collections/privatelink/endpoints
ANSIBLE_TEST_PIP := $(HOME)/.ansible/test/cache/get_pip_24_2.py

export PATH := $(CURDIR)/$(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(LINK_ROOT):$(CURDIR)/$(VENV)/lib/python3.11/site-packages
export PYTHONPATH := $(LINK_ROOT)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_DEPRECATION_WARNINGS := 0

.PHONY: demo test venv collection copy emulators sanity units integration lint importer docs-lint molecule build clean

demo: venv collection
	$(BIN)/python playbooks/demo.py

test: venv collection
	tests/run_gates.sh

venv: $(VENV)/.installed $(ANSIBLE_TEST_PIP)

$(VENV)/.installed: tests/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	touch $@

$(ANSIBLE_TEST_PIP): tests/utils/get_pip.py
	mkdir -p $(dir $@)
	cp $< $@

collection:
	mkdir -p $(dir $(LINK))
	ln -sfn $(CURDIR) $(LINK)

copy:
	rm -rf $(COPY) && mkdir -p $(COPY)
	tar -c --exclude=./.venv --exclude=./.build --exclude=./.git --exclude=./tests/output \
		--exclude=./dist --exclude=__pycache__ -f - . | tar -x -C $(COPY)

emulators: venv collection
	$(BIN)/python -m ansible_collections.privatelink.endpoints.tests.emulators

sanity: venv copy
	cd $(COPY) && ansible-test sanity --python 3.11 --color no

units: venv copy
	cd $(COPY) && ansible-test units --python 3.11 --venv --color no

integration: venv collection
	$(BIN)/python -m pytest -q tests/integration

build: venv
	rm -rf dist && mkdir -p dist
	$(BIN)/ansible-galaxy collection build --force --output-path dist .

lint: venv collection
	$(BIN)/ansible-lint --offline --profile production

importer: build
	GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=True $(BIN)/python -m galaxy_importer.main dist/privatelink-endpoints-*.tar.gz

docs-lint: venv collection
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs $(LINK)

clean:
	rm -rf .build dist tests/output
