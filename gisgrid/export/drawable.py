"""Geometry fit to draw: valid copies of polygons kept as imported, for every export.

Projects keep polygons as the office imported them, invalid ones included (a bow-tie grid, a
self-touching ring) until someone repairs them with ``gisgrid repair --fix invalid``. Drawing
must not wait for that: clipping, label placement and the coordinate rounding of web maps run
GEOS overlay operations that fail on invalid input ("TopologyException: side location
conflict"). The exports therefore draw *valid copies* made here; the project is never changed.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

__all__ = ["drawable", "drawable_geometries", "rounded"]

#: Polygon and multipolygon type ids of shapely.
_POLYGONAL = (3, 6)


def drawable_geometries(geoms: np.ndarray) -> np.ndarray:
    """Return ``geoms`` with each invalid geometry replaced by a valid copy of it.

    A polygon stays polygonal (the bow-tie becomes its two triangles; collapsed rings are
    dropped); valid geometries, missing and empty ones are returned as they are.

    Examples
    --------
    >>> import shapely
    >>> bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    >>> fixed = drawable_geometries(np.array([bowtie]))[0]
    >>> fixed.geom_type, fixed.is_valid, round(fixed.area, 3)
    ('MultiPolygon', True, 2.0)
    """
    geoms = np.asarray(geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    bad = np.flatnonzero(present & ~shapely.is_valid(geoms))
    if bad.size == 0:
        return geoms
    out = geoms.copy()
    polygonal = np.isin(shapely.get_type_id(geoms[bad]), _POLYGONAL)
    if polygonal.any():  # "structure" keeps a polygon a polygon (no stray lines)
        idx = bad[polygonal]
        out[idx] = shapely.make_valid(geoms[idx], method="structure", keep_collapsed=False)
    if (~polygonal).any():
        idx = bad[~polygonal]
        out[idx] = shapely.make_valid(geoms[idx])
    return out


def drawable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` whose geometries are fit to draw (see module doc)."""
    geoms = frame.geometry.to_numpy()
    fixed = drawable_geometries(geoms)
    if fixed is geoms:
        return frame
    return frame.set_geometry(gpd.GeoSeries(fixed, index=frame.index, crs=frame.crs))


def rounded(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Return ``geoms`` snapped to a ``grid`` (e.g. 1e-6 degrees), never failing.

    GEOS' precision reduction keeps the result valid but can fail on input it cannot node;
    such a geometry keeps its shape with its coordinates rounded one by one instead.
    """
    geoms = drawable_geometries(geoms)
    try:
        return shapely.set_precision(geoms, grid)
    except shapely.errors.GEOSException:
        out = np.empty(len(geoms), dtype=object)
        for i, g in enumerate(geoms):
            try:
                out[i] = shapely.set_precision(g, grid)
            except shapely.errors.GEOSException:
                out[i] = shapely.transform(g, lambda xy: np.round(xy / grid) * grid)
        return out
