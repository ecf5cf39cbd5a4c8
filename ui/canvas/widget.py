"""The native map canvas: draws a :class:`~gisgrid.layers.registry.LayerStack` with QPainter.

The layers are projected once into the project's Gauss-Krüger frame (kept by the renderers,
see :mod:`gisgrid.ui.canvas.render`). A full render goes into an image; while the user drags or
spins the wheel only that image is moved and scaled, and the map is rendered again when the
mouse is released or after a short pause. The canvas reads all layer state at render time and
subscribes to the layers' events to know when to render again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
from gisgrid.layers.base import MapLayer
from gisgrid.layers.registry import LayerStack
from gisgrid.ui.canvas.basemap import TileBasemap
from gisgrid.ui.canvas.overlays import draw_labels, draw_north_arrow, draw_scale_bar
from gisgrid.ui.canvas.render import LayerRenderer, renderer_for
from gisgrid.ui.canvas.viewport import Viewport
from pyproj import CRS, Transformer
from PyQt6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PyQt6.QtWidgets import QWidget

from gisgrid.crs import STORAGE_CRS

TOOLS = ("pan", "select", "identify")
BACKGROUND = QColor("#fbfaf7")
CLICK_SLOP = 4  # pixels a press may move and still count as a click
PICK_PIXELS = 5.0  # picking tolerance around the cursor
IDLE_MS = 180  # re-render this long after the last wheel step or key press
WHEEL_STEP = 2**0.5  # zoom factor per wheel notch


class MapCanvas(QWidget):
    """The map view of the main window.

    Signals
    -------
    cursorMoved(lon, lat, x_gk, y_gk)
        Cursor position in CGCS2000 lon/lat and in the Gauss-Krüger zone (metres).
    scaleChanged(scale)
        New map scale denominator (96 dpi).
    featureIdentified(layer_name, row)
        The identify tool hit feature ``row`` of ``layer_name``.
    selectionChanged(layer_name, rows)
        A selection made on the map (the layer's ``selected`` is already set).
    rendered()
        Emitted once, after the first complete paint of the map.
    """

    cursorMoved = pyqtSignal(float, float, float, float)
    scaleChanged = pyqtSignal(float)
    featureIdentified = pyqtSignal(str, int)
    selectionChanged = pyqtSignal(str, list)
    rendered = pyqtSignal()
    basemapFailed = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._stack: LayerStack | None = None
        self._crs: CRS | None = None
        self._to_metric: Transformer | None = None
        self._to_lonlat: Transformer | None = None
        self._origin = np.zeros(2)
        self._renderers: dict[int, LayerRenderer] = {}
        self._slots: dict[int, list[tuple[object, Callable]]] = {}
        self._stack_slots: list[tuple[object, Callable]] = []
        self._view = Viewport(0.0, 0.0, 1.0)
        self._pending_fit: tuple[float, float, float, float] | None = None
        self._image: QImage | None = None
        self._image_view: Viewport | None = None
        self._dirty = True
        # Selections are drawn into their own transparent image over the map, so selecting
        # (from the map or the attribute table) repaints only them, not every layer.
        self._sel_image: QImage | None = None
        self._sel_view: Viewport | None = None
        self._sel_any = False  # whether the selection image holds anything
        self._sel_dirty = True
        self._tool = "pan"
        self._active: str | None = None
        self._press: QPointF | None = None
        self._press_button = Qt.MouseButton.NoButton
        self._press_view: Viewport | None = None
        self._panning = False
        self._rubber: QRectF | None = None
        self._announced = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._settle)
        self._basemap: TileBasemap | None = None
        self.render_count = 0  # full renders done (benchmarks and tests read it)

    # -- public API -------------------------------------------------------------------------
    def set_stack(self, stack: LayerStack, metric_crs: CRS | str | int) -> None:
        """Show ``stack``; draw in ``metric_crs`` (the project's Gauss-Krüger CRS)."""
        self._disconnect_all()
        self._stack = stack
        self._crs = CRS.from_user_input(metric_crs)
        self._to_metric = Transformer.from_crs(STORAGE_CRS, self._crs, always_xy=True)
        self._to_lonlat = Transformer.from_crs(self._crs, STORAGE_CRS, always_xy=True)
        bounds = stack.bounds()
        if np.isfinite(bounds[0]):
            x, y = self._to_metric.transform(
                (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
            )
            self._origin = np.round(np.array([x, y]) / 1000.0) * 1000.0
        else:
            self._origin = np.zeros(2)
        for layer in stack:
            self._connect_layer(layer)
        for signal, slot in (
            (stack.events.inserted, self._on_inserted),
            (stack.events.removed, self._on_removed),
            (stack.events.moved, self._on_moved),
        ):
            signal.connect(slot)
            self._stack_slots.append((signal, slot))
        self.zoom_full()

    @property
    def stack(self) -> LayerStack | None:
        """The layers shown."""
        return self._stack

    @property
    def view(self) -> Viewport:
        """Current centre and resolution (local metric frame)."""
        return self._view

    @property
    def origin(self) -> np.ndarray:
        """Gauss-Krüger coordinates of the local frame's (0, 0)."""
        return self._origin.copy()

    def set_view(self, view: Viewport) -> None:
        """Jump to ``view`` and render it."""
        self._pending_fit = None
        self._set_view(view, settle=True)

    def zoom_full(self) -> None:
        """Show every layer whole."""
        if self._stack is not None:
            self.zoom_to_bounds(self._stack.bounds())

    def zoom_to_layer(self, name: str) -> None:
        """Show layer ``name`` whole."""
        if self._stack is not None:
            self.zoom_to_bounds(self._stack[name].bounds)

    def zoom_to_selection(self) -> None:
        """Show every selected feature (of all layers); nothing happens with no selection."""
        if self._stack is not None:
            self.zoom_to_bounds(self._stack.selection_bounds())

    def zoom_to_bounds(self, lon_lat_bounds: tuple[float, float, float, float]) -> None:
        """Show the lon/lat box ``(minx, miny, maxx, maxy)`` (ignored when it is NaN)."""
        if self._to_metric is None or not np.all(np.isfinite(lon_lat_bounds)):
            return
        minx, miny, maxx, maxy = self._to_metric.transform_bounds(*lon_lat_bounds)
        box = (
            minx - self._origin[0],
            miny - self._origin[1],
            maxx - self._origin[0],
            maxy - self._origin[1],
        )
        self._pending_fit = box
        self._set_view(Viewport.fitting(box, self.width(), self.height()), settle=True)

    def set_tool(self, tool: str) -> None:
        """Choose what the left mouse button does: ``"pan"``, ``"select"`` or ``"identify"``."""
        if tool not in TOOLS:
            raise ValueError(f"unknown map tool {tool!r}; choose one of {TOOLS}")
        self._tool = tool
        cursor = {
            "pan": Qt.CursorShape.OpenHandCursor,
            "select": Qt.CursorShape.ArrowCursor,
            "identify": Qt.CursorShape.WhatsThisCursor,
        }[tool]
        self.setCursor(cursor)

    @property
    def tool(self) -> str:
        """The current tool."""
        return self._tool

    def set_active_layer(self, name: str | None) -> None:
        """Restrict selection and identify to layer ``name`` (None: the top-most hit)."""
        self._active = name

    def scale(self) -> float:
        """Map scale denominator at 96 dpi (e.g. 25000 for 1:25,000)."""
        return self._view.scale

    def to_lonlat(self, sx: float, sy: float) -> tuple[float, float]:
        """Screen pixel → lon/lat (CGCS2000)."""
        mx, my = self._view.to_map(sx, sy, self.width(), self.height())
        return self._lonlat(mx, my)

    def to_screen(self, lon: float, lat: float) -> QPointF:
        """Lon/lat → screen pixel of this widget."""
        assert self._to_metric is not None, "set_stack first"
        x, y = self._to_metric.transform(lon, lat)
        xy = np.array([[x - self._origin[0], y - self._origin[1]]])
        sx, sy = self._view.to_screen(xy, self.width(), self.height())[0]
        return QPointF(float(sx), float(sy))

    def render_to_image(self, size: QSize | tuple[int, int] | None = None) -> QImage:
        """Render the current view (same centre and scale) into a new image of ``size``."""
        if size is None:
            size = self.size()
        if isinstance(size, tuple):
            size = QSize(*size)
        image = self._render(size.width(), size.height(), self._view, dpr=1.0)
        painter = QPainter(image)
        selection = self._render_selection(size.width(), size.height(), self._view, dpr=1.0)
        painter.drawImage(QPointF(0, 0), selection)
        self._draw_overlays(painter, self._view, size.width(), size.height())
        painter.end()
        return image

    def set_basemap(self, url: str | None, cache_dir: str | Path | None = None) -> None:
        """Draw XYZ tiles from ``url`` under the layers (None: no basemap, the default).

        ``url`` is a template with ``{z}/{x}/{y}`` (Tianditu with the user's ``tk``,
        OpenStreetMap, or a ``file://`` folder). Tiles are cached on disk; the map never
        waits for them, and ``basemapFailed`` reports the first tile that cannot be loaded.
        """
        if self._basemap is not None:
            self._basemap.deleteLater()
            self._basemap = None
        if url:
            self._basemap = TileBasemap(url, cache_dir, parent=self)
            self._basemap.tileLoaded.connect(self._schedule_settle)
            self._basemap.failed.connect(self.basemapFailed)
        self.refresh()

    @property
    def basemap(self) -> TileBasemap | None:
        """The tile basemap, if one is set."""
        return self._basemap

    def refresh(self) -> None:
        """Render the map again (e.g. after the data changed outside the layers)."""
        self._dirty = True
        self.update()

    # -- layer events ---------------------------------------------------------------------
    def _connect_layer(self, layer: MapLayer) -> None:
        key = id(layer)
        ev = layer.events

        def on_data() -> None:
            renderer = self._renderers.get(key)
            if renderer is not None:
                renderer.invalidate_data()
            self.refresh()

        def on_style(*_: object) -> None:
            renderer = self._renderers.get(key)
            if renderer is not None:
                renderer.invalidate_style()
            self.refresh()

        def on_state(*_: object) -> None:
            self.refresh()

        def on_selected(*_: object) -> None:
            self._sel_dirty = True
            self.update()

        pairs = [
            (ev.data, on_data),
            (ev.style, on_style),
            (ev.visible, on_state),
            (ev.opacity, on_state),
            (ev.selected, on_selected),
            (ev.label_field, on_state),
        ]
        for signal, slot in pairs:
            signal.connect(slot)
        self._slots[key] = pairs

    def _disconnect_layer(self, layer: MapLayer) -> None:
        for signal, slot in self._slots.pop(id(layer), []):
            signal.disconnect(slot)
        self._renderers.pop(id(layer), None)

    def _disconnect_all(self) -> None:
        if self._stack is not None:
            for layer in self._stack:
                self._disconnect_layer(layer)
        for signal, slot in self._stack_slots:
            signal.disconnect(slot)
        self._stack_slots = []
        self._slots.clear()
        self._renderers.clear()

    def _on_inserted(self, index: int, layer: MapLayer) -> None:
        self._connect_layer(layer)
        self.refresh()

    def _on_removed(self, index: int, layer: MapLayer) -> None:
        self._disconnect_layer(layer)
        self.refresh()

    def _on_moved(self, *_: object) -> None:
        self.refresh()

    def _renderer(self, layer: MapLayer) -> LayerRenderer:
        r = self._renderers.get(id(layer))
        if r is None:
            assert self._to_metric is not None
            r = renderer_for(layer, self._to_metric, self._origin)
            self._renderers[id(layer)] = r
        return r

    # -- rendering ------------------------------------------------------------------------
    def _render(self, width: int, height: int, view: Viewport, dpr: float) -> QImage:
        """Render the basemap, all visible layers and their labels into a new image."""
        image = _new_image(width, height, dpr)
        image.fill(BACKGROUND)
        self.render_count += 1
        if self._stack is None or self._to_metric is None:
            return image
        painter = QPainter(image)
        if self._basemap is not None:
            assert self._to_lonlat is not None
            self._basemap.paint(
                painter, view, width, height, self._to_metric, self._to_lonlat, self._origin
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        labels = []
        for layer in self._stack:
            if not layer.visible or len(layer.data) == 0 or layer.opacity <= 0:
                continue
            renderer = self._renderer(layer)
            if layer.opacity < 1.0:
                self._paint_translucent(painter, renderer, view, width, height, dpr)
            else:
                renderer.paint(painter, view, width, height)
            labels += renderer.label_candidates(view, width, height)
        if labels:
            draw_labels(painter, labels, width, height)
        painter.end()
        return image

    def _render_selection(self, width: int, height: int, view: Viewport, dpr: float) -> QImage:
        """Render the selected features of the visible layers over transparency."""
        image = _new_image(width, height, dpr)
        image.fill(Qt.GlobalColor.transparent)
        if self._stack is None or self._to_metric is None:
            return image
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for layer in self._stack:
            if layer.visible and layer.selected:
                self._renderer(layer).paint_selection(painter, view, width, height)
        painter.end()
        return image

    def _paint_translucent(
        self,
        painter: QPainter,
        renderer: LayerRenderer,
        view: Viewport,
        width: int,
        height: int,
        dpr: float,
    ) -> None:
        layer_image = _new_image(width, height, dpr)
        layer_image.fill(Qt.GlobalColor.transparent)
        p = QPainter(layer_image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        renderer.paint(p, view, width, height)
        p.end()
        painter.save()
        painter.setOpacity(renderer.layer.opacity)
        painter.drawImage(QPointF(0, 0), layer_image)
        painter.restore()

    def _draw_overlays(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        if self._stack is None or not len(self._stack):
            return
        draw_scale_bar(painter, view, width, height)
        draw_north_arrow(painter, width)

    def _interacting(self) -> bool:
        return self._panning or self._idle.isActive()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the cached map image (moved/scaled while interacting) and the overlays."""
        w, h = self.width(), self.height()
        stale = self._image is None or self._image.deviceIndependentSize().toSize() != self.size()
        dpr = self.devicePixelRatioF()
        if stale or (self._dirty and not self._interacting()):
            self._image = self._render(w, h, self._view, dpr)
            self._image_view = self._view
            self._dirty = False
            self._sel_dirty = True
        if self._sel_image is None or (self._sel_dirty and not self._interacting()):
            self._sel_any = self._stack is not None and any(ly.selected for ly in self._stack)
            self._sel_image = self._render_selection(w, h, self._view, dpr)
            self._sel_view = self._view
            self._sel_dirty = False
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        if self._image_view == self._view:
            painter.drawImage(QPointF(0, 0), self._image)
        else:
            painter.fillRect(self.rect(), BACKGROUND)
            painter.drawImage(self._image_target(self._image_view, w, h), self._image)
        if not self._sel_any:
            pass  # nothing selected: no second image to compose
        elif self._sel_view == self._view:
            painter.drawImage(QPointF(0, 0), self._sel_image)
        else:
            painter.drawImage(self._image_target(self._sel_view, w, h), self._sel_image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._draw_overlays(painter, self._view, w, h)
        if self._rubber is not None:
            painter.setPen(QPen(QColor("#1565c0"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(21, 101, 192, 40))
            painter.drawRect(self._rubber)
        painter.end()
        if not self._announced and self._stack is not None and not self._dirty:
            self._announced = True
            QTimer.singleShot(0, self.rendered.emit)  # after this paint, never inside it

    def _image_target(self, old: Viewport | None, width: int, height: int) -> QRectF:
        """Where an image cached at view ``old`` lies in the current view."""
        assert old is not None
        k = old.res / self._view.res
        mx, my = old.to_map(0, 0, width, height)  # the image's top-left corner on the map
        top_left = self._view.to_screen(np.array([[mx, my]]), width, height)[0]
        return QRectF(float(top_left[0]), float(top_left[1]), width * k, height * k)

    def _set_view(self, view: Viewport, settle: bool) -> None:
        old_scale = self._view.scale
        self._view = view
        if settle:
            self._dirty = True
        if abs(view.scale - old_scale) > 1e-9 * max(old_scale, 1.0):
            self.scaleChanged.emit(view.scale)
        self.update()

    def _settle(self) -> None:
        """Render the map for the view reached by the last interaction."""
        self.refresh()

    def _schedule_settle(self) -> None:
        self._dirty = True
        self._idle.start()

    # -- events -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Keep a pending zoom-to-extent fitted to the new size."""
        if self._pending_fit is not None:
            self._view = Viewport.fitting(self._pending_fit, self.width(), self.height())
            self.scaleChanged.emit(self._view.scale)
        self._dirty = True
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        """Zoom by √2 per notch around the cursor."""
        steps = event.angleDelta().y() / 120.0
        if steps == 0:
            return
        pos = event.position()
        self._pending_fit = None
        view = self._view.zoomed(WHEEL_STEP**steps, pos.x(), pos.y(), self.width(), self.height())
        self._set_view(view, settle=False)
        self._schedule_settle()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Arrow keys pan by a quarter of the view; + and - zoom."""
        w, h = self.width(), self.height()
        moves = {
            Qt.Key.Key_Left: (w / 4, 0),
            Qt.Key.Key_Right: (-w / 4, 0),
            Qt.Key.Key_Up: (0, h / 4),
            Qt.Key.Key_Down: (0, -h / 4),
        }
        key = event.key()
        if key in moves:
            view = self._view.panned(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            view = self._view.zoomed(2.0, w / 2, h / 2, w, h)
        elif key == Qt.Key.Key_Minus:
            view = self._view.zoomed(0.5, w / 2, h / 2, w, h)
        else:
            super().keyPressEvent(event)
            return
        self._pending_fit = None
        self._set_view(view, settle=False)
        self._schedule_settle()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """Start a pan (pan tool or middle button) or a click / rubber band."""
        self._press = event.position()
        self._press_button = event.button()
        self._press_view = self._view
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._tool == "pan"
        ):
            self._panning = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """Report the cursor position; move the map or grow the rubber band."""
        pos = event.position()
        self._emit_cursor(pos)
        if self._press is None or self._press_view is None:
            return
        delta = pos - self._press
        if self._panning:
            self._pending_fit = None
            self._set_view(self._press_view.panned(delta.x(), delta.y()), settle=False)
        elif self._tool == "select" and self._press_button == Qt.MouseButton.LeftButton:
            if abs(delta.x()) + abs(delta.y()) > CLICK_SLOP:
                self._rubber = QRectF(self._press, pos).normalized()
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """Finish a pan, a click (select / identify) or a rubber band selection."""
        if self._press is None:
            return
        pos = event.position()
        moved = (pos - self._press).manhattanLength() > CLICK_SLOP
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        button = self._press_button
        if self._panning:
            self._panning = False
            self.set_tool(self._tool)
            if moved:
                self.refresh()
        if button == Qt.MouseButton.LeftButton and self._tool != "pan":
            if self._rubber is not None:
                self._select_rect(self._rubber, shift)
            elif not moved and self._tool == "select":
                self._select_at(pos, shift)
            elif not moved and self._tool == "identify":
                self._identify_at(pos)
        self._rubber = None
        self._press = None
        self._press_view = None
        self.update()

    def _emit_cursor(self, pos: QPointF) -> None:
        if self._to_lonlat is None:
            return
        mx, my = self._view.to_map(pos.x(), pos.y(), self.width(), self.height())
        lon, lat = self._lonlat(mx, my)
        self.cursorMoved.emit(lon, lat, mx + self._origin[0], my + self._origin[1])

    def _lonlat(self, mx: float, my: float) -> tuple[float, float]:
        assert self._to_lonlat is not None, "set_stack first"
        lon, lat = self._to_lonlat.transform(mx + self._origin[0], my + self._origin[1])
        return float(lon), float(lat)

    # -- picking --------------------------------------------------------------------------
    def _candidates(self) -> list[MapLayer]:
        """Layers a click may hit, top-most first."""
        if self._stack is None:
            return []
        if self._active is not None and self._active in self._stack:
            return [self._stack[self._active]]
        return [ly for ly in reversed(self._stack.layers) if ly.visible and len(ly.data)]

    def _hit(self, pos: QPointF) -> tuple[MapLayer, int] | None:
        lon, lat = self.to_lonlat(pos.x(), pos.y())
        lon2, lat2 = self.to_lonlat(pos.x() + PICK_PIXELS, pos.y() + PICK_PIXELS)
        tolerance = max(abs(lon2 - lon), abs(lat2 - lat))
        for layer in self._candidates():
            row = layer.feature_at(lon, lat, tolerance)
            if row is not None:
                return layer, row
        return None

    def _identify_at(self, pos: QPointF) -> None:
        hit = self._hit(pos)
        if hit is not None:
            self.featureIdentified.emit(hit[0].name, hit[1])

    def _select_at(self, pos: QPointF, add: bool) -> None:
        hit = self._hit(pos)
        if hit is None:
            if not add:
                self._clear_selection(keep=None)
            return
        layer, row = hit
        rows = set(layer.selected) if add else set()
        if add and row in rows:
            rows.discard(row)
        else:
            rows.add(row)
        self._apply_selection(layer, rows, add)

    def _select_rect(self, rect: QRectF, add: bool) -> None:
        corners = [rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()]
        ring = [self.to_lonlat(p.x(), p.y()) for p in corners]
        region = shapely.Polygon(ring)
        for layer in self._candidates():
            rows = layer.features_in(region)
            if rows:
                self._apply_selection(
                    layer, set(rows) | (set(layer.selected) if add else set()), add
                )
                return
        if not add:
            self._clear_selection(keep=None)

    def _apply_selection(self, layer: MapLayer, rows: set[int], add: bool) -> None:
        if not add:
            self._clear_selection(keep=layer.name)
        layer.selected = rows
        self.selectionChanged.emit(layer.name, sorted(rows))

    def _clear_selection(self, keep: str | None) -> None:
        if self._stack is None:
            return
        for layer in self._stack:
            if layer.name != keep and layer.selected:
                layer.selected = frozenset()
                self.selectionChanged.emit(layer.name, [])


def _new_image(width: int, height: int, dpr: float) -> QImage:
    image = QImage(
        max(1, int(width * dpr)),
        max(1, int(height * dpr)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(dpr)
    return image
