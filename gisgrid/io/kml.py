"""KML and KMZ (Google Earth, 奥维互动地图) placemarks, folders as layers.

Why our own reader: GDAL's LIBKML driver (what pyogrio and fiona use) turns non-ASCII
ExtendedData names into underscores, so two Chinese fields of the same byte length ("编码",
"名称") collapse into one column and a value is lost; GDAL's plain KML driver keeps only
Name/Description. The KML placemark model is small (name, description, ExtendedData, a point,
line, polygon or MultiGeometry of them), so we read it with defusedxml's ElementTree (which
refuses entity declarations, so neither entity bombs nor external entities get through) and
shapely.
"""

from __future__ import annotations

import lzma
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import shapely
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from shapely.geometry.base import BaseGeometry

from gisgrid.errors import InputError

#: KMZ guards: total uncompressed size, and the compression ratio above which an entry is
#: refused (zip bombs compress thousands to one; real KML compresses 5–20 to one).
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000
#: Folders and MultiGeometry nested deeper than this are refused (real files nest a few).
MAX_DEPTH = 100
#: What a damaged or unsupported zip member raises while it is read.
ZIP_READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, RuntimeError, NotImplementedError,
    OSError, ValueError, struct.error,
)  # fmt: skip


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(elem: ET.Element, name: str) -> ET.Element | None:
    for c in elem:
        if _local(c.tag) == name:
            return c
    return None


def _text(elem: ET.Element, name: str) -> str | None:
    c = _child(elem, name)
    return c.text.strip() if c is not None and c.text is not None else None


def check_zip(path: Path, what: str) -> None:
    """Refuse a zip (KMZ, XLSX) that unpacks to too much or compresses like a zip bomb."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except ZIP_READ_ERRORS:
        raise InputError(f"{path.name}: not a valid {what} (zip) file; export it again") from None
    if any(not i.filename for i in infos):
        raise InputError(f"{path.name}: the {what} holds an entry without a name; pack it again")
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{path.name}: the {what} holds {len(infos)} files; refusing to open it")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"{path.name}: the {what} unpacks to {total / 2**20:.0f} MB (limit "
            f"{MAX_UNCOMPRESSED // 2**20} MB); split it"
        )
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise InputError(
                f"{path.name}: entry {i.filename} is compressed {ratio} to 1, which looks "
                "like a zip bomb; refusing to open it"
            )


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> IO[bytes]:
    """Open a zip member, turning encrypted or unsupported entries into an :class:`InputError`."""
    try:
        return zf.open(info)
    except ZIP_READ_ERRORS as exc:
        raise InputError(
            f"{path.name}: cannot unpack {info.filename} ({exc}); pack it again without a "
            "password, with ordinary (deflate) compression"
        ) from None


def read_member(fh: IO[bytes], limit: int, path: Path, name: str) -> bytes:
    """Read at most ``limit`` bytes of an open zip member; damage becomes an InputError."""
    try:
        return fh.read(limit)
    except ZIP_READ_ERRORS as exc:
        raise InputError(
            f"{path.name}: {name} inside is damaged ({exc}); export it again"
        ) from None


def kmz_document(path: Path) -> bytes:
    """Return the main KML document inside a KMZ, after checking it is not a zip bomb."""
    check_zip(path, "KMZ")
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
        if not kmls:
            raise InputError(f"{path.name}: the KMZ contains no .kml document")
        main = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
        with open_member(zf, main, path) as fh:
            data = read_member(fh, MAX_UNCOMPRESSED + 1, path, main.filename)
        if len(data) > MAX_UNCOMPRESSED:
            raise InputError(f"{path.name}: the KML inside is larger than declared; refusing it")
        return data


def _coords(elem: ET.Element | None) -> np.ndarray:
    c = _child(elem, "coordinates") if elem is not None else None
    if c is None or not c.text:
        return np.empty((0, 2))
    values = []
    for token in re.sub(r"\s*,\s*", ",", c.text.strip()).split():
        parts = token.split(",")
        if len(parts) >= 2:
            values.append((float(parts[0]), float(parts[1])))  # altitude dropped: 2D
    xy = np.array(values, dtype=float).reshape(-1, 2)
    return xy if np.isfinite(xy).all() else np.empty((0, 2))  # NaN/inf: no geometry


def _geometry(elem: ET.Element, depth: int = 0) -> BaseGeometry | None:
    """Return the shapely geometry of a KML geometry element; None when empty or not finite."""
    if depth > MAX_DEPTH:
        raise InputError(f"MultiGeometry nested more than {MAX_DEPTH} deep")
    kind = _local(elem.tag)
    if kind == "Point":
        xy = _coords(elem)
        return shapely.points(xy[0]) if len(xy) else None
    if kind in ("LineString", "LinearRing"):
        xy = _coords(elem)
        return shapely.linestrings(xy) if len(xy) >= 2 else None
    if kind == "Polygon":
        outer = _child(elem, "outerBoundaryIs")
        ring = _coords(_child(outer, "LinearRing")) if outer is not None else np.empty((0, 2))
        if len(ring) < 3:
            return None
        holes = []
        for inner in elem:
            if _local(inner.tag) == "innerBoundaryIs":
                h = _coords(_child(inner, "LinearRing"))
                if len(h) >= 3:
                    holes.append(h)
        return shapely.Polygon(ring, holes)
    if kind == "MultiGeometry":
        parts = [g for g in (_geometry(c, depth + 1) for c in elem) if g is not None]
        if not parts:
            return None
        types = {g.geom_type for g in parts}
        if types == {"Polygon"}:
            return shapely.MultiPolygon(parts)
        if types == {"Point"}:
            return shapely.MultiPoint(parts)
        if types == {"LineString"}:
            return shapely.MultiLineString(parts)
        return shapely.GeometryCollection(parts)
    return None


_GEOMETRY_TAGS = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"}


def _placemark(pm: ET.Element, layer: str) -> dict:
    record: dict = {"Name": _text(pm, "name"), "Description": _text(pm, "description")}
    ext = _child(pm, "ExtendedData")
    if ext is not None:
        for item in ext.iter():
            tag = _local(item.tag)
            if tag == "Data" and item.get("name"):
                record[item.get("name")] = _text(item, "value")
            elif tag == "SimpleData" and item.get("name"):
                record[item.get("name")] = item.text.strip() if item.text else None
    geom = None
    for c in pm:
        if _local(c.tag) in _GEOMETRY_TAGS:
            geom = _geometry(c)
            break
    record["folder"] = layer
    record["geometry"] = geom
    return record


def _walk(
    elem: ET.Element, layer: str, out: list[dict], order: list[str], depth: int = 0
) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"folders nested more than {MAX_DEPTH} deep")
    for c in elem:
        tag = _local(c.tag)
        if tag in ("Folder", "Document"):
            name = _text(c, "name") or layer
            _walk(c, name, out, order, depth + 1)
        elif tag == "Placemark":
            if layer not in order:
                order.append(layer)
            out.append(_placemark(c, layer))


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["'][^>]*\?>""")


