import json

import openpyxl
import pandas as pd
import pytest
from issue_case import V1, G, make_project

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.io.datum import TO_WGS84
from gisgrid.issue_fields import map_categories, map_status, parse_times
from gisgrid.issue_import import IssueImportOptions, import_issues
from gisgrid.project import Project

ROWS = [
    ["12345政务服务便民热线工单导出"],
    ["工单编号", "来电时间", "诉求类别", "诉求内容", "地址", "经度", "纬度", "办理状态",
     "首次联系时间", "办结时间", "满意度"],
    ["GD001", "2025-09-30 16:00", "城乡建设/环境卫生", "垃圾桶满溢", "张家庄村东1排3号",
     "118.7021", "36.9021", "已办结", "2025-09-30 16:20", "2025-10-09 10:00", "满意"],
    ["GD002", "2025年9月28日 9时30分", "路灯不亮", "路灯坏了", "李家屯村北1排2号", "", "",
     "办理中", "2025-09-28 11:00", "", ""],
    ["GD003", "2025/10/11 08:00", "外星人投诉", "奇怪", "张家庄村某处", "", "", "已受理", "",
     "", ""],
    ["GD004", "", "噪音", "吵", "", "", "", "", "", "", ""],
    ["GD005", "2025-10-09 09:00", "", "工资拖欠三个月", "李家屯村北1排112号门口", "", "",
     "未办结", "2025-10-09 09:30", "", ""],
]  # fmt: skip
HOTLINE = "\n".join(",".join(r) for r in ROWS) + "\n"


