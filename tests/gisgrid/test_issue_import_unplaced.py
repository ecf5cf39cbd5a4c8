"""Issue records whose coordinates cannot be used are reported truthfully (issue 13.15).

A 12345 export whose coordinates all lay outside China said "1402 row(s) … located by address
instead" while none were, and exited 0 with every record unplaced. Now the report counts the
records by address and those left without a point, the summary line counts the unplaced, and
when (nearly) all of them are unplaced it says so first, with what the numbers look like and
the option that fixes it. The records are still imported: they are real cases.
"""

import json

import numpy as np
import pandas as pd
import pytest
from issue_case import make_project

from gisgrid.cli import main
from gisgrid.issue_import import IssueImportOptions, import_issues
from gisgrid.project import Project

N = 12


def export(tmp_path, lon, lat, address=None, name="hotline.csv"):
    rows = pd.DataFrame(
        {
            "工单编号": [f"GD{i:03d}" for i in range(len(lon))],
            "受理时间": ["2026-03-01 09:00"] * len(lon),
            "诉求内容": ["路灯不亮"] * len(lon),
            "地址": address if address is not None else ["某地"] * len(lon),
            "经度": lon,
            "纬度": lat,
        }
    )
    path = tmp_path / name
    rows.to_csv(path, index=False)
    return path


@pytest.fixture
def project():
    return make_project()


def test_all_outside_china_are_imported_unplaced_and_said_first(tmp_path, project):
    path = export(tmp_path, np.linspace(2.30, 2.40, N), np.linspace(48.80, 48.90, N))
    report = import_issues(project, path)
    assert (report.imported, report.added, report.unplaced) == (N, N, N)
    assert report.located["household_address"] == 0
    assert report.alert.startswith(f"all {N} records are imported without a point on the map")
    assert "longitude/latitude of another region" in report.alert and "--lon/--lat" in report.alert
    warning = next(w for w in report.warnings if "unusable coordinates" in w)
    assert f"{N} row(s) with unusable coordinates" in warning
    assert f"0 of them located by household address, {N} without a point" in warning
    assert "located by address instead" not in " ".join(report.warnings)
    lines = report.summary().splitlines()
    assert lines[0].endswith(f"未定位 unplaced {N}")
    assert lines[1].startswith("  ！！ 未定位 UNPLACED: all")
    assert sum(report.alert in line for line in lines) == 1
    assert project.layer("issues").geometry.isna().sum() == N


def test_web_mercator_numbers_are_recognised(tmp_path, project):
    path = export(tmp_path, np.full(N, 13_214_000.0), np.full(N, 4_440_000.0))
    report = import_issues(project, path)
    assert report.unplaced == N and "Web Mercator" in report.alert
    assert "--crs EPSG:3857" in report.alert
    # and the advice works: importing again with it places and updates the same records
    again = import_issues(project, path, IssueImportOptions(crs="EPSG:3857"))
    assert (again.added, again.updated, again.unplaced, again.alert) == (0, N, 0, "")
    assert project.layer("issues").geometry.notna().all()


def test_counts_by_address_are_true(tmp_path, project):
    """Two bad-coordinate rows match a household address, one does not: say 2 and 1."""
    lon = [118.705, 118.715, 2.35, 2.35, 2.35]
    lat = [36.902, 36.907, 48.85, 48.85, 48.85]
    address = ["", "", "张家庄村东1排3号", "李家屯村北1排2号", "火星某处"]
    report = import_issues(project, export(tmp_path, lon, lat, address))
    warning = next(w for w in report.warnings if "unusable coordinates" in w)
    assert "3 row(s) with unusable coordinates (e.g. row 4:" in warning
    assert "2 of them located by household address, 1 without a point" in warning
    assert report.unplaced == 1 and report.alert == ""  # 4 of 5 are on the map


def test_most_with_coordinates_unplaced_is_alerted(tmp_path, project):
    lon = [118.705] + [2.35] * 4
    lat = [36.902] + [48.85] * 4
    report = import_issues(project, export(tmp_path, lon, lat))
    assert report.unplaced == 4
    assert report.alert.startswith("4 of the 5 records with coordinates have no point on the map")


def test_no_coordinates_and_no_address_match(tmp_path, project):
    path = tmp_path / "patrol.csv"
    pd.DataFrame(
        {"工单编号": ["P1", "P2"], "受理时间": ["2026-03-01"] * 2, "地址": ["火星", "月球"]}
    ).to_csv(path, index=False)
    report = import_issues(project, path)
    assert report.unplaced == 2
    assert "no coordinates in the file and no address matched a household" in report.alert
    assert "import the households (with addresses) first" in report.alert


def test_cli_exits_0_with_the_count_in_the_summary_line(tmp_path, capsys):
    project_file = tmp_path / "town.gpkg"
    make_project(project_file)
    path = export(tmp_path, np.full(N, 2.35), np.full(N, 48.85))
    assert main(["issues", "import", str(project_file), str(path)]) == 0
    out = capsys.readouterr().out
    assert f"跳过 skipped 0, 未定位 unplaced {N}" in out.splitlines()[0]
    assert "None" not in out and "nan" not in out
    assert main(["issues", "import", str(project_file), str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unplaced"] == N and data["alert"] == data["warnings"][0]
    assert len(Project.open(project_file).layer("issues")) == N
