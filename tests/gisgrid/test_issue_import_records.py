"""Issue records read right (issue 15.1–15.5, 15.12): times by their own formats, date and
time columns combined, two-digit years, re-imports that never go back in time, every sheet of
a one-sheet-per-village workbook, control characters cleaned. Each case is built from a file
of that kind."""

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from issue_case import make_project

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.issue_fields import parse_times, read_times
from gisgrid.issue_import import IssueImportOptions, import_issues
from gisgrid.project import Project

T = pd.Timestamp


@pytest.fixture
def project():
    return make_project()


def _csv(tmp_path, rows, name="export.csv"):
    path = tmp_path / name
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return path


def _issues(project):
    return project.layer("issues").set_index("id")


# 15.1 — separate date and time columns --------------------------------------------------


def test_date_and_time_columns_are_combined(project, tmp_path):
    path = _csv(tmp_path, [
        ["工单编号", "受理日期", "受理时间", "诉求内容", "办结日期", "办结时间", "办理状态"],
        ["A1", "2026-11-03", "15:00", "路灯不亮", "2026-11-04", "9:30", "已办结"],
        ["A2", "2026/11/2", "08:05:30", "垃圾", "", "", "办理中"],
        ["A3", "2026-11-01", "", "噪音", "", "", "已受理"],
    ])  # fmt: skip
    report = import_issues(project, path)
    issues = _issues(project)
    assert issues.loc["A1", "reported_at"] == T("2026-11-03 15:00")
    assert issues.loc["A1", "resolved_at"] == T("2026-11-04 09:30")
    assert issues.loc["A2", "reported_at"] == T("2026-11-02 08:05:30")
    assert issues.loc["A3", "reported_at"] == T("2026-11-01 00:00")  # the date, said below
    assert report.detected["date_time_columns"] == {
        "reported_at": ["受理日期", "受理时间"], "resolved_at": ["办结日期", "办结时间"],
    }  # fmt: skip
    said = " ".join(report.warnings)
    assert "the date from column '受理日期' and the time of day from '受理时间'" in said
    assert "1 row(s) with a date in '受理日期' but no readable time of day" in said
    assert "受理日期" not in issues.columns  # used, not kept as another column


def test_a_date_column_alone_is_the_receipt_day(project, tmp_path):
    rows = [["工单编号", "受理日期", "办结日期"], ["D1", "2026-11-03", "2026年11月5日"]]
    report = import_issues(project, _csv(tmp_path, rows))
    one = _issues(project).loc["D1"]
    assert one["reported_at"] == T("2026-11-03") and one["resolved_at"] == T("2026-11-05")
    assert "date_time_columns" not in report.detected


def test_excel_date_cell_and_time_only_cell(project, tmp_path):
    path = tmp_path / "巡查.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编号", "巡查日期", "巡查时间", "巡查内容"])
    ws.append(["P1", dt.datetime(2026, 11, 3), dt.time(15, 0), "占道经营"])
    ws.append(["P2", dt.datetime(2026, 11, 4), dt.time(9, 45), "垃圾乱堆"])
    for row in (2, 3):
        ws.cell(row, 2).number_format = "yyyy-mm-dd"
        ws.cell(row, 3).number_format = "hh:mm"
    wb.save(path)
    import_issues(project, path)
    times = _issues(project)["reported_at"]
    assert times.to_dict() == {"P1": T("2026-11-03 15:00"), "P2": T("2026-11-04 09:45")}
    assert (times.dt.normalize() != T.today().normalize()).all()


def test_times_of_day_without_dates_are_refused_naming_the_column(project, tmp_path):
    path = _csv(tmp_path, [["工单编号", "受理时间", "诉求内容"], ["A1", "15:00", "x"]])
    match = (
        r"export.csv: column '受理时间' .*times of day only \(e.g. '15:00'\), no dates"
        r".*\"reported_at\": \[\"日期列\", \"受理时间\"\]"
    )
    with pytest.raises(InputError, match=match):
        import_issues(project, path)
    assert len(project.layer("issues")) == 0


def test_user_mapping_names_date_and_time_columns(project, tmp_path):
    rows = [["单号", "哪天", "几点", "情况"], ["B1", "2026年11月3日", "下午3点", "x"]]
    path = _csv(tmp_path, rows)
    opts = IssueImportOptions(mapping={"id": "单号", "reported_at": ["哪天", "几点"]})
    import_issues(project, path, opts)
    assert _issues(project).loc["B1", "reported_at"] == T("2026-11-03 15:00")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"reported_at": ["哪天", "几点"], "id": "单号"}), "utf-8")
    gpkg = tmp_path / "t.gpkg"
    make_project(gpkg)
    assert main(["issues", "import", str(gpkg), str(path), "--mapping", str(mapping)]) == 0
    assert _issues(Project.open(gpkg)).loc["B1", "reported_at"] == T("2026-11-03 15:00")


