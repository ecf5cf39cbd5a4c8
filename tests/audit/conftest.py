"""Every export of the hostile township, built once per session for both audits.

:func:`exports` writes each output the way the CLI, the app's dialogs and the report dialog
do (they share these core functions), in the default mode, plus the opt-in variants with
``show_contacts``. Print maps are also captured as the text matplotlib draws on them
(``*.drawn.txt``): the PNG has no text layer, so it is audited through its figure.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path
from unittest import mock

import hostile_case as case
import pytest

from gisgrid.cli import main

PERMUTATIONS = 999  # the figures do not matter here, only the text; keeps the run short


@contextlib.contextmanager
def drawn_text(out: Path):
    """Record the text of every matplotlib figure saved inside the block into ``out``."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    texts: list[str] = []
    original = Figure.savefig

    def savefig(self, *args, **kwargs):
        texts.extend(t.get_text() for t in self.findobj(Text))
        return original(self, *args, **kwargs)

    with mock.patch.object(Figure, "savefig", savefig):
        yield
    out.write_text("\n".join(texts), encoding="utf-8")


def _cli(args: list[str], out: Path) -> Path:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(args)
    assert code in (0, 1), f"gisgrid {' '.join(args[:2])} failed with exit code {code}"
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return out


def _pack(project, folder: Path, show_contacts: bool = False, **period) -> dict[str, Path]:
    from gisgrid.layers.report_web import write_report_html

    from gisgrid.report import ReportParams, pack_stem, weekly_report, write_pack

    params = ReportParams(show_contacts=show_contacts, permutations=PERMUTATIONS, **period)
    report = weekly_report(project, params)
    with drawn_text(folder / f"{pack_stem(report)}.drawn.txt"):
        paths = write_pack(report, folder)
    paths["html"] = write_report_html(report, folder / f"{pack_stem(report)}.html")
    paths["drawn"] = folder / f"{pack_stem(report)}.drawn.txt"
    paths["report"] = report
    return paths


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """The hostile project (a copy of the sample township)."""
    from gisgrid.project import Project

    folder = tmp_path_factory.mktemp("hostile")
    return Project.open(case.make_hostile_project(folder / "hostile.gpkg"))


@pytest.fixture(scope="session")
def exports(hostile, tmp_path_factory):
    """Name → written file of every export in its default mode (``*_contacts``: opt-in)."""
    from gisgrid.layers.coverage import export_coverage
    from gisgrid.layers.hotspot_web import write_hotspot_html

    from gisgrid.export.coverage import CoverageMapParams
    from gisgrid.hotspots import HotspotParams, hotspots
    from gisgrid.io.workbook import write_workbook
    from gisgrid.roster import write_roster
    from gisgrid.stats import statistics_sheets, unit_statistics

    out = tmp_path_factory.mktemp("exports")
    gpkg = str(hostile.path)
    files: dict[str, object] = {}
    town, village = CoverageMapParams(), CoverageMapParams(village=case.VILLAGE)
    files["coverage_html"] = export_coverage(hostile, out / "cov.html", town).path
    with drawn_text(out / "cov_pdf.drawn.txt"):
        files["coverage_pdf"] = export_coverage(hostile, out / "cov.pdf", village).path
    with drawn_text(out / "cov_png.drawn.txt"):
        export_coverage(hostile, out / "cov.png", town)
    files["coverage_pdf_drawn"] = out / "cov_pdf.drawn.txt"
    files["coverage_png_drawn"] = out / "cov_png.drawn.txt"
    contacts = CoverageMapParams(show_contacts=True)
    files["coverage_html_contacts"] = export_coverage(hostile, out / "covc.html", contacts).path
    files["roster_xlsx"] = write_roster(hostile, out / "roster.xlsx")
    files["roster_xlsx_contacts"] = write_roster(hostile, out / "rosterc.xlsx", True)
    files["stats_xlsx"] = write_workbook(out / "stats.xlsx", statistics_sheets(
        unit_statistics(hostile)))  # fmt: skip

    span = {"date_from": date.fromisoformat(case.HOT_FROM),
            "date_to": date.fromisoformat(case.HOT_TO)}  # fmt: skip
    result = hotspots(hostile, HotspotParams(**span, permutations=PERMUTATIONS, seed=1))
    files["hotspot_html"] = write_hotspot_html(
        result, out / "hot.html", title=f"{hostile.meta.name} 诉求热点"
    )

    for stem, period in (("weekly", {"week": case.WEEK}), ("monthly", {"month": case.MONTH})):
        pack = _pack(hostile, out / stem, **period)
        for kind in ("html", "pdf", "xlsx", "drawn"):
            files[f"{stem}_{kind}"] = pack[kind]
        files[f"{stem}_report"] = pack["report"]
    pack = _pack(hostile, out / "weekly_contacts", show_contacts=True, week=case.WEEK)
    files["weekly_html_contacts"] = pack["html"]
    files["weekly_xlsx_contacts"] = pack["xlsx"]
    files["weekly_contacts_report"] = pack["report"]

    cli = {
        "info_json": ["info", gpkg, "--json"],
        "validate_json": ["validate", gpkg, "--json", "--no-save"],
        "stats_json": ["stats", gpkg, "--json"],
        "coverage_json": ["coverage", gpkg, "--json"],
        "issues_sla_json": ["issues", "sla", gpkg, "--json"],
        "assign_json": ["assign", gpkg, "--json"],
        "hotspots_json": ["hotspots", gpkg, "--from", case.HOT_FROM, "--to", case.HOT_TO,
                          "--permutations", str(PERMUTATIONS), "--json"],
    }  # fmt: skip
    for name, args in cli.items():
        files[name] = _cli(args, out / f"{name}.txt")
    return files
