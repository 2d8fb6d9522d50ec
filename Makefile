# The two commands (C1): `make demo` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test venv clean lint

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	DEBUG=$${DEBUG:-1} XINGPING_REQUIRE_2FA=$${XINGPING_REQUIRE_2FA:-0} $(BIN)/xingping demo --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check xingping tests bench
	$(BIN)/python -m pytest -q -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/xingping.sqlite3*
