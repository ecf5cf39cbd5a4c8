"""Broken hierarchies built by hand, each problem found exactly once with the right codes."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hierarchy_case import Hier
from shapely.geometry import Polygon, box

from gisgrid.hierarchy import SQM_PER_MU, ValidationParams, code_problem, validate
from gisgrid.project import Project

GK, TOWN, V1, V2 = Hier.GK, Hier.TOWN, Hier.V1, Hier.V2
m, frame, clean_layers, build, no_staffing = (
    Hier.m,
    Hier.frame,
    Hier.clean_layers,
    Hier.build,
    Hier.no_staffing,
)


def test_clean_hierarchy_has_no_problems(tmp_path):
    result = validate(build(tmp_path, clean_layers()), no_staffing())
    assert result.problems == []
    assert result.clean


def test_overlap_between_siblings_found_once_with_area(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[1] = box(450, 0, 1000, 1000)  # eats 50 m × 1000 m of its neighbour
    result = validate(build(tmp_path, layers), no_staffing())
    overlaps = result.of_kind("overlap")
    assert len(overlaps) == 1
    assert sorted(overlaps[0].codes) == sorted([V1 + "01001", V1 + "01002"])
    assert overlaps[0].area_m2 == pytest.approx(50_000, rel=0.01)
    assert result.counts == {"overlap": 1}


def test_gap_found_with_area_and_location(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[0] = box(0, 0, 400, 1000)  # leaves a 100 m × 1000 m gap in large grid 01
    result = validate(build(tmp_path, layers), no_staffing())
    gaps = result.of_kind("gap")
    assert len(gaps) == 1
    assert gaps[0].codes == [V1 + "01"]
    assert gaps[0].area_m2 == pytest.approx(100_000, rel=0.01)
    assert f"{100_000 / SQM_PER_MU:.2f} 亩" in gaps[0].message
    assert 118.0 < gaps[0].x < 119.5 and 36.5 < gaps[0].y < 37.5
    assert result.counts == {"gap": 1}


def test_small_grid_poking_into_next_village(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[1] = box(500, 0, 1100, 1000)  # 100 m into village 2's large grid
    geoms[2] = box(1100, 0, 1500, 1000)
    result = validate(build(tmp_path, layers), no_staffing())
    outside = result.of_kind("outside_parent")
    assert len(outside) == 1
    assert outside[0].codes[:2] == [V1 + "01002", V1 + "01"]
    assert outside[0].area_m2 == pytest.approx(100_000, rel=0.01)
    assert result.counts == {"outside_parent": 1}


def test_child_mostly_in_another_unit_names_the_real_parent(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    rows["parent_code"][2] = V1 + "01"  # wrong parent; the geometry lies in V2's large grid
    rows["code"][2] = V1 + "01003"
    result = validate(build(tmp_path, layers), no_staffing())
    outside = result.of_kind("outside_parent")
    assert len(outside) == 1
    assert outside[0].codes == [V1 + "01003", V1 + "01", V2 + "01"]
    assert outside[0].suggestion == V2 + "01"


def test_bow_tie_is_invalid(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[3] = Polygon([(1500, 0), (2000, 1000), (2000, 0), (1500, 1000)])  # self-intersecting
    result = validate(build(tmp_path, layers), no_staffing())
    invalid = result.of_kind("invalid")
    assert len(invalid) == 1 and invalid[0].codes == [V2 + "01002"]
    assert "Self-intersection" in invalid[0].message


def test_sliver_and_multipart(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[0] = box(0, 0, 499, 1000)
    geoms[1] = box(500, 0, 1000, 1000)
    rows["code"].append(V1 + "01003")
    rows["name"].append("碎片")
    rows["parent_code"].append(V1 + "01")
    geoms.append(box(499, 0, 500, 1000))  # 1 m wide strip filling the seam
    geoms[3] = shapely.MultiPolygon([box(1500, 0, 2000, 400), box(1500, 600, 2000, 1000)])
    result = validate(build(tmp_path, layers), no_staffing())
    slivers = result.of_kind("sliver")
    assert [p.codes for p in slivers] == [[V1 + "01003"]]
    assert slivers[0].area_m2 == pytest.approx(1000, rel=0.01)
    multi = result.of_kind("multipart")
    assert [p.codes for p in multi] == [[V2 + "01002"]]


def test_duplicate_code_bad_code_and_orphan(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    rows["code"][1] = V1 + "01001"  # duplicate of the first
    rows["code"][2] = "X70523103202"  # malformed
    rows["parent_code"][3] = "37052310329901"  # no such large grid
    result = validate(build(tmp_path, layers), no_staffing())
    assert [p.codes for p in result.of_kind("duplicate_code")] == [[V1 + "01001"]]
    assert [p.codes[0] for p in result.of_kind("bad_code")] == ["X70523103202"]
    orphans = result.of_kind("orphan")
    assert len(orphans) == 1 and orphans[0].codes[0] == V2 + "01002"
    assert orphans[0].suggestion == V2 + "01"  # derived from geometry


def test_households_outside_and_mismatched(tmp_path):
    hh = gpd.GeoDataFrame(
        {
            "id": ["H1", "H2", "H3", "H4"],
            "grid_code": [V1 + "01001", V1 + "01001", V1 + "01001", V1 + "01002"],
            "pinned": [False, False, True, False],
        },
        geometry=[
            m(shapely.Point(100, 100)),
            m(shapely.Point(700, 100)),
            m(shapely.Point(700, 200)),
            m(shapely.Point(-50, 100)),
        ],
        crs=GK,
    ).to_crs(4490)
    result = validate(build(tmp_path, clean_layers(), hh), no_staffing())
    assert [p.codes for p in result.of_kind("household_mismatch")] == [
        ["H2", V1 + "01001", V1 + "01002"]
    ]  # H3 is pinned, so its stored grid stands
    assert [p.codes for p in result.of_kind("household_outside")] == [["H4"]]


def test_staffing_rules(tmp_path):
    p = build(tmp_path, clean_layers())
    cadres = gpd.GeoDataFrame(
        {
            "id": ["C1", "C2", "C3"],
            "name": ["王书记", "李组长", "赵组长"],
            "role": ["branch_secretary", "grid_leader", "grid_leader"],
            "party_member": [True, True, False],
        },
        geometry=[m(shapely.Point(10, 10))] * 3,
        crs=GK,
    ).to_crs(4490)
    p.set_layer("cadres", cadres)
    p.set_layer(
        "assignments",
        pd.DataFrame(
            {
                "cadre_id": ["C1", "C2", "C2", "C3"],
                "role": ["branch_secretary", "grid_leader", "grid_leader", "grid_leader"],
                "level": ["large", "small", "small", "small"],
                "grid_code": [V1 + "01", V1 + "01001", V1 + "01002", V2 + "01001"],
            }
        ),
    )
    result = validate(p)
    staffing = {tuple(x.codes) for x in result.of_kind("staffing")}
    assert staffing == {(V2 + "01",), (V2 + "01001", "C3"), (V2 + "01002",)}


def test_small_misalignment_within_tolerance_is_ignored(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[1] = box(500.3, 0, 1000.2, 1000)  # 0.3 m seam and 0.2 m over the village edge
    geoms[2] = box(1000, 0, 1500, 1000)
    result = validate(build(tmp_path, layers), no_staffing())
    assert result.counts.get("gap", 0) == 0 and result.counts.get("outside_parent", 0) == 0
    strict = validate(
        build(tmp_path / "s", layers),
        ValidationParams(tolerance_m=0, min_area_m2=0.01, check_staffing=False),
    )
    assert strict.counts["gap"] == 1 and strict.counts["outside_parent"] == 1


@pytest.mark.parametrize(
    ("level", "code", "parent", "ok"),
    [
        ("village", "370523103201", TOWN, True),
        ("village", "370523104201", TOWN, False),
        ("large", V1 + "01", V1, True),
        ("large", V1 + "1", V1, False),
        ("small", V1 + "01001", V1 + "01", True),
        ("small", V2 + "01001", V1 + "01", False),
        ("town", "370523103001", None, False),
    ],
)
def test_code_rules(level, code, parent, ok):
    assert (code_problem(level, code, parent) is None) == ok


def test_cli_json_and_exit_codes(tmp_path, capsys):
    from gisgrid.cli import main

    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[0] = box(0, 0, 400, 1000)
    p = build(tmp_path, layers)
    p.save()
    assert main(["validate", str(p.path), "--json", "--no-staffing"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"gap": 1}
    assert set(data["problems"][0]) == {"kind", "level", "codes", "area_m2", "x", "y", "message"}
    stored = Project.open(p.path).layer("problems")
    assert list(stored["kind"]) == ["gap"]
    assert np.isclose(stored.to_crs(GK).area.iloc[0], 100_000, rtol=0.01)
    clean = build(tmp_path / "c", clean_layers())
    clean.save()
    assert main(["validate", str(clean.path), "--no-staffing"]) == 0
