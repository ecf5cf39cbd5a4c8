"""The office's working-day calendar (issue 14): years the package does not know are computed
and marked provisional, never refused; an imported official schedule replaces them."""

import json
from datetime import date, datetime

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from lock_case import held_elsewhere

from gisgrid.calendar_data import plan_set
from gisgrid.cli import main
from gisgrid.closed_loop import ClosedLoopParams, closed_loop
from gisgrid.io.calendar_file import read_calendar_file
from gisgrid.project import Project
from gisgrid.workdays import WorkCalendar

NOTE = "2027 年放假安排未录入，期限按推算日历计算"
AT = datetime(2027, 2, 20, 12, 0)

#: id → (received, complexity, resolved, due on the computed 2027, due on the official 2027)
TICKETS = {
    # New Year: 2027-01-01 (Friday) off, then the weekend; both calendars agree.
    "eve": ("2026-12-31 10:00", "simple", None, "2027-01-05", "2027-01-05"),
    "jan4": ("2027-01-04 09:00", "simple", None, "2027-01-06", "2027-01-06"),
    # Friday before the official make-up Sunday 2027-01-31.
    "fri": ("2027-01-29 16:00", "simple", None, "2027-02-02", "2027-02-01"),
    # Spring Festival: computed 02-05…02-10 (eve to 初三 + 补假); official 02-05…02-12.
    "sf": ("2027-02-04 11:00", "simple", None, "2027-02-12", "2027-02-16"),
    "sf3": ("2027-02-04 11:00", "complex", None, "2027-02-16", "2027-02-18"),
    "in_sf": ("2027-02-08 08:00", "simple", None, "2027-02-12", "2027-02-16"),
    # A 2026 case resolved in 2026: nothing depends on 2027.
    "done26": ("2026-06-01 09:00", "simple", "2026-06-02 12:00", "2026-06-03", "2026-06-03"),
}

OFFICIAL_2027 = """2027年部分节假日安排（国务院办公厅通知）
日期,类型,名称
2027-01-01..2027-01-03,休,元旦
2027-01-31,班,春节
2027-02-05..2027-02-12,休,春节
2027-02-20,班,
2027-04-03..2027-04-05,休,清明节
2027-04-25,班,劳动节
2027-05-01..2027-05-05,休,劳动节
2027-06-09,休,端午节
2027-09-15,休,中秋节
2027-09-26,班,国庆节
2027-10-01..2027-10-07,休,国庆节
2027-10-09,班,国庆节
"""


