"""The weekly meeting pack: figures against plain pandas, the workbook, the PDF, the CLI."""

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from report_case import CADRES, HOUSEHOLDS, make_report_project

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.project import Project
from gisgrid.report import ReportParams, parse_month, parse_week, weekly_report, write_pack

WEEK = ("2026-11-16", "2026-11-23")  # 2026-W47, Monday to the next Monday
AT = pd.Timestamp("2026-11-22 23:59:59")  # the records run on into W48


def _expected(issues: pd.DataFrame) -> dict:
    """The week's figures computed independently: pandas and numpy's weekday calendar (Nov
    2026 has no holidays or make-up days, so working days are Monday–Friday there)."""
    t = pd.to_datetime(issues["reported_at"])
    closed = pd.to_datetime(issues["resolved_at"])
    in_week = (t >= WEEK[0]) & (t < WEEK[1])
    done = closed.notna() & (closed <= AT)
    week = issues[in_week]
    new, resolved = len(week), int(done[in_week].sum())
    # due: end of the N-th working day after the day received (N = 1 simple, 3 complex)
    n = np.where(issues["complexity"] == "complex", 3, 1)
    day = t.dt.normalize().to_numpy().astype("datetime64[D]")
    due = np.busday_offset(day, n, roll="backward") + np.timedelta64(1, "D")
    recent = t >= "2026-11-01"  # only where the weekday rule is exact
    overdue = (~done & (t <= AT) & (pd.Series(due, index=issues.index) < AT) & recent).sum()
    grids = {g: len(h) for g, h in HOUSEHOLDS.items()}
    per_grid = week["grid_code"].value_counts()
    rate = {g: 100.0 * per_grid.get(g, 0) / grids[g] for g in grids}
    prev = ((t >= "2026-11-09") & (t < WEEK[0])).sum()
    return {
        "new": new,
        "resolved": resolved,
        "rate": round(100 * resolved / new, 1),
        "overdue": int(overdue),
        "top": max(rate, key=lambda g: (rate[g], per_grid.get(g, 0))),
        "prev": int(prev),
        "old_open": int((~done & (t < "2026-11-01")).sum()),
    }


@pytest.fixture(scope="module")
def project_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "town.gpkg"
    make_report_project(path)
    return path


