"""Lines of a PDF that promises every wrap keeps its space (our appendix: creator.py) are joined
exactly: a line without its space was broken inside a word, unless the next word would have fitted
(a line break); across a page, only a line surely broken inside a word goes on."""
from __future__ import annotations

from conftest import REFERENCE_PDF, small_plan

from pipeline.extract.pdf.creator import spaced_wraps
from pipeline.extract.pdf.lines import Flow, Line, line_joiner
from pipeline.render.pdf.appendix import render_pdf

# A 2.9 cm Lead column of 10 pt Liberation Sans as WeasyPrint lays it out (text from 218.3 to 294.8).
LEAD = Flow(right=294.8, pitch={10.0: 11.5}, trailing_spaces=True, spaced_wraps=True)
HEURISTIC = Flow(right=LEAD.right, pitch=LEAD.pitch, trailing_spaces=True)


def _line(text: str, x1: float, top: float, first_char: float, first_word: float, trailing_space: bool = False) -> Line:
    return Line(top=top, bottom=top + 11.17, x0=218.3, x1=x1, text=text, size=10.0, bold=False,
                trailing_space=trailing_space, first_word_width=first_word, first_char_width=first_char)


def test_a_word_broken_where_its_line_ran_out_is_joined_whatever_its_case() -> None:
    # "…partnershipTeam": the next letter did not fit; a lower-case end before a capital is no clue here
    a, b = _line("community.safety.partnership", 291.2, 100.0, 5.0, 70.0), _line("Team@stevenage.gov.uk", 280.0, 111.5, 6.1, 61.7)
    assert line_joiner(a, b, LEAD) == ""
    assert line_joiner(a, b, HEURISTIC) != ""  # without the promise the case keeps them apart, as before


def test_a_wrap_keeps_its_space_even_where_it_hangs_past_the_edge() -> None:
    a = _line("Neighbourhoods", 294.0, 100.0, 7.2, 72.0, trailing_space=True)  # the space ends past 294.8
    assert line_joiner(a, _line("team", 236.0, 111.5, 2.8, 17.8), LEAD) == " "


def test_a_break_where_a_url_may_break_is_joined() -> None:
    https, www = _line("https://", 248.3, 100.0, 7.2, 90.7), _line("www.stevenage.gov.", 290.0, 111.5, 7.2, 90.7)
    assert line_joiner(https, www, LEAD) == ""
    query, rest = _line("monitoring?", 270.0, 100.0, 5.6, 60.0), _line("quarter=1&format=pdf", 290.0, 111.5, 5.6, 60.0)
    assert line_joiner(query, rest, LEAD) == ""


def test_a_line_break_is_kept_where_the_next_word_would_have_fitted() -> None:
    assert line_joiner(_line("SBC", 238.8, 100.0, 6.7, 20.5), _line("Alex Hepton", 275.0, 111.5, 6.7, 20.0), LEAD) == "\n"


def test_across_a_page_only_a_line_surely_broken_in_a_word_goes_on() -> None:
    filled, tail = _line("0123456789ABCDEFGH", 292.0, 500.0, 6.7, 40.0), _line("IJ0123", 250.0, 80.0, 2.8, 31.7)
    assert line_joiner(filled, tail, LEAD, same_page=False) == ""
    slash, more = _line("SBC/CSP/", 265.0, 500.0, 6.7, 60.0), _line("ODG/2014-15/", 282.0, 80.0, 6.7, 60.0)
    assert line_joiner(slash, more, LEAD, same_page=False) == ""
    query, rest = _line("appendix-1?", 262.0, 500.0, 5.6, 60.0), _line("quarter=1&format=pdf", 290.0, 80.0, 5.6, 60.0)
    assert line_joiner(query, rest, LEAD, same_page=False) == ""
    question, answer = _line("Agreed?", 252.0, 500.0, 6.7, 60.0), _line("Consultation", 282.0, 80.0, 7.2, 60.0)
    assert line_joiner(question, answer, LEAD, same_page=False) == "\n"  # a finished sentence, a capital
    # a paragraph's last line at a page's foot, a long word on the next page: a break, so a new paragraph
    short, word = _line("Minutes.", 255.0, 500.0, 6.7, 60.0), _line("Neighbourhoods", 290.0, 80.0, 7.2, 71.7)
    assert line_joiner(short, word, LEAD, same_page=False) == "\n"
    assert line_joiner(short, word, LEAD) == ""  # on one page it is a word broken where it may break


def test_our_pdf_makes_the_promise_and_others_do_not() -> None:
    assert spaced_wraps(render_pdf(small_plan()))
    assert not spaced_wraps(REFERENCE_PDF.read_bytes())  # LibreOffice's
    assert not spaced_wraps(b"%PDF-1.7 not really")
