"""Canvas speed at town and county scale, offscreen.

Prints, per scale: time from opening the data to the first painted map; the median frame time
of a scripted pan and wheel zoom (frames move/scale the cached image); the median full
re-render after each gesture; and, as a peer, the same layers drawn by geopandas/matplotlib
(Agg) at the same pixel size, as a ratio. The figures go to ``bench/out/results.jsonl`` with
the peak resident memory of the open + first paint + session (above the start, see
``bench/_results.py``); ``--app`` adds the peak RSS of the real app (``gisgrid-app PROJECT
--screenshot``, in a child process) opening the county, against the 2 GB target.

    .venv/bin/python bench/bench_canvas.py [--town sample_data/sample_town.gpkg] [--towns 20]
    .venv/bin/python bench/bench_canvas.py --county bench/out/sample_county.gpkg --app

Without a sample file the town is synthetic: 41 villages, 46 large and 662 small grids
(Voronoi cells with boundaries segmentized to 30 m, like digitized grids), 15,000 households
in settlements, 3,000 issues. The county is 20 such towns (~13,000 grids, 300,000 households).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from _results import peak_memory, record
from gisgrid.layers.registry import LayerStack
from gisgrid.ui.canvas import MapCanvas
from PyQt6.QtCore import QEvent, QPoint, QPointF, Qt
from PyQt6.QtGui import QMouseEvent, QWheelEvent
from PyQt6.QtWidgets import QApplication

from gisgrid.crs import gk_crs
from gisgrid.project import Project

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "sample_town.gpkg"
SIZE = (1280, 800)
CATEGORIES = ["社会治安", "人居环境", "道路交通", "看病就医", "文体生活", "养老社保", "劳资纠纷"]
TOWN_KM = 10.0


def _cells(rng, n, box, spacing=30.0):
    seeds = shapely.points(rng.uniform(box[0], box[2], n), rng.uniform(box[1], box[3], n))
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=shapely.box(*box))
    cells = shapely.intersection(shapely.get_parts(cells), shapely.box(*box))
    return shapely.segmentize(cells, spacing)


def synthetic_project(towns: int, seed: int = 1) -> Project:
    """A project of ``towns`` synthetic towns laid out in rows of five, 10 km each."""
    rng = np.random.default_rng(seed)
    crs = gk_crs(40)
    frames: dict[str, list] = {k: [] for k in ("town", "villages", "large", "small", "hh", "is")}
    x_origin, y_origin = 380_000.0, 4_090_000.0
    for t in range(towns):
        x0 = x_origin + (t % 5) * TOWN_KM * 1000
        y0 = y_origin + (t // 5) * TOWN_KM * 1000
        box = (x0, y0, x0 + TOWN_KM * 1000, y0 + TOWN_KM * 1000)
        frames["town"].append(shapely.segmentize(shapely.box(*box), 30.0))
        frames["villages"] += list(_cells(rng, 41, box))
        frames["large"] += list(_cells(rng, 46, box))
        frames["small"] += list(_cells(rng, 662, box))
        centres = np.column_stack(
            [rng.uniform(box[0], box[2], 60), rng.uniform(box[1], box[3], 60)]
        )
        pick = rng.integers(0, 60, 15_000)
        frames["hh"].append(centres[pick] + rng.normal(0, 180, (15_000, 2)))
        pick = rng.integers(0, 60, 3_000)
        frames["is"].append(centres[pick] + rng.normal(0, 300, (3_000, 2)))
    project = Project.create(None, "基准县")

    def polys(geoms, prefix):
        n = len(geoms)
        frame = gpd.GeoDataFrame(
            {
                "code": [f"{prefix}{i:06d}" for i in range(n)],
                "name": [f"第{i + 1}网格" for i in range(n)],
            },
            geometry=list(geoms),
            crs=crs,
        )
        return frame.to_crs(4490)

    project.set_layer("town", polys(frames["town"], "T"))
    project.set_layer("villages", polys(frames["villages"], "V"))
    project.set_layer("grids_large", polys(frames["large"], "L"))
    project.set_layer("grids_small", polys(frames["small"], "S"))
    hh = np.vstack(frames["hh"])
    project.set_layer(
        "households",
        gpd.GeoDataFrame(
            {"id": [f"H{i}" for i in range(len(hh))]},
            geometry=gpd.points_from_xy(hh[:, 0], hh[:, 1]),
            crs=crs,
        ).to_crs(4490),
    )
    iss = np.vstack(frames["is"])
    project.set_layer(
        "issues",
        gpd.GeoDataFrame(
            {
                "id": [f"I{i}" for i in range(len(iss))],
                "category": rng.choice(CATEGORIES, len(iss)),
            },
            geometry=gpd.points_from_xy(iss[:, 0], iss[:, 1]),
            crs=crs,
        ).to_crs(4490),
    )
    return project


def _mouse(canvas, kind, pos, button=Qt.MouseButton.LeftButton):
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(
        kind, QPointF(pos), QPointF(pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(canvas, event)


def _wheel(canvas, pos, notches):
    event = QWheelEvent(
        QPointF(pos), QPointF(pos), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(canvas, event)


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _settle(canvas) -> float:
    """Full re-render as happens after a gesture (idle timer fired)."""
    canvas._idle.stop()
    canvas.refresh()
    return _timed(canvas.repaint)


def scripted_session(canvas) -> tuple[list[float], list[float]]:
    """Pan and zoom like a user; return (interactive frame times, full re-render times)."""
    frames: list[float] = []
    renders: list[float] = []
    w, h = canvas.width(), canvas.height()
    centre = QPointF(w / 2, h / 2)

    def drag(dx, dy, steps=30):
        _mouse(canvas, QEvent.Type.MouseButtonPress, centre)
        for i in range(1, steps + 1):
            pos = centre + QPointF(dx * i / steps, dy * i / steps)
            frames.append(_timed(lambda p=pos: (_mouse(canvas, QEvent.Type.MouseMove, p),
                                                canvas.repaint())))  # fmt: skip
        _mouse(canvas, QEvent.Type.MouseButtonRelease, centre + QPointF(dx, dy))
        renders.append(_timed(canvas.repaint))

    def zoom(notches, at):
        for _ in range(abs(notches)):
            frames.append(_timed(lambda: (_wheel(canvas, at, 1 if notches > 0 else -1),
                                          canvas.repaint())))  # fmt: skip
        renders.append(_settle(canvas))

    drag(300, 150)
    zoom(4, QPointF(w * 0.4, h * 0.6))
    drag(-400, -100)
    zoom(4, QPointF(w * 0.6, h * 0.4))
    drag(200, -250)
    zoom(-6, centre)
    drag(-250, 200)
    zoom(-2, centre)
    return frames, renders


def matplotlib_frame(project: Project, size: tuple[int, int]) -> float:
    """Peer: time for geopandas/matplotlib (Agg) to draw the same layers at the same size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    layers = [n for n in ("town", "villages", "grids_large", "grids_small", "households", "issues")
              if len(project.layer(n))]  # fmt: skip
    metric = {n: project.to_metric(n) for n in layers}  # projected once, like the canvas
    t = time.perf_counter()
    fig = plt.figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    for name in layers:
        frame = metric[name]
        if name in ("households", "issues"):
            frame.plot(ax=ax, markersize=2, color="#525252")
        else:
            frame.plot(ax=ax, facecolor="none", edgecolor="#4a6fa5", linewidth=0.6)
    fig.canvas.draw()
    elapsed = time.perf_counter() - t
    plt.close(fig)
    return elapsed


