# Civic — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What is installed, one stamp each: the app alone (`make run`), and the test tools on top.
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
# `make test` spreads the suite over the machine's cores (pytest-xdist): each worker has
# its own database, instance folder and Redis database (tests/conftest.py).
# PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
export FLASK_APP := wsgi:app

.PHONY: run test test-reference suite setup belenios pdf install install-test translations migrate lint typecheck audit extract-messages clean

$(BIN)/python:
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
		(echo "python3-venv is missing: installing it with apt" && \
		 (command -v sudo >/dev/null && sudo apt-get install -y python3-venv || apt-get install -y python3-venv))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Python 3.11's venv starts with setuptools 65.5.0, which has known vulnerabilities
# (CVE-2022-40897, CVE-2025-47273 among them): the dependency audit would rightly flag it.
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade 'setuptools>=78.1.1'
	$(BIN)/pip install --quiet -e .
	@touch $(APP_STAMP)

$(TEST_STAMP): $(APP_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP)

## make install: the app and what it needs to serve pages, nothing more
install: $(APP_STAMP)

install-test: $(TEST_STAMP)

translations: install
	$(BIN)/pybabel -q compile -d civic/translations

setup: install translations belenios pdf

## make pdf: Pango from Debian, which WeasyPrint needs to print documents as PDF
## (civic/documents); without it the printable pages work, their PDFs do not
pdf:
	@ldconfig -p | grep -q libpangoft2-1.0 || \
		(echo "Pango is missing: installing it with apt" && \
		 (command -v sudo >/dev/null && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 || apt-get install -y libpango-1.0-0 libpangoft2-1.0-0))

## make belenios: Debian's belenios-tool, the engine of encrypted online votations
## (docs/belenios.md); without it online votations cannot be opened, paper ones can
belenios:
	@command -v belenios-tool >/dev/null || \
		(echo "belenios-tool is missing: installing it with apt" && \
		 (command -v sudo >/dev/null && sudo apt-get install -y belenios-tool || apt-get install -y belenios-tool))

migrate: setup
	$(BIN)/flask db upgrade

## make run: set everything up, migrate the SQLite database, load the demo, serve on :5000
# A development machine: mails (their links included) print on the console.
run: export MAIL_BACKEND := console
run: migrate
	$(BIN)/flask civic seed-demo
	SESSION_COOKIE_SECURE=0 $(BIN)/flask run --host 127.0.0.1 --port 5000

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-test
	$(BIN)/mypy

## make audit: bandit on the deployed code (must be clean), then pip-audit on the venv
## (fails on a known vulnerability; says "NOT DONE" and goes on when it cannot look up any)
audit: install-test
	$(BIN)/bandit -c pyproject.toml -q -r civic migrations wsgi.py
	@echo "bandit: no issues in civic/, migrations/, wsgi.py"
	$(BIN)/python .ci/audit_dependencies.py

## make test: set everything up and run the whole suite (lint, types, audit, tests)
test: setup lint typecheck audit suite

## make suite: the tests alone (what `make test` runs after the lint, types and audit)
suite: setup install-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## make test-reference: the tallying core against pabutools, the research reference, live:
## the real files of tests/data/pabulib (and their recorded outcomes, which `make test`
## compares with), random elections, and a vote cast through the web. Slow (pabutools'
## add1 takes minutes on the larger files); tests/reference is collected only when named.
test-reference: setup install-test
	$(BIN)/pip install --quiet -e '.[test,reference]'
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal tests/reference $(PYTEST_ARGS)

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o civic/translations/messages.pot .
	$(BIN)/pybabel update -i civic/translations/messages.pot -d civic/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
