"""Importing the files township offices have into a project layer.

One pipeline serves the CLI (``gisgrid import``), the app's import dialog and tests:
:func:`inspect_source` shows what was detected, :func:`read_source` turns a file into a table
that fits the layer, :func:`import_file` puts it into the project (in memory; the caller saves).
Every user-caused problem raises :class:`~gisgrid.errors.InputError` before the project is
touched.

Examples
--------
>>> from gisgrid.io.importer import ImportOptions, import_file   # doctest: +SKIP
>>> options = ImportOptions(coords="gcj02")   # doctest: +SKIP
>>> report = import_file(project, "households", "台账.xlsx", options)   # doctest: +SKIP
>>> report.to_dict()["imported"]   # doctest: +SKIP
1520
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError
from gisgrid.io.coords import DATUMS, find_columns, locate, parse_crs
from gisgrid.io.fields import (
    check_mapping,
    clean_values,
    detect_mapping,
    join_tags,
    load_mapping,
    tag_columns,
    translate_values,
)
from gisgrid.io.geometry import fit_type, outside_china, reproject, source_crs
from gisgrid.io.ids import duplicate_warning, stable_ids
from gisgrid.io.sources import RawSource, geopackage_layers, open_source, source_kind
from gisgrid.io.topojson import topojson_layers
from gisgrid.progress import stepper
from gisgrid.schema import (
    LEVEL_LAYERS,
    LEVEL_OF_LAYER,
    POLYGON_LAYERS,
    check_import_target,
    conform,
    spec,
)

__all__ = [
    "ImportOptions",
    "ImportReport",
    "SourceInfo",
    "import_file",
    "inspect_source",
    "load_mapping",
    "read_source",
]

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]
PREVIEW_ROWS = 20
#: Source formats whose entries are features (numbered in the file), not table rows.
FEATURE_FORMATS = frozenset({"shapefile", "geopackage", "geojson", "topojson", "kml", "kmz"})
_SAMPLE_ROWS = 500
#: Source columns kept besides the layer's fields (a GeoPackage table holds at most 2,000).
MAX_OTHER_COLUMNS = 200


@dataclass
class ImportOptions:
    """What the user chose; every field may stay None to let the importer detect it.

    Parameters
    ----------
    layer : str, optional
        Layer of a GeoPackage, folder of a KML/KMZ, or sheet of a workbook.
    encoding : str, optional
        Text encoding of a .dbf or CSV (e.g. ``"gbk"``).
    crs : str, optional
        Source coordinate system, e.g. ``"EPSG:4549"``.
    coords : str, optional
        Lon/lat datum: ``wgs84``, ``cgcs2000``, ``gcj02`` (Gaode/Tencent), ``bd09`` (Baidu).
    lon, lat : str, optional
        Coordinate columns of a table; ``lon`` alone names a combined "118.71,36.93" column.
    mapping : dict, optional
        Project field → source column, overriding the detected mapping.
    replace : bool
        Replace the layer instead of appending to it.
    """

    layer: str | None = None
    encoding: str | None = None
    crs: str | None = None
    coords: str | None = None
    lon: str | None = None
    lat: str | None = None
    mapping: dict[str, str] | None = None
    replace: bool = False


@dataclass
class ImportReport:
    """What an import read, kept and left out (with spreadsheet row numbers), and detected."""

    source: str = ""
    layer: str = ""
    read: int = 0
    imported: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    detected: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the import changed besides the layer
    #: imported rows that updated a feature already in the layer (same code or id) or an
    #: earlier row of the same file, instead of adding one
    updated: int = 0
    #: field → the warning that it stayed empty (withdrawn when the import fills it after all)
    empty_fields: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def unit(self) -> str:
        """What ``row`` numbers count: ``"feature"`` (vector files) or ``"row"`` (tables)."""
        return "feature" if self.detected.get("format") in FEATURE_FORMATS else "row"

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (keys read, imported, skipped, warnings, …).

        Each skipped entry has ``row``: the spreadsheet row of a table, or the 1-based feature
        number in the file of a vector source (``unit`` says which).
        """
        return {
            "file": self.source,
            "layer": self.layer,
            "read": self.read,
            "imported": self.imported,
            "updated": self.updated,
            "skipped": list(self.skipped),
            "unit": self.unit,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "detected": dict(self.detected),
        }

    def summary(self, max_skipped: int = 20) -> str:
        """Return a short human-readable report (Chinese and English)."""
        lines = [
            f"{self.source} → {self.layer}: 读取 read {self.read}, 导入 imported {self.imported}, "
            f"跳过 skipped {len(self.skipped)}"
        ]
        coords = self.detected.get("coords") or {}
        keys = ("format", "layer", "sheet", "encoding", "header_row")
        facts = [f"{k}={self.detected[k]}" for k in keys if self.detected.get(k)]
        facts += [f"{k}={v}" for k, v in coords.items() if v not in (None, "", 0, False)]
        if facts:
            lines.append("  检测 detected: " + ", ".join(map(str, facts)))
        for w in self.warnings:
            lines.append(f"  注意 warning: {w}")
        for n in self.notes:
            lines.append(f"  说明 note: {n}")
        for s in self.skipped[:max_skipped]:
            sheet = f" ({s['sheet']})" if s.get("sheet") else ""
            lines.append(f"  跳过 {self.unit} {s['row']}{sheet}: {s['reason']}")
        if len(self.skipped) > max_skipped:
            more = len(self.skipped) - max_skipped
            lines.append(f"  … {more} more skipped {self.unit}s (use --json)")
        return "\n".join(lines)


