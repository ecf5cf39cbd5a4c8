"""Where the map is looking: centre and metres per pixel, and the map ↔ screen arithmetic.

Map coordinates are the canvas's local metric frame: the Gauss-Krüger coordinates minus an
origin near the data, so numbers stay small. Screen y grows downwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

INCH_M = 0.0254
SCREEN_DPI = 96.0
MIN_RES = 0.02  # metres per pixel: about 1:75 — closer makes no sense for grids
MAX_RES = 20000.0  # about 1:75,000,000


@dataclass(frozen=True)
class Viewport:
    """Centre ``(cx, cy)`` in map metres and resolution ``res`` in metres per pixel.

    Examples
    --------
    >>> v = Viewport(0.0, 0.0, 2.0)
    >>> v.to_screen(np.array([[10.0, 10.0]]), 100, 100).tolist()
    [[55.0, 45.0]]
    """

    cx: float
    cy: float
    res: float

    @property
    def scale(self) -> float:
        """Map scale denominator on a 96-dpi screen."""
        return self.res * SCREEN_DPI / INCH_M

    def extent(self, width: float, height: float) -> tuple[float, float, float, float]:
        """Map extent ``(minx, miny, maxx, maxy)`` of a ``width`` × ``height`` pixel view."""
        hw, hh = width * self.res / 2, height * self.res / 2
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    def to_screen(self, xy: np.ndarray, width: float, height: float) -> np.ndarray:
        """Map coordinates (n×2) → screen pixels (n×2)."""
        out = np.empty_like(xy, dtype=float)
        out[:, 0] = (xy[:, 0] - self.cx) / self.res + width / 2
        out[:, 1] = height / 2 - (xy[:, 1] - self.cy) / self.res
        return out

    def to_map(self, sx: float, sy: float, width: float, height: float) -> tuple[float, float]:
        """Screen pixel → map coordinates."""
        return (self.cx + (sx - width / 2) * self.res, self.cy - (sy - height / 2) * self.res)

    def panned(self, dx_px: float, dy_px: float) -> Viewport:
        """Return the view after dragging the map by ``(dx_px, dy_px)`` screen pixels."""
        return replace(self, cx=self.cx - dx_px * self.res, cy=self.cy + dy_px * self.res)

    def zoomed(self, factor: float, sx: float, sy: float, width: float, height: float) -> Viewport:
        """Zoom in by ``factor`` (> 1 closer) keeping the map point under ``(sx, sy)`` fixed."""
        res = min(max(self.res / factor, MIN_RES), MAX_RES)
        mx, my = self.to_map(sx, sy, width, height)
        cx = mx - (sx - width / 2) * res
        cy = my + (sy - height / 2) * res
        return Viewport(cx, cy, res)

    @classmethod
    def fitting(
        cls,
        bounds: tuple[float, float, float, float],
        width: float,
        height: float,
        margin: float = 0.05,
        min_extent: float = 200.0,
    ) -> Viewport:
        """Return the view showing map ``bounds`` whole in ``width`` × ``height`` pixels."""
        minx, miny, maxx, maxy = bounds
        w = max(maxx - minx, min_extent)
        h = max(maxy - miny, min_extent)
        res = max(w / max(width, 1), h / max(height, 1)) * (1 + 2 * margin)
        res = min(max(res, MIN_RES), MAX_RES)
        return cls((minx + maxx) / 2, (miny + maxy) / 2, res)


def nice_length(max_metres: float) -> float:
    """Longest round length (1, 2 or 5 × 10ⁿ metres) not above ``max_metres``.

    Examples
    --------
    >>> nice_length(730.0), nice_length(4100.0), nice_length(0.3)
    (500.0, 2000.0, 0.2)
    """
    if not max_metres > 0:
        raise ValueError(f"length must be positive, got {max_metres}")
    power = 10.0 ** math.floor(math.log10(max_metres))
    for step in (5.0, 2.0, 1.0):
        if step * power <= max_metres * (1 + 1e-9):
            return float(f"{step * power:.12g}")
    return power


def length_label(metres: float) -> str:
    """``"500 m"`` / ``"2 km"`` / ``"0.5 m"``."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km"
    return f"{metres:g} m"