def test_a_time_pair_is_refused_where_a_field_takes_one_column(project, tmp_path):
    path = _csv(tmp_path, [["户主", "经度", "纬度"], ["王明", 118.701, 36.901]])
    from gisgrid.io.importer import ImportOptions, import_file

    with pytest.raises(InputError, match="head takes one column name"):
        import_file(project, "households", path, ImportOptions(mapping={"head": ["户主", "经度"]}))


# 15.2 — one value's format never spoils its neighbours ------------------------------------

MIXED = ["2026年11月3日15时00分", "2026.11.4 09:00", "2026-11-05T09:30:00+08:00"]
MIXED_TIMES = [T("2026-11-03 15:00"), T("2026-11-04 09:00"), T("2026-11-05 09:30")]


def test_mixed_formats_each_read_as_alone():
    assert parse_times(pd.Series(MIXED)).tolist() == MIXED_TIMES
    for value, expected in zip(MIXED, MIXED_TIMES, strict=True):
        assert parse_times(pd.Series([value])).tolist() == [expected]
    more = MIXED + ["2026-11-05T01:30:00Z", "2026-11-06 10:00", "2026/11/7", "45967.5", "乱写"]
    got = parse_times(pd.Series(more * 3, dtype=object)).tolist()
    assert got == (MIXED_TIMES + [T("2026-11-05 09:30"), T("2026-11-06 10:00"),
                                  T("2026-11-07"), T("2025-11-06 12:00"), pd.NaT]) * 3  # fmt: skip


def test_mixed_format_column_imports_every_row(project, tmp_path):
    rows = [["工单编号", "来电时间", "诉求内容"]]
    rows += [[f"M{i}", v, "路灯不亮"] for i, v in enumerate(MIXED)]
    report = import_issues(project, _csv(tmp_path, rows))
    assert (report.imported, report.skipped) == (3, [])
    assert _issues(project)["reported_at"].tolist() == MIXED_TIMES


# 15.3 — two-digit years ------------------------------------------------------------------


def test_two_digit_years_read_as_20yy_month_day_or_refused_by_row(project, tmp_path):
    read = read_times(pd.Series(["26-11-3 15:00", "26/11/4", "26年11月5日 8时", "261106"]))
    assert read.values.tolist() == [
        T("2026-11-03 15:00"), T("2026-11-04"), T("2026-11-05 08:00"), T("2026-11-06"),
    ]  # fmt: skip
    assert read.short_year.all()
    rows = [
        ["工单编号", "受理时间"],
        ["Y1", "26-11-3 15:00"],
        ["Y2", "3/11/26"],
        ["Y3", "26-13-40"],
    ]
    report = import_issues(project, _csv(tmp_path, rows))
    assert _issues(project)["reported_at"].to_dict() == {"Y1": T("2026-11-03 15:00")}
    reasons = {s["row"]: s["reason"] for s in report.skipped}
    assert "day and month in an unclear order" in reasons[3] and "'3/11/26'" in reasons[3]
    assert "read as 20YY-MM-DD, gives no real date" in reasons[4]
    assert any("1 value(s) with a two-digit year read as 20YY-MM-DD (e.g. row 2: "
               "'26-11-3 15:00' → 2026-11-03)" in w for w in report.warnings)  # fmt: skip


# 15.4 — a ticket's state only moves forward ------------------------------------------------

HEADER = ["工单编号", "受理时间", "诉求类别", "诉求内容", "办理状态", "首次联系时间", "办结时间",
          "满意度"]  # fmt: skip
NEW = ["K1", "2026-11-02 09:00", "路灯不亮", "路灯坏了", "已办结", "2026-11-02 09:20",
       "2026-11-03 16:00", "满意"]  # fmt: skip
OLD = ["K1", "2026-11-02 09:00", "噪音扰民", "路灯坏了", "已派单", "", "", ""]


def test_older_export_never_reopens_a_closed_ticket(project, tmp_path):
    import_issues(project, _csv(tmp_path, [HEADER, NEW], "new.csv"))
    report = import_issues(project, _csv(tmp_path, [HEADER, OLD], "old.csv"))
    one = _issues(project).loc["K1"]
    assert one["status"] == "resolved" and one["category"] == "道路交通"
    assert one["resolved_at"] == T("2026-11-03 16:00") and one["satisfaction"] == 4.0
    assert (report.added, report.updated, report.older_ignored) == (0, 0, 1)
    assert any("1 record(s) older than the project's state of the same ticket were ignored "
               "(e.g. K1)" in w for w in report.warnings)  # fmt: skip
    assert "旧记录未覆盖 older ignored 1" in report.summary()
    assert report.to_dict()["older_ignored"] == 1
    again = import_issues(project, _csv(tmp_path, [HEADER, NEW], "new.csv"))  # same state
    assert (again.updated, again.older_ignored) == (1, 0)