def app_peak_rss(project: Path, limit_s: float = 600.0) -> tuple[float, float, bool]:
    """Peak RSS (MB), wall time (s) and whether it finished, of ``gisgrid-app PROJECT
    --screenshot`` in a child process.

    The child's own ``ru_maxrss`` (from ``wait4``): the app's process with the project open and
    the map drawn; QtWebEngine's helper processes (the hotspot tab) are not counted. Settings go
    to a temporary XDG_CONFIG_HOME so the user's recent-project list is untouched. A child still
    running after ``limit_s`` is killed (its peak so far is returned).
    """
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tmp}
        code = "import sys; from gisgrid.ui.app import main; sys.exit(main(sys.argv[1:]))"
        cmd = [sys.executable, "-c", code, str(project), "--screenshot", f"{tmp}/app.png"]
        t = time.perf_counter()
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        finished = True
        while os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            if time.perf_counter() - t > limit_s:
                child.kill()
                finished = False
                break
            time.sleep(0.2)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
    if finished and child.returncode != 0:
        raise SystemExit(f"gisgrid-app {project} exited with {child.returncode}")
    return usage.ru_maxrss / 1024, elapsed, finished  # ru_maxrss is in KB on Linux


def run(label: str, scale: str, open_project, app: QApplication) -> None:
    with peak_memory() as peak:
        _session(label, scale, open_project, app)
    print(f"peak memory             {peak.mb:8.0f} MB   (above the start of this scale's run)")
    note = f"{label}; peak memory = open + paint + pan/zoom session"
    record("canvas", "canvas: open → first paint", scale, "gisgrid", LAST["first"],
           peak_mb=peak.mb, note=note)  # fmt: skip


