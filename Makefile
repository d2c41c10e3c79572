# Two commands on a fresh machine: `make q2` (the Q2 appendix from the bundled inputs) and `make test`.
# Everything else they need is installed on first use: the venv, and Debian packages via tools/ensure-apt.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
YEAR ?= 2014-15
ifneq ($(words $(YEAR)),1)
$(error YEAR is a financial year as in the folder names, one word such as 2014-15 (YEAR="$(YEAR)" given))
endif
IN := inputs/$(YEAR)
OUT := outputs/$(YEAR)
BASE := $(IN)/action-plan-$(YEAR)-q1.pdf
# BASE for the shell: as written ($(value …): a '$' in a file name is not make's), single-quoted, any ' escaped
SH_BASE = '$(subst ','\'',$(value BASE))'
RUN := $(PY) -m pipeline

RENDER_APT := fonts-liberation2 libharfbuzz-subset0
# chromium + chromium-driver: the HTML page is tested in a real browser (Selenium, axe-core)
TEST_APT := $(RENDER_APT) libreoffice-writer-nogui python3-uno poppler-utils chromium chromium-driver
SYSTEM := $(VENV)/.system-render
SYSTEM_TEST := $(VENV)/.system-test

.PHONY: setup test lint q1 q2 q3 q4 bench clean archive final verify forms FORCE
# No .DELETE_ON_ERROR, and the pipeline's outputs are .PRECIOUS (below): it writes every output atomically,
# a set of them as a whole, so a failed or interrupted recipe leaves the previous complete files, which make
# must not delete (it deleted a failed render's old PDF and redline and kept its old Word file).

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

test: lint $(STAMP) $(SYSTEM) $(SYSTEM_TEST)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check --quiet .

