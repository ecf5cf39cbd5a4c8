"""TopoJSON (mapshaper, topojson-server, DataV exports): objects as layers, one row per feature.

Why our own reader: GDAL's TopoJSON driver drops a feature whose geometry is ``null`` (and
a nested collection that is empty) without a word, so a file of 8,067 villages came in as
7,599 with nothing skipped and every later feature number shifted. The format is small
(quantised, delta-encoded arcs shared by the features of named objects), so we decode it with
numpy and shapely: every entry of an object's ``geometries`` is one feature, numbered by its
place in the file (1-based), and one without a geometry stays a row the importer reports as
skipped ("no geometry").
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.errors import GEOSException

from gisgrid.errors import InputError

#: Bytes read from the start of a .json/.geojson file to tell TopoJSON from GeoJSON.
SNIFF_BYTES = 64 * 1024
#: Nested GeometryCollections deeper than this are refused (real files nest one or two).
MAX_DEPTH = 100
_TYPE_KEY = re.compile(rb'"type"\s*:\s*"([A-Za-z]*)"')


def sniff_topology(path: Path) -> bool | None:
    """Whether the JSON in ``path`` is a TopoJSON topology (None when the start cannot tell).

    The top-level ``"type"`` member is looked for in the first :data:`SNIFF_BYTES` bytes,
    tracking strings and nesting so that a property called "type" does not count.
    """
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    depth, in_string, escaped, i = 0, False, False, 0
    while i < len(head):
        ch = head[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == 0x5C:  # backslash
                escaped = True
            elif ch == 0x22:
                in_string = False
        elif ch in b"{[":
            depth += 1
        elif ch in b"}]":
            depth -= 1
        elif ch == 0x22:
            if depth == 1:
                match = _TYPE_KEY.match(head, i)
                if match:
                    return match.group(1) == b"Topology"
            in_string = True
        i += 1
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: its text is not UTF-8; save it as UTF-8") from None
    except (ValueError, RecursionError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else "nested too deeply"
        raise InputError(f"{path.name}: not valid JSON ({msg}); export it again") from None
    if not isinstance(data, dict) or data.get("type") != "Topology":
        raise InputError(f"{path.name}: not a TopoJSON topology; export it again")
    objects = data.get("objects")
    if not isinstance(objects, dict) or not objects:
        raise InputError(f"{path.name}: the topology holds no objects; nothing to import")
    return data


class _Arcs:
    """The topology's arcs, decoded on first use (quantised and delta-encoded, or plain)."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.raw = data.get("arcs") or []
        if not isinstance(self.raw, list):
            raise InputError(f"{source}: its arcs are not a list; export it again")
        transform = data.get("transform")
        self.scale = self.translate = None
        if isinstance(transform, dict):
            try:
                self.scale = np.asarray(transform["scale"], dtype=float)[:2]
                self.translate = np.asarray(transform["translate"], dtype=float)[:2]
            except (KeyError, TypeError, ValueError, IndexError):
                raise InputError(f"{source}: its transform is damaged; export it again") from None
            if self.scale.shape != (2,) or self.translate.shape != (2,):
                raise InputError(f"{source}: its transform is damaged; export it again")
        self.cache: dict[int, np.ndarray] = {}

    def position(self, value: Any) -> np.ndarray:
        """One position (of a Point or MultiPoint): quantised, but not delta-encoded."""
        xy = np.asarray(value, dtype=float)[:2]
        if self.scale is not None:
            xy = xy * self.scale + self.translate
        return xy

    def arc(self, index: int) -> np.ndarray:
        """Arc ``index`` as an (n, 2) array; a negative index (``~i``) is arc i reversed."""
        i = ~index if index < 0 else index
        if i not in self.cache:
            if not 0 <= i < len(self.raw):
                raise ValueError(f"arc {i} does not exist (the file has {len(self.raw)})")
            xy = np.asarray([p[:2] for p in self.raw[i]], dtype=float).reshape(-1, 2)
            if self.scale is not None:
                xy = np.cumsum(xy, axis=0) * self.scale + self.translate
            self.cache[i] = xy
        xy = self.cache[i]
        return xy[::-1] if index < 0 else xy

    def line(self, indexes: list[int]) -> np.ndarray:
        """Arcs joined end to start (each next arc's first point is the last one's end)."""
        parts = [self.arc(int(k)) for k in indexes]
        if not parts:
            return np.empty((0, 2))
        return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]])


def _polygon(arcs: _Arcs, rings: list) -> shapely.Polygon:
    coords = [arcs.line(r) for r in rings]
    coords = [c for c in coords if len(c)]
    if not coords:
        return shapely.Polygon()
    return shapely.Polygon(coords[0], coords[1:])


