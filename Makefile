# make run: set up .venv and run the main jobs on the bundled catalog.
# make test: lint, type-check and test (what CI runs).
# make mutation: mutation testing of the deadline arithmetic (slow; not in make test).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast screenshots form-images lint typecheck pytest pythons fuzz fuzz-parts bench docs mutation clean

# The other supported Pythons (3.11 is .venv's); pyenv's builds first on their PATH.
OTHER_PYTHONS := 3.10 3.12 3.13
PYENV_PATH    := $(subst $() ,:,$(wildcard $(HOME)/.pyenv/versions/3.1[0-3].*/bin))

$(STAMP): pyproject.toml plugins/tthc-tuyenquang/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,docs,html,xlsx,docx,browser,server,dataframe,notebook,spark,dask]'
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
	$(BIN)/ruff check src tests bench plugins docs/_gen noxfile.py mutation
	$(BIN)/ruff format --check src plugins

typecheck: $(STAMP)
	$(BIN)/mypy --strict src plugins/tthc-tuyenquang/src

pytest: $(STAMP)
	$(BIN)/pytest

# Python 3.10, 3.12 and 3.13 through nox (noxfile.py), side by side, each output whole.
pythons: $(STAMP)
	$(MAKE) --no-print-directory -j3 -O $(addprefix pytest-,$(OTHER_PYTHONS))

pytest-%: $(STAMP)
	PATH="$(PYENV_PATH):$$PATH" $(BIN)/nox --session tests-$*

test: lint typecheck pytest pythons

# While iterating: lint and types, then the default Python without the slow tests and the
# tests that drive a real browser (they need Debian's chromium), stopping at the first failure.
test-fast: lint typecheck
	$(BIN)/pytest -q -x -m 'not slow and not browser' -p no:cacheprovider

# Screenshots of the staff page and the HTML reports for the docs, from the browser tests.
screenshots: $(STAMP)
	TTHC_SCREENSHOTS=docs/images $(BIN)/pytest -q -m browser tests/browser

# Page images of Forms 01 and 04 for docs/forms.md: the Word files `tthc form` writes for
# synthetic dossiers, through LibreOffice and pdftoppm (Debian: libreoffice-writer,
# poppler-utils). For the docs only: neither make test nor CI needs them.
FORM_DIR := build/form-images
FORM_COMMON := --isolated --lang vi --received "2026-11-26 10:00" --time "3 ngày làm việc" \
	--channel in_person --applicant "Nguyễn Văn A (thử nghiệm)" --address "Số 1, thôn Thử Nghiệm" \
	--phone "0900 000 000" --email "nguyenvana@example.vn" \
	--procedure-name "Thủ tục thử nghiệm (synthetic)" --parent-agency "UBND xã Thử Nghiệm" \
	--place "Thử Nghiệm" --dossier-id "HS-0001"
form-images: $(STAMP)
	rm -rf $(FORM_DIR) && mkdir -p $(FORM_DIR)
	$(BIN)/tthc form 01 $(FORM_COMMON) --agency "Bộ phận Một cửa" \
		--component "Tờ khai (bản chính: 1)" --component "Bản sao giấy tờ (bản sao: 1)" \
		--sets 1 --result-place "Bộ phận Một cửa xã Thử Nghiệm" --officer "Trần Thị B" \
		-o $(FORM_DIR)/form01-vi.docx
	$(BIN)/tthc form 04 $(FORM_COMMON) --agency "Bộ phận Một cửa" --reason "Cần xác minh thêm" \
		--extra-days 2 --issued-on 2026-11-30 --signer-title "TRƯỞNG BỘ PHẬN" \
		--officer "Lê Văn C" -o $(FORM_DIR)/form04-vi.docx
	cd $(FORM_DIR) && soffice --headless --convert-to pdf form01-vi.docx form04-vi.docx >/dev/null
	for f in form01-vi form04-vi; do \
		pdftoppm -png -r 70 -singlefile $(FORM_DIR)/$$f.pdf docs/images/$$f || exit 1; done

# The fuzz suite at release size: FUZZ_CASES cases (default 100,000) shared among the
# loader, validate, the duration parser, the report and the command line; prints the
# count. `make test` runs the same tests with a few hundred cases. FUZZ_K runs only the
# tests it selects (pytest -k), each still with its share of FUZZ_CASES, so that the
# parts can run side by side: make -j3 fuzz-parts (docs/security.md).
FUZZ_CASES ?= 100000
FUZZ_K ?=
fuzz: $(STAMP)
	TTHC_FUZZ_EXAMPLES=$(FUZZ_CASES) $(BIN)/pytest tests/test_fuzz.py -q -p no:cacheprovider $(if $(FUZZ_K),-k '$(FUZZ_K)')

# The same run in three processes whose shares add up to FUZZ_CASES (55% duration text,
# 35% YAML loader, 10% validate, report and command line), each output whole.
FUZZ_PARTS := duration yaml other
fuzz-parts: $(addprefix fuzz-part-,$(FUZZ_PARTS))
fuzz-part-duration fuzz-part-yaml: fuzz-part-%: $(STAMP)
	$(MAKE) --no-print-directory fuzz FUZZ_K='$*'
fuzz-part-other: $(STAMP)
	$(MAKE) --no-print-directory fuzz FUZZ_K='validate or report or command_line'

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# Mutation testing (docs/testing.md): mutmut over the modules listed in pyproject.toml
# [tool.mutmut], then the score of each without the equivalent mutants of
# mutation/equivalent.txt. Slow: one module, one process at a time by default, e.g.
# make mutation MUTANTS='tthc.national.sla.*'; MUTANTS= (empty) runs them all.
MUTANTS ?= tthc.national.sla.*
MUTATION_CHILDREN ?= 1
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(if $(MUTANTS),'$(MUTANTS)')
	$(BIN)/python mutation/score.py

clean:
	rm -rf $(VENV) .nox build dist site .mypy_cache .ruff_cache .pytest_cache .hypothesis mutants
