"""The weekly meeting pack for the sample town: time of each part and of the whole pack.

Builds the 2026-W47 pack (and, with ``--month``, the monthly ranking) of
``sample_data/sample_town.gpkg`` from a fresh copy, timing the figures (closed loop, grid
tables, Gi* + emerging hot spots), the Excel ledger, the A4 PDF and the offline HTML page.
Target (DESIGN.md): HTML + PDF + XLSX under 30 s. The ratio printed is target / measured.
The whole pack and each part, with peak resident memory of the whole build (above its start,
see ``bench/_results.py``), go to ``bench/out/results.jsonl``.

    python bench/bench_report.py
    python bench/bench_report.py --week 2026-W46 --month 2026-11 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from _results import peak_memory, record
from gisgrid.layers.report_web import write_report_html

from gisgrid.project import Project
from gisgrid.report import ReportParams, pack_stem, weekly_report
from gisgrid.report_pdf import write_report_pdf
from gisgrid.report_xlsx import write_report_xlsx

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 30.0


def build(source: Path, params: ReportParams, out: Path) -> dict[str, float]:
    """Build one pack from a copy of ``source``; return seconds per part."""
    copy = out / "town.gpkg"
    shutil.copy(source, copy)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    report = weekly_report(Project.open(copy), params)
    times["open + figures + hot spots"] = time.perf_counter() - t0
    stem = out / pack_stem(report)
    for name, write, ext in (
        ("xlsx", write_report_xlsx, ".xlsx"),
        ("pdf", write_report_pdf, ".pdf"),
        ("html", write_report_html, ".html"),
    ):
        t = time.perf_counter()
        write(report, stem.with_suffix(ext))
        times[name] = time.perf_counter() - t
    times["whole pack"] = time.perf_counter() - t0
    times["html MB"] = stem.with_suffix(".html").stat().st_size / 1e6
    return times


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(ROOT / "sample_data" / "sample_town.gpkg"))
    parser.add_argument("--scale", default="town", help="label of the figures (town, county)")
    parser.add_argument("--week", default="2026-W47")
    parser.add_argument("--month", help="also time the monthly pack, e.g. 2026-11")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    runs = [("week " + args.week, ReportParams(week=args.week))]
    if args.month:
        runs.append(("month " + args.month, ReportParams(month=args.month)))
    for label, params in runs:
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp, peak_memory() as peak:
                times = build(Path(args.project), params, Path(tmp))
            times["peak MB"] = peak.mb
            best = {k: min(v, best.get(k, v)) for k, v in times.items()}
        print(f"\n{label} — {args.scale} ({Path(args.project).name})")
        for key, value in best.items():
            unit = "" if key.endswith("MB") else " s"
            print(f"  {key:<28}{value:8.2f}{unit}")
        whole = best["whole pack"]
        print(f"  target {TARGET_S:.0f} s / measured {whole:.1f} s = {TARGET_S / whole:.1f}×")
        kind = "weekly" if label.startswith("week") else "monthly"
        name = Path(args.project).name
        record("report", f"{kind} pack (HTML + PDF + XLSX)", args.scale, "gisgrid", whole,
               peak_mb=best["peak MB"],
               note=f"{label}, {name}; HTML {best['html MB']:.1f} MB")  # fmt: skip
        for part in ("open + figures + hot spots", "xlsx", "pdf", "html"):
            record("report", f"{kind} pack: {part}", args.scale, "gisgrid", best[part],
                   note=f"{label}, {name}")  # fmt: skip


if __name__ == "__main__":
    main()
