"""Issue 14.2, 14.3, 14.6: the pack counts every issue, says every note, and its hot spots are
those of `gisgrid hotspots` for the same period (the first week of a ledger included)."""

import html
import json
import re
import shutil
import subprocess

import pandas as pd
import pytest
from gisgrid.layers.report_web import report_html
from openpyxl import load_workbook
from project_shapes import build_shape

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.hotspots import HotspotParams, hotspots
from gisgrid.report import ReportParams, hotspot_params, summary_lines, weekly_report, write_pack

AT = pd.Timestamp("2027-02-01")  # the shapes' records run from 2026-10-01 to 2027-01-20
PERMS = 999
FIRST_WEEK = "2026-W40"  # the ledger's first records: Thursday 2026-10-01
LATER_WEEK = "2026-W47"


@pytest.fixture(scope="module")
def unplaced_project(tmp_path_factory):
    return build_shape("issues_without_location", tmp_path_factory.mktemp("p") / "p.gpkg")


@pytest.fixture(scope="module")
def complete_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "c.gpkg"
    build_shape("complete", path)
    return path


def _report(project, week):
    return weekly_report(project, ReportParams(week=week, permutations=PERMS, at=AT))


def _pdftext(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def unplaced_pack(unplaced_project, tmp_path_factory):
    report = _report(unplaced_project, LATER_WEEK)
    out = tmp_path_factory.mktemp("pack")
    paths = write_pack(report, out)
    paths["html"] = out / "pack.html"
    paths["html"].write_text(report_html(report), encoding="utf-8")
    return report, paths


def test_grid_tables_reconcile_with_the_headline(unplaced_pack):
    report, _ = unplaced_pack
    new = report.headline.loc["new", "current"]
    unplaced = int(report.cases["grid_code"].isna().sum())
    assert unplaced > 0 and report.unplaced["new"] == unplaced
    assert int(report.grids["new"].sum()) + unplaced == new
    assert f"未定位 {unplaced} 件" in report.unplaced_text("grid")
    assert any(f"未定位到网格的诉求 {unplaced} 件" in line for line in summary_lines(report))


def test_xlsx_ledger_counts_every_issue_and_lists_every_note(unplaced_pack):
    report, paths = unplaced_pack
    book = load_workbook(paths["xlsx"])
    sheet = book["网格统计"]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    new = header.index("新受理")
    assert sum(r[new] or 0 for r in rows) == report.headline.loc["new", "current"]
    last = rows[-1]
    assert last[header.index("网格名称")] == "未定位（无网格）"
    assert last[new] == report.unplaced["new"]
    summary = {r[0].value: r[1].value for r in book["概况"].iter_rows(min_row=2)}
    assert summary["其中：未定位"] == report.unplaced["new"]
    notes = [r[1].value for r in book["说明"].iter_rows(min_row=2)]
    assert notes == report.notes and len(notes) >= 2
    assert book["诉求清单"].max_row - 1 == report.headline.loc["new", "current"]


def test_html_shows_the_same_numbers_and_every_note(unplaced_pack):
    report, paths = unplaced_pack
    page = paths["html"].read_text(encoding="utf-8")
    assert html.escape(report.unplaced_text("grid")) in page
    for note in report.notes:
        assert html.escape(note) in page
    assert "None" not in page and "NaT" not in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_shows_the_same_numbers_and_every_note(unplaced_pack):
    report, paths = unplaced_pack
    text = _squash(_pdftext(paths["pdf"]))
    assert _squash(f"未定位 {report.unplaced['new']} 件") in text
    for note in report.notes:  # every note, not only the hot spot ones (wrapped over lines)
        assert _squash(note) in text
    for word in ("None", "nan", "NaT"):
        assert word not in text


def test_first_week_of_a_ledger_calls_no_grid_a_new_hot_spot(unplaced_project):
    report = _report(unplaced_project, FIRST_WEEK)
    hot = report.hotspot
    assert hot is not None and hot.emerging is None
    assert hot.grids["trend"].isna().all()
    lines = summary_lines(report)
    assert not any("新出现或加剧的热点网格" in line for line in lines)
    assert any("时段过短" in line for line in lines)
    assert any("时段过短" in note and "2026-10-01" in note for note in report.notes)
    # the same analysis, called directly, agrees
    direct = hotspots(unplaced_project, hotspot_params(report_params(FIRST_WEEK), report.end))
    assert direct.to_dict()["summary"] == hot.to_dict()["summary"]


def report_params(week: str) -> ReportParams:
    return ReportParams(week=week, permutations=PERMS, at=AT)


@pytest.mark.parametrize("week", [FIRST_WEEK, LATER_WEEK])
def test_pack_hot_spots_equal_hotspots_json(complete_path, capsys, week):
    from gisgrid.project import Project

    report = weekly_report(Project.open(complete_path), report_params(week))
    spec = hotspot_params(report_params(week), report.end)
    argv = ["hotspots", str(complete_path), "--from", str(spec.date_from), "--to",
            str(spec.date_to), "--permutations", str(PERMS), "--json"]  # fmt: skip
    capsys.readouterr()
    assert main(argv) == 0
    cli = json.loads(capsys.readouterr().out)
    mine = report.hotspot.to_dict()
    assert mine["summary"] == cli["summary"]
    assert [g["gi_class"] for g in mine["grids"]] == [g["gi_class"] for g in cli["grids"]]
    assert [g["trend"] for g in mine["grids"]] == [g["trend"] for g in cli["grids"]]
    hot95 = sum(v for k, v in cli["summary"]["gi_class"].items() if int(k) >= 2)
    lines = "".join(summary_lines(report))
    if hot95:
        assert f"{hot95} 个网格" in lines
    else:
        assert "未发现显著" in lines
    emerging = sum(cli["summary"]["trend"].get(k, 0)
                   for k in ("new_hot_spot", "intensifying_hot_spot"))  # fmt: skip
    if emerging:
        assert f"新出现或加剧的热点网格 {emerging} 个" in lines
    else:
        assert "新出现或加剧的热点网格" not in lines
    if week == FIRST_WEEK:
        assert cli["summary"]["trend"] == {} and "时段过短" in lines


@pytest.mark.parametrize("shape", ["only_small_grids", "issues_without_location"])
def test_summary_never_prints_none(shape, tmp_path):
    project = build_shape(shape, tmp_path / "p.gpkg")
    report = weekly_report(project, ReportParams(week=LATER_WEEK, permutations=99, at=AT))
    for line in [*summary_lines(report), *report.notes, report.unplaced_text("grid")]:
        assert not re.search(r"None|nan|NaT", line), line


def test_rate_without_households_is_refused(tmp_path, capsys):
    path = tmp_path / "p.gpkg"
    project = build_shape("no_households", path)
    with pytest.raises(InputError, match="没有住户数据"):
        hotspots(project, HotspotParams(value="rate", permutations=99, kde=False))
    before = path.read_bytes()
    assert main(["hotspots", str(path), "--value", "rate", "--permutations", "99"]) == 2
    out = capsys.readouterr()
    err = out.err.strip()
    assert err.count("\n") == 0 and "没有住户数据，无法按户计算诉求率" in err
    assert "--value count" in err and "Traceback" not in err and "gi_z" not in out.out
    assert path.read_bytes() == before
    # counts still work on the same project
    assert main(["hotspots", str(path), "--permutations", "99", "--json"]) == 0


def test_monthly_village_ranking_reconciles(unplaced_project, tmp_path):
    report = weekly_report(
        unplaced_project, ReportParams(month="2026-11", permutations=99, at=AT)
    )
    new = report.headline.loc["new", "current"]
    n = report.unplaced_villages
    assert n > 0 and int(report.village_rank["new"].sum()) + n == new
    assert report.unplaced_text("village").startswith(f"未定位 {n} 件")
    paths = write_pack(report, tmp_path)
    sheet = load_workbook(paths["xlsx"])["村排名"]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert sum(r[header.index("受理")] for r in rows) == new
    assert rows[-1][header.index("村/社区")] == "未定位（无所属村）"
    if shutil.which("pdftotext"):
        text = _squash(_pdftext(paths["pdf"]))
        assert _squash(report.unplaced_text("village")) in text
