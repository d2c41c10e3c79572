"""Turn the gold plan into the extraction corpus: per case a .docx, its LibreOffice PDF, case.json and expected.json.

    .venv/bin/python tools/make_corpus.py [--gold GOLD.json] [--out tests/fixtures/corpus] [NAME ...]

The .docx is written directly (tools/corpus_docx.py, not pipeline.render), the PDF is LibreOffice's
export of it (one case then rewrites the PDF's pages as rotated portrait pages). Deterministic:
the .docx, case.json and expected.json are byte-identical on every run; the PDFs differ only in
dates and IDs. The README's table is re-made from every case folder, with what the extractor of
the checkout does with each file today (tools/corpus_check.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_cases import CASES  # noqa: E402
from corpus_check import check_case  # noqa: E402
from corpus_docx import build_corpus_docx  # noqa: E402
from corpus_plans import Case, check_v2  # noqa: E402

from pipeline.plan.schema import validate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "stevenage-2014-15" / "gold-q1.json"
SCHEMA = ROOT / "pipeline" / "plan" / "action-plan.schema.json"


def dump(data: Any) -> str:
    """JSON text as the fixtures write it: UTF-8, 2-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_plan(plan: dict[str, Any]) -> None:
    """Fail unless the plan is valid action-plan/1, or action-plan/2 as docs/action-plan-2.md says."""
    if plan["format"] == "action-plan/1":
        validate(plan, "expected.json")
    else:
        check_v2(plan, json.loads(SCHEMA.read_text(encoding="utf-8")))


def write_case(name: str, case: Case, out: Path) -> Path:
    """Write one case's case.json, expected.json (unless refused) and .docx; return the .docx path."""
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.json").write_text(dump({"stresses": case.stresses, "docx": case.docx, "pdf": case.pdf}), encoding="utf-8")
    expected = folder / "expected.json"
    if case.writes_expected():
        check_plan(case.plan)
        expected.write_text(dump(case.plan), encoding="utf-8")
    else:
        expected.unlink(missing_ok=True)
    docx = folder / f"{name}.docx"
    docx.write_bytes(build_corpus_docx(case.plan, case.layout))
    return docx


def to_pdf(docxs: list[Path]) -> None:
    """Export every .docx to a PDF beside it: one LibreOffice run, private profile, temporary folder."""
    with tempfile.TemporaryDirectory(prefix="corpus-pdf-") as tmp:
        t = Path(tmp)
        cmd = ["soffice", f"-env:UserInstallation={(t / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(t / "pdf"), *map(str, docxs)]
        subprocess.run(cmd, cwd=t, check=True, capture_output=True, timeout=900)
        for d in docxs:
            shutil.move(t / "pdf" / d.with_suffix(".pdf").name, d.with_suffix(".pdf"))


def rotate_pages(path: Path) -> None:
    """Store each landscape page portrait with /Rotate 90 and its content drawn turned, so a viewer shows it as before."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            w, h = x1 - x0, y1 - y0
            # (x, y) on the landscape page -> (h - y, x) on the portrait one; /Rotate 90 turns it back.
            turn = f"q 0 1 -1 0 {h:g} 0 cm 1 0 0 1 {-x0:g} {-y0:g} cm\n".encode()
            page.contents_add(pdf.make_stream(turn), prepend=True)
            page.contents_add(pdf.make_stream(b"\nQ\n"), prepend=False)
            for box in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
                if box in page.obj:
                    del page.obj[box]
            page.mediabox = pikepdf.Array([0, 0, h, w])
            page.obj.Rotate = 90
            for annot in page.obj.get("/Annots", []):
                ax0, ay0, ax1, ay1 = (float(v) for v in annot.Rect)
                annot.Rect = pikepdf.Array([h - (ay1 - y0), ax0 - x0, h - (ay0 - y0), ax1 - x0])
        pdf.save(path)


def looks(pdf: Path) -> list[tuple[int, int, bytes]]:
    """Each page as a viewer shows it (page rotation applied), rendered at 50 dpi."""
    doc = pypdfium2.PdfDocument(pdf.read_bytes())
    try:
        return [(b.width, b.height, bytes(b.buffer)) for b in (page.render(scale=50 / 72) for page in doc)]
    finally:
        doc.close()


def rotate_unseen(path: Path) -> None:
    """Rotate the PDF's pages (rotate_pages) and fail unless every page looks exactly as before."""
    before = looks(path)
    rotate_pages(path)
    if looks(path) != before:
        raise RuntimeError(f"{path}: the rotated pages do not look like the plain export")


def pages(pdf: Path) -> int:
    """The PDF's page count."""
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def outcome(o: dict[str, Any]) -> str:
    """An outcome for the README: exact, warned "…", refused "…"."""
    words = o.get("warning") or o.get("error") or []
    return o["outcome"] + (" (" + ", ".join(f'"{w}"' for w in words) + ")" if words else "")


README_HEAD = """# Extraction corpus (generated — do not edit by hand)

Made by `tools/make_corpus.py` (cases in `tools/corpus_cases.py`, the .docx written directly by
`tools/corpus_docx.py` and `tools/corpus_tables.py` on top of `tools/variant_docx.py`); each PDF is
LibreOffice's export of the .docx beside it (rotated-pages: then rewritten with pikepdf). Re-make with
`.venv/bin/python tools/make_corpus.py [NAME ...]`; check the extractor against every case with
`.venv/bin/python tools/corpus_check.py [NAME ...]`.

Each folder holds `<case>.docx`, `<case>.pdf`, `case.json` (what the case stresses and the outcome a
careful reader must reach for each format: `exact` = expected.json exactly; `warned` = expected.json
plus a warning holding each word; `refused` = exit 1 with one error line holding each word) and, unless
refused, `expected.json` (action-plan/1, or action-plan/2 as in docs/action-plan-2.md where the plan
needs `columns`, `scale`, `extra` or ids that are not "N.N").

"Today" is what `python -m pipeline extract` did with each file when the corpus was last generated
(✓ = meets case.json).

| case | pages | stresses | .docx must | .pdf must | today .docx | today .pdf |
|---|---|---|---|---|---|---|
"""


def readme(out: Path) -> str:
    """The README: one row per case folder, with today's extractor outcomes."""
    rows = []
    order = {name: i for i, name in enumerate(CASES)}
    for folder in sorted((p.parent for p in out.glob("*/case.json")), key=lambda f: (order.get(f.name, len(order)), f.name)):
        case = json.loads((folder / "case.json").read_text(encoding="utf-8"))
        today = {k: ("✓ " if ok else "✗ ") + what for k, (ok, what) in check_case(folder).items()}
        cells = [folder.name, str(pages(folder / f"{folder.name}.pdf")), case["stresses"], outcome(case["docx"]),
                 outcome(case["pdf"]), today["docx"], today["pdf"]]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    return README_HEAD + "".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the cases named (default: all), then the README."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", choices=[[], *CASES], help="cases to build (default: all)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "corpus")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    cases = {name: CASES[name](gold) for name in args.names or CASES}
    docxs = [write_case(name, case, args.out) for name, case in cases.items()]
    to_pdf(docxs)
    for name, case in cases.items():
        if case.rotate_pdf:
            rotate_unseen(args.out / name / f"{name}.pdf")
    (args.out / "README.md").write_text(readme(args.out), encoding="utf-8")
    for d in docxs:
        print(d.with_suffix(".pdf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
