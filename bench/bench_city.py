"""City scale: ~3,000,000 hotline records on the county's ~13,000 small grids.

The records are synthetic but shaped like a 12345 hotline export: each one is a county
household (picked with grid-level "hotness", so some grids call far more than others) plus
~40 m of scatter, a receipt time over one year (more on weekdays and in office hours), a
raw category text, a short description and a status. The CSV (UTF-8, Chinese headers) is
built once and cached under ``bench/out/``. On that data, each beside its peer:

* **import** — :func:`gisgrid.issue_import.import_issues` (encoding and header detection,
  field and category mapping, time parsing, status, stable ids, de-duplication) into a project
  without grids, beside ``pandas.read_csv`` + ``geopandas.points_from_xy``;
* **assign** — :func:`gisgrid.assign.locate_xy` beside ``geopandas.sjoin(predicate="within")``
  against the county's small grids (CPU time; results checked identical);
* **Gi\\* and emerging hot spots** on the counts aggregated per grid and week (52 weeks) —
  gisgrid ``GiStar``/``EmergingHotspots`` beside ``esda.G_Local`` (+ pymannkendall);
* **HTML map of 100,000 issues** (the sample town with 100,000 of these records around its
  households): :func:`gisgrid.layers.hotspot_web.write_hotspot_html`, its size and the time
  headless Chromium (offline, ``--dump-dom``) takes to load it; the page is kept as
  ``bench/out/town_hotspots_100000.html``.

Times are CPU seconds of this process (steadier than wall time on a shared machine), except
the HTML map's. Peak memory of each method is the resident memory above its start
(``bench/_results.py``).

    python bench/bench_city.py                      # 3,000,000 records
    python bench/bench_city.py --records 300000     # quicker
    python bench/bench_city.py --skip html
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from _results import OUT, peak_memory, record, release_memory

from gisgrid.assign import locate_xy
from gisgrid.project import Project

ROOT = Path(__file__).resolve().parents[1]
TOWN = ROOT / "sample_data" / "sample_town.gpkg"
WEEKS = 52
HTML_ISSUES = 100_000
CHROMIUM = Path("/usr/bin/chromium")
# Raw hotline categories as exports spell them; gisgrid maps them to the project's categories.
RAW_CATEGORIES = [
    "城乡建设/环境卫生", "路灯不亮", "噪音扰民", "道路破损", "劳动保障/拖欠工资",
    "医疗卫生", "物业管理", "供水供暖", "治安管理", "养老服务", "违章建筑", "其他",
]  # fmt: skip
CATEGORY_WEIGHTS = np.array([18, 8, 12, 9, 5, 6, 10, 9, 7, 4, 6, 6], dtype=float)
TEXTS = [
    "垃圾桶满溢多日无人清运", "路灯损坏晚上出行不便", "夜间施工噪音扰民", "路面坑洼积水",
    "工资拖欠三个月", "楼道堆放杂物", "停水未提前通知", "小区门口乱停车", "养老补贴未到账",
    "私搭乱建占用通道",
]  # fmt: skip
STATUS = ["已办结", "已办结", "已办结", "办理中", "已受理"]


def county_project() -> Project:
    """The county sample (built once under bench/out/)."""
    from gisgrid.sample_data.township import build_sample

    path = OUT / "sample_county.gpkg"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        build_sample(path, seed=1, scale="county")
    return Project.open(path)


def hotline_frame(project: Project, n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` synthetic hotline records around ``project``'s households, over one year."""
    rng = np.random.default_rng(seed)
    homes = project.layer("households")
    xy = shapely.get_coordinates(homes.geometry.to_numpy())
    # grid-level hotness: a few grids call far more (lognormal), as hotline data does
    grid = homes["grid_code"].astype(str).to_numpy()
    _, grid_idx = np.unique(grid, return_inverse=True)
    weight = rng.lognormal(0.0, 1.0, grid_idx.max() + 1)[grid_idx]
    pick = rng.choice(len(xy), n, p=weight / weight.sum())
    lonlat = xy[pick] + rng.normal(0, 40 / 111_000, (n, 2))
    end = pd.Timestamp("2026-11-20 23:59")
    day = rng.integers(0, 364, n)
    day = np.where(rng.random(n) < 0.2, day - day % 7, day)  # busier on one weekday
    minute = np.clip(rng.normal(13 * 60, 180, n), 0, 24 * 60 - 1).astype(int)
    when = end.normalize() - pd.to_timedelta(day, "D") + pd.to_timedelta(minute, "min")
    return pd.DataFrame(
        {
            "工单编号": np.char.add("GD", np.char.zfill(np.arange(n).astype(str), 9)),
            "来电时间": when.strftime("%Y-%m-%d %H:%M"),
            "诉求类别": np.array(RAW_CATEGORIES)[
                rng.choice(len(RAW_CATEGORIES), n, p=CATEGORY_WEIGHTS / CATEGORY_WEIGHTS.sum())
            ],
            "诉求内容": np.array(TEXTS)[rng.integers(0, len(TEXTS), n)],
            "经度": np.round(lonlat[:, 0], 6),
            "纬度": np.round(lonlat[:, 1], 6),
            "办理状态": np.array(STATUS)[rng.integers(0, len(STATUS), n)],
        }
    )


