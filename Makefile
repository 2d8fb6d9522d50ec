# The two commands (C1): `make demo` and `make test`. Both bootstrap .venv and what the
# operating system lacks (scripts/ensure-system-packages.sh: installs as root, otherwise stops
# with the exact apt-get line).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres venv clean lint sysdeps-demo sysdeps-test

$(STAMP): pyproject.toml
	@scripts/ensure-system-packages.sh demo
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

sysdeps-test:
	@scripts/ensure-system-packages.sh test

demo: $(STAMP)
	DEBUG=$${DEBUG:-1} XINGPING_REQUIRE_2FA=$${XINGPING_REQUIRE_2FA:-0} $(BIN)/xingping demo --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check xingping tests bench

# The whole suite on the embedded SQLite database, then again on PostgreSQL (a local cluster
# started by scripts/test-postgres.sh unless TEST_DATABASE_URL names one).
test: sysdeps-test $(STAMP) lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(BIN)/python -m pytest -q -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== tests on PostgreSQL"
	DATABASE_URL=$$(scripts/test-postgres.sh) $(BIN)/python -m pytest -q -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/xingping.sqlite3*
