"""Repairs: each broken hierarchy repaired, re-validated clean, and undone exactly."""

import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hierarchy_case import Hier
from shapely.geometry import Polygon, box

from gisgrid.errors import InputError
from gisgrid.hierarchy import ValidationParams, validate
from gisgrid.repair import fix_for, plan_fix, plan_repair

GK, V1, V2 = Hier.GK, Hier.V1, Hier.V2
build, clean_layers, no_staffing = Hier.build, Hier.clean_layers, Hier.no_staffing


def repair_and_check(project, kind, **kwargs):
    original = {n: project.layer(n).copy() for n in project.layer_names}
    command = plan_repair(project, kind, no_staffing(), **kwargs)
    command.do(project)
    after = validate(project, no_staffing())
    command.undo(project)
    for name, frame in original.items():
        if hasattr(frame, "geometry"):
            assert_geodataframe_equal(project.layer(name), frame, check_less_precise=False)
        else:
            pd.testing.assert_frame_equal(project.layer(name), frame)
    command.do(project)  # redo gives the same result
    assert validate(project, no_staffing()).counts == after.counts
    return command, after


def test_make_valid_bow_tie(tmp_path):
    layers = clean_layers()
    geoms = layers["grids_small"][1]
    geoms[3] = Polygon([(1500, 0), (2000, 1000), (2000, 0), (1500, 1000)])
    project = build(tmp_path, layers)
    command, after = repair_and_check(project, "invalid")
    assert command.changed == 1
    assert after.counts.get("invalid", 0) == 0
    assert shapely.is_valid(project.layer("grids_small").geometry.iloc[3])


def test_fill_gap_goes_to_longest_border(tmp_path):
    layers = clean_layers()
    geoms = layers["grids_small"][1]
    geoms[0] = box(0, 0, 400, 1000)  # gap 400–500 borders grid 1 (1000 m) and grid 2 (1000 m)
    geoms[1] = box(500, 0, 1000, 600)  # ...and now shares only 600 m with grid 2
    geoms.append(box(500, 600, 1000, 1000))
    rows = layers["grids_small"][0]
    rows["code"].append(V1 + "01003")
    rows["name"].append("5")
    rows["parent_code"].append(V1 + "01")
    project = build(tmp_path, layers)
    assert validate(project, no_staffing()).counts == {"gap": 1}
    command, after = repair_and_check(project, "gap")
    assert after.clean
    grid = project.to_metric("grids_small").set_index("code").loc[V1 + "01001"]
    assert grid.geometry.area == pytest.approx(500_000, rel=1e-4)


def test_resolve_overlap_and_choose_side(tmp_path):
    layers = clean_layers()
    geoms = layers["grids_small"][1]
    geoms[1] = box(450, 0, 1000, 1000)
    project = build(tmp_path, layers)
    command, after = repair_and_check(project, "overlap")
    assert after.counts.get("overlap", 0) == 0
    areas = project.to_metric("grids_small").set_index("code").area
    # no households to go by: split along the line halfway between the two grids (x = 475)
    assert areas[V1 + "01001"] == pytest.approx(475_000, rel=1e-3)
    assert areas[V1 + "01002"] == pytest.approx(525_000, rel=1e-3)
    assert "中线" in " ".join(command.notes)
    command.undo(project)
    chosen = plan_repair(
        project, "overlap", no_staffing(), keep={(V1 + "01001", V1 + "01002"): V1 + "01002"}
    )
    chosen.do(project)
    areas = project.to_metric("grids_small").set_index("code").area
    assert areas[V1 + "01001"] == pytest.approx(450_000, rel=1e-6)