@dataclass
class SourceInfo:
    """What :func:`inspect_source` found in a file, for the import dialog."""

    layers: list[str]
    columns: list[str]
    preview: pd.DataFrame
    mapping: dict[str, str]
    encoding: str | None
    header_row: int | None
    coords: dict[str, Any]
    warnings: list[str]


def _target(layer: str) -> None:
    check_import_target(layer)

def _options(options: ImportOptions | None, source: str) -> tuple[ImportOptions, CRS | None]:
    opts = options or ImportOptions()
    if opts.coords is not None and opts.coords not in DATUMS:
        raise InputError(f"--coords {opts.coords!r}: choose one of {', '.join(DATUMS)}")
    return opts, parse_crs(opts.crs, source)


@dataclass
class _Fitted:
    geometry: np.ndarray | None
    reasons: dict[int, str]
    coords: dict[str, Any]
    warnings: list[str]
    used_columns: set[str]


def _fit_geometry(
    raw: RawSource,
    layer: str,
    opts: ImportOptions,
    crs: CRS | None,
    fallback: CRS | None,
    source: str,
) -> _Fitted:
    s = spec(layer)
    if not s.is_spatial:
        return _Fitted(None, {}, {}, [], set())
    if raw.geometry is not None:
        src, warnings, info = source_crs(raw.geometry, raw.crs, crs, fallback, source)
        geoms, coords = reproject(raw.geometry, src, opts.coords)
        coords.update(info)
        geoms, reasons, more = fit_type(geoms, s.geometry, layer, raw.rows)
        if len(reasons) == len(geoms):
            kinds = sorted({r for i, r in reasons.items() if r != "no geometry"
                            and i not in raw.problems})  # fmt: skip
            if kinds:
                raise InputError(f"{source}: wrong geometry type: {kinds[0]}; choose another layer")
        reasons.update(raw.problems)
        good = np.ones(len(geoms), bool)
        good[list(reasons)] = False
        for i in np.flatnonzero(good & outside_china(geoms)):
            reasons[int(i)] = (
                f"lies outside China when read as {coords.get('crs')}; check the .prj or --crs"
            )
        return _Fitted(geoms, reasons, coords, warnings + more, set())
    if s.geometry != "Point":
        raise InputError(
            f"{source}: a table holds points, but {layer} needs polygons; import the "
            "boundaries from a Shapefile, GeoPackage, GeoJSON or KML/KMZ"
        )
    lon, lat, combined, warnings = find_columns(list(raw.frame.columns), opts.lon, opts.lat, source)
    if lon is None and combined is None:
        raise InputError(
            f"{source}: no geometry and no coordinate columns (looked for 经度/纬度, lon/lat, x/y, "
            "or one 坐标 column like 118.71,36.93); name them with --lon COL --lat COL"
        )
    # Datum hints come from the coordinate headers and the title rows, not from other columns
    # (a "高德地图链接" column says nothing about the coordinates).
    hint = raw.hint_text
    located = locate(
        raw.frame,
        raw.rows,
        (lon, lat, combined),
        crs=crs,
        datum=opts.coords,
        hint_text=hint,
        fallback_crs=fallback,
        source=source,
    )
    points = shapely.points(located.lon, located.lat)
    points[~np.isfinite(located.lon)] = None
    used = {c for c in (lon, lat, combined) if c is not None}
    return _Fitted(points, located.reasons, located.detected, warnings + located.warnings, used)


