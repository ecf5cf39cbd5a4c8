"""Geometries of vector sources: CRS to CGCS2000, 2D, and the layer's geometry type."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from gisgrid.crs import GK_ZONES, STORAGE_CRS, gk_crs, gk_zone_of
from gisgrid.errors import InputError
from gisgrid.io.coords import in_china, is_wgs_like
from gisgrid.io.datum import TO_WGS84

_TYPE_NAMES = {0: "point", 1: "line", 2: "line", 3: "polygon", 4: "multi-point"}
_TYPE_NAMES.update({5: "multi-line", 6: "multi-polygon", 7: "geometry collection"})


def _finite_xy(geoms: np.ndarray) -> np.ndarray:
    xy = shapely.get_coordinates(geoms[:2000])
    return xy[np.isfinite(xy).all(axis=1)]


def _lonlike_share(geoms: np.ndarray) -> float:
    xy = _finite_xy(geoms)
    if len(xy) == 0:
        return 1.0
    return float(((np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)).mean())


def _transform(geoms: np.ndarray, func) -> np.ndarray:
    def apply(xy: np.ndarray) -> np.ndarray:
        x, y = func(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, apply)


def source_crs(
    geoms: np.ndarray,
    file_crs: CRS | None,
    option: CRS | None,
    fallback: CRS | None,
    source: str,
) -> tuple[CRS, list[str], dict[str, Any]]:
    """Decide the CRS of a vector source's coordinates: option, file, or the numbers."""
    warnings: list[str] = []
    share = _lonlike_share(geoms)
    if option is not None:
        if option.is_geographic and share < 0.5:
            raise InputError(
                f"{source}: the coordinates are projected but --crs {option.to_string()} is "
                "longitude/latitude; give the projected EPSG code or drop --crs"
            )
        if not option.is_geographic and share >= 0.5:
            raise InputError(
                f"{source}: the coordinates are longitude/latitude but --crs "
                f"{option.to_string()} is projected; drop --crs or give the right one"
            )
        if file_crs is not None and not file_crs.equals(option):
            warnings.append(f"the file says {file_crs.name}; used --crs {option.to_string()}")
        return option, warnings, {"crs_from": "option"}
    if file_crs is not None:
        if file_crs.is_geographic != (share >= 0.5):
            said = "longitude/latitude" if file_crs.is_geographic else "projected metres"
            seen = "projected metres" if file_crs.is_geographic else "longitude/latitude"
            raise InputError(
                f"{source}: the file's coordinate system ({file_crs.name}) is {said} but the "
                f"numbers are {seen}; fix the .prj or pass the right --crs"
            )
        return file_crs, warnings, {"crs_from": "file"}
    if share >= 0.5:
        warnings.append("no coordinate system in the file; read as CGCS2000/WGS84 lon/lat")
        return STORAGE_CRS, warnings, {"crs_from": "numbers"}
    xy = _finite_xy(geoms)
    x = float(np.median(xy[:, 0]))
    if not abs(x) < 1e9:  # no coordinate system has such numbers (the median may overflow)
        raise InputError(
            f"{source}: coordinates such as {xy[0, 0]:g}, {xy[0, 1]:g} fit no coordinate "
            "system; export the file again"
        )
    if x >= 1e7 and int(x // 1e6) in GK_ZONES:
        zone = int(x // 1e6)
        warnings.append(f"no coordinate system in the file; the eastings carry GK zone {zone}")
        return gk_crs(zone, True), warnings, {"crs_from": "numbers"}
    if fallback is not None and 1e5 < x < 9e5:
        warnings.append(
            "no coordinate system in the file and no zone number in the eastings; used the "
            f"project's zone ({fallback.to_string()}); pass --crs to choose another"
        )
        return fallback, warnings, {"crs_from": "project"}
    raise InputError(
        f"{source}: projected coordinates with no coordinate system (.prj) and no zone number; "
        "pass --crs EPSG:xxxx (e.g. EPSG:4549, CGCS2000 3-degree Gauss-Krüger CM 120E)"
    )


def reproject(geoms: np.ndarray, crs: CRS, datum: str | None) -> tuple[np.ndarray, dict[str, Any]]:
    """Reproject ``geoms`` from ``crs`` to CGCS2000 lon/lat and undo a GCJ-02/BD-09 datum."""
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    zone = gk_zone_of(crs)
    detected: dict[str, Any] = {
        "kind": "lonlat" if crs.is_geographic else "projected",
        "crs": crs.to_string() if crs.to_epsg() else crs.name,
    }
    if zone is not None:
        detected.update(gk_zone=zone, zone_prefixed=crs.to_epsg() < 4534)
    if not is_wgs_like(crs):
        tr = Transformer.from_crs(crs, STORAGE_CRS, always_xy=True)
        geoms = _transform(geoms, tr.transform)
    if crs.is_geographic:
        chosen = datum or "cgcs2000"
        detected["datum"] = chosen
        if TO_WGS84.get(chosen) is not None:
            geoms = _transform(geoms, TO_WGS84[chosen])
    elif datum in ("gcj02", "bd09"):
        raise InputError(f"--coords {datum} applies to lon/lat data, not projected coordinates")
    return geoms, detected


def fit_type(
    geoms: np.ndarray, target: str, layer: str, rows: np.ndarray
) -> tuple[np.ndarray, dict[int, str], list[str]]:
    """Make geometries fit the layer's type (Point or Polygon).

    Returns
    -------
    tuple
        ``(geometries, reasons, warnings)``: reasons maps positions left out to why.
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    types = shapely.get_type_id(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    reasons: dict[int, str] = {i: "no geometry" for i in np.flatnonzero(missing)}
    xy, index = shapely.get_coordinates(geoms, return_index=True)
    for i in np.unique(index[~np.isfinite(xy).all(axis=1)]):
        reasons[int(i)] = "coordinates that are not numbers (NaN or infinite)"
        missing[i] = True
    warnings: list[str] = []
    want = "points" if target == "Point" else "polygons"
    ok = ~missing & np.isin(types, [0] if target == "Point" else [3, 6])
    if target == "Point":
        single = ~missing & (types == 4) & (shapely.get_num_geometries(geoms) == 1)
        geoms[single] = shapely.get_geometry(geoms[single], 0)
        ok |= single
    else:
        closed = 0
        for i in np.flatnonzero(~missing & ~ok & np.isin(types, [1, 2, 5, 7])):
            fixed = _polygonal(geoms[i])
            if fixed is not None:
                closed += types[i] != 7
                geoms[i], ok[i] = fixed, True
        if closed:
            warnings.append(f"{closed} closed line(s) were turned into polygons")
    for i in np.flatnonzero(~missing & ~ok):
        reasons[i] = f"{_TYPE_NAMES.get(int(types[i]), 'other')} geometry; {layer} needs {want}"
    if target != "Point" and ok.any():
        invalid = ok & ~shapely.is_valid(geoms)
        if invalid.any():
            first = int(np.flatnonzero(invalid)[0])
            warnings.append(
                f"{int(invalid.sum())} invalid polygon(s) imported as they are (features "
                f"{', '.join(map(str, rows[invalid][:10]))}; e.g. "
                f"{shapely.is_valid_reason(geoms[first])}); repair them with the hierarchy checks"
            )
    return geoms, reasons, warnings


def _polygonal(geom) -> shapely.Geometry | None:
    parts = shapely.get_parts(geom)
    polys = [p for p in parts if p.geom_type == "Polygon"]
    for p in parts:
        if p.geom_type in ("LineString", "LinearRing") and p.is_closed and len(p.coords) >= 4:
            polys.append(shapely.Polygon(p.coords))
        elif p.geom_type == "MultiPolygon":
            polys.extend(p.geoms)
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def outside_china(geoms: np.ndarray) -> np.ndarray:
    """Whether each geometry's bounding box leaves China's lon/lat box."""
    b = shapely.bounds(geoms)
    return ~(in_china(b[:, 0], b[:, 1]) & in_china(b[:, 2], b[:, 3]))
