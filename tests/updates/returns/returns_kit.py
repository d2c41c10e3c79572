"""Shared by the returned-form tests: the forms' due date, reading a return in a test, the CLI's `apply`,
and the edits a lead officer's word processor makes to a form's WordprocessingML (found by what the
form prints, never by position)."""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import GOLD_JSON
from forms_fill import edit_part, run
from lxml import etree

from pipeline.errors import UpdatesError
from pipeline.ooxml.ns import qn
from pipeline.plan.model import Plan
from pipeline.updates.returns.form import Return, read_return

DUE = dt.date(2014, 10, 14)
FOLDER = "returns"  # what a return is called in messages: returns/<file name>
PLACEHOLDER_PROGRESS = "Type this quarter's progress here, or leave this as it is if there is no update."


def source(name: str) -> str:
    return f"{FOLDER}/{name}"


def read(data: bytes, name: str, plan: Plan) -> Return:
    return read_return(data, source(name), plan)


def action_of(plan: Plan, action_id: str):
    return next(a for a in plan.actions() if a.id == action_id)


def refusal(data: bytes, name: str, plan: Plan) -> str:
    """The one-line message `read_return` refuses `data` with (the test fails if it reads it)."""
    with pytest.raises(UpdatesError) as info:
        read(data, name, plan)
    message = str(info.value)
    assert "\n" not in message, f"not one line: {message!r}"
    assert message.startswith(f"{source(name)}: "), message
    return message


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The pipeline's warnings captured so far."""
    return [r.getMessage() for r in caplog.records if r.name == "pipeline" and r.levelno == logging.WARNING]


def one_warning(caplog: pytest.LogCaptureFixture, *words: str) -> str:
    """The only captured warning holding every one of `words`."""
    found = [w for w in warnings(caplog) if all(word in w for word in words)]
    assert len(found) == 1, f"want one warning with {words}; got {warnings(caplog)}"
    return found[0]


def with_property(data: bytes, name: str, value: str) -> bytes:
    """The form with its custom document property `name` set to `value` (as a person could in File ▸ Properties)."""
    def change(xml: bytes) -> bytes:
        pattern = rf'(name="{name}"><vt:lpwstr>)[^<]*(</vt:lpwstr>)'.encode()
        new, count = re.subn(pattern, lambda m: m.group(1) + escape(value).encode() + m.group(2), xml)
        assert count == 1, f"the form has no custom property {name}"
        return new

    return edit_part(data, "docProps/custom.xml", change)


# --- WordprocessingML edits -------------------------------------------------------------------------

def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def paragraph(text: str) -> etree._Element:
    """A plain paragraph, as typed."""
    p = etree.Element(qn("w:p"))
    p.append(run(text))
    return p


def row(root: etree._Element, label: str) -> etree._Element:
    """The table row (w:tr) whose first cell begins with `label` ("3.2 Outcome 1 status")."""
    found = [tr for tr in root.iter(qn("w:tr")) if _first_paragraph(tr.find(qn("w:tc"))) == label]
    assert len(found) == 1, f"{len(found)} rows labelled {label!r}"
    return found[0]


def cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(qn("w:tc"))


def heading(root: etree._Element, text: str) -> etree._Element:
    """The body paragraph (an action's heading) reading exactly `text`."""
    found = [p for p in root.find(qn("w:body")).findall(qn("w:p")) if text_of(p) == text]
    assert len(found) == 1, f"{len(found)} paragraphs read {text!r}"
    return found[0]


def table(root: etree._Element, header: str) -> etree._Element:
    """The action table whose first cell reads `header` ("Action 3.2")."""
    found = [t for t in root.iter(qn("w:tbl")) if _first_paragraph(t.find(f"{qn('w:tr')}/{qn('w:tc')}")) == header]
    assert len(found) == 1, f"{len(found)} tables headed {header!r}"
    return found[0]


def _first_paragraph(tc: etree._Element | None) -> str | None:
    p = tc.find(qn("w:p")) if tc is not None else None
    return text_of(p) if p is not None else None


# --- the command line ---------------------------------------------------------------------------------

def returns_folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def apply_args(folder: Path, output: Path, *more: str | Path) -> tuple[str | Path, ...]:
    """`apply` of the gold Q1 plan with the returns in `folder`."""
    return ("apply", GOLD_JSON, *more, "--returns", folder, "-o", output)