def hotline_csv(project: Project, n: int, name: str) -> Path:
    """The cached CSV of ``n`` records (built on first use)."""
    path = OUT / f"{name}_{n}.csv"
    if not path.exists():
        t = time.perf_counter()
        frame = hotline_frame(project, n)
        tmp = path.with_suffix(".part")
        frame.to_csv(tmp, index=False, encoding="utf-8")
        tmp.replace(path)
        print(f"  built {path.name} ({path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - t:.0f} s")  # fmt: skip
    return path


def measured(func, *args):
    """Run once; (output, wall s, CPU s, peak MB above the start)."""
    with peak_memory() as peak:
        wall, cpu = time.perf_counter(), time.process_time()
        out = func(*args)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return out, wall, cpu, peak.mb


def bench_import(csv: Path, n: int) -> pd.DataFrame:
    """Import the CSV both ways; return the plain frame (lon/lat) for the next steps."""
    from gisgrid.issue_import import import_issues

    def plain() -> gpd.GeoDataFrame:
        frame = pd.read_csv(csv)
        return gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs=4490
        )

    def ours() -> int:
        project = Project.create(None, "基准市")
        report = import_issues(project, csv)
        return report.added

    base, _, wall_p, mem_p = measured(plain)  # CPU seconds, named wall_* below
    release_memory()
    added, _, wall_o, mem_o = measured(ours)
    assert added == n == len(base), (added, n, len(base))
    job, note = "import hotline CSV → issues", f"{n:,} records, {csv.stat().st_size / 1e6:,.0f} MB"
    print(f"\nimport {n:,} records ({csv.name})")
    for method, wall, mem in (
        ("gisgrid import_issues", wall_o, mem_o),
        ("pandas.read_csv+points_from_xy", wall_p, mem_p),
    ):
        print(f"  {method:<34}{wall:7.1f} s CPU  {n / wall:>11,.0f} rows/s  peak {mem:,.0f} MB")
        name = "gisgrid" if method.startswith("gisgrid") else method
        record("city", job, "city", name, wall, rate=f"{n / wall:,.0f} rows/s", peak_mb=mem,
               note=note + "; CPU s; gisgrid into a project without grids")  # fmt: skip
    print(f"  ratio gisgrid/plain time {wall_o / wall_p:.2f}")
    return pd.DataFrame({"lon": base["经度"], "lat": base["纬度"], "at": base["来电时间"]})


