# make run: set up .venv and run the main jobs on the bundled catalog.
# make test: lint, type-check and test (what CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml plugins/tthc-tuyenquang/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,docs]'
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e plugins/tthc-tuyenquang
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tthc validate catalog/

lint: $(STAMP)
	$(BIN)/ruff check src tests bench plugins docs/_gen
	$(BIN)/ruff format --check src plugins

typecheck: $(STAMP)
	$(BIN)/mypy --strict src plugins/tthc-tuyenquang/src

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build dist site .mypy_cache .ruff_cache .pytest_cache .hypothesis
