# Levier: the verbs a newcomer needs. `make run` serves the demo; `make test` runs the whole suite.
# Both work from a fresh clone on Debian 12 with git, make, python3 and python3-venv: the Debian packages
# below are installed when run as root, otherwise the one `sudo apt-get install` line is printed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# WeasyPrint's libraries and a fallback font (PDFs); wrk (the benchmark and its tests); Chromium (browser tests).
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core wrk
BROWSER_PACKAGES := chromium

.PHONY: install system-packages run demo migrate stop test test-browser lint fmt lock clean

system-packages:
	@scripts/debian-packages $(DEBIAN_PACKAGES)

$(STAMP): requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: system-packages $(STAMP)

# Development configuration, written once: DEBUG on and a secret key of this machine's own.
.env:
	@printf '# Écrit par `make run` : configuration de développement (jamais en production).\nDEBUG=1\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Configuration de développement écrite dans .env (DEBUG=1, clé secrète générée)."

migrate: install .env
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Stops the embedded PostgreSQL server (var/postgres/); the next command that needs it starts it again.
stop:
	@test -x $(BIN)/python && $(BIN)/python -m config.database stop || true

test: install
	$(BIN)/python -m pytest -n auto

test-browser: install
	@scripts/debian-packages $(BROWSER_PACKAGES)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest -m browser -p no:randomly

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Pins the whole dependency tree, with hashes, from pyproject.toml: the runtime alone, and with the tools.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes --python-version 3.11 -q \
		-o requirements-dev.lock

clean: stop
	rm -rf $(VENV) staticfiles var
