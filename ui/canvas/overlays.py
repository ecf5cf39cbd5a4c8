"""Things drawn over the map: labels (placed without collisions), scale bar, north arrow."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import numpy as np
from gisgrid.ui.canvas.render import LabelCandidate
from gisgrid.ui.canvas.viewport import Viewport, length_label, nice_length
from PyQt6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PyQt6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

LABEL_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
]
MAX_LABELS = 1500


def label_font(point_size: float = 9.0) -> QFont:
    """Return the map's label font: a CJK sans serif, falling back to whatever Qt finds."""
    font = QFont()
    font.setFamilies(LABEL_FAMILIES)
    font.setPointSizeF(point_size)
    return font


class _RectIndex:
    """Placed label rectangles, bucketed in a coarse screen grid for quick overlap tests."""

    CELL = 64.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = defaultdict(list)

    def _keys(self, r: QRectF) -> list[tuple[int, int]]:
        c = self.CELL
        return [
            (i, j)
            for i in range(int(r.left() // c), int(r.right() // c) + 1)
            for j in range(int(r.top() // c), int(r.bottom() // c) + 1)
        ]

    def collides(self, r: QRectF) -> bool:
        return any(r.intersects(o) for k in self._keys(r) for o in self._cells.get(k, ()))

    def add(self, r: QRectF) -> None:
        for k in self._keys(r):
            self._cells[k].append(r)


def place_labels(
    candidates: list[LabelCandidate],
    metrics: QFontMetricsF,
    width: int,
    height: int,
    reserved: list[QRectF] | None = None,
) -> list[tuple[LabelCandidate, QRectF]]:
    """Choose which labels to draw: biggest features first, none overlapping.

    A label is skipped when its text is wider or taller than its feature on screen, when it
    would overlap a label already placed or a ``reserved`` area (scale bar, north arrow), or
    when it falls outside the view.
    """
    placed: list[tuple[LabelCandidate, QRectF]] = []
    index = _RectIndex()
    for rect in reserved or []:
        index.add(rect)
    view = QRectF(0, 0, width, height)
    pad = 2.0
    h = metrics.height()
    widths: dict[str, float] = {}  # grid names repeat their village's prefix; measure once
    for cand in sorted(candidates, key=lambda c: -c.priority):
        if h > cand.height * 0.9:
            continue
        w = widths.get(cand.text)
        if w is None:
            w = widths[cand.text] = metrics.horizontalAdvance(cand.text)
        if w > cand.width * 0.9:
            continue
        rect = QRectF(cand.x - w / 2 - pad, cand.y - h / 2 - pad, w + 2 * pad, h + 2 * pad)
        if not view.contains(rect) or index.collides(rect):
            continue
        index.add(rect)
        placed.append((cand, rect))
        if len(placed) >= MAX_LABELS:
            break
    return placed


def draw_labels(
    painter: QPainter, candidates: list[LabelCandidate], width: int, height: int
) -> int:
    """Place and draw labels with a white halo; return how many were drawn."""
    font = label_font()
    metrics = QFontMetricsF(font)
    placed = place_labels(candidates, metrics, width, height, overlay_areas(width, height))
    for cand, _rect in placed:
        sprite = _label_sprite(cand.text, painter.device().devicePixelRatioF())
        size = sprite.deviceIndependentSize()
        painter.drawImage(QPointF(cand.x - size.width() / 2, cand.y - size.height() / 2), sprite)
    return len(placed)


@lru_cache(maxsize=4096)
def _label_sprite(text: str, dpr: float) -> QImage:
    """Render ``text`` with its white halo once; later renders stamp the cached image.

    The halo is the text drawn around itself in white (through Qt's glyph cache, far faster
    than stroking glyph outlines with a wide pen).
    """
    font = label_font()
    metrics = QFontMetricsF(font)
    w = metrics.horizontalAdvance(text) + 6
    h = metrics.height() + 4
    image = QImage(
        int(np.ceil(w * dpr)), int(np.ceil(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setFont(font)
    origin = QPointF(3, 2 + metrics.ascent())
    painter.setPen(QColor(255, 255, 255, 235))
    for dx, dy in _HALO:
        painter.drawText(origin + QPointF(dx, dy), text)
    painter.setPen(QColor("#1e1e1e"))
    painter.drawText(origin, text)
    painter.end()
    return image


_HALO = [
    (-1.2, 0),
    (1.2, 0),
    (0, -1.2),
    (0, 1.2),
    (-0.9, -0.9),
    (0.9, 0.9),
    (-0.9, 0.9),
    (0.9, -0.9),
]


def overlay_areas(width: int, height: int) -> list[QRectF]:
    """Screen areas the scale bar and the north arrow occupy (kept free of labels)."""
    return [QRectF(0, height - 40, 260, 40), QRectF(width - 50, 0, 50, 64)]


def draw_scale_bar(painter: QPainter, view: Viewport, width: int, height: int) -> None:
    """Draw a two-segment scale bar with a round length (m / km) at the bottom left."""
    target = max(min(width * 0.2, 180.0), 40.0)
    metres = nice_length(target * view.res)
    px = metres / view.res
    x0, y0 = 14.0, height - 18.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QBrush(QColor("#222222")))
    painter.drawRect(QRectF(x0, y0, px / 2, 5))
    painter.setBrush(QBrush(QColor("#ffffff")))
    painter.drawRect(QRectF(x0 + px / 2, y0, px / 2, 5))
    font = label_font(8.5)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    text = length_label(metres)
    path = QPainterPath()
    path.addText(QPointF(x0 + px + 6, y0 + 7), font, text)
    path.addText(QPointF(x0 - 3, y0 - 4), font, "0")
    painter.strokePath(path, QPen(QColor(255, 255, 255, 220), 3))
    painter.fillPath(path, QBrush(QColor("#222222")))
    painter.restore()


def draw_north_arrow(painter: QPainter, width: int) -> None:
    """Draw a north arrow ("N", 北) in the top right corner (grid north of the Gauss-Krüger map)."""
    cx, top = width - 28.0, 12.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    left = QPainterPath()
    left.moveTo(cx, top + 14)
    left.lineTo(cx - 9, top + 44)
    left.lineTo(cx, top + 37)
    left.closeSubpath()
    right = QPainterPath()
    right.moveTo(cx, top + 14)
    right.lineTo(cx + 9, top + 44)
    right.lineTo(cx, top + 37)
    right.closeSubpath()
    painter.setPen(QPen(QColor("#222222"), 1.2))
    painter.setBrush(QBrush(QColor("#222222")))
    painter.drawPath(left)
    painter.setBrush(QBrush(QColor("#ffffff")))
    painter.drawPath(right)
    font = label_font(9)
    font.setBold(True)
    metrics = QFontMetricsF(font)
    text = QCoreApplication.translate("MapCanvas", "N")  # 北 in Chinese
    path = QPainterPath()
    path.addText(QPointF(cx - metrics.horizontalAdvance(text) / 2, top + 10), font, text)
    painter.strokePath(path, QPen(QColor(255, 255, 255, 220), 3))
    painter.fillPath(path, QBrush(QColor("#222222")))
    painter.restore()
