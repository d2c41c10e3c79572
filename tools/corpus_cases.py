"""Turn the Stevenage gold plan into the corpus cases: one function per way a council's monitor differs.

Each `case_*` function returns a `Case`: a small plan cut from the gold (its real wording, edited
only where the case needs other content), how it is typeset, what it stresses, and what a careful
reader must do with the .docx and with the PDF.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from corpus_plans import (
    EXACT,
    Case,
    Plan,
    action,
    drop_legend,
    pick,
    reference_columns,
    refused,
    renumber,
    set_columns,
    set_extra,
    set_scale,
    set_statuses,
    warned,
)
from corpus_tables import CorpusLayout
from variant_docx import Layout

REF_WIDTHS = (567, 2551, 1644, 1191, 2041, 2268, 3288, 1247)
WORD_SCALE = [("green", "Complete", None, None), ("amber", "On track", None, None), ("red", "At risk", None, None)]
PROGRESS = "Action taken and progress (to be updated each quarter)"


def layout(widths: tuple[int, ...] = REF_WIDTHS, labels: tuple[str, ...] = (), **kw: object) -> CorpusLayout:
    """A CorpusLayout on the reference Layout, with these widths and 'Indicators / measure:' priorities."""
    base = Layout(widths=widths, indicator_labels={n: "Indicators / measure:" for n in labels})
    return CorpusLayout(base=base, **kw)  # type: ignore[arg-type]


def case_budget_before(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "5": ["5.1", "5.2", "5.3"]})
    cols = reference_columns()
    set_columns(plan, cols[:4] + [("Budget £", "extra:budget")] + cols[4:])
    set_extra(plan, "budget", {"1.2": ["Nil"], "1.3": ["Nil"], "5.1": ["£5,000", "(PCC grant)"], "5.2": ["£750"],
                               "5.3": ["£1,200"]})
    widths = (567, 2211, 1644, 1191, 1021, 2041, 2068, 2807, 1247)
    # an unknown heading is kept as an extra column and named in a warning (a profile declares it)
    return Case(plan, layout(widths), 'a 9th column "Budget £" (values "£5,000", "Nil") between "When by" and "Resource"',
                warned("Budget £"), warned("Budget £"))


def case_budget_after(gold: Plan) -> Case:
    plan = pick(gold, {"2": ["2.2", "2.3", "2.5"], "6": ["6.3", "6.6"]})
    cols = reference_columns(number="No.", status="Status")
    set_columns(plan, cols[:5] + [("Budget £", "extra:budget")] + cols[5:])
    set_extra(plan, "budget", {"2.2": ["£3,000"], "2.3": ["Nil"], "2.5": ["Nil"], "6.3": ["£8,500", "(CCTV capital)"],
                               "6.6": ["£2,000"]})
    widths = (567, 2211, 1644, 1191, 2041, 1021, 2068, 2807, 1247)
    return Case(plan, layout(widths, ("2",)), 'a 9th column "Budget £" right after "Resource"; "No." and "Status" headings',
                warned("Budget £"), warned("Budget £"))


def case_status_words(gold: Plan) -> Case:
    plan = pick(gold, {"3": ["3.1", "3.3", "3.4"], "5": ["5.1", "5.3"]})
    drop_legend(plan)
    set_statuses(plan, "5.1", ["green", "red"])
    set_scale(plan, WORD_SCALE)
    return Case(plan, layout(labels=("3",)), 'no shading: status cells print "1. Complete", "2. On track", "1. At risk"; '
                "no legend in the preamble", EXACT, EXACT)


def case_brag(gold: Plan) -> Case:
    plan = pick(gold, {"2": ["2.1", "2.2", "2.4"], "6": ["6.4", "6.5"]})
    drop_legend(plan)
    plan["preamble"].insert(1, "Status key: Blue – complete; Green – on track; Amber – some slippage; Red – off track.")
    set_statuses(plan, "2.1", ["green", "amber"])
    set_statuses(plan, "6.4", ["blue", "red", "amber", "blue"])
    set_statuses(plan, "6.5", ["blue", "red", "green", "green"], [None, "Not started", None, None])
    set_scale(plan, [("blue", "Blue", "complete", "0070C0"), ("green", "Green", "on track", "00B050"),
                     ("amber", "Amber", "some slippage", "FFC000"), ("red", "Red", "off track", "FF0000")])
    brag = layout(labels=("2",))
    brag = CorpusLayout(base=dataclasses.replace(brag.base, white_text_on=("0070C0",)))
    return Case(plan, brag, "BRAG: blue 0070C0 (white text) = complete as well as green / amber / red; "
                'the legend is a preamble paragraph "Status key: Blue – complete; …"', EXACT, EXACT)


def case_footnotes(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "2": ["2.3", "2.5"]})
    action(plan, "1.2")["progress"].append("MARAC repeat referrals in Q1 were 41% of cases heard.")
    notes = (("in tackling the priorities.", "Each agency reports on its own plan to its own board."),
             ("41%", "SafeLives recommends a repeat referral rate of 28–40%."))
    return Case(plan, layout(labels=("2",), footnotes=notes),
                'Word footnotes (footnotes.xml): one after a preamble sentence, one after "41%" in 1.2\'s progress',
                EXACT, EXACT)


def case_one_table(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "4": ["4.1", "4.2", "4.3"]})
    return Case(plan, layout(labels=("4",), one_table=True, two_row_priorities=("4",)),
                'the whole plan is one table: a merged "N. Title" row per priority, then "Lead Agency / Indicators" '
                "in one merged row (priority 1) or two (priority 4)", EXACT, EXACT)


def case_letter_ids(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.1", "1.2", "1.3"], "6": ["6.1", "6.3"]})
    plan["format"] = "action-plan/2"
    plan["priorities"][1].update(number="2", title="Anti-social behaviour")
    renumber(plan, {"1.1": "DA1", "1.2": "DA2", "1.3": "DA3", "6.1": "ASB1", "6.3": "ASB2"})
    widths = (851, 2551, 1644, 1191, 2041, 2268, 3004, 1247)
    return Case(plan, layout(widths), 'action ids "DA1"–"DA3", "ASB1", "ASB2" under "1. Domestic abuse", '
                '"2. Anti-social behaviour"', EXACT, EXACT)


def case_heading_synonyms(gold: Plan) -> Case:
    plan = pick(gold, {"3": ["3.2", "3.4"], "6": ["6.2", "6.6", "6.7"]})
    set_columns(plan, reference_columns(number="Ref", objectives="Action", lead="Lead officer", when_by="Target date",
                                        resources="Resources", outcomes="Success measures", progress="Commentary",
                                        status="RAG"))
    return Case(plan, layout(labels=("3",)), 'headings "Ref", "Action", "Lead officer", "Target date", "Resources", '
                '"Success measures", "Commentary", "RAG" (reference order)', EXACT, EXACT)


def case_reordered(gold: Plan) -> Case:
    plan = pick(gold, {"2": ["2.1", "2.5"], "5": ["5.2", "5.4"]})
    c = reference_columns()
    set_columns(plan, [c[0], c[1], c[5], c[2], c[3], c[4], c[6], c[7]])
    widths = (567, 2551, 2268, 1644, 1191, 2041, 3288, 1247)
    return Case(plan, layout(widths, ("2",)), "columns in another order: number, objectives, outcomes, lead, when by, "
                "resource, progress, status", EXACT, EXACT)


def case_portrait(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "5": ["5.1", "5.3"]})
    base = Layout(size_pt=9, margins_cm=(1.5, 1.5, 1.5, 1.5), widths=(510, 1600, 1100, 900, 1300, 1600, 2400, 795))
    return Case(plan, CorpusLayout(base=base, portrait=True), "A4 portrait, 9 pt, narrow columns (18 cm in all), "
                "reference headings", EXACT, EXACT)


def case_rotated(gold: Plan) -> Case:
    plan = pick(gold, {"4": ["4.1", "4.2", "4.3"], "5": ["5.2", "5.4"]})
    return Case(plan, layout(labels=("4",)), "PDF pages stored portrait with /Rotate 90, content drawn turned "
                "(as some print drivers save landscape); looks the same as the plain export", EXACT, EXACT,
                rotate_pdf=True)


def case_lists_and_links(gold: Plan) -> Case:
    plan = pick(gold, {"2": ["2.3", "2.5"], "6": ["6.1", "6.4"]})
    action(plan, "2.3")["progress"] = [
        "Michael Hearn is the new NW secretary. He has been invited to participate in ODG and asked to provide data "
        "and info for RAG.",
        "\u2022 Pubwatch goes from strength to strength through the online system. . Improved communications between "
        "licensees – instant action taken against banned nominals.",
        "\u2022 Streetmeets used to sign up residents to NHW.",
        "\u2022 Shopwatch quarterly meetings identify the most active criminals to retailers."]
    a = action(plan, "6.4")
    a["progress"] = ["\u2022 " + t for t in a["progress"][:4]] + a["progress"][4:]
    links = (("Pubwatch", "https://www.stevenage.gov.uk/community-safety/pubwatch"),
             ("Safety Net", "https://www.stevenage.gov.uk/community-safety/safety-net"),
             ("Op Sabre", "https://www.herts.police.uk/news/op-sabre"))
    return Case(plan, layout(labels=("2",), word_lists=True, links=links),
                "Word's own lists (one abstractNum, startOverride, Symbol bullets) in outcomes, resources and "
                "progress; hyperlinks (w:hyperlink r:id) on words in progress", EXACT, EXACT)


def case_unknown_column(gold: Plan) -> Case:
    plan = pick(gold, {"3": ["3.3", "3.4"], "6": ["6.3", "6.5", "6.6"]})
    c = reference_columns()
    set_columns(plan, c[:7] + [("Partner comments", "extra:partner_comments")] + c[7:])
    set_extra(plan, "partner_comments", {
        "3.3": ["E&N Herts NHS Trust: scoping notes circulated to ODG."],
        "6.3": ["Police: camera sites agreed at tasking."],
        "6.5": ["HCC: referral form updated.", "Probation: no comment this quarter."]})
    widths = (567, 2151, 1644, 1191, 1841, 2068, 2274, 1814, 1247)
    return Case(plan, layout(widths, ("3",)), 'a 9th column "Partner comments" (between progress and status), '
                "some cells empty", warned("Partner comments"), warned("Partner comments"))


def case_ambiguous(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "2": ["2.2", "2.5"]})
    c = reference_columns(progress="Progress")
    set_columns(plan, c[:7] + [("Update", "extra:update")] + c[7:])
    set_extra(plan, "update", {"1.2": ["July: risk matrix shared with RAG."], "2.2": ["July: struck from the plan."],
                               "2.5": ["July: IOM figures requested again."]})
    widths = (567, 2151, 1644, 1191, 1841, 2068, 2500, 1588, 1247)
    return Case(plan, layout(widths, ("2",)), 'two columns that both mean progress: "Progress" and "Update"',
                refused("Progress", "Update"), refused("Progress", "Update"))


def case_unknown_status_word(gold: Plan) -> Case:
    plan = pick(gold, {"1": ["1.2", "1.3"], "6": ["6.5", "6.6"]})
    drop_legend(plan)
    set_statuses(plan, "1.2", ["green", None], [None, "Slipping"])
    set_statuses(plan, "6.5", ["green", "red", "amber", "amber"])
    set_scale(plan, WORD_SCALE)
    return Case(plan, layout(), 'status words ("Complete", "On track", "At risk") and one "2. Slipping" (1.2) that is '
                "none of them", warned("1.2", "Slipping"), warned("1.2", "Slipping"))


def case_line_spacing(gold: Plan) -> Case:
    plan = pick(gold, {"2": ["2.2", "2.5"], "3": ["3.3", "3.4"]})
    base = Layout(size_pt=11, indicator_labels={"2": "Indicators / measure:", "3": "Indicators / measure:"})
    return Case(plan, CorpusLayout(base=base, line_spacing=1.15), "Word's 1.15 line spacing (w:line 276, auto) on "
                "every paragraph, 11 pt; preamble paragraphs of 3 and 4 lines", EXACT, EXACT)


def case_narrow_column(gold: Plan) -> Case:
    plan = pick(gold, {"5": ["5.1", "5.2"], "6": ["6.1", "6.2"]})
    action(plan, "5.2")["lead"] = ["SBC Communications", "Consultation Team"]
    action(plan, "6.1")["lead"][0] = "SBC Neighbourhoods"
    widths = (567, 2551, 907, 1191, 2041, 2268, 4025, 1247)
    return Case(plan, layout(widths), 'a 1.6 cm Lead column: LibreOffice breaks "Communications", "Consultation", '
                '"Neighbourhoods", "Robotham", "Brewerton" mid-word without a hyphen', EXACT, EXACT)


CASES: dict[str, Callable[[Plan], Case]] = {
    "budget-before-resource": case_budget_before,
    "budget-after-resource": case_budget_after,
    "status-words": case_status_words,
    "brag": case_brag,
    "footnotes": case_footnotes,
    "one-table": case_one_table,
    "letter-ids": case_letter_ids,
    "heading-synonyms": case_heading_synonyms,
    "reordered-columns": case_reordered,
    "portrait": case_portrait,
    "rotated-pages": case_rotated,
    "lists-and-links": case_lists_and_links,
    "unknown-column": case_unknown_column,
    "ambiguous-headings": case_ambiguous,
    "unknown-status-word": case_unknown_status_word,
    "line-spacing": case_line_spacing,
    "narrow-column": case_narrow_column,
}
