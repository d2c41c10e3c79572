"""Turn the corpus folders into a verdict: run the extractor on every file and compare with its case.json.

    .venv/bin/python tools/corpus_check.py [--corpus tests/fixtures/corpus] [CASE ...]

Prints one line per file: what the extractor did (exit code, warnings, whether the JSON equals
expected.json) and whether that is what case.json asks for. Exits 1 if any file falls short.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


@dataclass(frozen=True)
class Result:
    """What the extractor did with one file."""

    code: int
    warnings: list[str]
    errors: list[str]
    output: Any  # the JSON written, or None

    def meets(self, want: dict[str, Any], expected: Any) -> bool:
        """True if this is the outcome case.json asks for."""
        if want["outcome"] == "refused":
            return self.code == 1 and any(all(w in e for w in want["error"]) for e in self.errors)
        if self.code != 0 or self.output != expected:
            return False
        return want["outcome"] == "exact" or self.warns(want["warning"])

    def warns(self, words: list[str]) -> bool:
        """True if one warning holds every word."""
        return any(all(w in m for w in words) for m in self.warnings)


def extract(path: Path) -> Result:
    """Run `python -m pipeline extract` on the file, as a user would; messages lose the file's path."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.json"
        proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(path), "-o", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        output = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    lines = [x.replace(f"{path}: ", "") for x in proc.stderr.splitlines()]
    return Result(proc.returncode, [x[len("warning: "):] for x in lines if x.startswith("warning: ")],
                  [x[len("error: "):] for x in lines if x.startswith("error: ")], output)


def first_difference(got: Any, want: Any, where: str = "") -> str:
    """The JSON path of the first place two values differ ('format' last: every v1 reading of a v2 plan differs there)."""
    if isinstance(got, dict) and isinstance(want, dict):
        keys = [k for k in [*want, *(k for k in got if k not in want)] if k != "format"] + ["format"]
        for k in keys:
            if got.get(k, ...) != want.get(k, ...):
                return first_difference(got.get(k), want.get(k), f"{where}/{k}")
    elif isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                return first_difference(g, w, f"{where}/{i}")
    return where or "/"


def shorten(text: str, n: int = 100) -> str:
    """At most n characters, an ellipsis where cut."""
    return text if len(text) <= n else text[:n - 1] + "…"


def describe(result: Result, expected: Any, want: dict[str, Any]) -> str:
    """A short account of what happened, for the README's 'today' column."""
    if result.code != 0:
        return f"exit {result.code}: " + shorten((result.errors or ["(no error line)"])[0])
    said = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    if want["outcome"] == "warned" and not result.warns(want["warning"]):
        said += f" (none with {' + '.join(want['warning'])})"
    if expected is None:
        return f"exit 0{said}: read instead of refused"
    if result.output == expected:
        return f"exit 0{said}, JSON = expected"
    return f"exit 0{said}, JSON differs at {first_difference(result.output, expected)}"


def check_case(folder: Path) -> dict[str, tuple[bool, str]]:
    """For 'docx' and 'pdf': (meets case.json, what happened)."""
    case = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    exp_file = folder / "expected.json"
    expected = json.loads(exp_file.read_text(encoding="utf-8")) if exp_file.exists() else None
    out = {}
    for kind in ("docx", "pdf"):
        result = extract(folder / f"{folder.name}.{kind}")
        out[kind] = (result.meets(case[kind], expected), describe(result, expected, case[kind]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Check the cases named (default: all) and print one line per file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="cases to check (default: all)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args(argv)
    folders = [args.corpus / n for n in args.names] or sorted(p.parent for p in args.corpus.glob("*/case.json"))
    failed = 0
    for folder in folders:
        for kind, (ok, what) in check_case(folder).items():
            failed += not ok
            print(f"{'pass' if ok else 'FAIL'}  {folder.name}.{kind}: {what}")
    print(f"{2 * len(folders) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
