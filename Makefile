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
# pytest-xdist: a worker per core, a test file per worker at a time (each worker has its own database).
PARALLEL ?= -n auto --dist loadfile
# The SQLite suite's coverage of hls_events/ (measured 96.05% on 2026-12-03); raise it as tests are added.
COVERAGE_FLOOR ?= 95

.PHONY: install messages translations lock run serve worker test test-sqlite test-postgres test-migrations lint mypy \
	format browser bench wrk clean

# Exactly the versions in requirements.lock (checked against their hashes), then the app itself.
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(BIN)/.installed

TRANSLATIONS := hls_events/translations

## Extract every marked string into messages.pot and merge it into each language's .po
## (gettext, ngettext with its plural and N_ are pybabel's own keywords; naming ngettext again
## with -k would drop its plural. The .po is kept 100 columns wide, as written.)
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext \
	  --no-location --sort-output -o $(TRANSLATIONS)/messages.pot hls_events templates templates/_macros
	$(BIN)/pybabel update --no-fuzzy-matching -w 100 \
	  -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

## Compile the .po catalogues into the .mo files the app reads (committed; the tests check them)
translations: install
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

## Pin every dependency again (pyproject.toml's dependencies and [test] extras), newest allowed
## (extras stay in the pins, e.g. coverage[toml]: pip in --require-hashes mode otherwise
## looks for an unpinned coverage[toml] and refuses to install)
lock: install
	$(BIN)/pip install --quiet --disable-pip-version-check pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --upgrade --extra test \
	  --generate-hashes --allow-unsafe --no-emit-find-links --no-emit-index-url \
	  --output-file requirements.lock pyproject.toml

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

## ruff, then the whole suite on SQLite with its coverage of hls_events/ (it must stay at the floor)
test: install node_modules/.installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --cov=hls_events --cov-report=term:skip-covered \
	  --cov-fail-under=$(COVERAGE_FLOOR) $(PARALLEL) $(PYTEST_ARGS)

## The whole suite on PostgreSQL (TEST_DATABASE_URL)
test-postgres: install node_modules/.installed browser
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PARALLEL) $(PYTEST_ARGS)

## Every migration down to an empty database and up again (SQLite; with TEST_DATABASE_URL, PostgreSQL)
test-migrations: install
	$(BIN)/pytest tests/test_migrations.py $(PYTEST_ARGS)

## ruff, mypy (strict), and `flask db check`: the models and the migrations agree
lint: install mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	  export DATABASE_URL="sqlite:///$$scratch/check.sqlite" && \
	  { $(FLASK) db upgrade >"$$scratch/upgrade.log" 2>&1 || { cat "$$scratch/upgrade.log"; exit 1; }; } && \
	  $(FLASK) db check

mypy: install
	$(BIN)/mypy

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
