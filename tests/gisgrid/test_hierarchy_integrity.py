"""Issue 13: repairs never destroy a grid, staffing stays sound, messages never say "nan".

Each defect is pinned on a small hand-made hierarchy (``hierarchy_case``) or on a project
shape of the kind offices have (``project_shapes``).
"""

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hierarchy_case import Hier
from project_shapes import build_shape
from shapely.geometry import box

from gisgrid.hierarchy import ValidationParams, validate
from gisgrid.repair import fix_for, plan_fix, plan_repair

GK, TOWN, V1, V2 = Hier.GK, Hier.TOWN, Hier.V1, Hier.V2
build, clean_layers, no_staffing = Hier.build, Hier.clean_layers, Hier.no_staffing
A, B, C, D = V1 + "01001", V1 + "01002", V2 + "01001", V2 + "01002"
PEOPLE_WORDS = re.compile(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])")


def households(points, codes, pinned=None):
    """Households at local-metre ``points`` registered in ``codes``."""
    n = len(points)
    return gpd.GeoDataFrame(
        {
            "id": [f"H{i + 1}" for i in range(n)],
            "grid_code": codes,
            "pinned": pinned if pinned is not None else [False] * n,
        },
        geometry=[Hier.m(shapely.Point(x, y)) for x, y in points],
        crs=GK,
    ).to_crs(4490)


def assignments(rows):
    return pd.DataFrame(rows, columns=["cadre_id", "role", "level", "grid_code"])


def cadres(ids, party=True):
    return gpd.GeoDataFrame(
        {"id": ids, "name": [f"干部{i}" for i in ids], "role": "grid_leader",
         "party_member": party},  # fmt: skip
        geometry=[Hier.m(shapely.Point(10, 10))] * len(ids),
        crs=GK,
    ).to_crs(4490)


def areas(project, layer="grids_small"):
    return project.to_metric(layer).set_index("code").area


# -- item 6: an overlap repair never empties or swallows a grid ------------------------------
def test_overlap_goes_to_the_grid_whose_households_are_there(tmp_path):
    layers = clean_layers()
    layers["grids_small"][1][1] = box(300, 0, 1000, 1000)  # B drawn 200 m over A
    hh = households([(350, 500), (420, 200), (700, 500)], [A, A, B])
    project = build(tmp_path, layers, hh)
    command = plan_repair(project, "overlap", no_staffing())
    command.do(project)
    size = areas(project)
    assert size[A] == pytest.approx(500_000, rel=1e-4)  # A gets back what it held
    assert size[B] == pytest.approx(500_000, rel=1e-4)
    assert "住户" in command.notes[0] and A in command.notes[0]
    assert validate(project, no_staffing()).clean


def test_overlap_with_both_grids_households_is_split_between_them(tmp_path):
    layers = clean_layers()
    layers["grids_small"][1][1] = box(300, 0, 1000, 1000)
    hh = households([(320, 500), (480, 500)], [A, B])  # A's in the west, B's in the east
    project = build(tmp_path, layers, hh)
    plan_repair(project, "overlap", no_staffing()).do(project)
    size = areas(project)
    assert 300_000 < size[A] < 500_000 and size[A] + size[B] == pytest.approx(1e6, rel=1e-6)
    small = project.layer("grids_small").set_index("code").geometry
    hh = project.layer("households").geometry
    assert small[A].contains(hh.iloc[0]) and small[B].contains(hh.iloc[1])  # each stays home
    assert validate(project, no_staffing()).counts.get("overlap", 0) == 0


def test_a_grid_drawn_over_its_neighbour_is_refused_not_swallowed(tmp_path):
    layers = clean_layers()
    layers["grids_small"][1][1] = box(0, 0, 1000, 1000)  # B covers all of A
    project = build(tmp_path, layers)
    before = areas(project)
    command = plan_repair(project, "overlap", no_staffing())
    command.do(project)
    after = areas(project)
    assert after[A] == pytest.approx(before[A]) and after[B] == pytest.approx(before[B])
    assert command.changed == 0
    assert A in command.notes[0] and B in command.notes[0] and "手工" in command.notes[0]


