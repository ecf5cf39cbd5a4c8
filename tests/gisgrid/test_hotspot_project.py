import json
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.hotspots import HotspotParams, hotspots
from gisgrid.project import Project

N, CELL, X0, Y0 = 10, 0.005, 118.70, 36.90
V1, V2 = "370523103201", "370523103202"
LAST = date(2025, 12, 28)  # a Sunday
WEEKS = 20
PERSISTENT = [(2, 2), (2, 3), (3, 2), (3, 3)]
EMERGING = [(7, 7), (7, 8), (8, 7), (8, 8)]


def code(r, c):
    village = V1 if c < 5 else V2
    return f"{village}{1 + (r >= 5):02d}{r * N + c + 1:03d}"


def build(path=None, seed=0):
    rng = np.random.default_rng(seed)
    project = Project.create(path, "临河镇", "370523103000")
    cells = [(r, c) for r in range(N) for c in range(N)]
    geoms = [box(X0 + c * CELL, Y0 + r * CELL, X0 + (c + 1) * CELL, Y0 + (r + 1) * CELL)
             for r, c in cells]  # fmt: skip
    half = N * CELL / 2
    project.set_layer("villages", gpd.GeoDataFrame(
        {"code": [V1, V2], "name": ["张家庄村", "李家屯村"], "parent_code": ["370523103000"] * 2},
        geometry=[box(X0, Y0, X0 + half, Y0 + 2 * half), box(X0 + half, Y0, X0 + 2 * half,
                  Y0 + 2 * half)], crs=4490))  # fmt: skip
    large = [(v, k) for v in (V1, V2) for k in (1, 2)]
    project.set_layer("grids_large", gpd.GeoDataFrame(
        {"code": [f"{v}{k:02d}" for v, k in large], "name": ["一", "二", "三", "四"],
         "parent_code": [v for v, _ in large]},
        geometry=[box(X0 + (v == V2) * half, Y0 + (k - 1) * half, X0 + (v == V2) * half + half,
                      Y0 + k * half) for v, k in large], crs=4490))  # fmt: skip
    project.set_layer("grids_small", gpd.GeoDataFrame(
        {"code": [code(r, c) for r, c in cells], "name": [f"{r}-{c}" for r, c in cells],
         "parent_code": [code(r, c)[:14] for r, c in cells]},
        geometry=geoms, crs=4490))  # fmt: skip
    centres = shapely.centroid(np.array(geoms))
    hh = np.repeat(centres, 10)
    project.set_layer("households", gpd.GeoDataFrame(
        {"id": [f"H{i}" for i in range(len(hh))]}, geometry=hh, crs=4490))  # fmt: skip
    rows = []
    first = LAST - timedelta(days=7 * WEEKS - 1)
    for w in range(WEEKS):
        for r, c in cells:
            n = rng.poisson(1.0)
            n += 5 if (r, c) in PERSISTENT else 0
            n += 8 if (r, c) in EMERGING and w >= WEEKS - 3 else 0
            for _ in range(n):
                day = first + timedelta(days=7 * w + int(rng.integers(0, 7)))
                x = X0 + (c + rng.uniform(0.05, 0.95)) * CELL
                y = Y0 + (r + rng.uniform(0.05, 0.95)) * CELL
                cat = "道路交通" if (r, c) in EMERGING else "人居环境"
                rows.append(
                    (f"I{len(rows)}", pd.Timestamp(day) + pd.Timedelta(hours=10), cat, x, y)
                )
    frame = pd.DataFrame(rows, columns=["id", "reported_at", "category", "x", "y"])
    project.set_layer("issues", gpd.GeoDataFrame(
        frame.drop(columns=["x", "y"]), geometry=shapely.points(frame[["x", "y"]].to_numpy()),
        crs=4490))  # fmt: skip
    if path is not None:
        project.save()
    return project


@pytest.fixture(scope="module")
def result():
    return hotspots(build(), HotspotParams(permutations=999, seed=3, kde_cell_m=50))


def _at(result, cells):
    grids = result.grids.set_index("code")
    return grids.loc[[code(r, c) for r, c in cells]]


def test_counts_rates_and_gi(result):
    grids = result.grids
    assert grids["count"].sum() == len(result.issues)
    assert (grids["households"] == 10).all()
    np.testing.assert_allclose(grids["rate"], grids["count"] * 10.0)
    hot = _at(result, PERSISTENT)
    assert (hot["gi_class"] >= 2).all() and (hot["gi_z"] > 5).all()
    corner = _at(result, [(0, 9), (9, 0)])
    assert (corner["gi_class"] <= 0).all()


