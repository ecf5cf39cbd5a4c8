"""Gi* and emerging hot spots: gisgrid vs. plain esda usage, at town and county scale.

Synthetic lattices of irregular (Voronoi) grids with weekly Poisson counts, a persistent and
an emerging cluster planted. Both sides run in one process on the same data:

* **Gi\\*, P permutations** — gisgrid ``GiStar`` (esda's z-scores, total randomisation done
  as batched sparse products, tie-aware two-sided p, FDR) vs. plain
  ``esda.G_Local(star=True, transform="B", permutations=P)``;
* **emerging hot spots over 52 weeks** — gisgrid ``EmergingHotspots`` (space-time Gi* for the
  whole cube, vectorised Mann-Kendall, classes) vs. the plain route: ``esda.G_Local`` per week
  (analytical) plus ``pymannkendall.original_test`` per grid (timed on a tenth of the grids
  and scaled up when there are more than 2,000).

Times are CPU seconds of this process (all threads; steadier than wall time on a shared
machine). Queen weights (libpysal) are built once and timed separately. Target (DESIGN.md): Gi* +
emerging hot spots for 13,000 grids × 52 weeks under 10 s. Every figure, with the peak resident
memory of each method (above its start, see ``bench/_results.py``), goes to
``bench/out/results.jsonl``.

    python bench/bench_hotspots.py                 # town (662 grids) and county (13,000)
    python bench/bench_hotspots.py --scale county --permutations 999
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import shapely
from _results import peak_memory, record

from gisgrid.emerging import EmergingHotspots
from gisgrid.hotspots import GiStar, contiguity

SCALES = {"town": 662, "county": 13_000}
WEEKS = 52


def lattice(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``n`` Voronoi grids of about 300 m in a square, and their centroids."""
    rng = np.random.default_rng(seed)
    side = 300.0 * np.sqrt(n)
    pts = shapely.points(rng.uniform(0, side, (n, 2)))
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts)))
    cells = shapely.intersection(cells, shapely.box(0, 0, side, side))
    cells = cells[np.argsort(shapely.get_x(shapely.centroid(cells)))]
    return cells, np.column_stack(
        [shapely.get_x(shapely.centroid(cells)), shapely.get_y(shapely.centroid(cells))]
    )


def cube(xy: np.ndarray, seed: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = len(xy)
    counts = rng.poisson(0.3, (n, WEEKS)).astype(float)
    centre = xy.mean(axis=0)
    d = np.hypot(*(xy - centre).T)
    counts[d < 700] += rng.poisson(2.0, ((d < 700).sum(), WEEKS))  # persistent
    far = np.hypot(*(xy - xy.min(axis=0) - 2000).T) < 600
    counts[far, -6:] += rng.poisson(3.0, (far.sum(), 6))  # emerging
    return counts


PEAK_MB: list[float] = [0.0]  # peak resident memory of the last timed() call


def timed(fn, *args, **kwargs):
    with peak_memory() as peak:
        t = time.process_time()
        out = fn(*args, **kwargs)
        elapsed = time.process_time() - t
    PEAK_MB[0] = peak.mb
    return elapsed, out


def plain_gi(y, w, permutations):
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, w, transform="B", star=True, permutations=permutations, seed=1)


