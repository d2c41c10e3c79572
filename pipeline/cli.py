"""Turn command lines into library calls; the one place errors become `error: …` and exit 1."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence

from pipeline.errors import PipelineError, StrictError, UpdatesError
from pipeline.plan.printable import UNPRINTABLE

log = logging.getLogger("pipeline")


class _StrictHandler(logging.Handler):
    """Hold the pipeline's warnings until the command has run: shown when it succeeds or `--strict`
    refuses them, dropped when an input is refused (warnings about a file that is not a monitor,
    with its reviewers' names and comments, would only bury the one line that matters)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def show(self) -> None:
        for message in self.messages:
            print(f"warning: {_one_line(message)}", file=sys.stderr)


def _cmd_extract(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pipeline.extract import extract_file, read_profile
    from pipeline.extract.layout.profile import DEFAULT_PROFILE
    from pipeline.files import check_outputs, write_files
    from pipeline.plan.schema import plan_to_json

    check_outputs(args.output, args.write_profile, inputs=(args.file, args.profile))
    plan = extract_file(args.file, read_profile(args.profile) if args.profile else DEFAULT_PROFILE)
    text = plan_to_json(plan)
    _fail_if_strict(args, strict)
    outputs = {}
    if args.write_profile:
        from pipeline.extract.layout.profile_yaml import plan_to_profile_yaml  # YAML only when asked

        outputs[args.write_profile] = plan_to_profile_yaml(plan).encode("utf-8")
    if args.output:
        outputs[args.output] = text.encode("utf-8")
    write_files(outputs)  # the profile and the plan together, or neither
    if not args.output:
        sys.stdout.write(text)
    return 0


def _cmd_render(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pipeline.render import render_files

    if not (args.docx or args.pdf or args.redline or args.html):
        raise PipelineError("render: give --docx OUT.docx, --pdf OUT.pdf and/or --html OUT.html")
    if args.redline and not args.previous:
        raise PipelineError("render: --redline needs --previous (last quarter's plan.json)")
    render_files(args.plan, docx=args.docx, pdf=args.pdf, previous=args.previous, redline=args.redline,
                 templates=args.templates, html=args.html)
    _fail_if_strict(args, strict)
    return 0


def _cmd_apply(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pathlib import Path

    from pipeline.files import check_outputs, write_atomic, write_files
    from pipeline.plan.load import load_plan
    from pipeline.plan.schema import plan_to_json
    from pipeline.review.final import check_if_final
    from pipeline.updates.apply import apply

    if not (args.updates or args.returns):
        raise PipelineError("apply: give the quarter's updates file, or --returns FOLDER of returned forms, or both")
    _not_into_returns(args.returns, args.output, args.record)
    check_outputs(args.output, args.record, inputs=(args.plan, args.updates))
    check_if_final(Path(args.plan))
    base = load_plan(args.plan)
    updates, record = _gathered(args.updates, args.returns, base, record=bool(args.record))
    text = plan_to_json(apply(base, updates))
    _fail_if_strict(args, strict)
    if args.record:
        write_files({args.output: text.encode("utf-8"), args.record: record.encode("utf-8")})
    else:
        write_atomic(args.output, text.encode("utf-8"))
    return 0


def _gathered(updates: str | None, returns: str | None, base, record: bool):  # noqa: ANN001, ANN202 (Plan → (Updates, str))
    """The quarter's updates from the typed file and/or the returns folder, and their record when one is
    wanted or there are returns (the typed file alone goes straight to apply, as before)."""
    from pipeline.updates.returns.collect import collect, read_returns
    from pipeline.updates.yaml_file import read_updates

    typed = read_updates(updates, base) if updates else None
    if not returns and not record:
        return typed, ""
    collected = collect(base, read_returns(returns, base) if returns else (), typed, updates)
    return collected.updates, collected.text


def _not_into_returns(returns: str | None, *outputs: str | None) -> None:
    """An output in the returns folder would overwrite a lead's return, or be read as one next time."""
    from pipeline.errors import OutputError, shown
    from pipeline.updates.returns.collect import inside

    for output in outputs:
        if returns and output and inside(output, returns):
            raise OutputError(f"{shown(output)}: is in the returns folder {shown(returns)}; write it somewhere else")


def _cmd_collect(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pipeline.files import check_outputs, write_atomic
    from pipeline.plan.load import load_plan

    _not_into_returns(args.returns, args.output)
    check_outputs(args.output, inputs=(args.plan, args.updates))
    base = load_plan(args.plan)
    _, text = _gathered(args.updates, args.returns, base, record=True)
    _fail_if_strict(args, strict)
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _only_forms_in(folder) -> None:  # noqa: ANN001 (Path)
    """The forms folder is replaced as a whole: refuse one that holds anything but an earlier set of forms."""
    from pipeline.errors import OutputError, shown
    from pipeline.render.forms.folder import INDEX_CSV

    if folder.is_dir() and any(folder.iterdir()) and not (folder / INDEX_CSV).is_file():
        raise OutputError(f"{shown(folder)}: holds files that are not a set of forms (returns?), and the forms replace "
                          "the folder as a whole: give a new or empty folder")


def _cmd_forms(args: argparse.Namespace, strict: _StrictHandler) -> int:
    import datetime as dt
    from pathlib import Path

    from pipeline.files import replace_folder
    from pipeline.plan.load import load_plan
    from pipeline.plan.quarters import next_quarter
    from pipeline.render.forms.context import default_due
    from pipeline.render.forms.folder import forms_set

    plan = load_plan(args.plan)
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    if args.quarter is not None and args.quarter != quarter:
        raise PipelineError(f"{args.plan}: is the Q{plan.report.quarter} {plan.report.year} plan: its forms are for "
                            f"Q{quarter} {year}, not Q{args.quarter}")
    try:
        due = dt.date.fromisoformat(args.due) if args.due else default_due(plan)
    except ValueError:
        raise PipelineError(f"--due {args.due!r}: not a date; write it as YYYY-MM-DD, e.g. 2014-10-14") from None
    returns = args.returns_folder or f"inputs/{year.replace('/', '-')}/q{quarter}/returns/"
    _not_into_returns(returns, args.output)
    _only_forms_in(Path(args.output))
    files = forms_set(plan, due, returns)
    _fail_if_strict(args, strict)
    replace_folder(args.output, files)
    print(f"{len(files) - 2} forms and their index written to {args.output}; returns go in {returns}")
    return 0


def _cmd_returns_status(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pathlib import Path

    from pipeline.updates.returns.status import Where, quarter_status

    where = Where(Path(args.inputs), Path(args.outputs), args.year, args.quarter, args.plan, args.returns, args.updates)
    lines, refused = quarter_status(where)
    for line in lines:
        print(line[: len(line) - len(line.lstrip())] + _one_line(line))  # indent kept, the rest on one line
    for line in refused:
        print(f"  refused   {_one_line(line)}")
    if refused:
        raise PipelineError(f"{len(refused)} return(s) refused; see above")
    return 0


def _cmd_redline(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pipeline.files import check_outputs, write_atomic
    from pipeline.plan.load import load_plan
    from pipeline.render.redline.document import redline_docx

    check_outputs(args.output, inputs=(args.previous, args.plan))
    data = redline_docx(load_plan(args.previous), load_plan(args.plan), args.templates)
    _fail_if_strict(args, strict)
    write_atomic(args.output, data)
    return 0


def _cmd_updates_template(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pipeline.files import check_outputs
    from pipeline.plan.load import load_plan
    from pipeline.updates.template import updates_template, write_updates_template

    check_outputs(args.output, inputs=(args.plan,))
    plan = load_plan(args.plan)
    if args.output:
        write_updates_template(plan, args.quarter, args.output)
    else:
        sys.stdout.write(updates_template(plan, args.quarter))
    return 0


def _cmd_archive(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pathlib import Path

    from pipeline.archive.write import archive_quarter, quarter_sources

    outputs = Path(args.outputs)
    sources = quarter_sources(args.year, args.quarter, outputs=outputs, inputs=Path(args.inputs),
                              base=Path(args.base) if args.base else None)
    folder = archive_quarter(sources, outputs / "archive", revision=args.revision)
    print(f"archived {folder}")
    return 0


def _cmd_final(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pathlib import Path

    from pipeline.review.final import Draft, make_final

    draft = Draft(plan=Path(args.draft), docx=Path(args.draft_docx), previous=Path(args.previous) if args.previous else None)
    named = tuple(n for given in args.reviewer for n in given.split(","))
    record = make_final(draft, Path(args.reviewed), Path(args.output), strict=args.strict, named=named)
    changes = len(record["changes"])
    print(f"final written to {args.output}: {changes} change(s) in review by "
          f"{', '.join(record['reviewers']) or 'no named reviewer'}; see {Path(args.output) / record['record']}")
    return 0


def _cmd_verify(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from pathlib import Path

    from pipeline.archive.verify import summary_line, verify_tree

    root = Path(args.root)
    verdict = verify_tree(root)
    for line in verdict.problems:
        print(line)
    if verdict.problems:
        raise PipelineError(f"{root}: {len(verdict.problems)} problem(s) in {verdict.folders} archive folder(s)")
    print(summary_line(root, verdict))
    return 0


def _fail_if_strict(args: argparse.Namespace, strict: _StrictHandler) -> None:
    if getattr(args, "strict", False) and strict.messages:
        raise StrictError(f"{len(strict.messages)} warning(s) with --strict: {_one_line(strict.messages[0])}")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subcommand per stage."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn a published action-plan monitor into the next quarter's appendix.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="read a monitor (PDF or Word) into action-plan/1 JSON")
    p.add_argument("file", help="the published monitor, .pdf or .docx (detected by content)")
    p.add_argument("-o", "--output", help="write the JSON here (default: standard output)")
    p.add_argument("--profile", metavar="YAML", help="read with this profile: headings, status words and colours, id pattern")
    p.add_argument("--write-profile", metavar="YAML", help="also write the profile this reading inferred, to edit")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_extract)

    p = sub.add_parser("render", help="write the appendix as Word, PDF and/or an HTML page from plan.json")
    p.add_argument("plan", help="action-plan/1 JSON")
    p.add_argument("--docx", help="write the Word appendix here")
    p.add_argument("--pdf", help="write the PDF appendix here")
    p.add_argument("--html", help="write the appendix as one self-contained, accessible web page here")
    p.add_argument("--previous", help="last quarter's plan.json, for the direction of travel")
    p.add_argument("--redline", help="also write the Word appendix with the changes since --previous tracked")
    p.add_argument("--templates", metavar="DIR",
                   help="render with your own templates folder (appendix.docx, appendix.html.j2, appendix.css; "
                        "for --html also appendix-page.html.j2, appendix-page.css)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_render)

    p = sub.add_parser("apply", help="apply a quarter's updates (file and/or returned forms) to last quarter's plan")
    p.add_argument("plan", help="last quarter's plan.json, or its published monitor (.pdf/.docx)")
    p.add_argument("updates", nargs="?", help="the quarter's updates file (YAML), e.g. inputs/2014-15/q2.yaml")
    p.add_argument("--returns", metavar="FOLDER", help="also read the returned update forms in this folder")
    p.add_argument("--record", metavar="YAML", help="also write what was applied, as an updates file naming each action's source")
    p.add_argument("-o", "--output", required=True, help="write the new quarter's plan.json here")
    p.add_argument("--strict", action="store_true", help="treat warnings (e.g. missing updates) as errors")
    p.set_defaults(run=_cmd_apply)

    p = sub.add_parser("forms", help="write one Word update form per lead, and an index, for the next quarter")
    p.add_argument("plan", help="last quarter's plan.json (its plan of record)")
    p.add_argument("-o", "--output", required=True, help="the folder for the forms, replaced as a whole, e.g. outputs/2014-15/q2/forms")
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="check the forms are for this quarter")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="the date returns are due (default: two weeks after the quarter ends)")
    p.add_argument("--returns-folder", metavar="FOLDER", help="where returned forms go, as the index tells (default: inputs/<year>/q<n>/returns/)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_forms)

    p = sub.add_parser("collect", help="turn returned update forms (and an updates file) into one updates file, each action's source named")
    p.add_argument("plan", help="last quarter's plan.json")
    p.add_argument("returns", help="the folder of returned forms, e.g. inputs/2014-15/q2/returns")
    p.add_argument("--updates", help="the quarter's typed updates file too, if there is one")
    p.add_argument("-o", "--output", help="write the updates file here (default: standard output)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_collect)

    p = sub.add_parser("returns-status", help="say per lead who has returned their form and whom to chase")
    p.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), help="the quarter being collected")
    p.add_argument("--year", help="the financial year as in folder names, e.g. 2014-15 (default: the one year under --inputs)")
    p.add_argument("--plan", help="last quarter's plan.json (default: its plan of record under --outputs)")
    p.add_argument("--returns", metavar="FOLDER", help="the returns folder (default: inputs/<year>/q<n>/returns)")
    p.add_argument("--updates", help="the typed updates file (default: inputs/<year>/q<n>.yaml, if there is one)")
    p.add_argument("--inputs", default="inputs", help="the inputs folder (default: inputs)")
    p.add_argument("--outputs", default="outputs", help="the outputs folder (default: outputs)")
    p.set_defaults(run=_cmd_returns_status)

    p = sub.add_parser("redline", help="write the Word appendix with last quarter's differences as tracked changes")
    p.add_argument("previous", help="last quarter's plan.json")
    p.add_argument("plan", help="this quarter's plan.json")
    p.add_argument("-o", "--output", required=True, help="write the redline .docx here")
    p.add_argument("--templates", metavar="DIR", help="render with your own templates folder")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_redline)

    p = sub.add_parser("updates-template", help="write the ready-to-fill updates file for a quarter")
    p.add_argument("plan", help="last quarter's plan.json, or its published monitor (.pdf/.docx)")
    p.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), help="the quarter to fill in")
    p.add_argument("-o", "--output", help="write it here (never over an existing file); default stdout")
    p.set_defaults(run=_cmd_updates_template)

    p = sub.add_parser("archive", help="archive a rendered quarter, write-once: PDF/A-3b with its plan, Word, manifest")
    p.add_argument("--year", required=True, help="the financial year as in folder names, e.g. 2014-15")
    p.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), help="the quarter to archive")
    p.add_argument("--revision", metavar="REASON", help="add a revision (r2, r3, …) to an archived quarter, for this reason")
    p.add_argument("--outputs", default="outputs", help="the outputs folder; the archive goes in its archive/ (default: outputs)")
    p.add_argument("--inputs", default="inputs", help="the inputs folder, hashed into the manifest (default: inputs)")
    p.add_argument("--base", help="the published monitor the year started from, hashed into the manifest "
                                  "(default: inputs/<year>/action-plan-<year>-q1.pdf)")
    p.set_defaults(run=_cmd_archive)

    p = sub.add_parser("final", help="make the reviewed Word appendix the quarter's final: plan, Word, PDF, review record")
    p.add_argument("reviewed", help="the Word appendix as legal review returned it, every change and comment resolved")
    p.add_argument("--draft", required=True, help="the quarter's draft plan.json, the one the reviewed file was rendered from")
    p.add_argument("--draft-docx", required=True, help="the draft's Word appendix (its name and hash go in the record)")
    p.add_argument("--previous", help="last quarter's plan.json, for the direction of travel")
    p.add_argument("-o", "--output", required=True, help="the folder for the final set, e.g. outputs/2014-15/q2/final")
    p.add_argument("--reviewer", action="append", default=[], metavar="NAME",
                   help="a reviewer to record besides those the document names (repeat, or separate by commas)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_final)

    p = sub.add_parser("verify", help="check every archived file against its manifest")
    p.add_argument("root", help="the archive folder, e.g. outputs/archive")
    p.set_defaults(run=_cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s", stream=sys.stderr)
    strict = _StrictHandler()
    log.addHandler(strict)
    log.propagate = False  # held by `strict`, not printed as they come
    try:
        status = args.run(args, strict)
        strict.show()
        return status
    except StrictError as exc:
        strict.show()
        return _refuse(str(exc))
    except UpdatesError as exc:  # its problems, one line each, after a count line
        return _refuse("\n".join(_one_line(line) for line in str(exc).splitlines()))
    except PipelineError as exc:
        return _refuse(_one_line(str(exc)))
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other commands do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (MemoryError, RecursionError) as exc:  # a limit the reading layer should have caught first
        return _refuse(f"{args.command}: the input is too large or too deeply nested to read ({type(exc).__name__})")
    finally:
        log.removeHandler(strict)
        log.propagate = True


def _refuse(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _one_line(message: str) -> str:
    """A message as one line on a terminal: line breaks (a cell's text) become ' / ', and characters
    a document smuggled in (escape sequences, controls) are shown as U+XXXX, never sent raw."""
    message = re.sub(r"\s*[\r\n]+\s*", " / ", message.strip())
    return UNPRINTABLE.sub(lambda m: f"U+{ord(m.group()):04X}", message.replace("\t", " "))
