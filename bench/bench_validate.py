"""Hierarchy validation: gisgrid.validate vs. a plain geopandas check (sjoin + overlay).

Both run on the same data in one process and do the same three checks: children outside their
parent, gaps in the parent's coverage, sibling overlaps. Prints CPU seconds (this process; both
are single-threaded, and CPU time holds better than wall time on a shared machine), peak
resident memory (above the start of each method, see ``bench/_results.py``) and the ratio, and
records them in ``bench/out/results.jsonl``.

    python bench/bench_validate.py                  # town and county samples (built once)
    python bench/bench_validate.py --scale town
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
from _results import peak_memory, record

from gisgrid.hierarchy import ValidationParams, validate
from gisgrid.project import Project

OUT = Path(__file__).resolve().parent / "out"


def sample(scale: str) -> Project:
    from gisgrid.sample_data.township import build_sample

    path = OUT / f"sample_{scale}.gpkg"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        t = time.process_time()
        build_sample(path, seed=1, scale=scale)
        print(f"  built {path.name} in {time.process_time() - t:.1f} s")
    return Project.open(path)


def geopandas_check(project: Project) -> dict[str, int]:
    """The obvious way with plain geopandas: sjoin for nesting, overlay for gaps/overlaps."""
    found = {"outside_parent": 0, "gap": 0, "overlap": 0}
    levels = [lv for lv in project.level_layers if len(project.layer(lv))]
    for parent_name, child_name in zip(levels, levels[1:]):
        parents = project.to_metric(parent_name)[["code", "geometry"]]
        children = project.to_metric(child_name)[["code", "parent_code", "geometry"]]
        inside = gpd.sjoin(children, parents, predicate="within", how="left")
        found["outside_parent"] += int(inside["index_right"].isna().sum())
        gaps = gpd.overlay(parents, children, how="difference", keep_geom_type=True)
        gaps = gaps.explode(index_parts=False)
        found["gap"] += int((gaps.area > 1.0).sum())
        pairs = gpd.overlay(
            children.rename(columns={"code": "a"})[["a", "geometry"]],
            children.rename(columns={"code": "b"})[["b", "geometry"]],
            how="intersection",
            keep_geom_type=True,
        )
        pairs = pairs[pairs["a"] < pairs["b"]]
        found["overlap"] += int((pairs.area > 1.0).sum())
    return found


def run(scale: str) -> dict[str, float]:
    project = sample(scale)
    info = project.info()["levels"]
    params = ValidationParams(check_households=False, check_staffing=False)
    with peak_memory() as mem_ours:
        t = time.process_time()
        result = validate(project, params)
        ours = time.process_time() - t
    with peak_memory() as mem_theirs:
        t = time.process_time()
        theirs_counts = geopandas_check(project)
        theirs = time.process_time() - t
    with peak_memory() as mem_full:
        full_t = time.process_time()
        full = validate(project)
        full_s = time.process_time() - full_t
    print(
        f"{scale:<7} {info}  gisgrid {ours:6.2f} s  geopandas sjoin+overlay {theirs:6.2f} s  "
        f"ratio {theirs / ours:5.1f}x  | full check incl. households+staffing {full_s:.2f} s "
        f"({len(full.problems)} problems)"
    )
    print(f"        gisgrid found {result.counts or 'no problems'}; geopandas {theirs_counts}")
    print(
        f"        peak memory: gisgrid {mem_ours.mb:,.0f} MB, geopandas {mem_theirs.mb:,.0f} MB, "
        f"full check {mem_full.mb:,.0f} MB"
    )
    grids = f"{info.get('grids_small', '?'):,} small grids; CPU s" if info else "CPU s"
    job = "validate hierarchy"
    record("validate", job, scale, "gisgrid", ours, peak_mb=mem_ours.mb, note=grids)
    record("validate", job, scale, "geopandas sjoin+overlay", theirs, peak_mb=mem_theirs.mb,
           note=grids)  # fmt: skip
    record("validate", "validate, full check (households, staffing)", scale, "gisgrid", full_s,
           peak_mb=mem_full.mb, note=f"{len(full.problems)} problems")  # fmt: skip
    return {"scale": scale, "gisgrid_s": ours, "geopandas_s": theirs, "ratio": theirs / ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["town", "county"], action="append")
    args = parser.parse_args()
    rows = [run(scale) for scale in args.scale or ["town", "county"]]
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
