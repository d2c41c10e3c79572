"""Turn a published monitor file (PDF or Word, told apart by content) into a Plan."""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExtractionError, InputError
from pipeline.extract.layout.normalise import grid_to_plan
from pipeline.extract.layout.profile import DEFAULT_PROFILE, Profile
from pipeline.plan.model import Plan
from pipeline.plan.printable import nfc_plan, unprintable_in_plan
from pipeline.reading.source import PROFILE, read_input
from pipeline.reading.text import decode, describe


def extract_file(path: str | Path, profile: Profile = DEFAULT_PROFILE) -> Plan:
    """Read the file at `path` and extract its action plan."""
    return extract_bytes(read_input(path), str(path), profile)


def extract_bytes(data: bytes, source: str, profile: Profile = DEFAULT_PROFILE) -> Plan:
    """Extract the action plan from a document's bytes; `source` names it in messages."""
    kind = sniff(data, source)
    if kind == "pdf":
        from pipeline.extract.pdf.embedded import check_embedded_plan
        from pipeline.extract.pdf.reader import pdf_to_grid

        plan = grid_to_plan(pdf_to_grid(data, source), profile)
        check_embedded_plan(data, plan, source)
    else:
        from pipeline.extract.docx.reader import docx_to_grid

        plan = grid_to_plan(docx_to_grid(data, source), profile)
    found = unprintable_in_plan(plan)
    if found:  # e.g. a PDF font without a text mapping for some glyphs: the text read is not what is printed
        raise ExtractionError(f"{source}: {found[0]}: the document's text holds {describe(found[1])}, which "
                              "cannot be printed (a font with no text mapping?); retype that text in the document")
    return nfc_plan(plan)


def read_profile(path: str | Path) -> Profile:
    """A profile file (YAML), checked; see extract/layout/profile_yaml.py for its form."""
    from pipeline.extract.layout.profile_yaml import profile_from_yaml

    return profile_from_yaml(decode(read_input(path, PROFILE), str(path)), str(path))


def sniff(data: bytes, source: str) -> str:
    """'pdf' or 'docx' by magic bytes; anything else is an InputError naming what it looks like."""
    if not data:
        raise InputError(f"{source}: the file is empty")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{source}: an old binary Word (.doc) or encrypted Office file; save it as .docx")
    if data.startswith(b"PK"):
        raise InputError(f"{source}: not a valid Word file: the zip is corrupt or truncated")
    raise InputError(f"{source}: not a PDF or Word (.docx) file")
