"""Households → grids: gisgrid's box-index kernel vs geopandas.sjoin on the same data.

1,000,000 points (the county sample's households, resampled with ~30 m jitter, plus 2 %
scattered over the county's bounding box, some outside every grid) against the county's
~13,000 small grids, in the stored lon/lat. Each method runs ``--repeat`` times, interleaved; the
best time counts. Our time includes reading x/y off the point geometries and building the index.
Results are checked to be identical. Prints households per second, peak resident memory of
each method (above its start, see ``bench/_results.py``) and the ratios, and records them in
``bench/out/results.jsonl``. ``--scale town`` does the same with the sample town's 662 grids
and 15,000 points resampled from its households.

    python bench/bench_assign.py                 # county sample (built once under bench/out/)
    python bench/bench_assign.py --scale town    # the committed sample town
    python bench/bench_assign.py --synthetic     # a Voronoi county instead of the sample
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from _results import peak_memory, record

from gisgrid.assign import locate_xy

OUT = Path(__file__).resolve().parent / "out"
TOWN = Path(__file__).resolve().parents[1] / "sample_data" / "sample_town.gpkg"
PEAK_MB: dict[str, float] = {}  # peak resident memory per method, filled by interleaved()


def town_grids() -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Small grids and household lon/lat of the committed sample town."""
    from gisgrid.project import Project

    project = Project.open(TOWN)
    xy = shapely.get_coordinates(np.asarray(project.layer("households").geometry.array))
    return project.layer("grids_small")[["code", "geometry"]], xy


