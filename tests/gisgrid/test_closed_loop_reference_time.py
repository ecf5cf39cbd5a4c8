"""An explicit reference time (issue 14.4): figures are as at now or a given time, never as at a
date found in the records; implausible dates are listed, not dropped; no contact column means
no contact rate (not 0 %)."""

import json
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from issue_case import V1, G, make_project

from gisgrid.cli import main
from gisgrid.closed_loop import ClosedLoopParams, closed_loop
from gisgrid.errors import InputError
from gisgrid.issue_import import import_issues
from gisgrid.report import ReportParams, weekly_report

T = pd.Timestamp


def _project(rows, path=None):
    frame = pd.DataFrame(rows)
    for col in ("reported_at", "first_contact_at", "resolved_at", "reviewed_at"):
        frame[col] = pd.to_datetime(frame[col] if col in frame else pd.NaT, format="ISO8601")
    defaults = {"status": None, "complexity": "simple", "satisfaction": np.nan,
                "household_id": None, "address": None, "grid_code": G[0], "village_code": V1,
                "category": "人居环境", "source": "hotline", "description": ""}  # fmt: skip
    for col, value in defaults.items():
        if col not in frame:
            frame[col] = value
    project = make_project(path)
    pts = [shapely.Point(118.702, 36.902)] * len(frame)
    project.set_layer("issues", gpd.GeoDataFrame(frame, geometry=pts, crs=4490))
    if path is not None:
        project.save()
    return project


# A 2011 ledger: cases of late December, two open, and one closing date mistyped as 2015.
LEDGER_2011 = [
    {"id": "a", "reported_at": "2011-12-28 09:00", "first_contact_at": "2011-12-28 09:30"},
    {"id": "b", "reported_at": "2011-12-29 10:00", "first_contact_at": "2011-12-29 10:20"},
    {"id": "c", "reported_at": "2011-12-29 11:00", "first_contact_at": "2011-12-29 11:10",
     "resolved_at": "2015-06-01 10:00", "status": "resolved"},
    {"id": "d", "reported_at": "2011-12-30 08:00", "first_contact_at": "2011-12-30 08:20",
     "resolved_at": "2011-12-30 15:00", "status": "resolved"},
]  # fmt: skip


def test_an_outlier_closing_date_does_not_move_the_reference_time():
    project = _project(LEDGER_2011)
    clock = T.now().floor("s")
    now = closed_loop(project)
    assert clock <= now.at <= T.now()  # as at now, not as at 2015-06-01 (the latest record)
    assert now.latest == T("2015-06-01 10:00")
    assert now.implausible.empty  # 2015 lies before now: odd, not impossible
    then = closed_loop(project, ClosedLoopParams(at=datetime(2011, 12, 31, 18)))
    cases = then.issues.set_index("id")
    # a: simple, due at the end of Thursday 29 December; 1.75 days overdue on Saturday the
    # 31st, a make-up working day before the 2012 New Year break: two working days
    assert cases.at["a", "overdue_days"] == 1.8 and cases.at["a", "overdue_workdays"] == 2
    assert cases.loc[["a", "b", "c"], "overdue_now"].tolist() == [True, True, True]
    assert then.totals["overdue"] == 3 and then.implausible.empty


