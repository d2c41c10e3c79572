"""Turn command lines into library calls; the one place errors become `error: …` and exit 1."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .errors import PipelineError, StrictError

log = logging.getLogger("pipeline")


class _StrictHandler(logging.Handler):
    """Collect warnings so that `--strict` can turn them into a failure after the command ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _cmd_extract(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from .extract import extract_file
    from .files import write_atomic
    from .schema import plan_to_json

    plan = extract_file(args.file)
    text = plan_to_json(plan)
    _fail_if_strict(args, strict)
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _cmd_render(args: argparse.Namespace, strict: _StrictHandler) -> int:
    from .render import render_files

    if not (args.docx or args.pdf):
        raise PipelineError("render: give --docx OUT.docx and/or --pdf OUT.pdf")
    render_files(args.plan, docx=args.docx, pdf=args.pdf, previous=args.previous)
    _fail_if_strict(args, strict)
    return 0


def _fail_if_strict(args: argparse.Namespace, strict: _StrictHandler) -> None:
    if getattr(args, "strict", False) and strict.messages:
        raise StrictError(f"{len(strict.messages)} warning(s) with --strict: {strict.messages[0]}")


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
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_extract)

    p = sub.add_parser("render", help="write the appendix as Word and/or PDF from plan.json")
    p.add_argument("plan", help="action-plan/1 JSON")
    p.add_argument("--docx", help="write the Word appendix here")
    p.add_argument("--pdf", help="write the PDF appendix here")
    p.add_argument("--previous", help="last quarter's plan.json, for the direction of travel")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=_cmd_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s", stream=sys.stderr)
    strict = _StrictHandler()
    log.addHandler(strict)
    try:
        return args.run(args, strict)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    finally:
        log.removeHandler(strict)
