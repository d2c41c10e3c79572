"""Turn a returned form's package into its parts and identity, refusing one made for another plan or quarter.

A form carries its identity in its custom document properties (partnership, year, quarter, the
fingerprint of the plan it was made from, the lead), so a return is matched to its plan without
trusting its file name; LibreOffice and Word both keep them when the file is saved.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import UpdatesError
from pipeline.ooxml.custom import custom_properties
from pipeline.ooxml.dangling import openable
from pipeline.ooxml.package import parse_xml, read_parts
from pipeline.ooxml.safety import check_package
from pipeline.plan.model import Plan
from pipeline.plan.quarters import next_quarter
from pipeline.render.forms.context import FORM_FORMAT, fingerprint


@dataclass(frozen=True)
class Identity:
    """Whom a form was made for, and from which plan."""

    lead: str
    actions: tuple[str, ...]
    due: str


def return_parts(data: bytes, source: str) -> dict[str, bytes]:
    """The package's parts, vetted (sizes, DTDs, missing parts) before anything is inflated."""
    if not data.startswith(b"PK\x03\x04"):
        raise UpdatesError(f"{source}: not a Word (.docx) file: save the form as a Word Document and return that")
    check_package(data, source)
    try:
        return read_parts(openable(data, source))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UpdatesError(f"{source}: not a Word (.docx) file ({exc}): save the form as a Word Document") from exc


def part_xml(parts: dict[str, bytes], name: str, source: str) -> etree._Element:
    """A part parsed, or a one-line refusal naming the file and the part when it is not well-formed."""
    try:
        return parse_xml(parts[name])
    except etree.XMLSyntaxError as exc:
        said = "nested too deep or one text too long to read safely" if "HUGE" in str(exc) else f"not well-formed XML ({exc})"
        raise UpdatesError(f"{source}: its {name} is {said}; LibreOffice 7.4 saves a change tracked inside a box so: "
                           "accept or reject the tracked changes (Edit ▸ Track Changes), save, and return it again") from exc


def check_identity(parts: dict[str, bytes], plan: Plan, source: str) -> Identity:
    """The form's identity, if it was made from `plan` for the quarter after it; else refuse naming what it is for."""
    if "docProps/custom.xml" in parts:
        part_xml(parts, "docProps/custom.xml", source)  # its own one-line refusal when damaged
    found = custom_properties(parts)
    if found.get("PipelineForm") != FORM_FORMAT:
        raise UpdatesError(f"{source}: not an update form from this pipeline (its document properties carry no "
                           f"form identity): return the form as it was sent, with the entries typed into it")
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    what = f"{found.get('Partnership', '?')}, Q{found.get('Quarter', '?')} {found.get('Year', '?')}"
    if (found.get("Partnership"), found.get("Year"), found.get("Quarter")) != (plan.partnership, year, str(quarter)):
        raise UpdatesError(f"{source}: is a form for {what}, not for this plan's next quarter "
                           f"({plan.partnership}, Q{quarter} {year}): take it out of the returns folder")
    if found.get("PlanFingerprint") != fingerprint(plan):
        raise UpdatesError(f"{source}: was made from another version of the Q{plan.report.quarter} {plan.report.year} "
                           f"plan (fingerprint {found.get('PlanFingerprint', '?')[:12]}, this plan's "
                           f"{fingerprint(plan)[:12]}): send the lead the form made from this plan (make forms) and "
                           f"copy the entries into it")
    try:
        listed = json.loads(found.get("Actions", ""))
    except ValueError:
        listed = None
    if not isinstance(listed, list) or not all(isinstance(i, str) for i in listed):
        raise UpdatesError(f"{source}: its document property Actions is not the list the form was made with: "
                           "return the form as it was sent")
    actions = tuple(listed)
    if not actions or not found.get("Lead"):
        raise UpdatesError(f"{source}: its document properties name no lead or no actions: return the form as it was sent")
    return Identity(lead=found["Lead"], actions=actions, due=found.get("Due", ""))
