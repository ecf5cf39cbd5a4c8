"""Painting one map layer with QPainter, from a cache of its projected coordinates.

A renderer keeps only what is derived from the layer and costly to redo — coordinates in the
canvas's metric frame, bounds, label anchors, level-of-detail caches, the colours of the
current style — and rebuilds it when the layer's ``data`` or ``style`` events fire. Visibility,
opacity, selection and labels are read from the layer at paint time.

Renderers are picked by :data:`RENDERERS`, keyed by the layer's ``geometry_kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from gisgrid.layers.base import MapLayer
from gisgrid.layers.lod import PointBins, SimplifiedGeometries
from gisgrid.layers.style import feature_colors
from gisgrid.ui.canvas.stamp import can_stamp, stamp
from gisgrid.ui.canvas.viewport import Viewport
from pyproj import Transformer
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

SELECTION_COLOR = QColor("#ffb000")
SELECTION_FILL = QColor(255, 225, 0, 90)
AGGREGATE_ABOVE = 20_000  # points in view beyond which they are drawn as binned counts
STAMP_ABOVE = 300  # more markers than this are composited with numpy (see stamp.py)


def qpolygonf(xy: np.ndarray) -> QPolygonF:
    """Build a QPolygonF from an n×2 float array by writing straight into its buffer.

    QPointF is two doubles, so the polygon's storage is an n×2 float64 array; this avoids
    creating one Python QPointF per vertex (10–50× faster for large rings).
    """
    n = len(xy)
    poly = QPolygonF()
    poly.resize(n)
    if n:
        ptr = poly.data()
        ptr.setsize(n * 16)
        np.frombuffer(ptr, dtype=np.float64).reshape(n, 2)[:] = xy
    return poly


@dataclass(frozen=True)
class LabelCandidate:
    """A label a renderer offers: text, anchor on screen, and the feature's size on screen."""

    text: str
    x: float
    y: float
    width: float  # of the feature, pixels (inf for points)
    height: float
    priority: float  # bigger features are placed first