def _issues(point: shapely.Point) -> gpd.GeoDataFrame:
    rows = [
        {"id": k, "reported_at": r, "complexity": c, "resolved_at": d}
        for k, (r, c, d, _, _) in TICKETS.items()
    ]
    frame = pd.DataFrame(rows)
    for col in ("reported_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col])
    frame["first_contact_at"] = frame["reported_at"] + pd.Timedelta(minutes=20)
    frame["status"] = frame["resolved_at"].notna().map({True: "resolved", False: "dispatched"})
    frame["source"], frame["category"] = "hotline", "人居环境"
    return gpd.GeoDataFrame(frame, geometry=[point] * len(frame), crs=4490)


@pytest.fixture
def project_file(tmp_path):
    project = Project.create(tmp_path / "p.gpkg", "临河镇")
    project.set_layer("issues", _issues(shapely.Point(118.7, 37.0)))
    project.save()
    return tmp_path / "p.gpkg"


@pytest.fixture
def official(tmp_path):
    path = tmp_path / "2027放假安排.csv"
    path.write_text(OFFICIAL_2027, encoding="utf-8")
    return path


def _due(result) -> dict[str, str]:
    cases = result.issues.set_index("id")
    return {k: str(cases.loc[k, "due_at"] - pd.Timedelta(days=1))[:10] for k in TICKETS}


def _sla_json(path, capsys) -> dict:
    capsys.readouterr()
    assert main(["issues", "sla", str(path), "--at", AT.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_deadlines_in_an_unpublished_year_are_computed_and_provisional(project_file):
    result = closed_loop(Project.open(project_file), ClosedLoopParams(at=AT))
    # due_at is the midnight ending the deadline day: the day before is the last working day
    expected = {k: str(pd.Timestamp(t[3]) - pd.Timedelta(days=1))[:10] for k, t in TICKETS.items()}
    assert _due(result) == expected
    assert result.provisional and result.provisional_years == [2027]
    assert result.notes == [NOTE]
    flags = result.issues.set_index("id")["provisional"]
    assert flags.drop("done26").all() and not flags["done26"]
    assert result.totals["overdue"] == 6  # the figures are there, not an error


def test_importing_the_official_schedule_changes_deadlines_and_ends_provisional(
    project_file, official, capsys
):
    before = _sla_json(project_file, capsys)
    assert before["provisional"] is True and before["provisional_years"] == [2027]
    assert before["notes"] == [NOTE]
    assert main(["calendar", "import", str(project_file), str(official)]) == 0
    out = capsys.readouterr().out
    assert "2027 年" in out and "调休上班 5 天" in out and "warning" not in out
    project = Project.open(project_file)
    assert project.meta.calendar["2027"]["source"] == official.name
    result = closed_loop(project, ClosedLoopParams(at=AT))
    expected = {k: str(pd.Timestamp(t[4]) - pd.Timedelta(days=1))[:10] for k, t in TICKETS.items()}
    assert _due(result) == expected
    assert not result.provisional and result.notes == []
    assert not result.issues["provisional"].any()
    after = _sla_json(project_file, capsys)
    assert after["provisional"] is False and after["notes"] == []
    due = {row["id"]: row["due_at"] for row in after["overdue"]}
    assert due["sf"].startswith("2027-02-16") and due["fri"].startswith("2027-02-01")


def test_sla_text_shows_the_note(project_file, capsys):
    assert main(["issues", "sla", str(project_file), "--at", AT.isoformat()]) == 0
    out = capsys.readouterr().out
    assert NOTE in out and "gisgrid calendar import" in out


def test_show_lists_where_each_year_comes_from(project_file, official, capsys):
    assert main(["calendar", "show", str(project_file)]) == 0
    text = capsys.readouterr().out
    line_2027 = next(line for line in text.splitlines() if line.startswith("2027"))
    assert "暂定" in line_2027
    assert next(ln for ln in text.splitlines() if ln.startswith("2025")).count("chinese-calendar")
    assert main(["calendar", "show", str(project_file), "--year", "2027"]) == 0
    text = capsys.readouterr().out
    assert "春节：2027-02-05 至 2027-02-10 放假（6 天）" in text and "暂定" in text
    assert main(["calendar", "import", str(project_file), str(official)]) == 0
    capsys.readouterr()
    assert main(["calendar", "show", str(project_file), "--year", "2027", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)["years"][0]
    assert info["source"] == "office" and info["provisional"] is False
    assert {"date": "2027-01-31", "weekday": "日", "name": "春节"} in info["workdays"]
    sf = next(b for b in info["breaks"] if b["name"] == "春节")
    assert (sf["from"], sf["to"], sf["days"]) == ("2027-02-05", "2027-02-14", 10)


def test_show_json_imports_back_unchanged(project_file, official, tmp_path, capsys):
    assert main(["calendar", "import", str(project_file), str(official)]) == 0
    capsys.readouterr()
    assert main(["calendar", "show", str(project_file), "--year", "2027", "--json"]) == 0
    shown = tmp_path / "shown.json"
    shown.write_text(capsys.readouterr().out, encoding="utf-8")
    other = Project.create(tmp_path / "q.gpkg", "临河镇")
    assert main(["calendar", "import", str(other.path), str(shown)]) == 0
    a = WorkCalendar.from_project(Project.open(project_file)).year(2027)
    b = WorkCalendar.from_project(Project.open(other.path)).year(2027)
    assert (a.rest, a.work) == (b.rest, b.work)


def test_set_enters_a_year_and_clear_gives_it_back_to_the_rules(project_file, capsys):
    path = str(project_file)
    days = "2027-02-11..2027-02-12"
    assert main(["calendar", "set", path, days, "holiday", "--name", "春节"]) == 0
    out = capsys.readouterr().out
    assert "规则推算" in out and "核对全年安排" in out  # it says the rest is the computed draft
    calendar = WorkCalendar.from_project(Project.open(project_file))
    schedule = calendar.year(2027)
    assert not schedule.provisional
    assert schedule.rest[date(2027, 2, 12)] == "春节" and schedule.rest[date(2027, 1, 1)] == "元旦"
    result = closed_loop(Project.open(project_file), ClosedLoopParams(at=AT))
    assert _due(result)["sf"] == "2027-02-15" and result.notes == []
    assert main(["calendar", "set", path, "2027-02-20", "workday"]) == 0
    assert main(["calendar", "set", path, "2027-02-12", "clear"]) == 0
    schedule = WorkCalendar.from_project(Project.open(project_file)).year(2027)
    assert schedule.is_workday(date(2027, 2, 12)) and schedule.is_workday(date(2027, 2, 20))
    assert main(["calendar", "set", path, "2027", "clear"]) == 0
    project = Project.open(project_file)
    assert project.meta.calendar == {}
    assert WorkCalendar.from_project(project).is_provisional(2027)


def test_calendar_edit_undoes(tmp_path):
    project = Project.create(None, "临河镇")
    change = plan_set(project, date(2027, 10, 8), date(2027, 10, 8), "holiday", "国庆节")
    change.edit.do(project)
    assert not WorkCalendar.from_project(project).is_workday(date(2027, 10, 8))
    change.edit.undo(project)
    assert project.meta.calendar == {}
    assert WorkCalendar.from_project(project).is_provisional(2027)


def test_a_partial_year_is_imported_with_a_warning(project_file, tmp_path, capsys):
    part = tmp_path / "spring.csv"
    part.write_text("日期,类型\n2027-02-05~2027-02-11,休\n", encoding="utf-8")
    assert main(["calendar", "import", str(project_file), str(part)]) == 0
    out = capsys.readouterr().out
    assert "warning" in out and "元旦 2027-01-01" in out and "国庆节 2027-10-01" in out


@pytest.mark.parametrize(
    "text, message",
    [
        ("日期,类型\n2027-02-05,休\n2027-02-06,调休\n", "row 3"),
        ("日期,类型\n2027-02-05,休\n2027-02-05,班\n", "keep one"),
        ("日期,类型\n2027-02-30,休\n", "row 2: '2027-02-30' is not a date"),
        ("名称,备注\n春节,全国\n", "needs a date column"),
    ],
)
def test_bad_schedule_files_are_refused_with_the_row(project_file, tmp_path, capsys, text, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    before = project_file.read_bytes()
    assert main(["calendar", "import", str(project_file), str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert project_file.read_bytes() == before


def test_schedule_files_in_other_forms(tmp_path):
    headerless = tmp_path / "a.csv"
    headerless.write_text("2027-02-05,休\n2027年2月20日,班\n", encoding="gb18030")
    days = read_calendar_file(headerless)
    assert [(d.day, d.kind) for d in days] == [
        (date(2027, 2, 5), "holiday"), (date(2027, 2, 20), "workday")
    ]  # fmt: skip
    listed = tmp_path / "b.json"
    listed.write_text(
        json.dumps([{"date": "2027-10-01..2027-10-07", "kind": "holiday", "name": "国庆节"},
                    {"date": "2027-10-09", "kind": "workday"}]),  # fmt: skip
        encoding="utf-8",
    )
    days = read_calendar_file(listed)
    assert len(days) == 8 and days[0].name == "国庆节" and days[-1].kind == "workday"
    flat = tmp_path / "c.json"
    flat.write_text(json.dumps({"2027-02-20": "班", "2027-02-05": "休"}), encoding="utf-8")
    assert {d.kind for d in read_calendar_file(flat)} == {"holiday", "workday"}
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime(2027, 6, 9), "放假", "端午节"])
    sheet.append(["2027-09-26", "上班", "国庆节"])
    book.save(tmp_path / "d.xlsx")
    days = read_calendar_file(tmp_path / "d.xlsx")
    assert [(d.day, d.kind, d.name) for d in days] == [
        (date(2027, 6, 9), "holiday", "端午节"), (date(2027, 9, 26), "workday", "国庆节")
    ]  # fmt: skip


def test_calendar_writes_hold_the_project_lock(project_file, official, capsys):
    before = project_file.read_bytes()
    with held_elsewhere(project_file):
        assert main(["calendar", "import", str(project_file), str(official)]) == 2
        assert main(["calendar", "set", str(project_file), "2027-02-11", "holiday"]) == 2
    assert project_file.read_bytes() == before
    assert "gisgrid app" in capsys.readouterr().err


def test_weekly_pack_of_a_2027_week_counts_its_cases_and_says_provisional(tmp_path, official):
    from project_shapes import build_shape

    from gisgrid.report import ReportParams, weekly_report

    project = build_shape("complete", tmp_path / "town.gpkg")
    grid = project.layer("grids_small").geometry.iloc[0].representative_point()
    project.set_layer("issues", _issues(grid))
    project.save()
    params = ReportParams(week="2027-W05", permutations=99, at=datetime(2027, 2, 8, 9))  # future
    report = weekly_report(Project.open(project.path), params)
    assert not report.empty and report.headline.loc["new", "current"] == 2
    assert NOTE in report.notes
    assert main(["calendar", "import", str(project.path), str(official)]) == 0
    report = weekly_report(Project.open(project.path), params)
    assert not report.empty and NOTE not in report.notes
