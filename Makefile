# The two commands a new user needs are `make run` and `make test`; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app hls_events
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install run serve worker test test-sqlite test-postgres lint format browser bench wrk clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(BIN)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests; Playwright's own browser download is not used.
browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## Migrate, load the demo programme, start the mail worker and serve at http://$(HOST):$(PORT)
run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo ""
	@echo "HLS Events is running at http://$(HOST):$(PORT)  (press Ctrl+C to stop)"
	@echo "Emails the app sends are written to instance/mail/ by the mail worker."
	@echo ""
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	$(FLASK) worker & \
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

## The whole suite on SQLite, then lint
test: install node_modules/.installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

## The whole suite on PostgreSQL (TEST_DATABASE_URL)
test-postgres: install node_modules/.installed browser
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# wrk drives the load in the benchmark (apt).
wrk:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }

## Build the large demo on SQLite and PostgreSQL, load it with wrk, write benchmarks/README.md
bench: install wrk
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf benchmarks/.data  $(VENV) node_modules .pytest_cache .ruff_cache
