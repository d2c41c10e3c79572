"""extract(render(plan)) == plan, for Word and PDF, on generated plans: unicode, long cells that
cross pages, 1–8 outcomes, null statuses, and text that looks like markup ('&', '<b>', '{{ x }}')."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract_bytes
from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Section, Status, to_dict
from pipeline.render.pdf.appendix import render_pdf
from pipeline.render.word.appendix import render_docx

WORDS = ["the", "partnership", "Stevenage", "café", "£5,000", "Zoë’s", "“quoted”", "–", "&", "<b>",
         "{{ x }}", "{% if %}", "data", "Op Twist", "multi-agency", "ASB", "2nd", "100%", "(SBC)",
         "officers", "quarterly", "review", "naïve", "Ø", "—", "reported", "crime", "victims"]


def phrase(min_words: int = 1, max_words: int = 12):
    # a leading list marker or RAG word would be read as such: start with a plain word
    first = st.sampled_from(["Support", "Deliver", "Police", "Review", "Café", "Ensure", "All"])
    rest = st.lists(st.sampled_from(WORDS), min_size=min_words - 1, max_size=max_words - 1)
    return st.builds(lambda f, r: " ".join([f, *r]), first, rest)


@st.composite
def actions(draw, number: str, index: int) -> Action:
    k = draw(st.integers(1, 8))
    long_progress = draw(st.booleans())
    progress = draw(st.lists(phrase(3, 40), min_size=1, max_size=3))
    if long_progress:  # long enough to cross a page
        progress += [" ".join(draw(st.lists(phrase(20, 40), min_size=8, max_size=8)))]
    bullets = draw(st.lists(phrase(1, 5), max_size=2))
    return Action(
        id=f"{number}.{index}",
        project_campaign=draw(st.booleans()),
        objectives=tuple(draw(st.lists(phrase(2, 25), min_size=1, max_size=2)) + ["• " + b for b in bullets]),
        lead=tuple(draw(st.lists(phrase(1, 3), min_size=1, max_size=3))),
        when_by=tuple(draw(st.lists(st.sampled_from(["March 2015", "Summer 2014", "Quarterly"]), max_size=1))),
        resources=tuple(draw(st.lists(phrase(1, 8), max_size=3))),
        outcomes=tuple(draw(st.lists(phrase(2, 15), min_size=k, max_size=k))),
        progress=tuple(progress),
        status=tuple(
            Status(draw(st.sampled_from([None, *Rag])), draw(st.none() | phrase(1, 6))) for _ in range(k)
        ),
    )


@st.composite
def plans(draw) -> Plan:
    priorities = []
    for p in range(1, draw(st.integers(1, 2)) + 1):
        acts = tuple(draw(actions(str(p), i)) for i in range(1, draw(st.integers(1, 3)) + 1))
        priorities.append(Priority(
            number=str(p), title=draw(phrase(1, 8)), actions=acts,
            lead_agency=draw(st.none() | phrase(1, 5)), indicators=draw(st.none() | phrase(2, 12)),
        ))
    quarter = draw(st.integers(1, 4))
    periods = {1: "1 April – 30 June 2014", 2: "1 July – 30 September 2014",
               3: "1 October – 31 December 2014", 4: "1 January – 31 March 2015"}
    return Plan(
        partnership=draw(phrase(2, 6)) + " Partnership",
        title="Action plan 2014/15",
        report=Report(quarter=quarter, year="2014/15", period=periods[quarter], appendix="Appendix 1"),
        priorities=tuple(priorities),
        preamble=tuple(draw(st.lists(phrase(5, 30), max_size=2))),
        closing=(Section("Funding", tuple(draw(st.lists(phrase(3, 20), max_size=2)))),),
    )


def _differences(got, want, where: str = "") -> list[str]:
    """Paths where two JSON values differ, for a readable failure."""
    if isinstance(want, dict) and isinstance(got, dict):
        return [d for k in want for d in _differences(got.get(k), want[k], f"{where}.{k}")]
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in _differences(g, w, f"{where}[{i}]")]
    return [] if got == want else [f"{where}: got {got!r:.120} want {want!r:.120}"]


def assert_same(got: Plan, want: Plan) -> None:
    differences = _differences(to_dict(got), to_dict(want))
    assert not differences, "\n".join(differences[:8])


SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(plans())
def test_word_round_trip(plan):
    assert_same(extract_bytes(render_docx(plan), "generated.docx"), plan)


@SETTINGS
@given(plans())
def test_pdf_round_trip(plan):
    assert_same(extract_bytes(render_pdf(plan), "generated.pdf"), plan)
