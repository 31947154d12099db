# The two commands a newcomer needs:
#   make run   - set up and serve the catalogue on PostgreSQL with the seeded data, and run
#                the background worker (email alerts) beside it
#   make test  - set up and run the whole test suite (browser tests included)
# Both start an embedded PostgreSQL server (data in var/postgres/) unless DATABASE_URL is set.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true
# Browser tests use Debian's Chromium (/usr/bin/chromium); Playwright never fetches its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Runs a command with DATABASE_URL: as given, or an embedded server's (scripts/with_postgres.py).
WITH_POSTGRES := $(BIN)/python scripts/with_postgres.py

.PHONY: run test test-browser lint format install check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt requirements/local.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(WITH_POSTGRES) -- sh -c '\
	  $(BIN)/python manage.py migrate --noinput && \
	  $(BIN)/python manage.py setup_roles && \
	  $(BIN)/python manage.py seed_catalogue && \
	  echo "Serving the catalogue at http://$(HOST):$(PORT)/, with the worker that sends email alerts beside it (Ctrl+C stops both)" && \
	  { $(BIN)/python manage.py procrastinate worker & worker=$$!; \
	    trap "kill $$worker 2>/dev/null; wait $$worker" INT TERM EXIT; \
	    $(BIN)/python manage.py runserver $(HOST):$(PORT); }'

# Each test run gets a database of its own, so two can run at once (and beside `make run`).
# The tests outside the browser run in TEST_WORKERS processes (pytest-xdist), each on its
# own copy of that database (test_<name>_gw0, _gw1, ...); whole modules go to one worker
# (--dist loadscope), so a catalogue a module builds once is built once. TEST_WORKERS=0
# runs them in one process. The browser tests then run in one process: their live server
# empties the database after each test, which only the tests after them may see. Both
# passes always run; the target fails if either does.
TEST_WORKERS ?= 2
test: install
	DEBUG=false $(WITH_POSTGRES) --scratch -- sh -c '\
	  $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope -m "not browser" $(PYTEST_ARGS); \
	  others=$$?; \
	  $(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS); \
	  browser=$$?; \
	  [ $$others -ne 0 ] && exit $$others; exit $$browser'

# Only the tests in a real browser; screenshots land in test-artifacts/screenshots/<time>/
# (or BROWSER_SCREENSHOTS_DIR).
test-browser: install
	DEBUG=false $(WITH_POSTGRES) --scratch -- $(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DEBUG=false $(WITH_POSTGRES) --scratch -- sh -c '\
	  $(BIN)/python manage.py check --settings=vvcp.test_settings && \
	  $(BIN)/python manage.py makemigrations --check --dry-run --settings=vvcp.test_settings'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
