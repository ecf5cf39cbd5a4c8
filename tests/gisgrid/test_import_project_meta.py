"""What an import settles in the project besides the layer (issue 13.5b and 13.8b).

* ``import town``: one town feature without a code takes the project's code (``gisgrid new
  --code``); a project without a code takes the town's 12-digit code. Villages imported without
  a parent code belong to the project's one town.
* Importing into a level the project's levels lack (grids_micro in a 4-level project) adds the
  level, so info, stats and validate see what was written.
"""

import json

import geopandas as gpd
import pytest
import shapely
from project_shapes import build_shape

from gisgrid.cli import main
from gisgrid.io.importer import import_file
from gisgrid.project import Project

TOWN = "371521103000"
OUTLINE = shapely.box(118.69, 36.99, 118.75, 37.02)


def _write(path, columns: dict, geoms: list) -> str:
    gpd.GeoDataFrame(columns, geometry=geoms, crs=4490).to_file(path)
    return str(path)


def _villages(path, parents=None) -> str:
    boxes = [shapely.box(118.70 + 0.01 * i, 37.0, 118.71 + 0.01 * i, 37.01) for i in range(2)]
    columns = {"名称": ["甲村", "乙村"], "编码": ["371521103201", "371521103202"]}
    if parents is not None:
        columns["上级编码"] = parents
    return _write(path, columns, boxes)


def test_town_without_code_takes_the_projects(tmp_path, capsys):
    project_file = tmp_path / "p.gpkg"
    Project.create(project_file, "临河镇", TOWN)
    town = _write(tmp_path / "镇界.geojson", {"名称": ["临河镇"]}, [OUTLINE])
    assert main(["import", str(project_file), "town", town]) == 0
    out = capsys.readouterr().out
    assert f"说明 note: the town has no code; gave it the project's code {TOWN}" in out
    assert "no code column" not in out  # the code did not stay empty after all
    assert Project.open(project_file).layer("town")["code"].tolist() == [TOWN]
    # villages without a parent code now belong to it, and validate says nothing about it
    assert main(["import", str(project_file), "villages", _villages(tmp_path / "v.geojson")]) == 0
    assert "2 village(s) without a parent code belong to town" in capsys.readouterr().out
    assert Project.open(project_file).layer("villages")["parent_code"].tolist() == [TOWN] * 2
    main(["validate", str(project_file), "--no-save"])
    text = capsys.readouterr().out
    assert "nan" not in text and "上级编码" not in text


def test_project_without_code_takes_the_towns(tmp_path):
    project = Project.create(None, "临河镇")
    town = _write(tmp_path / "t.geojson", {"XZQMC": ["临河镇"], "XZQDM": [TOWN]}, [OUTLINE])
    report = import_file(project, "town", town)
    assert project.meta.code == TOWN and project.modified
    assert report.notes == [f"the project had no code; took the town's code {TOWN}"]


def test_different_codes_are_kept_and_said(tmp_path):
    project = Project.create(None, "临河镇", TOWN)
    other = "371521104000"
    town = _write(tmp_path / "t.geojson", {"编码": [other]}, [OUTLINE])
    report = import_file(project, "town", town)
    assert project.layer("town")["code"].tolist() == [other] and project.meta.code == TOWN
    assert any(w.startswith(f"the town's code {other} differs") for w in report.warnings)


def test_stated_parents_are_kept_and_several_towns_leave_them_empty(tmp_path):
    project = build_shape("county", tmp_path / "county.gpkg")
    before = len(project.layer("villages"))
    report = import_file(project, "villages", _villages(tmp_path / "v.geojson"))
    added = project.layer("villages").iloc[before:]
    assert added["parent_code"].isna().all() and report.notes == []
    project = Project.create(None, "临河镇", TOWN)
    import_file(project, "villages", _villages(tmp_path / "w.geojson", ["371521103000", None]))
    assert project.layer("villages")["parent_code"].tolist() == [TOWN, TOWN]


def test_importing_a_level_the_project_lacks_adds_it(tmp_path, capsys):
    project_file = tmp_path / "p.gpkg"
    build_shape("complete", project_file)
    assert Project.open(project_file).meta.levels == ["town", "village", "large", "small"]
    small = Project.open(project_file).layer("grids_small")
    code = small["code"].iloc[0]
    micro = _write(
        tmp_path / "micro.geojson",
        {"网格编码": [code + "01"], "名称": ["一号微网格"], "上级编码": [code]},
        [shapely.Polygon(small.geometry.iloc[0].exterior).buffer(-1e-4)],
    )
    assert main(["import", str(project_file), "grids_micro", micro, "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert notes == [
        "the project had no micro level; added it (levels now town, village, large, small, micro)"
    ]
    project = Project.open(project_file)
    assert project.meta.levels[-1] == "micro"
    assert main(["info", str(project_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["levels"]["grids_micro"] == 1


@pytest.mark.parametrize(
    ("levels", "layer", "expected"),
    [
        (["village", "large", "small"], "town", ["town", "village", "large", "small"]),
        (["town", "village", "small"], "grids_large", ["town", "village", "large", "small"]),
    ],
)
def test_added_level_keeps_the_order(tmp_path, levels, layer, expected):
    project = Project.create(None, "临河镇", TOWN, levels=levels)
    import_file(project, layer, _write(tmp_path / "x.geojson", {"编码": ["1"]}, [OUTLINE]))
    assert project.meta.levels == expected
