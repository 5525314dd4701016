# Two commands: `make run` (portal with demo data) and `make test` (the whole suite), each doing its own set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

RUN_PACKAGES := python3 python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-zenhei
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium postgresql-client

export TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/portal
export DJANGO_ALLOW_ASYNC_UNSAFE := true

# `check --deploy` with the production settings as a deployment sets them (config/settings.py with DEBUG
# off; nothing is connected to, so the URLs only need to be well formed). The key is a placeholder of the
# length and variety Django's security check asks for; a real deployment sets its own secret.
DEPLOY_CHECK_ENV := env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=false \
	DJANGO_SECRET_KEY=deploy-check-placeholder-not-a-real-secret-7Kq2vX9mW4pL8nR3tY6zB1cF5hJ0 \
	DJANGO_ALLOWED_HOSTS=portal.cast.org.cn DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0 PORTAL_EMBEDDED=false

.PHONY: run test worker beat system-run system-test services venv messages lint format demo bench

# Embedded mode (SQLite, in-process tasks) unless DATABASE_URL / CELERY_BROKER_URL are set.
run: export PORTAL_EMBEDDED := true
run: system-run venv messages  ## install everything, migrate, load demo data, serve http://127.0.0.1:8000
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py demo
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: system-test services venv messages  ## install what is missing, start services, run every check and test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -c pyproject.toml -r . -ll -q
	./scripts/pip-audit.sh $(VENV)
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py check
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -n auto --dist loadfile

worker: venv  ## a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker --loglevel=info --concurrency=2

beat: venv
	$(VENV)/bin/celery -A config beat --loglevel=info

system-run:
	@./scripts/system-deps.sh $(RUN_PACKAGES)

system-test:
	@./scripts/system-deps.sh $(TEST_PACKAGES)

services:
	@./scripts/services.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

messages: venv
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v0

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The benchmark suite (not part of `make test`): builds the CAST-scale dataset once per scale in its own
# database (portal_bench_<scale>), runs bench/*.py, writes bench/results.md and bench/results.json.
SCALE ?= 1.0
bench: venv services
	@./scripts/system-deps.sh wrk
	$(PY) -m bench.run --scale $(SCALE)
