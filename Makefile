# Two commands do all the set-up: `make run` serves Cordée, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint demo worker

$(VENV)/.installed: pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## run: install, migrate the SQLite file under var/, load the demo collective once, serve
run: $(VENV)/.installed
	$(BIN)/tenders migrate
	$(BIN)/tenders demo --if-empty
	$(BIN)/tenders serve --host $(HOST) --port $(PORT)

## test: lint, type-check, the installed wheel end to end, then the whole suite on PostgreSQL + Redis and again on SQLite
test: $(VENV)/.installed-test
	bash scripts/test-all

lint: $(VENV)/.installed-test
	$(BIN)/ruff check tenders workers tests bench setup.py scripts
	$(BIN)/ruff format --check tenders workers tests bench setup.py scripts
	$(BIN)/mypy
