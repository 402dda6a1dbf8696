# forcegen: `make run` (set up everything, serve on 127.0.0.1:8000) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_ENV := FORCEGEN_DEMO=1

.PHONY: run setup install serve bundle test lint format messages lock worker clean

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(BIN)/.installed

# Database and demo data in the embedded SQLite file under var/ (or DATABASE_URL if set).
setup: install
	mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo

# Serve the app with a task worker beside it; Ctrl-C stops both.
run: setup
	@echo "forcegen on http://127.0.0.1:$(PORT)/ (log in with a demo login above)"
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

# The production stack on this machine against DATABASE_URL (PostgreSQL): static files collected
# and compressed, migrations applied, gunicorn on 127.0.0.1:$(PORT) and the task worker beside it.
# Without FORCEGEN_SECRET_KEY it runs in demo mode (the built-in key). Ctrl-C stops both.
SERVE_ENV = FORCEGEN_STATIC_ROOT=$(CURDIR)/var/static FORCEGEN_BIND=127.0.0.1:$(PORT) \
	$(if $(FORCEGEN_SECRET_KEY),,FORCEGEN_DEMO=1)
serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/forcegen" >&2; exit 1; }
	mkdir -p var
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	@echo "forcegen (gunicorn) on http://127.0.0.1:$(PORT)/"
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(SERVE_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	$(SERVE_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py config.wsgi

# Offline installation: dist/forcegen-<version>-bundle.tar.gz (code, wheels, static, install.sh).
bundle: install
	deploy/build-bundle.sh

worker: install
	$(DEMO_ENV) $(BIN)/python manage.py db_worker

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEMO_ENV) $(BIN)/mypy .
	$(DEMO_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: each app keeps its own catalogs in <app>/locale, so apps never edit one shared
# file; a new app's catalogs start from core's headers (language, plural forms). Extract, then
# compile (needs gettext; the compiled files are committed).
# No source locations and no creation date in the catalogs: moving code does not touch them.
APPS := $(patsubst forcegen/%/apps.py,%,$(wildcard forcegen/*/apps.py))
messages: install
	for app in $(APPS); do \
	  for lang in lo vi fr; do \
	    catalog=forcegen/$$app/locale/$$lang/LC_MESSAGES/django.po; \
	    [ -f $$catalog ] || { mkdir -p $$(dirname $$catalog) && sed '/^$$/q' forcegen/core/locale/$$lang/LC_MESSAGES/django.po > $$catalog; }; \
	  done && \
	  (cd forcegen/$$app && $(DEMO_ENV) ../../$(BIN)/python ../../manage.py makemessages -l lo -l vi -l fr --no-obsolete --no-location \
	    && sed -i '/^"POT-Creation-Date:/d' locale/*/LC_MESSAGES/django.po \
	    && $(DEMO_ENV) ../../$(BIN)/python ../../manage.py compilemessages) || exit 1; \
	done

# Re-pin the whole dependency tree after changing pyproject.toml.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > var/direct.txt
	var/lockenv/bin/pip install --quiet -r var/direct.txt
	(echo "# Generated from pyproject.toml by 'make lock': the full pinned dependency tree."; var/lockenv/bin/pip freeze) > requirements.lock

clean:
	rm -rf $(VENV) var
