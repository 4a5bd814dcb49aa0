# make run: set up .venv and run the main jobs on the bundled catalog.
# make test: lint, type-check and test (what CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast screenshots lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml plugins/tthc-tuyenquang/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,docs,html,xlsx,browser,server,dataframe,notebook,spark,dask]'
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e plugins/tthc-tuyenquang
	touch $(STAMP)

# The main jobs on the bundled catalog. `tthc reduction` exits 1 when a target is
# missed (it is a CI check); here that is the expected report, so only 2 fails.
run: $(STAMP)
	$(BIN)/tthc validate catalog/
	$(BIN)/tthc due --received "2026-11-26 10:00" --procedure 1.012644 --catalog catalog/
	$(BIN)/tthc calendar 2026
	$(BIN)/tthc reduction catalog/ --year 2026 --format markdown; test $$? -le 1
	$(BIN)/tthc plugins

lint: $(STAMP)
	$(BIN)/ruff check src tests bench plugins docs/_gen
	$(BIN)/ruff format --check src plugins

typecheck: $(STAMP)
	$(BIN)/mypy --strict src plugins/tthc-tuyenquang/src

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

# The same without the tests that drive a real browser (they need Debian's chromium) or
# start a Spark or Dask cluster.
test-fast: lint typecheck
	$(BIN)/pytest -m 'not browser and not cluster'

# Screenshots of the staff page and the HTML reports for the docs, from the browser tests.
screenshots: $(STAMP)
	TTHC_SCREENSHOTS=docs/images $(BIN)/pytest -q -m browser tests/browser

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build dist site .mypy_cache .ruff_cache .pytest_cache .hypothesis