def _map_fields(
    raw: RawSource, layer: str, opts: ImportOptions, used: set[str], source: str
) -> tuple[pd.DataFrame, dict[str, str], list[str], dict[str, str]]:
    columns = list(raw.frame.columns)
    user = check_mapping(layer, opts.mapping or {}, columns, source)
    taken = used | set(user.values())
    mapping = {**detect_mapping(layer, columns, exclude=taken), **user}
    s = spec(layer)
    frame = raw.frame
    out = pd.DataFrame(index=frame.index)
    for f in s.columns:
        if f in mapping:
            out[f] = frame[mapping[f]]
    warnings: list[str] = []
    consumed = used | set(mapping.values())
    if layer == "households":
        tags = tag_columns(frame, consumed)
        if tags:
            base = frame[mapping["tags"]] if "tags" in mapping else None
            out["tags"] = join_tags(frame, tags, base)
            consumed |= set(tags)
            warnings.append(f"tags taken from yes/no columns: {', '.join(tags.values())}")
    out = clean_values(layer, translate_values(layer, out))
    if layer in ("households", "cadres", "issues") and s.key not in mapping:
        out[s.key] = stable_ids(frame, {"households": "H", "cadres": "C", "issues": "I"}[layer])
        warnings.append(f"no {s.key} column: stable ids generated from each row's content")
    empty = _empty_field_warnings(out, frame, mapping, consumed) if layer in POLYGON_LAYERS else {}
    warnings += empty.values()
    out, more = keep_other_columns(out, frame, consumed)
    return out, mapping, warnings + more, empty


