"""Households → grids: point-in-polygon over a uniform bounding-box index.

The kernel :func:`locate_xy` buckets the polygons' bounding boxes into a uniform grid of
cells (a CSR table: cell → polygons), looks up each point's cell with integer arithmetic,
filters the candidate pairs by bounding box and by 45° bounds (an octagon around each
polygon), keeps them grouped by blocks of cells (neighbouring pairs test the same few
polygons, so caches stay warm) and tests them with ``shapely.contains_xy`` on raw x/y
against prepared polygons. ``bench/bench_assign.py`` compares it with ``geopandas.sjoin``
at 1,000,000 points and ~13,000 grids, with identical answers: about 3.9× faster than
``predicate="within"`` on a Voronoi county, about 2× on the county sample (households
cluster in villages, where small grids' boxes overlap more), 3.4–4× faster than the default
predicate on both. We write this index ourselves because STRtree answers per geometry object
and needs Point objects we do not otherwise build; a uniform grid suits a grid layer, whose
polygons are of similar size.

Border rule (deterministic owner): a point inside one or more polygons goes to the one with
the lowest rank (lowest grid code, as :func:`assign_households` ranks them); a point inside
none but on the border of some (a shared edge or vertex) goes to the lowest-ranked polygon
whose border it lies on. Points covered by nothing get ``-1``.

Cadres → grids live in :mod:`gisgrid.cadres`, coverage figures in :mod:`gisgrid.coverage`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.errors import InputError
from gisgrid.progress import stepper
from gisgrid.repair import LayersEdit

#: Households within this many metres of a changed grid's bounding box are re-located.
NEAR_M = 5.0
_DEG_PER_M = 1.0 / 111_000.0


class BoxIndex:
    """A uniform grid over polygon bounding boxes: cell → candidate polygons (CSR).

    Parameters
    ----------
    polygons : numpy.ndarray of shapely geometries
        The polygons; empty or missing ones are never candidates. They get prepared.
    cells_per_polygon : float
        Target number of cells per polygon (over the layer's extent); about 64 is fastest
        for grid layers: small urban grids still get a cell or two each, so few candidates
        per point, while the table stays a few entries per polygon-cell.
    """

    def __init__(self, polygons: np.ndarray, cells_per_polygon: float = 64.0) -> None:
        self.polygons = np.asarray(polygons, dtype=object)
        bounds = shapely.bounds(self.polygons).reshape(-1, 4)
        ok = np.isfinite(bounds).all(axis=1)
        self.minx, self.miny, self.maxx, self.maxy = (
            np.where(ok, bounds[:, i], np.nan) for i in range(4)
        )
        self._box32 = [  # outward-rounded float32 copies for the candidate filter
            np.nextafter(v.astype(np.float32), np.float32(-np.inf if i < 2 else np.inf))
            for i, v in enumerate((self.minx, self.miny, self.maxx, self.maxy))
        ]
        self.origin, self.size, self.nx, self.ny = np.zeros(2), 1.0, 1, 1
        self.offsets = np.zeros(2, dtype=np.int64)
        self.members = np.zeros(0, dtype=np.int32)
        self._diag = [np.full(len(self.polygons), np.nan) for _ in range(4)]
        if not ok.any():
            return
        idx = np.flatnonzero(ok).astype(np.int32)
        b = bounds[ok]
        lo, hi = b[:, :2].min(axis=0), b[:, 2:].max(axis=0)
        extent = np.maximum(hi - lo, 1e-9)
        size = float(np.sqrt(extent[0] * extent[1] / (cells_per_polygon * len(idx))))
        size = max(size, float(extent.max()) / 20_000, 1e-9)
        while True:  # a few huge polygons must not blow up the table
            self.origin, self.size = lo, size
            self.nx = int(extent[0] // size) + 1
            self.ny = int(extent[1] // size) + 1
            ix0, iy0 = self._cell(b[:, 0], b[:, 1])
            ix1, iy1 = self._cell(b[:, 2], b[:, 3])
            wx, wy = ix1 - ix0 + 1, iy1 - iy0 + 1
            count = wx.astype(np.int64) * wy
            if count.sum() <= 256 * len(idx) + 1_000_000 and self.nx * self.ny <= 50_000_000:
                break
            size *= 2.0
        k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        width = np.repeat(wx, count)
        cell = (np.repeat(iy0, count) + k // width) * self.nx + np.repeat(ix0, count) + k % width
        order = np.argsort(cell)
        self.members = np.repeat(idx, count)[order]
        wide = len(self.members) >= 2**31 - 1
        self.offsets = np.zeros(self.nx * self.ny + 1, dtype=np.int64 if wide else np.int32)
        np.cumsum(np.bincount(cell, minlength=self.nx * self.ny), out=self.offsets[1:])
        shapely.prepare(self.polygons[idx])
        self._diag = _diagonal_bounds(self.polygons)

    def _cell(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ix = np.clip((x - self.origin[0]) // self.size, 0, self.nx - 1).astype(np.int32)
        iy = np.clip((y - self.origin[1]) // self.size, 0, self.ny - 1).astype(np.int32)
        return ix, iy

    def candidates(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(point, polygon)`` index pairs whose bounding boxes hold the point.

        Points are visited block by block (8 × 8 cells), so neighbouring pairs test the same
        few polygons and the polygons' prepared indexes stay in cache.
        """
        return self._pairs(x, y)[:2]

    def _pairs(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """Candidate pairs ``(point, polygon, x, y)``.

        The work is memory-bound, so it runs on 32-bit integers and a float32 box filter
        (boxes rounded outwards and rounding monotone: no true candidate is ever dropped).
        """
        pts = np.flatnonzero(np.isfinite(x) & np.isfinite(y)).astype(np.int32)
        ix, iy = self._cell(x[pts], y[pts])
        blocks = (iy >> 3) * (self.nx // 8 + 1) + (ix >> 3)
        if len(blocks) and blocks.max() < 65536:  # a radix sort: linear time
            order = np.argsort(blocks.astype(np.uint16), kind="stable")
        else:
            order = np.argsort(blocks)
        cell = (iy * self.nx + ix)[order]
        pts = pts[order]
        xs, ys = x[pts], y[pts]  # in visiting order: pairs below read them sequentially
        start = self.offsets[cell]
        count = self.offsets[cell + 1] - start
        total = int(count.sum())
        shift = np.repeat(start - (np.cumsum(count, dtype=np.int64) - count), count)
        g = self.members[np.arange(total, dtype=shift.dtype) + shift]
        px = np.repeat(xs.astype(np.float32), count)
        py = np.repeat(ys.astype(np.float32), count)
        keep = (px >= self._box32[0][g]) & (px <= self._box32[2][g])
        keep &= (py >= self._box32[1][g]) & (py <= self._box32[3][g])
        q = np.repeat(np.arange(len(pts), dtype=np.int32), count)[keep]
        g, px, py = g[keep], xs[q], ys[q]
        # the 45° bounds make the box an octagon: a quarter fewer pairs for GEOS to test
        s, d = px + py, px - py
        keep = (s >= self._diag[0][g]) & (s <= self._diag[1][g])
        keep &= (d >= self._diag[2][g]) & (d <= self._diag[3][g])
        return pts[q[keep]], g[keep], px[keep], py[keep]


def _diagonal_bounds(polygons: np.ndarray) -> list[np.ndarray]:
    """Min/max of ``x + y`` and ``x - y`` over each polygon's vertices, padded outwards.

    The padding (1e-9 relative, about 2 cm at lon/lat scale) covers the rounding of
    ``x + y`` for points on a 45° edge, so no point on or inside a polygon is ever dropped.
    """
    n = len(polygons)
    out = [np.full(n, np.nan) for _ in range(4)]
    xy, which = shapely.get_coordinates(polygons, return_index=True)
    if not len(xy):
        return out
    starts = np.flatnonzero(np.r_[True, which[1:] != which[:-1]])
    owner = which[starts]
    for k, values in enumerate((xy[:, 0] + xy[:, 1], xy[:, 0] - xy[:, 1])):
        low = np.minimum.reduceat(values, starts)
        high = np.maximum.reduceat(values, starts)
        pad = 1e-9 * (np.abs(low) + np.abs(high) + 1.0)
        out[2 * k][owner] = low - pad
        out[2 * k + 1][owner] = high + pad
    return out


def locate_xy(
    x: np.ndarray, y: np.ndarray, polygons: np.ndarray, index: BoxIndex | None = None
) -> np.ndarray:
    """Index of the polygon holding each point ``(x, y)``, ``-1`` for none.

    Parameters
    ----------
    x, y : numpy.ndarray
        Point coordinates, in the polygons' coordinate system.
    polygons : numpy.ndarray of shapely geometries
        Polygons, ranked by position: where several hold a point, the lowest index wins.
    index : BoxIndex, optional
        A prebuilt index over ``polygons`` (reuse it for repeated calls).

    Returns
    -------
    numpy.ndarray of int64
        Polygon index per point; ``-1`` where no polygon contains or touches the point.

    Examples
    --------
    >>> import shapely
    >>> polys = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])
    >>> locate_xy(np.array([0.5, 1.0, 3.0]), np.array([0.5, 0.5, 0.5]), polys).tolist()
    [0, 0, -1]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    result = np.full(len(x), -1, dtype=np.int64)
    if len(x) == 0 or len(polygons) == 0:
        return result
    index = index if index is not None else BoxIndex(polygons)
    p, g, px, py = index._pairs(x, y)
    if len(p) == 0:
        return result
    hit = shapely.contains_xy(index.polygons[g], px, py)
    _lowest(result, p[hit], g[hit])
    rest = result[p] < 0  # inside nothing: try the borders (shared edges, vertices)
    if rest.any():
        p, g = p[rest], g[rest]
        hit = shapely.intersects_xy(index.polygons[g], x[p], y[p])
        _lowest(result, p[hit], g[hit])
    return result


def _lowest(result: np.ndarray, p: np.ndarray, g: np.ndarray) -> None:
    """Set ``result[p] = g``, keeping the lowest ``g`` where a point has several."""
    if len(p) == 0:
        return
    count = np.bincount(p, minlength=len(result))
    single = count[p] == 1  # the common case: one polygon per point
    result[p[single]] = g[single]
    if not single.all():
        p, g = p[~single], g[~single]
        best = np.full(len(result), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, p, g)
        result[p] = best[p]


def locate_points(points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the polygon holding each Point geometry, ``-1`` for none (see :func:`locate_xy`).

    A point on a shared border belongs to the polygon with the lowest index.
    """
    points = np.asarray(points, dtype=object)
    x = np.asarray(shapely.get_x(points), dtype=float) if len(points) else np.zeros(0)
    y = np.asarray(shapely.get_y(points), dtype=float) if len(points) else np.zeros(0)
    return locate_xy(x, y, np.asarray(polygons, dtype=object))


# -- households of a project ------------------------------------------------------------------
@dataclass
class HouseholdAssignment:
    """What :func:`assign_households` found; apply it with :meth:`command`.

    Attributes
    ----------
    households : geopandas.GeoDataFrame
        The households layer with the new ``grid_code`` (and ``micro_code``).
    before : geopandas.GeoDataFrame
        The households layer as it was.
    outside : pandas.DataFrame
        Households outside every small grid (pinned ones excluded): ``id``, ``suggested_code``
        (the nearest grid), ``distance_m`` (metres, in the project's Gauss-Krüger zone),
        ``lon``, ``lat``.
    no_location : list of str
        Ids of households without usable coordinates.
    checked : int
        Households located in this run (all of them unless only changed grids were given).
    changed : int
        Households whose ``grid_code`` or ``micro_code`` differs from before.
    per_grid : pandas.Series
        Households per small grid code after the run, every grid listed (0 for none).
    """

    households: gpd.GeoDataFrame
    before: gpd.GeoDataFrame
    outside: pd.DataFrame
    no_location: list[str]
    checked: int
    changed: int
    per_grid: pd.Series
    pinned: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def assigned(self) -> int:
        """Households with a small grid after the run."""
        return int(self.households["grid_code"].notna().sum())

    def command(self) -> LayersEdit:
        """Return an undoable edit writing the new codes into the ``households`` layer."""
        return LayersEdit(
            f"assign households to grids ({self.changed} changed)",
            {"households": self.before},
            {"households": self.households},
            changed=self.changed,
            notes=list(self.notes),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary, as ``gisgrid assign --households --json`` prints it."""
        return {
            "households": int(len(self.households)),
            "checked": self.checked,
            "assigned": self.assigned,
            "changed": self.changed,
            "pinned": self.pinned,
            "outside": [
                {
                    "id": r.id,
                    "suggested_code": r.suggested_code,
                    "distance_m": None if pd.isna(r.distance_m) else round(float(r.distance_m), 1),
                }
                for r in self.outside.itertuples(index=False)
            ],
            "no_location": list(self.no_location),
            "per_grid": {str(k): int(v) for k, v in self.per_grid.items()},
        }


def _ranked(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Polygons and codes of a grid layer, sorted by code (the border rule's ranking)."""
    codes = frame["code"].astype(object).to_numpy()
    keys = np.array(["\uffff" if not isinstance(c, str) else c for c in codes], dtype=object)
    order = np.argsort(keys, kind="stable")
    return np.asarray(frame.geometry.array, dtype=object)[order], codes[order]


def _selection(
    households: gpd.GeoDataFrame,
    x: np.ndarray,
    y: np.ndarray,
    small: pd.DataFrame,
    micro: pd.DataFrame,
    changed_grids: Iterable[str] | None,
    changed_households: Iterable[str] | None,
) -> np.ndarray:
    """Households to re-locate: all, or those near/in the changed grids and the named ones.

    With changed grids, a household is re-located when it lies in (or within ``NEAR_M`` of)
    the bounding box of a changed grid, is stored under a changed code, or has no valid
    small grid yet.
    """
    n = len(households)
    if changed_grids is None and changed_households is None:
        return np.ones(n, dtype=bool)
    grids = {str(c) for c in changed_grids or []}
    mask = np.zeros(n, dtype=bool)
    pad = NEAR_M * _DEG_PER_M
    for frame in (small, micro):
        rows = frame[frame["code"].isin(grids)]
        for minx, miny, maxx, maxy in shapely.bounds(np.asarray(rows.geometry.array)):
            if np.isfinite(minx):
                mask |= (
                    (x >= minx - pad) & (x <= maxx + pad) & (y >= miny - pad) & (y <= maxy + pad)
                )
    stored = households["grid_code"].astype(object)
    mask |= stored.isin(grids).to_numpy() | ~stored.isin(set(small["code"].dropna())).to_numpy()
    mask |= households["micro_code"].astype(object).isin(grids).to_numpy()
    if changed_households is not None:
        mask |= households["id"].isin({str(i) for i in changed_households}).to_numpy()
    return mask


def nearest_grids(
    x: np.ndarray, y: np.ndarray, polygons: np.ndarray, codes: np.ndarray, metric: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest polygon's code and distance in metres for lon/lat points.

    Distances are measured in the metric CRS ``metric`` (the project's Gauss-Krüger zone);
    of equally near polygons the one listed first (lowest code) wins.
    """
    if len(x) == 0 or len(polygons) == 0:
        return np.full(len(x), None, dtype=object), np.full(len(x), np.nan)
    from pyproj import Transformer

    from gisgrid.crs import STORAGE_CRS

    to_metric = Transformer.from_crs(STORAGE_CRS, metric, always_xy=True)
    mx, my = to_metric.transform(x, y)
    metric_polys = gpd.GeoSeries(polygons, crs=STORAGE_CRS).to_crs(metric).to_numpy()
    tree = shapely.STRtree(metric_polys)
    (p, g), dist = tree.query_nearest(shapely.points(mx, my), return_distance=True)
    best = np.full(len(x), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(best, p, g)
    found = best != np.iinfo(np.int64).max
    out_codes = np.full(len(x), None, dtype=object)
    out_codes[found] = codes[best[found]]
    out_dist = np.full(len(x), np.nan)
    out_dist[p] = dist  # ties are equally near, so any of them gives the distance
    return out_codes, out_dist


def assign_households(
    project: Any,
    changed_grids: Iterable[str] | None = None,
    changed_households: Iterable[str] | None = None,
    snap_outside_m: float = 0.0,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> HouseholdAssignment:
    """Locate households in the small (and micro) grids; nothing is written until applied.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project; its ``households`` and ``grids_small`` (and ``grids_micro``) layers.
    changed_grids : iterable of str, optional
        Codes of grids edited since the last run: only households in or near them (and
        those without a valid grid) are re-located. Default: every household.
    changed_households : iterable of str, optional
        Ids of households moved or added since the last run, re-located too.
    snap_outside_m : float
        Households outside every grid but within this distance of one are given that grid
        (0: never; they are only reported with the suggestion).
    progress : callable, optional
        Called as ``progress(fraction, message)`` between steps.
    cancelled : callable, optional
        Polled between steps; when it returns True, :class:`~gisgrid.errors.Cancelled` is
        raised and nothing changes.

    Returns
    -------
    HouseholdAssignment
        New codes, households outside with the nearest grid and its distance, counts; its
        :meth:`~HouseholdAssignment.command` applies them undoably.

    Raises
    ------
    InputError
        If the project has no small grids.
    Cancelled
        If ``cancelled()`` turned True.

    Notes
    -----
    Points are tested in the stored coordinates (CGCS2000 lon/lat), exactly against the
    stored polygons. A point on a shared border goes to the lowest grid code among the grids
    it touches (see the module notes). Pinned households (``pinned``) keep their codes.
    """
    step = stepper(progress, cancelled)
    before = project.layer("households")
    small = project.layer("grids_small")
    if not len(small):
        raise InputError(
            "the project has no small grids (grids_small); import or draw them before "
            "assigning households"
        )
    micro = project.layer("grids_micro")
    geoms = np.asarray(before.geometry.array, dtype=object)
    has_point = shapely.get_type_id(geoms) == 0 if len(geoms) else np.zeros(0, bool)
    has_point &= ~shapely.is_empty(geoms) if len(geoms) else has_point
    x = np.where(has_point, shapely.get_x(np.where(has_point, geoms, None)), np.nan)
    y = np.where(has_point, shapely.get_y(np.where(has_point, geoms, None)), np.nan)
    check = _selection(before, x, y, small, micro, changed_grids, changed_households)
    pinned = before["pinned"].to_numpy(bool)
    todo = np.flatnonzero(check & ~pinned)
    grid_code = before["grid_code"].astype(object).to_numpy().copy()
    micro_code = before["micro_code"].astype(object).to_numpy().copy()

    step(0.1, f"locating {len(todo):,} households in {len(small):,} small grids")
    polys, codes = _ranked(small)
    where = locate_xy(x[todo], y[todo], polys)
    grid_code[todo] = np.where(where >= 0, codes[np.maximum(where, 0)], None)
    out = todo[(where < 0) & np.isfinite(x[todo])]
    step(0.5, f"nearest grid for {len(out):,} households outside")
    suggested, dist = nearest_grids(x[out], y[out], polys, codes, project.metric_crs)
    notes: list[str] = []
    snapped = np.zeros(len(before), dtype=bool)
    if snap_outside_m > 0:
        snap = (dist <= snap_outside_m) & np.array([isinstance(c, str) for c in suggested], bool)
        grid_code[out[snap]] = suggested[snap]
        snapped[out[snap]] = True
        if snap.any():
            notes.append(
                f"{int(snap.sum())} household(s) outside took the nearest grid (within "
                f"{float(dist[snap].max()):,.1f} m) and are pinned to it"
            )
        out = out[~snap]  # they belong to a grid now: no longer listed as outside
        suggested, dist = suggested[~snap], dist[~snap]
    if len(micro):
        step(0.7, f"locating households in {len(micro):,} micro grids")
        mpolys, mcodes = _ranked(micro)
        mwhere = locate_xy(x[todo], y[todo], mpolys)
        micro_code[todo] = np.where(mwhere >= 0, mcodes[np.maximum(mwhere, 0)], None)

    step(0.9, "comparing with the stored grids")
    after = before.copy()
    after["grid_code"] = pd.array(grid_code, dtype="str")
    after["micro_code"] = pd.array(micro_code, dtype="str")
    # A snapped household is placed by decision, not by its point: pinned, so validate and
    # coverage count it in its grid and later runs keep it there.
    after["pinned"] = pinned | snapped
    ids = before["id"].astype(object).to_numpy()
    outside = pd.DataFrame(
        {
            "id": ids[out],
            "suggested_code": suggested,
            "distance_m": dist,
            "lon": x[out],
            "lat": y[out],
        }
    )
    changed = _differs(before["grid_code"], after["grid_code"])
    changed |= _differs(before["micro_code"], after["micro_code"])
    changed |= snapped & ~pinned
    valid = np.array([isinstance(c, str) for c in codes], dtype=bool)
    per_grid = after["grid_code"].value_counts().reindex(codes[valid], fill_value=0)
    return HouseholdAssignment(
        households=after,
        before=before,
        outside=outside,
        no_location=[str(i) for i in ids[~np.isfinite(x)]],
        checked=int(len(todo)),
        changed=int(changed.sum()),
        per_grid=per_grid.astype(np.int64),
        pinned=int(pinned.sum()),
        notes=notes,
    )


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    a, b = a.astype(object), b.astype(object)
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    return ~both_missing & (a.fillna("\x00").to_numpy() != b.fillna("\x00").to_numpy())