LAST: dict[str, float] = {}


def _session(label: str, scale: str, open_project, app: QApplication) -> None:
    t0 = time.perf_counter()
    project = open_project()
    t_open = time.perf_counter() - t0
    stack = LayerStack.from_project(project)
    canvas = MapCanvas()
    canvas.resize(*SIZE)
    done = []
    canvas.rendered.connect(lambda: done.append(time.perf_counter()))
    canvas.set_stack(stack, project.metric_crs)
    canvas.show()
    while not done:
        app.processEvents()
    first = done[0] - t0
    frames, renders = scripted_session(canvas)
    peer = matplotlib_frame(project, SIZE)
    counts = {ly.name: len(ly.data) for ly in stack}
    print(f"\n== {label}: {counts}")
    print(f"open project            {t_open * 1000:8.0f} ms")
    print(f"launch → first paint    {first * 1000:8.0f} ms   (target < 2000 ms)")
    print(
        f"  of which the canvas   {(first - t_open) * 1000:8.0f} ms   (layers, projection, render)"
    )
    print(
        f"pan/zoom frame median   {statistics.median(frames) * 1000:8.1f} ms   "
        f"(p95 {np.percentile(frames, 95) * 1000:.1f} ms, {len(frames)} frames)"
    )
    print(
        f"full re-render median   {statistics.median(renders) * 1000:8.1f} ms   "
        f"(max {max(renders) * 1000:.0f} ms, {len(renders)} renders)"
    )
    print(
        f"peer: geopandas+matplotlib one frame {peer * 1000:.0f} ms → canvas full render is "
        f"{peer / statistics.median(renders):.1f}× faster"
    )
    canvas.close()
    LAST["first"] = first
    note = f"{label}; {SIZE[0]}×{SIZE[1]} px"
    record("canvas", "canvas: open project", scale, "gisgrid", t_open, note=note)
    spread = f"{note}; p95 {np.percentile(frames, 95) * 1000:.1f} ms, {len(frames)} frames"
    job = "canvas: pan/zoom frame (median)"
    record("canvas", job, scale, "gisgrid", statistics.median(frames), note=spread)
    job = "canvas: full render of all layers (median)"
    record("canvas", job, scale, "gisgrid", statistics.median(renders), note=note)
    record("canvas", job, scale, "geopandas+matplotlib (Agg)", peer,
           note=f"{note}; one frame, layers projected beforehand")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--town", type=Path, default=SAMPLE, help="town project (if present)")
    parser.add_argument("--county", type=Path, default=None, help="county project (optional)")
    parser.add_argument("--towns", type=int, default=20, help="towns in the synthetic county")
    parser.add_argument(
        "--app", action="store_true", help="also the peak RSS of gisgrid-app opening the county"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the app starts
    app = QApplication(sys.argv[:1])
    if args.town.exists():
        run(f"town ({args.town.name})", "town", lambda: Project.open(args.town), app)
    else:
        run("town (synthetic)", "town", lambda: synthetic_project(1), app)
    if args.county is not None and args.county.exists():
        run(f"county ({args.county.name})", "county", lambda: Project.open(args.county), app)
    else:
        run(f"county (synthetic, {args.towns} towns)", "county",
            lambda: synthetic_project(args.towns), app)  # fmt: skip
    if args.app and args.county is not None and args.county.exists():
        mb, seconds, finished = app_peak_rss(args.county)
        end = "screenshot" if finished else "killed, no screenshot yet"
        print(f"\ngisgrid-app {args.county.name} --screenshot: peak RSS {mb:,.0f} MB "
              f"(target < 2048 MB), {seconds:.1f} s launch → {end}")  # fmt: skip
        record("canvas", "app: county project open (peak RSS of the process)", "county",
               "gisgrid", seconds, peak_mb=mb,
               note=f"gisgrid-app {args.county.name} --screenshot, child process ru_maxrss; "
                    f"time = launch → {end}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