def _filled(values: pd.Series) -> pd.Series:
    """Whether each value is there (not missing, not blank text)."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return text != ""


_DIGITS = re.compile(r"\d{6,19}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"[\d.\-]+")


def _guess_column(frame: pd.DataFrame, columns: list[str], field_name: str) -> str | None:
    """Return the column most like ``field_name`` (code: digits; name: Chinese text).

    Looks at the first 50 values of the first :data:`MAX_OTHER_COLUMNS` columns (it only
    picks an example for a hint).
    """
    best, best_score = None, 0.0
    head = frame.head(50)
    for col in columns[:MAX_OTHER_COLUMNS]:
        values = [str(v).strip() for v in head[col].tolist() if not pd.isna(v)]
        values = [v for v in values if v]
        if not values:
            continue
        if field_name == "code":
            score = sum(bool(_DIGITS.fullmatch(v)) for v in values) / len(values)
        else:
            cjk = sum(bool(_CJK.search(v)) for v in values)
            text = sum(not _NUMBER.fullmatch(v) for v in values)
            score = (cjk + 0.5 * text) / len(values)
        if score > best_score:
            best, best_score = col, score
    return best


def _empty_field_warnings(
    out: pd.DataFrame, frame: pd.DataFrame, mapping: dict[str, str], consumed: set[str]
) -> dict[str, str]:
    """Warn when a boundary layer's code or name stays empty, saying how to map a column.

    Returns field → warning.
    """
    warnings = {}
    free = [str(c) for c in frame.columns if c not in consumed]
    for name in ("code", "name"):
        if name in mapping and _filled(out[name]).any():
            continue
        if name in mapping:
            said = f"column {mapping[name]!r} for {name} is empty"
        else:
            said = f"no {name} column recognised"
        last = "; or number them in the app" if name == "code" else ""
        if not free:
            warnings[name] = f"{said}: {name}s left empty; the file has no other column{last}"
            continue
        shown = ", ".join(free[:12]) + (f" and {len(free) - 12} more" if len(free) > 12 else "")
        example = _guess_column(frame, free, name) or free[0]
        hint = json.dumps({name: example}, ensure_ascii=False)
        warnings[name] = (
            f"{said}: {name}s left empty (the file's other columns are {shown}); map one with "
            f"--mapping map.json holding {hint}{last}"
        )
    return warnings


def _column_label(name: object, taken: set[str]) -> str:
    """Return a column name a GeoPackage accepts: no control characters, unique among ``taken``."""
    text = "".join(ch for ch in str(name) if ch.isprintable()).strip() or "列"
    label = text if text.lower() not in {"geometry", "fid"} else f"{text}_源"
    k = 2
    while label in taken:
        label, k = f"{text}_源{'' if k == 2 else k - 1}", k + 1
    taken.add(label)
    return label


def keep_other_columns(
    out: pd.DataFrame, frame: pd.DataFrame, consumed: set[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Append the source columns not used for a field (at most :data:`MAX_OTHER_COLUMNS`).

    Names lose control characters and get ``_源`` where they clash with a field. Returns the
    table and a warning when columns were left out.
    """
    positions = [i for i, c in enumerate(frame.columns) if c not in consumed]
    other = [frame.columns[i] for i in positions]
    warnings = []
    if len(other) > MAX_OTHER_COLUMNS:
        warnings.append(
            f"{len(other)} other columns; kept the first {MAX_OTHER_COLUMNS}, left out "
            f"{other[MAX_OTHER_COLUMNS]!s} and the {len(other) - MAX_OTHER_COLUMNS - 1} after it"
        )
        other, positions = other[:MAX_OTHER_COLUMNS], positions[:MAX_OTHER_COLUMNS]
    if not other:
        return out, warnings
    taken = {str(c) for c in out.columns}
    extra = frame.iloc[:, positions].copy()
    extra.columns = [_column_label(c, taken) for c in other]
    extra.index = out.index
    return pd.concat([out, extra], axis=1), warnings


def _assemble(
    raw: RawSource,
    layer: str,
    opts: ImportOptions,
    crs: CRS | None,
    fallback: CRS | None,
    source: str,
    step: Progress,
) -> tuple[pd.DataFrame, ImportReport]:
    report = ImportReport(source=source, layer=layer, read=len(raw.frame))
    if report.read == 0:
        raise InputError(f"{source}: no rows to import")
    step(0.45, "coordinates")
    fitted = _fit_geometry(raw, layer, opts, crs, fallback, source)
    step(0.7, "fields")
    table, mapping, field_warnings, empty = _map_fields(
        raw, layer, opts, fitted.used_columns, source
    )
    report.empty_fields = empty
    keep = np.ones(report.read, bool)
    keep[list(fitted.reasons)] = False
    report.imported = int(keep.sum())
    order = sorted(fitted.reasons)
    report.skipped = [{**raw.place(i), "reason": fitted.reasons[i]} for i in order]
    report.warnings = raw.warnings + fitted.warnings + field_warnings
    report.detected = {"format": raw.kind, **raw.detected, "coords": fitted.coords}
    report.detected["mapping"] = mapping
    if report.imported == 0:
        first, unit = report.skipped[0], report.unit
        raise InputError(
            f"{source}: none of the {report.read} {unit}s could be imported "
            f"({unit} {first['row']}: {first['reason']})"
        )
    everything = bool(keep.all())
    if not everything:
        table = table.loc[keep].reset_index(drop=True)
    if fitted.geometry is not None:
        geometry = fitted.geometry if everything else fitted.geometry[keep]
        table = gpd.GeoDataFrame(table, geometry=geometry, crs=STORAGE_CRS, copy=False)
    step(0.85, "schema")
    out = conform(layer, table)
    dup = duplicate_warning(out, layer, raw.rows[keep])
    if dup:
        report.warnings.append(dup)
    return out, report


