"""Arbitrary Unicode through the whole quarter (issue 13): an updates file (every character written
as a YAML escape where it must be: controls, lone surrogates), apply, render to Word and PDF, extract
both. Either a clean refusal, with a reason the text gives, or an exact round trip with every glyph
of the PDF inside its cell."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import small_plan
from glyph_boxes import glyphs_outside_cells
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.extract import extract_bytes
from pipeline.plan.model import to_dict
from pipeline.plan.printable import UNPRINTABLE
from pipeline.render import templates as bundle
from pipeline.render.pdf.appendix import font_files, render_pdf
from pipeline.render.pdf.glyphs import covered
from pipeline.render.word.appendix import render_docx
from pipeline.updates.apply import apply
from pipeline.updates.yaml_file import read_updates

RTL = "שלום עולם مرحبا بالعالم"
ASTRAL = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 𠜎 🇬🇧"


def _yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, escaping what YAML cannot hold raw (and surrogates)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# what the PDF's font draws, left to right, without combining marks: text that must come back exactly
IN_FONT = sorted(chr(c) for c in covered(font_files(bundle.folder(None)))
                 if unicodedata.category(chr(c)) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Mc")
                 and unicodedata.bidirectional(chr(c)) not in ("R", "AL"))

tokens = st.one_of(
    st.text(st.sampled_from(IN_FONT), min_size=1, max_size=40),
    st.text(min_size=1, max_size=40),  # anything at all, surrogates and controls included
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")), min_size=1, max_size=40),  # printable
    st.sampled_from([RTL, ASTRAL, "naïve café – “quoted” £5", "a\u0301 combining", "x\u200by zero width"]),
    st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=60, max_size=300),  # one long word
    st.builds(lambda n: "https://example.org/" + "a/" * n + "?q=1&r=<2>", st.integers(10, 80)),
    st.just("firstname.lastname@stevenage-borough-council.gov.uk"),
)
paragraphs = st.lists(st.lists(tokens, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3)


def _quarter(tmp: Path, progress: list[str], note: str):
    plan = small_plan()
    body = "".join(f"      - {_yaml_quoted(p)}\n" for p in progress)
    text = ("year: 2014/15\nquarter: 2\nactions:\n  \"1.1\":\n    progress:\n" + body
            + f"    status: [green, {{rag: amber, note: {_yaml_quoted(note)}}}, red]\n")
    path = tmp / "q2.yaml"
    path.write_text(text, "utf-8", errors="surrogatepass")
    return plan, path


def _allowed_refusal(texts: list[str], message: str) -> bool:
    """A refusal the text explains: a character no board paper can print, an invisible formatting
    character, or one the PDF cannot draw faithfully (no glyph in its font, right-to-left, a letter
    with stacked combining marks), each checked against the text itself; or nothing left to say."""
    text = "".join(texts)
    if UNPRINTABLE.search(text):
        return "cannot be printed in Word or PDF" in message
    if any(unicodedata.category(c) == "Cf" for c in text):
        return "an invisible formatting character" in message
    if "has no glyph in the PDF's font" in message:
        return any(ord(c) not in covered(font_files(bundle.folder(None))) and not c.isspace() for c in text)
    if "is right-to-left text" in message:
        return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    if "a second combining mark" in message:
        return any(unicodedata.combining(a) and unicodedata.combining(b) for a, b in zip(text, text[1:]))
    return not all(t.split() for t in texts) and ("nothing filled in" in message or "note" in message)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(progress=paragraphs, note=tokens)
@example(progress=[f"Contact {'firstname.lastname@stevenage-borough-council.gov.uk'} about ref "
                   + "SBC/CS/2014-15/" + "0123456789" * 10], note="ok")
@example(progress=["bad \x01 byte", "fine"], note="ok")
@example(progress=[RTL], note="ok")
@example(progress=["fine"], note=ASTRAL)
@example(progress=["stacked e\u0301\u0323 marks", "one a\u0301 mark"], note="ok")
@example(progress=["right\u202eleft"], note="ok")
@example(progress=["0"], note="Superseded")
def test_any_text_is_refused_cleanly_or_read_back_exactly(tmp_path_factory: pytest.TempPathFactory, progress, note):
    plan, path = _quarter(tmp_path_factory.mktemp("u"), progress, note)
    try:
        quarter = apply(plan, read_updates(path, plan))
        docx, pdf = render_docx(quarter), render_pdf(quarter)
    except PipelineError as exc:
        message = str(exc)
        assert "\n" not in message or message.count("\n") == len(message.splitlines()) - 1
        assert _allowed_refusal([*progress, note], message), message
        return
    want = to_dict(quarter)
    assert to_dict(extract_bytes(docx, "q2.docx")) == want
    assert to_dict(extract_bytes(pdf, "q2.pdf")) == want
    assert glyphs_outside_cells(pdf) == []
