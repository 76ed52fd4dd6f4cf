# Two commands do all set-up: `make demo` and `make test` (see README.md).
# PYTHON chooses the interpreter (python3.11 or newer); VENV the environment folder.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

# Create $(VENV), or recreate it when it was built by another interpreter version.
define MAKE_VENV
want=$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])') && \
have=$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null || true) && \
if [ "$$want" != "$$have" ]; then \
  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip; \
fi
endef

.PHONY: demo test lint figures bench clean venv venv-dev venv-notebooks student lab

venv:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e .

venv-dev:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'

venv-notebooks:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'

demo: venv
	$(BIN)/python -m toolkit report seeds --out $(OUT)

test: venv-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv-dev
	$(BIN)/python -m ruff check toolkit tests bench scripts

figures: venv-dev
	$(BIN)/python -m toolkit figures --out figures

# Student copies of the notebooks in student/: solution cells emptied, check cells kept.
student: venv-notebooks
	$(BIN)/python scripts/student_notebooks.py notebooks student

# JupyterLab on the notebooks, with the notebooks extra installed.
lab: venv-notebooks
	$(BIN)/python -m jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: venv-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .venv-* $(OUT) student .pytest_cache