def _csv(tmp_path, text, name="hotline.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def project():
    return make_project()


def _issues(project):
    return project.layer("issues").set_index("id")


def test_hotline_export_fields_locations_grids(project, tmp_path):
    report = import_issues(project, _csv(tmp_path, HOTLINE))
    assert (report.read, report.imported, report.added, report.updated) == (5, 4, 4, 0)
    assert report.skipped == [{"row": 6, "reason": "no readable receipt time"}]
    issues = _issues(project)
    one = issues.loc["GD001"]
    assert one["category"] == "人居环境" and one["category_raw"] == "城乡建设/环境卫生"
    assert one["status"] == "resolved" and one["satisfaction"] == 4.0
    assert one["grid_code"] == G[0] and one["village_code"] == V1
    assert one["resolved_at"] == pd.Timestamp("2025-10-09 10:00")
    # Chinese date-time text, 路灯 keyword, located by the household's address.
    two = issues.loc["GD002"]
    assert two["reported_at"] == pd.Timestamp("2025-09-28 09:30")
    assert two["category"] == "道路交通" and two["status"] == "handled"
    assert two["household_id"] == "H5" and two["grid_code"] == G[3]
    # Village name only: village known, no point, no grid.
    three = issues.loc["GD003"]
    assert three["category"] == "其他" and three["village_code"] == V1
    assert pd.isna(three["grid_code"]) and three.geometry is None
    # 112号 is not 12号; category from the description; 未办结 is not 办结.
    five = issues.loc["GD005"]
    assert five["household_id"] == "H6" and five["category"] == "劳资纠纷"
    assert five["status"] == "handled"
    assert report.unmapped_categories == {"外星人投诉": 1}
    assert report.located == {
        "coordinates": 1, "household_address": 2, "village_name": 1, "unlocated": 0,
        "outside_grids": 0,
    }  # fmt: skip


def test_reimport_updates_instead_of_duplicating(project, tmp_path):
    import_issues(project, _csv(tmp_path, HOTLINE))
    rows = [list(r) for r in ROWS]
    rows[3] = ["GD002", "2025年9月28日 9时30分", "路灯不亮", "", "", "", "", "已回访",
               "2025-09-28 11:00", "2025-09-29 15:00", "非常满意"]  # fmt: skip
    later = "\n".join(",".join(r) for r in rows) + "\n"
    later += "GD006,2025-10-10 10:00,治安,夜间有人喧哗,张家庄村西2排5号,,,已派单,,,\n"
    report = import_issues(project, _csv(tmp_path, later, "later.csv"))
    assert (report.added, report.updated) == (1, 4)
    issues = _issues(project)
    assert len(issues) == 5 and issues.index.is_unique
    two = issues.loc["GD002"]
    assert two["status"] == "reviewed" and two["satisfaction"] == 5.0
    assert two["resolved_at"] == pd.Timestamp("2025-09-29 15:00")
    assert two["household_id"] == "H5" and two["grid_code"] == G[3]  # kept from before
    assert two["address"] == "李家屯村北1排2号"
    assert issues.loc["GD006", "category"] == "社会治安"


def test_open311_english_headers_and_gcj02(project, tmp_path):
    text = (
        "service_request_id,requested_datetime,service_name,description,status,lat,long,"
        "closed_datetime\n"
        "311-1,2025-10-09T08:00:00+08:00,Street light,灯不亮,closed,36.9075,118.7155,"
        "2025-10-09T15:00:00+08:00\n"
        "311-2,2025-10-09T09:00:00+08:00,垃圾清运,臭,open,36.9025,118.7025,\n"
    )
    opts = IssueImportOptions(coords="gcj02", source="hotline")
    report = import_issues(project, _csv(tmp_path, text, "open311.csv"), opts)
    assert report.detected["mapping"]["id"] == "service_request_id"
    assert report.detected["coords"]["datum"] == "gcj02"
    issues = _issues(project)
    assert issues.loc["311-1", "status"] == "resolved"
    assert issues.loc["311-2", "status"] == "reported"
    assert issues.loc["311-1", "reported_at"] == pd.Timestamp("2025-10-09 08:00")
    assert issues.loc["311-2", "category"] == "人居环境"
    lon, lat = TO_WGS84["gcj02"](118.7155, 36.9075)
    pt = issues.loc["311-1"].geometry
    assert pt.x == pytest.approx(float(lon)) and pt.y == pytest.approx(float(lat))
    assert pt.x < 118.7155  # shifted back from the Gaode offset (~500 m here)
    assert report.unmapped_categories == {"Street light": 1}  # no English keywords by default


def test_patrol_workbook_with_title_and_gbk_csv(project, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["临河镇网格巡查记录台账"])
    ws.append(["编号", "巡查时间", "问题类别", "问题描述", "事发地址", "处理状态"])
    ws.append(["XC-01", pd.Timestamp("2025-10-10 09:15").to_pydatetime(), "人居环境", "柴草乱堆",
               "张家庄村西2排5号", "已完成"])  # fmt: skip
    path = tmp_path / "patrol.xlsx"
    wb.save(path)
    report = import_issues(project, path)
    issues = _issues(project)
    assert issues.loc["XC-01", "source"] == "patrol"
    assert issues.loc["XC-01", "grid_code"] == G[1]
    assert issues.loc["XC-01", "status"] == "resolved"
    assert report.located["household_address"] == 1
    gbk = _csv(tmp_path, HOTLINE, "gbk.csv", encoding="gbk")
    report = import_issues(project, gbk)
    assert report.added == 4 and _issues(project).loc["GD001", "category"] == "人居环境"


def test_project_category_mapping_is_used_and_stored(project, tmp_path):
    project.meta.category_mapping["道路交通"].append("Street light")
    project.save(tmp_path / "p.gpkg")
    reopened = Project.open(tmp_path / "p.gpkg")
    assert "Street light" in reopened.meta.category_mapping["道路交通"]
    match = map_categories(
        pd.Series(["Street light", "环境卫生", None, "未知"]),
        pd.Series(["", "", "村卫生室没有药", ""]),
        reopened.meta.categories,
        reopened.meta.category_mapping,
    )
    assert match.categories.tolist() == ["道路交通", "人居环境", "看病就医", "其他"]
    assert match.how.tolist() == ["exact", "keyword", "description", "unmapped"]
    assert match.unmapped == {"未知": 1}


@pytest.mark.parametrize(
    "text, state",
    [
        ("已办结", "resolved"), ("未办结", "handled"), ("办理中", "handled"),
        ("已派单", "dispatched"), ("已回访", "reviewed"), ("待回访", "resolved"),
        ("已受理", "reported"), ("Closed", "resolved"), ("In Progress", "handled"),
        ("open", "reported"), ("转办", "dispatched"),
    ],
)  # fmt: skip
def test_status_texts(text, state):
    states, unknown = map_status(pd.Series([text, "火星文"]))
    assert states.tolist() == [state, None]
    assert unknown == {"火星文": 1}


def test_times_in_many_forms():
    got = parse_times(
        pd.Series(["2025年10月9日 14时30分", "2025/10/09 14:30:05", "45939.5", None, "明天"])
    )
    assert got.iloc[0] == pd.Timestamp("2025-10-09 14:30")
    assert got.iloc[1] == pd.Timestamp("2025-10-09 14:30:05")
    assert got.iloc[2] == pd.Timestamp("2025-10-09 12:00")
    assert got.iloc[3:].isna().all()


@pytest.mark.parametrize(
    "text, match",
    [
        ("工单编号,诉求内容\nA,吵\n", "receipt-time"),
        ("工单编号,受理时间\nA,不是时间\n", "readable receipt time"),
    ],
)
def test_bad_files_are_refused_and_project_untouched(project, tmp_path, text, match):
    with pytest.raises(InputError, match=match):
        import_issues(project, _csv(tmp_path, text, "bad.csv"))
    assert len(project.layer("issues")) == 0


def test_bad_options(project, tmp_path):
    with pytest.raises(InputError, match="source"):
        import_issues(project, _csv(tmp_path, HOTLINE), IssueImportOptions(source="fax"))


def test_cli_import_twice_and_categories_file(tmp_path, capsys):
    gpkg = tmp_path / "t.gpkg"
    make_project(gpkg)
    csv = _csv(tmp_path, HOTLINE)
    cats = tmp_path / "cats.json"
    cats.write_text(json.dumps({"社会治安": ["外星人投诉"]}, ensure_ascii=False), "utf-8")
    assert main(["issues", "import", str(gpkg), str(csv), "--categories", str(cats)]) == 0
    assert "新增 added 4" in capsys.readouterr().out
    assert main(["issues", "import", str(gpkg), str(csv), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["updated"]) == (0, 4)
    project = Project.open(gpkg)
    assert len(project.layer("issues")) == 4
    assert _issues(project).loc["GD003", "category"] == "社会治安"
    bad = tmp_path / "bad.json"
    bad.write_text('{"不存在的类别": ["x"]}', "utf-8")
    assert main(["issues", "import", str(gpkg), str(csv), "--categories", str(bad)]) == 2
    assert "不存在的类别" in capsys.readouterr().err


def test_user_mapping_and_cancel(project, tmp_path):
    from gisgrid.errors import Cancelled

    path = _csv(tmp_path, "流水,发生日,情况\nA-1,2025-10-09,路面坑洼\n", "odd.csv")
    with pytest.raises(InputError, match="receipt-time"):
        import_issues(project, path)
    opts = IssueImportOptions(
        mapping={"id": "流水", "reported_at": "发生日", "description": "情况"}
    )
    report = import_issues(project, path, opts)
    issues = _issues(project)
    assert report.added == 1 and issues.loc["A-1", "category"] == "道路交通"
    assert issues.loc["A-1", "reported_at"] == pd.Timestamp("2025-10-09")
    with pytest.raises(Cancelled):
        import_issues(project, _csv(tmp_path, HOTLINE), cancelled=lambda: True)
    assert len(project.layer("issues")) == 1
    with pytest.raises(InputError, match="not in"):
        import_issues(project, path, IssueImportOptions(mapping={"id": "没有这列"}))
