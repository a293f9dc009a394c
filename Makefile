# The two commands a new machine needs are `make demo` and `make test` (see README.md).
# Everything else here is a step they call, usable on its own while developing.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The venv's Python version and site-packages, asked of the venv when they are used (recursive `=`):
# on a fresh machine the venv does not exist until `make venv` has made it.
PY_VERSION = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
SITE = $(CURDIR)/$(VENV)/lib/python$(PY_VERSION)/site-packages
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
export ANSIBLE_COLLECTIONS_PATH = $(LINK_ROOT):$(SITE)
export PYTHONPATH := $(LINK_ROOT)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_DEPRECATION_WARNINGS := 0

.PHONY: demo test venv collection copy emulators sanity units integration integration-usual reliability lint importer \
	docs-lint docs molecule build changelog-lint clean bench

demo: venv collection
	$(BIN)/python tools/demo.py

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
	$(call copy_files,$(COPY))
	git init -q $(COPY)
	for dep in $(DEPENDENCIES); do \
		mkdir -p $(COPY)/../../$$dep && cp -r $(SITE)/ansible_collections/$$dep/. $(COPY)/../../$$dep/; \
	done

# copy_files DIR: the files git knows (or, outside git, the tree without build output) into DIR.
define copy_files
	rm -rf $(1) && mkdir -p $(1)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard \
			| while IFS= read -r -d '' f; do test -e "$$f" && printf '%s\0' "$$f"; done \
			| tar -c --null -T - -f - | tar -x -C $(1); \
	else \
		tar -c --exclude=./.venv --exclude=./.build --exclude=./tests/output --exclude=./dist \
			--exclude=__pycache__ -f - . | tar -x -C $(1); \
	fi
endef

emulators: venv collection
	$(BIN)/python -m ansible_collections.privatelink.endpoints.tests.emulators

# Problems are fixed, never listed in an ignore file.
sanity: venv copy
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "tests/sanity/ignore-*.txt must not exist: fix what sanity finds instead"; exit 1; fi
	cd $(COPY) && ansible-test sanity --python $(PY_VERSION) --color no

units: venv copy
	cd $(COPY) && ansible-test units --python $(PY_VERSION) --venv --color no

integration: venv collection
	$(BIN)/python -m pytest -q -n 2 tests/integration

# The same tests with every module run the usual way (AnsiballZ), not inside the task's worker.
integration-usual: venv collection
	PRIVATELINK_TEST_USUAL_WAY=1 $(BIN)/python -m pytest -q -n 2 tests/integration

# The fault suite: modules run in-process (one process: its summary line counts every case).
reliability: venv collection
	$(BIN)/python -m pytest -q -p no:xdist tests/reliability

# Needs only ansible-galaxy (ansible-core) on PATH, not the test venv.
BUILD_SRC := $(CURDIR)/.build/src
build:
	$(call copy_files,$(BUILD_SRC))
	rm -rf $(DIST) && mkdir -p $(DIST)
	ansible-galaxy collection build --force --output-path $(DIST) $(BUILD_SRC)

lint: venv collection
	ansible-lint --offline --profile production --nocolor

# The import Galaxy runs on upload, offline; its ansible-test step needs containers, so it stays off.
# Galaxy accepts an import with warnings (its ansible-lint findings among them); this gate does not.
# It runs in $(DIST) because galaxy-importer writes importer_result.json where it runs.
importer: venv build
	cd $(DIST) && GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=True GALAXY_IMPORTER_RUN_ANSIBLE_TEST=False \
		$(CURDIR)/$(BIN)/python -m galaxy_importer.main privatelink-endpoints-*.tar.gz 2>&1 \
		| tee importer.log; test $${PIPESTATUS[0]} -eq 0
	! grep -E '^(WARNING|ERROR)' $(DIST)/importer.log

# antsibull-docs copies dependencies with `git ls-files` when it finds a repository above them; the
# ceiling keeps git from taking the venv for part of this checkout (where it is ignored: nothing copied).
# Then builds the docs site, whose Sphinx warnings (broken references of the guides) fail it too.
docs-lint: venv collection
	GIT_CEILING_DIRECTORIES=$(SITE) antsibull-docs lint-collection-docs --plugin-docs $(LINK)
	$(MAKE) --no-print-directory docs

# The docs site: plugin and role pages, and the guides of docs/docsite/, rendered by antsibull-docs and
# Sphinx into $(DOCS)/build/html. Offline: no intersphinx (-D extensions=...), so references into the
# Ansible docsite and amazon.aws stay unresolved; every other warning fails the build.
DOCS_OFFLINE_REFS := undefined label: '(ansible_configuration_settings|action_plugins|common_return_values|ansible_collections\.amazon\.aws\.[a-z0-9_]+)'|'envvar' reference target not found: ANSIBLE_[A-Z_]+
DOCS := $(CURDIR)/.build/docs
docs: venv collection
	rm -rf $(DOCS) && mkdir -p $(DOCS)
	antsibull-docs sphinx-init --use-current --dest-dir $(DOCS) --fail-on-error --project privatelink.endpoints \
		--title privatelink.endpoints --copyright "privatelink.endpoints contributors" privatelink.endpoints
	mkdir -p $(DOCS)/rst && chmod og-w $(DOCS)/rst
	cd $(DOCS) && GIT_CEILING_DIRECTORIES=$(SITE) antsibull-docs --config-file antsibull-docs.cfg collection \
		--cleanup everything --use-current --fail-on-error --dest-dir rst privatelink.endpoints
	sphinx-build -M html $(DOCS)/rst $(DOCS)/build -c $(DOCS) -q -w $(DOCS)/warnings.log -D extensions=sphinx_antsibull_ext
	! grep -vE "$(DOCS_OFFLINE_REFS)" $(DOCS)/warnings.log
	@echo "The docs site: $(DOCS)/build/html/index.html"

changelog-lint: venv
	antsibull-changelog lint

# Figures, not a gate: roles against uri tasks, requests per API, the rate-limited scale run, the
# poll lag (docs/performance.md). BENCH_ARGS="--rounds 2 --services 20" for a shorter run.
bench: venv collection
	$(BIN)/python tests/bench/bench.py $(BENCH_ARGS)

# Every molecule scenario (roles/*/molecule/* and extensions/molecule/*).
molecule: venv collection
	tests/run_gates.sh molecule

clean:
	rm -rf .build dist tests/output
