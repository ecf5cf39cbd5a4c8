"""Balanced grid planning: exact cover, contiguity, balance, codes, locks, barriers, CLI."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.hierarchy import ValidationParams, sibling_overlaps, validate
from gisgrid.plan import PlanParams, plan_partition
from gisgrid.project import Project

LON0, LAT0 = 118.70, 37.00
DEG = 1 / 111_000  # degrees per metre, near enough for building test data
TOWN = "371521103000"
VILLAGE = "371521103001"
LARGE = "37152110300101"


def lonlat(xy) -> np.ndarray:
    xy = np.asarray(xy, dtype=float)
    return np.column_stack([LON0 + xy[:, 0] * DEG, LAT0 + xy[:, 1] * DEG])


def make_project(parent_m: shapely.Polygon, households_m: np.ndarray, small=None) -> Project:
    """One large grid (``parent_m``, metres from the origin) with households inside."""
    project = Project.create(None, "临河镇", code=TOWN)
    parent = shapely.transform(parent_m, lonlat)
    project.set_layer(
        "grids_large",
        gpd.GeoDataFrame(
            {"code": [LARGE], "name": ["一区"], "parent_code": [VILLAGE]},
            geometry=[parent],
            crs=4490,
        ),
    )
    if small is not None:
        project.set_layer(
            "grids_small",
            gpd.GeoDataFrame(
                {
                    "code": [f"{LARGE}{i + 1:03d}" for i in range(len(small))],
                    "name": [f"小网格{i + 1}" for i in range(len(small))],
                    "parent_code": LARGE,
                },
                geometry=[shapely.transform(g, lonlat) for g in small],
                crs=4490,
            ),
        )
    pts = lonlat(households_m) if len(households_m) else np.empty((0, 2))
    project.set_layer(
        "households",
        gpd.GeoDataFrame(
            {"id": [f"H{i:04d}" for i in range(len(pts))]},
            geometry=shapely.points(pts) if len(pts) else [],
            crs=4490,
        ),
    )
    return project


def uniform_inside(rng, parent: shapely.Polygon, n: int) -> np.ndarray:
    """``n`` uniform points inside ``parent`` (rejection sampling from its bounds)."""
    x0, y0, x1, y1 = parent.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        p = np.column_stack([rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)])
        found = np.vstack([found, p[shapely.contains_xy(parent, p[:, 0], p[:, 1])]])
    return found[:n]


def clustered(rng, parent: shapely.Polygon, n: int, clusters: int) -> np.ndarray:
    """``n`` households in ``clusters`` villages, all inside ``parent``."""
    x0, y0, x1, y1 = parent.bounds

    def inside(points: np.ndarray) -> np.ndarray:
        return points[shapely.contains_xy(parent, points[:, 0], points[:, 1])]

    centres = np.empty((0, 2))
    while len(centres) < clusters:  # village centres inside the parent
        box = np.column_stack([rng.uniform(x0, x1, 64), rng.uniform(y0, y1, 64)])
        centres = np.concatenate([centres, inside(box)])[:clusters]
    out = [centres[: min(n, clusters)]]
    while sum(len(o) for o in out) < n:
        c = centres[rng.integers(clusters)]
        out.append(inside(c + rng.normal(0, (x1 - x0) / 12, (64, 2)))[: max(1, n // clusters)])
    return np.concatenate(out)[:n]


def check_cover(project: Project, result) -> None:
    parent = project.layer("grids_large").geometry.iloc[0]
    grids = result.grids.geometry.to_numpy(dtype=object)
    union = shapely.union_all(grids)
    assert shapely.area(shapely.symmetric_difference(union, parent)) < 1e-6 * parent.area
    _, _, overlaps = sibling_overlaps(grids)
    assert sum(shapely.area(overlaps)) < 1e-9 * parent.area
    assert all(isinstance(g, shapely.Polygon) and g.is_valid and not g.is_empty for g in grids)


SQUARE = shapely.box(0, 0, 1000, 800)


@pytest.mark.parametrize("count", [1, 3, 8])
def test_plan_covers_parent_and_balances(count):
    rng = np.random.default_rng(count)
    project = make_project(SQUARE, clustered(rng, SQUARE, 160, 4))
    result = plan_partition(project, PlanParams(parent=LARGE, count=count, tolerance=0.15))
    check_cover(project, result)
    assert len(result.grids) == count
    assert result.grids["households"].sum() == 160
    assert result.target == pytest.approx(160 / count)
    assert result.within_tolerance, result.messages
    assert result.contiguous
    assert 0 < result.polsby_popper_min <= result.polsby_popper_mean <= 1
    codes = sorted(result.grids["code"])
    assert codes == [f"{LARGE}{i:03d}" for i in range(1, count + 1)]
    assert set(result.grids["parent_code"]) == {LARGE}
    assert result.grids["name"].iloc[0] == "一区1号网格"


def test_target_sets_the_count_and_apply_is_undoable():
    rng = np.random.default_rng(3)
    hh = clustered(rng, SQUARE, 120, 3)
    project = make_project(SQUARE, hh)
    result = plan_partition(project, PlanParams(parent=LARGE, target=30, tolerance=0.2))
    assert len(result.grids) == 4
    command = result.command()
    command.do(project)
    assert len(project.layer("grids_small")) == 4
    assert project.layer("households")["grid_code"].notna().all()
    assert validate(project, ValidationParams(check_staffing=False)).clean
    command.undo(project)
    assert len(project.layer("grids_small")) == 0
    assert project.layer("households")["grid_code"].isna().all()


def test_replanning_keeps_codes_and_households():
    rng = np.random.default_rng(5)
    project = make_project(SQUARE, clustered(rng, SQUARE, 150, 5))
    first = plan_partition(project, PlanParams(parent=LARGE, count=5))
    assert first.households_moved == 150  # nobody had a grid yet
    first.command().do(project)
    again = plan_partition(project, PlanParams(parent=LARGE, count=5))
    assert again.households_moved == 0
    assert sorted(again.grids["code"]) == sorted(first.grids["code"])


def test_locked_grid_stays_and_the_rest_is_shared_out():
    rng = np.random.default_rng(7)
    left, right = shapely.box(0, 0, 300, 800), shapely.box(300, 0, 1000, 800)
    hh = clustered(rng, SQUARE, 200, 6)
    project = make_project(SQUARE, hh, small=[left, right])
    before = project.layer("grids_small").geometry.iloc[0]
    result = plan_partition(
        project, PlanParams(parent=LARGE, count=4, tolerance=0.2, locked=(f"{LARGE}001",))
    )
    check_cover(project, result)
    locked = result.grids[result.grids["locked"]]
    assert list(locked["code"]) == [f"{LARGE}001"]
    assert shapely.equals_exact(locked.geometry.iloc[0], before, 0)
    free = result.grids[~result.grids["locked"]]
    assert len(free) == 3 and f"{LARGE}001" not in set(free["code"])
    in_right = int(shapely.contains_xy(right, hh[:, 0], hh[:, 1]).sum())
    assert free["households"].sum() == in_right
    result.command().do(project)
    assert shapely.equals_exact(project.layer("grids_small").geometry.iloc[0], before, 0)


def test_barrier_line_is_followed():
    rng = np.random.default_rng(11)
    # two equal blocks either side of a road at x = 430 (not the middle of the parent)
    a = np.column_stack([rng.uniform(20, 410, 60), rng.uniform(20, 780, 60)])
    b = np.column_stack([rng.uniform(450, 980, 60), rng.uniform(20, 780, 60)])
    project = make_project(SQUARE, np.concatenate([a, b]))
    road = shapely.transform(shapely.LineString([(430, -50), (430, 850)]), lonlat)
    barriers = gpd.GeoDataFrame(geometry=[road], crs=4490)
    result = plan_partition(
        project, PlanParams(parent=LARGE, count=2, tolerance=0.05, barriers=barriers)
    )
    g1, g2 = result.grids.geometry
    border = shapely.intersection(g1.boundary, g2.boundary)
    on_road = shapely.intersection(border, shapely.buffer(road, 1e-7))
    assert shapely.length(on_road) > 0.95 * shapely.length(border)
    assert sorted(result.grids["households"]) == [60, 60]


def test_whole_town_mode_plans_every_parent():
    rng = np.random.default_rng(13)
    project = make_project(SQUARE, clustered(rng, SQUARE, 90, 3))
    second = shapely.transform(shapely.box(1000, 0, 1600, 800), lonlat)
    large = project.layer("grids_large")
    large.loc[1] = [f"{VILLAGE}02", "二区", VILLAGE, second]
    project.set_layer("grids_large", large)
    hh = project.layer("households")
    extra = lonlat(np.column_stack([rng.uniform(1010, 1590, 30), rng.uniform(10, 790, 30)]))
    hh = gpd.GeoDataFrame(
        {"id": [f"H{i:04d}" for i in range(120)]},
        geometry=list(hh.geometry) + list(shapely.points(extra)),
        crs=4490,
    )
    project.set_layer("households", hh)
    result = plan_partition(project, PlanParams(parent=TOWN, count=8))
    per_parent = result.grids.groupby("parent_code").size().to_dict()
    assert per_parent == {LARGE: 6, f"{VILLAGE}02": 2}  # 90 : 30 households
    assert result.grids["households"].sum() == 120
    by_village = plan_partition(project, PlanParams(parent="all", target=15))
    assert len(by_village.grids) == 8


def test_no_solution_gives_the_best_plan_and_says_why():
    rng = np.random.default_rng(17)
    hh = clustered(rng, SQUARE, 5, 2)
    project = make_project(SQUARE, hh)
    result = plan_partition(project, PlanParams(parent=LARGE, count=8))
    assert not result.within_tolerance
    assert any("more grids than households" in m for m in result.messages)
    check_cover(project, result)
    project = make_project(SQUARE, clustered(rng, SQUARE, 10, 2))
    result = plan_partition(project, PlanParams(parent=LARGE, count=3, tolerance=0.05))
    assert any("no whole numbers" in m for m in result.messages)
    assert result.grids["households"].sum() == 10


@pytest.mark.parametrize(
    ("params", "words"),
    [
        (PlanParams(parent="99", count=2), "not a code in grids_large"),
        (PlanParams(parent=LARGE), "either a number of grids"),
        (PlanParams(parent=LARGE, count=2, target=3), "either a number of grids"),
        (PlanParams(parent=LARGE, count=0), "at least 1"),
        (PlanParams(parent=LARGE, count=2, tolerance=1.5), "between 0 and 1"),
        (PlanParams(parent=LARGE, count=2, level="town"), "cannot be planned"),
        (PlanParams(parent=LARGE, count=2, locked=("123",)), "not found"),
        (PlanParams(parent=LARGE, count=1, locked=(f"{LARGE}001",)), "raise the count"),
    ],
)
def test_bad_settings_are_reported(params, words):
    project = make_project(SQUARE, np.array([[100.0, 100.0]]), small=[SQUARE])
    with pytest.raises(InputError, match=words):
        plan_partition(project, params)


def test_cli_plan_json_and_apply(tmp_path, capsys):
    rng = np.random.default_rng(19)
    project = make_project(SQUARE, clustered(rng, SQUARE, 80, 2))
    path = tmp_path / "town.gpkg"
    project.save(path)
    assert main(["plan", str(path), "--parent", LARGE, "--count", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "grids",
        "target",
        "max_deviation",
        "contiguous",
        "polsby_popper_mean",
        "polsby_popper_min",
        "households_moved",
        "messages",
    }
    assert [set(g) for g in data["grids"]] == [{"code", "households"}] * 4
    assert sum(g["households"] for g in data["grids"]) == 80
    assert len(Project.open(path).layer("grids_small")) == 0  # only proposed
    assert main(["plan", str(path), "--all", "--target", "20", "--apply"]) == 0
    assert "applied and saved" in capsys.readouterr().out
    assert len(Project.open(path).layer("grids_small")) == 4
    assert main(["plan", str(path), "--parent", "42", "--count", "2"]) == 2
    assert "not a code in grids_large" in capsys.readouterr().err


# -- properties over random parents and household layouts ---------------------------------
@st.composite
def parents(draw):
    n = draw(st.integers(5, 12))
    angles = np.sort(draw(st.lists(st.floats(0, 2 * np.pi), min_size=n, max_size=n, unique=True)))
    if draw(st.booleans()):  # concave: a star with random radii
        radii = np.array(draw(st.lists(st.floats(250, 700), min_size=n, max_size=n)))
    else:  # convex
        radii = np.full(n, 500.0)
    ring = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)]) + 800
    poly = shapely.Polygon(ring)
    if not poly.is_valid or poly.area < 1e5:
        poly = shapely.convex_hull(poly)
    return poly


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    parent=parents(),
    seed=st.integers(0, 10_000),
    n=st.integers(30, 140),
    clusters=st.integers(1, 5),
    count=st.integers(2, 5),
)
def test_property_every_plan_covers_and_balances(parent, seed, n, clusters, count):
    rng = np.random.default_rng(seed)
    hh = clustered(rng, parent, n, clusters)
    project = make_project(parent, hh)
    result = plan_partition(project, PlanParams(parent=LARGE, count=count, tolerance=0.3))
    check_cover(project, result)
    assert result.contiguous
    assert result.grids["households"].sum() == len(hh)
    # ≥ 6 households per grid at ±30 %: a balanced split always exists
    assert result.within_tolerance, result.messages
    assert not result.messages


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parent=parents(), seed=st.integers(0, 1000), n=st.integers(1, 12))
def test_property_impossible_plans_are_explained(parent, seed, n):
    rng = np.random.default_rng(seed)
    hh = clustered(rng, parent, n, 1)
    project = make_project(parent, hh)
    result = plan_partition(project, PlanParams(parent=LARGE, count=n + 2, tolerance=0.1))
    check_cover(project, result)
    assert not result.within_tolerance
    assert any("more grids than households" in m for m in result.messages)


def test_micro_grids_inside_a_small_grid():
    rng = np.random.default_rng(23)
    hh = clustered(rng, SQUARE, 60, 3)
    project = make_project(SQUARE, hh, small=[SQUARE])
    project.meta.levels = ["town", "village", "large", "small", "micro"]
    parent = f"{LARGE}001"
    result = plan_partition(project, PlanParams(parent=parent, level="micro", target=15))
    assert len(result.grids) == 4
    assert all(c.startswith(parent) and len(c) == 19 for c in result.grids["code"])
    result.command().do(project)
    micro = project.layer("households")["micro_code"]
    assert micro.notna().all() and set(micro) == set(result.grids["code"])


def test_progress_and_cancel():
    from gisgrid.errors import Cancelled

    project = make_project(SQUARE, clustered(np.random.default_rng(29), SQUARE, 40, 2))
    seen = []
    plan_partition(project, PlanParams(parent=LARGE, count=2), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0 and seen[-1] == 1.0
    with pytest.raises(Cancelled):
        plan_partition(project, PlanParams(parent=LARGE, count=2), cancelled=lambda: True)


def test_sample_town_large_grid_plans_cleanly():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"
    if not path.exists():
        pytest.skip("sample_data/sample_town.gpkg not built")
    project = Project.open(path)
    code = str(project.layer("grids_large")["code"].iloc[0])
    n = int((project.layer("grids_small")["parent_code"] == code).sum())
    result = plan_partition(project, PlanParams(parent=code, count=n, tolerance=0.15))
    assert result.within_tolerance and result.contiguous, result.messages
    assert result.polsby_popper_mean > 0.4
    result.command().do(project)
    problems = validate(project, ValidationParams(check_staffing=False))
    assert problems.clean, problems.counts


def test_households_without_coordinates_are_left_alone():
    rng = np.random.default_rng(31)
    project = make_project(SQUARE, clustered(rng, SQUARE, 40, 2))
    hh = project.layer("households")
    hh = gpd.GeoDataFrame({"id": [*hh["id"], "NOWHERE"]}, geometry=[*hh.geometry, None], crs=4490)
    project.set_layer("households", hh)
    result = plan_partition(project, PlanParams(parent=LARGE, count=2))
    assert result.grids["households"].sum() == 40
    result.command().do(project)
    located = project.layer("households").set_index("id")["grid_code"]
    assert located.drop("NOWHERE").notna().all() and located.isna()["NOWHERE"]
