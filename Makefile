# Two commands on a fresh machine:  make demo  (load the demo corpus and serve it; PORT=5055 for another port)
#                                   make test  (the whole test suite; .ci/run calls this)
# Both install from requirements.lock: every package at an exact version with its hashes, nothing resolved
# at install time.  `make lock` refreshes the lock from pyproject.toml's ranges.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
LOCK   := requirements.lock
# pip finds the CPU build of torch here (this machine's pip config names it too); uv must be told.
WHEELS ?= /opt/wheels
UV     := 0.13.9
LOCK_FLAGS ?=

.PHONY: demo test install lock bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# --no-deps: the lock already holds every transitive dependency, so no resolver (old or new pip) runs;
# --require-hashes: a package that is not byte-for-byte the locked one is refused.
$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed

# DB=postgresql://user@host/dbname serves the demo from a PostgreSQL database instead of claims.db.
demo: install
	$(if $(DB),WORKBENCH_DB='$(DB)' )$(BIN)/workbench demo --port $(PORT)

# Browser tests drive Debian's chromium (Playwright with executable_path; no browser download), and the
# storage, review, search, concurrency and crash tests also run on a throw-away PostgreSQL server
# (tests/postgres.py: Debian's postgresql, a cluster in a temporary folder on a Unix socket, stopped after).
# Installing them needs root; without them those tests are skipped and say why (in CI they must run).
test: install
	@if [ -x /usr/bin/chromium ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium postgresql \
	    && (apt-get install -y -qq "postgresql-$$(ls /usr/lib/postgresql | sort -n | tail -1)-pgvector" 2>/dev/null \
	        || echo "pgvector is not packaged here: vectors are stored as bytea"); \
	else echo "browser or PostgreSQL tests will be skipped: installing chromium and postgresql needs root (sudo apt-get install chromium postgresql)"; fi
	$(BIN)/python -m pytest

# Re-resolve requirements.lock from pyproject.toml (keeps current pins that still fit;
# `make lock LOCK_FLAGS=--upgrade` takes the newest versions the ranges allow). uv runs from its own venv.
lock:
	$(PYTHON) -m venv .lock-tools
	.lock-tools/bin/python -m pip install --quiet uv==$(UV)
	.lock-tools/bin/uv pip compile pyproject.toml requirements-build.in --extra test --extra onnx \
	    --generate-hashes --find-links $(WHEELS) --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	    --annotation-style line $(LOCK_FLAGS) -o $(LOCK)

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/stance.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/cli.py