def test_a_chosen_side_may_not_empty_the_other(tmp_path):
    layers = clean_layers()
    layers["grids_small"][1][1] = box(100, 0, 1000, 1000)  # 400 m of A's 500 m
    project = build(tmp_path, layers)
    command = plan_repair(project, "overlap", no_staffing(), keep={(A, B): B})
    command.do(project)
    assert areas(project)[A] == pytest.approx(500_000, rel=1e-4)  # refused: A would keep 20 %
    assert "20%" in command.notes[0] and A in command.notes[0] and B in command.notes[0]


def test_bloated_grid_shape_every_grid_keeps_most_of_its_area(tmp_path):
    project = build_shape("bloated_grid", tmp_path / "b.gpkg")
    before = areas(project)
    result = validate(project, no_staffing())
    assert len(result.of_kind("overlap")) == 2
    command = plan_repair(project, "overlap", no_staffing(), result=result)
    command.do(project)
    after = areas(project)
    for code, area in before.items():
        assert after[code] > 0.5 * area, code
    first, bloated, last = sorted(before.index)[:3]
    assert after[first] == pytest.approx(before[first], rel=1e-4)  # its households' area back
    assert any(first in n and bloated in n for n in command.notes)
    assert any(bloated in n and last in n and "未处理" in n for n in command.notes)


# -- item 5: no nan in messages; orphan repair when the parent has no code -------------------
def test_town_without_code_validates_and_repairs_in_plain_words(tmp_path):
    project = build_shape("town_without_code", tmp_path / "t.gpkg")
    result = validate(project)
    for problem in result.problems:
        assert not PEOPLE_WORDS.search(problem.message), problem.message
        assert all(isinstance(c, str) and c for c in problem.codes)
    orphans = result.of_kind("orphan")
    assert len(orphans) == 3
    assert "没有上级编码" in orphans[0].message and "没有编码" in orphans[0].message
    assert all(p.suggestion is None and fix_for(p) is None for p in orphans)
    command = plan_repair(project, "orphan", result=result)
    command.do(project)
    assert command.changed == 0
    assert "未修改" in command.notes[0]


def test_orphan_message_names_stated_and_derived_parent(tmp_path):
    layers = clean_layers()
    layers["grids_small"][0]["parent_code"][3] = "37052310329901"
    layers["grids_small"][0]["parent_code"][2] = None
    project = build(tmp_path, layers)
    messages = {p.codes[0]: p.message for p in validate(project, no_staffing()).of_kind("orphan")}
    assert messages[D] == f"小网格 {D} 的上级编码 37052310329901 不存在，按位置应为 {V2}01"
    assert messages[C] == f"小网格 {C} 没有上级编码，按位置应为 {V2}01"


# -- item 9: sibling overlaps at every level, with or without a parent layer -----------------
def test_village_overlap_found_without_a_town_polygon(tmp_path):
    project = build_shape("no_town_polygon", tmp_path / "n.gpkg")
    villages = project.to_metric("villages")
    villages.loc[1, "geometry"] = villages.geometry.iloc[1].buffer(30, join_style="mitre")
    project.set_layer("villages", villages.to_crs(4490))
    overlaps = validate(project, no_staffing()).of_kind("overlap")
    assert {tuple(p.codes) for p in overlaps if p.level == "village"} == {
        ("370523103201", "370523103202"),
        ("370523103202", "370523103203"),
    }


def test_top_level_overlap_is_found(tmp_path):
    layers = clean_layers()
    layers.pop("town")
    layers["villages"][1][1] = box(900, 0, 2000, 1000)
    overlaps = validate(build(tmp_path, layers), no_staffing()).of_kind("overlap")
    assert [(p.level, p.codes) for p in overlaps if p.level == "village"] == [
        ("village", [V1, V2])
    ]


