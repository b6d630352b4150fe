# Lost in Starlight Wiki — build, preview and check.
#   make html                build the site into build/html (creates .venv on first use)
#   make test                run every test and check (lint, unit tests, make check, the PDF if TeX is there)
#   make test-fast           the editor's loop: unit tests, mini projects, claim check (no TeX, no browser)
#   make lint                ruff (lint and format) and mypy on the package, the measure tools and the tests
#   make serve               preview on http://127.0.0.1:8000 with live reload
#   make pdf                 build the PDF into build/pdf/lost-in-starlight-wiki.pdf (needs TeX)
#   make check               clean build + claim checks + link checks
#   make check-claims        check every claim against its source (report + exit status)
#   make review              confirm unreviewed claims against their lines, into docs/reviews.tsv
#   make linkcheck           check every internal link, anchor and that nothing loads from the web
#   make linkcheck-external  check the external links the sources mention (needs a network)
#   make audit               Lighthouse scores of every page (needs chromium); fails below 100
#   make repro               build twice in two folders; prints "identical" for HTML and PDF
#   make bench               time builds and checks on synthetic wikis of 50, 200 and 800 pages, and CI
#   make redteam             generated single edits of the wiki: caught or missed per kind (REDTEAM=...)
#   make bench-verify        the checker on WiCE's dev split: real Wikipedia claims and their lines
#   make lock                re-pin requirements.in into requirements.lock (with hashes)
#   make screenshots         the README's screenshots of the home page, phone and desk (needs chromium)

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BUILDDIR   := build
SPHINXOPTS ?= -n -W --keep-going
# The published site's address (the Pages workflow sets it): canonical links, link
# previews, sitemap.xml and robots.txt's Sitemap line. Empty: a local build.
BASEURL    ?=
SITEOPTS   := $(if $(BASEURL),-D html_baseurl=$(BASEURL))
# pytest workers (pytest-xdist): one per core; an idle worker takes tests from a busy one.
JOBS       ?= auto
HOST       ?= 127.0.0.1
PORT       ?= 8000
# Reproducible outputs: dates in the HTML and the PDF come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export FORCE_SOURCE_DATE := 1

.PHONY: help venv html serve pdf test pytest test-fast lint check check-logged clean-html check-claims linkcheck \
	linkcheck-external audit audit-if-browser repro bench bench-verify redteam lock preview-image \
	screenshots review clean

help:
	@sed -n '2,19p' Makefile

# The locked dependencies, then the project itself (the starlight package in
# scripts/, editable, built by the locked setuptools): the `starlight` command.
# pip installs only uv, with its hashes from the lock (its lines, up to the first
# that does not continue); uv installs the rest, hashes required, about ten times
# faster. The virtual env gets no pip of its own (installing it took 7 of the
# 18 s): the system's pip installs uv into it (pip 22.3 or newer: --python), or,
# where it cannot, the env's own pip from ensurepip. Everything is compiled to
# bytecode on every core: where PYTHONDONTWRITEBYTECODE is set (CI containers often
# set it), Python would otherwise compile every module again in every process
# (about 2 s a Sphinx build).
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps
PIP_UV := install --quiet --disable-pip-version-check --require-hashes --no-deps \
	-r $(VENV)/uv.lock
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	sed -n '/^uv==/,/[^\\]$$/p' requirements.lock > $(VENV)/uv.lock
	$(PYTHON) -m pip --python $(BIN)/python $(PIP_UV) 2>/dev/null || \
		{ $(BIN)/python -m ensurepip --default-pip >/dev/null && $(BIN)/python -m pip $(PIP_UV); }
	$(UV) --require-hashes --compile-bytecode -r requirements.lock
	$(UV) --no-build-isolation --no-index --editable .
	$(BIN)/python -m compileall -q -j 0 --invalidation-mode timestamp scripts/starlight >/dev/null
	@touch $@

venv: $(BIN)/.installed

html: venv
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) $(SITEOPTS) -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html
	@echo "The wiki is built: open $(BUILDDIR)/html/index.html"

serve: venv
	$(BIN)/sphinx-autobuild -b html $(SPHINXOPTS) -D claims_show_findings=1 \
		-d $(BUILDDIR)/doctrees --host $(HOST) --port $(PORT) \
		--watch sources --watch scripts/starlight docs $(BUILDDIR)/html