def test_merge_sliver(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[0] = box(0, 0, 499, 1000)
    rows["code"].append(V1 + "01003")
    rows["name"].append("碎片")
    rows["parent_code"].append(V1 + "01")
    geoms.append(box(499, 0, 500, 1000))
    project = build(tmp_path, layers)
    command, after = repair_and_check(project, "sliver")
    assert after.clean
    assert V1 + "01003" not in set(project.layer("grids_small")["code"])
    assert len(project.layer("grids_small")) == 4


def test_snap_to_parent_boundary(tmp_path):
    layers = clean_layers()
    geoms = layers["grids_small"][1]
    geoms[1] = box(500, 0, 1001.5, 1000)  # 1.5 m over the village edge
    geoms[2] = box(1001.5, 0, 1500, 1000)  # and a 1.5 m seam in the next village
    project = build(tmp_path, layers)
    # the overhang covers the seam, so it is one problem: grid 2 pokes out of its village
    assert validate(project, no_staffing()).counts == {"outside_parent": 1}
    command = plan_repair(project, "snap", ValidationParams(tolerance_m=2, check_staffing=False))
    before = project.to_metric("grids_small").geometry
    command.do(project)
    moved = before.hausdorff_distance(project.to_metric("grids_small").geometry, align=False)
    assert moved.iloc[1] == pytest.approx(1.5, abs=0.05) and moved.iloc[2] == pytest.approx(
        1.5, abs=0.05
    )
    assert moved.iloc[[0, 3]].max() < 0.1  # others only lose float noise along the edges
    assert validate(project, no_staffing()).clean
    command.undo(project)
    assert validate(project, no_staffing()).counts == {"outside_parent": 1}


def test_derive_parent_codes(tmp_path):
    layers = clean_layers()
    rows = layers["grids_small"][0]
    rows["parent_code"][3] = "37052310329901"
    project = build(tmp_path, layers)
    command, after = repair_and_check(project, "orphan")
    assert project.layer("grids_small")["parent_code"].iloc[3] == V2 + "01"
    assert after.counts.get("orphan", 0) == 0


def test_renumber_west_to_east_cascades(tmp_path):
    layers = clean_layers()
    rows = layers["grids_small"][0]
    rows["code"] = [V1 + "01009", V1 + "01003", V2 + "01002", V2 + "01001"]
    import geopandas as gpd

    hh = gpd.GeoDataFrame(
        {"id": ["H1"], "grid_code": [V1 + "01003"]},
        geometry=[shapely.Point(384_700, 4_097_100)],
        crs=GK,
    ).to_crs(4490)
    project = build(tmp_path, layers, hh)
    command, _ = repair_and_check(project, "renumber")
    assert list(project.layer("grids_small")["code"]) == [
        V1 + "01001",
        V1 + "01002",
        V2 + "01001",
        V2 + "01002",
    ]
    assert project.layer("households")["grid_code"].iloc[0] == V1 + "01002"


def test_unknown_repair_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="unknown repair"):
        plan_repair(build(tmp_path, clean_layers()), "paint")


def test_fix_only_the_chosen_problem(tmp_path):
    layers = clean_layers()
    geoms = layers["grids_small"][1]
    geoms[0] = box(0, 0, 400, 1000)  # gap in large grid 01
    geoms[3] = box(1500, 0, 2000, 900)  # gap in large grid 02
    project = build(tmp_path, layers)
    result = validate(project, no_staffing())
    gaps = result.of_kind("gap")
    assert len(gaps) == 2
    command = plan_fix(project, [gaps[1]], no_staffing(), result)
    command.do(project)
    left = validate(project, no_staffing()).of_kind("gap")
    assert [p.codes for p in left] == [gaps[0].codes]


def test_fix_routes_each_kind(tmp_path):
    layers = clean_layers()
    rows = layers["grids_small"][0]
    rows["parent_code"][3] = "37052310329901"
    rows["code"][1] = V1 + "01001"
    project = build(tmp_path, layers)
    result = validate(project, no_staffing())
    orphan = result.of_kind("orphan")[0]
    assert fix_for(orphan) == "parents"
    duplicate = result.of_kind("duplicate_code")[0]
    assert fix_for(duplicate) == "renumber"
    plan_fix(project, [duplicate], no_staffing(), result).do(project)
    assert project.layer("grids_small")["code"].is_unique
    with pytest.raises(InputError, match="different repairs"):
        plan_fix(project, [orphan, duplicate], no_staffing(), result)


def test_staffing_has_no_automatic_fix(tmp_path):
    project = build(tmp_path, clean_layers())
    staffing = validate(project).of_kind("staffing")
    assert staffing and fix_for(staffing[0]) is None
    with pytest.raises(InputError, match="no automatic repair for: staffing"):
        plan_fix(project, staffing[:1])
