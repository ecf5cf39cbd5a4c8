"""The 热点图 tab: a worker run, the offline page in QtWebEngine, fallback, save, drill-down."""

import os
import re
import time
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from gisgrid.ui import hotspot_view
from PyQt6.QtCore import QDate
from shapely.geometry import box

from gisgrid.errors import Cancelled, InputError
from gisgrid.project import Project
from gisgrid.schema import conform

N, CELL, X0, Y0 = 6, 0.005, 118.70, 36.90
V1 = "370523103201"
LAST = date(2025, 12, 28)
HOT = {(1, 1), (1, 2), (2, 1), (2, 2)}
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'


def build(path):
    """A 6×6 grid town with a planted hot corner and six weeks of issues."""
    rng = np.random.default_rng(7)
    project = Project.create(path, "临河镇", "370523103000", overwrite=True)
    cells = [(r, c) for r in range(N) for c in range(N)]
    geoms = [box(X0 + c * CELL, Y0 + r * CELL, X0 + (c + 1) * CELL, Y0 + (r + 1) * CELL)
             for r, c in cells]  # fmt: skip
    outline = box(X0, Y0, X0 + N * CELL, Y0 + N * CELL)
    project.set_layer("villages", gpd.GeoDataFrame(
        {"code": [V1], "name": ["张家庄村"], "parent_code": ["370523103000"]},
        geometry=[outline], crs=4490))  # fmt: skip
    project.set_layer("grids_large", gpd.GeoDataFrame(
        {"code": [V1 + "01"], "name": ["一"], "parent_code": [V1]},
        geometry=[outline], crs=4490))  # fmt: skip
    codes = [f"{V1}01{i + 1:03d}" for i in range(len(cells))]
    project.set_layer("grids_small", gpd.GeoDataFrame(
        {"code": codes, "name": [f"{r}-{c}号网格" for r, c in cells],
         "parent_code": [V1 + "01"] * len(cells)}, geometry=geoms, crs=4490))  # fmt: skip
    centres = np.repeat(shapely.centroid(np.array(geoms)), 5)
    homes = {"id": [f"H{i}" for i in range(len(centres))]}
    project.set_layer("households", gpd.GeoDataFrame(homes, geometry=centres, crs=4490))
    rows = []
    for w in range(6):
        for i, (r, c) in enumerate(cells):
            for _ in range(rng.poisson(0.6) + (6 if (r, c) in HOT else 0)):
                day = LAST - timedelta(days=7 * (5 - w) + int(rng.integers(0, 7)))
                rows.append({
                    "id": f"T{len(rows):05d}", "category": "环境卫生", "source": "hotline",
                    "reported_at": pd.Timestamp(day) + pd.Timedelta(hours=10),
                    "status": "reported", "grid_code": codes[i],
                    "description": XSS,
                    "x": X0 + (c + rng.random()) * CELL, "y": Y0 + (r + rng.random()) * CELL,
                })  # fmt: skip
    frame = pd.DataFrame(rows)
    pts = gpd.points_from_xy(frame.pop("x"), frame.pop("y"))
    project.set_layer("issues", conform("issues", gpd.GeoDataFrame(frame, geometry=pts, crs=4490)))
    project.save()
    return codes


@pytest.fixture
def window(open_window, tmp_path):
    build(tmp_path / "hot.gpkg")
    w = open_window(tmp_path / "hot.gpkg", size=(1300, 860))
    w.central_tabs.setCurrentWidget(w.hotspot_view)
    w.hotspot_view.permutations = 9999  # enough for 95 % after the FDR correction
    return w


def _run(view, qtbot):
    with qtbot.waitSignal(view.mapLoaded, timeout=30000) as loaded:
        task = view.run()
        assert task is not None and view.cancel_button.isEnabled()
    return loaded.args[0]


def test_run_shows_the_offline_map_and_drills_down(window, qtbot, tmp_path):
    view = window.hotspot_view
    assert view.date_to.date() == QDate(LAST.year, LAST.month, LAST.day)
    assert _run(view, qtbot) is True
    assert view.result is not None and view.web is not None and view.html_path.exists()
    hot = view.result.grids.loc[view.result.grids["gi_class"] > 0, "name"]
    assert set(hot) >= {"1-1号网格", "2-2号网格"}
    drawn = []
    deadline = time.monotonic() + 20
    while not drawn or not drawn[-1]:
        assert time.monotonic() < deadline, "Leaflet drew no polygons"
        view.web.page().runJavaScript(
            "document.querySelectorAll('path.leaflet-interactive').length > 0 && "
            "!window.__xss", drawn.append
        )  # fmt: skip
        qtbot.wait(200)
    out = os.environ.get("GISGRID_SHOTS")
    if out:
        qtbot.wait(500)
        window.grab().save(os.path.join(out, "hotspot_tab.png"))
    # the list is sorted hot first; a click lists that grid's issues and selects it on the map
    item = view.grids.item(0, 0)
    layer, code, _name = item.data(hotspot_view.CODE_ROLE)
    view._grid_clicked(item)
    frame = window.project.layer("issues")
    panel = window.issues_panel
    assert sorted(frame["id"].iloc[panel.rows]) == sorted(
        frame.loc[frame["grid_code"] == code, "id"]
    )
    row = int(np.flatnonzero(window.project.layer(layer)["code"] == code)[0])
    assert window.stack[layer].selected == frozenset({row})
    saved = view.save_as(tmp_path / "热点")
    assert saved.suffix == ".html" and saved.read_bytes() == view.html_path.read_bytes()
    page = saved.read_text(encoding="utf-8")
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', page)  # works offline


def test_without_web_engine_the_tab_explains(window, qtbot, monkeypatch):
    def broken(parent=None):
        raise ImportError("QtWebEngineWidgets must be imported before a QCoreApplication")

    monkeypatch.setattr(hotspot_view, "create_web_view", broken)
    view = window.hotspot_view
    assert _run(view, qtbot) is False
    assert view.web is None and view.map_stack.currentWidget() is view.placeholder
    assert "QtWebEngineWidgets" in view.placeholder.text()
    assert view.grids.rowCount() == 36 and view.save_button.isEnabled()


def test_bad_period_is_a_message_not_a_crash(window, qtbot):
    view = window.hotspot_view
    view.date_from.setDate(QDate(2020, 1, 1))
    view.date_to.setDate(QDate(2020, 2, 1))
    assert view.run() is not None
    qtbot.waitUntil(lambda: view._task is None, timeout=10000)  # it may end before a wait starts
    assert view.error and "no issues" in view.error and view.run_button.isEnabled()
    with pytest.raises(InputError, match="run the hotspot"):
        view.save_as("x.html")


def test_run_function_without_widgets_and_without_households(tmp_path):
    build(tmp_path / "bare.gpkg")
    project = Project.open(tmp_path / "bare.gpkg")
    project.set_layer("households", project.layer("households").iloc[:0])
    seen = []
    params = hotspot_view.HotspotParams(permutations=99, level="large")
    result, path = hotspot_view.run_hotspots(
        project, params, tmp_path / "m.html", lambda f, m: seen.append(f), lambda: False
    )
    assert len(result.grids) == 1 and int(result.grids["households"].iloc[0]) == 0
    assert path.exists() and seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(Cancelled):
        hotspot_view.run_hotspots(
            project, params, tmp_path / "c.html", lambda f, m: None, lambda: True
        )