def test_emerging_patterns_and_weekly_change(result):
    assert len(result.weeks) == WEEKS and result.weeks[-1][1] == LAST
    assert result.cube.shape == (N * N, WEEKS)
    assert set(_at(result, PERSISTENT)["trend"]) == {"persistent_hot_spot"}
    assert set(_at(result, EMERGING)["trend"]) <= {"consecutive_hot_spot", "new_hot_spot"}
    emerging = _at(result, EMERGING)
    np.testing.assert_array_equal(emerging["change"], emerging["last_week"] - emerging["prev_week"])
    assert (emerging["last_week"] >= 8).all()


def test_density_surface(result):
    kde = result.density
    assert kde.array_.ndim == 2 and kde.cell_ == 50
    a, _, c, _, e, f = kde.transform_
    total = kde.array_.sum() * a * a / 1e6
    assert total == pytest.approx(len(result.issues), rel=0.03)
    assert result.crs.is_projected  # metres in the project's Gauss-Krüger zone
    row, col = np.unravel_index(np.argmax(kde.array_), kde.array_.shape)
    peak = gpd.GeoSeries([shapely.Point(c + (col + 0.5) * a, f + (row + 0.5) * e)],
                         crs=result.crs).to_crs(4490).iloc[0]  # fmt: skip
    # The densest place is one of the two planted clusters (their corner cells meet there).
    centres = [(X0 + 3 * CELL, Y0 + 3 * CELL), (X0 + 8 * CELL, Y0 + 8 * CELL)]
    assert min(np.hypot(peak.x - x, peak.y - y) for x, y in centres) < CELL


def test_json_shape(result):
    data = result.to_dict()
    json.dumps(data, ensure_ascii=False)
    one = data["grids"][0]
    for key in ("code", "count", "households", "rate", "gi_z", "gi_p", "gi_class", "trend",
                "change"):  # fmt: skip
        assert key in one
    assert data["params"]["permutations"] == 999 and data["params"]["date_to"] == str(LAST)
    assert data["summary"]["trend"]["persistent_hot_spot"] >= 4


def test_filters_levels_and_errors():
    project = build(seed=1)
    only = hotspots(project, HotspotParams(categories=["道路交通"], permutations=99, kde=False))
    assert only.grids["count"].sum() == (project.layer("issues")["category"] == "道路交通").sum()
    large = hotspots(project, HotspotParams(level="large", permutations=99, kde=False))
    assert len(large.grids) == 4 and large.grids["households"].sum() == 1000
    short = hotspots(project, HotspotParams(date_from=LAST - timedelta(days=13),
                                            permutations=99, kde=False))  # fmt: skip
    assert short.emerging is None and any("至少 4 个" in w for w in short.warnings)
    dist = hotspots(project, HotspotParams(weights="distance", distance_m=700, permutations=999,
                                           kde=False, emerging=False))  # fmt: skip
    assert (_at(dist, PERSISTENT)["gi_class"] > 0).all()
    with pytest.raises(InputError, match="category"):
        hotspots(project, HotspotParams(categories=["外星"]))
    with pytest.raises(InputError, match="no issues between"):
        hotspots(project, HotspotParams(date_from=date(2030, 1, 1), date_to=date(2030, 2, 1)))
    with pytest.raises(InputError, match="no grids_micro"):
        hotspots(project, HotspotParams(level="micro"))
    with pytest.raises(InputError, match="band"):
        hotspots(project, HotspotParams(weights="distance"))


def test_cancel_and_progress():
    project = build(seed=2)
    seen = []
    hotspots(project, HotspotParams(permutations=99, kde=False),
             progress=lambda f, m: seen.append(f))  # fmt: skip
    assert seen == sorted(seen) and seen[-1] >= 0.95
    from gisgrid.errors import Cancelled

    with pytest.raises(Cancelled):
        hotspots(project, HotspotParams(permutations=99), cancelled=lambda: True)


def test_cli_json(tmp_path, capsys):
    gpkg = tmp_path / "h.gpkg"
    build(gpkg, seed=4)
    args = ["hotspots", str(gpkg), "--from", "2025-08-11", "--to", str(LAST),
            "--permutations", "199", "--json"]  # fmt: skip
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["grids"]) == N * N and data["params"]["level"] == "small"
    assert main(["hotspots", str(gpkg), "--permutations", "99", "--category", "人居环境"]) == 0
    out = capsys.readouterr().out
    assert "smallest p-value 99 permutations" in out and "gi_class" in out
    assert main(["hotspots", str(gpkg), "--from", "2025-13-01"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