def _parse(data: bytes, path: Path) -> ET.Element:
    """Parse KML bytes safely: no DTD entities, no external resources, any declared encoding."""
    try:
        try:
            return fromstring(data)
        except DefusedXmlException:
            raise
        except ValueError:  # expat reads no multi-byte encodings such as GBK: decode first
            declared = _DECLARED.match(data)
            if declared is None:
                raise
            try:
                text = data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError) as exc:
                raise InputError(
                    f"{path.name}: the text is not valid {declared.group(1).decode()} ({exc}); "
                    "save it as UTF-8"
                ) from None
            return fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1))
    except DefusedXmlException as exc:
        name, target = getattr(exc, "name", None), getattr(exc, "sysid", None)
        what = f"XML entity {name!r}" if name else "a DTD or external resource"
        where = f" pointing to {target}" if target else ""
        raise InputError(
            f"{path.name}: the KML declares {what}{where}, which can hide a bomb or read other "
            "files; refusing to read it, export it again from the mapping app"
        ) from None
    except (ET.ParseError, ValueError, LookupError) as exc:  # LookupError: unknown encoding
        raise InputError(f"{path.name}: not valid KML ({exc}); export it again") from None


def read_kml(path: Path) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Read every placemark of a KML/KMZ file.

    Returns
    -------
    tuple
        ``(attributes, geometries, layers)``: a table with ``Name``, ``Description``, the
        ExtendedData fields and ``folder`` (the innermost folder's name, the "layer"); an
        array of shapely geometries (lon/lat, 2D); and the folder names in document order.
    """
    data = kmz_document(path) if path.suffix.lower() == ".kmz" else path.read_bytes()
    root = _parse(data, path)
    if _local(root.tag) != "kml":
        raise InputError(f"{path.name}: not a KML document (root element <{_local(root.tag)}>)")
    records: list[dict] = []
    order: list[str] = []
    try:
        _walk(root, path.stem, records, order)
    except ValueError as exc:
        raise InputError(f"{path.name}: unreadable coordinates in a placemark ({exc})") from None
    except InputError as exc:
        raise InputError(f"{path.name}: {exc}; export it again") from None
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    if frame.empty:
        return frame, np.array([], dtype=object), order
    geoms = frame.pop("geometry").to_numpy(dtype=object)
    return frame, geoms, order
