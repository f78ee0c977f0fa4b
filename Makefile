# Two commands on a fresh machine:  make demo  (load the demo corpus and serve it)
#                                   make test  (the whole test suite; .ci/run calls this)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch is pinned first: 2.13.0 is a CPU build on local disk, an unpinned one is multi-GB CUDA.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/workbench demo

# Browser tests drive Debian's chromium (Playwright with executable_path; no browser download).
test: install
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/stance.py
	$(BIN)/python bench/web.py