def plain_emerging(values, w):
    """Per-week analytical Gi* with esda, then pymannkendall per grid (the obvious route)."""
    import esda
    import pymannkendall

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = np.column_stack(
            [
                esda.G_Local(values[:, t], w, transform="B", star=True, permutations=0).Zs
                for t in range(values.shape[1])
            ]
        )
    rows = z if len(z) <= 2000 else z[: len(z) // 10]
    t = time.process_time()
    for row in rows:
        pymannkendall.original_test(row)
    mk = (time.process_time() - t) * (len(z) / len(rows))
    return z, mk


def run(scale: str, permutations: int) -> None:
    n = SCALES[scale]
    cells, xy = lattice(n)
    values = cube(xy)
    total = values.sum(axis=1)
    print(f"\n[{scale}] {len(cells)} grids × {WEEKS} weeks, {int(values.sum())} issues")
    t_w, w = timed(contiguity, cells)
    print(f"  queen weights (libpysal)            {t_w:7.2f} s")

    t_ours, gi = timed(GiStar(permutations=permutations, seed=1).fit, total, w)
    mem_ours = PEAK_MB[0]
    t_plain, g = timed(plain_gi, total, w, permutations)
    mem_plain = PEAK_MB[0]
    hot = int((gi.classes_ > 0).sum())
    print(f"  Gi* {permutations} perms  gisgrid            {t_ours:7.2f} s  ({hot} hot grids)")
    print(f"  Gi* {permutations} perms  plain esda         {t_plain:7.2f} s  ratio "
          f"{t_plain / t_ours:5.1f}×")  # fmt: skip
    assert np.allclose(gi.z_, g.Zs)
    job, note = f"Gi*, {permutations} permutations", f"{len(cells):,} grids"
    record("hotspots", job, scale, "gisgrid", t_ours, peak_mb=mem_ours, note=note)
    record("hotspots", job, scale, "esda", t_plain, peak_mb=mem_plain,
           note=note + "; esda.G_Local(star=True, transform='B')")  # fmt: skip

    t_big, big = timed(GiStar(permutations=99_999, seed=1).fit, total, w)
    mem_big = PEAK_MB[0]
    record("hotspots", "Gi*, 99,999 permutations (gisgrid default)", scale, "gisgrid", t_big,
           peak_mb=mem_big, note=f"{len(cells):,} grids")  # fmt: skip
    n_hot, n_99 = int((big.classes_ > 0).sum()), int((big.classes_ == 3).sum())
    print(f"  Gi* 99999 perms gisgrid (default)   {t_big:7.2f} s  ({n_hot} hot, {n_99} at 99 %)")

    t_e, ehs = timed(EmergingHotspots().fit, values, w.sparse)
    mem_e = PEAK_MB[0]
    t_pe, (z_plain, t_mk) = timed(plain_emerging, values, w)
    mem_pe = PEAK_MB[0]
    t_pe += t_mk if len(values) > 2000 else 0.0
    labels, counts = np.unique(ehs.labels_, return_counts=True)
    found = ", ".join(f"{a} {b}" for a, b in zip(labels, counts) if a != "no_pattern")
    print(f"  emerging, {WEEKS} weeks  gisgrid         {t_e:7.2f} s  ({found})")
    print(f"  emerging, {WEEKS} weeks  esda + pymannkendall {t_pe:7.2f} s  ratio "
          f"{t_pe / t_e:5.1f}× (per-week Gi*; MK timed on a tenth at county)")  # fmt: skip
    job, note = f"emerging hot spots, {WEEKS} weeks", f"{len(cells):,} grids × {WEEKS} weeks"
    record("hotspots", job, scale, "gisgrid", t_e, peak_mb=mem_e, note=note)
    extra = "; MK timed on a tenth of the grids, scaled" if len(values) > 2000 else ""
    record("hotspots", job, scale, "esda + pymannkendall", t_pe, peak_mb=mem_pe,
           note=note + "; esda.G_Local per week + pymannkendall per grid" + extra)  # fmt: skip
    both = max(t_ours, t_big) + t_e
    record("hotspots", "Gi* + emerging hot spots", scale, "gisgrid", both,
           peak_mb=max(mem_ours, mem_big, mem_e),
           note="Gi* (the slower of 999 and 99,999 perms) + emerging; weights apart")  # fmt: skip
    verdict = "under" if both < 10 else "OVER"
    print(f"  Gi* + emerging (gisgrid)            {both:7.2f} s  — {verdict} the 10 s target "
          f"(+ {t_w:.2f} s weights)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--permutations", type=int, default=999)
    args = parser.parse_args()
    for scale in SCALES if args.scale == "both" else [args.scale]:
        run(scale, args.permutations)


if __name__ == "__main__":
    main()
