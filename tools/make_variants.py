"""Turn the gold plan into variant fixtures: a .docx, its LibreOffice PDF and expected.json each.

    .venv/bin/python tools/make_variants.py [--gold GOLD.json] [--out tests/fixtures/variants] [NAME ...]

The .docx is written directly (tools/variant_docx.py, not pipeline.render); the PDF is LibreOffice's
export of that .docx, so it is laid out from the Word file like the reference. Deterministic: the
.docx and expected.json are byte-identical on every run; the PDF differs only in its dates and ID.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema

sys.path.insert(0, str(Path(__file__).resolve().parent))

from variant_docx import build_docx, fixed_zip  # noqa: E402
from variant_plans import VARIANTS, Plan  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "stevenage-2014-15" / "gold-q1.json"
SCHEMA = ROOT / "pipeline" / "plan" / "action-plan.schema.json"
# A private LibreOffice profile for this run, so a desktop LibreOffice left open does not interfere.
PROFILE = Path(tempfile.mkdtemp(prefix="lo-variants-")).as_uri()


def soffice(args: list[str], cwd: Path) -> None:
    """Run LibreOffice headless with a private profile."""
    cmd = ["soffice", f"-env:UserInstallation={PROFILE}", "--headless", *args]
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=300)


def roundtrip(docx: Path) -> None:
    """Save the .docx through LibreOffice: docx → odt → docx, in place."""
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        soffice(["--convert-to", "odt", "--outdir", str(t), str(docx)], t)
        odt = t / docx.with_suffix(".odt").name
        (t / "back").mkdir()
        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(t / "back"), str(odt)], t)
        docx.write_bytes(fixed_zip((t / "back" / docx.name).read_bytes()))


def to_pdf(docxs: list[Path]) -> None:
    """Export each .docx to a PDF beside it (one LibreOffice run per folder)."""
    for d in docxs:
        soffice(["--convert-to", "pdf", "--outdir", str(d.parent), str(d)], d.parent)


def validate(plan: Plan) -> None:
    """Fail if the plan is not action-plan/1."""
    jsonschema.validate(plan, json.loads(SCHEMA.read_text(encoding="utf-8")))


def make(name: str, gold: Plan, out: Path) -> Path:
    """Write one variant's .docx and expected.json; return the .docx path."""
    plan, layout, through_lo = VARIANTS[name](gold)
    validate(plan)
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "expected.json").write_text(json.dumps(plan, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    docx = folder / f"{name}.docx"
    docx.write_bytes(build_docx(plan, layout))
    if through_lo:
        roundtrip(docx)
    return docx


def main(argv: list[str] | None = None) -> int:
    """Build the variants named (default: all)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", choices=[[], *VARIANTS], help="variants to build (default: all)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "variants")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    docxs = [make(name, gold, args.out) for name in args.names or VARIANTS]
    to_pdf(docxs)
    for d in docxs:
        print(d.with_suffix(".pdf").relative_to(ROOT) if d.is_relative_to(ROOT) else d.with_suffix(".pdf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
