"""Opening a source file of any supported kind into attributes plus (maybe) geometries."""

from __future__ import annotations

import re
import shutil
import tempfile
import warnings as _warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from gisgrid.errors import InputError
from gisgrid.io.encoding import dbf_encoding, sidecar
from gisgrid.io.kml import ZIP_READ_ERRORS, check_zip, open_member, read_kml
from gisgrid.io.tables import read_csv, read_xlsx
from gisgrid.io.text import clean_frame
from gisgrid.io.topojson import read_topojson, sniff_topology

#: File extension → source kind.
KINDS = {
    ".shp": "shapefile",
    ".gpkg": "geopackage",
    ".geojson": "geojson",
    ".json": "geojson",
    ".topojson": "topojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".zip": "zip",
}
_HINTS = {
    ".xls": "open it in Excel or WPS and save it as .xlsx",
    ".dbf": "import the .shp beside it",
    ".shx": "import the .shp beside it",
    ".mdb": "export the layer to a Shapefile or GeoPackage",
}


@dataclass
class RawSource:
    """What a file holds, before coordinates and fields are made to fit a layer."""

    kind: str
    frame: pd.DataFrame  # attributes only
    rows: np.ndarray  # row (tables) or feature (vector) number shown to the user, 1-based
    geometry: np.ndarray | None = None  # shapely geometries; None for tables
    crs: CRS | None = None
    layers: list[str] = field(default_factory=list)
    detected: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    hint_text: str = ""  # titles and headers to look for datum hints in
    header_row: int | None = None
    #: position → why that feature's geometry could not be built (it is None in ``geometry``)
    problems: dict[int, str] = field(default_factory=dict)
    #: the sheet of each row when a workbook's sheets were read together (None otherwise)
    row_sheets: np.ndarray | None = None

    def place(self, i: int) -> dict[str, Any]:
        """Where entry ``i`` sits in the file: ``{"row": n}``, plus ``"sheet"`` if needed."""
        where: dict[str, Any] = {"row": int(self.rows[i])}
        if self.row_sheets is not None:
            where["sheet"] = str(self.row_sheets[i])
        return where

    def where_text(self, i: int) -> str:
        """Entry ``i`` for a message: ``row 5`` or ``row 5 of sheet 张村``."""
        place = self.place(i)
        sheet = f" of sheet {place['sheet']}" if "sheet" in place else ""
        return f"row {place['row']}{sheet}"


