"""Coordinate systems: storage in CGCS2000, metric work in its 3-degree Gauss-Krüger zone."""

from __future__ import annotations

import math

import numpy as np
from pyproj import CRS

STORAGE_CRS = CRS.from_epsg(4490)  # CGCS2000 geographic, the project's stored CRS

# EPSG codes of "CGCS2000 / 3-degree Gauss-Kruger": zone 25 (CM 75E) … zone 45 (CM 135E).
GK_ZONES = range(25, 46)
_GK_CM_BASE = 4534  # "CM 75E": easting without the zone prefix (false easting 500 km)
_GK_ZONE_BASE = 4513  # "zone 25": easting carries the zone number in front (25 500 000 m)


def gk_zone_for_lon(lon: float) -> int:
    """Return the 3-degree Gauss-Krüger zone whose central meridian is nearest ``lon``.

    Examples
    --------
    >>> gk_zone_for_lon(118.7)
    40
    """
    if not math.isfinite(lon):
        raise ValueError(f"longitude {lon!r} is not a number")
    zone = int(math.floor((lon + 1.5) / 3.0))
    if zone not in GK_ZONES:
        raise ValueError(f"longitude {lon:.3f} lies outside China's Gauss-Krüger zones 25–45")
    return zone


def gk_crs(zone: int, prefixed: bool = False) -> CRS:
    """Return the CGCS2000 3-degree Gauss-Krüger CRS of ``zone``.

    Parameters
    ----------
    zone : int
        Zone number, 25 to 45 (central meridian ``3 * zone`` degrees east).
    prefixed : bool
        True for the variant whose easting starts with the zone number (e.g. 40 500 000).
    """
    if zone not in GK_ZONES:
        raise ValueError(f"Gauss-Krüger zone {zone} is outside 25–45")
    return CRS.from_epsg((_GK_ZONE_BASE if prefixed else _GK_CM_BASE) + zone - 25)


def gk_zone_of(crs: CRS) -> int | None:
    """Return the zone number if ``crs`` is a CGCS2000 3-degree Gauss-Krüger CRS, else None."""
    epsg = crs.to_epsg()
    if epsg is None:
        return None
    for base in (_GK_CM_BASE, _GK_ZONE_BASE):
        if base <= epsg <= base + 20:
            return epsg - base + 25
    return None


def metric_crs_for_bounds(bounds: tuple[float, float, float, float]) -> CRS:
    """Return the Gauss-Krüger CRS (no zone prefix) for lon/lat ``bounds`` in CGCS2000.

    The zone is the one holding the centre of the bounds.
    """
    minx, _, maxx, _ = bounds
    if not (np.isfinite(minx) and np.isfinite(maxx)):
        raise ValueError("cannot choose a Gauss-Krüger zone for empty data")
    return gk_crs(gk_zone_for_lon((minx + maxx) / 2.0))