def test_newest_first_file_keeps_the_newest_state(project, tmp_path):
    middle = ["K1", "2026-11-02 09:00", "路灯不亮", "", "办理中", "2026-11-02 09:20", "", ""]
    report = import_issues(project, _csv(tmp_path, [HEADER, NEW, middle, OLD]))
    one = _issues(project).loc["K1"]
    assert one["status"] == "resolved" and one["resolved_at"] == T("2026-11-03 16:00")
    assert one["category"] == "道路交通" and len(project.layer("issues")) == 1
    assert (report.added, report.older_ignored) == (1, 2)
    assert any("2 row(s) repeat a ticket id of the file (e.g. K1)" in w for w in report.warnings)


def test_newer_record_updates_and_a_reopened_ticket_loses_its_closing(project, tmp_path):
    import_issues(project, _csv(tmp_path, [HEADER, OLD], "old.csv"))
    import_issues(project, _csv(tmp_path, [HEADER, NEW], "new.csv"))
    assert _issues(project).loc["K1", "status"] == "resolved"
    reopened = ["K1", "2026-11-02 09:00", "路灯不亮", "", "重办", "2026-11-05 10:00", "", ""]
    report = import_issues(project, _csv(tmp_path, [HEADER, reopened], "reopen.csv"))
    one = _issues(project).loc["K1"]
    assert report.updated == 1 and one["status"] == "handled"
    assert pd.isna(one["resolved_at"]) and pd.isna(one["satisfaction"])
    assert one["first_contact_at"] == T("2026-11-05 10:00")


# 15.5 — every sheet of a one-sheet-per-village workbook -----------------------------------


def _village_book(path, sheets=50, rows=100):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in range(sheets):
        ws = wb.create_sheet(f"村{s + 1:02d}")
        ws.append(["工单编号", "受理时间", "诉求内容", "地址"])
        for r in range(rows):
            when = "" if (s, r) == (7, 3) else f"2026-11-{1 + r % 28:02d} 09:00"
            ws.append([f"S{s:02d}-{r:03d}", when, "路灯不亮", f"{s + 1}村{r}号"])
    wb.save(path)
    return path


def test_every_sheet_with_the_same_header_is_imported(project, tmp_path):
    path = _village_book(tmp_path / "分村台账.xlsx")
    report = import_issues(project, path)
    issues = project.layer("issues")
    assert (report.read, report.imported, len(issues)) == (5000, 4999, 4999)
    assert issues["来源工作表"].nunique() == 50
    assert set(issues.loc[issues["id"] == "S07-000", "来源工作表"]) == {"村08"}
    assert report.skipped == [{"row": 5, "sheet": "村08", "reason": "no readable receipt time"}]
    assert "跳过 row 5 (村08): no readable receipt time" in report.summary()
    assert report.detected["sheets"][0] == "村01" and len(report.detected["sheets"]) == 50
    one = import_issues(make_project(), path, IssueImportOptions(layer="村02"))
    assert one.imported == 100


def test_cli_imports_every_sheet_and_exits_zero(tmp_path, capsys):
    path = _village_book(tmp_path / "分村台账.xlsx", sheets=5, rows=10)
    gpkg = tmp_path / "t.gpkg"
    make_project(gpkg)
    assert main(["issues", "import", str(gpkg), str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["read"], out["imported"], out["skipped"]) == (50, 50, [])
    assert len(Project.open(gpkg).layer("issues")) == 50


def test_sheets_with_different_tables_are_refused(project, tmp_path):
    path = _village_book(tmp_path / "台账.xlsx", sheets=2, rows=3)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("汇总")
    ws.append(["村名", "户数", "人口"])
    ws.append(["一村", 10, 30])
    wb.save(path)
    match = (
        r"台账.xlsx: its sheets hold 2 different tables \(村01, 村02: 工单编号.*; "
        r"汇总: 村名, 户数, 人口\); choose one sheet with --layer"
    )
    with pytest.raises(InputError, match=match):
        import_issues(project, path)
    assert len(project.layer("issues")) == 0


# 15.12 — control characters ----------------------------------------------------------------


def test_control_characters_are_cleaned_on_import_and_counted(project, tmp_path):
    rows = [["工单编号", "受理时间", "诉求内容", "地址"],
            ["C1", "2026-11-03 15:00", "第一行\x0b第二行", "张家庄村\x1b[31m东1排3号\x07"],
            ["C2", "2026-11-03 16:00", "正常", "李家屯村"]]  # fmt: skip
    report = import_issues(project, _csv(tmp_path, rows))
    issues = _issues(project)
    assert issues.loc["C1", "description"] == "第一行\n第二行"
    assert issues.loc["C1", "address"] == "张家庄村[31m东1排3号"
    assert report.detected["control_characters_cleaned"] == 2
    assert any(
        w.startswith("2 text field(s) held control characters (e.g. row 2, column '诉求内容': "
                     "vertical tab); vertical tabs and form feeds became line breaks")
        for w in report.warnings
    )  # fmt: skip