TEMPLATES := $(wildcard templates/*.docx templates/*.j2 templates/*.css)

# Q1: the published monitor, read back (cached as plan.json) and re-rendered.
# The base monitor by content, not by timestamp: the stamp holds BASE's name and SHA-256 and is
# rewritten only when either changes, so another BASE= (even an older file) or an edited one
# re-extracts Q1, and nothing else does.
BASE_STAMP := $(OUT)/q1/.base
$(BASE_STAMP): FORCE
	@mkdir -p $(@D)
	@test -f $(SH_BASE) || { echo "error: "$(SH_BASE)": no such file; give the published monitor: make q1 BASE=path/to/monitor.pdf" >&2; exit 1; }
	@printf '%s  %s\n' "$$(sha256sum < $(SH_BASE) | cut -c1-64)" $(SH_BASE) > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(OUT)/q1/plan.json: $(BASE_STAMP) $(STAMP)
	$(RUN) extract $(SH_BASE) -o $@

$(OUT)/q1/appendix-1-q1.docx $(OUT)/q1/appendix-1-q1.pdf $(OUT)/q1/appendix-1-q1.html &: $(OUT)/q1/plan.json $(TEMPLATES) $(SYSTEM)
	$(RUN) render $< --docx $(OUT)/q1/appendix-1-q1.docx --pdf $(OUT)/q1/appendix-1-q1.pdf --html $(OUT)/q1/appendix-1-q1.html

q1: $(OUT)/q1/appendix-1-q1.docx $(OUT)/q1/appendix-1-q1.pdf $(OUT)/q1/appendix-1-q1.html
.PRECIOUS: $(OUT)/q1/plan.json $(OUT)/q1/appendix-1-q1.docx $(OUT)/q1/appendix-1-q1.pdf $(OUT)/q1/appendix-1-q1.html

# A quarter's plan of record: its final from legal review (make final) when there is one, else the draft.
RECORD_OF = $(or $(wildcard $(OUT)/$(1)/final/plan.json),$(OUT)/$(1)/plan.json)

# Qn (n = 2..4): last quarter's plan of record + inputs/<year>/qn.yaml → this quarter's plan and appendix.
# Last quarter's draft is a prerequisite too: a draft rebuilt after its review makes apply refuse the stale final.
# The quarter's folder is made here: the pipeline refuses an output whose folder is missing (a mistyped path).
define QUARTER
# The quarter's returned forms by content (names and SHA-256, any file names): the stamp changes only when they do.
$(OUT)/q$(1)/.returns: FORCE
	@mkdir -p $$(@D)
	@{ if [ -d $(IN)/q$(1)/returns ]; then cd $(IN)/q$(1)/returns && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum; fi; } > $$@.new
	@if cmp -s $$@.new $$@; then rm $$@.new; else mv $$@.new $$@; fi

# The quarter's updates: inputs/<year>/qn.yaml and/or the returned forms in inputs/<year>/qn/returns/;
# updates.yaml beside plan.json records what was applied, each action under the name of its source.
$(OUT)/q$(1)/plan.json: $(call RECORD_OF,q$(2)) $(OUT)/q$(2)/plan.json $(wildcard $(IN)/q$(1).yaml) $(OUT)/q$(1)/.returns $(STAMP)
	@mkdir -p $$(@D)
	@test -f $(IN)/q$(1).yaml || test -d $(IN)/q$(1)/returns || { echo "error: no updates for Q$(1): put the returned forms (make forms Q=q$(1)) in $(IN)/q$(1)/returns/, or write $(IN)/q$(1).yaml ($(RUN) updates-template --quarter $(1) $(call RECORD_OF,q$(2)) -o $(IN)/q$(1).yaml)" >&2; exit 1; }
	$(RUN) apply $$< $(wildcard $(IN)/q$(1).yaml) $(if $(wildcard $(IN)/q$(1)/returns),--returns $(IN)/q$(1)/returns) --record $(OUT)/q$(1)/updates.yaml -o $$@

# One process writes the four (one interpreter start, not two): the appendix, its web page and its redline.
$(OUT)/q$(1)/appendix-1-q$(1).docx $(OUT)/q$(1)/appendix-1-q$(1).pdf $(OUT)/q$(1)/appendix-1-q$(1).html $(OUT)/q$(1)/appendix-1-q$(1)-redline.docx &: $(OUT)/q$(1)/plan.json $(call RECORD_OF,q$(2)) $(TEMPLATES) $(SYSTEM)
	$(RUN) render $$< --previous $(call RECORD_OF,q$(2)) --docx $(OUT)/q$(1)/appendix-1-q$(1).docx --pdf $(OUT)/q$(1)/appendix-1-q$(1).pdf --html $(OUT)/q$(1)/appendix-1-q$(1).html --redline $(OUT)/q$(1)/appendix-1-q$(1)-redline.docx

# Then who has returned a form and whom to chase.
q$(1): $(OUT)/q$(1)/appendix-1-q$(1).docx $(OUT)/q$(1)/appendix-1-q$(1).pdf $(OUT)/q$(1)/appendix-1-q$(1).html $(OUT)/q$(1)/appendix-1-q$(1)-redline.docx
	@$(RUN) returns-status --year $(YEAR) --quarter $(1) --plan $(call RECORD_OF,q$(2))
.PRECIOUS: $(OUT)/q$(1)/plan.json $(OUT)/q$(1)/appendix-1-q$(1).docx $(OUT)/q$(1)/appendix-1-q$(1).pdf $(OUT)/q$(1)/appendix-1-q$(1).html $(OUT)/q$(1)/appendix-1-q$(1)-redline.docx
endef
$(eval $(call QUARTER,2,1))
$(eval $(call QUARTER,3,2))
$(eval $(call QUARTER,4,3))

PREVIOUS_q2 := q1
PREVIOUS_q3 := q2
PREVIOUS_q4 := q3

# `make forms Q=q2 [DUE=2014-10-14]`: one Word update form per lead of last quarter's plan of record, and
# an index, in $(OUT)/$(Q)/forms/ (replaced as a whole); returned forms go in $(IN)/$(Q)/returns/.
ifneq ($(filter forms,$(MAKECMDGOALS)),)
ifeq ($(filter q2 q3 q4,$(Q)),)
$(error say which quarter the forms are for, q2 to q4: make forms Q=q2 (Q=$(Q) given; Q1 goes on from last year's Q4))
endif
endif
forms: $(call RECORD_OF,$(PREVIOUS_$(Q))) $(STAMP)
	@mkdir -p $(OUT)/$(Q)
	$(RUN) forms $< --quarter $(subst q,,$(Q)) -o $(OUT)/$(Q)/forms --returns-folder $(IN)/$(Q)/returns/ $(if $(value DUE),--due '$(subst ','\'',$(value DUE))')

# `make archive Q=q2 [REVISION="reason"]`: the quarter, write-once, into outputs/archive/$(YEAR)/$(Q)/.
# REVISION is passed as written ($(value …): make does not expand "$500" or "$HOME" in it), in single
# quotes with any single quote in it escaped for the shell.
ifneq ($(filter archive,$(MAKECMDGOALS)),)
ifeq ($(filter q1 q2 q3 q4,$(Q)),)
$(error say which quarter, q1 to q4: make archive Q=q2 (Q=$(Q) given))
endif
endif
archive: $(OUT)/$(Q)/plan.json $(OUT)/$(Q)/appendix-1-$(Q).docx $(STAMP) $(SYSTEM)
	$(RUN) archive --year $(YEAR) --quarter $(subst q,,$(Q)) --base $(SH_BASE) $(if $(value REVISION),--revision '$(subst ','\'',$(value REVISION))')

# `make final Q=q2 REVIEWED=path/to/reviewed.docx`: the Word appendix as legal review returned it
# (every tracked change and comment resolved) becomes the quarter's final, in $(OUT)/$(Q)/final/:
# plan.json read from it, the Word and PDF appendices rendered from that, the reviewer's file and
# the review record. The draft stays as it is; next quarter and the archive go on from the final.
# REVIEWERS="A. Name, B. Name" adds reviewers the file does not name (LibreOffice drops accepted changes' authors).
ifneq ($(filter final,$(MAKECMDGOALS)),)
ifeq ($(filter q1 q2 q3 q4,$(Q)),)
$(error say which quarter, q1 to q4: make final Q=q2 REVIEWED=path/to/reviewed.docx (Q=$(Q) given))
endif
ifeq ($(value REVIEWED),)
$(error say which file came back from review: make final Q=$(Q) REVIEWED=path/to/reviewed.docx)
endif
endif
final: $(STAMP) $(SYSTEM)
	$(RUN) final '$(subst ','\'',$(value REVIEWED))' --draft $(OUT)/$(Q)/plan.json --draft-docx $(OUT)/$(Q)/appendix-1-$(Q).docx $(if $(PREVIOUS_$(Q)),--previous $(call RECORD_OF,$(PREVIOUS_$(Q)))) -o $(OUT)/$(Q)/final $(if $(value REVIEWERS),--reviewer '$(subst ','\'',$(value REVIEWERS))')

verify: $(STAMP)
	$(RUN) verify outputs/archive

bench: $(STAMP) $(SYSTEM) $(SYSTEM_TEST)
	$(PY) bench/run.py

clean:  # everything but outputs/archive/, which is write-once
	rm -rf $(filter-out outputs/archive/,$(wildcard outputs/*/)) $(VENV)
