"""Coordinates in tables: finding the columns, parsing, swaps, datums and Gauss-Krüger zones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pyproj import CRS, Transformer

from gisgrid.crs import GK_ZONES, STORAGE_CRS, gk_crs, gk_zone_of
from gisgrid.errors import InputError
from gisgrid.io.datum import TO_WGS84
from gisgrid.io.fields import norm

CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
DATUMS = ("wgs84", "cgcs2000", "gcj02", "bd09")

LON_WORDS = {"lon", "lng", "long", "longitude", "x", "经度", "东经", "x坐标", "坐标x", "横坐标"}
LON_WORDS |= {"pointx", "xcoord", "easting", "东坐标", "y坐标(东)", "gpsx"}
LAT_WORDS = {"lat", "latitude", "y", "纬度", "北纬", "y坐标", "坐标y", "纵坐标", "pointy"}
LAT_WORDS |= {"ycoord", "northing", "北坐标", "gpsy"}
COMBINED_WORDS = {"坐标", "经纬度", "位置", "location", "坐标位置", "gps坐标", "lnglat", "lonlat"}
COMBINED_WORDS |= {"latlng", "经纬度坐标", "坐标值", "定位", "地理坐标", "coordinates", "coords"}
COMBINED_WORDS |= {"gps", "gps定位", "经纬度位置", "点位", "点位坐标"}

_DATUM_WORDS = re.compile(
    r"高德|百度|腾讯|火星|gcj02|gcj|bd09|baidu|gaode|amap|wgs84|cgcs2000|国家2000|gps|坐标系"
)
_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")


def datum_hint(text: str, column: bool = True) -> str | None:
    """Datum named in a header or title: 高德/GCJ/火星/腾讯 → gcj02, 百度/BD → bd09."""
    t = norm(text)
    if re.search(r"高德|gcj|火星|腾讯|gaode|amap", t):
        return "gcj02"
    if re.search(r"百度|bd09|baidu", t) or (column and t.startswith("bd")):
        return "bd09"
    if re.search(r"wgs84|gps", t):
        return "wgs84"
    if re.search(r"cgcs2000|国家2000", t):
        return "cgcs2000"
    return None


def column_role(column: object) -> str | None:
    """Return ``"lon"``, ``"lat"``, ``"combined"`` or None for a header."""
    t = norm(column)
    core = _DATUM_WORDS.sub("", _BRACKETS.sub("", t)) or _BRACKETS.sub("", t)
    if core.startswith("bd") and datum_hint(t) == "bd09":
        core = core[2:]
    if core in COMBINED_WORDS or "经纬度" in core:
        return "combined"
    if core in LON_WORDS or "经度" in core or "东经" in core:
        return "lon"
    if core in LAT_WORDS or "纬度" in core or "北纬" in core:
        return "lat"
    return None


def find_columns(
    columns: list[str], lon: str | None, lat: str | None, source: str
) -> tuple[str | None, str | None, str | None, list[str]]:
    """Choose the coordinate columns: ``(lon, lat, combined, warnings)``.

    Options ``lon``/``lat`` win; ``lon`` alone names a combined column.
    """
    for opt in (lon, lat):
        if opt is not None and opt not in columns:
            raise InputError(
                f"{source}: column {opt!r} not found; its columns are {', '.join(columns)}"
            )
    if lon and lat:
        return lon, lat, None, []
    if lon or lat:
        return None, None, lon or lat, []
    roles: dict[str, list[str]] = {"lon": [], "lat": [], "combined": []}
    for col in columns:
        role = column_role(col)
        if role:
            roles[role].append(col)
    warnings: list[str] = []
    if roles["lon"] and roles["lat"]:
        if len(roles["lon"]) > 1 or len(roles["lat"]) > 1:
            warnings.append(
                f"several coordinate columns; used {roles['lon'][0]}/{roles['lat'][0]} "
                "(choose others with --lon/--lat)"
            )
        return roles["lon"][0], roles["lat"][0], None, warnings
    if roles["combined"]:
        return None, None, roles["combined"][0], warnings
    return None, None, None, warnings


_DMS = re.compile(
    r"^([-+]?\d+(?:\.\d+)?)[°度d](?:(\d+(?:\.\d+)?)['′分m])?(?:(\d+(?:\.\d+)?)[\"″秒s]?)?"
)


def parse_numbers(values: pd.Series) -> np.ndarray:
    """Parse a coordinate column to floats: numbers, "118.71°", "118°42′36″"; else NaN."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float, na_value=np.nan)
    out = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    bad = np.isnan(out) & values.notna().to_numpy()
    if bad.any():  # text such as "118.71°", "E118.71", "118°42′36″": clean only those
        text = values[bad].astype(object).astype("str")
        text = text.str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
        text = text.str.replace(r"^[EeNn东北经纬]+|[EeNn]$|[°度]$", "", regex=True)
        fixed = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
        still = np.isnan(fixed)
        if still.any():
            parts = text[still].str.extract(_DMS).astype(float)
            dms = parts[0] + parts[1].fillna(0) / 60 + parts[2].fillna(0) / 3600
            fixed[still] = dms.to_numpy(dtype=float, na_value=np.nan)
        out[bad] = fixed
    return out


