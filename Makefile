# The two commands of the README. Each creates the virtual environment (.venv) when it is missing
# or older than pyproject.toml, so a fresh clone needs nothing but Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: reports test validate clean

reports: $(VENV)/.installed  ## the main job: validate the data and print its summary (report builder to come)
	$(PY) -m analysis validate

test: $(VENV)/.installed  ## the whole test suite
	$(PY) -m pytest

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
