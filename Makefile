# Two commands on a fresh machine: `make q2` (the Q2 appendix from the bundled inputs) and `make test`.
# Everything else they need is installed on first use: the venv, and Debian packages via tools/ensure-apt.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
YEAR ?= 2014-15
IN := inputs/$(YEAR)
OUT := outputs/$(YEAR)
BASE := $(IN)/action-plan-$(YEAR)-q1.pdf
RUN := $(PY) -m pipeline

RENDER_APT := fonts-liberation2 libharfbuzz-subset0
TEST_APT := $(RENDER_APT) libreoffice-writer-nogui poppler-utils
SYSTEM := $(VENV)/.system-render
SYSTEM_TEST := $(VENV)/.system-test

.PHONY: setup test q1 q2 q3 q4 bench clean
.DELETE_ON_ERROR:

setup: $(STAMP) $(SYSTEM)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

$(SYSTEM): tools/ensure-apt | $(STAMP)
	tools/ensure-apt $(RENDER_APT)
	touch $@

$(SYSTEM_TEST): tools/ensure-apt | $(STAMP)
	tools/ensure-apt $(TEST_APT)
	touch $@

test: $(STAMP) $(SYSTEM) $(SYSTEM_TEST)
	$(PY) -m pytest -q

# Q1: the published monitor, read back and re-rendered.
$(OUT)/q1/plan.json: $(BASE) $(STAMP)
	$(RUN) extract $< -o $@

$(OUT)/q1/appendix-1-q1.docx $(OUT)/q1/appendix-1-q1.pdf &: $(OUT)/q1/plan.json $(wildcard templates/*) $(SYSTEM)
	$(RUN) render $< --docx $(OUT)/q1/appendix-1-q1.docx --pdf $(OUT)/q1/appendix-1-q1.pdf

q1: $(OUT)/q1/appendix-1-q1.docx $(OUT)/q1/appendix-1-q1.pdf

clean:
	rm -rf outputs/*/ $(VENV)
