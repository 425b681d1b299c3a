# Two commands: `make run` (set up, build the index, serve on http://127.0.0.1:8000)
# and `make test` (set up, install the test browser, run every check and test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: setup run test lint browser ocr servers bench eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch is pinned to the CPU wheel (==2.13.0); an unpinned torch pulls a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: setup ocr
	$(BIN)/safeguide ingest
	$(BIN)/safeguide serve --host $(HOST) --port $(PORT)

# Tesseract reads scanned PDF pages (English); without it such pages are refused with a clear error.
ocr:
	@command -v tesseract >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		tesseract-ocr tesseract-ocr-eng >/dev/null; }

browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Redis (shared rate limits) and PostgreSQL (the scale-out test starts throw-away ones on loopback).
servers:
	@command -v redis-server >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup browser ocr servers lint
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/safeguide eval

bench: setup
	$(BIN)/python bench/retrieval_scifact.py
	$(BIN)/python bench/chat_latency.py --uk
	$(BIN)/python bench/load_test.py
	$(BIN)/python bench/cost_growth.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