_PAIR = r"^\(?([-+]?\d+(?:\.\d+)?)°?[,;/|\s]+([-+]?\d+(?:\.\d+)?)°?\)?$"


def split_combined(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Split "118.71,36.93" / "118.71，36.93" / "118.71 36.93" into two float arrays."""
    text = values.astype(object).where(values.notna(), None).astype("str")
    text = text.str.normalize("NFKC").str.strip()
    parts = text.str.extract(_PAIR)
    x = pd.to_numeric(parts[0], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    y = pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return x, y


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Whether lon/lat lie in China's box (lon 73–136°E, lat 3–54°N)."""
    return (
        (lon >= CHINA_LON[0])
        & (lon <= CHINA_LON[1])
        & (lat >= CHINA_LAT[0])
        & (lat <= CHINA_LAT[1])
    )


def is_wgs_like(crs: CRS) -> bool:
    """Whether ``crs`` is lon/lat on WGS84 or CGCS2000 (treated as equal)."""
    return crs.is_geographic and crs.to_epsg() in {4326, 4490, 4979, 4480, 4479}


def to_storage(crs: CRS, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Transform x/y in ``crs`` to CGCS2000 lon/lat."""
    if is_wgs_like(crs):
        return x, y
    tr = Transformer.from_crs(crs, STORAGE_CRS, always_xy=True)
    return tr.transform(x, y)


def parse_crs(text: str | None, source: str) -> CRS | None:
    """Parse the ``crs`` option ("EPSG:4549", "4549", WKT) or raise a clear error."""
    if not text:
        return None
    value = text.strip()
    try:
        return CRS.from_user_input(int(value) if value.isdigit() else value)
    except Exception:  # pyproj raises CRSError, but also ValueError/TypeError for odd input
        raise InputError(
            f"{source}: unknown coordinate system {text!r}; give an EPSG code such as "
            "EPSG:4490 (CGCS2000 lon/lat) or EPSG:4549 (CGCS2000 / 3-degree GK CM 120E)"
        ) from None


@dataclass
class Located:
    """Coordinates of table rows in CGCS2000, with per-row reasons for the rows left out."""

    lon: np.ndarray
    lat: np.ndarray
    reasons: dict[int, str]  # position → reason
    detected: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    advice: str = ""  # what to try when rows fell outside China (see :func:`outside_advice`)


def outside_advice(x: np.ndarray, y: np.ndarray) -> str:
    """Say what the numbers of rows outside China look like, and which option fixes that.

    ``x``/``y`` are the numbers as read (before any conversion), for the rows outside China.

    Examples
    --------
    >>> outside_advice(np.array([13214000.0]), np.array([4440000.0]))[:37]
    'the numbers look like Web Mercator me'
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) == 0:
        return ""
    mx, my = float(np.median(x)), float(np.median(y))
    if (np.abs(x) <= 180).mean() >= 0.5 and (np.abs(y) <= 90).mean() >= 0.5:
        ax, ay = np.abs(x), np.abs(y)
        if max(in_china(ax, ay).mean(), in_china(ay, ax).mean()) >= 0.5:
            return "the signs look lost or wrong (west/south); check the export"
        if (np.abs(x) < 1).mean() >= 0.5 and (np.abs(y) < 1).mean() >= 0.5:
            return "the numbers are near 0, 0 (placeholders?); check the columns (--lon/--lat)"
        return (
            "the numbers are longitude/latitude of another region; check that the right "
            "columns were used (--lon/--lat)"
        )
    if 7.5e6 <= mx <= 1.6e7 and 3e5 <= my <= 7.3e6:
        return (
            "the numbers look like Web Mercator metres (EPSG:3857, from web maps; pass --crs "
            "EPSG:3857) or degrees times 10^5"
        )
    if 1e5 <= mx <= 9e5 and 2e6 <= my <= 6e6:
        return "the numbers look like Gauss-Krüger metres in another zone; pass --crs EPSG:45xx"
    if 1e6 <= abs(mx) <= 1.4e8 and 1e5 <= abs(my) <= 6e7 and mx / my > 1:
        return "the numbers look like degrees times 10^5 or 10^6; divide them, or export degrees"
    return "check the columns (--lon/--lat) and the coordinate system (--crs EPSG:xxxx)"


def _rows_text(rows: np.ndarray, mask: np.ndarray, limit: int = 10) -> str:
    picked = rows[mask][:limit].tolist()
    more = " …" if mask.sum() > limit else ""
    return ", ".join(map(str, picked)) + more


def locate(
    frame: pd.DataFrame,
    rows: np.ndarray,
    columns: tuple[str | None, str | None, str | None],
    *,
    crs: CRS | None,
    datum: str | None,
    hint_text: str,
    fallback_crs: CRS | None,
    source: str,
) -> Located:
    """Turn the coordinate columns of ``frame`` into CGCS2000 lon/lat.

    Parameters
    ----------
    frame : DataFrame
        The source table.
    rows : ndarray
        Spreadsheet row number of each frame row, for messages.
    columns : tuple
        ``(lon, lat, combined)`` from :func:`find_columns`.
    crs : pyproj.CRS or None
        The ``crs`` option.
    datum : str or None
        The ``coords`` option (wgs84, cgcs2000, gcj02, bd09); overrides header hints.
    hint_text : str
        Headers and title text to look for datum hints in.
    fallback_crs : pyproj.CRS or None
        The project's Gauss-Krüger CRS, for projected numbers without a zone prefix.
    source : str
        File name for messages.
    """
    lon_col, lat_col, combined = columns
    if combined is not None:
        x, y = split_combined(frame[combined])
        raw = frame[combined]
        blank = _blank(raw)
        blank_x = blank_y = blank
        detected: dict[str, Any] = {"combined": combined}
        names = [combined]
    else:
        x, y = parse_numbers(frame[lon_col]), parse_numbers(frame[lat_col])
        blank_x, blank_y = _blank(frame[lon_col]), _blank(frame[lat_col])
        blank = blank_x & blank_y
        detected = {"lon": lon_col, "lat": lat_col}
        names = [lon_col, lat_col]
    ok = np.isfinite(x) & np.isfinite(y)
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(~ok):
        if blank[i]:
            reasons[i] = "missing coordinates"
        elif blank_x[i] or blank_y[i]:
            reasons[i] = f"missing coordinates ({names[0] if blank_x[i] else names[-1]} empty)"
        else:
            shown = [str(frame[c].iat[i]) for c in names]
            reasons[i] = f"cannot read coordinates {'/'.join(shown)!r} in {'/'.join(names)}"
    out = Located(np.full(len(x), np.nan), np.full(len(x), np.nan), reasons, detected)
    if not ok.any():
        return out
    lonlike = ok & (np.abs(x) <= 180) & (np.abs(y) <= 180)
    share = lonlike[ok].mean()
    if crs is not None:
        if crs.is_geographic and share < 0.5:
            raise InputError(
                f"{source}: the coordinates look projected (e.g. {x[ok][0]:.1f}, {y[ok][0]:.1f}) "
                f"but --crs {crs.to_string()} is longitude/latitude; give the projected EPSG "
                "code (e.g. EPSG:4549) or drop --crs"
            )
        if not crs.is_geographic and share >= 0.5:
            raise InputError(
                f"{source}: the coordinates look like longitude/latitude (e.g. {x[ok][0]}, "
                f"{y[ok][0]}) but --crs {crs.to_string()} is projected; drop --crs or give "
                "the right one"
            )
    projected = (crs is not None and not crs.is_geographic) or (crs is None and share < 0.5)
    if projected:
        if datum in ("gcj02", "bd09"):
            raise InputError(
                f"{source}: --coords {datum} applies to longitude/latitude, but the "
                "coordinates are projected metres; use --crs instead"
            )
        _projected(out, x, y, ok, rows, crs, fallback_crs, source)
    else:
        _lonlat(out, x, y, ok, rows, crs, datum, hint_text, names)
    inside = np.isfinite(out.lon) & in_china(out.lon, out.lat)
    for i in np.flatnonzero(ok & ~inside):
        if i not in out.reasons:
            out.reasons[i] = (
                f"coordinates ({x[i]:g}, {y[i]:g}) fall outside China "
                "(lon 73–136, lat 3–54); check the columns and --crs"
            )
    out.lon[~inside] = np.nan
    out.lat[~inside] = np.nan
    outside = ok & ~inside
    out.detected["outside_china"] = int(outside.sum())
    if outside.any():
        out.advice = outside_advice(x[outside], y[outside])
    return out


def _blank(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.isna().to_numpy()
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return (text == "").to_numpy()


def _lonlat(out, x, y, ok, rows, crs, datum, hint_text, names) -> None:
    swapped = ok & in_china(y, x) & ~in_china(x, y)
    if swapped.any():
        x, y = np.where(swapped, y, x), np.where(swapped, x, y)
        out.warnings.append(
            f"{int(swapped.sum())} row(s) had latitude and longitude swapped; fixed "
            f"(rows {_rows_text(rows, swapped)})"
        )
    out.detected.update(kind="lonlat", swapped_rows=int(swapped.sum()))
    if crs is not None and not is_wgs_like(crs):
        x, y = to_storage(crs, x, y)
        out.detected["crs"] = crs.to_string()
        datum = datum or "cgcs2000"
    hint = None
    for text in [*names, hint_text]:
        hint = hint or datum_hint(text, column=text in names)
    chosen = datum or hint or "cgcs2000"
    out.detected["datum"] = chosen
    out.detected["datum_from"] = "option" if datum else ("header" if hint else "default")
    if hint and not datum and hint in ("gcj02", "bd09"):
        out.warnings.append(
            f"the headers name {hint.upper()} coordinates; converted to CGCS2000 "
            "(override with --coords)"
        )
    convert = TO_WGS84[chosen]
    inside = ok & in_china(x, y)
    lon, lat = x.copy(), y.copy()
    if convert is not None and inside.any():
        lon[inside], lat[inside] = convert(x[inside], y[inside])
    out.lon[ok], out.lat[ok] = lon[ok], lat[ok]


def _projected(out, x, y, ok, rows, crs, fallback, source) -> None:
    swap = ok & (((y >= 1e7) & (x < 1e7)) | ((x < 1e7) & (y < 1e7) & (x > 1.5e6) & (y < 1e6)))
    if swap.any():
        x, y = np.where(swap, y, x), np.where(swap, x, y)
        out.warnings.append(
            f"{int(swap.sum())} row(s) had northing before easting (X/Y survey order); "
            f"fixed (rows {_rows_text(rows, swap)})"
        )
    out.detected.update(kind="projected", datum="cgcs2000", swapped_rows=int(swap.sum()))
    given_zone = gk_zone_of(crs) if crs is not None else None
    if crs is not None and given_zone is None:  # any other projected CRS: trust it
        out.lon[ok], out.lat[ok] = to_storage(crs, x[ok], y[ok])
        out.detected["crs"] = crs.to_string()
        return
    prefixed = ok & (x >= 1e7)
    zones = np.floor(x / 1e6).astype(int, copy=False) if prefixed.any() else None
    used: list[int] = []
    if zones is not None:
        for zone in np.unique(zones[prefixed]):
            sel = prefixed & (zones == zone)
            if zone not in GK_ZONES:
                for i in np.flatnonzero(sel):
                    out.reasons[i] = f"easting {x[i]:.0f} carries no valid zone number (25–45)"
                continue
            out.lon[sel], out.lat[sel] = to_storage(gk_crs(int(zone), True), x[sel], y[sel])
            used.append(int(zone))
        if given_zone is not None and used and set(used) != {given_zone}:
            out.warnings.append(
                f"the eastings carry zone {'/'.join(map(str, used))} but --crs names zone "
                f"{given_zone}; used the zone in the numbers"
            )
    plain = ok & ~prefixed
    target = None
    if plain.any():
        if given_zone is not None:
            target = gk_crs(given_zone, False)
        elif fallback is not None:
            target = fallback
            out.warnings.append(
                f"Gauss-Krüger coordinates without a zone number: used the project's zone "
                f"({target.to_string()}); pass --crs to choose another"
            )
        else:
            raise InputError(
                f"{source}: projected coordinates without a zone number (e.g. {x[plain][0]:.1f}, "
                f"{y[plain][0]:.1f}); pass --crs EPSG:45xx (CGCS2000 3-degree Gauss-Krüger, "
                "e.g. EPSG:4549 for CM 120E)"
            )
        out.lon[plain], out.lat[plain] = to_storage(target, x[plain], y[plain])
        used.append(gk_zone_of(target) or 0)
    zone = used[0] if used else None
    out.detected.update(
        gk_zone=zone,
        zone_prefixed=bool(prefixed.any()),
        crs=(gk_crs(zone, bool(prefixed.any())).to_string() if zone in GK_ZONES else None),
    )
