# Open Weights, Open Markets: the two commands are `make lab` and `make test`.
# Each creates .venv if needed and installs the pinned environment (a no-op when it is
# already up to date), so nothing but Python (3.11.5 to 3.14) is needed on a fresh machine.

PYTHON ?= python3
# The Pythons the pins are checked on (make lock): pyproject.toml's requires-python,
# `course check`, README and environment.yml say the same (tests/test_environment.py).
PYTHON_MIN := 3.11.5
PYTHON_MAX := 3.14
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: help setup lab test check site bench lock clean

help:
	@echo "make lab    set up (first time only) and open the course in JupyterLab"
	@echo "make test   set up (first time only) and run every test"
	@echo "make check  environment and data self-check"
	@echo "make site   execute the notebooks and build the static HTML site in _site/"
	@echo "make bench  performance benchmark (notebooks, import, widgets)"
	@echo "make lock   re-resolve the exact pins after changing pyproject.toml, checking"
	@echo "            that each installs from a wheel on Linux, macOS and Windows"
	@echo "make clean  remove .venv and generated files"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info[:3]; \
		low, high = [tuple(map(int, x.split("."))) for x in ("$(PYTHON_MIN)", "$(PYTHON_MAX)")]; \
		sys.exit(0 if low <= v and v[:2] <= high else \
		"Python $(PYTHON_MIN) to $(PYTHON_MAX) is needed; found " + sys.version.split()[0] + \
		". Install one of those, then run: make PYTHON=python$(PYTHON_MAX) ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/python -m course lab

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/python -m course check

site: $(STAMP)
	$(BIN)/python -m course site --out _site

bench: $(STAMP)
	$(BIN)/python bench/run.py

lock: $(STAMP)
	$(BIN)/python tools/lock.py

clean:
	rm -rf $(VENV) _site .pytest_cache test-artifacts bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