def county_grids() -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Small grids and household lon/lat of the county sample (cached under bench/out/)."""
    from gisgrid.sample_data.township import build_sample

    from gisgrid.project import Project

    path = OUT / "sample_county.gpkg"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        t = time.perf_counter()
        build_sample(path, seed=1, scale="county")
        print(f"  built {path.name} in {time.perf_counter() - t:.1f} s")
    project = Project.open(path)
    households = project.layer("households")
    xy = shapely.get_coordinates(np.asarray(households.geometry.array))
    return project.layer("grids_small")[["code", "geometry"]], xy


def synthetic_grids(n: int = 13_000) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """A Voronoi 'county' of ``n`` grids, ~100 km square, around 118.7°E 37°N."""
    rng = np.random.default_rng(1)
    lo = np.array([118.2, 36.6])
    seeds = lo + rng.uniform(0, 1.0, (n, 2)) * [1.12, 0.9]
    env = shapely.box(*lo, *(lo + [1.12, 0.9]))
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=env))
    cells = shapely.intersection(cells, env)
    codes = [f"370523{i:011d}" for i in range(len(cells))]
    grids = gpd.GeoDataFrame({"code": codes}, geometry=cells, crs=4490)
    homes = lo + rng.uniform(0, 1.0, (300_000, 2)) * [1.12, 0.9]
    return grids, homes


def make_points(homes: np.ndarray, bounds: np.ndarray, n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n_scatter = n // 50
    pick = homes[rng.integers(0, len(homes), n - n_scatter)]
    jitter = rng.normal(0, 30 / 111_000, pick.shape)  # ~30 m
    scatter = rng.uniform(bounds[:2], bounds[2:], (n_scatter, 2))
    return np.vstack([pick + jitter, scatter])


def interleaved(funcs: dict, repeat: int) -> tuple[dict[str, tuple[float, float]], dict]:
    """Run ``name: (setup, run)`` pairs in turn ``repeat`` times; only ``run(setup())`` is timed.

    Returns the best (wall, CPU) seconds of each and its last output. CPU time (this process)
    is what the ratio uses: every method here is single-threaded, and CPU time holds better
    than wall time when other work shares the machine. Each run's peak resident memory above
    its start goes to ``PEAK_MB`` (largest of the repeats).
    """
    PEAK_MB.clear()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in funcs}
    outputs: dict = {}
    for _ in range(repeat):
        for name, (setup, run) in funcs.items():
            outputs.pop(name, None)
            args = setup()  # fresh inputs: nothing prepared, no cached spatial index
            gc.collect()  # nobody pays for the previous method's garbage
            with peak_memory() as peak:
                wall, cpu = time.perf_counter(), time.process_time()
                outputs[name] = run(*args)
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            PEAK_MB[name] = max(PEAK_MB.get(name, 0.0), peak.mb)
            del args
    best = {name: (min(w for w, _ in v), min(c for _, c in v)) for name, v in times.items()}
    return best, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["town", "county"], default="county")
    parser.add_argument("--points", type=int, help="default 15,000 (town), 1,000,000 (county)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", action="store_true", help="Voronoi county, no sample")
    args = parser.parse_args()
    args.points = args.points or (15_000 if args.scale == "town" else 1_000_000)

    if args.scale == "town":
        grids, homes, source = *town_grids(), "sample town (committed)"
    elif args.synthetic:
        grids, homes, source = *synthetic_grids(), "synthetic Voronoi county"
    else:
        try:
            grids, homes = county_grids()
            source = "county sample (seed 1)"
        except ImportError:
            grids, homes, source = *synthetic_grids(), "synthetic Voronoi county"
    grids = grids.sort_values("code", kind="stable").reset_index(drop=True)
    xy = make_points(homes, grids.total_bounds, args.points)
    points = gpd.GeoDataFrame(geometry=shapely.points(xy), crs=grids.crs)
    polygons = np.asarray(grids.geometry.array, dtype=object)
    print(f"{source}: {len(points):,} points, {len(grids):,} small grids")

    def ours(pts: gpd.GeoDataFrame, polys: np.ndarray) -> np.ndarray:
        geoms = np.asarray(pts.geometry.array)
        return locate_xy(shapely.get_x(geoms), shapely.get_y(geoms), polys)

    def sjoin(predicate: str):
        return lambda left, right: gpd.sjoin(left, right, predicate=predicate)

    def fresh_ours():
        return points, shapely.from_wkb(shapely.to_wkb(polygons))

    def fresh_frames():
        return points.copy(), grids.copy()

    times, outputs = interleaved(
        {
            "ours": (fresh_ours, ours),
            "within": (fresh_frames, sjoin("within")),
            "default": (fresh_frames, sjoin("intersects")),
        },
        args.repeat,
    )
    got, within, default = outputs["ours"], outputs["within"], outputs["default"]

    expected = np.full(len(points), -1, dtype=np.int64)
    expected[within.index.to_numpy()] = within["index_right"].to_numpy()
    lowest = default.groupby(level=0)["index_right"].min()
    expected_default = np.full(len(points), -1, dtype=np.int64)
    expected_default[lowest.index.to_numpy()] = lowest.to_numpy()
    same_within = int((got == expected).sum())
    same_default = int((got == expected_default).sum())

    wall, cpu = times["ours"]
    print(
        f"  {'gisgrid locate_xy':<27}{cpu:6.2f} s CPU ({wall:5.2f} s wall)  "
        f"{len(points) / cpu:11,.0f} households/s  peak {PEAK_MB['ours']:,.0f} MB"
    )
    job, n = "assign households → small grids", len(points)
    if source.startswith("synthetic"):
        job += " (synthetic Voronoi county)"  # its own table: not the sample's figures
    note = f"{n:,} points, {len(grids):,} grids; best CPU s of {args.repeat}; {source}"
    record("assign", job, args.scale, "gisgrid", cpu, rate=f"{n / cpu:,.0f} points/s",
           peak_mb=PEAK_MB["ours"], note=note)  # fmt: skip
    for key, name in (("within", "sjoin predicate='within'"), ("default", "sjoin default")):
        w, c = times[key]
        print(
            f"  {name:<27}{c:6.2f} s CPU ({w:5.2f} s wall)  {len(points) / c:11,.0f} "
            f"households/s  ratio {c / cpu:4.1f}x CPU, {w / wall:4.1f}x wall  "
            f"peak {PEAK_MB[key]:,.0f} MB"
        )
        method = "geopandas.sjoin(within)" if key == "within" else "geopandas.sjoin(intersects)"
        record("assign", job, args.scale, method, c, rate=f"{n / c:,.0f} points/s",
               peak_mb=PEAK_MB[key], note=note)  # fmt: skip
    print(f"  inside a grid: {(got >= 0).sum():,}; outside: {(got < 0).sum():,}")
    print(
        f"  identical to sjoin within: {same_within:,}/{len(points):,}; to sjoin default "
        f"(lowest code where several): {same_default:,}/{len(points):,}"
    )
    if same_within != len(points) or same_default != len(points):
        raise SystemExit("results differ from geopandas.sjoin")


if __name__ == "__main__":
    main()
