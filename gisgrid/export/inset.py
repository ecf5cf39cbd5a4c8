"""An enlarged inset (局部放大图) for grids too small to label at the sheet's scale.

Urban communities pack dozens of tiny grids into a core beside large rural grids; at the
village's scale those cannot carry a label. The inset shows the box around them at a larger
round scale, in the map corner that hides the least of the village, and the main map marks
the enlarged area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from gisgrid.export.page import PT_PER_MM, Box, map_extent
from gisgrid.export.printmap import (
    MIN_INSET_FEATURES,
    MapSheet,
    draw_map,
    fit_labels,
    sheet_boxes,
    unlabelled,
)

INSET_SHARE = 0.45  # of the map box's width and height
MIN_ENLARGEMENT = 1.8  # an inset that enlarges less than this is not worth the space


def _corners(mb: Box, w: float, h: float, k: float) -> list[Box]:
    """Candidate inset boxes (page mm) in the map's corners, clear of north arrow/scale bar."""
    gap = 3.0 * k
    left, right = mb.x + gap, mb.x + mb.w - gap - w
    bottom, top = mb.y + gap, mb.y + mb.h - gap - h
    return [
        Box(left, top, w, h),
        Box(right, top - 24 * k, w, h),  # below the north arrow
        Box(right, bottom, w, h),
        Box(left, bottom + 14 * k, w, h),  # above the scale bar
    ]


def _to_data(box: Box, mb: Box, limits) -> shapely.Polygon:
    minx, miny, maxx, maxy = limits
    sx, sy = (maxx - minx) / mb.w, (maxy - miny) / mb.h
    x0, y0 = minx + (box.x - mb.x) * sx, miny + (box.y - mb.y) * sy
    return shapely.box(x0, y0, x0 + box.w * sx, y0 + box.h * sy)


def choose_corner(candidates: list[Box], mb: Box, limits, cover, keep) -> Box:
    """Pick the candidate hiding the least of ``cover`` and none of ``keep`` (the enlarged area).

    Both are shapely geometries in map units.
    """
    scores = []
    for box in candidates:
        rect = _to_data(box, mb, limits)
        clash = rect.intersection(keep).area / max(keep.area, 1.0)
        scores.append(clash * 1e6 + rect.intersection(cover).area)
    return candidates[int(np.argmin(scores))]


@dataclass(frozen=True)
class InsetPlan:
    """Where an inset goes (page mm), what it shows (map units) and its scale denominator."""

    box: Box
    limits: tuple[float, float, float, float]
    scale: float


def plan_inset(sheet: MapSheet, mb: Box, limits, skipped, k: float) -> InsetPlan | None:
    """Plan an inset around ``skipped`` in the best map corner.

    Returns None if it cannot enlarge at least :data:`MIN_ENLARGEMENT` times.
    """
    minx, miny, maxx, maxy = shapely.union_all(skipped).bounds
    pad = 0.06 * max(maxx - minx, maxy - miny, 50.0)
    focus = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    fw, fh = focus[2] - focus[0], focus[3] - focus[1]
    iw, ih = mb.w * INSET_SHARE, mb.h * INSET_SHARE
    if fw / fh > iw / ih:  # fit the inset's shape to the enlarged area
        ih = max(iw * fh / fw, mb.h * 0.25)
    else:
        iw = max(ih * fw / fh, mb.w * 0.25)
    cover = shapely.union_all([f.frame.union_all() for f in sheet.fills[-1:]])
    box = choose_corner(_corners(mb, iw, ih, k), mb, limits, cover, shapely.box(*focus))
    inset_limits, scale = map_extent(focus, box, pad=0.0)
    if scale > (limits[2] - limits[0]) / mb.w * 1000 / MIN_ENLARGEMENT:
        return None
    return InsetPlan(box, inset_limits, scale)


def inset_suffices(sheet: MapSheet, page_mm: tuple[float, float]) -> bool:
    """Whether an inset on the sheet itself labels at least 80 % of its unlabelled grids.

    When it does not (or there is nothing to enlarge), the atlas adds a detail page instead.
    """
    skipped, lines = unlabelled(sheet, page_mm)
    if len(skipped) < MIN_INSET_FEATURES:
        return True
    k = min(page_mm) / 210.0
    mb = sheet_boxes(sheet, page_mm)["map"]
    limits, _ = map_extent(sheet.focus, mb)
    plan = plan_inset(sheet, mb, limits, skipped, k)
    if plan is None:
        return False
    size = next((lb for lb in sheet.labels if lb.detail), None)
    max_size, min_size = (size.max_size, size.min_size) if size else (8.0, 4.0)
    fits = fit_labels(skipped, lines, plan.scale / 1000.0 / PT_PER_MM, max_size, min_size)
    return sum(f is not None for f in fits) >= 0.8 * len(skipped)


def draw_inset(fig, ax, sheet: MapSheet, plan: InsetPlan, page_mm, k: float) -> None:
    """Add the planned inset to ``fig`` and mark its area on the main map ``ax``."""
    from matplotlib.patches import Rectangle

    w, h = page_mm
    box, scale = plan.box, plan.scale
    inset = fig.add_axes((box.x / w, box.y / h, box.w / w, box.h / h), zorder=5)
    draw_map(inset, sheet, plan.limits, metres_per_pt=scale / 1000.0 / PT_PER_MM)
    for spine in inset.spines.values():
        spine.set_linewidth(1.2)
    inset.text(0.015, 0.985, f"局部放大图 1:{scale:,.0f}", transform=inset.transAxes,
               ha="left", va="top", fontsize=7 * k, fontweight="bold", zorder=70,
               bbox={"fc": "white", "ec": "#555555", "lw": 0.5, "pad": 1.5})  # fmt: skip
    x0, y0, x1, y1 = plan.limits
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="#c00000", lw=1.0,
                           ls=(0, (4, 2)), zorder=40))  # fmt: skip
    inset.add_patch(Rectangle((0, 0), 1, 1, transform=inset.transAxes, fill=False,
                              ec="#c00000", lw=1.4, ls=(0, (4, 2)), zorder=69))  # fmt: skip
