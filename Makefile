# Two commands for readers and contributors (see README.md):
#   make serve   create the venv if missing, install, build the book, serve it on 127.0.0.1:8000
#   make test    every test (unit, notebooks executed, build with warnings as errors, Chromium)
# Every step is idempotent: a second run only redoes what changed.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Stamp files record that an install step finished.
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
INPUTS_STAMP := _build/.inputs-stamp

.PHONY: serve test book install chromium bench clean wheelhouse

serve: book
	$(PY) -m painmood.serve --port $(PORT)

book: install $(INPUTS_STAMP)
	$(PY) -m painmood.build

# Sphinx and Jupyter Book's execution cache only notice changes to a page itself; when
# the package or the data change, drop both caches so every notebook runs again.
$(INPUTS_STAMP): $(shell find src/painmood assets -type f -not -name '*.pyc')
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

test: install chromium wheelhouse
	$(PY) -m pytest

bench: book
	$(PY) benchmarks/bench_site.py
	$(PY) benchmarks/bench_simulator.py _build/html

install: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (or run make PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || ./.ci/apt-install nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Notebooks in a fresh venv (tests/test_notebooks_fresh_venv.py): the package's wheel and
# the wheels of its dependencies, downloaded while PyPI is reachable (tests run offline).
wheelhouse: install
	$(PY) -m painmood.distribution _build/wheelhouse

chromium:
	@command -v chromium >/dev/null || ./.ci/apt-install chromium

clean:
	rm -rf _build .pytest_cache
