"""Chinese web-map datums: GCJ-02 (Gaode, Tencent) and BD-09 (Baidu) to and from WGS84.

GCJ-02 is WGS84 shifted by a published, deliberately irregular function; BD-09 is a further
rotation and offset of GCJ-02. The forward formulas are the standard public ones. The inverse
has no closed form, so it is solved by fixed-point iteration until the forward image of the
estimate matches the input to better than ``1e-9`` degrees (≈ 0.1 mm).

We implement this here rather than depend on a package: the PyPI packages for it
(``coord-convert``, ``eviltransform``, ``prcoords`` …) are unmaintained, work one point at a
time in pure Python and mostly use the one-step approximate inverse (errors of 1–2 m). These
functions take and return numpy arrays and stay vectorised.

CGCS2000 and WGS84 differ by a few centimetres in China; like every Chinese GIS office tool we
treat WGS84 lon/lat as CGCS2000.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 function
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

#: Iteration stops when the forward image is this close to the input (degrees).
TOLERANCE = 1e-9
MAX_ITERATIONS = 50

Array = NDArray[np.float64]


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    return np.broadcast_arrays(x, y)  # type: ignore[return-value]


def _shift_lat(x: Array, y: Array) -> Array:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: Array, y: Array) -> Array:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Shift WGS84 lon/lat to GCJ-02 (the standard forward formula).

    Parameters
    ----------
    lon, lat : array_like
        WGS84 (or CGCS2000) longitude and latitude in degrees.

    Returns
    -------
    tuple of ndarray
        GCJ-02 longitude and latitude.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(118.7, 37.0)
    >>> round(float(lon - 118.7), 4), round(float(lat - 37.0), 4)
    (0.0057, 0.0005)
    """
    x, y = _as_arrays(lon, lat)
    dlat = _shift_lat(x - 105.0, y - 35.0)
    dlon = _shift_lon(x - 105.0, y - 35.0)
    radlat = y / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return x + dlon, y + dlat


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Convert GCJ-02 lon/lat to Baidu's BD-09 (the standard forward formula)."""
    x, y = _as_arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Convert WGS84 lon/lat to BD-09 (via GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(forward, lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Solve ``forward(x, y) == (lon, lat)`` for x, y by fixed-point iteration.

    The shifts vary slowly (their derivative is ~1e-4), so ``p ← p − (f(p) − target)``
    contracts fast: 3–5 rounds reach 1e-9°. Only points not yet converged are iterated again.
    """
    bx, by = _as_arrays(lon, lat)
    shape = bx.shape
    tx, ty = bx.ravel(), by.ravel()
    x, y = tx.copy(), ty.copy()
    active = np.isfinite(tx) & np.isfinite(ty)
    for _ in range(MAX_ITERATIONS):
        if not active.any():
            break
        fx, fy = forward(x[active], y[active])
        ex, ey = fx - tx[active], fy - ty[active]
        x[active] -= ex
        y[active] -= ey
        done = np.maximum(np.abs(ex), np.abs(ey)) < TOLERANCE
        idx = np.flatnonzero(active)
        active[idx[done]] = False
    return x.reshape(shape), y.reshape(shape)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Convert GCJ-02 (Gaode, Tencent) lon/lat back to WGS84, exactly (iterative inverse).

    Examples
    --------
    >>> x, y = gcj02_to_wgs84(*wgs84_to_gcj02(118.7, 37.0))
    >>> abs(float(x) - 118.7) < 1e-8 and abs(float(y) - 37.0) < 1e-8
    True
    """
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Convert BD-09 lon/lat back to GCJ-02 (iterative inverse)."""
    return _invert(gcj02_to_bd09, lon, lat)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """Convert BD-09 (Baidu) lon/lat back to WGS84 (iterative inverse)."""
    return _invert(wgs84_to_bd09, lon, lat)


#: Datum name → function converting its lon/lat to WGS84 ≈ CGCS2000.
TO_WGS84 = {
    "wgs84": None,
    "cgcs2000": None,
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}