def bench_assign(points: pd.DataFrame, grids: gpd.GeoDataFrame) -> np.ndarray:
    """locate_xy vs geopandas.sjoin(within); returns the grid index of each record."""
    n = len(points)
    polys = np.asarray(grids.geometry.array, dtype=object)

    def ours() -> np.ndarray:
        return locate_xy(points["lon"].to_numpy(), points["lat"].to_numpy(), polys)

    def sjoin() -> pd.DataFrame:
        left = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=grids.crs
        )
        return gpd.sjoin(left, grids[["geometry"]], predicate="within")

    got, wall_o, cpu_o, mem_o = measured(ours)
    joined, wall_s, cpu_s, mem_s = measured(sjoin)
    expected = np.full(n, -1, dtype=np.int64)
    expected[joined.index.to_numpy()] = joined["index_right"].to_numpy()
    del joined
    same = int((got == expected).sum())
    print(f"\nassign {n:,} records → {len(grids):,} small grids (CPU time, one run each)")
    job = "assign hotline records → small grids"
    note = f"{n:,} records, {len(grids):,} grids; CPU s, one run"
    for method, cpu, wall, mem in (
        ("gisgrid", cpu_o, wall_o, mem_o),
        ("geopandas.sjoin(within)", cpu_s, wall_s, mem_s),
    ):
        print(f"  {method:<26}{cpu:7.1f} s CPU ({wall:5.1f} s wall)  {n / cpu:>11,.0f} points/s  "
              f"peak {mem:,.0f} MB")  # fmt: skip
        record("city", job, "city", method, cpu, rate=f"{n / cpu:,.0f} points/s", peak_mb=mem,
               note=note)  # fmt: skip
    print(f"  ratio sjoin/gisgrid CPU {cpu_s / cpu_o:.1f}×; identical {same:,}/{n:,}; "
          f"outside every grid {(got < 0).sum():,}")  # fmt: skip
    if same != n:
        raise SystemExit("locate_xy differs from geopandas.sjoin(within)")
    return got


def bench_hotspots(points: pd.DataFrame, grid: np.ndarray, project: Project) -> None:
    """Gi* and emerging hot spots on per-grid weekly counts, gisgrid vs esda."""
    from bench_hotspots import plain_emerging, plain_gi

    from gisgrid.emerging import EmergingHotspots
    from gisgrid.hotspots import GiStar, contiguity

    grids_m = project.to_metric("grids_small")
    k = len(grids_m)
    when = pd.to_datetime(points["at"]).to_numpy()
    week = ((when.max() - when) // np.timedelta64(7, "D")).astype(int)
    keep = (grid >= 0) & (week < WEEKS)
    cube = np.zeros((k, WEEKS))
    np.add.at(cube, (grid[keep], WEEKS - 1 - week[keep]), 1.0)
    total = cube.sum(axis=1)
    t = time.perf_counter()
    w = contiguity(grids_m.geometry.to_numpy())
    print(f"\nhot spots on {k:,} grids × {WEEKS} weeks ({int(cube.sum()):,} records); "
          f"queen weights {time.perf_counter() - t:.1f} s")  # fmt: skip
    note = f"{k:,} grids × {WEEKS} weeks of {int(cube.sum()):,} aggregated records"
    # CPU seconds (all threads), named wall_* below
    gi, _, wall_o, mem_o = measured(GiStar(permutations=999, seed=1).fit, total, w)
    g, _, wall_p, mem_p = measured(plain_gi, total, w, 999)
    assert np.allclose(gi.z_, g.Zs)
    del g
    rows = [("Gi*, 999 permutations", "gisgrid", wall_o, mem_o),
            ("Gi*, 999 permutations", "esda", wall_p, mem_p)]  # fmt: skip
    ehs, _, wall_e, mem_e = measured(EmergingHotspots().fit, cube, w.sparse)
    (_, t_mk), _, wall_pe, mem_pe = measured(plain_emerging, cube, w)
    wall_pe += t_mk if k > 2000 else 0.0  # MK timed on a tenth of the grids, scaled up
    job = f"emerging hot spots, {WEEKS} weeks"
    rows += [(job, "gisgrid", wall_e, mem_e), (job, "esda + pymannkendall", wall_pe, mem_pe)]
    for job, method, wall, mem in rows:
        print(f"  {job:<30}{method:<22}{wall:7.2f} s CPU  peak {mem:,.0f} MB")
        extra = "; MK timed on a tenth, scaled" if method.startswith("esda +") else ""
        record("city", job, "city", method, wall, peak_mb=mem, note=note + "; CPU s" + extra)
    hot = int((ehs.labels_ != "no_pattern").sum())
    print(f"  {hot:,} grids with an emerging pattern")


def chromium_load(html: Path) -> tuple[float, float]:
    """Load ``html`` offline in headless Chromium: (load event ms, wall s of --dump-dom).

    A copy of the page gets a one-line script that writes ``performance.now()`` at the
    ``load`` event (all inline data parsed, the Leaflet layers built) into the title, which
    ``--dump-dom`` prints; the wall time includes starting the browser. Network is off.
    """
    probe = html.with_name("probe_" + html.name)
    stamp = (
        "<script>addEventListener('load',()=>{document.title='LOADED '"
        "+performance.now().toFixed(0)})</script>"
    )
    probe.write_text(html.read_text(encoding="utf-8").replace("</body>", stamp + "</body>"),
                     encoding="utf-8")  # fmt: skip
    with tempfile.TemporaryDirectory() as profile:
        cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
               "--proxy-server=127.0.0.1:9", "--dump-dom", probe.as_uri()]  # fmt: skip
        t = time.perf_counter()
        dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
        wall = time.perf_counter() - t
    found = re.search(r"LOADED (\d+)", dom)
    if not found:
        raise SystemExit(f"Chromium did not report the load of {probe}")
    return float(found.group(1)), wall


