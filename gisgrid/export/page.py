"""The paper: page boxes in millimetres, round map scales and scale-bar lengths."""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_INCH = 25.4
PT_PER_MM = 72.0 / MM_PER_INCH
#: Round scale denominators (times a power of ten) a printed map snaps to.
NICE_SCALES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 8.0, 10.0)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in millimetres from the bottom-left corner."""

    x: float
    y: float
    w: float
    h: float


def layout(page_mm: tuple[float, float], with_table: bool, rows: int = 12) -> dict[str, Box]:
    """Boxes of the title band, map, side/bottom panel and footer on a page.

    Landscape pages put the panel (legend, table) to the right of the map; portrait pages
    put it below, as tall as ``rows`` lines of legend or table need (within limits).
    """
    w, h = page_mm
    k = min(w, h) / 210.0
    m = 10.0 * k
    title_h, footer_h, gap = 20.0 * k, 9.0 * k, 4.0 * k
    body = Box(m, m + footer_h, w - 2 * m, h - 2 * m - title_h - footer_h)
    if w > h:  # landscape: panel on the right
        pw = body.w * (0.30 if with_table else 0.20)
        panel = Box(body.x + body.w - pw, body.y, pw, body.h)
        mapbox = Box(body.x, body.y, body.w - pw - gap, body.h)
    else:
        ph = min(max((rows + 3) * 4.2 * k, 30.0 * k), body.h * (0.36 if with_table else 0.2))
        panel = Box(body.x, body.y, body.w, ph)
        mapbox = Box(body.x, body.y + ph + gap, body.w, body.h - ph - gap)
    return {
        "title": Box(m, h - m - title_h, w - 2 * m, title_h),
        "map": mapbox,
        "panel": panel,
        "footer": Box(m, m, w - 2 * m, footer_h),
        "frame": Box(m * 0.6, m * 0.6, w - 1.2 * m, h - 1.2 * m),
    }


def nice_scale(denominator: float) -> float:
    """Smallest round scale denominator not below ``denominator``.

    Examples
    --------
    >>> nice_scale(23_400)
    25000.0
    """
    if not denominator > 0:
        raise ValueError(f"scale denominator must be positive, got {denominator}")
    power = 10.0 ** math.floor(math.log10(denominator))
    for step in NICE_SCALES:
        if step * power >= denominator * (1 - 1e-9):
            return step * power
    return 10.0 * power


def nice_length(target_m: float) -> float:
    """Largest 1/2/5 × 10ⁿ metres not above ``target_m`` (the scale bar's length).

    Examples
    --------
    >>> nice_length(740)
    500.0
    """
    power = 10.0 ** math.floor(math.log10(target_m))
    return max(s * power for s in (1.0, 2.0, 5.0) if s * power <= target_m)


def map_extent(
    focus: tuple[float, float, float, float], box: Box, pad: float = 0.04
) -> tuple[tuple[float, float, float, float], float]:
    """Map limits filling ``box`` around ``focus`` at a round scale; returns (limits, scale)."""
    minx, miny, maxx, maxy = focus
    fw, fh = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    need = max(fw / (box.w / 1000.0), fh / (box.h / 1000.0)) * (1 + 2 * pad)
    scale = nice_scale(need)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w, half_h = box.w / 1000.0 * scale / 2, box.h / 1000.0 * scale / 2
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h), scale
