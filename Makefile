# The two commands of the README. Both build .venv from nothing.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test

.PHONY: demo test lint system-deps bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/skillaward demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy skillaward
	$(BIN)/lint-imports --no-cache

system-deps:
	scripts/system-deps

test: lint system-deps
	scripts/run-tests

bench: $(STAMP)
	$(BIN)/python bench/screen.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/tally.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) var artifacts