def read_source(
    path: str | Path,
    target_layer: str,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    *,
    project_crs: CRS | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """Read a file into a table that fits ``target_layer`` (CGCS2000, the layer's columns).

    Parameters
    ----------
    path : str or Path
        Shapefile, GeoPackage, GeoJSON, KML/KMZ, XLSX or CSV.
    target_layer : str
        Project layer, e.g. ``"households"`` or ``"villages"``.
    options : ImportOptions, optional
        User choices; detected where None.
    progress : callable, optional
        ``progress(fraction, message)``.
    cancelled : callable, optional
        Polled between steps; when it returns True, :class:`~gisgrid.errors.Cancelled` is
        raised.
    project_crs : pyproj.CRS, optional
        The project's Gauss-Krüger CRS, for projected numbers with no zone number.

    Returns
    -------
    tuple
        ``(GeoDataFrame, ImportReport)``; a DataFrame for the non-spatial ``assignments``.

    Raises
    ------
    InputError
        With a one-line message naming the file and what to do.
    """
    path = Path(path)
    _target(target_layer)
    opts, crs = _options(options, path.name)
    step = stepper(progress, cancelled)
    step(0.02, f"reading {path.name}")
    raw = open_source(path, opts.layer, opts.encoding, cancelled=cancelled)
    out, report = _assemble(raw, target_layer, opts, crs, project_crs, path.name, step)
    step(0.95, "done reading")
    return out, report


def _project_crs(project: Any) -> CRS | None:
    try:
        return project.metric_crs
    except ValueError:  # the project has no data yet
        return None


def _village_codes(project: Any, frame: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """Turn village names (张家庄村) in village_code into the project's village codes."""
    if "village_code" not in frame or not frame["village_code"].notna().any():
        return frame
    villages = project.layer("villages")
    if len(villages) == 0:
        return frame
    names = dict(zip(villages["name"].astype(str), villages["code"].astype(str), strict=False))
    values = frame["village_code"]
    is_code = values.str.fullmatch(r"\d{12}").fillna(True).astype(bool)
    known = values.map(names)
    fix = ~is_code & known.notna()
    if fix.any():
        frame["village_code"] = values.where(~fix, known)
        report.warnings.append(f"{int(fix.sum())} village name(s) replaced by the village code")
    return frame


def _add_level(project: Any, layer: str, report: ImportReport) -> None:
    """Add the level of ``layer`` to the project's levels when they lack it (with a note).

    A level outside ``meta.levels`` is invisible to info, stats and validate; importing into
    it means the project uses it.
    """
    level = LEVEL_OF_LAYER.get(layer)
    if level is None or level in project.meta.levels:
        return
    levels = [lv for lv in LEVEL_LAYERS if lv in project.meta.levels or lv == level]
    project.meta.levels = levels
    project.mark_meta_changed()
    report.notes.append(
        f"the project had no {level} level; added it (levels now {', '.join(levels)})"
    )


def _blank(values: pd.Series) -> np.ndarray:
    return ~_filled(values).to_numpy()


def _town_code(project: Any, town: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """Give one town feature the project's code, or the project the town's 12-digit code."""
    if len(town) != 1:
        return town
    code = "" if _blank(town["code"])[0] else str(town["code"].iloc[0]).strip()
    own = str(project.meta.code or "")
    if not code and own:
        town = town.copy()
        town["code"] = pd.Series([own], index=town.index, dtype="str")
        report.notes.append(f"the town has no code; gave it the project's code {own}")
        if "code" in report.empty_fields:
            report.warnings.remove(report.empty_fields.pop("code"))
    elif code and not own and re.fullmatch(r"\d{12}", code):
        project.meta.code = code
        project.mark_meta_changed()
        report.notes.append(f"the project had no code; took the town's code {code}")
    elif code and own and code != own:
        report.warnings.append(
            f"the town's code {code} differs from the project's code {own}; kept both "
            "(villages and grids are checked against the town's)"
        )
    return town


def _village_parents(
    project: Any, villages: pd.DataFrame, start: int, report: ImportReport
) -> pd.DataFrame:
    """Give imported villages (rows from ``start``) with no parent code the one town's code."""
    town = project.layer("town")
    if len(town) > 1:
        return villages
    if len(town) == 1:
        code = None if _blank(town["code"])[0] else str(town["code"].iloc[0]).strip()
    else:
        code = project.meta.code or None
    if not code:
        return villages
    empty = _blank(villages["parent_code"])
    empty[:start] = False
    if not empty.any():
        return villages
    villages = villages.copy()
    parents = villages["parent_code"].astype(object)
    parents[empty] = code
    villages["parent_code"] = parents.astype("str")
    report.notes.append(
        f"{int(empty.sum())} village(s) without a parent code belong to town {code}"
    )
    return villages


def import_file(
    project: Any,
    target_layer: str,
    path: str | Path,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportReport:
    """Import ``path`` into ``target_layer`` of ``project`` (appending, or replacing).

    The project changes in memory only, and only when everything succeeded; save it after.

    Returns
    -------
    ImportReport
        Rows read, imported, skipped (spreadsheet row numbers and reasons), warnings and what
        was detected.

    Raises
    ------
    InputError
        For unusable input; the project is untouched.
    Cancelled
        When ``cancelled()`` turned True; the project is untouched.
    """
    opts = options or ImportOptions()
    frame, report = read_source(
        path, target_layer, opts, progress, cancelled, project_crs=_project_crs(project)
    )
    frame = _village_codes(project, frame, report)
    existing = project.layer(target_layer)
    if opts.replace or len(existing) == 0:
        combined = frame
    else:
        combined = _append(existing, frame, spec(target_layer).key, report)
    stepper(progress, cancelled)(0.98, "updating the project")
    if target_layer == "town":
        combined = _town_code(project, combined, report)
    if target_layer == "villages":
        combined = _village_parents(project, combined, len(combined) - len(frame), report)
    _add_level(project, target_layer, report)
    gone_before = _unstaffable(project, target_layer)
    project.set_layer(target_layer, combined)
    _drop_orphaned_assignments(project, target_layer, gone_before, report)
    report.detected["mode"] = "replace" if opts.replace else "append"
    if progress is not None:
        progress(1.0, "done")
    return report


def _unstaffable(project: Any, layer: str) -> np.ndarray | None:
    """Return which assignments already name a missing unit or cadre (None: not affected)."""
    if layer not in POLYGON_LAYERS and layer != "cadres":
        return None
    from gisgrid.hierarchy import dangling_assignments

    no_unit, no_cadre = dangling_assignments(project)
    return no_unit | no_cadre


def _drop_orphaned_assignments(
    project: Any, layer: str, gone_before: np.ndarray | None, report: ImportReport
) -> None:
    """Remove the assignments whose grid or cadre the import took away, with a note each.

    A replaced boundary or roster no longer has some codes or ids; their assignments would
    point at nothing (validate's ``dangling_assignment``). Assignments that pointed at
    nothing before the import are left for validate to report.
    """
    if gone_before is None or not len(gone_before):
        return
    from gisgrid.hierarchy import dangling_assignments

    no_unit, no_cadre = dangling_assignments(project)
    orphaned = (no_unit | no_cadre) & ~gone_before
    if not orphaned.any():
        return
    assignments = project.layer("assignments")
    dropped = assignments[orphaned]
    project.set_layer("assignments", assignments[~orphaned].reset_index(drop=True))
    shown = ", ".join(f"{c}→{g}" for c, g in zip(dropped["cadre_id"], dropped["grid_code"]))
    report.notes.append(
        f"{int(orphaned.sum())} assignment(s) named a grid or cadre no longer in {layer} and "
        f"were removed ({shown[:200]}); propose new holders with gisgrid assign --cadres"
    )


def _append(
    existing: pd.DataFrame, frame: pd.DataFrame, key: str | None, report: ImportReport
) -> pd.DataFrame:
    """Append ``frame`` to a layer; a row whose key (code, id) is already there updates it.

    An office re-imports an updated ledger or boundary file: keeping both copies would give
    two grids with one code (a broken hierarchy) or a household counted twice.
    """
    if key:
        known = existing[key].dropna().astype(str)
        incoming = frame[key].astype(object).where(frame[key].notna(), None)
        repeated = incoming.dropna().astype(str).duplicated(keep="last")
        if repeated.any():
            report.warnings.append(
                f"{int(repeated.sum())} {key}(s) appear twice in the file, e.g. "
                f"{incoming.dropna().astype(str)[repeated].iloc[0]}; the last row of each is kept"
            )
            frame = frame.drop(index=repeated[repeated].index)
            report.updated += int(repeated.sum())
            incoming = incoming.drop(index=repeated[repeated].index)
        clash = incoming.isin(set(known))
        if clash.any():
            update = dict(zip(incoming[clash].astype(str), np.flatnonzero(clash.to_numpy())))
            position = existing[key].astype(object).map(
                lambda k: update.get(str(k), -1) if k is not None and k == k else -1
            )
            hit = (position >= 0).to_numpy()
            rows = frame.iloc[position[hit].to_numpy()].reindex(columns=existing.columns)
            existing = existing.copy()
            geometry = existing.geometry.name if isinstance(existing, gpd.GeoDataFrame) else None
            existing = existing.astype({c: object for c in existing.columns if c != geometry})
            rows.index = existing.index[hit]
            existing.loc[hit, list(rows.columns)] = rows
            frame = frame[~clash.to_numpy()]
            report.updated += int(clash.sum())
            report.notes.append(
                f"{int(clash.sum())} {key}(s) already in the layer were updated from the file "
                f"(e.g. {incoming[clash].iloc[0]}); {len(frame)} added"
            )
    combined = pd.concat([existing, frame], ignore_index=True)
    if isinstance(frame, gpd.GeoDataFrame):
        combined = gpd.GeoDataFrame(combined, geometry=frame.geometry.name, crs=STORAGE_CRS)
    return combined


def inspect_source(
    path: str | Path,
    target_layer: str,
    options: ImportOptions | None = None,
    *,
    project_crs: CRS | None = None,
) -> SourceInfo:
    """Look into a file without importing it: layers, columns, preview, detected choices.

    Coordinate problems that need a user choice (e.g. no zone number) become warnings here
    rather than errors, so the dialog can ask; unreadable files still raise
    :class:`InputError`. Pass ``project_crs`` (``project.metric_crs``) to resolve Gauss-Krüger
    numbers without a zone number as :func:`import_file` does.
    """
    path = Path(path)
    _target(target_layer)
    opts, crs = _options(options, path.name)
    layer, warnings = opts.layer, []
    kind = source_kind(path)
    if layer is None and kind in ("geopackage", "topojson"):
        names = geopackage_layers(path) if kind == "geopackage" else topojson_layers(path)
        if len(names) > 1:  # the dialog lets the user pick; show the first meanwhile
            layer = names[0]
            warnings.append(f"{path.name} holds {len(names)} layers; showing {layer}")
    raw = open_source(path, layer, opts.encoding, sample=_SAMPLE_ROWS)
    preview = raw.frame.head(PREVIEW_ROWS).copy()
    if raw.geometry is not None:
        preview["geometry"] = shapely.to_wkt(raw.geometry[:PREVIEW_ROWS], rounding_precision=6)
    warnings += raw.warnings
    coords: dict[str, Any] = {}
    used: set[str] = set()
    try:
        fitted = _fit_geometry(raw, target_layer, opts, crs, project_crs, path.name)
        coords, used = fitted.coords, fitted.used_columns
        warnings += fitted.warnings
    except InputError as exc:
        warnings.append(str(exc))
    try:
        _, mapping, more, _ = _map_fields(raw, target_layer, opts, used, path.name)
        warnings += more
    except InputError as exc:
        mapping = detect_mapping(target_layer, list(raw.frame.columns), exclude=used)
        warnings.append(str(exc))
    return SourceInfo(
        layers=list(raw.layers),
        columns=[str(c) for c in raw.frame.columns],
        preview=preview,
        mapping=mapping,
        encoding=raw.detected.get("encoding"),
        header_row=raw.header_row,
        coords=coords,
        warnings=warnings,
    )