def _geometry(obj: dict[str, Any], arcs: _Arcs, depth: int = 0) -> shapely.Geometry | None:
    """Build the shapely geometry of a TopoJSON geometry object; None for a null one."""
    kind = obj.get("type")
    if kind is None:
        return None
    if kind == "GeometryCollection":
        if depth >= MAX_DEPTH:
            raise ValueError(f"collections nested more than {MAX_DEPTH} deep")
        members = obj.get("geometries") or []
        parts = [_geometry(g, arcs, depth + 1) for g in members if isinstance(g, dict)]
        parts = [g for g in parts if g is not None and not g.is_empty]
        return shapely.GeometryCollection(parts) if parts else None
    if kind in ("Point", "MultiPoint"):
        value = obj.get("coordinates")
        if value is None:
            return None
        if kind == "Point":
            return shapely.Point(arcs.position(value))
        return shapely.MultiPoint([arcs.position(v) for v in value])
    data = obj.get("arcs")
    if data is None:
        return None
    if kind == "LineString":
        return shapely.LineString(arcs.line(data))
    if kind == "MultiLineString":
        return shapely.MultiLineString([arcs.line(part) for part in data])
    if kind == "Polygon":
        return _polygon(arcs, data)
    if kind == "MultiPolygon":
        polys = [p for p in (_polygon(arcs, part) for part in data) if not p.is_empty]
        return shapely.MultiPolygon(polys)
    raise ValueError(f"unknown geometry type {kind!r}")


def _column(values: list[Any]) -> pd.Series:
    """Type a property column as GDAL would: whole numbers as Int64, mixed values as text."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype=object)
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="Int64")
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype=float)
    out = []
    for v in values:
        if isinstance(v, (dict, list)):
            v = json.dumps(v, ensure_ascii=False)
        out.append(None if v is None else str(v))
    return pd.Series(out, dtype=object)


def read_topojson(
    path: Path, layer: str | None, sample: int | None = None
) -> tuple[pd.DataFrame, np.ndarray, dict[int, str], list[str], str]:
    """Read one object of a TopoJSON file: one row per feature, in file order.

    Parameters
    ----------
    path : Path
        The .topojson/.json file.
    layer : str, optional
        Name of the object to read; needed when the file holds several.
    sample : int, optional
        Read at most this many features.

    Returns
    -------
    tuple
        ``(attributes, geometries, problems, object names, chosen object)``; a feature with
        a null geometry has geometry None, and ``problems`` maps the position of a feature
        whose geometry cannot be built to why.

    Raises
    ------
    InputError
        If the file is not a readable topology, or the object is missing or ambiguous.
    """
    data = _load(path)
    names = [str(k) for k in data["objects"]]
    if layer is None and len(names) > 1:
        raise InputError(
            f"{path.name} holds {len(names)} layers ({', '.join(names)}); "
            "choose one with --layer NAME"
        )
    chosen = layer if layer is not None else names[0]
    if chosen not in data["objects"]:
        raise InputError(f"{path.name}: no layer {chosen!r}; its layers are {', '.join(names)}")
    obj = data["objects"][chosen]
    if not isinstance(obj, dict):
        raise InputError(f"{path.name}: layer {chosen!r} is damaged; export it again")
    if obj.get("type") == "GeometryCollection":
        features = obj.get("geometries") or []
    else:  # an object that is a single geometry is one feature
        features = [obj]
    if not isinstance(features, list):
        raise InputError(f"{path.name}: layer {chosen!r} is damaged; export it again")
    if sample is not None:
        features = features[:sample]
    arcs = _Arcs(data, path.name)
    geoms = np.empty(len(features), dtype=object)
    problems: dict[int, str] = {}
    records: list[dict[str, Any]] = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict):
            records.append({})
            geoms[i] = None
            problems[i] = "not a TopoJSON geometry object"
            continue
        props = feature.get("properties")
        record = dict(props) if isinstance(props, dict) else {}
        if "id" in feature and "id" not in record:
            record["id"] = feature["id"]
        records.append(record)
        try:
            geoms[i] = _geometry(feature, arcs)
        except (ValueError, TypeError, IndexError, GEOSException) as exc:
            geoms[i] = None
            problems[i] = f"geometry cannot be built ({exc})"
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    frame = pd.DataFrame(
        {str(c): _column([r.get(c) for r in records]) for c in columns},
        index=pd.RangeIndex(len(records)),
    )
    return frame, geoms, problems, names, chosen


def topojson_layers(path: Path) -> list[str]:
    """Return the object names of a TopoJSON file (its layers)."""
    return [str(k) for k in _load(path)["objects"]]
