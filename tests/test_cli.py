"""The command line: every command has help, errors are one `error:` report with exit 1, and a
failed run leaves the outputs folder exactly as it was."""
from __future__ import annotations

import shutil

import pytest
from conftest import GOLD_JSON, INPUTS

from pipeline.cli import build_parser, main

COMMANDS = ["extract", "render", "apply", "updates-template", "redline", "archive", "final", "verify", "forms", "collect",
            "returns-status"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m pipeline {command}")


def test_the_parser_knows_exactly_these_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")  # noqa: SLF001
    assert sorted(sub.choices) == sorted(COMMANDS)


def _snapshot(folder):
    return {p.relative_to(folder): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_invalid_updates_leave_outputs_untouched(tmp_path, capsys):
    outputs = tmp_path / "outputs" / "2014-15"
    (outputs / "q1").mkdir(parents=True)
    (outputs / "q2").mkdir()
    shutil.copy(GOLD_JSON, outputs / "q1" / "plan.json")
    (outputs / "q2" / "plan.json").write_text("last good run\n")
    before = _snapshot(tmp_path / "outputs")
    bad = tmp_path / "q2.yaml"
    bad.write_text((INPUTS / "q2.yaml").read_text("utf-8").replace("[amber, green]", "[amber, gren]", 1)
                   .replace('"1.3":', '"9.9":', 1), "utf-8")
    rc = main(["apply", str(outputs / "q1" / "plan.json"), str(bad), "-o", str(outputs / "q2" / "plan.json")])
    err = capsys.readouterr().err
    assert rc == 1
    lines = err.strip().splitlines()
    assert lines[0] == f"error: {bad}: 2 errors in the updates file"
    assert all(line.startswith(f"{bad}:") for line in lines[1:])
    assert any("9.9" in line for line in lines[1:])
    assert any("'gren'" in line for line in lines[1:])
    assert "Traceback" not in err
    assert _snapshot(tmp_path / "outputs") == before


def test_updates_template_never_overwrites(tmp_path, capsys):
    target = tmp_path / "q2.yaml"
    target.write_text("filled in by hand\n")
    rc = main(["updates-template", "--quarter", "2", str(GOLD_JSON), "-o", str(target)])
    assert rc == 1 and target.read_text() == "filled in by hand\n"
    assert capsys.readouterr().err.startswith(f"error: {target}: already exists")


def test_render_needs_an_output(capsys):
    assert main(["render", str(GOLD_JSON)]) == 1
    assert "give --docx" in capsys.readouterr().err


def test_render_writes_the_redline_with_the_appendix(tmp_path, capsys):
    from pipeline.plan.schema import plan_from_json, plan_to_json
    from pipeline.render.redline.document import redline_docx
    from pipeline.updates.apply import apply
    from pipeline.updates.yaml_file import read_updates

    q1 = plan_from_json(GOLD_JSON.read_text("utf-8"))
    q2 = apply(q1, read_updates(INPUTS / "q2.yaml", q1))
    (tmp_path / "q2.json").write_text(plan_to_json(q2), "utf-8")
    out = tmp_path / "redline.docx"
    assert main(["render", str(tmp_path / "q2.json"), "--redline", str(out)]) == 1
    assert "--redline needs --previous" in capsys.readouterr().err and not out.exists()
    assert main(["render", str(tmp_path / "q2.json"), "--previous", str(GOLD_JSON), "--redline", str(out)]) == 0
    assert out.read_bytes() == redline_docx(q1, q2)
