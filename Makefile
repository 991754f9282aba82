# Two commands for readers and contributors (see README.md):
#   make serve   create the venv if missing, install, build the book, serve it on 127.0.0.1:8000
#                (make serve HOST=0.0.0.0 PORT=8080: reachable from a classroom's network)
#   make test    every test (unit, notebooks executed, build with warnings as errors, Chromium)
#   make pdf     the whole book as one PDF in _build/pdf/ (SOLUTIONS=1: solutions printed too)
#   make dist    the offline release in _build/dist/: site zip, notebooks zip, PDF, SHA256SUMS
# Every step is idempotent: a second run only redoes what changed.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Stamp files record that an install step finished.
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
INPUTS_STAMP := _build/.inputs-stamp
# Lighthouse, for make bench only (benchmarks/package.json), not for serve or test.
BENCH_NODE_STAMP := benchmarks/node_modules/.installed
# make bench times a cold build into this folder and measures it; BENCH_SITE=path/_build/html
# measures an existing build instead. BENCH_TEST_TIME=1 also times make test.
BENCH_BUILD := _build/bench

.PHONY: serve serve-port-free test book install chromium cjk-fonts pdf dist bench clean wheelhouse

# The port is checked before the build, so a busy port is reported at once.
serve: serve-port-free book
	$(PY) -m painmood.serve --host $(HOST) --port $(PORT)

serve-port-free: install
	@$(PY) -m painmood.serve --check --host $(HOST) --port $(PORT)

book: install $(INPUTS_STAMP)
	$(PY) -m painmood.build

# Sphinx and Jupyter Book's execution cache only notice changes to a page itself; when
# the package or the data change, drop both caches so every notebook runs again.
$(INPUTS_STAMP): $(shell find src/painmood assets -type f -not -name '*.pyc')
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

test: install chromium cjk-fonts wheelhouse
	$(PY) -m pytest

# Printed from the built site by Chromium; Chinese terms need a CJK font (Debian's Noto CJK).
pdf: book chromium cjk-fonts
	$(PY) -m painmood.pdf $(if $(SOLUTIONS),--solutions)

dist: pdf
	$(PY) -m painmood.release dist $(if $(SOLUTIONS),--solutions)

bench: install chromium $(BENCH_NODE_STAMP)
	$(PY) -m painmood.readability
ifdef BENCH_SITE
	$(PY) benchmarks/bench_site.py --site $(BENCH_SITE)
	$(PY) benchmarks/bench_simulator.py $(BENCH_SITE)
else
	rm -rf $(BENCH_BUILD)
	$(PY) benchmarks/bench_site.py --build-dir $(BENCH_BUILD)
	$(PY) benchmarks/bench_simulator.py $(BENCH_BUILD)/_build/html
endif

install: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (or run make PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip --version >/dev/null 2>&1 || { echo "$(VENV) is half-made (its Python has no working pip): delete it (rm -rf $(VENV)) and run make again"; exit 1; }
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

$(BENCH_NODE_STAMP): benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@command -v chromium >/dev/null || ./.ci/apt-install chromium

cjk-fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || ./.ci/apt-install fonts-noto-cjk

clean:
	rm -rf _build .pytest_cache
