"""PostGIS beside gisgrid on the county sample: households → grids, hierarchy checks, CSV import.

Starts its own throwaway PostgreSQL 15 + PostGIS 3 server from Debian's packages (installed
with apt-get when missing and run as root; see ``bench/postgis_server.py``: Unix socket only,
``fsync=off``, one core), runs three jobs on the data of the other bench scripts, and deletes
the server at the end. Without PostgreSQL/PostGIS or psycopg it prints "PostGIS peer skipped"
and exits 0.

1. households → grids: ``--points`` points made by ``bench_assign.make_points`` (1,000,000)
   against the county's ~13,000 small grids: COPY (hex EWKB), GiST indexes + ANALYZE, then one
   ``ST_Intersects`` join keeping the lowest grid code per point (gisgrid's tie rule), beside
   ``gisgrid.assign.locate_xy``. Assignments are compared point by point.
2. hierarchy validation: sibling overlaps (``&&`` + ``ST_Relate '2********'``), children
   outside their stated parent, orphans and gaps (parent minus ``ST_Union`` of the children
   meeting it) in SQL, in the Gauss-Krüger zone, beside ``gisgrid.hierarchy.validate``, on the
   county with ``--defects`` small grids shifted 20 m (in memory) so there is something to find.
3. import: COPY of ``bench_import.make_csv``'s GB18030 ledger + ``ST_MakePoint``, beside
   ``gisgrid.io.importer.read_source`` (which also detects encoding, headers and coordinates).

Times are CPU seconds, best of ``--repeat`` where repeated: for PostGIS the server's processes
plus this client's thread, for gisgrid this process; wall seconds are shown beside them.
Peak memory: PostGIS, the server's summed PSS during the job (shared buffers counted once);
gisgrid, this process's resident memory above its start (``bench/_results.py``). Rows go to
``bench/out/results.jsonl`` (bench "postgis").

    python bench/bench_postgis.py
    python bench/bench_postgis.py --points 200000 --repeat 1 --defects 0
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from _results import peak_memory, record

STORED_SRID = 4490
MIN_AREA_M2, TOLERANCE_M = 1.0, 1.0  # gisgrid's ValidationParams defaults


@dataclass
class Row:
    """One measured figure: CPU and wall seconds, rate, peak MB and a note."""

    job: str
    method: str
    cpu: float
    wall: float
    rate: str = ""
    peak_mb: float | None = None
    note: str = ""


def skip(why: str) -> None:
    """Say why the PostGIS peer cannot run, and leave with exit code 0."""
    print(f"PostGIS peer skipped: {why}")
    raise SystemExit(0)


def sql_step(meter: Any, func: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``func``; return (output, CPU s of server + this thread, wall s)."""
    server0, thread0, wall0 = meter.server_cpu(), time.thread_time(), time.perf_counter()
    out = func()
    wall = time.perf_counter() - wall0
    return out, time.thread_time() - thread0 + meter.cpu_since(server0), wall


