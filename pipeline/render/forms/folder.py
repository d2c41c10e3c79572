"""Turn last quarter's plan into the set of forms for a quarter: one .docx per lead and an index.

The index says which lead gets which actions, as CSV (opens in a spreadsheet, reads in a script) and
as Markdown (reads as it is, and says what to do with the forms). File names come from the lead's
name; the form itself, not its name, says whom it is for.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata

from pipeline.plan.model import Plan
from pipeline.plan.quarters import next_quarter
from pipeline.render.forms.context import form_context, long_date
from pipeline.render.forms.document import render_form
from pipeline.updates.leads import Lead, plan_leads

INDEX_CSV = "index.csv"
INDEX_MD = "index.md"


def forms_set(plan: Plan, due: dt.date, returns_folder: str) -> dict[str, bytes]:
    """File name → bytes: every lead's form, index.csv and index.md."""
    leads = plan_leads(plan)
    names = form_names(leads)
    files = {names[lead.name]: render_form(form_context(plan, lead, due)) for lead in leads}
    files[INDEX_CSV] = _index_csv(leads, names).encode("utf-8")
    files[INDEX_MD] = _index_md(plan, leads, names, due, returns_folder).encode("utf-8")
    return files


def form_names(leads: tuple[Lead, ...]) -> dict[str, str]:
    """Lead name → its form's file name: the name in lower-case ASCII words, unique, at most 60 characters."""
    names: dict[str, str] = {}
    for lead in leads:
        ascii_name = unicodedata.normalize("NFKD", lead.name).encode("ascii", "ignore").decode()
        stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "lead"
        name, n = f"{stem}.docx", 2
        while name in names.values() or name in (INDEX_CSV, INDEX_MD):
            name, n = f"{stem}-{n}.docx", n + 1
        names[lead.name] = name
    return names


def _index_csv(leads: tuple[Lead, ...], names: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["form", "lead", "organisations", "actions"])
    for lead in leads:
        writer.writerow([names[lead.name], lead.name, "; ".join(lead.organisations), "; ".join(lead.actions)])
    return out.getvalue()


def _index_md(plan: Plan, leads: tuple[Lead, ...], names: dict[str, str], due: dt.date, returns_folder: str) -> str:
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    lines = [
        f"# Q{quarter} {year} update forms: {plan.partnership}",
        "",
        f"{len(leads)} forms, one per lead named in the plan's Lead column; an action with several leads is on "
        "each of their forms. Returns are due by " + long_date(due) + ".",
        "",
        "1. Send each lead their form (any e-mail; the form says whom it is for).",
        f"2. Save each returned form, under any name, in `{returns_folder}`.",
        "3. Run `make " + f"q{quarter}" + "`: it reads the returns (and the typed updates file, if there is one) and says "
        "who has not returned yet. An action filled in on two forms is refused, naming both: keep one.",
        "",
        "Check the split below: the leads were read from how the plan prints its Lead cells (a name under an "
        "organisation is a person of it; an organisation with nobody under it is a lead itself).",
        "",
        "| Form | Lead | Organisations | Actions |",
        "|---|---|---|---|",
    ]
    lines += [f"| {names[x.name]} | {_cell(x.name)} | {_cell(', '.join(x.organisations))} | {', '.join(x.actions)} |"
              for x in leads]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
