"""Level of detail: geometry simplified to the pixel size, and points binned into counts.

Both caches work on metric coordinates (the canvas's Gauss-Krüger frame) and bucket the
requested size to powers of two, so panning and small zoom steps reuse the same result.
No Qt here; the canvas turns the arrays into paths.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import shapely


def _bucket(size: float) -> int:
    return int(math.floor(math.log2(size)))


class SimplifiedGeometries:
    """Polygons simplified to a tolerance derived from the map's pixel size, cached.

    Only the rows asked for are simplified (the features in view), so zooming into a county
    costs only what is on screen. Douglas-Peucker without topology preservation is used by
    default: it is 5–10× faster and, at half a pixel, its defects are invisible; a feature
    that would vanish keeps its full geometry.

    Parameters
    ----------
    geometries : ndarray of shapely geometries
        The full-detail geometries, in metres.
    min_tolerance : float
        Below this tolerance (metres) the full-detail geometries are returned.
    max_cached : int
        How many tolerance buckets to keep.
    preserve_topology : bool
        Passed to :func:`shapely.simplify` (True keeps every polygon valid, slower).

    Examples
    --------
    >>> import shapely
    >>> circle = shapely.Point(0, 0).buffer(100, quad_segs=64)
    >>> lod = SimplifiedGeometries(np.array([circle]))
    >>> bool(shapely.get_num_coordinates(lod.at(pixel_size=20.0))[0] < 257)
    True
    """

    def __init__(
        self,
        geometries: np.ndarray,
        min_tolerance: float = 0.05,
        max_cached: int = 6,
        preserve_topology: bool = False,
    ) -> None:
        self.geometries = np.asarray(geometries, dtype=object)
        self.min_tolerance = float(min_tolerance)
        self.max_cached = int(max_cached)
        self.preserve_topology = preserve_topology
        self._cache: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def tolerance(self, pixel_size: float) -> float:
        """Simplification tolerance (metres) for ``pixel_size`` metres per pixel.

        Half a pixel, rounded down to a power of two; 0 when below ``min_tolerance``.
        """
        if not pixel_size > 0:
            raise ValueError(f"pixel size must be positive, got {pixel_size}")
        tol = 2.0 ** _bucket(pixel_size * 0.5)
        return 0.0 if tol < self.min_tolerance else tol

    def at(self, pixel_size: float, rows: np.ndarray | None = None) -> np.ndarray:
        """Geometries simplified for ``pixel_size``, as an array of all features.

        Parameters
        ----------
        pixel_size : float
            Metres per pixel.
        rows : ndarray of int, optional
            Features needed now; only these are guaranteed simplified (default: all).
        """
        tol = self.tolerance(pixel_size)
        if tol == 0.0:
            return self.geometries
        key = _bucket(tol)
        entry = self._cache.get(key)
        if entry is None:
            n = len(self.geometries)
            entry = (np.empty(n, dtype=object), np.zeros(n, dtype=bool))
            self._cache[key] = entry
            while len(self._cache) > self.max_cached:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        out, done = entry
        need = np.arange(len(out)) if rows is None else np.asarray(rows, dtype=np.int64)
        todo = need[~done[need]]
        if todo.size:
            source = self.geometries[todo]
            simple = shapely.simplify(source, tol, preserve_topology=self.preserve_topology)
            lost = shapely.is_empty(simple) & ~shapely.is_empty(source)
            simple[lost] = source[lost]
            out[todo] = simple
            done[todo] = True
        return out


def aggregate_points(
    x: np.ndarray, y: np.ndarray, cell: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bin points into a square grid of side ``cell`` aligned on multiples of ``cell``.

    Returns
    -------
    cx, cy, count : ndarray
        Mean position and number of points of every non-empty cell.

    Examples
    --------
    >>> cx, cy, n = aggregate_points(np.array([1.0, 2, 15]), np.array([1.0, 3, 1]), 10)
    >>> cx.tolist(), cy.tolist(), n.tolist()
    ([1.5, 15.0], [2.0, 1.0], [2, 1])
    """
    if not cell > 0:
        raise ValueError(f"cell size must be positive, got {cell}")
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size == 0:
        empty = np.empty(0)
        return empty, empty, np.empty(0, dtype=np.int64)
    ix = np.floor(x / cell).astype(np.int64)
    iy = np.floor(y / cell).astype(np.int64)
    keys = (ix - ix.min()) * (iy.max() - iy.min() + 1) + (iy - iy.min())
    uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    cx = np.bincount(inverse, weights=x, minlength=uniq.size) / counts
    cy = np.bincount(inverse, weights=y, minlength=uniq.size) / counts
    return cx, cy, counts


class PointBins:
    """Cached :func:`aggregate_points` of one point set, per power-of-two cell size.

    Parameters
    ----------
    x, y : ndarray
        Point coordinates in metres.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, max_cached: int = 6) -> None:
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.max_cached = max_cached
        self._cache: OrderedDict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()

    def cell_for(self, pixel_size: float, cell_pixels: float = 12.0) -> float:
        """Cell side (metres, a power of two) for bins about ``cell_pixels`` wide on screen."""
        return 2.0 ** _bucket(pixel_size * cell_pixels)

    def at(
        self, pixel_size: float, cell_pixels: float = 12.0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Binned points (``cx, cy, count``) for ``pixel_size`` metres per pixel."""
        cell = self.cell_for(pixel_size, cell_pixels)
        key = _bucket(cell)
        hit = self._cache.get(key)
        if hit is None:
            hit = aggregate_points(self.x, self.y, cell)
            self._cache[key] = hit
            while len(self._cache) > self.max_cached:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return hit
