"""The native map canvas, offscreen: drawing, zooming, panning, picking, labels."""

import geopandas as gpd
import numpy as np
import pytest
import shapely
from gisgrid.layers.registry import LayerStack
from gisgrid.layers.style import LayerStyle
from gisgrid.ui.canvas import MapCanvas, render
from gisgrid.ui.canvas.viewport import Viewport, length_label, nice_length
from PyQt6.QtCore import QEvent, QPoint, QPointF, Qt
from PyQt6.QtGui import QColor, QKeyEvent, QMouseEvent, QWheelEvent
from PyQt6.QtWidgets import QApplication

from gisgrid.errors import InputError
from gisgrid.project import Project

X0, Y0, D = 118.70, 37.00, 0.01  # a 4×4 block of 1 km-ish grids in 2×2 villages


def _project():
    p = Project.create(None, "临河镇")
    villages = gpd.GeoDataFrame(
        {"code": [f"37152110300{i}" for i in range(4)],
         "name": ["张家庄村", "李家屯村", "东关社区", "西河村"]},
        geometry=[shapely.box(X0 + (i % 2) * 2 * D, Y0 + (i // 2) * 2 * D,
                              X0 + (i % 2 + 1) * 2 * D, Y0 + (i // 2 + 1) * 2 * D)
                  for i in range(4)],
        crs=4490,
    )  # fmt: skip
    grids = gpd.GeoDataFrame(
        {"code": [f"g{i:02d}" for i in range(16)], "name": [f"第{i + 1}网格" for i in range(16)]},
        geometry=[shapely.box(X0 + (i % 4) * D, Y0 + (i // 4) * D,
                              X0 + (i % 4 + 1) * D, Y0 + (i // 4 + 1) * D) for i in range(16)],
        crs=4490,
    )  # fmt: skip
    rng = np.random.default_rng(0)
    households = gpd.GeoDataFrame(
        {"id": [f"H{i}" for i in range(60)]},
        geometry=gpd.points_from_xy(
            rng.uniform(X0, X0 + 4 * D, 60), rng.uniform(Y0, Y0 + 4 * D, 60)
        ),
        crs=4490,
    )
    issues = gpd.GeoDataFrame(
        {"id": ["T1", "T2"], "category": ["社会治安", "人居环境"]},
        geometry=gpd.points_from_xy([X0 + 0.5 * D, X0 + 3.5 * D], [Y0 + 3.5 * D, Y0 + 0.5 * D]),
        crs=4490,
    )
    for name, frame in [("villages", villages), ("grids_small", grids),
                        ("households", households), ("issues", issues)]:  # fmt: skip
        p.set_layer(name, frame)
    return p


@pytest.fixture
def project():
    return _project()


@pytest.fixture
def canvas(qtbot, project):
    stack = LayerStack.from_project(project)
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.set_stack(stack, project.metric_crs)
    with qtbot.waitSignal(widget.rendered, timeout=5000):
        widget.show()
    return widget


def _send_mouse(widget, kind, pos, button=Qt.MouseButton.LeftButton, mods=None):
    mods = mods or Qt.KeyboardModifier.NoModifier
    pos = QPointF(pos)
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, mods)
    QApplication.sendEvent(widget, event)


def _drag(widget, start, end, mods=None):
    _send_mouse(widget, QEvent.Type.MouseButtonPress, start, mods=mods)
    mid = (QPointF(start) + QPointF(end)) / 2
    _send_mouse(widget, QEvent.Type.MouseMove, mid, mods=mods)
    _send_mouse(widget, QEvent.Type.MouseMove, end, mods=mods)
    _send_mouse(widget, QEvent.Type.MouseButtonRelease, end, mods=mods)


def _click(widget, pos, mods=None):
    _drag(widget, pos, pos, mods)


def _wheel(widget, pos, notches=1):
    pos = QPointF(pos)
    event = QWheelEvent(
        pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def _pixel(image, point):
    return QColor(image.pixel(int(point.x()), int(point.y())))


def test_shows_the_project(canvas):
    assert canvas.stack.names == ["villages", "grids_small", "households", "issues"]
    lon, lat = canvas.to_lonlat(canvas.width() / 2, canvas.height() / 2)
    assert lon == pytest.approx(X0 + 2 * D, abs=1e-3) and lat == pytest.approx(Y0 + 2 * D, abs=1e-3)
    image = canvas.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 640, 7) for y in range(0, 480, 7)}
    assert len(colours) > 10  # fills, outlines, points, labels — not a blank widget
    assert 1000 < canvas.scale() < 100000


def test_wheel_zooms_around_cursor(canvas, qtbot):
    cursor = QPointF(200, 150)
    before = canvas.to_lonlat(cursor.x(), cursor.y())
    scale = canvas.scale()
    with qtbot.waitSignal(canvas.scaleChanged) as blocker:
        _wheel(canvas, cursor, notches=2)
    assert canvas.scale() == pytest.approx(scale / 2)
    assert blocker.args[0] == pytest.approx(scale / 2)
    assert canvas.to_lonlat(cursor.x(), cursor.y()) == pytest.approx(before, abs=1e-7)
    _wheel(canvas, cursor, notches=-2)
    assert canvas.scale() == pytest.approx(scale)
    qtbot.waitUntil(lambda: not canvas._dirty, timeout=3000)  # re-rendered after the pause


def test_drag_pans(canvas):
    start, end = QPointF(300, 200), QPointF(420, 260)
    under = canvas.to_lonlat(start.x(), start.y())
    renders = canvas.render_count
    _drag(canvas, start, end)
    assert canvas.to_lonlat(end.x(), end.y()) == pytest.approx(under, abs=1e-7)
    canvas.repaint()
    assert canvas.render_count == renders + 1  # one full render, after the release


def test_arrow_keys_pan(canvas):
    view = canvas.view
    QApplication.sendEvent(
        canvas,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    )
    assert canvas.view.cx == pytest.approx(view.cx + canvas.width() / 4 * view.res)
    assert canvas.view.cy == pytest.approx(view.cy)


def test_click_selects_and_emits(canvas, qtbot):
    canvas.set_tool("select")
    canvas.set_active_layer("grids_small")
    target = canvas.to_screen(X0 + 1.3 * D, Y0 + 1.6 * D)  # inside grid row 1, col 1 → 5
    with qtbot.waitSignal(canvas.selectionChanged) as blocker:
        _click(canvas, target)
    assert blocker.args == ["grids_small", [5]]
    assert canvas.stack["grids_small"].selected == {5}
    # shift-click adds, a plain click elsewhere replaces
    _click(canvas, canvas.to_screen(X0 + 2.5 * D, Y0 + 1.5 * D), Qt.KeyboardModifier.ShiftModifier)
    assert canvas.stack["grids_small"].selected == {5, 6}
    _click(canvas, canvas.to_screen(X0 + 0.5 * D, Y0 + 0.5 * D))
    assert canvas.stack["grids_small"].selected == {0}


def test_selection_is_drawn(canvas):
    inside = canvas.to_screen(X0 + 1.2 * D, Y0 + 1.2 * D)
    before = _pixel(canvas.render_to_image(), inside)
    on_screen = _pixel(canvas.grab().toImage(), inside)
    renders = canvas.render_count
    canvas.stack["grids_small"].selected = {5}
    canvas.repaint()
    assert canvas.render_count == renders  # only the selection overlay was redrawn
    assert _pixel(canvas.grab().toImage(), inside) != on_screen
    after = _pixel(canvas.render_to_image(), inside)
    assert before != after


def test_click_without_active_layer_hits_topmost(canvas, qtbot):
    canvas.set_tool("select")
    with qtbot.waitSignal(canvas.selectionChanged) as blocker:
        _click(canvas, canvas.to_screen(X0 + 0.5 * D, Y0 + 3.5 * D))  # issue T1
    assert blocker.args == ["issues", [0]]


def test_rubber_band_selects_several(canvas, qtbot):
    canvas.set_tool("select")
    canvas.set_active_layer("grids_small")
    a = canvas.to_screen(X0 + 0.4 * D, Y0 + 0.4 * D)
    b = canvas.to_screen(X0 + 1.6 * D, Y0 + 1.6 * D)
    with qtbot.waitSignal(canvas.selectionChanged) as blocker:
        _drag(canvas, a, b)
    assert blocker.args == ["grids_small", [0, 1, 4, 5]]
    c = canvas.to_screen(X0 + 3.4 * D, Y0 + 3.4 * D)
    d = canvas.to_screen(X0 + 3.6 * D, Y0 + 3.6 * D)
    _drag(canvas, c, d, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.stack["grids_small"].selected == {0, 1, 4, 5, 15}


def test_identify_emits_row(canvas, qtbot):
    canvas.set_tool("identify")
    with qtbot.waitSignal(canvas.featureIdentified) as blocker:
        _click(canvas, canvas.to_screen(X0 + 3.5 * D, Y0 + 0.5 * D))
    assert blocker.args == ["issues", 1]
    canvas.set_active_layer("villages")
    with qtbot.waitSignal(canvas.featureIdentified) as blocker:
        _click(canvas, canvas.to_screen(X0 + 3.5 * D, Y0 + 3.5 * D))
    assert blocker.args == ["villages", 3]


def test_cursor_position_reported(canvas, qtbot, project):
    from pyproj import Transformer

    gk = Transformer.from_crs(4490, project.metric_crs, always_xy=True)
    pos = canvas.to_screen(X0 + D, Y0 + D)
    with qtbot.waitSignal(canvas.cursorMoved) as blocker:
        _send_mouse(canvas, QEvent.Type.MouseMove, pos, button=Qt.MouseButton.NoButton)
    lon, lat, x, y = blocker.args
    assert lon == pytest.approx(X0 + D, abs=1e-5) and lat == pytest.approx(Y0 + D, abs=1e-5)
    assert (x, y) == pytest.approx(gk.transform(X0 + D, Y0 + D), abs=0.5)  # metres


def test_visibility_changes_the_image(canvas):
    inside = canvas.to_screen(X0 + 0.23 * D, Y0 + 0.77 * D)
    canvas.stack["households"].visible = False
    before = canvas.render_to_image((640, 480))
    canvas.stack["villages"].visible = False
    after = canvas.render_to_image((640, 480))
    assert before != after
    assert _pixel(after, inside) == QColor("#fbfaf7")  # background where the village was


def test_style_and_opacity_reach_the_pixels(canvas):
    canvas.stack["households"].visible = False
    villages = canvas.stack["villages"]
    villages.style = LayerStyle(color="#ff0000", outline_width=0, label_field=None)
    inside = canvas.to_screen(X0 + 0.23 * D, Y0 + 0.77 * D)
    assert _pixel(canvas.render_to_image(), inside).name() == "#ff0000"
    villages.opacity = 0.5
    colour = _pixel(canvas.render_to_image(), inside)
    assert 250 <= colour.red() <= 255 and 120 < colour.green() < 135


def test_labels_drawn_and_hidden_when_too_small(canvas):
    grids = canvas.stack["grids_small"]
    canvas.stack["villages"].label_field = None
    with_labels = canvas.render_to_image()
    grids.label_field = None
    without = canvas.render_to_image()
    assert with_labels != without
    grids.label_field = "name"
    # zoomed far out the grids are a few pixels wide: no label fits, none is drawn
    canvas.set_view(Viewport(canvas.view.cx, canvas.view.cy, canvas.view.res * 40))
    far_with = canvas.render_to_image()
    grids.label_field = None
    assert far_with == canvas.render_to_image()


def test_labels_do_not_overlap(canvas):
    from gisgrid.ui.canvas.overlays import label_font, place_labels
    from gisgrid.ui.canvas.render import LabelCandidate
    from PyQt6.QtGui import QFontMetricsF

    cands = [LabelCandidate("第一网格", 100, 100, 300, 100, 10),
             LabelCandidate("第二网格", 105, 102, 300, 100, 5),  # overlaps the first
             LabelCandidate("第三网格", 300, 100, 20, 100, 8),  # wider than its feature
             LabelCandidate("第四网格", 300, 300, 300, 100, 1)]  # fmt: skip
    placed = place_labels(cands, QFontMetricsF(label_font()), 640, 480)
    assert [c.text for c, _ in placed] == ["第一网格", "第四网格"]


def test_zoom_to_selection_layer_and_bounds(canvas):
    grids = canvas.stack["grids_small"]
    grids.selected = {15}
    canvas.zoom_to_selection()
    centre = canvas.to_lonlat(canvas.width() / 2, canvas.height() / 2)
    assert centre == pytest.approx((X0 + 3.5 * D, Y0 + 3.5 * D), abs=1e-4)
    zoomed = canvas.scale()
    canvas.zoom_to_layer("villages")
    assert canvas.scale() > 3 * zoomed
    canvas.zoom_to_bounds((X0, Y0, X0 + D, Y0 + D))
    assert canvas.to_lonlat(320, 240) == pytest.approx((X0 + 0.5 * D, Y0 + 0.5 * D), abs=1e-4)
    canvas.zoom_to_bounds((np.nan,) * 4)  # nothing to show: view unchanged
    assert canvas.to_lonlat(320, 240) == pytest.approx((X0 + 0.5 * D, Y0 + 0.5 * D), abs=1e-4)


def test_follows_stack_and_data_changes(canvas):
    first = canvas.render_to_image()
    canvas.stack.move("villages", 3)  # villages on top hide grids and points
    moved = canvas.render_to_image()
    assert first != moved
    villages = canvas.stack.remove("villages")
    assert len(villages.events.data) == 0 and len(villages.events.visible) == 0  # let go
    removed = canvas.render_to_image()
    grids = canvas.stack["grids_small"]
    grids.data = grids.data.iloc[:4]
    assert canvas.render_to_image() != removed


def test_points_aggregate_when_zoomed_out(canvas, monkeypatch):
    monkeypatch.setattr(render, "AGGREGATE_ABOVE", 20)
    households = canvas.stack["households"]
    renderer = canvas._renderer(households)
    w, h = canvas.width(), canvas.height()
    assert renderer.aggregated(canvas.view, w, h)
    canvas.render_to_image()  # draws binned counts without error
    near = Viewport(canvas.view.cx, canvas.view.cy, canvas.view.res / 8)
    assert not renderer.aggregated(near, w, h)


def test_screenshot_has_chinese_labels(canvas, tmp_path):
    path = tmp_path / "canvas.png"
    assert canvas.grab().save(str(path))
    assert path.stat().st_size > 5000


def test_bad_tool_rejected(canvas):
    with pytest.raises(ValueError, match="unknown map tool"):
        canvas.set_tool("lasso")


@pytest.mark.parametrize(
    ("limit", "length", "label"),
    [(730.0, 500.0, "500 m"), (4100.0, 2000.0, "2 km"), (0.3, 0.2, "0.2 m"), (10.0, 10.0, "10 m")],
)
def test_scale_bar_lengths(limit, length, label):
    assert nice_length(limit) == length
    assert length_label(length) == label


def test_basemap_tiles_from_a_folder(canvas, qtbot, tmp_path):
    from gisgrid.ui.canvas.basemap import TileBasemap
    from PyQt6.QtGui import QImage

    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    tile.fill(QColor("#00ff00"))
    probe = TileBasemap(f"file://{tmp_path}/{{z}}/{{x}}/{{y}}.png", tmp_path / "cache")
    wanted = probe.wanted(canvas.view, 640, 480, canvas._to_lonlat, canvas.origin)
    assert 0 < len(wanted) <= 64
    for z, x, y in wanted:
        (tmp_path / str(z) / str(x)).mkdir(parents=True, exist_ok=True)
        tile.save(str(tmp_path / str(z) / str(x) / f"{y}.png"))
    for layer in canvas.stack:
        layer.visible = False
    corner = QPointF(5, 5)
    assert _pixel(canvas.render_to_image(), corner) == QColor("#fbfaf7")
    canvas.set_basemap(f"file://{tmp_path}/{{z}}/{{x}}/{{y}}.png", tmp_path / "cache")
    canvas.render_to_image()  # asks for the tiles
    qtbot.waitUntil(lambda: canvas.basemap.loaded == len(wanted), timeout=5000)
    assert _pixel(canvas.render_to_image(), corner).name() == "#00ff00"
    canvas.set_basemap(None)
    assert _pixel(canvas.render_to_image(), corner) == QColor("#fbfaf7")


def test_basemap_failure_reported_once(canvas, qtbot, tmp_path):
    with qtbot.waitSignal(canvas.basemapFailed, timeout=5000) as blocker:
        canvas.set_basemap(f"file://{tmp_path}/none/{{z}}/{{x}}/{{y}}.png", tmp_path / "c")
        canvas.render_to_image()
    assert "Basemap" in blocker.args[0] or "底图" in blocker.args[0]
    with pytest.raises(InputError, match="placeholders"):
        canvas.set_basemap("https://example.invalid/tiles.png")


@pytest.mark.parametrize("marker", ["circle", "square", "triangle", "diamond"])
def test_stamped_markers_match_drawn_ones(qtbot, marker):
    from gisgrid.ui.canvas.render import _marker_sprite
    from gisgrid.ui.canvas.stamp import can_stamp, stamp
    from PyQt6.QtGui import QImage, QPainter

    sprite = _marker_sprite(marker, 8.0, "#e41a1c", "#ffffff", 0.6, 1.0)
    pts = np.array([[3.0, 4.0], [20.0, 9.0], [-2.0, 30.0], [38.0, 38.0]])  # two clipped
    drawn = QImage(40, 40, QImage.Format.Format_ARGB32_Premultiplied)
    drawn.fill(QColor("#fbfaf7"))
    stamped = drawn.copy()
    painter = QPainter(drawn)
    for x, y in pts:
        painter.drawImage(QPointF(x, y), sprite)
    painter.end()
    painter = QPainter(stamped)
    assert can_stamp(painter)
    stamp(painter, sprite, pts)
    painter.end()
    a = np.array([[QColor(drawn.pixel(x, y)).getRgb() for x in range(40)] for y in range(40)])
    b = np.array([[QColor(stamped.pixel(x, y)).getRgb() for x in range(40)] for y in range(40)])
    assert np.abs(a - b).max() <= 2  # Qt rounds its blend a little differently
    assert (a != a[0, 0]).any(axis=2).sum() > 100  # markers were drawn


def test_empty_stack_and_missing_geometries(qtbot, project):
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    widget.set_stack(LayerStack(), project.metric_crs)
    image = widget.render_to_image()
    assert _pixel(image, QPointF(150, 100)) == QColor("#fbfaf7")

    households = project.layer("households").copy()
    households.loc[0, "geometry"] = None
    households.loc[1, "geometry"] = shapely.Point()
    project.set_layer("households", households)
    grids = project.layer("grids_small").copy()
    grids.loc[2, "geometry"] = shapely.Polygon()
    project.set_layer("grids_small", grids)
    stack = LayerStack.from_project(project)
    widget.set_stack(stack, project.metric_crs)
    assert widget.render_to_image() != image  # the rest is drawn
    widget.set_tool("select")
    widget.set_active_layer("households")
    _drag(widget, QPointF(1, 1), QPointF(299, 199))
    assert 0 not in stack["households"].selected and len(stack["households"].selected) > 40
