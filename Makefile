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

.PHONY: setup messages run test test-pg test-scale-out lint format lock bench bench-http screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# The development lock (runtime pins included) installs with every file's hash checked; pip's own lines show progress.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	@echo "Installing the locked packages of requirements-dev.txt into $(VENV) (a minute or two the first time)"
	$(PY) -m pip install --require-hashes --progress-bar off -r requirements-dev.txt
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

# Two app servers are one site: gunicorn twice (production settings) over one fresh PostgreSQL database and one Redis,
# a member's journey and an editor's publish alternating between them, a rate limit counted across both, two task
# workers sending each queued e-mail once (tests/scale_out; not part of `make test`). Same PostgreSQL and Redis as
# test-pg; the test database (test_<name>) is made fresh and dropped at the end. Under three minutes.
test-scale-out: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/community_scale_out} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/9} \
	$(PY) -m pytest tests/scale_out -p no:cacheprovider $(PYTEST_ARGS)

# Templates are indented by djhtml, which touches only leading whitespace, so what a page renders stays the same.
TEMPLATE_DIRS := website portal courses recruitment
DJHTML := $(VENV)/bin/djhtml --tabwidth 4

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DJHTML) --check $(TEMPLATE_DIRS)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(DJHTML) $(TEMPLATE_DIRS)

# Pins the ranges of requirements*.in, with hashes, into the lock files that `make setup`, CI and production install;
# the development lock is constrained to the runtime one. `make lock LOCK_ARGS=--upgrade` moves every pin to the newest
# release in range, `LOCK_ARGS="--upgrade-package django"` one package.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(STAMP)
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

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