def bench_html(n: int = HTML_ISSUES) -> None:
    """The hotspot map of the sample town with ``n`` issues: write time, size, load time."""
    from gisgrid.layers.hotspot_web import write_hotspot_html

    from gisgrid.hotspots import HotspotParams, hotspots
    from gisgrid.issue_import import import_issues

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "town.gpkg"
        shutil.copy(TOWN, copy)
        project = Project.open(copy)
        project.set_layer("issues", project.layer("issues").iloc[:0])
        csv = hotline_csv(project, n, "town_hotline")
        import_issues(project, csv)
        result = hotspots(project, HotspotParams(permutations=999))
        html = Path(tmp) / "hotspots.html"
        _, wall_w, _, mem_w = measured(write_hotspot_html, result, html)
        size_mb = html.stat().st_size / 1e6
        shutil.copy(html, OUT / f"town_hotspots_{n}.html")  # kept for a look in a browser
        if CHROMIUM.exists():
            load_ms, wall_c = chromium_load(html)
            blank = Path(tmp) / "blank.html"
            blank.write_text("<html><body></body></html>", encoding="utf-8")
            _, wall_blank = chromium_load(blank)
        else:
            load_ms = wall_c = wall_blank = float("nan")
    print(f"\nHTML hotspot map, sample town + {n:,} issues: written in {wall_w:.1f} s "
          f"(peak {mem_w:,.0f} MB), {size_mb:.1f} MB (target < 10 MB)")  # fmt: skip
    print(f"  headless Chromium: load event at {load_ms / 1000:.2f} s (target < 3 s); "
          f"--dump-dom wall {wall_c:.1f} s, of an empty page {wall_blank:.1f} s")  # fmt: skip
    note = f"sample town + {n:,} issues"
    record("city", f"HTML map of {n:,} issues: write", "town", "gisgrid", wall_w,
           peak_mb=mem_w, note=f"{note}; {size_mb:.1f} MB")  # fmt: skip
    record("city", f"HTML map of {n:,} issues: size (MB)", "town", "gisgrid", size_mb,
           note=note)  # fmt: skip
    record("city", f"HTML map of {n:,} issues: open in headless Chromium", "town", "gisgrid",
           load_ms / 1000, note=f"{note}; performance.now() at the load event, offline; "
           f"--dump-dom wall {wall_c:.1f} s (empty page {wall_blank:.1f} s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3_000_000)
    parser.add_argument("--skip", choices=["import", "assign", "hotspots", "html"],
                        action="append", default=[])  # fmt: skip
    args = parser.parse_args()
    warnings.simplefilter("ignore", FutureWarning)
    if "html" not in args.skip:
        bench_html()
    if {"import", "assign", "hotspots"} <= set(args.skip):
        return
    project = county_project()
    csv = hotline_csv(project, args.records, "city_hotline")
    if "import" in args.skip:
        frame = pd.read_csv(csv, usecols=["经度", "纬度", "来电时间"])
        points = pd.DataFrame({"lon": frame["经度"], "lat": frame["纬度"], "at": frame["来电时间"]})
    else:
        points = bench_import(csv, args.records)
    release_memory()
    grids = project.layer("grids_small")[["code", "geometry"]]
    grid = bench_assign(points, grids)
    if "hotspots" not in args.skip:
        bench_hotspots(points, grid, project)


if __name__ == "__main__":
    main()