# -- item 7: renumber, staffing integrity ----------------------------------------------------
def test_renumber_reads_rows_north_to_south_then_west_to_east(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    # four grids in one large grid: two rows of two, codes scrambled
    geoms[:] = [box(500, 0, 1000, 500), box(0, 500, 500, 1000), box(0, 0, 500, 500),
                box(500, 500, 1000, 1000)]  # fmt: skip
    rows["code"] = [V1 + "01007", V1 + "01001", V1 + "01002", V1 + "01003"]
    rows["parent_code"] = [V1 + "01"] * 4
    layers["grids_large"][1][1] = box(1000, 0, 2000, 1000)
    layers["grids_small"] = (rows, geoms)
    project = build(tmp_path, layers)
    plan_repair(project, "renumber", no_staffing(), level="small").do(project)
    small = project.layer("grids_small").to_crs(GK)
    west_north = {
        code: (round(g.centroid.x - Hier.X0), round(g.centroid.y - Hier.Y0))
        for code, g in zip(small["code"], small.geometry)
    }
    assert west_north == {
        V1 + "01001": (250, 750),
        V1 + "01002": (750, 750),
        V1 + "01003": (250, 250),
        V1 + "01004": (750, 250),
    }


def test_renumber_never_maps_a_code_onto_a_dangling_assignment(tmp_path):
    layers = clean_layers()
    layers["grids_small"][0]["code"] = [V1 + "01002", V1 + "01003", C, D]
    project = build(tmp_path, layers)
    project.set_layer("cadres", cadres(["L1", "L2", "OLD"]))
    project.set_layer(
        "assignments",
        assignments(
            [
                ("L1", "grid_leader", "small", V1 + "01002"),
                ("L2", "grid_leader", "small", V1 + "01003"),
                ("OLD", "grid_leader", "small", V1 + "01001"),  # a grid deleted long ago
            ]
        ),
    )
    assert len(validate(project).of_kind("dangling_assignment")) == 1
    command = plan_repair(project, "renumber", level="small")
    command.do(project)
    rows = project.layer("assignments").set_index("cadre_id")["grid_code"].to_dict()
    assert rows == {"L1": V1 + "01001", "L2": V1 + "01002"}  # OLD did not inherit 01001
    assert any("OLD" in n and V1 + "01001" in n for n in command.notes)
    after = validate(project).counts
    assert "dangling_assignment" not in after and "double_leader" not in after


def test_renumber_of_a_duplicated_code_keeps_households_where_they_lie(tmp_path):
    layers = clean_layers()
    layers["grids_small"][0]["code"][1] = A  # two grids coded A
    hh = households([(250, 500), (750, 500), (1250, 500)], [A, A, C])
    project = build(tmp_path, layers, hh)
    assert validate(project, no_staffing()).counts == {"duplicate_code": 1}
    plan_repair(project, "renumber", no_staffing(), level="small").do(project)
    assert project.layer("households")["grid_code"].tolist() == [A, B, C]
    assert validate(project, no_staffing()).clean


def test_validate_reports_dangling_assignments_and_double_leaders(tmp_path):
    project = build(tmp_path, clean_layers())
    project.set_layer("cadres", cadres(["L1", "L2", "L3", "L4"]))
    project.set_layer(
        "assignments",
        assignments(
            [
                ("L1", "grid_leader", "small", A),
                ("L2", "grid_leader", "small", A),
                ("L3", "grid_leader", "small", B),
                ("L4", "grid_leader", "small", C),
                ("L4", "grid_leader", "small", V1 + "01009"),  # no such grid
                ("GONE", "grid_leader", "small", D),  # no such cadre
                ("L3", "branch_secretary", "large", V1 + "01"),
                ("L3", "branch_secretary", "large", V2 + "01"),
            ]
        ),
    )
    result = validate(project)
    assert result.counts == {"double_leader": 1, "dangling_assignment": 2}
    double = result.of_kind("double_leader")[0]
    assert double.codes == [A, "L1", "L2"] and "2 名网格长" in double.message
    dangling = {tuple(p.codes): p.message for p in result.of_kind("dangling_assignment")}
    assert "不存在的小网格" in dangling[(V1 + "01009", "L4")]
    assert "不在干部名单中" in dangling[(D, "GONE")]
    assert fix_for(result.of_kind("double_leader")[0]) is None  # a person chooses who stays
    one = plan_fix(project, result.of_kind("dangling_assignment")[:1], result=result)
    assert one.changed == 1  # the problem clicked, not every dangling one
    command = plan_fix(project, result.of_kind("dangling_assignment"), result=result)
    command.do(project)
    assert len(project.layer("assignments")) == 6 and len(command.notes) == 2
    assert validate(project).counts == {"double_leader": 1, "staffing": 1}  # D has no leader


def test_sliver_merge_moves_what_named_the_sliver(tmp_path):
    layers = clean_layers()
    rows, geoms = layers["grids_small"]
    geoms[0] = box(0, 0, 499, 1000)
    rows["code"].append(V1 + "01003")
    rows["name"].append("碎片")
    rows["parent_code"].append(V1 + "01")
    geoms.append(box(499, 0, 500, 1000))
    hh = households([(499.5, 500)], [V1 + "01003"])
    project = build(tmp_path, layers, hh)
    project.set_layer("cadres", cadres(["L1", "L2", "L3", "L4", "W"]))
    project.set_layer(
        "assignments",
        assignments(
            [
                ("L1", "grid_leader", "small", A),
                ("L2", "grid_leader", "small", B),
                ("L3", "grid_leader", "small", V1 + "01003"),
                ("W", "grid_worker", "small", V1 + "01003"),
                ("L4", "grid_leader", "small", C),
                ("L4", "grid_leader", "small", D),
            ]
        ),
    )
    command = plan_repair(project, "sliver", no_staffing())
    command.do(project)
    merged_into = project.layer("households")["grid_code"].iloc[0]
    assert merged_into in (A, B)
    rows = project.layer("assignments")
    assert set(rows["grid_code"]) <= set(project.layer("grids_small")["code"])
    assert rows[rows["cadre_id"] == "W"]["grid_code"].tolist() == [merged_into]
    assert "L3" not in set(rows["cadre_id"])  # the grid it joined keeps its own leader
    assert any("L3" in n and "已删除" in n for n in command.notes)
    assert not validate(project).of_kind("double_leader")


# -- repairs on invalid polygons and grids outside their parent ------------------------------
def test_gap_repair_on_invalid_polygons_kept_as_imported(tmp_path):
    project = build_shape("invalid_polygons", tmp_path / "i.gpkg")
    small = project.to_metric("grids_small")
    small.loc[4, "geometry"] = small.geometry.iloc[4].buffer(-20)  # a gap next to the bow-tie
    project.set_layer("grids_small", small.to_crs(4490))
    before = areas(project)
    command = plan_repair(project, "gap", no_staffing())
    command.do(project)
    assert command.changed >= 1
    after = areas(project)
    assert all(after[c] >= 0.99 * a for c, a in before.items() if a > 0)


def test_snap_does_not_swallow_a_grid_lying_outside_its_parent(tmp_path):
    layers = clean_layers()
    layers["grids_small"][0]["parent_code"][2] = V1 + "01"  # C lies in village 2
    project = build(tmp_path, layers)
    command = plan_repair(project, "snap", ValidationParams(tolerance_m=2, check_staffing=False))
    command.do(project)
    assert areas(project)[C] == pytest.approx(500_000, rel=1e-6)
    assert C in command.notes[0] and "未裁剪" in command.notes[0]


def test_problem_messages_of_every_shape_are_plain(tmp_path):
    for shape in ("only_small_grids", "invalid_polygons", "five_levels"):
        project = build_shape(shape, tmp_path / f"{shape}.gpkg")
        for problem in validate(project).problems:
            assert not PEOPLE_WORDS.search(problem.message), (shape, problem.message)


def test_problem_kinds_are_known():
    from gisgrid.hierarchy import PROBLEM_KINDS

    assert {"dangling_assignment", "double_leader"} <= set(PROBLEM_KINDS)
    assert np.isin(["overlap", "orphan"], PROBLEM_KINDS).all()


def test_an_empty_project_is_told_to_import_first(tmp_path):
    from gisgrid.errors import InputError

    project = build_shape("empty_project", tmp_path / "e.gpkg")
    with pytest.raises(InputError, match="nothing to check or repair; import them first"):
        validate(project)
    with pytest.raises(InputError, match="import them first"):
        plan_repair(project, "overlap")


def test_no_automatic_fix_is_offered_for_a_village_code(tmp_path):
    """Renumbering refuses statistical codes, so the check must not offer it for them."""
    from project_shapes import build_shape

    from gisgrid.hierarchy import validate
    from gisgrid.repair import fix_for

    project = build_shape("ten_digit_codes", tmp_path / "p.gpkg")
    codes = [p for p in validate(project).problems if p.kind in ("bad_code", "duplicate_code")]
    village = [p for p in codes if p.level in ("town", "village")]
    assert village, "a 10-digit village code is reported"
    assert all(fix_for(p) is None for p in village)
    assert all(fix_for(p) == "renumber" for p in codes if p.level in ("large", "small"))