def best_of(repeat: int, func: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """Run ``func`` ``repeat`` times in this process; (output, best CPU s, best wall s, peak MB)."""
    cpus, walls, peak_mb, out = [], [], 0.0, None
    for _ in range(repeat):
        out = None
        with peak_memory() as peak:
            wall0, cpu0 = time.perf_counter(), time.process_time()
            out = func()
            cpus.append(time.process_time() - cpu0)
            walls.append(time.perf_counter() - wall0)
        peak_mb = max(peak_mb, peak.mb)
    return out, min(cpus), min(walls), peak_mb


def copy_text(conn: Any, sql: str, lines: list[str], chunk: int = 100_000) -> None:
    """COPY tab-separated ``lines`` (text format) to the server."""
    with conn.cursor() as cur, cur.copy(sql) as copy:
        for start in range(0, len(lines), chunk):
            copy.write("\n".join(lines[start : start + chunk]) + "\n")


def ewkb_hex(geoms: np.ndarray, srid: int = STORED_SRID) -> np.ndarray:
    """Hex EWKB (with SRID) of shapely geometries, as PostGIS reads it in COPY."""
    return shapely.to_wkb(shapely.set_srid(geoms, srid), hex=True, include_srid=True)


# -- 1. households → grids ------------------------------------------------------------------
LOCATE_SQL = """
CREATE UNLOGGED TABLE located AS
SELECT DISTINCT ON (p.id) p.id, g.idx
FROM pts p JOIN grids g ON ST_Intersects(g.geom, p.geom)
ORDER BY p.id, g.idx"""


def locate_job(
    pg: Any, polygons: np.ndarray, xy: np.ndarray, repeat: int, cluster: bool = False
) -> list[Row]:
    """Points → grids in PostGIS (load, index, query) and with locate_xy; compare results.

    With ``cluster`` the points table is rewritten in GiST order (``CLUSTER``) before ANALYZE,
    so neighbouring points meet the same grid in turn (PostGIS caches the prepared polygon).
    """
    from gisgrid.assign import locate_xy

    n, job = len(xy), "households → small grids" + (" (CLUSTER)" if cluster else "")
    with pg.connect() as conn, pg.meter() as meter:
        conn.execute("CREATE TABLE grids (idx int, geom geometry(Geometry, 4490))")
        conn.execute("CREATE TABLE pts (id int, geom geometry(Point, 4490))")

        def load() -> None:
            copy_text(conn, "COPY grids (idx, geom) FROM STDIN",
                      [f"{i}\t{h}" for i, h in enumerate(ewkb_hex(polygons))])  # fmt: skip
            points = ewkb_hex(shapely.points(xy))
            copy_text(conn, "COPY pts (id, geom) FROM STDIN",
                      [f"{i}\t{h}" for i, h in enumerate(points)])  # fmt: skip

        def index() -> None:
            conn.execute("CREATE INDEX ON grids USING gist (geom)")
            conn.execute("CREATE INDEX pts_geom ON pts USING gist (geom)")
            if cluster:
                conn.execute("CLUSTER pts USING pts_geom")
            conn.execute("ANALYZE grids")
            conn.execute("ANALYZE pts")

        def query() -> None:
            conn.execute("DROP TABLE IF EXISTS located")
            conn.execute(LOCATE_SQL)

        _, load_cpu, load_wall = sql_step(meter, load)
        _, index_cpu, index_wall = sql_step(meter, index)
        runs = [sql_step(meter, query)[1:] for _ in range(repeat)]
        query_cpu, query_wall = min(c for c, _ in runs), min(w for _, w in runs)
        plan = conn.execute("EXPLAIN " + LOCATE_SQL.split("AS", 1)[1]).fetchall()
        pairs = np.array(conn.execute("SELECT id, idx FROM located").fetchall(), dtype=np.int64)
    theirs = np.full(n, -1, dtype=np.int64)
    if len(pairs):
        theirs[pairs[:, 0]] = pairs[:, 1]
    join = next((line for (line,) in plan if "Join" in line or "Nested Loop" in line), "?")
    print(f"  PostGIS plan: {join.strip().split('  (')[0].lstrip('-> ')}")

    def ours() -> np.ndarray:
        return locate_xy(xy[:, 0], xy[:, 1], shapely.from_wkb(shapely.to_wkb(polygons)))

    got, our_cpu, our_wall, our_peak = best_of(repeat, ours)
    differ = np.flatnonzero(got != theirs)
    on_border = int(
        sum(
            shapely.intersects_xy(shapely.boundary(polygons[k]), *xy[i])
            for i in differ
            for k in (got[i], theirs[i])
            if k >= 0
        )
    )
    server = meter.peak_mb
    total_cpu = load_cpu + index_cpu + query_cpu
    total_wall = load_wall + index_wall + query_wall
    index_step = "GiST ×2 + CLUSTER + ANALYZE" if cluster else "GiST ×2 + ANALYZE"
    steps = (f"load (COPY hex EWKB) {load_cpu:.2f} s, {index_step} {index_cpu:.2f} s, "
             f"query {query_cpu:.2f} s CPU")  # fmt: skip
    print(f"  {steps}")
    print(f"  same grid for {n - len(differ):,}/{n:,} points; {len(differ):,} differ "
          f"({on_border} of their grids have the point on the border)")  # fmt: skip
    same = f"{n:,} points, {len(polygons):,} grids; {n - len(differ):,} assigned alike"
    return [
        Row(f"{job}: query", "PostGIS", query_cpu, query_wall, f"{n / query_cpu:,.0f} points/s",
            server, f"ST_Intersects join, lowest code; best of {repeat}; {same}"),
        Row(f"{job}: query", "gisgrid", our_cpu, our_wall, f"{n / our_cpu:,.0f} points/s",
            our_peak, f"{n:,} points; locate_xy incl. index build; best of {repeat}"),
        Row(f"{job}: load+index+query", "PostGIS", total_cpu, total_wall,
            f"{n / total_cpu:,.0f} points/s", server, f"{n:,} points; {steps}"),
        Row(f"{job}: load+index+query", "gisgrid", our_cpu, our_wall,
            f"{n / our_cpu:,.0f} points/s", our_peak, f"{n:,} points, already in memory"),
    ]  # fmt: skip


# -- 2. hierarchy validation ----------------------------------------------------------------
def overlap_sql(child: str) -> str:
    """Significant sibling overlaps at one level (gisgrid's rule: area ≥ 1 m², wider than 1 m)."""
    return f"""
SELECT count(*) FROM (
  SELECT ST_Intersection(a.geom, b.geom) AS piece FROM lv_{child} a JOIN lv_{child} b
  ON a.id < b.id AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')) s
WHERE ST_Area(piece) >= {MIN_AREA_M2} AND NOT ST_IsEmpty(ST_Buffer(piece, {-TOLERANCE_M / 2}))"""


def outside_sql(parent: str, child: str) -> str:
    """Children with a significant part outside their stated parent."""
    return f"""
SELECT count(*) FROM (
  SELECT ST_Difference(c.geom, p.geom) AS piece FROM lv_{child} c JOIN lv_{parent} p
  ON p.code = c.parent_code WHERE NOT ST_CoveredBy(c.geom, p.geom)) s
WHERE ST_Area(piece) >= {MIN_AREA_M2} AND NOT ST_IsEmpty(ST_Buffer(piece, {-TOLERANCE_M / 2}))"""


def orphan_sql(parent: str, child: str) -> str:
    """Children whose stated parent code names no unit."""
    return f"""
SELECT count(*) FROM lv_{child} c LEFT JOIN lv_{parent} p ON p.code = c.parent_code
WHERE p.code IS NULL AND ST_Area(c.geom) > 0"""


def gap_sql(parent: str, child: str, srid: int) -> str:
    """Significant pieces of a parent not covered by any child."""
    return f"""
SELECT count(*) FROM (
  SELECT (ST_Dump(ST_Difference(p.geom, coalesce(ST_Union(c.geom),
          ST_SetSRID('POLYGON EMPTY'::geometry, {srid}))))).geom AS piece
  FROM lv_{parent} p LEFT JOIN lv_{child} c ON p.geom && c.geom AND ST_Intersects(p.geom, c.geom)
  GROUP BY p.id, p.geom) s
WHERE ST_Area(piece) >= {MIN_AREA_M2} AND NOT ST_IsEmpty(ST_Buffer(piece, {-TOLERANCE_M / 2}))"""


def plant_defects(project: Any, count: int, shift_m: float = 20.0, seed: int = 3) -> None:
    """Shift ``count`` random small grids ``shift_m`` east, in memory (never saved)."""
    if count <= 0:
        return
    grids = project.layer("grids_small").copy()
    pick = np.random.default_rng(seed).choice(len(grids), count, replace=False)
    geoms = np.asarray(grids.geometry.array, dtype=object)
    lat = np.radians(shapely.get_y(shapely.centroid(geoms[pick])))
    dx = shift_m / (111_320 * np.cos(lat))
    geoms[pick] = [shapely.transform(g, lambda c, d=d: c + [d, 0]) for g, d in zip(geoms[pick], dx)]
    project.set_layer("grids_small", grids.set_geometry(geoms, crs=grids.crs))


def validate_job(pg: Any, project: Any, open_cpu: float, open_wall: float) -> list[Row]:
    """The nesting/overlap/gap checks in SQL and with gisgrid.hierarchy.validate."""
    from gisgrid.hierarchy import ValidationParams, validate
    from gisgrid.schema import LEVEL_LAYERS

    levels = [lv for lv in project.meta.levels if len(project.layer(LEVEL_LAYERS[lv]))]
    srid = project.metric_crs.to_epsg()
    params = ValidationParams(check_households=False, check_staffing=False)
    result, our_cpu, our_wall, our_peak = best_of(1, lambda: validate(project, params))
    ours = {k: result.counts.get(k, 0) for k in ("overlap", "outside_parent", "orphan", "gap")}
    sizes = ", ".join(f"{len(project.layer(LEVEL_LAYERS[lv])):,} {lv}" for lv in levels)
    job = "hierarchy validation"
    with pg.connect() as conn, pg.meter() as meter:

        def load() -> None:
            for lv in levels:
                frame = project.layer(LEVEL_LAYERS[lv])
                conn.execute(f"CREATE TABLE raw_{lv} (id int, code text, parent_code text, "
                             "geom geometry(Geometry, 4490))")  # fmt: skip
                hexes = ewkb_hex(np.asarray(frame.geometry.array, dtype=object))
                parents = frame["parent_code"] if "parent_code" in frame else [None] * len(frame)
                with conn.cursor() as cur, cur.copy(f"COPY raw_{lv} FROM STDIN") as copy:
                    for row in zip(range(len(frame)), frame["code"], parents, hexes):
                        copy.write_row(row)

        def prepare() -> None:  # project to metres, repair invalid polygons, index
            for lv in levels:
                conn.execute(f"""CREATE TABLE lv_{lv} AS SELECT id, code, parent_code,
                  ST_Transform(CASE WHEN ST_IsValid(geom) THEN geom
                    ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END, {srid}) AS geom
                  FROM raw_{lv}""")  # fmt: skip
                conn.execute(f"CREATE INDEX ON lv_{lv} USING gist (geom)")
                conn.execute(f"CREATE INDEX ON lv_{lv} (code)")
                conn.execute(f"ANALYZE lv_{lv}")

        def checks() -> dict[str, int]:
            found = dict.fromkeys(ours, 0)
            for parent, child in zip(levels, levels[1:]):
                for kind, sql in (("overlap", overlap_sql(child)),
                                  ("outside_parent", outside_sql(parent, child)),
                                  ("orphan", orphan_sql(parent, child)),
                                  ("gap", gap_sql(parent, child, srid))):  # fmt: skip
                    found[kind] += conn.execute(sql).fetchone()[0]
            return found

        _, load_cpu, load_wall = sql_step(meter, load)
        _, prep_cpu, prep_wall = sql_step(meter, prepare)
        theirs, check_cpu, check_wall = sql_step(meter, checks)
    server = meter.peak_mb
    steps = (f"load (COPY) {load_cpu:.2f} s, ST_Transform/MakeValid + GiST + ANALYZE "
             f"{prep_cpu:.2f} s, checks {check_cpu:.2f} s CPU")  # fmt: skip
    print(f"  {sizes}; {steps}; gisgrid open project {open_cpu:.2f} s CPU")
    print(f"  problems found: gisgrid {ours}; PostGIS {theirs}")
    agree = "same counts" if ours == theirs else f"gisgrid {ours}, PostGIS {theirs}"
    total_cpu, total_wall = load_cpu + prep_cpu + check_cpu, load_wall + prep_wall + check_wall
    return [
        Row(f"{job}: checks", "PostGIS", check_cpu, check_wall, "", server,
            f"{sizes}; overlap, outside parent, orphan, gap in SQL; {agree}"),
        Row(f"{job}: checks", "gisgrid", our_cpu, our_wall, "", our_peak,
            "validate without households/staffing (also geometry and code checks)"),
        Row(f"{job}: load+checks", "PostGIS", total_cpu, total_wall, "", server, steps),
        Row(f"{job}: load+checks", "gisgrid", open_cpu + our_cpu, open_wall + our_wall, "",
            our_peak, "Project.open of the GeoPackage + validate"),
    ]  # fmt: skip


# -- 3. import --------------------------------------------------------------------------------
def import_job(pg: Any, n: int) -> list[Row]:
    """The 1M-row GB18030 CSV ledger: COPY + ST_MakePoint vs gisgrid's read_source."""
    from bench_import import make_csv

    from gisgrid.io.importer import read_source

    job = "import CSV household ledger (GB18030)"
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "住户台账.csv"
        make_csv(csv, n)
        (frame, report), our_cpu, our_wall, our_peak = best_of(
            1, lambda: read_source(csv, "households")
        )
        with pg.connect() as conn, pg.meter() as meter:
            conn.execute("CREATE TABLE ledger_raw (hh_id text, head text, address text, "
                         "phone text, size int, lon float8, lat float8)")  # fmt: skip

            def copy() -> None:
                sql = "COPY ledger_raw FROM STDIN (FORMAT csv, HEADER true, ENCODING 'GB18030')"
                with conn.cursor() as cur, cur.copy(sql) as out, csv.open("rb") as src:
                    while block := src.read(1 << 20):
                        out.write(block)

            def make_points() -> int:
                conn.execute("CREATE TABLE ledger AS SELECT *, ST_SetSRID(ST_MakePoint(lon, lat), "
                             f"{STORED_SRID}) AS geom FROM ledger_raw")  # fmt: skip
                return conn.execute("SELECT count(*) FROM ledger").fetchone()[0]

            _, copy_cpu, copy_wall = sql_step(meter, copy)
            rows, point_cpu, point_wall = sql_step(meter, make_points)
    if rows != n or report.imported != n:
        raise SystemExit(f"import row counts differ: PostGIS {rows:,}, gisgrid {report.imported:,}")
    steps = f"COPY {copy_cpu:.2f} s, ST_MakePoint table {point_cpu:.2f} s CPU"
    print(f"  {steps}; both imported {n:,} rows")
    cpu, wall = copy_cpu + point_cpu, copy_wall + point_wall
    return [
        Row(job, "PostGIS", cpu, wall, f"{n / cpu:,.0f} rows/s", meter.peak_mb,
            f"{n:,} rows; {steps}"),
        Row(job, "gisgrid", our_cpu, our_wall, f"{n / our_cpu:,.0f} rows/s", our_peak,
            f"{n:,} rows; read_source: encoding/header detection, coordinate checks, schema"),
    ]  # fmt: skip


# -- main -------------------------------------------------------------------------------------
def print_table(rows: list[Row]) -> None:
    """Rows grouped by job, PostGIS beside gisgrid, with the ratio PostGIS / gisgrid CPU."""
    cpu = {(r.job, r.method): r.cpu for r in rows}
    width = max(len(r.job) for r in rows) + 2
    print(f"\n{'job':<{width}}{'method':<9}{'CPU s':>8}{'wall s':>8}{'peak MB':>9}  ratio")
    for r in rows:
        ratio = ""
        if r.method == "PostGIS" and (r.job, "gisgrid") in cpu:
            ratio = f"{r.cpu / cpu[(r.job, 'gisgrid')]:5.1f}x gisgrid"
        peak = "" if r.peak_mb is None else f"{r.peak_mb:,.0f}"
        print(f"{r.job:<{width}}{r.method:<9}{r.cpu:8.2f}{r.wall:8.2f}{peak:>9}  {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000, help="points and CSV rows")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many (job 1)")
    parser.add_argument("--defects", type=int, default=20, help="small grids shifted 20 m")
    parser.add_argument("--skip-import", action="store_true", help="leave out job 3")
    parser.add_argument("--cluster", action="store_true", help="CLUSTER the points (job 1)")
    args = parser.parse_args()
    try:
        import psutil  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as err:
        skip(f"{err.name} is not installed (pip install -e '.[bench]')")
    from postgis_server import PostgisServer, Unavailable, ensure_packages

    try:
        ensure_packages()
    except Unavailable as err:
        skip(str(err))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the server is stopped too

    from bench_assign import OUT, county_grids, make_points

    from gisgrid.project import Project

    grids, homes = county_grids()
    grids = grids.sort_values("code", kind="stable").reset_index(drop=True)
    polygons = np.asarray(grids.geometry.array, dtype=object)
    xy = make_points(homes, grids.total_bounds, args.points)
    project, open_cpu, open_wall, _ = best_of(1, lambda: Project.open(OUT / "sample_county.gpkg"))
    plant_defects(project, args.defects)
    try:
        with PostgisServer() as pg:
            with pg.connect() as conn:
                version = conn.execute("SELECT postgis_lib_version(), version()").fetchone()
            print(f"PostGIS {version[0]} on {version[1].split(' on ')[0]} "
                  "(throwaway server, fsync=off, no parallel query)")  # fmt: skip
            print(f"1. households → grids (county sample, {len(xy):,} points)")
            rows = locate_job(pg, polygons, xy, args.repeat, args.cluster)
            print(f"2. hierarchy validation (county sample, {args.defects} grids shifted 20 m)")
            rows += validate_job(pg, project, open_cpu, open_wall)
            if not args.skip_import:
                print(f"3. import of a {args.points:,}-row CSV ledger")
                rows += import_job(pg, args.points)
    except Unavailable as err:
        skip(str(err))
    except KeyboardInterrupt:
        raise SystemExit(
            "interrupted; the bench PostgreSQL server is stopped and deleted"
        ) from None
    print_table(rows)
    for r in rows:
        note = f"CPU s ({r.wall:.2f} s wall); {r.note}"
        record("postgis", r.job, "county", r.method, r.cpu, rate=r.rate, peak_mb=r.peak_mb,
               note=note)  # fmt: skip


if __name__ == "__main__":
    main()
