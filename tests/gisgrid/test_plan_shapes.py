"""Planning on the project shapes offices start from (issue 13): a hierarchy built from
nothing, parents without households, staff kept consistent, a level added with its grids."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pandas.testing import assert_frame_equal

from gisgrid.cli import main
from gisgrid.hierarchy import ValidationParams, locate_points, validate
from gisgrid.plan import PlanParams, plan_partition
from gisgrid.project import Project

LON0, LAT0 = 118.70, 37.00
DEG = 1 / 111_000
TOWN = "371521103000"
V1, V2 = "371521103001", "371521103002"


def lonlat(geom):
    return shapely.transform(geom, lambda xy: np.column_stack([LON0, LAT0]) + xy * DEG)


def polygons(frame_rows: dict, geoms: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame_rows, geometry=[lonlat(g) for g in geoms], crs=4490)


def town_from_nothing(households: dict[str, int], seed: int = 0) -> Project:
    """A town of two 1 × 1.5 km villages side by side, households scattered: no grids."""
    project = Project.create(None, "临河镇", code=TOWN)
    boxes = {V1: shapely.box(0, 0, 1000, 1500), V2: shapely.box(1000, 0, 2000, 1500)}
    project.set_layer(
        "town", polygons({"code": [TOWN], "name": ["临河镇"]}, [shapely.box(0, 0, 2000, 1500)])
    )
    project.set_layer(
        "villages",
        polygons(
            {"code": [V1, V2], "name": ["张家庄村", "李家庄村"], "parent_code": [TOWN, TOWN]},
            list(boxes.values()),
        ),
    )
    rng = np.random.default_rng(seed)
    pts, ids, village = [], [], []
    for code, n in households.items():
        x0, y0, x1, y1 = boxes[code].bounds
        xy = np.column_stack([rng.uniform(x0 + 5, x1 - 5, n), rng.uniform(y0 + 5, y1 - 5, n)])
        pts += [lonlat(shapely.Point(p)) for p in xy]
        ids += [f"{code[-3:]}H{i:04d}" for i in range(n)]
        village += [code] * n
    project.set_layer(
        "households",
        gpd.GeoDataFrame({"id": ids, "village_code": village}, geometry=pts, crs=4490),
    )
    return project


def check_covers(parent: shapely.Geometry, grids: gpd.GeoDataFrame) -> None:
    union = shapely.union_all(grids.geometry.to_numpy())
    assert shapely.area(shapely.symmetric_difference(union, parent)) < 1e-6 * parent.area
    assert all(isinstance(g, shapely.Polygon) and g.is_valid for g in grids.geometry)


# -- 13.1: a hierarchy from nothing ---------------------------------------------------------
def test_village_without_large_grids_is_planned_as_a_whole():
    project = town_from_nothing({V1: 120, V2: 80})
    result = plan_partition(project, PlanParams(parent=V1, level="large", count=4))
    village = project.layer("villages").geometry.iloc[0]
    assert len(result.grids) == 4
    check_covers(village, result.grids)
    assert sorted(result.grids["code"]) == [f"{V1}{i:02d}" for i in range(1, 5)]
    assert result.grids["households"].sum() == 120 and result.within_tolerance
    result.command().do(project)
    hh = project.layer("households")
    mine = hh[hh["village_code"] == V1].geometry.to_numpy()
    large = project.layer("grids_large").geometry.to_numpy()
    inside = [shapely.contains_xy(g, shapely.get_x(mine), shapely.get_y(mine)) for g in large]
    assert (np.sum(inside, axis=0) == 1).all()  # each household in exactly one large grid


@pytest.mark.parametrize(
    "params",
    [
        PlanParams(parent=TOWN, level="large", target=40),
        PlanParams(parent="all", level="large", count=5),
        PlanParams(parent=V2, level="large", target=40),
    ],
    ids=["town-target", "all-count", "village-target"],
)
def test_town_or_all_from_nothing(params):
    project = town_from_nothing({V1: 120, V2: 80})
    result = plan_partition(project, params)
    assert result.grids["households"].sum() == (80 if params.parent == V2 else 200)
    assert result.contiguous and result.within_tolerance, result.messages


def test_large_then_small_then_micro_from_nothing(tmp_path):
    path = tmp_path / "town.gpkg"
    town_from_nothing({V1: 120, V2: 80}).save(path)
    steps = [
        ["--all", "--level", "large", "--count", "4"],
        ["--all", "--level", "small", "--target", "20"],
        ["--all", "--level", "micro", "--target", "10"],
    ]
    for step in steps:
        assert main(["plan", str(path), *step, "--apply"]) == 0
    project = Project.open(path)
    assert project.meta.levels == ["town", "village", "large", "small", "micro"]
    assert len(project.layer("grids_large")) == 4
    hh = project.layer("households")
    assert hh["grid_code"].notna().all() and hh["micro_code"].notna().all()
    assert (hh["micro_code"].str.slice(0, 17) == hh["grid_code"]).all()
    problems = validate(project, ValidationParams(check_staffing=False))
    assert problems.clean, problems.counts


def test_small_without_large_grids_says_to_plan_them(tmp_path, capsys):
    path = tmp_path / "town.gpkg"
    town_from_nothing({V1: 30}).save(path)
    assert main(["plan", str(path), "--all", "--level", "small", "--count", "3"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--level large" in err


# -- 13.2: no households: by area -----------------------------------------------------------
def test_parent_without_households_is_planned_by_area():
    project = town_from_nothing({})
    result = plan_partition(project, PlanParams(parent=V1, level="large", count=4))
    village = project.layer("villages").geometry.iloc[0]
    check_covers(village, result.grids)
    assert len(result.grids) == 4 and result.contiguous
    metric = result.grids.to_crs(32650).area.to_numpy()
    assert metric.max() / metric.min() < 1.3  # ±15 % around the mean
    assert result.max_deviation <= 0.15
    assert result.polsby_popper_min > 0.4
    assert any("没有住户数据" in m and "按面积" in m for m in result.messages)
    assert result.parents[0].by_area


def test_households_in_only_some_parents():
    project = town_from_nothing({V1: 90})
    result = plan_partition(project, PlanParams(parent="all", level="large", count=5))
    by_parent = result.grids.groupby("parent_code").size()
    assert by_parent[V1] == 4 and by_parent[V2] == 1  # the count shared out by households
    notes = [m for m in result.messages if "没有住户数据" in m]
    assert len(notes) == 1 and notes[0].startswith(V2)
    assert [p.by_area for p in result.parents] == [False, True]


def test_whole_town_without_households_shares_count_by_area():
    project = town_from_nothing({})
    villages = project.layer("villages").copy()
    villages.loc[1, "geometry"] = lonlat(shapely.box(1000, 0, 3000, 1500))  # twice as large
    project.set_layer("villages", villages)
    result = plan_partition(project, PlanParams(parent="all", level="large", count=6))
    assert result.grids.groupby("parent_code").size().to_dict() == {V1: 2, V2: 4}


def test_cli_no_households_prints_the_note(tmp_path, capsys):
    path = tmp_path / "town.gpkg"
    town_from_nothing({}).save(path)
    assert main(["plan", str(path), "--parent", V1, "--level", "large", "--count", "3"]) == 0
    out = capsys.readouterr().out
    assert "没有住户数据，按面积均分" in out and "None" not in out and "nan" not in out


# -- 13.7: assignments follow the plan -----------------------------------------------------
def staffed(n_small: int = 4) -> Project:
    """One village, one large grid of ``n_small`` strips, a leader for each, households."""
    project = town_from_nothing({V1: 120})
    large = f"{V1}01"
    village = shapely.box(0, 0, 1000, 1500)
    project.set_layer(
        "grids_large", polygons({"code": [large], "name": ["一区"], "parent_code": [V1]}, [village])
    )
    width = 1000 / n_small
    codes = [f"{large}{i + 1:03d}" for i in range(n_small)]
    project.set_layer(
        "grids_small",
        polygons(
            {"code": codes, "name": [f"{i + 1}号" for i in range(n_small)], "parent_code": large},
            [shapely.box(i * width, 0, (i + 1) * width, 1500) for i in range(n_small)],
        ),
    )
    hh = project.layer("households").copy()
    where = locate_points(hh.geometry.to_numpy(), project.layer("grids_small").geometry.to_numpy())
    hh["grid_code"] = np.array(codes, dtype=object)[where]
    project.set_layer("households", hh)
    ids = [f"C{i:03d}" for i in range(n_small + 1)]
    project.set_layer(
        "cadres",
        gpd.GeoDataFrame(
            {"id": ids, "name": [f"干部{i}" for i in range(n_small + 1)], "party_member": True},
            geometry=[lonlat(shapely.Point(500, 700))] * len(ids),
            crs=4490,
        ),
    )
    rows = [(ids[i], "grid_leader", "small", c) for i, c in enumerate(codes)]
    rows.append((ids[-1], "branch_secretary", "large", large))
    project.set_layer(
        "assignments", pd.DataFrame(rows, columns=["cadre_id", "role", "level", "grid_code"])
    )
    return project


def test_apply_drops_assignments_to_removed_grids_and_undo_restores():
    project = staffed(4)
    before = project.layer("assignments").copy()
    result = plan_partition(project, PlanParams(parent=f"{V1}01", level="small", count=2))
    command = result.command()
    assert "assignments" in command.layers
    command.do(project)
    after = project.layer("assignments")
    small = set(project.layer("grids_small")["code"])
    leaders = after[after["role"] == "grid_leader"]
    assert set(leaders["grid_code"]) <= small  # nothing dangling
    assert len(leaders) == 2 and leaders["grid_code"].is_unique
    assert (after["role"] == "branch_secretary").sum() == 1  # other levels untouched
    lost = [m for m in result.messages if "失去网格" in m]
    assert len(lost) == 1 and lost[0].count("网格长") == 2
    assert set(project.layer("households")["grid_code"]) <= small
    command.undo(project)
    assert_frame_equal(project.layer("assignments"), before)


def test_issues_of_removed_grids_move_to_the_new_grid_where_they_lie():
    project = staffed(4)  # strips 250 m wide, re-planned into two grids: two codes go
    points = [shapely.Point(x, 700) for x in (100, 350, 650, 900)] + [shapely.Point(400, 300)]
    codes = [f"{V1}01{i:03d}" for i in range(1, 5)] + [None]
    project.set_layer(
        "issues",
        gpd.GeoDataFrame(
            {"id": [f"I{i}" for i in range(5)], "grid_code": codes},
            geometry=[lonlat(p) for p in points],
            crs=4490,
        ),
    )
    before = project.layer("issues").copy()
    result = plan_partition(project, PlanParams(parent=f"{V1}01", level="small", count=2))
    command = result.command()
    command.do(project)
    small = project.layer("grids_small")
    issues = project.layer("issues")
    assert set(issues["grid_code"].iloc[:4]) <= set(small["code"])  # nothing dangling
    where = locate_points(issues.geometry.to_numpy(), small.geometry.to_numpy())
    changed = (issues["grid_code"] != before["grid_code"]).to_numpy()[:4]
    assert changed.sum() == 2
    assert (
        issues["grid_code"].iloc[:4][changed] == small["code"].to_numpy()[where[:4][changed]]
    ).all()
    assert pd.isna(issues["grid_code"].iloc[4])  # an issue without a grid stays without
    command.undo(project)
    assert_frame_equal(project.layer("issues"), before)


def test_new_grids_that_replace_staffed_ones_need_a_leader():
    project = staffed(2)
    result = plan_partition(project, PlanParams(parent=f"{V1}01", level="small", count=4))
    need = [m for m in result.messages if m.startswith("需指定网格长")]
    assert len(need) == 1
    new_codes = set(result.grids["code"]) - set(project.layer("grids_small")["code"])
    assert len(new_codes) == 2 and all(c in need[0] for c in new_codes)


def test_cli_plan_then_validate_has_no_dangling_or_double_leaders(tmp_path, capsys):
    path = tmp_path / "town.gpkg"
    staffed(4).save(path)
    assert main(["plan", str(path), "--all", "--level", "small", "--count", "3", "--apply"]) == 0
    project = Project.open(path)
    leaders = project.layer("assignments").query("role == 'grid_leader'")
    assert set(leaders["grid_code"]) <= set(project.layer("grids_small")["code"])
    assert leaders["grid_code"].is_unique


# -- 13.8: a level added with its grids ----------------------------------------------------
def test_micro_on_a_four_level_project_adds_the_level_and_undo_removes_it():
    project = staffed(2)
    assert "micro" not in project.meta.levels
    result = plan_partition(project, PlanParams(parent="all", level="micro", count=4))
    assert result.adds_level
    assert any("项目增加了微网格层级" in m for m in result.messages)
    command = result.command()
    project._meta_dirty = False
    command.do(project)
    assert project.meta.levels == ["town", "village", "large", "small", "micro"]
    assert project.modified and "grids_micro" in project.level_layers
    command.undo(project)
    assert project.meta.levels == ["town", "village", "large", "small"]
    assert len(project.layer("grids_micro")) == 0


def test_large_on_a_project_without_the_large_level(tmp_path):
    project = town_from_nothing({V1: 60})
    project.meta.levels = ["town", "village", "small"]
    path = tmp_path / "p.gpkg"
    project.save(path)
    argv = ["plan", str(path), "--parent", V1, "--level", "large", "--count", "2", "--apply"]
    assert main(argv) == 0
    reopened = Project.open(path)
    assert reopened.meta.levels == ["town", "village", "large", "small"]
    assert reopened.info()["levels"]["grids_large"] == 2


# -- 13.5: more shapes ------------------------------------------------------------------------
def test_town_code_in_a_county_plans_only_its_villages(tmp_path):
    from project_shapes import build_shape

    project = build_shape("county", tmp_path / "county.gpkg")
    town = str(project.layer("town")["code"].iloc[1])
    result = plan_partition(project, PlanParams(parent=town, level="large", count=6))
    parents = set(result.grids["parent_code"])
    villages = project.layer("villages")
    assert parents == set(villages.loc[villages["parent_code"] == town, "code"])
    everywhere = plan_partition(project, PlanParams(parent="all", level="large", count=24))
    assert set(everywhere.grids["parent_code"]) == set(villages["code"])


def test_ten_digit_village_codes_get_two_digit_children(tmp_path):
    from project_shapes import build_shape

    project = build_shape("ten_digit_codes", tmp_path / "p.gpkg")
    village = str(project.layer("villages")["code"].iloc[0])
    result = plan_partition(project, PlanParams(parent=village, level="large", count=3))
    assert all(c.startswith(village) and len(c) == len(village) + 2 for c in result.grids["code"])


def test_invalid_parent_polygon_is_planned_on_its_repaired_shape():
    project = town_from_nothing({V1: 60})
    villages = project.layer("villages").copy()
    bowtie = shapely.Polygon([(0, 0), (1000, 1500), (1000, 0), (0, 1500), (0, 0)])
    villages.loc[0, "geometry"] = lonlat(bowtie)
    project.set_layer("villages", villages)
    result = plan_partition(project, PlanParams(parent=V1, level="large", count=2))
    assert any(m.startswith(V1) and "边界无效" in m for m in result.messages)
    repaired = shapely.make_valid(villages.geometry.iloc[0])
    union = shapely.union_all(result.grids.geometry.to_numpy())
    assert shapely.area(shapely.symmetric_difference(union, repaired)) < 1e-6 * repaired.area
    assert project.layer("villages").geometry.iloc[0].equals(villages.geometry.iloc[0])


def test_added_large_level_says_the_small_grids_need_new_parents():
    project = staffed(4)
    project.set_layer("grids_large", project.layer("grids_large").iloc[:0])
    small = project.layer("grids_small").copy()
    small["parent_code"] = V1
    project.set_layer("grids_small", small)
    project.meta.levels = ["town", "village", "small"]
    result = plan_partition(project, PlanParams(parent=V1, level="large", count=2))
    assert any("项目增加了大网格层级" in m for m in result.messages)
    assert any(
        m.startswith("4 个小网格的上级编码") and "repair --fix orphan" in m for m in result.messages
    )
