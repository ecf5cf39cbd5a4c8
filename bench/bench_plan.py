"""Benchmark: balanced grid planning of the sample town, beside spopt.

Plans the sample town's 662 small grids inside its 46 large grids (whole-town mode, final
polygons included) and prints time, max deviation, contiguity and Polsby-Popper. Then, on
the same input restricted to one large grid (spopt cannot do the whole town quickly), runs
gisgrid's planner, spopt's Skater and spopt's MaxPHeuristic (small iteration counts, as
SETUP.md advises) and prints their figures and the ratios.

Targets (DESIGN.md): whole town under 10 s, max deviation ≤ 10 %, every grid contiguous,
mean Polsby-Popper ≥ 0.45.

Times are CPU seconds of this process (steadier than wall time on a shared machine). Every
row, with peak resident memory (above the method's start, see ``bench/_results.py``),
goes to ``bench/out/results.jsonl``.

Run: ``.venv/bin/python bench/bench_plan.py [--tolerance 0.1] [--parent CODE]``
(spopt is a bench-only dependency: ``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import shapely
from _results import peak_memory, record

from gisgrid.plan import LocalFrame, PlanParams, plan_partition
from gisgrid.plan_geometry import dissolve, polsby_popper, tessellate
from gisgrid.project import Project

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "sample_town.gpkg"


def load_town() -> Project:
    if SAMPLE.exists():
        return Project.open(SAMPLE)
    from gisgrid.sample_data.township import build_sample

    out = Path(tempfile.mkdtemp()) / "sample_town.gpkg"
    print(f"{SAMPLE} missing; building the sample town into {out}")
    return build_sample(out, seed=1)


def whole_town(project: Project, tolerance: float) -> None:
    count = len(project.layer("grids_small"))
    params = PlanParams(parent="all", count=count, tolerance=tolerance)
    with peak_memory() as peak:
        start = time.process_time()
        result = plan_partition(project, params)
        elapsed = time.process_time() - start
    n_large = len(project.layer("grids_large"))
    n_hh = len(project.layer("households"))
    print(f"whole town: {n_hh} households → {len(result.grids)} grids in {n_large} large grids")
    print(f"  time                {elapsed:7.2f} s  (target < 10 s, final polygons included)")
    print(f"  max deviation       {result.max_deviation:7.2%}  (tolerance {tolerance:.0%})")
    print(f"  contiguous          {'yes' if result.contiguous else 'NO':>7}")
    print(f"  Polsby-Popper mean  {result.polsby_popper_mean:7.3f}  (target ≥ 0.45)")
    print(f"  Polsby-Popper min   {result.polsby_popper_min:7.3f}")
    print(f"  households moved    {result.households_moved:7d}  (vs today's grids)")
    for message in result.messages:
        print(f"  note: {message}")
    print(f"  peak memory         {peak.mb:7.0f} MB")
    record("plan", "plan whole town", "town", "gisgrid", elapsed,
           rate=f"{n_hh / elapsed:,.0f} households/s", peak_mb=peak.mb,
           note=f"{n_hh:,} households → {len(result.grids)} grids; max dev "
                f"{result.max_deviation:.1%}; contiguous {'yes' if result.contiguous else 'NO'}; "
                f"PP mean {result.polsby_popper_mean:.3f}")  # fmt: skip


def _stats(labels, hh_per_unit, cells, target):
    k = int(labels.max()) + 1
    counts = np.bincount(labels, hh_per_unit, minlength=k)
    geoms = dissolve(cells, labels, k)
    single = all(isinstance(g, shapely.Polygon) for g in geoms)
    pp = polsby_popper(geoms)
    dev = np.abs(counts - target) / target
    return k, float(dev.max()), single, float(pp.mean()), float(pp.min())


def one_parent(project: Project, code: str | None, tolerance: float) -> None:
    try:
        import libpysal
        from spopt.region import MaxPHeuristic, Skater
    except ImportError:
        print("spopt is not installed (pip install -e .[bench]); skipping the comparison")
        return
    import geopandas as gpd

    large = project.layer("grids_large")
    small = project.layer("grids_small")
    if code is None:  # the large grid whose household count is nearest 500
        hh = project.layer("households")
        inside = [
            int(shapely.contains_xy(g, hh.geometry.x, hh.geometry.y).sum()) for g in large.geometry
        ]
        code = str(large["code"].iloc[int(np.argmin(np.abs(np.array(inside) - 500)))])
    row = large[large["code"] == code].iloc[0]
    k = int((small["parent_code"] == code).sum()) or 10
    frame = LocalFrame.around(project.bounds())
    parent = shapely.transform(row.geometry, frame.forward)
    hh = project.layer("households")
    xy = frame.forward(shapely.get_coordinates(hh.geometry.to_numpy(dtype=object)))
    xy = xy[shapely.contains_xy(parent, xy[:, 0], xy[:, 1])]
    n = len(xy)
    target = n / k
    print(f"\none large grid {code}: {n} households → {k} grids (target {target:.1f})")

    peaks: dict[str, float] = {}
    with peak_memory() as peak:
        start = time.process_time()
        ours = plan_partition(project, PlanParams(parent=code, count=k, tolerance=tolerance))
        t_ours = time.process_time() - start
    peaks["gisgrid (METIS + repair)"] = peak.mb

    # spopt works on units: one Voronoi cell per household (no filler land cells), so its
    # size floor / threshold counts households
    tess = tessellate(parent, xy, None, n_fill=0)
    cells, units_hh = tess.faces, tess.households
    keep = units_hh > 0
    cells, units_hh = cells[keep], units_hh[keep]
    border = tess.border[keep][:, keep].tocoo()
    neighbours = {i: [] for i in range(len(cells))}
    for i, j in zip(border.row, border.col):
        neighbours[int(i)].append(int(j))
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    gdf = gpd.GeoDataFrame(
        {"x": centroids[:, 0], "y": centroids[:, 1], "hh": units_hh.astype(float)},
        geometry=cells,
    )
    floor = int(np.floor(target * (1 - tolerance)))
    rows = [
        (
            "gisgrid (METIS + repair)",
            t_ours,
            (
                len(ours.grids),
                ours.max_deviation,
                ours.contiguous,
                ours.polsby_popper_mean,
                ours.polsby_popper_min,
            ),
        )
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with peak_memory() as peak:
            start = time.process_time()
            skater = Skater(gdf, w, ["x", "y"], n_clusters=k, floor=floor)
            skater.solve()
            t_sk = time.process_time() - start
        peaks["spopt Skater"] = peak.mb
        rows.append(
            ("spopt Skater", t_sk, _stats(np.asarray(skater.labels_), units_hh, cells, target))
        )
        with peak_memory() as peak:
            start = time.process_time()
            maxp = MaxPHeuristic(
                gdf,
                w,
                ["x", "y"],
                "hh",
                floor,
                top_n=2,
                max_iterations_construction=3,
                max_iterations_sa=2,
            )
            maxp.solve()
            t_mp = time.process_time() - start
        peaks["spopt MaxPHeuristic"] = peak.mb
        labels = np.asarray(maxp.labels_)
        labels = np.unique(labels, return_inverse=True)[1]
        rows.append(("spopt MaxPHeuristic", t_mp, _stats(labels, units_hh, cells, target)))
    print(
        f"  {'method':<26}{'time s':>8}{'grids':>7}{'max dev':>9}{'contig':>8}{'PP mean':>9}"
        f"{'PP min':>8}"
    )
    job = f"plan one large grid ({n} households → {k} grids)"
    for name, seconds, (kk, dev, single, pp_mean, pp_min) in rows:
        print(
            f"  {name:<26}{seconds:8.2f}{kk:7d}{dev:9.1%}{'yes' if single else 'no':>8}"
            f"{pp_mean:9.3f}{pp_min:8.3f}  peak {peaks[name]:,.0f} MB"
        )
        method = "gisgrid" if name.startswith("gisgrid") else name
        record("plan", job, "town", method, seconds, peak_mb=peaks[name],
               note=f"{kk} grids; max dev {dev:.1%}; contiguous {'yes' if single else 'no'}; "
                    f"PP mean {pp_mean:.3f}")  # fmt: skip
    for name, seconds, (_, dev, _, pp_mean, _) in rows[1:]:
        print(
            f"  vs {name}: {seconds / t_ours:5.1f}× faster, max deviation "
            f"{dev / max(ours.max_deviation, 1e-9):4.1f}× lower, mean PP "
            f"{ours.polsby_popper_mean / max(pp_mean, 1e-9):4.2f}× "
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=0.10)
    parser.add_argument("--parent", help="large grid for the spopt comparison (default: ~500 hh)")
    args = parser.parse_args(argv)
    project = load_town()
    whole_town(project, args.tolerance)
    one_parent(project, args.parent, args.tolerance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