def source_kind(path: Path) -> str:
    """Return the kind of ``path`` or raise a clear error (missing, empty, unsupported)."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; choose a file inside it")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        hint = _HINTS.get(
            path.suffix.lower(),
            "use a Shapefile, GeoPackage, GeoJSON, KML/KMZ, XLSX or CSV file",
        )
        raise InputError(f"{path.name}: unsupported file type {path.suffix or '(none)'}; {hint}")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty; nothing to import")
    if kind == "geojson" and _is_topojson(path):
        return "topojson"
    return kind


def _is_topojson(path: Path) -> bool:
    """Whether a .json/.geojson file holds TopoJSON (GDAL tells by the content, so do we)."""
    found = sniff_topology(path)
    if found is None:  # the start does not say: ask GDAL which driver it would use
        try:
            return pyogrio.read_info(path).get("driver") == "TopoJSON"
        except Exception:  # unreadable: the GeoJSON reader gives the message
            return False
    return found


def geopackage_layers(path: Path) -> list[str]:
    """Return the layer names of a GeoPackage (or any multi-layer GDAL source)."""
    try:
        return [str(n) for n, _ in pyogrio.list_layers(path)]
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"{path.name}: cannot read it ({exc}); export it again") from None


def _read_vector(path: Path, **kwargs: Any) -> pd.DataFrame:
    """Read with GDAL; a geometry GEOS cannot build (an unclosed ring) is read as missing."""
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(path, on_invalid="ignore", fid_as_index=True, **kwargs)
    except UnicodeDecodeError as exc:
        fix = "pass --encoding" if path.suffix.lower() == ".shp" else "save it as UTF-8"
        raise InputError(
            f"{path.name}: its text is not {exc.encoding} ({exc.reason}); {fix}"
        ) from None
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError, pyogrio.errors.FeatureError,
            pyogrio.errors.GeometryError, pyogrio.errors.CRSError) as exc:  # fmt: skip
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path.name}: cannot read it ({msg}); export it again") from None


#: GDAL feature id → the number a person sees: a GeoPackage's fid is what QGIS shows (1-based,
#: kept when rows were deleted); a Shapefile's is the 0-based record number.
_FID_OFFSET = {"geopackage": 0, "shapefile": 1}


def _from_frame(kind: str, frame: pd.DataFrame, layers: list[str]) -> RawSource:
    """Split a frame read by GDAL (with the fid as index) into attributes and geometries."""
    if kind in _FID_OFFSET and pd.api.types.is_integer_dtype(frame.index.dtype):
        rows = frame.index.to_numpy(dtype=np.int64) + _FID_OFFSET[kind]
    else:  # GeoJSON: the feature's place in the file
        rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    frame = frame.reset_index(drop=True)
    if isinstance(frame, gpd.GeoDataFrame):
        geoms = frame.geometry.to_numpy(dtype=object)
        crs = frame.crs
        attrs = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        return RawSource(kind, attrs, rows, geoms, crs, layers)
    return RawSource(kind, pd.DataFrame(frame), rows, None, None, layers, header_row=1)


def open_source(
    path: Path,
    layer: str | None,
    encoding: str | None,
    sample: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RawSource:
    """Read ``path``: attributes, geometries (if any), CRS and what was detected.

    ``sample`` limits the rows read (for previews). Control characters in text cells
    (vertical tabs from Word/WPS line breaks, ESC, BEL) are cleaned here for every format
    (:func:`gisgrid.io.text.clean_frame`) and the count said in a warning.
    """
    raw = _open_source(path, layer, encoding, sample, cancelled)
    raw.frame, cleaned = clean_frame(raw.frame)
    if cleaned.cells and cleaned.position is not None:
        unit = "row" if raw.kind in ("csv", "xlsx") else "feature"
        where = raw.where_text(cleaned.position).replace("row", unit, 1)
        raw.warnings.append(
            f"{cleaned.cells} text field(s) held control characters (e.g. {where}, column "
            f"{cleaned.column!r}: {cleaned.what}); vertical tabs and form feeds became line "
            "breaks, the others were removed"
        )
        raw.detected["control_characters_cleaned"] = cleaned.cells
    return raw


def _open_source(
    path: Path,
    layer: str | None,
    encoding: str | None,
    sample: int | None,
    cancelled: Callable[[], bool] | None,
) -> RawSource:
    kind = source_kind(path)
    if kind == "zip":
        return _zipped(path, layer, encoding, sample, cancelled)
    if kind == "shapefile":
        return _shapefile(path, encoding, sample)
    if kind in ("geopackage", "geojson"):
        return _ogr(path, kind, layer, sample)
    if kind == "topojson":
        return _topojson(path, layer, sample)
    if kind in ("kml", "kmz"):
        return _kml(path, kind, layer, sample)
    if kind == "csv":
        table = read_csv(path, encoding, nrows=sample)
    else:
        table = read_xlsx(path, layer, nrows=sample, cancelled=cancelled)
    raw = RawSource(kind, table.frame, table.rows, header_row=table.header_row)
    _wkt_geometry(raw)
    raw.layers = table.sheets
    raw.hint_text = table.title
    raw.warnings += table.warnings
    raw.detected.update(header_row=table.header_row)
    if table.encoding:
        raw.detected.update(encoding=table.encoding, encoding_from=table.encoding_how)
    if table.joined:
        raw.row_sheets = table.row_sheets
        n = len(table.joined)
        raw.detected["sheet"] = f"{n} sheets ({table.joined[0]} … {table.joined[-1]})"
        raw.detected["sheets"] = list(table.joined)
        raw.warnings.append(
            f"read all {n} sheets with the same header together ({', '.join(table.joined[:5])}"
            f"{' …' if n > 5 else ''}); each row's sheet is kept in column "
            f"{table.sheet_column!r} (choose one sheet with --layer)"
        )
    elif table.sheet:
        raw.detected["sheet"] = table.sheet
        if len(table.sheets) > 1 and layer is None:
            raw.warnings.append(
                f"read sheet {table.sheet!r} of {', '.join(table.sheets)}: the others hold no "
                "table (choose with --layer)"
            )
    return raw


def _zipped(
    path: Path,
    layer: str | None,
    encoding: str | None,
    sample: int | None,
    cancelled: Callable[[], bool] | None,
) -> RawSource:
    """Read the one data file in a zip (a zipped Shapefile as sent by WeChat or e-mail).

    With several, ``layer`` names the file (name or stem). The file and its sidecars are
    unpacked into a temporary folder after the zip-bomb checks, read, and removed.
    """
    check_zip(path, "zip archive")
    with zipfile.ZipFile(path) as zf:
        members = [i for i in zf.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
        data = [
            i
            for i in members
            if KINDS.get(PurePosixPath(i.filename).suffix.lower()) not in (None, "zip")
        ]
        if not data:
            raise InputError(
                f"{path.name}: no Shapefile, GeoPackage, GeoJSON, KML/KMZ or table inside"
            )
        chosen = data[0]
        if len(data) > 1:
            names = {PurePosixPath(i.filename).name: i for i in data}
            names.update({PurePosixPath(i.filename).stem: i for i in data})
            if layer not in names:
                listed = ", ".join(PurePosixPath(i.filename).name for i in data)
                raise InputError(
                    f"{path.name} holds {len(data)} files ({listed}); choose one with --layer NAME"
                )
            chosen, layer = names[layer], None
        folder = PurePosixPath(chosen.filename).parent
        with tempfile.TemporaryDirectory(prefix="gisgrid-zip-") as tmp:
            for i in members:  # the chosen file and its sidecars, flattened (no path traversal)
                if PurePosixPath(i.filename).parent == folder:
                    target = Path(tmp) / PurePosixPath(i.filename).name
                    with open_member(zf, i, path) as src, open(target, "wb") as dst:
                        try:
                            shutil.copyfileobj(src, dst)
                        except ZIP_READ_ERRORS as exc:
                            raise InputError(
                                f"{path.name}: {i.filename} inside is damaged ({exc}); "
                                "pack it again"
                            ) from None
            inner = Path(tmp) / PurePosixPath(chosen.filename).name
            try:
                raw = _open_source(inner, layer, encoding, sample, cancelled)
            except InputError as exc:  # name the archive the user chose, then the member
                raise InputError(f"{path.name}: {exc}") from None
    raw.detected["archive_member"] = chosen.filename
    return raw


_WKT_NAMES = {"wkt", "geometry", "geom", "the_geom", "shape", "wkt_geom", "几何", "形状", "图形"}
_WKT_START = re.compile(r"^\s*(SRID=\d+;\s*)?(MULTI)?(POINT|LINESTRING|POLYGON)\b", re.I)


def _wkt_geometry(raw: RawSource) -> None:
    """Use a WKT column (QGIS "CSV with WKT" exports) as the table's geometry."""
    for col in raw.frame.columns:
        if str(col).strip().lower() not in _WKT_NAMES:
            continue
        values = raw.frame[col]
        first = values.dropna()
        if first.empty or not _WKT_START.match(str(first.iloc[0])):
            continue
        text = values.astype(object).where(values.notna(), None).astype("str")
        text = text.str.replace(r"^\s*SRID=\d+;", "", regex=True, case=False)
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            raw.geometry = shapely.from_wkt(
                text.to_numpy(dtype=object, na_value=None), on_invalid="warn"
            )
        raw.frame = raw.frame.drop(columns=[col])
        raw.detected["geometry_column"] = col
        return


