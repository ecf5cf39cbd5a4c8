import assign_case as case
import geopandas as gpd
import numpy as np
import pytest
import shapely

from gisgrid.assign import BoxIndex, assign_households, locate_points, locate_xy
from gisgrid.errors import Cancelled, InputError

L, B, S = case.LON0, case.LAT0, case.STEP


def two_boxes(order):
    # "A2" on the left, "A1" on the right: the lower code is NOT the first polygon drawn
    frame = gpd.GeoDataFrame(
        {"code": ["A2", "A1"]}, geometry=[case.cell(0, 0), case.cell(1, 0)], crs=4490
    )
    return frame.iloc[list(order)].reset_index(drop=True)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
@pytest.mark.parametrize(
    "where, expected",
    [
        ((L + S, B + S / 2), "A1"),  # on the shared edge: lowest code
        ((L + S, B), "A1"),  # shared vertex on the outer border
        ((L + S, B + S), "A1"),  # shared vertex at the top
        ((L, B + S / 2), "A2"),  # on an outer edge of one grid only
        ((L + S / 2, B + S / 2), "A2"),  # inside
        ((L + 1.5 * S, B + S / 2), "A1"),
    ],
)
def test_border_points_get_the_lowest_code(order, where, expected):
    p = case.project({"grids_small": two_boxes(order), "households": case.households([where])})
    result = assign_households(p)
    assert result.households["grid_code"].tolist() == [expected]
    assert result.outside.empty


def test_four_grids_meeting_at_a_vertex():
    layers = case.lattice(2, 2, villages=False)
    codes = layers["grids_small"]["code"].tolist()
    shuffled = layers["grids_small"].iloc[[3, 1, 2, 0]].reset_index(drop=True)
    hh = case.households([(L + S, B + S)])
    result = assign_households(case.project({"grids_small": shuffled, "households": hh}))
    assert result.households["grid_code"].tolist() == [min(codes)]


def test_kernel_matches_brute_force_with_borders():
    rng = np.random.default_rng(3)
    seeds = shapely.multipoints(rng.uniform(0, 100, (60, 2)))
    env = shapely.box(0, 0, 100, 100)
    polys = shapely.intersection(
        shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=env)), env
    )
    polys = np.concatenate([polys, [shapely.box(10, 10, 30, 30)]])  # overlaps some
    xy = rng.uniform(-10, 110, (3000, 2))
    verts = shapely.get_coordinates(polys)[:300]  # exactly on vertices
    edges = shapely.get_coordinates(
        shapely.line_interpolate_point(shapely.boundary(polys), 0.37, normalized=True)
    )
    xy = np.vstack([xy, verts, edges])
    got = locate_xy(xy[:, 0], xy[:, 1], polys)
    pts = shapely.points(xy)
    expected = np.full(len(xy), -1)
    for k, pt in enumerate(pts):
        inside = np.flatnonzero(shapely.contains(polys, pt))
        touch = np.flatnonzero(shapely.intersects(polys, pt))
        if len(inside):
            expected[k] = inside.min()
        elif len(touch):
            expected[k] = touch.min()
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(locate_points(pts, polys), expected)


@pytest.mark.parametrize("cells", [0.5, 4.0, 64.0])
def test_index_resolution_does_not_change_answers(cells):
    layers = case.lattice(4, 3, villages=False)
    polys = np.asarray(layers["grids_small"].geometry.array)
    rng = np.random.default_rng(0)
    x = rng.uniform(L - 0.005, L + 4.5 * S, 500)
    y = rng.uniform(B - 0.005, B + 3.5 * S, 500)
    reference = locate_xy(x, y, polys)
    assert (locate_xy(x, y, polys, BoxIndex(polys, cells)) == reference).all()
    assert (reference >= 0).sum() > 300 and (reference < 0).sum() > 20


def test_empty_inputs_and_missing_polygons():
    assert locate_xy(np.zeros(0), np.zeros(0), np.array([shapely.box(0, 0, 1, 1)])).size == 0
    polys = np.array([None, shapely.box(0, 0, 1, 1), shapely.Polygon()], dtype=object)
    assert locate_xy(np.array([0.5, np.nan]), np.array([0.5, 0.5]), polys).tolist() == [1, -1]


def test_outside_households_get_nearest_grid_and_distance():
    layers = case.lattice(4, 3, villages=False)
    east = (L + 4 * S + 0.001, B + S / 2)  # ≈ 89 m east of the last column
    far = (L - 0.02, B + 0.015)
    hh = case.households([(L + S / 2, B + S / 2), east, far])
    result = assign_households(case.project({**layers, "households": hh}))
    codes = layers["grids_small"]["code"].tolist()
    assert result.assigned == 1
    out = result.outside.set_index("id")
    assert list(out.index) == ["H001", "H002"]
    assert out.loc["H001", "suggested_code"] == codes[3]
    assert 85 < out.loc["H001", "distance_m"] < 93
    assert out.loc["H002", "suggested_code"] == codes[4]  # row 1, column 0
    assert 1700 < out.loc["H002", "distance_m"] < 1850
    assert result.households["grid_code"].isna().tolist() == [False, True, True]
    snapped = assign_households(case.project({**layers, "households": hh}), snap_outside_m=100)
    assert snapped.households["grid_code"].tolist()[:2] == [codes[0], codes[3]]
    assert snapped.households["grid_code"].isna().tolist()[2]


