"""Turn synthetic plans at 1×, 10× and 30× the reference into timings: bench/results.md.

Every stage is timed as a whole process (`python -m pipeline …`, as `make q2` runs it), median of
N runs; peak memory is the child's own ru_maxrss (os.wait4). LibreOffice's headless conversion of
the same .docx is timed in the same run, as the yardstick.

    make bench                          # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 1,10 --reps 3,3   # a quicker look
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from generate import ROOT, fill_updates, generate_plan, load_reference

from pipeline.plan.schema import plan_from_json

PY = sys.executable
RESULTS = ROOT / "bench" / "results.md"
FINDINGS = ROOT / "bench" / "findings.md"
REAL_PDF = ROOT / "inputs" / "2014-15" / "action-plan-2014-15-q1.pdf"
REAL_UPDATES = ROOT / "inputs" / "2014-15" / "q2.yaml"
SEED = 1
BUDGET_S = 15 * 60


class Run:
    """One finished child process: wall seconds, peak memory in MiB, exit status, its stderr tail.

    Peak memory is the larger of the child's ru_maxrss (os.wait4: its own, or its largest
    descendant's) and the largest sum of the resident sizes of it and its descendants sampled
    every 50 ms, so a render that forks counts both processes at once (pages they share are
    counted twice: an upper bound)."""

    def __init__(self, cmd: list[str], log: Path) -> None:
        with open(log, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
            sampler = _TreeSampler(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)
            self.seconds = time.perf_counter() - start
            sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.rc = proc.returncode
        self.mib = max(usage.ru_maxrss / 1024, sampler.peak_kib / 1024)
        self.error = "" if self.rc == 0 else _last_line(log)


class _TreeSampler:
    """Sample the summed VmRSS of a process and its descendants from /proc, in a thread."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        import threading

        self.pid, self.every, self.peak_kib = pid, every, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(self.every):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue  # gone already
        for task in tasks:
            try:
                todo += [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                pass  # that thread ended: the others' children still count
    return out


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _last_line(path: Path) -> str:
    lines = [x for x in path.read_text("utf-8", "replace").splitlines() if x.strip()]
    return lines[-1][:160] if lines else "(no message)"


class Stage:
    """The runs of one stage at one size."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.runs: list[Run] = []

    def add(self, run: Run) -> Run:
        self.runs.append(run)
        return run

    @property
    def ok(self) -> list[Run]:
        return [r for r in self.runs if r.rc == 0]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs) if self.runs else float("nan")

    @property
    def peak(self) -> float:
        return max((r.mib for r in self.runs), default=float("nan"))

    @property
    def spread(self) -> str:
        times = [r.seconds for r in self.runs]
        return f"{min(times):.2f}–{max(times):.2f}" if times else ""

    @property
    def error(self) -> str:
        failed = [r for r in self.runs if r.rc != 0]
        return f"exit {failed[0].rc}: {failed[0].error}" if failed else ""


class Composite:
    """A stage made of per-repetition sums of other stages (the `make q2` chain)."""

    def __init__(self, name: str, parts: list[Stage]) -> None:
        self.name = name
        self.parts = parts

    @property
    def sums(self) -> list[float]:
        return [sum(p.runs[i].seconds for p in self.parts) for i in range(min(len(p.runs) for p in self.parts))]

    @property
    def runs(self) -> list[float]:
        return self.sums

    @property
    def median(self) -> float:
        return statistics.median(self.sums)

    @property
    def peak(self) -> float:
        return max(p.peak for p in self.parts)

    @property
    def spread(self) -> str:
        return f"{min(self.sums):.2f}–{max(self.sums):.2f}"

    @property
    def error(self) -> str:
        return next((p.error for p in self.parts if p.error), "")


def pages(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


class Soffice:
    """LibreOffice headless conversion with a private, pre-warmed profile."""

    def __init__(self, work: Path) -> None:
        self.exe = shutil.which("soffice") or shutil.which("libreoffice")
        self.profile = work / "lo-profile"
        self.out = work / "lo-out"
        self.work = work

    def convert(self, docx: Path, stage: Stage) -> Run | None:
        if not self.exe:
            return None
        cmd = [self.exe, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(self.out), str(docx)]
        return stage.add(Run(cmd, self.work / "soffice.log"))

    def version(self) -> str:
        if not self.exe:
            return "not installed"
        out = subprocess.run([self.exe, "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or "unknown"


def quarter_render(plan: Path, previous: Path, out: Path) -> list[str | Path]:
    """The arguments of the render `make qN` runs (see the Makefile's QUARTER rule)."""
    out.mkdir(exist_ok=True)
    return ["render", plan, "--previous", previous, "--docx", out / "appendix.docx", "--pdf", out / "appendix.pdf",
            "--redline", out / "appendix-redline.docx"]


def pipeline(*args: str | Path) -> list[str]:
    return [PY, "-m", "pipeline", *map(str, args)]


def bench_size(scale: int, reps: int, office_reps: int, work: Path, lo: Soffice, ref: dict,
               budget: "Budget") -> dict:
    """Time every stage up to `reps` times on the synthetic plan at `scale` (fewer if over budget)."""
    d = work / f"x{scale}"
    d.mkdir()
    plan = d / "plan.json"
    plan.write_text(json.dumps(generate_plan(ref, scale, SEED), ensure_ascii=False, indent=2) + "\n", "utf-8")
    docx, pdf, base, updates = d / "plan.docx", d / "plan.pdf", d / "base.json", d / "q2.yaml"
    log = d / "stage.log"
    st = {n: Stage(n) for n in ("render DOCX", "render PDF", "extract PDF", "extract DOCX", "apply", "render quarter",
                                "soffice")}
    note = ""
    for rep in range(reps):
        if rep and not budget.allows(scale, rep):
            print(f"  {scale}×: stopping after {rep} run(s) to keep within the time budget", flush=True)
            break
        started = time.perf_counter()
        # The first renders make the inputs of the extractors (rendering is deterministic).
        st["render DOCX"].add(Run(pipeline("render", plan, "--docx", docx), log))
        st["render PDF"].add(Run(pipeline("render", plan, "--pdf", pdf), log))
        st["extract PDF"].add(Run(pipeline("extract", pdf, "-o", base), log))
        st["extract DOCX"].add(Run(pipeline("extract", docx, "-o", d / "base-docx.json"), log))
        if rep == 0:
            source = base if st["extract PDF"].runs[0].rc == 0 else plan
            if source == plan:
                note = "extract PDF failed, so apply starts from the generated plan.json"
            base_plan = plan_from_json(source.read_text("utf-8"), str(source))
            updates.write_text(fill_updates(base_plan, SEED, ref), "utf-8")
            apply_from = source
        st["apply"].add(Run(pipeline("apply", apply_from, updates, "-o", d / "q2.json"), log))
        st["render quarter"].add(Run(pipeline(*quarter_render(d / "q2.json", apply_from, d / "q2")), log))
        if rep < office_reps:
            lo.convert(docx, st["soffice"])
        budget.record(scale, time.perf_counter() - started)
        print(f"  {scale}× rep {rep + 1}/{reps}: " + ", ".join(
            f"{s.name} {s.runs[-1].seconds:.1f}s" for s in st.values() if len(s.runs) > rep), flush=True)
    result = dict(st)
    # make q2 = extract + apply + the quarter's render (appendix .docx and .pdf and the redline, one process).
    result["make q2 cold"] = Composite("make q2 cold", [st["extract PDF"], st["apply"], st["render quarter"]])
    result["make q2 warm"] = Composite("make q2 warm", [st["apply"], st["render quarter"]])
    result["_pages"] = pages(pdf) if pdf.exists() else 0
    result["_actions"] = 27 * scale
    result["_note"] = note
    result["_planned"] = reps
    return result


class Budget:
    """Cut repetitions so the whole run fits `seconds`, keeping one run for every size still to come.

    A size's run time is estimated from its last run, or for a size not yet run, from the
    largest size already run, scaled by the number of actions with a 25% margin.
    """

    def __init__(self, seconds: float, sizes: list[int], started: float) -> None:
        self.seconds, self.sizes, self.started = seconds, sizes, started
        self.last: dict[int, float] = {}

    def record(self, scale: int, seconds: float) -> None:
        self.last[scale] = seconds

    def estimate(self, scale: int) -> float:
        if scale in self.last:
            return self.last[scale]
        known = max(self.last) if self.last else None
        return 1.25 * self.last[known] * scale / known if known else 0.0  # slightly superlinear

    def allows(self, scale: int, rep: int) -> bool:
        later = self.sizes[self.sizes.index(scale) + 1:]
        need = self.estimate(scale) + sum(self.estimate(s) for s in later)
        return time.perf_counter() - self.started + need <= self.seconds


def bench_real(reps: int, work: Path, lo: Soffice) -> dict:
    """The real `make q2` commands on the bundled inputs (the 14-page council PDF and q2.yaml)."""
    d = work / "real"
    (d / "q1").mkdir(parents=True)
    (d / "q2").mkdir()
    q1, q2 = d / "q1" / "plan.json", d / "q2" / "plan.json"
    docx, pdf = d / "q2" / "appendix.docx", d / "q2" / "appendix.pdf"  # written by quarter_render
    log = d / "stage.log"
    st = {n: Stage(n) for n in ("extract PDF", "apply", "render quarter", "render DOCX+redline", "soffice")}
    for rep in range(reps):
        st["extract PDF"].add(Run(pipeline("extract", REAL_PDF, "-o", q1), log))
        st["apply"].add(Run(pipeline("apply", q1, REAL_UPDATES, "-o", q2), log))
        st["render quarter"].add(Run(pipeline(*quarter_render(q2, q1, d / "q2")), log))
        st["render DOCX+redline"].add(Run(pipeline("render", q2, "--previous", q1, "--docx", d / "docx-only.docx",
                                           "--redline", d / "redline-only.docx"), log))
        lo.convert(docx, st["soffice"])
        print(f"  make q2 rep {rep + 1}/{reps}: " + ", ".join(f"{s.name} {s.runs[-1].seconds:.1f}s" for s in st.values()), flush=True)
    result = dict(st)
    result["make q2 cold"] = Composite("make q2 cold", [st["extract PDF"], st["apply"], st["render quarter"]])
    result["make q2 warm"] = Composite("make q2 warm", [st["apply"], st["render quarter"]])
    result["_pages"] = pages(REAL_PDF)
    result["_out_pages"] = pages(pdf) if pdf.exists() else 0
    return result


def table(result: dict, rows: list[str], office: float, pages_in: int) -> list[str]:
    lines = ["| stage | median s | min–max s | runs | peak MiB | ÷ soffice | pages/s | note |",
             "|---|--:|--:|--:|--:|--:|--:|---|"]
    for name in rows:
        s = result[name]
        rate = f"{pages_in / s.median:.1f}" if name.startswith("extract PDF") and pages_in else ""
        ratio = "" if name == "soffice" else f"{s.median / office:.2f}×"
        lines.append(f"| {name} | {s.median:.2f} | {s.spread} | {len(s.runs)} | {s.peak:.0f} | {ratio} | {rate} | {s.error} |")
    return lines


def machine() -> list[str]:
    cpu = next((x.split(":", 1)[1].strip() for x in Path("/proc/cpuinfo").read_text().splitlines()
                if x.startswith("model name")), platform.processor())
    mem = next((int(x.split()[1]) // 1024 for x in Path("/proc/meminfo").read_text().splitlines()
                if x.startswith("MemTotal")), 0)
    return [f"{cpu}, {os.cpu_count()} cores, {mem / 1024:.1f} GiB RAM, {platform.platform()}"]


def versions(lo: Soffice) -> str:
    names = ("weasyprint", "pdfplumber", "pdfminer.six", "python-docx", "docxtpl", "lxml", "jsonschema", "PyYAML")
    vs = [f"Python {platform.python_version()}"] + [f"{n} {metadata.version(n)}" for n in names] + [lo.version()]
    return ", ".join(vs)


def code_stamp() -> str:
    """A digest of the code and templates being measured, to notice edits made during the run."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "templates").glob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "pipeline", "templates"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted changes in pipeline/ or templates/" if dirty else "")
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,30", help="scales of the reference (27 actions each)")
    parser.add_argument("--reps", default="5,5,3", help="repetitions per size (median of these)")
    parser.add_argument("--office-reps", default="5,5,3", help="LibreOffice conversions per size")
    parser.add_argument("--real-reps", type=int, default=5, help="runs of the real make q2 chain (0: skip)")
    parser.add_argument("--budget", type=float, default=14 * 60,
                        help="seconds for the whole run: repetitions beyond the first are dropped to fit")
    parser.add_argument("-o", "--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    reps = [int(x) for x in args.reps.split(",")]
    office_reps = [int(x) for x in args.office_reps.split(",")]
    started = time.perf_counter()
    load_start = os.getloadavg()
    stamp = code_stamp()
    ref = load_reference()
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        lo = Soffice(work)
        # Warm LibreOffice once (first start builds the profile), untimed.
        warm = work / "warm"
        warm.mkdir()
        (warm / "p.json").write_text(json.dumps(generate_plan(ref, 1, SEED), ensure_ascii=False), "utf-8")
        subprocess.run(pipeline("render", warm / "p.json", "--docx", warm / "p.docx"), check=True, cwd=ROOT)
        if lo.exe:
            lo.convert(warm / "p.docx", Stage("warm-up"))
        real = None
        if args.real_reps:
            print("real make q2 (bundled inputs):", flush=True)
            real = bench_real(args.real_reps, work, lo)
        budget = Budget(args.budget, sizes, started)
        results = {}
        for i, scale in enumerate(sizes):
            print(f"{scale}× ({27 * scale} actions):", flush=True)
            results[scale] = bench_size(scale, reps[min(i, len(reps) - 1)], office_reps[min(i, len(office_reps) - 1)], work, lo, ref, budget)
        total = time.perf_counter() - started
        out = report(real, results, total, load_start, lo, sizes)
    if code_stamp() != stamp:
        out.insert(5, "- WARNING: pipeline/ or templates/ changed during this run: the sizes measured "
                      "later ran other code than the earlier ones; run it again on a quiet tree")
    Path(args.output).write_text("\n".join(out) + "\n", "utf-8")
    print("\n".join(out))
    return 0


def report(real: dict | None, results: dict, total: float, load_start: tuple, lo: Soffice, sizes: list[int]) -> list[str]:
    load_end = os.getloadavg()
    out = ["# make bench results", "",
           f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
           f"- machine: {machine()[0]}",
           f"- load average (1/5/15 min) at start {', '.join(f'{x:.2f}' for x in load_start)}; "
           f"at end {', '.join(f'{x:.2f}' for x in load_end)}",
           f"- code: {commit()}",
           f"- versions: {versions(lo)}",
           f"- total `make bench` time: {total / 60:.1f} min ({total:.0f} s; budget {BUDGET_S // 60} min"
           f"{', OVER BUDGET' if total > BUDGET_S else ''})",
           "- method: each stage is a whole `python -m pipeline …` process; median of the runs shown; "
           "peak MiB = the larger of the child's ru_maxrss (os.wait4) and the summed VmRSS of the child and "
           "its descendants sampled every 50 ms (so a forked render counts both processes), max over runs; ÷ soffice = stage median / the median of "
           "`soffice --headless --convert-to pdf` of the same .docx, measured in this run (private profile, "
           "warmed once). Synthetic plans: bench/generate.py, seed 1. `render quarter` is the command `make q2` runs "
           "after apply: `render --docx --pdf --redline --previous` in one process (the PDF laid out in a forked "
           "child beside the Word files). `make q2` is the per-run sum extract PDF + apply + render quarter, cold; "
           "the same without extract, warm (the base plan.json cached, as make keeps it).",
           ""]
    checks: list[str] = []
    if real:
        office = real["soffice"].median
        out += [f"## Real `make q2` (bundled inputs: {real['_pages']}-page council PDF + q2.yaml → "
                f"{real['_out_pages']}-page appendix); soffice = the Q2 appendix .docx", ""]
        out += table(real, ["extract PDF", "apply", "render quarter", "render DOCX+redline", "make q2 cold", "make q2 warm", "soffice"], office, real["_pages"])
        out.append("")
        checks.append(_check("make q2 cold ≤ 1.0× soffice (reference)", real["make q2 cold"].median / office, 1.0))
        checks.append(_check("make q2 warm ≤ 0.5× soffice (reference)", real["make q2 warm"].median / office, 0.5))
    for scale, res in results.items():
        office = res["soffice"].median if res["soffice"].runs else float("nan")
        out += [f"## {scale}× — {res['_actions']} actions, {res['_pages']}-page PDF; soffice = this plan's .docx", ""]
        done = len(res["render PDF"].runs)
        if done < res["_planned"]:
            out += [f"Runs cut from {res['_planned']} to {done} to keep `make bench` within its time budget "
                    f"(--budget {BUDGET_S // 60 - 1} min by default; `--budget 3600` for the full set).", ""]
        if res["_note"]:
            out += [f"Note: {res['_note']}.", ""]
        out += table(res, ["extract PDF", "extract DOCX", "apply", "render DOCX", "render PDF", "render quarter", "make q2 cold",
                           "make q2 warm", "soffice"], office, res["_pages"])
        out.append("")
    big = results.get(max(sizes)) if results else None
    small = results.get(min(sizes)) if results else None
    if big:
        office = big["soffice"].median
        checks.append(_check(f"render PDF at {max(sizes)}× ≤ 1.0× soffice", big["render PDF"].median / office, 1.0))
        rate = big["_pages"] / big["extract PDF"].median
        checks.append(f"- extraction ≥ 20 pages/s at {max(sizes)}×: {rate:.1f} pages/s — {'PASS' if rate >= 20 else 'FAIL'}"
                      + (" (extract failed: " + big["extract PDF"].error + ")" if big["extract PDF"].error else ""))
        if small and small is not big:
            per_big = big["extract PDF"].median / big["_pages"]
            per_small = small["extract PDF"].median / small["_pages"]
            checks.append(_check(f"extract per-page time {max(sizes)}× ÷ {min(sizes)}× ≤ 1.2", per_big / per_small, 1.2))
    sized = [("real", real or {})] + [(f"{k}×", res) for k, res in results.items()]
    every = [(f"{size} {k}", s) for size, res in sized for k, s in res.items()
             if not k.startswith("_") and k != "soffice" and isinstance(s, Stage) and s.runs]
    if every:
        label, worst = max(every, key=lambda x: x[1].peak)
        over = [f"{n} {s.peak:.0f}" for n, s in every if s.peak >= 1024]
        checks.append(f"- peak memory < 1024 MiB every stage: worst {label} {worst.peak:.0f} MiB — "
                      + ("PASS" if not over else "FAIL: " + ", ".join(over)))
    out += ["## Targets", "", *checks, ""]
    out += FINDINGS.read_text("utf-8").splitlines()  # the one-off figures the code's comments point to
    return out


def _check(label: str, value: float, limit: float) -> str:
    return f"- {label}: {value:.2f} — {'PASS' if value <= limit else 'FAIL'}"


if __name__ == "__main__":
    sys.exit(main())
