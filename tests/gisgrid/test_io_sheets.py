"""A workbook kept one sheet per village is imported whole (issue 15.5): every sheet with the
same header, each row keeping its sheet; sheets of different tables are refused, never read in
part. ``gisgrid import`` of tables (``gisgrid issues import`` is pinned in
test_issue_import_records.py)."""

import json

import openpyxl
import pytest

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.io.importer import ImportOptions, import_file, inspect_source
from gisgrid.project import Project


def _book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _village(k, n, extra=()):
    header = ["户主", "地址", "经度", "纬度", *extra]
    rows = [[f"户主{k}-{i}", f"{k}村{i}号", 118.70 + 0.001 * i, 36.90 + 0.001 * k, *extra]
            for i in range(n)]  # fmt: skip
    return [header, *rows]


def test_every_sheet_of_one_table_is_imported(tmp_path):
    sheets = {f"第{k}村": _village(k, 20) for k in range(1, 4)}
    sheets["第3村"][5][2] = "不是数字"  # one bad row, named with its sheet
    sheets["说明"] = [["本台账按村分表填写"]]  # no table: left alone
    path = _book(tmp_path / "住户.xlsx", sheets)
    project = Project.create(None, "临河镇")
    report = import_file(project, "households", path)
    households = project.layer("households")
    assert (report.read, report.imported, len(households)) == (60, 59, 59)
    assert households["来源工作表"].value_counts().to_dict() == {"第1村": 20, "第2村": 20,
                                                                "第3村": 19}  # fmt: skip
    assert [(s["row"], s["sheet"]) for s in report.skipped] == [(6, "第3村")]
    assert "跳过 row 6 (第3村):" in report.summary()
    assert any("read all 3 sheets with the same header together" in w for w in report.warnings)
    info = inspect_source(path, "households")  # the dialog's preview reads them too
    assert "来源工作表" in info.columns


def test_a_sheet_with_an_extra_column_still_belongs(tmp_path):
    path = _book(tmp_path / "住户.xlsx", {"一村": _village(1, 3), "二村": _village(2, 3, ["备注"])})
    project = Project.create(None, "临河镇")
    report = import_file(project, "households", path)
    assert report.imported == 6
    assert project.layer("households")["备注"].notna().sum() == 3


def test_cli_import_reads_all_sheets_or_the_one_chosen(tmp_path, capsys):
    path = _book(tmp_path / "住户.xlsx", {f"村{k}": _village(k, 10) for k in range(5)})
    gpkg = tmp_path / "t.gpkg"
    Project.create(gpkg, "临河镇").save()
    assert main(["import", str(gpkg), "households", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 50
    assert len(Project.open(gpkg).layer("households")) == 50
    other = tmp_path / "u.gpkg"
    Project.create(other, "临河镇").save()
    args = ["import", str(other), "households", str(path), "--layer", "村3", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 10


def test_different_tables_are_refused_in_one_line(tmp_path, capsys):
    cadres = [["姓名", "职务", "电话"], ["赵强", "网格员", "13800000000"]]
    path = _book(tmp_path / "混合.xlsx", {"一村": _village(1, 3), "干部": cadres})
    project = Project.create(None, "临河镇")
    with pytest.raises(InputError, match="--layer SHEET"):
        import_file(project, "households", path)
    assert len(project.layer("households")) == 0
    report = import_file(project, "households", path, ImportOptions(layer="一村"))
    assert report.imported == 3 and "来源工作表" not in project.layer("households")
    gpkg = tmp_path / "t.gpkg"
    Project.create(gpkg, "临河镇").save()
    assert main(["import", str(gpkg), "households", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "2 different tables" in err
