# Lost in Starlight Wiki — build, preview and check.
#   make html    build the site into build/html (creates .venv on first use)
#   make test    run every test and check
#   make check-claims  check every claim against its source (report + exit status)
#   make serve   preview on http://127.0.0.1:8000 with live reload
#   make lock    re-pin requirements.in into requirements.lock (with hashes)

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BUILDDIR   := build
SPHINXOPTS ?= -n -W --keep-going
HOST       ?= 127.0.0.1
PORT       ?= 8000

.PHONY: help venv html serve test check-claims lock clean

help:
	@sed -n '2,7p' Makefile

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r requirements.lock
	@touch $@

venv: $(BIN)/.installed

html: venv
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) docs $(BUILDDIR)/html
	@echo "The wiki is built: open $(BUILDDIR)/html/index.html"

serve: venv
	$(BIN)/sphinx-autobuild -b html $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
		--watch sources --watch scripts/starlight docs $(BUILDDIR)/html

test: venv
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory check-claims

check-claims: venv
	$(BIN)/python scripts/check_claims.py

lock: venv
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

clean:
	rm -rf $(BUILDDIR)
