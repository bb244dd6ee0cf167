# SearchCraft: `make book` builds the site, `make test` runs the whole suite. Both set up everything
# they need on a fresh Debian machine with Python 3.11, starting from nothing but this folder.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
VENDOR := _assets/vendor/.vendored
# Python for the browser (Pyodide, pinned wheels, a searchcraft wheel, the practice database): gathered
# into _live/, which Sphinx copies into _build/html/_static/ (see searchcraft.course.live_site).
LIVE := _live/wheels/manifest.json
LIVE_INPUTS := requirements-browser.txt requirements-browser-source.txt pyproject.toml \
  $(shell find src/searchcraft modules book -type f -not -name '*.pyc' -not -path '*/__pycache__/*' \
    -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)
PYTEST_ARGS ?=

.PHONY: help book test test-fast lint lab database vendor system-packages clean

help:
	@echo "make book   build the practice database and the course site into _build/html"
	@echo "make test   install what the tests need (Chromium included) and run the whole suite"
	@echo "make lab    open the course in JupyterLab"
	@echo "make test-fast  the suite without browser, kernel or nbgrader tests, on both cores"
	@echo "make lint   ruff (pyflakes, pycodestyle, isort, pyupgrade, bugbear) and mypy (types)"

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Front-end files come from npm at build time and are served by the site itself.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json
	rm -rf _assets/vendor && mkdir -p _assets/vendor
	cd node_modules/@jupyter-widgets/html-manager/dist && \
	  cp embed-amd.js libembed-amd.js *.woff *.woff2 *.eot *.ttf *.svg $(CURDIR)/_assets/vendor/
	cp node_modules/requirejs/require.js _assets/vendor/require.js
	touch $@

$(LIVE): $(INSTALLED) node_modules/.package-lock.json $(LIVE_INPUTS) requirements-lab.txt
	$(BIN)/searchcraft course live-files _live

vendor: $(VENDOR) $(LIVE)

database: $(INSTALLED)
	$(BIN)/searchcraft practice build

book: $(INSTALLED) vendor database
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/searchcraft course postcards _build/html/km-postcards.html
	$(BIN)/searchcraft course lab _build/html/lab
	@echo "The site is in _build/html (open _build/html/index.html)"

lab: $(INSTALLED) database
	$(BIN)/jupyter lab

# Debian's packages the tests need: Chromium drives the browser tests (Playwright's own browser
# download is not used) and bubblewrap is the grading sandbox.
system-packages:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  fi

test: $(TEST_INSTALLED) vendor database system-packages
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The quick loop while developing: no browser, no kernel, no nbgrader; split over the cores.
test-fast: $(TEST_INSTALLED) vendor database
	$(BIN)/python -m pytest -m "not browser and not notebook and not nbgrader" -n auto $(PYTEST_ARGS)

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf _build _assets/vendor _live/pyodide _live/wheels _live/startup _live/live-data