class LayerRenderer:
    """Base renderer: projection cache and colours; subclasses paint."""

    def __init__(self, layer: MapLayer, to_metric: Transformer, origin: np.ndarray) -> None:
        self.layer = layer
        self.to_metric = to_metric
        self.origin = origin
        self._geoms: np.ndarray | None = None
        self._bounds: np.ndarray | None = None
        self._colors: tuple[np.ndarray, list[QColor]] | None = None

    # -- caches ---------------------------------------------------------------------------
    def invalidate_data(self) -> None:
        """Forget everything derived from the layer's features."""
        self._geoms = None
        self._bounds = None
        self._colors = None
        self._data_changed()

    def invalidate_style(self) -> None:
        """Forget the colours (the style changed)."""
        self._colors = None

    def _data_changed(self) -> None:
        """Subclass hook: drop caches built from the geometries."""

    @property
    def geoms(self) -> np.ndarray:
        """Geometries in the canvas's local metric frame."""
        if self._geoms is None:
            tr, ox, oy = self.to_metric, float(self.origin[0]), float(self.origin[1])

            def project(coords: np.ndarray) -> np.ndarray:
                x, y = tr.transform(coords[:, 0], coords[:, 1])
                return np.column_stack([np.asarray(x) - ox, np.asarray(y) - oy])

            self._geoms = shapely.transform(self.layer.data.geometry.to_numpy(), project)
        return self._geoms

    @property
    def bounds(self) -> np.ndarray:
        """Per-feature bounds (n×4) in the metric frame."""
        if self._bounds is None:
            self._bounds = shapely.bounds(self.geoms)
        return self._bounds

    def colors(self) -> tuple[np.ndarray, list[QColor]]:
        """Colour code per feature and the QColor of each code (from ``feature_colors``)."""
        if self._colors is None:
            hexes = feature_colors(self.layer.style, self.layer.data).colors
            uniq, codes = np.unique(hexes.astype(str), return_inverse=True)
            self._colors = (codes, [QColor(h) for h in uniq])
        return self._colors

    def visible_rows(self, view: Viewport, width: int, height: int, pad: float = 0) -> np.ndarray:
        """Rows whose bounds meet the view (padded by ``pad`` pixels)."""
        if len(self.layer.data) == 0:
            return np.empty(0, dtype=np.int64)
        minx, miny, maxx, maxy = view.extent(width + 2 * pad, height + 2 * pad)
        b = self.bounds
        ok = (b[:, 2] >= minx) & (b[:, 0] <= maxx) & (b[:, 3] >= miny) & (b[:, 1] <= maxy)
        return np.flatnonzero(ok)

    # -- painting -------------------------------------------------------------------------
    def paint(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Draw the layer's features."""
        raise NotImplementedError

    def paint_selection(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Highlight the selected features."""
        raise NotImplementedError

    def label_candidates(self, view: Viewport, width: int, height: int) -> list[LabelCandidate]:
        """Labels this layer would like drawn (the canvas places them)."""
        return []


class PolygonRenderer(LayerRenderer):
    """Filled and outlined polygons, batched into one path per fill colour."""

    def __init__(self, layer: MapLayer, to_metric: Transformer, origin: np.ndarray) -> None:
        super().__init__(layer, to_metric, origin)
        self._lod: SimplifiedGeometries | None = None
        self._anchors: np.ndarray | None = None

    def _data_changed(self) -> None:
        self._lod = None
        self._anchors = None

    @property
    def lod(self) -> SimplifiedGeometries:
        """Level-of-detail cache of the metric geometries."""
        if self._lod is None:
            self._lod = SimplifiedGeometries(self.geoms)
        return self._lod

    def _shapes(
        self, rows: np.ndarray, view: Viewport, width: int, height: int
    ) -> tuple[list[QPolygonF | QPainterPath], np.ndarray]:
        """Screen shapes of features ``rows`` (simplified for the view) and each shape's row.

        One shape per polygon part: a QPolygonF, or a QPainterPath when the part has holes.
        """
        geoms = self.lod.at(view.res, rows)[rows]
        parts, pidx = shapely.get_parts(geoms, return_index=True)
        if len(parts) == 0:
            return [], np.empty(0, dtype=np.int64)
        coords, cidx = shapely.get_coordinates(parts, return_index=True)
        screen = view.to_screen(coords, width, height)
        counts = np.bincount(cidx, minlength=len(parts))
        starts = np.cumsum(counts) - counts
        # All vertices go into one QPolygonF; slicing it per part is a C++ copy, ~3× faster
        # than filling a new polygon per part from numpy. A part without holes is its
        # exterior ring; the few parts with holes become paths of their rings.
        whole = qpolygonf(screen)
        mid = whole.mid
        shapes: list[QPolygonF | QPainterPath] = [
            mid(a, n) for a, n in zip(starts.tolist(), counts.tolist())
        ]
        for k in np.flatnonzero(shapely.get_num_interior_rings(parts) > 0):
            sizes = shapely.get_num_coordinates(shapely.get_rings(parts[k]))
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            offset = int(starts[k])
            for n in sizes.tolist():
                path.addPolygon(mid(offset, n))
                offset += n
            shapes[k] = path
        return shapes, rows[pidx]

    @staticmethod
    def _draw(painter: QPainter, shapes: list[QPolygonF | QPainterPath], which: np.ndarray) -> None:
        # One call per polygon: Qt's rasteriser fills and strokes many small polygons far
        # faster than one path holding them all (measured 20 ms vs 540 ms for 13,000 grids).
        for i in which:
            shape = shapes[i]
            if isinstance(shape, QPolygonF):
                painter.drawPolygon(shape)
            else:
                painter.drawPath(shape)

    def paint(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Draw the polygons in view: fills grouped by colour, then the outlines."""
        rows = self.visible_rows(view, width, height, pad=4)
        if rows.size == 0:
            return
        style = self.layer.style
        shapes, shape_rows = self._shapes(rows, view, width, height)
        if style.filled:
            painter.setPen(Qt.PenStyle.NoPen)
            codes, qcolors = self.colors()
            shape_codes = codes[shape_rows]
            order = np.argsort(shape_codes, kind="stable")
            bounds = np.flatnonzero(np.diff(shape_codes[order])) + 1
            for group in np.split(order, bounds):
                painter.setBrush(QBrush(qcolors[shape_codes[group[0]]]))
                self._draw(painter, shapes, group)
        if style.outline_width > 0:
            stroke_outlines(painter, shapes, QColor(style.outline_color), style.outline_width)

    def paint_selection(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Outline the selected polygons in amber over a translucent yellow fill."""
        selected = np.fromiter(self.layer.selected, dtype=np.int64)
        if selected.size == 0:
            return
        rows = np.intersect1d(selected, self.visible_rows(view, width, height, pad=4))
        if rows.size == 0:
            return
        shapes, _ = self._shapes(rows, view, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(SELECTION_FILL))
        self._draw(painter, shapes, np.arange(len(shapes)))
        stroke_outlines(painter, shapes, SELECTION_COLOR, 2.5)

    @property
    def anchors(self) -> np.ndarray:
        """Label anchor of each feature (a point on its surface), metric, n×2."""
        if self._anchors is None:
            pts = shapely.point_on_surface(self.geoms)
            self._anchors = shapely.get_coordinates(pts)
            if len(self._anchors) != len(self.geoms):  # empty geometries give no point
                xy = np.full((len(self.geoms), 2), np.nan)
                ok = ~shapely.is_empty(self.geoms)
                xy[ok] = self._anchors
                self._anchors = xy
        return self._anchors

    def label_candidates(self, view: Viewport, width: int, height: int) -> list[LabelCandidate]:
        """One label per visible polygon with the feature's on-screen size."""
        field = self.layer.label_field
        if field is None or field not in self.layer.data.columns:
            return []
        rows = self.visible_rows(view, width, height)
        if rows.size == 0:
            return []
        b = self.bounds[rows]
        w = (b[:, 2] - b[:, 0]) / view.res
        h = (b[:, 3] - b[:, 1]) / view.res
        big = (w >= 24) & (h >= 14)  # no two-character label fits anything smaller
        rows, w, h = rows[big], w[big], h[big]
        anchors = self.anchors[rows]
        screen = view.to_screen(anchors, width, height)
        texts = self.layer.data[field].to_numpy()[rows]
        out = []
        for text, (x, y), fw, fh in zip(texts, screen, w, h):
            if text is None or (isinstance(text, float) and np.isnan(text)) or not np.isfinite(x):
                continue
            text = str(text).strip()
            if text:
                out.append(LabelCandidate(text, float(x), float(y), fw, fh, fw * fh))
        return out


class PointRenderer(LayerRenderer):
    """Markers, or binned counts when too many points are in view."""

    def __init__(self, layer: MapLayer, to_metric: Transformer, origin: np.ndarray) -> None:
        super().__init__(layer, to_metric, origin)
        self._xy: np.ndarray | None = None
        self._bins: PointBins | None = None

    def _data_changed(self) -> None:
        self._xy = None
        self._bins = None

    @property
    def xy(self) -> np.ndarray:
        """Point coordinates (n×2) in the metric frame; NaN for empty geometries.

        Projected straight from the coordinate arrays (no shapely geometries are rebuilt);
        multipoints (rare) are drawn at their first point.
        """
        if self._xy is None:
            geoms = self.layer.data.geometry.to_numpy()
            xy = np.full((len(geoms), 2), np.nan)
            ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            first = shapely.get_point(geoms[ok], 0)  # None for Points, a Point for MultiPoints
            pts = np.where(shapely.is_missing(first), geoms[ok], first)
            x, y = self.to_metric.transform(shapely.get_x(pts), shapely.get_y(pts))
            xy[ok, 0] = np.asarray(x) - self.origin[0]
            xy[ok, 1] = np.asarray(y) - self.origin[1]
            self._xy = xy
        return self._xy

    @property
    def bounds(self) -> np.ndarray:
        """Per-point bounds (n×4) from the coordinates."""
        xy = self.xy
        return np.column_stack([xy, xy])

    def visible_rows(self, view: Viewport, width: int, height: int, pad: float = 0) -> np.ndarray:
        """Rows of points inside the view (padded by ``pad`` pixels)."""
        minx, miny, maxx, maxy = view.extent(width + 2 * pad, height + 2 * pad)
        x, y = self.xy[:, 0], self.xy[:, 1]
        return np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))

    def aggregated(self, view: Viewport, width: int, height: int) -> bool:
        """Whether the points in view are too many to draw one by one."""
        return self.visible_rows(view, width, height).size > AGGREGATE_ABOVE

    def paint(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Draw markers, or binned counts when more than ``AGGREGATE_ABOVE`` are in view."""
        style = self.layer.style
        pad = style.point_size + 2
        rows = self.visible_rows(view, width, height, pad=pad)
        if rows.size == 0:
            return
        if rows.size > AGGREGATE_ABOVE:
            self._paint_bins(painter, view, width, height)
            return
        screen = view.to_screen(self.xy[rows], width, height)
        codes, qcolors = self.colors()
        row_codes = codes[rows]
        for code in np.unique(row_codes):
            pts = screen[row_codes == code]
            self._markers(painter, pts, qcolors[code], style.point_size)

    def _markers(self, painter: QPainter, pts: np.ndarray, color: QColor, size: float) -> None:
        # Every marker is a cached, antialiased sprite stamped at each point: faster than
        # wide antialiased points or one path of many markers, and identical everywhere.
        style = self.layer.style
        sprite = _marker_sprite(
            style.marker,
            float(size),
            color.name(),
            style.outline_color,
            float(style.outline_width),
            painter.device().devicePixelRatioF(),
        )
        half = sprite.deviceIndependentSize().width() / 2
        if len(pts) > STAMP_ABOVE and can_stamp(painter):
            stamp(painter, sprite, pts - half)
            return
        draw = painter.drawImage
        for x, y in (pts - half).tolist():
            draw(QPointF(x, y), sprite)

    def _paint_bins(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        if self._bins is None:
            ok = np.isfinite(self.xy[:, 0])
            self._bins = PointBins(self.xy[ok, 0], self.xy[ok, 1])
        cx, cy, counts = self._bins.at(view.res)
        minx, miny, maxx, maxy = view.extent(width + 60, height + 60)
        inside = (cx >= minx) & (cx <= maxx) & (cy >= miny) & (cy <= maxy)
        screen = view.to_screen(np.column_stack([cx[inside], cy[inside]]), width, height)
        counts = counts[inside]
        # disc area proportional to the count; the fullest bin fills its cell
        cell_px = self._bins.cell_for(view.res) / view.res
        share = np.sqrt(counts / counts.max()) if counts.size else counts
        radius = np.clip(np.round(cell_px * 0.5 * share), 2, None).astype(int)
        colour = self.layer.style.color  # binned counts use the layer's base colour
        # One pre-drawn antialiased disc per radius, stamped at every bin: several times
        # faster than antialiased wide points for thousands of bins.
        for r in np.unique(radius):
            sprite = _disc_sprite(int(r), colour)
            half = sprite.width() / 2
            for x, y in screen[radius == r] - half:
                painter.drawImage(QPointF(float(x), float(y)), sprite)

    def paint_selection(self, painter: QPainter, view: Viewport, width: int, height: int) -> None:
        """Ring the selected points in amber."""
        selected = np.fromiter(self.layer.selected, dtype=np.int64)
        if selected.size == 0:
            return
        xy = self.xy[selected]
        xy = xy[np.isfinite(xy[:, 0])]
        screen = view.to_screen(xy, width, height)
        r = self.layer.style.point_size / 2 + 3
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(SELECTION_COLOR, 2.5))
        for x, y in screen:
            painter.drawEllipse(QPointF(float(x), float(y)), r, r)

    def label_candidates(self, view: Viewport, width: int, height: int) -> list[LabelCandidate]:
        """Labels next to points, when the points are few enough to draw one by one."""
        field = self.layer.label_field
        if field is None or field not in self.layer.data.columns:
            return []
        rows = self.visible_rows(view, width, height)
        if rows.size == 0 or rows.size > 2000:
            return []
        screen = view.to_screen(self.xy[rows], width, height)
        offset = self.layer.style.point_size / 2 + 8
        texts = self.layer.data[field].to_numpy()[rows]
        return [
            LabelCandidate(str(t), float(x), float(y) - offset, np.inf, np.inf, 0.0)
            for t, (x, y) in zip(texts, screen)
            if t is not None and str(t).strip() and str(t) != "nan"
        ]


def stroke_outlines(
    painter: QPainter, shapes: list[QPolygonF | QPainterPath], color: QColor, width: float
) -> None:
    """Stroke polygon outlines ``width`` pixels wide.

    Qt strokes lines up to one pixel wide with a fast cosmetic stroker, but wider
    antialiased lines go through its general stroker, 20–50× slower (60–90 ms for the
    village or large-grid outlines of one town). A wide line is therefore drawn as one-pixel
    lines shifted around a small circle of radius ``(width - 1) / 2``, which covers the same
    band of pixels; up to 1.5 pixels a one-pixel line is used.
    """
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # Thin strokes of one path holding every outline are cheap (unlike filling such a path).
    path = QPainterPath()
    for shape in shapes:
        if isinstance(shape, QPolygonF):
            path.addPolygon(shape)
        else:
            path.addPath(shape)
    if width <= 1.5:  # up to 1.5 px a one-pixel antialiased line looks the same
        painter.setPen(QPen(color, min(width, 1.0)))
        painter.drawPath(path)
        return
    painter.setPen(QPen(color, 1.0))
    radius = (width - 1.0) / 2
    steps = 4 if radius <= 0.75 else 8
    offsets = [(0.0, 0.0)] + [
        (radius * np.cos(a), radius * np.sin(a)) for a in np.arange(steps) * 2 * np.pi / steps
    ]
    for dx, dy in offsets:
        painter.translate(dx, dy)
        painter.drawPath(path)
        painter.translate(-dx, -dy)


@lru_cache(maxsize=64)
def _disc_sprite(radius: int, colour: str) -> QImage:
    """Draw a translucent disc of ``radius`` pixels with a white rim, for binned counts."""
    size = 2 * radius + 4
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fill = QColor(colour)
    fill.setAlpha(190)
    painter.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
    painter.setBrush(QBrush(fill))
    painter.drawEllipse(QPointF(size / 2, size / 2), radius, radius)
    painter.end()
    return image


@lru_cache(maxsize=256)
def _marker_sprite(
    marker: str, size: float, fill: str, outline: str, outline_width: float, dpr: float
) -> QImage:
    """Draw one point marker (antialiased, with its outline) into a small image."""
    extent = int(np.ceil(size * 1.3 + 2 * outline_width + 2))
    image = QImage(
        int(np.ceil(extent * dpr)),
        int(np.ceil(extent * dpr)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QBrush(QColor(fill)))
    painter.setPen(QPen(QColor(outline), outline_width) if outline_width > 0 else Qt.PenStyle.NoPen)
    c = extent / 2
    h = size / 2
    if marker == "circle":
        painter.drawEllipse(QPointF(c, c), h, h)
    elif marker == "square":
        painter.drawRect(QRectF(c - h, c - h, size, size))
    elif marker == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(c, c - h * 1.15), QPointF(c + h, c + h * 0.85),
                                       QPointF(c - h, c + h * 0.85)]))  # fmt: skip
    else:  # diamond
        painter.drawPolygon(QPolygonF([QPointF(c, c - h), QPointF(c + h, c), QPointF(c, c + h),
                                       QPointF(c - h, c)]))  # fmt: skip
    painter.end()
    return image


#: Layer ``geometry_kind`` → renderer class (a new kind is one class plus one entry).
RENDERERS: dict[str, type[LayerRenderer]] = {
    "polygon": PolygonRenderer,
    "point": PointRenderer,
}


def renderer_for(layer: MapLayer, to_metric: Transformer, origin: np.ndarray) -> LayerRenderer:
    """Build the renderer for ``layer`` from :data:`RENDERERS`."""
    try:
        cls = RENDERERS[layer.geometry_kind]
    except KeyError:
        raise ValueError(
            f"no renderer for {layer.geometry_kind!r} layers; known: {list(RENDERERS)}"
        ) from None
    return cls(layer, to_metric, origin)
