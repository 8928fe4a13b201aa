# Tian — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint sysdeps setup serve clean lock

# Debian packages Tian needs: Chinese fonts and HarfBuzz subsetting for PDFs, Chromium for
# browser tests, poppler for reading PDFs back in tests, nginx and openssl to check the site
# in deploy/ (nginx -t).
SYSTEM_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 chromium poppler-utils nginx openssl

sysdeps:
	@bash scripts/sysdeps.sh $(SYSTEM_PACKAGES)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

setup: sysdeps $(STAMP)

demo: setup
	$(BIN)/tian migrate --noinput
	$(BIN)/tian load-demo
	$(BIN)/tian serve --bind 127.0.0.1:$(PORT)

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/bandit -q -r src
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) var/tian.sqlite3*