def test_pinned_households_keep_their_grid():
    layers = case.lattice(2, 1, villages=False)
    codes = layers["grids_small"]["code"].tolist()
    hh = case.households(
        [(L + S / 2, B + S / 2), (L + S / 2, B + S / 2), (L + 5 * S, B)],
        grid_code=[codes[1], codes[1], "manual"],
        pinned=[True, False, True],
    )
    result = assign_households(case.project({**layers, "households": hh}))
    assert result.households["grid_code"].tolist() == [codes[1], codes[0], "manual"]
    assert result.outside.empty and result.pinned == 2
    assert result.changed == 1


def test_incremental_rerun_touches_only_changed_grids():
    layers = case.lattice(4, 3, villages=False)
    rng = np.random.default_rng(5)
    hh = case.random_households(rng, 400, 4, 3)
    p = case.project({**layers, "households": hh})
    first = assign_households(p)
    first.command().do(p)
    assert first.changed == 400 and first.assigned == 400
    grids = p.layer("grids_small").copy()
    codes = grids["code"].tolist()
    # move the border between the first two grids 0.4 of a cell to the west
    grids.loc[0, "geometry"] = shapely.box(L, B, L + 0.6 * S, B + S)
    grids.loc[1, "geometry"] = shapely.box(L + 0.6 * S, B, L + 2 * S, B + S)
    p.set_layer("grids_small", grids)
    partial = assign_households(p, changed_grids=codes[:2])
    full = assign_households(p)
    assert partial.checked < 400 / 3
    moved = (hh.geometry.x > L + 0.6 * S) & (hh.geometry.x < L + S) & (hh.geometry.y < B + S)
    assert partial.changed == full.changed == int(moved.sum()) > 0
    assert partial.households["grid_code"].tolist() == full.households["grid_code"].tolist()


def test_incremental_includes_named_households_and_deleted_grids():
    layers = case.lattice(2, 1, villages=False)
    p = case.project({**layers, "households": case.households([(L + S / 2, B + S / 2)] * 3)})
    assign_households(p).command().do(p)
    hh = p.layer("households").copy()
    hh.loc[2, "geometry"] = shapely.Point(L + 1.5 * S, B + S / 2)  # moved next door
    p.set_layer("households", hh)
    codes = layers["grids_small"]["code"].tolist()
    result = assign_households(p, changed_households=["H002"])
    assert result.checked == 1
    assert result.households["grid_code"].tolist() == [codes[0], codes[0], codes[1]]
    p.set_layer("grids_small", layers["grids_small"].iloc[[1]])  # first grid deleted
    gone = assign_households(p, changed_grids=[codes[0]])
    assert gone.checked == 3 and len(gone.outside) == 2


def test_micro_grids_and_households_without_location():
    layers = case.lattice(1, 1, villages=False)
    code = layers["grids_small"]["code"][0]
    micro = gpd.GeoDataFrame(
        {"code": [code + "01", code + "02"], "parent_code": code},
        geometry=[shapely.box(L, B, L + S / 2, B + S), shapely.box(L + S / 2, B, L + S, B + S)],
        crs=4490,
    )
    hh = case.households([(L + 0.2 * S, B + S / 2), (L + 0.8 * S, B + S / 2), (L, B)])
    hh.loc[2, "geometry"] = shapely.Point()
    result = assign_households(case.project({**layers, "grids_micro": micro, "households": hh}))
    assert result.households["micro_code"].tolist()[:2] == [code + "01", code + "02"]
    assert result.no_location == ["H002"]
    assert result.outside.empty
    assert result.per_grid.to_dict() == {code: 2}


def test_command_applies_and_undoes():
    layers = case.lattice(2, 1, villages=False)
    p = case.project({**layers, "households": case.households([(L + S / 2, B + S / 2)])})
    result = assign_households(p)
    command = result.command()
    command.do(p)
    assert p.layer("households")["grid_code"].tolist() == [layers["grids_small"]["code"][0]]
    command.undo(p)
    assert p.layer("households")["grid_code"].isna().all()
    summary = result.to_dict()
    assert summary["assigned"] == 1 and summary["changed"] == 1


def test_no_small_grids_is_a_clear_error():
    p = case.project({"households": case.households([(L, B)])})
    with pytest.raises(InputError, match="no small grids"):
        assign_households(p)


def test_progress_and_cancel():
    layers = case.lattice(2, 1, villages=False)
    p = case.project({**layers, "households": case.households([(L + S / 2, B + S / 2)])})
    seen = []
    assign_households(p, progress=lambda f, m: seen.append((f, m)))
    assert [f for f, _ in seen] == sorted(f for f, _ in seen) and len(seen) >= 3
    assert "locating 1 households" in seen[0][1]
    with pytest.raises(Cancelled):
        assign_households(p, cancelled=lambda: True)
    assert p.layer("households")["grid_code"].isna().all()


@pytest.mark.parametrize("t", [0.0, 0.1, 0.37, 0.5, 0.93])
def test_points_on_45_degree_edges_are_kept(t):
    # a diamond beside its mirror: every edge is at 45°, where the octagon filter is tight
    c = (118.7, 37.0)
    r = 0.001234567
    diamond = shapely.Polygon(
        [(c[0] - r, c[1]), (c[0], c[1] - r), (c[0] + r, c[1]), (c[0], c[1] + r)]
    )
    polys = np.array([diamond])
    ring = shapely.get_coordinates(diamond.exterior)
    pts = ring[:-1] + t * (ring[1:] - ring[:-1])
    got = locate_xy(pts[:, 0], pts[:, 1], polys)
    expected = np.where(shapely.intersects_xy(diamond, pts[:, 0], pts[:, 1]), 0, -1)
    np.testing.assert_array_equal(got, expected)
    inward = pts + 1e-6 * (np.array(c) - pts)  # a hair (≈0.1 mm) inside: always found
    assert (locate_xy(inward[:, 0], inward[:, 1], polys) == 0).all()
