# Soapbox build and test entry points. The two everyday commands:
#   make site    build the sample publication into site/
#   make test    run the whole test suite (installs what it needs)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV        := .venv
VPY         := $(VENV)/bin/python
MKDOCS_YML  ?= mkdocs.yml
SITE_DIR    ?= site
SERVE_ADDR  ?= 127.0.0.1:8000
PYTEST_ARGS ?=
AUDIT_ARGS  ?=

# Silence the end-of-life banner mkdocs-material prints when run through MkDocs, and ProperDocs'
# "switch to ProperDocs" notice (printed only if some plugin opts into it).
export NO_MKDOCS_2_WARNING := true
export DISABLE_MKDOCS_2_WARNING := true

# `make lock`: pip-tools runs from a throwaway venv in /tmp, against pip's default index alone:
# the machine's pip config adds local mirrors and find-links, which must not leak into, or decide,
# the lock files (PIP_CONFIG_FILE=/dev/null makes pip skip every config file).
PIPTOOLS_VERSION ?= 7.6.2
PIPTOOLS_VENV    ?= /tmp/soapbox-piptools
# Resolve under the oldest interpreter we support, so that every pin installs there too: Debian
# 12's /usr/bin/python3.11 is 3.11.2 (e.g. pymdown-extensions 13 needs Python >= 3.11.5).
LOCK_PYTHON      ?= $(firstword $(wildcard /usr/bin/python3.11) $(shell command -v python3.11 || command -v python3))
# make lock UPGRADE=1 re-resolves everything to the newest allowed versions.
UPGRADE          ?=
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	$(PIPTOOLS_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--build-deps-for=editable --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	$(if $(UPGRADE),--upgrade)

.PHONY: help bootstrap bootstrap-dev site serve test lint golden audit docs docs-reference lock clean distclean

help:
	@echo "make site       build the sample site into $(SITE_DIR)/ (mkdocs build --strict)"
	@echo "make serve      live-preview the sample site on http://$(SERVE_ADDR)/"
	@echo "make test       run the test suite (PYTEST_ARGS='...' to pass options)"
	@echo "make docs       build the documentation site (docs/) into docs/site/ (strict)"
	@echo "make lint       ruff check, ruff format --check and mypy (make test runs them first)"
	@echo "make golden     rebuild the sample and rewrite tests/golden/ (only for an intended output change)"
	@echo "make audit      Lighthouse, HTML validity and structured data on every page type (AUDIT_ARGS='...')"
	@echo "make lock       regenerate requirements.lock and requirements-dev.lock (UPGRADE=1 to bump)"
	@echo "make clean      remove build output and caches; make distclean also removes .venv"

bootstrap:
	bash scripts/bootstrap.sh

bootstrap-dev:
	bash scripts/bootstrap.sh --dev

site: bootstrap
	$(VENV)/bin/mkdocs build --strict -f $(MKDOCS_YML) -d $(SITE_DIR)

serve: bootstrap
	$(VENV)/bin/mkdocs serve -f $(MKDOCS_YML) -a $(SERVE_ADDR)

test: bootstrap-dev lint
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-audit-tools.sh
	bash scripts/ensure-newsboat.sh
	$(VPY) -m pytest $(PYTEST_ARGS)

# The documentation site. Its configuration reference is generated from the option docstrings in
# plugins/soapbox/core/settings.py: `make docs` stops when the committed page is out of date,
# `make docs-reference` regenerates it.
docs: bootstrap
	$(VPY) -m soapbox.reference --check
	$(VENV)/bin/mkdocs build --strict -f docs/mkdocs.yml

docs-reference: bootstrap
	$(VPY) -m soapbox.reference --write
# Quality gates, fast and first: lint, formatting and types must be clean before any test runs.
LINT_PATHS := plugins tests scripts
lint: bootstrap-dev
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy

# The golden files of the sample (tests/build/test_golden.py diffs against them on every run).
golden: bootstrap-dev
	$(VPY) tests/golden.py --update

# Builds the sample into a temporary folder and audits it; AUDIT_ARGS="--desktop --json audit.json".
audit: bootstrap-dev
	bash scripts/ensure-chromium.sh
	$(VPY) scripts/audit.py -f $(MKDOCS_YML) $(AUDIT_ARGS)

lock:
	rm -rf $(PIPTOOLS_VENV)
	$(LOCK_PYTHON) -m venv $(PIPTOOLS_VENV)
	$(PIPTOOLS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "pip-tools==$(PIPTOOLS_VERSION)"
	$(PIP_COMPILE) --output-file=requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra=test --constraint=requirements.lock --output-file=requirements-dev.lock pyproject.toml
	rm -rf $(PIPTOOLS_VENV)
	@! grep -nE 'file:/|^-(-find-links|-extra-index-url|-index-url|f |i )|/opt/|/tmp/|/work/|/root/' requirements.lock requirements-dev.lock || \
		{ echo "lock files reference local paths" >&2; exit 1; }

clean:
	rm -rf $(SITE_DIR) docs/site build .pytest_cache *.egg-info plugins/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .cache
