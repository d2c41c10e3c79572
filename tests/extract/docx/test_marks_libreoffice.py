"""A reviewer's marks as another editor writes them: LibreOffice Writer, recording changes, edits the
board summary and the page header and comments on the summary. Each is said by its place."""
from __future__ import annotations

import pytest
from conftest import libreoffice
from marking import NAME, read

REVIEWER = "Lee Office"


@pytest.fixture(scope="module")
def reviewed(gold_rendered, tmp_path_factory) -> bytes:
    return libreoffice(gold_rendered["docx"], tmp_path_factory.mktemp("office"), f"author={REVIEWER}", "track=on",
                       "replace=Summary for the board=>Summary for the RAG board",
                       "comment=Direction of travel=>Check the arrows",
                       "replace=Q1 update=>Q1 draft update")


def test_marks_made_in_libreoffice_in_the_summary_and_header_are_said(reviewed, gold_plan, caplog) -> None:
    plan, said = read(reviewed, caplog)
    assert plan.report == gold_plan.report  # the header as accepted still gives the report line
    assert sorted(said) == [
        f"{NAME}: board summary: unresolved tracked changes by {REVIEWER} (not read into the plan); "
        "comment by Legal Reviewer: 'Check the arrows'",
        f"{NAME}: page header: unresolved tracked changes by {REVIEWER} (read as accepted)",
    ]
