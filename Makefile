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

.PHONY: demo test lint figures bench clean venv venv-dev venv-notebooks venv-docs student lab docs

venv:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e .

venv-dev:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'

venv-notebooks:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'

venv-docs:
	@$(MAKE_VENV)
	$(BIN)/python -m pip install --quiet -e '.[docs]'

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

# The documentation site, into site/ (open site/index.html): built offline with warnings as
# errors; the tutorials are executed on their default corpus. Written whole or not at all.
docs: venv-docs
	@bash docs/fetch-fonts.sh .cache/docs-fonts
	$(BIN)/python -m sphinx -b html -W --keep-going -n -q -d docs/_build/doctrees docs docs/_build/html
	rm -rf site.tmp && cp -a docs/_build/html site.tmp && rm -rf site && mv site.tmp site

clean:
	rm -rf $(VENV) .venv-* $(OUT) student .pytest_cache site site.tmp docs/_build docs/_generated \
	  docs/tutorials/*.ipynb docs/reference/api
