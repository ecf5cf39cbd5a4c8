import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely
from hierarchy_case import Hier
from shapely.geometry import box

from gisgrid.cli import main
from gisgrid.hierarchy import SQM_PER_MU, validate
from gisgrid.project import Project
from gisgrid.stats import unit_statistics

V1, V2 = Hier.V1, Hier.V2


@pytest.fixture
def project(tmp_path):
    p = Hier.build(tmp_path, Hier.clean_layers())
    hh = gpd.GeoDataFrame(
        {
            "id": ["H1", "H2", "H3"],
            "size": [3, 4, 2],
            "grid_code": [V1 + "01001", V1 + "01001", V2 + "01002"],
        },
        geometry=[Hier.m(shapely.Point(100, 100))] * 2 + [Hier.m(shapely.Point(1700, 100))],
        crs=Hier.GK,
    ).to_crs(4490)
    p.set_layer("households", hh)
    issues = gpd.GeoDataFrame(
        {"id": ["T1"], "grid_code": [V1 + "01002"]},
        geometry=[Hier.m(shapely.Point(700, 100))],
        crs=Hier.GK,
    ).to_crs(4490)
    p.set_layer("issues", issues)
    p.set_layer(
        "assignments",
        pd.DataFrame(
            {
                "cadre_id": ["C1", "C2", "C2"],
                "role": ["village_liaison", "grid_leader", "grid_leader"],
                "level": ["village", "small", "small"],
                "grid_code": [V1, V1 + "01001", V2 + "01001"],
            }
        ),
    )
    p.save()
    return p


def test_figures_roll_up_the_tree(project):
    stats = unit_statistics(project)
    town = stats["town"].iloc[0]
    assert (town.households, town.population, town.issues, town.cadres) == (3, 9, 1, 2)
    assert town.area_m2 == pytest.approx(2_000_000, rel=1e-3)
    assert town.area_mu == pytest.approx(2_000_000 / SQM_PER_MU, rel=1e-3)
    village = stats["village"].set_index("code")
    assert village.loc[V1, "households"] == 2 and village.loc[V2, "households"] == 1
    assert village.loc[V1, "cadres"] == 2 and village.loc[V2, "cadres"] == 1
    small = stats["small"].set_index("code")
    assert small.loc[V1 + "01001", "population"] == 7
    assert small.loc[V1 + "01002", "issues"] == 1


def test_stats_cli_writes_excel(project, tmp_path, capsys):
    out = tmp_path / "stats.xlsx"
    assert main(["stats", str(project.path), "--xlsx", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["镇", "村、社区", "大网格", "小网格"]
    sheet = book["小网格"]
    assert [c.value for c in sheet[1]][:4] == ["编码", "名称", "上级编码", "面积(m²)"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet.max_row == 5


def test_repair_cli_fixes_and_reports(tmp_path, capsys):
    layers = Hier.clean_layers()
    layers["grids_small"][1][0] = box(0, 0, 400, 1000)
    p = Hier.build(tmp_path, layers)
    p.save()
    code = main(["repair", str(p.path), "--fix", "gap", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["repairs"][0]["changed"] == 1
    assert "gap" not in out["counts"]
    assert validate(Project.open(p.path), Hier.no_staffing()).clean


def test_repair_cli_unknown_kind_is_clear(tmp_path, capsys):
    p = Hier.build(tmp_path, Hier.clean_layers())
    p.save()
    assert main(["repair", str(p.path), "--fix", "paint"]) == 2
    assert "unknown repair 'paint'" in capsys.readouterr().err
