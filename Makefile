# Two commands matter: `make run` (set up and serve the demo site) and `make test` (set up and run every test).
# Everything else is a step they share. Python 3.11+ and GNU gettext (msgfmt) are the only prerequisites.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test processes (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto

.PHONY: setup messages run test test-pg lint format bench bench-http screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0

setup: $(STAMP) messages

run: setup
	@echo "Migrating the database (a line per migration), then setting up the site structure"
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# One pytest run over tests/, browser journeys included, ending with one summary. Journeys take longest, so idle
# workers take queued tests from busy ones (worksteal). A journey flushes its database when it ends; post_migrate's
# setup_site puts the site structure back before the next test in that worker.
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The same suite on the local PostgreSQL and Redis (a fresh test database each run).
test-pg: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/community} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/9} \
	$(MAKE) test PYTEST_ARGS="--create-db $(PYTEST_ARGS)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# README screenshots (home, a group, a course, a group's management page at 1366 and 390 px) from a throwaway demo.
screenshots: setup
	$(PY) docs/screenshots/take.py

bench: setup
	$(PY) -m pytest tests/bench -p no:cacheprovider -s $(PYTEST_ARGS)

# HTTP benchmark: the demo under gunicorn with production settings, wrk against each page and a bare Django view
# (tests/bench/http/run.py). BENCH_DB=sqlite|postgres|both; BENCH_ROUNDS, BENCH_SECONDS and the rest are read there.
BENCH_DB ?= both
bench-http: setup
	@command -v wrk >/dev/null 2>&1 || { echo "make bench-http needs wrk: apt-get install wrk" >&2; exit 1; }
	BENCH_DB=$(BENCH_DB) $(PY) tests/bench/http/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