def _shapefile(path: Path, encoding: str | None, sample: int | None) -> RawSource:
    missing = [s for s in (".dbf", ".shx") if sidecar(path, s) is None]
    if missing:
        names = " and ".join(path.stem + s for s in missing)
        raise InputError(
            f"{path.name}: {names} missing beside it; copy every part of the shapefile "
            "(.shp, .shx, .dbf, .prj, .cpg) into the same folder"
        )
    enc, how, garbled = dbf_encoding(path, encoding)
    frame = _read_vector(path, encoding=enc, max_features=sample)
    raw = _from_frame("shapefile", frame, [path.stem])
    raw.detected.update(encoding=enc, encoding_from=how)
    if "does not fit" in how:
        raw.warnings.append(f"text encoding: {how}; read as {enc} (override with --encoding)")
    if garbled:
        raw.warnings.append(f"{path.name}: {garbled}")
    if sidecar(path, ".prj") is None:
        raw.detected["prj"] = False
    return raw


def _ogr(path: Path, kind: str, layer: str | None, sample: int | None) -> RawSource:
    listed = geopackage_layers(path)
    if not listed:
        raise InputError(f"{path.name}: holds no layers; nothing to import")
    if layer is None and len(listed) > 1:
        raise InputError(
            f"{path.name} holds {len(listed)} layers ({', '.join(listed)}); "
            "choose one with --layer NAME"
        )
    chosen = layer or listed[0]
    if chosen not in listed:
        raise InputError(f"{path.name}: no layer {chosen!r}; its layers are {', '.join(listed)}")
    frame = _read_vector(path, layer=chosen, max_features=sample)
    raw = _from_frame(kind, frame, listed)
    raw.detected["layer"] = chosen
    return raw


def _topojson(path: Path, layer: str | None, sample: int | None) -> RawSource:
    frame, geoms, problems, names, chosen = read_topojson(path, layer, sample)
    if len(frame) == 0:
        raise InputError(f"{path.name}: layer {chosen!r} holds no features; nothing to import")
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    raw = RawSource("topojson", frame, rows, geoms, None, names, problems=problems)
    raw.detected["layer"] = chosen
    return raw


_KML_STYLE = ["Name", "Description", "folder"]


def _kml(path: Path, kind: str, layer: str | None, sample: int | None) -> RawSource:
    frame, geoms, layers = read_kml(path)
    if len(frame) == 0:
        raise InputError(f"{path.name}: no placemarks; nothing to import")
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)  # placemark number in the file
    if layer is not None:
        if layer not in layers:
            raise InputError(
                f"{path.name}: no folder {layer!r}; its folders are {', '.join(layers)}"
            )
        keep = (frame["folder"] == layer).to_numpy()
        frame, geoms, rows = frame.loc[keep].reset_index(drop=True), geoms[keep], rows[keep]
    if sample is not None:
        frame, geoms, rows = frame.iloc[:sample], geoms[:sample], rows[:sample]
    raw = RawSource(kind, frame, rows, geoms, CRS.from_epsg(4326), layers)
    raw.detected["layer"] = layer if layer is not None else layers
    return raw