@pytest.fixture(scope="module")
def pack(project_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    assert (
        main(
            [
                "report",
                "weekly",
                str(project_file),
                "--week",
                "2026-W47",
                "--out",
                str(out),
                "--no-html",
            ]
        )
        == 0
    )
    return out


def test_week_figures_match_pandas(project_file):
    project = Project.open(project_file)
    issues = pd.DataFrame(project.layer("issues").drop(columns="geometry"))
    want = _expected(issues)
    report = weekly_report(project, ReportParams(week="2026-W47", permutations=99))
    head = report.headline["current"]
    assert report.at == AT and not report.empty
    assert head["new"] == want["new"] and head["resolved"] == want["resolved"]
    assert head["resolution_rate"] == want["rate"]
    assert report.headline.loc["new", "previous"] == want["prev"]
    assert report.headline.loc["new", "change"] == want["new"] - want["prev"]
    # overdue now: the recent ones checked by the weekday rule, plus every older open case
    assert head["overdue"] == want["overdue"] + want["old_open"]
    assert report.top_rate["grid_code"].iloc[0] == want["top"]
    assert len(report.cases) == want["new"]
    assert (report.overdue["overdue_days"] > 0).all()
    # owners: leader and liaison, masked
    top = report.top_rate.iloc[0]
    assert top["leader"] in ("周*国", "吴*华") and top["liaison"] in ("郑*明", "冯*刚")
    assert len(report.trends) == 12 and report.trends.index[-1] == "2026-W47"
    assert report.trends.iloc[-1].sum() == want["new"]
    assert report.hotspot is not None and report.hotspot.emerging is not None


def test_workbook_is_the_ledger(pack):
    book = load_workbook(pack / "周调度_2026-W47.xlsx")
    assert book.sheetnames == ["概况", "诉求清单", "办结清单", "超期清单", "网格统计", "说明"]
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width >= 8
    demand = [c.value for c in book["诉求清单"][1]]
    for header in ("工单编号", "责任人(网格长)", "包村干部", "办结时限", "办理状态"):
        assert header in demand
    assert "超期天数" in [c.value for c in book["超期清单"][1]]
    grids = [c.value for c in book["网格统计"][1]]
    assert {"网格长", "包村干部", "每百户诉求", "办结率(%)"} <= set(grids)
    phones = [c.value for row in book["诉求清单"].iter_rows(min_row=2) for c in row]
    assert not any(isinstance(v, str) and v in {p for _, p, _ in CADRES.values()} for v in phones)
    assert any(v == "138****5678" for v in phones)


def _pdftext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_fonts_and_masking(pack, project_file):
    pdf = pack / "周调度_2026-W47.pdf"
    text = _pdftext(pdf)
    issues = pd.DataFrame(Project.open(project_file).layer("issues").drop(columns="geometry"))
    want = _expected(issues)
    assert "临河镇 周调度会议材料" in text and "2026年第47周" in text
    assert "核心指标" in text and "超期未办结诉求" in text and "重复诉求" in text
    assert "新受理诉求" in text and str(want["new"]) in text
    assert "个人信息已脱敏" in text
    assert "周*国" in text or "吴*华" in text
    for name, phone, _ in CADRES.values():
        assert name not in text and phone not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(r[-5] == "yes" for r in rows)  # emb column: every font embedded
    assert any("CJK" in r[0] or "Hei" in r[0] for r in rows)


def test_show_contacts_unmasks(project_file, tmp_path):
    project = Project.open(project_file)
    report = weekly_report(
        project, ReportParams(week="2026-W47", show_contacts=True, permutations=99)
    )
    assert not report.masked
    assert set(report.grids["leader"]) <= {"周建国", "吴振华"}
    assert set(report.grids["leader_phone"]) <= {"13812345678", "13998765432"}


def test_empty_week_says_so(project_file, tmp_path):
    report = weekly_report(
        Project.open(project_file), ReportParams(week="2026-W20", permutations=99)
    )
    assert report.empty and report.headline.loc["new", "current"] == 0
    assert report.headline.loc["resolution_rate", "current"] is None
    paths = write_pack(report, tmp_path)
    if shutil.which("pdftotext"):
        assert "无新受理诉求" in _pdftext(paths["pdf"])
    book = load_workbook(paths["xlsx"])
    assert book["诉求清单"].max_row == 1  # the header only


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "W47", "2026-W00", "next week"])
def test_bad_week_is_one_line(project_file, tmp_path, capsys, bad):
    assert main(["report", "weekly", str(project_file), "--week", bad, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "2026-W47" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_parse_week_and_month():
    assert parse_week("2026-W47") == (
        pd.Timestamp("2026-11-16").date(),
        pd.Timestamp("2026-11-22").date(),
    )
    assert parse_week("2026w1")[0].isoformat() == "2025-12-29"  # ISO week 1 starts in 2025
    assert parse_week("2026-W53")[0].isoformat() == "2026-12-28"  # 2026 is a long ISO year
    assert parse_month("2026-02")[1].isoformat() == "2026-02-28"
    with pytest.raises(InputError, match="2026-11"):
        parse_month("2026-13")
    with pytest.raises(InputError, match="either"):
        weekly_report(None, ReportParams())


def test_monthly_ranking(project_file, tmp_path):
    report = weekly_report(
        Project.open(project_file), ReportParams(month="2026-11", permutations=99)
    )
    villages = report.village_rank
    assert list(villages["rank"]) == [1, 2] and set(villages["village_name"]) == {
        "张家庄村",
        "李家屯村",
    }
    rates = villages["on_time_rate"].to_numpy()
    assert rates[0] >= rates[1]
    assert set(report.cadre_rank["name"]) <= {"周*国", "吴*华", "郑*明", "冯*刚"}
    assert report.headline.loc["new", "previous"] > 0  # October
    paths = write_pack(report, tmp_path)
    assert {"村排名", "干部排名"} <= set(load_workbook(paths["xlsx"]).sheetnames)


def test_sample_town_week(tmp_path):
    src = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"
    if not src.exists():
        pytest.skip("sample town not built")
    shutil.copy(src, tmp_path / "town.gpkg")
    project = Project.open(tmp_path / "town.gpkg")
    issues = project.layer("issues")
    t = pd.to_datetime(issues["reported_at"])
    week = issues[(t >= WEEK[0]) & (t < WEEK[1])]
    report = weekly_report(project, ReportParams(week="2026-W47", permutations=999))
    assert report.headline.loc["new", "current"] == len(week) > 0
    # a past week: as at its end, not as at the last time recorded (Friday 20 November)
    assert report.at == pd.Timestamp("2026-11-22 23:59:59")
    counts = week["grid_code"].value_counts()
    assert report.grids.set_index("grid_code")["new"].reindex(counts.index).tolist() == list(counts)
    paths = write_pack(report, tmp_path / "out")
    assert paths["pdf"].stat().st_size > 50_000
