# The README's two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help run test test-fast lint regen clean bench evaluate

help:
	@echo "make run    set up .venv if needed, then extract raw/ into extracted/"
	@echo "make test   set up .venv if needed, then lint, type-check and run the tests"
	@echo "make test-fast  the same without the slow batch and kill tests (a developer's loop)"
	@echo "make evaluate  run the dev set and the corpus PDFs and score them against their expected records"
	@echo "make bench  measure speed and memory against pdfplumber and pypdfium2 (benchmarks/RESULTS.md)"
	@echo "make regen  regenerate the golden files on purpose (read the diff before committing)"
	@echo "make clean  remove .venv and caches"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: run make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/pipeline run raw --out extracted

# the tests run on every core (a file's tests stay together, so its fixtures are built
# once); the slow batch and kill tests run after them, alone
test: test-fast
	$(BIN)/pytest -m slow

test-fast: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow" -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

regen: $(STAMP)
	-$(BIN)/pytest tests/test_golden.py --force-regen -q
	$(BIN)/pipeline run raw --out extracted --force
	$(BIN)/pipeline schemas --out schemas
	@echo "Golden files regenerated: read 'git diff tests/fixtures extracted schemas' against the source documents before committing."

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# the dev set's texts and the corpus PDFs, each scored against its expected records
SHARED := ../shared
EVALUATE := build/evaluate

evaluate: $(STAMP)
	@test -d $(SHARED)/devset -a -d $(SHARED)/corpus || (echo "make evaluate needs ../shared/devset and ../shared/corpus beside the checkout"; exit 1)
	$(BIN)/pipeline run $(SHARED)/devset/texts --out $(EVALUATE)/devset --quiet || true
	$(BIN)/pipeline run $(SHARED)/corpus/*.pdf --out $(EVALUATE)/corpus --quiet || true
	@echo "== dev set: 18 texts, $(SHARED)/devset/gold.json"
	@$(BIN)/pipeline evaluate $(SHARED)/devset/gold.json $(EVALUATE)/devset --summary
	@echo "== corpus: 12 PDFs, tests/fixtures/corpus/gold.json"
	@$(BIN)/pipeline evaluate tests/fixtures/corpus/gold.json $(EVALUATE)/corpus --summary

