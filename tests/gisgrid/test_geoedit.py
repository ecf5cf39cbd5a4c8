"""Map edit commands: draw, split, merge, move vertex, reassign, delete — and exact undo."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gisgrid.errors import InputError
from gisgrid.geoedit import (
    DeleteGrid,
    DrawGrid,
    MergeGrids,
    MoveVertex,
    ReassignHouseholds,
    SplitGrid,
)
from gisgrid.hierarchy import ValidationParams, validate
from gisgrid.project import Project

LON0, LAT0 = 118.70, 37.00
DEG = 1 / 111_000
TOWN, VILLAGE, LARGE = "371521103000", "371521103001", "37152110300101"
PARAMS = ValidationParams(check_staffing=False)


def ll(x: float, y: float) -> tuple[float, float]:
    return (LON0 + x * DEG, LAT0 + y * DEG)


def to_ll(geom):
    return shapely.transform(
        geom, lambda xy: np.column_stack([LON0 + xy[:, 0] * DEG, LAT0 + xy[:, 1] * DEG])
    )


def code(i: int) -> str:
    return f"{LARGE}{i:03d}"


def build_project() -> Project:
    """A 900 × 600 m large grid cut into 3 × 2 small grids of 300 × 300 m.

    Houses stand every 50 m (36 in each small grid); a second large grid beside it holds one
    small grid. The large grid's top edge has a vertex at (450, 600) its grids lack.
    """
    p = Project.create(None, "临河镇", code=TOWN)
    outline = shapely.Polygon([(0, 600), (450, 600), (900, 600), (900, 0), (0, 0)])
    large = [to_ll(outline), to_ll(shapely.box(900, 0, 1200, 600))]
    p.set_layer(
        "grids_large",
        gpd.GeoDataFrame(
            {"code": [LARGE, f"{VILLAGE}02"], "name": ["一区", "二区"], "parent_code": VILLAGE},
            geometry=large,
            crs=4490,
        ),
    )
    boxes = [shapely.box(x, y, x + 300, y + 300) for y in (300, 0) for x in (0, 300, 600)]
    small = gpd.GeoDataFrame(
        {
            "code": [code(i + 1) for i in range(6)] + [f"{VILLAGE}02001"],
            "name": [f"小网格{i + 1}" for i in range(7)],
            "parent_code": [LARGE] * 6 + [f"{VILLAGE}02"],
        },
        geometry=[to_ll(b) for b in boxes] + [large[1]],
        crs=4490,
    )
    p.set_layer("grids_small", small)
    xs, ys = np.meshgrid(np.arange(25, 1200, 50), np.arange(25, 600, 50))
    pts = [ll(x, y) for x, y in zip(xs.ravel(), ys.ravel())]
    hh = gpd.GeoDataFrame(
        {"id": [f"H{i:04d}" for i in range(len(pts))]}, geometry=shapely.points(pts), crs=4490
    )
    p.set_layer("households", hh)
    from gisgrid.assign import assign_households

    assign_households(p).command().do(p)
    assert validate(p, PARAMS).clean
    return p


@pytest.fixture
def project() -> Project:
    return build_project()


def snapshot(p: Project):
    grids = p.layer("grids_small")
    hh = p.layer("households")
    return (
        list(grids["code"]),
        [g.wkb for g in grids.geometry],
        list(hh["grid_code"].astype(object)),
        list(hh["pinned"]),
    )


def counts(p: Project) -> dict[str, int]:
    return p.layer("households")["grid_code"].value_counts().to_dict()


def test_split_cuts_a_grid_in_two_and_relocates(project):
    before = snapshot(project)
    line = to_ll(shapely.LineString([(-10, 400), (310, 400)]))
    edit = SplitGrid("small", code(1), line)
    edit.do(project)
    grids = project.layer("grids_small").set_index("code")
    assert edit.new_codes == [code(7)]
    assert grids.loc[code(1)].geometry.area == pytest.approx(
        to_ll(shapely.box(0, 400, 300, 600)).area
    )
    assert grids.loc[code(7), "parent_code"] == LARGE
    assert counts(project)[code(1)] == 24 and counts(project)[code(7)] == 12
    assert validate(project, PARAMS).clean
    edit.undo(project)
    assert snapshot(project) == before
    edit.do(project)  # redo gives the same again
    assert counts(project)[code(7)] == 12


def test_split_needs_a_crossing_line(project):
    line = to_ll(shapely.LineString([(10, 400), (100, 400)]))
    with pytest.raises(InputError, match="does not cut grid"):
        SplitGrid("small", code(1), line).do(project)


def test_merge_siblings_that_touch(project):
    before = snapshot(project)
    edit = MergeGrids("small", [code(1), code(2)])
    edit.do(project)
    grids = project.layer("grids_small")
    assert code(2) not in set(grids["code"]) and len(grids) == 6
    merged = grids.set_index("code").loc[code(1)].geometry
    assert isinstance(merged, shapely.Polygon)
    assert counts(project)[code(1)] == 72
    assert validate(project, PARAMS).clean
    edit.undo(project)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("codes", "words"),
    [
        ([code(1), code(3)], "do not all touch"),
        ([code(3), f"{VILLAGE}02001"], "only grids of one parent"),
        ([code(1), "999"], "no grid with code 999"),
        ([code(1)], "at least two"),
    ],
)
def test_merge_errors(project, codes, words):
    with pytest.raises(InputError, match=words):
        MergeGrids("small", codes).do(project)


def test_draw_is_clipped_to_parent_and_siblings(project):
    before = snapshot(project)
    DeleteGrid("small", code(5)).do(project)  # leaves a 300 × 300 gap in the middle bottom
    inter = snapshot(project)
    drawn = to_ll(shapely.box(250, -100, 700, 350))
    edit = DrawGrid("small", drawn)
    edit.do(project)
    grids = project.layer("grids_small").set_index("code")
    new = grids.loc[edit.code].geometry
    assert edit.code == code(5)  # the lowest free code
    assert new.area == pytest.approx(to_ll(shapely.box(300, 0, 600, 300)).area, rel=1e-9)
    assert validate(project, PARAMS).clean
    edit.undo(project)
    assert snapshot(project) == inter
    with pytest.raises(InputError, match="nothing is left"):
        DrawGrid("small", to_ll(shapely.box(10, 10, 100, 100))).do(project)
    with pytest.raises(InputError, match="outside every parent"):
        DrawGrid("small", to_ll(shapely.box(5000, 10, 5100, 100))).do(project)
    assert snapshot(project) == inter
    assert before != inter


def test_delete_to_gap_or_neighbour(project):
    before = snapshot(project)
    gap = DeleteGrid("small", code(2))
    gap.do(project)
    result = validate(project, PARAMS)
    assert result.counts.get("gap") == 1
    assert code(2) not in counts(project)
    gap.undo(project)
    assert snapshot(project) == before
    join = DeleteGrid("small", code(2), to="auto")
    join.do(project)
    assert join.to in {code(1), code(3), code(5)}
    assert counts(project)[join.to] == 72
    assert validate(project, PARAMS).clean
    join.undo(project)
    assert snapshot(project) == before
    with pytest.raises(InputError, match="not a neighbour"):
        DeleteGrid("small", code(1), to=code(3)).do(project)


def test_move_shared_vertex_moves_every_grid_and_snaps(project):
    before = snapshot(project)
    # the corner shared by grids 1, 2, 4, 5 at (300, 300), dragged to open ground
    edit = MoveVertex("small", ll(301, 299), ll(340, 330), snap_m=1.0)
    edit.do(project)
    assert sorted(edit.moved) == [code(1), code(2), code(4), code(5)]
    grids = project.layer("grids_small").set_index("code")
    new = np.array(edit.snapped)
    for c in edit.moved:
        coords = shapely.get_coordinates(grids.loc[c].geometry)
        assert (np.abs(coords - new).sum(axis=1) == 0).any()
    assert validate(project, PARAMS).clean
    edit.undo(project)
    assert snapshot(project) == before
    # a vertex on the parent's boundary slides along it
    edge = MoveVertex("small", ll(300, 600), ll(420, 603), snap_m=1.0)
    edge.do(project)
    assert edge.snapped[1] == pytest.approx(ll(0, 600)[1], abs=1e-12)
    assert validate(project, PARAMS).clean
    edge.undo(project)
    # past a neighbour's edge: grid 2 would fold over itself
    with pytest.raises(InputError, match="cross itself"):
        MoveVertex("small", ll(300, 300), ll(700, 450)).do(project)
    # onto a neighbour's corner (snapped from 0.6 m away): grids 2 and 5 become triangles
    snap = MoveVertex("small", ll(300, 300), ll(600.4, 299.6), snap_m=1.0)
    snap.do(project)
    assert np.allclose(snap.snapped, ll(600, 300), rtol=0, atol=1e-12)
    # (houses stand exactly on the new diagonal borders, so only the grids are checked)
    assert validate(project, ValidationParams(check_staffing=False, check_households=False)).clean
    snap.undo(project)
    assert snapshot(project) == before
    with pytest.raises(InputError, match="no grid vertex within"):
        MoveVertex("small", ll(150, 150), ll(160, 160)).do(project)


def test_move_snaps_to_a_parent_vertex(project):
    before = snapshot(project)
    # (300, 600) is shared by grids 1 and 2 on the parent's top edge, which has a vertex at
    # (450, 600) the grids lack: dropped 0.5 m from it, the vertex lands on it exactly
    edit = MoveVertex("small", ll(300, 600), ll(449.6, 600.3), snap_m=1.0)
    edit.do(project)
    parent = project.layer("grids_large").geometry.iloc[0]
    corner = shapely.get_coordinates(parent)[1]
    assert edit.snapped == tuple(corner)
    assert sorted(edit.moved) == [code(1), code(2)]
    assert validate(project, PARAMS).clean
    edit.undo(project)
    assert snapshot(project) == before


def test_reassign_households_to_a_neighbour_pins_them(project):
    before = snapshot(project)
    hh = project.layer("households")
    ids = list(hh[hh["grid_code"] == code(1)]["id"][:3])
    edit = ReassignHouseholds(ids, code(2))
    edit.do(project)
    after = project.layer("households").set_index("id").loc[ids]
    assert (after["grid_code"] == code(2)).all() and after["pinned"].all()
    edit.undo(project)
    assert snapshot(project) == before
    with pytest.raises(InputError, match="does not border"):
        ReassignHouseholds(ids, code(3)).do(project)
    with pytest.raises(InputError, match="not found"):
        ReassignHouseholds(["nobody"], code(2)).do(project)


# -- random sequences of edits, then undo everything ---------------------------------------
def random_edit(draw, project: Project):
    grids = project.layer("grids_small")
    mine = grids[grids["parent_code"] == LARGE]
    kind = draw(st.sampled_from(["split", "merge", "move", "delete", "draw", "reassign"]))
    if not len(mine):
        kind = "draw"
    pick = mine.iloc[draw(st.integers(0, max(len(mine) - 1, 0)))] if len(mine) else None
    if kind == "split":
        c = pick.geometry.centroid
        angle = draw(st.floats(0, np.pi))
        dx, dy = np.cos(angle) * 0.01, np.sin(angle) * 0.01
        line = shapely.LineString([(c.x - dx, c.y - dy), (c.x + dx, c.y + dy)])
        return SplitGrid("small", pick["code"], line)
    if kind == "merge":
        others = mine[mine["code"] != pick["code"]]
        touching = others[
            shapely.length(shapely.intersection(others.boundary, pick.geometry.boundary)) > 0
        ]
        if not len(touching):
            return None
        return MergeGrids("small", [pick["code"], touching["code"].iloc[0]])
    if kind == "move":
        xy = shapely.get_coordinates(pick.geometry)
        v = xy[draw(st.integers(0, len(xy) - 1))]
        dx, dy = draw(st.floats(-30, 30)), draw(st.floats(-30, 30))
        return MoveVertex("small", tuple(v), (v[0] + dx * DEG, v[1] + dy * DEG), snap_m=2.0)
    if kind == "delete":
        return DeleteGrid("small", pick["code"], to=draw(st.sampled_from([None, "auto"])))
    if kind == "draw":
        x, y = draw(st.floats(0, 800)), draw(st.floats(0, 500))
        w, h = draw(st.floats(30, 400)), draw(st.floats(30, 400))
        return DrawGrid("small", to_ll(shapely.box(x, y, x + w, y + h)))
    hh = project.layer("households")
    ids = list(hh[hh["grid_code"] == pick["code"]]["id"][:2])
    others = mine[mine["code"] != pick["code"]]
    if not ids or not len(others):
        return None
    return ReassignHouseholds(ids, others["code"].iloc[draw(st.integers(0, len(others) - 1))])


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_property_edits_then_undo_restore_exactly(data):
    project = build_project()
    start = snapshot(project)
    done, states = [], [start]
    for _ in range(data.draw(st.integers(1, 5))):
        edit = random_edit(data.draw, project)
        if edit is None:
            continue
        try:
            edit.do(project)
        except InputError:
            assert snapshot(project) == states[-1]  # a refused edit changes nothing
            continue
        grids = project.layer("grids_small").geometry.to_numpy(dtype=object)
        assert shapely.is_valid(grids).all()
        done.append(edit)
        states.append(snapshot(project))
    for edit, state in zip(reversed(done), reversed(states[:-1])):
        edit.undo(project)
        assert snapshot(project) == state
    assert snapshot(project) == start
    for edit, state in zip(done, states[1:]):  # redo replays the same states
        edit.do(project)
        assert snapshot(project) == state
    for edit in reversed(done):
        edit.undo(project)
    assert snapshot(project) == start
