# Developer entry points. CI runs .ci/run.
PY ?= python

.PHONY: install test lint format typecheck demo readme-table bench notebooks

install:
	$(PY) -m pip install -e ./core -e "./adapters/langchain[agents]" -e ./adapters/llamaindex ".[dev]"

test:
	$(PY) -m pytest

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check core adapters tests

format:
	$(PY) -m ruff format core adapters tests

demo:
	$(PY) -m xkit demo publishing

readme-table:
	@$(PY) -m xkit tools list --markdown

bench:
	for f in benchmarks/*.py; do $(PY) $$f; done

typecheck:
	MYPYPATH=core/src:adapters/langchain/src:adapters/llamaindex/src $(PY) -m mypy \
		--explicit-package-bases -p xkit -p langchain_xkit -p llama_index.tools.xkit

notebooks:  # re-execute the notebooks in place (offline, on the sandbox)
	jupyter-execute --inplace notebooks/*.ipynb