def test_cli_says_as_at_now_and_how_to_see_the_figures_of_then(tmp_path, capsys):
    path = tmp_path / "p.gpkg"
    _project(LEDGER_2011[:2], path)
    assert main(["issues", "sla", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"at {T.now():%Y-%m-%d}" in out and "(now)" in out
    assert (
        "记录中最晚的时间是 2011-12-29，统计时点是现在；要看当时的情况，用 --at 2011-12-29" in out
    )
    assert main(["issues", "sla", str(path), "--at", "2011-12-31T18:00"]) == 0
    out = capsys.readouterr().out
    assert "at 2011-12-31 18:00 (given)" in out and "记录中最晚" not in out


def test_implausible_dates_are_listed_and_counted_as_blank(tmp_path, capsys):
    rows = [
        {"id": "12345-001", "reported_at": "2025-10-09 08:00", "resolved_at": "1900-01-01"},
        {"id": "12345-002", "reported_at": "1995-03-01 09:00"},
        {"id": "12345-003", "reported_at": "2025-10-10 09:00",
         "resolved_at": "2099-05-01 10:00", "status": "resolved"},
        {"id": "12345-004", "reported_at": "2025-10-13 09:00", "first_contact_at":
         "2025-10-13 09:10", "resolved_at": "2025-10-13 15:00", "status": "resolved"},
        # closed after the (past) reference time: normal, counted open at that time
        {"id": "12345-005", "reported_at": "2025-10-14 09:00", "resolved_at": "2025-11-03"},
    ]  # fmt: skip
    path = tmp_path / "p.gpkg"
    project = _project(rows, path)
    result = closed_loop(project, ClosedLoopParams(at=datetime(2025, 10, 20, 12)))
    listed = result.implausible.sort_values("id")
    assert listed.values.tolist() == [
        ["12345-001", "resolved_at", T("1900-01-01")],
        ["12345-002", "reported_at", T("1995-03-01 09:00")],
        ["12345-003", "resolved_at", T("2099-05-01 10:00")],
    ]
    cases = result.issues.set_index("id")
    assert "12345-002" not in cases.index  # no plausible receipt time: in no period
    assert result.totals["new"] == 4
    assert cases.at["12345-001", "overdue_now"]  # 1900 is no closing: still open
    assert cases.at["12345-003", "resolved"] and pd.isna(cases.at["12345-003", "on_time"])
    assert not cases.at["12345-005", "resolved"]
    assert result.implausible_text().startswith(
        "3 条记录日期不合理（早于2000年或晚于统计时点），按空白计：12345-001 办结时间 1900-01-01、"
    )
    assert main(["issues", "sla", str(path), "--at", "2025-10-20T12:00"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "日期不合理" in x)
    assert line.startswith("注意 warning: 3 条记录日期不合理") and "--json 列出全部" in line
    assert main(["issues", "sla", str(path), "--at", "2025-10-20T12:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id": "12345-002", "column": "reported_at", "value": "1995-03-01T09:00:00"} in data[
        "implausible_dates"
    ]
    assert len(data["implausible_dates"]) == 3


def test_no_contact_times_mean_no_contact_rate_not_zero(tmp_path, capsys):
    rows = [
        {"id": "x1", "reported_at": "2025-10-09 08:00", "grid_code": G[0]},
        {"id": "x2", "reported_at": "2025-10-09 09:00", "resolved_at": "2025-10-09 12:00",
         "status": "resolved", "grid_code": G[1]},
    ]  # fmt: skip
    path = tmp_path / "p.gpkg"
    project = _project(rows, path)
    result = closed_loop(project, ClosedLoopParams(at=datetime(2025, 10, 20)))
    assert result.totals["contact_rate"] is None
    assert result.by_grid["contact_rate"].isna().all()
    assert main(["issues", "sla", str(path), "--at", "2025-10-20"]) == 0
    out = capsys.readouterr().out
    assert "contact within the hour 无数据 n/a" in out and "hour 0.0%" not in out
    assert main(["issues", "sla", str(path), "--at", "2025-10-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["contact_rate"] is None
    assert {g["contact_rate"] for g in data["by_grid"]} == {None}
    # one recorded contact: contact is recorded, the uncontacted case is late
    rows[0]["first_contact_at"] = "2025-10-09 08:20"
    result = closed_loop(_project(rows), ClosedLoopParams(at=datetime(2025, 10, 20)))
    assert result.totals["contact_rate"] == 50.0


def test_a_1900_closing_date_survives_the_import_and_is_reported(tmp_path):
    text = (
        "工单编号,来电时间,诉求类别,诉求内容,地址,经度,纬度,办理状态,办结时间\n"
        "GD001,2025-09-30 16:00,环境卫生,垃圾,张家庄村,118.7021,36.9021,办理中,1900-01-01\n"
        "GD002,2025-10-08 09:00,环境卫生,垃圾,张家庄村,118.7021,36.9021,已办结,2025-10-08 15:00\n"
    )
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    project = make_project()
    import_issues(project, path)
    issues = project.layer("issues").set_index("id")
    assert issues.at["GD001", "resolved_at"] == T("1900-01-01")
    assert issues.at["GD001", "status"] == "handled"  # as written (办理中), not "resolved"
    result = closed_loop(project, ClosedLoopParams(at=datetime(2025, 10, 10, 12)))
    assert result.implausible.values.tolist() == [["GD001", "resolved_at", T("1900-01-01")]]
    assert result.issues.set_index("id").at["GD001", "overdue_now"]


def test_everything_after_the_reference_time_says_so():
    project = _project([{"id": "z", "reported_at": "2025-10-09 08:00"}])
    with pytest.raises(InputError, match="no issue was received by 2025-01-01 00:00"):
        closed_loop(project, ClosedLoopParams(at=datetime(2025, 1, 1)))


def test_the_pack_is_as_at_the_end_of_a_past_week_or_the_given_time():
    rows = [
        {"id": "p1", "reported_at": "2025-11-03 09:00", "first_contact_at": "2025-11-03 09:20"},
        {"id": "p2", "reported_at": "2025-11-04 09:00", "first_contact_at": "2025-11-04 09:20",
         "resolved_at": "2025-11-04 16:00", "status": "resolved"},
        {"id": "p3", "reported_at": "2025-11-05 09:00", "resolved_at": "1900-01-01"},
    ]  # fmt: skip
    project = _project(rows)
    report = weekly_report(project, ReportParams(week="2025-W45", permutations=99))
    # the last record is from Wednesday: the past week's pack is as at its end all the same
    assert report.at == T("2025-11-09 23:59:59")
    assert any(
        n.startswith("1 条记录日期不合理") and "p3 办结时间 1900-01-01" in n for n in report.notes
    )
    given = weekly_report(
        project, ReportParams(week="2025-W45", permutations=99, at=datetime(2025, 11, 4, 12))
    )
    assert given.at == T("2025-11-04 12:00")
    assert set(given.cases["id"]) == {"p1", "p2"}  # p3 was received after the given time
