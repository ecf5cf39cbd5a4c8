"""Byte-level writers for the fuzz corpus: Shapefile parts, .dbf tables, zips and workbooks.

Written by hand (not through GDAL) so that a corpus entry can hold exactly the bytes a broken
or hostile tool would write: NaN coordinates, rings that do not close, a shape type per record
that differs from the header, text fields in any encoding.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence

import numpy as np

#: Shapefile shape types used here.
NULL, POINT, POLYLINE, POLYGON, MULTIPOINT = 0, 1, 3, 5, 8

Ring = Sequence[tuple[float, float]]
#: One shapefile record: ``(shape_type, parts)``; a point has one part with one vertex.
Shape = tuple[int, list[Ring]]

PRJ_CGCS2000 = (
    'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",'
    '6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]'
)
PRJ_GK40 = (
    'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],'
    'PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)


def _content(shape: Shape) -> bytes:
    kind, parts = shape
    if kind == NULL:
        return struct.pack("<i", 0)
    if kind == POINT:
        x, y = parts[0][0]
        return struct.pack("<idd", kind, x, y)
    points = [p for part in parts for p in part]
    xy = np.array(points, dtype=float).reshape(-1, 2)
    with np.errstate(invalid="ignore"):
        box = (
            (np.nanmin(xy[:, 0]), np.nanmin(xy[:, 1]), np.nanmax(xy[:, 0]), np.nanmax(xy[:, 1]))
            if len(xy) and not np.isnan(xy).all()
            else (0.0, 0.0, 0.0, 0.0)
        )
    if kind == MULTIPOINT:
        return struct.pack("<i4di", kind, *box, len(xy)) + xy.astype("<f8").tobytes()
    starts, n = [], 0
    for part in parts:
        starts.append(n)
        n += len(part)
    head = struct.pack(f"<i4dii{len(parts)}i", kind, *box, len(parts), n, *starts)
    return head + xy.astype("<f8").tobytes()


def _header(kind: int, length_words: int, box: Sequence[float]) -> bytes:
    return (
        struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_words)
        + struct.pack("<2i", 1000, kind)
        + struct.pack("<8d", *box, 0, 0, 0, 0)
    )


def shp_shx(shapes: Sequence[Shape], header_kind: int | None = None) -> tuple[bytes, bytes]:
    """Return the .shp and .shx bytes of ``shapes`` (the header type is the first's)."""
    kind = header_kind if header_kind is not None else (shapes[0][0] if shapes else POINT)
    xy = np.array([p for _, parts in shapes for part in parts for p in part], float).reshape(-1, 2)
    finite = xy[np.isfinite(xy).all(axis=1)]
    box = (*finite.min(axis=0), *finite.max(axis=0)) if len(finite) else (0.0, 0.0, 0.0, 0.0)
    records, index, offset = [], [], 50
    for i, shape in enumerate(shapes, start=1):
        body = _content(shape)
        records.append(struct.pack(">2i", i, len(body) // 2) + body)
        index.append(struct.pack(">2i", offset, len(body) // 2))
        offset += 4 + len(body) // 2
    shp = _header(kind, offset, box) + b"".join(records)
    shx = _header(kind, 50 + 4 * len(shapes), box) + b"".join(index)
    return shp, shx


def dbf(fields: Sequence[tuple[str, str, int]], rows: Sequence[Sequence[bytes]], ldid: int = 0):
    """Return .dbf bytes; ``fields`` are ``(name, type C/N, width)``, cells are raw bytes."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(w for _, _, w in fields)
    head = struct.pack("<B3BIHH", 3, 124, 1, 1, len(rows), header_len, record_len)
    head += b"\0" * 17 + bytes([ldid]) + b"\0\0"
    desc = b"".join(
        name.encode("ascii")[:10].ljust(11, b"\0") + t.encode() + b"\0" * 4 + bytes([w, 0])
        + b"\0" * 14
        for name, t, w in fields
    )
    body = b"".join(
        b" " + b"".join(cell[:w].ljust(w, b" ") for cell, (_, _, w) in zip(row, fields))
        for row in rows
    )
    return head + desc + b"\r" + body + b"\x1a"


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding ``members`` (name → bytes) in order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None,
               hidden: Sequence[str] = ()) -> bytes:
    """Return an .xlsx workbook (openpyxl) with ``sheets``, merged ranges and hidden sheets."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (merged or {}).get(name, []):
            sheet.merge_cells(ref)
        if name in hidden:
            sheet.sheet_state = "hidden"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def replace_member(archive: bytes, name: str, data: bytes) -> bytes:
    """Return ``archive`` with member ``name`` replaced (or added) by ``data``."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members[name] = data
    return zip_bytes(members)
