# Two commands matter: `make run` and `make test`. Everything else is for developers.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
HOST    ?= 0.0.0.0
PORT    ?= 8000

.PHONY: run test lint typecheck unit bench wheel wheelhouse lock clean catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

# Listens on every interface, so the room can join (HOST=127.0.0.1 keeps it to this machine);
# the data stays in ./var of this checkout unless CL_DATA_DIR says otherwise.
run: $(VENV)/.installed-run
	CL_DATA_DIR="$${CL_DATA_DIR:-$(CURDIR)/var}" $(BIN)/colliding-logics serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q tests/engine tests/content

test: lint typecheck $(VENV)/.installed-test
	$(BIN)/colliding-logics check-content
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

wheel: $(VENV)/.installed-test
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

# A folder from which `pip install --no-index --find-links dist/wheelhouse colliding-logics`
# installs on a machine without internet (the same Python minor version and platform as this
# one): the locked dependencies (their hashes checked while downloading) and the app's wheel.
WHEELHOUSE ?= dist/wheelhouse
wheelhouse: $(VENV)/.installed-test
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip wheel --quiet --require-hashes --wheel-dir $(WHEELHOUSE) -r requirements/run.txt
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir $(WHEELHOUSE) .
	cp requirements/run.txt $(WHEELHOUSE)/requirements.txt

# After changing the dependencies in pyproject.toml: pin every package the server needs (and the
# wheel's build backend) with the hashes of all its files. Run it with Python 3.11 on Linux; the
# image and `make wheelhouse` install exactly these versions.
LOCK := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "pip-tools>=7.5"
	$(BIN)/pip-compile $(LOCK) --output-file requirements/run.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK) --build-deps-for=wheel --only-build-deps --output-file requirements/build.txt pyproject.toml

clean:
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache

# After changing UI strings: extract them and merge into the nl and en catalogs, then translate
# the new entries in app/locale/*/LC_MESSAGES/messages.po (tests/web/test_catalogs.py checks).
catalogs: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output -o var/messages.pot .
	$(BIN)/pybabel update -i var/messages.pot -d app/locale --no-fuzzy-matching --ignore-obsolete