pdf: venv
	$(BIN)/starlight pdf --builddir $(BUILDDIR)

# pytest beside `make lint` and `make check` (the tests leave a core idle for about a
# fifth of their time: browsers and Lighthouse wait, the last tests run alone); then
# the audit, alone, for it times the pages. pytest's progress shows as it goes; the
# output of lint and check is held in build/check.log and shown in one piece when
# they end. Both run even if lint fails, and either failing fails the target.
test: venv
	$(MAKE) --no-print-directory -j 2 pytest check-logged
	$(MAKE) --no-print-directory audit-if-browser

pytest: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal

check-logged: venv
	@mkdir -p $(BUILDDIR)
	@{ $(MAKE) --no-print-directory lint; lint=$$?; $(MAKE) --no-print-directory check; \
		test $$? = 0 && test $$lint = 0; } > $(BUILDDIR)/check.log 2>&1; status=$$?; \
		cat $(BUILDDIR)/check.log; exit $$status

test-fast: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -m "not tex and not browser and not slow"
	$(MAKE) --no-print-directory check-claims

# ruff's rules, then its formatting (--check: `ruff format` on the same paths fixes it),
# then mypy, which reads its paths from pyproject.toml, where all three are set. Any
# finding fails.
LINTED := scripts/starlight scripts/measure tests
lint: venv
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# The audit runs when Chromium is installed; REQUIRE_BROWSER=1 makes it mandatory.
audit-if-browser:
	@if command -v chromium >/dev/null || [ "$$REQUIRE_BROWSER" = 1 ]; then \
		$(MAKE) --no-print-directory audit; \
	else echo "audit skipped: chromium is not installed (REQUIRE_BROWSER=1 requires it)"; fi

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

audit: venv node_modules/.installed
	@test -f $(BUILDDIR)/html/index.html || $(MAKE) --no-print-directory html
	$(BIN)/starlight audit --site $(BUILDDIR)/html --out $(BUILDDIR)/audit

# One step after another, whatever -j the caller gave (the link check reads the build).
check: venv
	$(MAKE) --no-print-directory clean-html
	$(MAKE) --no-print-directory check-claims
	$(MAKE) --no-print-directory linkcheck

clean-html: venv
	rm -rf $(BUILDDIR)/html $(BUILDDIR)/doctrees
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) $(SITEOPTS) -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html

check-claims: venv
	$(BIN)/starlight check-claims --doctrees $(BUILDDIR)/claims-doctrees

# REVIEW=... passes options: REVIEW="--page plot", REVIEW=--list.
review: venv
	$(BIN)/starlight review --doctrees $(BUILDDIR)/claims-doctrees $(REVIEW)

linkcheck: venv
	@test -f $(BUILDDIR)/html/index.html || $(MAKE) --no-print-directory html
	$(BIN)/starlight check-links --site $(BUILDDIR)/html

linkcheck-external: venv
	$(BIN)/starlight check-external --builddir $(BUILDDIR)

repro: venv
	$(BIN)/starlight repro

# Development tools (scripts/measure): they measure the package, outside it.
MEASURE := $(BIN)/python scripts/measure

bench: venv
	$(MEASURE)/bench.py

# Options for WiCE, e.g. BENCHVERIFY="--sample 60 --seed 2" or "--wice DIR --split test".
BENCHVERIFY ?=
bench-verify: venv
	$(MEASURE)/wice.py $(BENCHVERIFY)

# Options for the red team, e.g. REDTEAM="--seed 2 --kinds subtle --json build/redteam.json".
REDTEAM ?=
redteam: venv
	$(MEASURE)/redteam.py $(REDTEAM)

lock: venv
	$(BIN)/uv pip install --quiet --python $(BIN)/python pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

# The link-preview image, drawn from its HTML by Chromium (committed; rerun after editing it).
# The README's screenshots: the browser test that checks the home page's first
# screen saves them; they are copied where the README shows them.
screenshots: venv
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -p no:randomly tests/test_browser.py -k home_page_first_screen
	mkdir -p docs/_static-src/screenshots
	cp $(BUILDDIR)/screenshots/home-phone.png $(BUILDDIR)/screenshots/home-desk.png docs/_static-src/screenshots/

preview-image:
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,630 \
		--screenshot=docs/_static/preview.jpg file://$(CURDIR)/docs/_static-src/preview.html

clean:
	rm -rf $(BUILDDIR)
