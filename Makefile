# Two commands a newcomer needs (see README):  make demo   and   make check
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: demo check setup lint typecheck contracts migrations-check test test-sqlite test-postgres deploy-check messages

$(BIN)/trellis: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/trellis

setup: $(BIN)/trellis

## Set up, load the demo school into SQLite and serve it on http://127.0.0.1:8000
demo: setup
	TRELLIS_DEMO=1 $(BIN)/trellis demo

## The whole check: lint, format, types, import contracts, migrations, tests on SQLite and PostgreSQL
check: setup lint typecheck contracts migrations-check deploy-check test

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy trellis tests benchmarks conftest.py

contracts:
	$(BIN)/lint-imports

migrations-check:
	TRELLIS_DATA_DIR=$$(mktemp -d) $(BIN)/trellis makemigrations --check --dry-run

deploy-check:
	TRELLIS_ENV=production SECRET_KEY=check-deploy-$$(date +%s%N)-not-a-real-key-but-long-and-random-enough-0123456789 \
	  ALLOWED_HOSTS=trellis.example.org TRELLIS_DATA_DIR=$$(mktemp -d) $(BIN)/trellis check --deploy --fail-level WARNING

test: test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

## Extract the marked strings into trellis/locale/es/LC_MESSAGES/django.po and compile the .mo (commit both)
messages:
	cd trellis && ../$(BIN)/django-admin makemessages -l es --add-location file --no-obsolete \
	  --ignore 'learner_model/*' --ignore 'interop/*' --ignore 'tests/*' \
	  && ../$(BIN)/django-admin compilemessages
