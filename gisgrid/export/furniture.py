"""Map furniture of a printed sheet: frame, title, scale bar, north arrow, footer, marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gisgrid.export.page import Box, nice_length

if TYPE_CHECKING:
    from gisgrid.export.printmap import MapSheet


def draw_marks(ax, marks, k: float) -> None:
    """Outline areas shown enlarged elsewhere (red dashes) with a note."""
    from matplotlib.patches import Rectangle

    for (x0, y0, x1, y1), text in marks:
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="#c00000", lw=1.0,
                               ls=(0, (4, 2)), zorder=40))  # fmt: skip
        ax.text(x0, y1, text, ha="left", va="bottom", fontsize=6.5 * k, color="#c00000",
                fontweight="bold", zorder=41,
                bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 0.8})  # fmt: skip


def draw_frame(page, box: Box) -> None:
    """Draw the outer frame line of the page."""
    from matplotlib.patches import Rectangle

    page.add_patch(Rectangle((box.x, box.y), box.w, box.h, fill=False, lw=1.6, ec="#222222"))


def draw_title(page, box: Box, sheet: MapSheet, k: float) -> None:
    """Draw the title, subtitle and date in the title band."""
    cx = box.x + box.w / 2
    page.text(cx, box.y + box.h * 0.64, sheet.title, ha="center", va="center",
              fontsize=20 * k, fontweight="bold", color="#111111")  # fmt: skip
    page.text(cx, box.y + box.h * 0.24, sheet.subtitle, ha="center", va="center",
              fontsize=9 * k, color="#444444")  # fmt: skip
    page.text(box.x + box.w, box.y + box.h * 0.24, sheet.date_text, ha="right", va="center",
              fontsize=8 * k, color="#444444")  # fmt: skip


def draw_scalebar(ax, limits, box: Box, k: float) -> None:
    """Draw an alternating black/white scale bar of a round length (米/千米)."""
    from matplotlib.patches import Rectangle

    minx, miny, maxx, maxy = limits
    width_m = maxx - minx
    per_mm = width_m / box.w
    length = nice_length(width_m * 0.22)
    x0 = minx + 6 * k * per_mm
    y0 = miny + 6 * k * per_mm
    bar_h = 1.6 * k * per_mm
    parts = 4 if str(int(length))[0] in "12" else 5 if str(int(length))[0] == "5" else 2
    seg = length / parts
    ax.add_patch(Rectangle((x0 - 3 * k * per_mm, y0 - 2.5 * k * per_mm),
                           length + 10 * k * per_mm, 9.5 * k * per_mm, fc="white", ec="none",
                           alpha=0.85, zorder=50))  # fmt: skip
    for i in range(parts):
        ax.add_patch(Rectangle((x0 + i * seg, y0), seg, bar_h, lw=0.5, ec="#111111",
                               fc="#111111" if i % 2 == 0 else "white", zorder=51))  # fmt: skip
    unit, div = ("千米", 1000.0) if length >= 1000 else ("米", 1.0)
    for value in (0.0, length / 2, length):
        text = f"{value / div:g}"
        ax.text(x0 + value, y0 + bar_h + 0.8 * k * per_mm, text, ha="center", va="bottom",
                fontsize=6.5 * k, zorder=52)  # fmt: skip
    ax.text(x0 + length + 2.0 * k * per_mm, y0 + bar_h / 2, unit, ha="left", va="center",
            fontsize=6.5 * k, zorder=52)  # fmt: skip


def draw_north(ax, box: Box, k: float) -> None:
    """Draw a half-black north arrow with 北 in the top-right corner of the map."""
    from matplotlib.patches import Polygon

    # In axes fractions: an arrow 12 mm tall, 7 mm from the top-right corner of the map.
    fx, fy = 1.0 / box.w, 1.0 / box.h
    cx, top = 1 - 10 * k * fx, 1 - 7 * k * fy
    hh, hw = 12 * k * fy, 3.2 * k * fx
    base = top - hh
    notch = base + hh * 0.28
    left = [(cx, top), (cx - hw, base), (cx, notch)]
    right = [(cx, top), (cx + hw, base), (cx, notch)]
    kw = {"transform": ax.transAxes, "zorder": 60, "lw": 0.8, "ec": "#111111"}
    ax.add_patch(Polygon(left, closed=True, fc="#111111", **kw))
    ax.add_patch(Polygon(right, closed=True, fc="white", **kw))
    ax.text(cx, top + 1.0 * k * fy, "北", transform=ax.transAxes, ha="center", va="bottom",
            fontsize=9 * k, fontweight="bold", zorder=60)  # fmt: skip


def draw_footer(page, box: Box, sheet: MapSheet, scale: float, k: float) -> None:
    """Draw the data-source line, the privacy note and the numeric scale."""
    y = box.y + box.h * 0.45
    page.text(box.x, y, sheet.source, ha="left", va="center", fontsize=6.5 * k,
              color="#333333")  # fmt: skip
    right = f"比例尺 1:{scale:,.0f}"
    if sheet.note:
        right = f"{sheet.note}    {right}"
    page.text(box.x + box.w, y, right, ha="right", va="center", fontsize=6.5 * k,
              color="#333333")  # fmt: skip
