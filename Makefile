# The two commands a newcomer runs: `make site` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := all
.PHONY: all venv test lint site serve bench mutation schema clean

all: test lint

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check site_gen tests
	$(BIN)/mypy
	$(BIN)/site-gen schema --check

schema: $(STAMP)
	$(BIN)/site-gen schema

site: $(STAMP)
	$(BIN)/site-gen build .

serve: $(STAMP)
	$(BIN)/site-gen serve .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/site-gen build . >/dev/null && $(BIN)/python benchmarks/page_weight.py

# Mutation testing of the core (docs/mutation.md): `make mutation MODULE=site_gen/jalali.py` for
# one module (or a folder: MODULE=site_gen/search/); resumable, its working copy is mutants/.
MODULE ?=
mutation: $(STAMP)
	$(BIN)/python benchmarks/mutation.py $(MODULE)

clean:
	rm -rf site .cache docs/generated mutants
