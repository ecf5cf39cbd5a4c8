"""Importing citizen issues: 12345 hotline exports, patrol and visit records, Open311 tables.

Reading, header detection, encodings and coordinates (GCJ-02/BD-09 conversion, swapped
columns, Gauss-Krüger numbers) are those of :mod:`gisgrid.io`; this module adds what issues
need on top:

* fields by the shared Chinese synonyms plus English/Open311 ones
  (:data:`gisgrid.issue_fields.EXTRA_HEADERS`), times in the forms exports use, status texts
  mapped to the closed-loop states;
* categories mapped onto the project's categories with the mapping stored in the project
  (unmapped ones become 其他 and are reported);
* a location from coordinates, or else from the address matched offline to a household or a
  village (:mod:`gisgrid.address_match`);
* each issue joined to its grid and village by point-in-polygon;
* times each read by its own format; a date column and a time-of-day column (受理日期 +
  受理时间, or an Excel time cell) are combined, never dated today;
* de-duplication by ticket id: importing a newer export of the same tickets **updates** them
  (new values win, blanks keep the old ones) instead of adding copies. A ticket's state only
  moves forward: of several records of one ticket the latest (by its own times, then its
  status) wins, whatever the file order, and an older export never overwrites a newer state.

Examples
--------
>>> report = import_issues(project, "12345工单导出.xlsx", IssueImportOptions(coords="gcj02"))
... # doctest: +SKIP
>>> report.added, report.updated  # doctest: +SKIP
(127, 0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.address_match import AddressIndex
from gisgrid.assign import locate_xy
from gisgrid.closed_loop import EARLIEST_PLAUSIBLE
from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError
from gisgrid.io.coords import DATUMS, find_columns, in_china, locate, parse_crs
from gisgrid.io.fields import check_mapping, detect_mapping, norm, translate_values
from gisgrid.io.ids import stable_ids
from gisgrid.io.importer import ImportOptions, ImportReport, keep_other_columns
from gisgrid.io.sources import open_source
from gisgrid.issue_fields import (
    STATES,
    find_extra_columns,
    guess_source,
    infer_status,
    map_categories,
    map_status,
    read_times,
    ticket_ids,
    time_column_kind,
    time_of_day,
    time_problem,
)
from gisgrid.progress import stepper
from gisgrid.schema import conform, spec

__all__ = [
    "IssueImportOptions",
    "IssueImportReport",
    "MergeResult",
    "import_issues",
    "latest_records",
    "merge_issues",
]

TIME_FIELDS = ("reported_at", "first_contact_at", "resolved_at", "reviewed_at")
#: Times outside these bounds are read as unreadable (a "-1" parses as the year -1); those
#: inside are kept, and the closed loop lists the implausible ones (1900-01-01, 2099 …).
EARLIEST, LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2100-01-01")
Progress = Callable[[float, str], None]


@dataclass
class IssueImportOptions(ImportOptions):
    """Choices for an issue import; every field may stay None to let it be detected.

    Besides :class:`gisgrid.io.importer.ImportOptions` (``encoding``, ``coords``, ``crs``,
    ``lon``/``lat``, ``mapping`` …):

    Parameters
    ----------
    source : str, optional
        ``hotline``, ``patrol``, ``visit`` or ``petition`` for rows that do not say.
    complexity : str
        ``simple`` or ``complex`` for rows that do not say (default simple: 1 working day).
    """

    source: str | None = None
    complexity: str = "simple"


@dataclass
class IssueImportReport(ImportReport):
    """An :class:`ImportReport` plus what happened to the project's issues."""

    added: int = 0
    updated: int = 0
    located: dict[str, int] = field(default_factory=dict)
    unmapped_categories: dict[str, int] = field(default_factory=dict)
    unknown_status: dict[str, int] = field(default_factory=dict)
    #: Records left out because the project (or another row of the file) holds a newer state.
    older_ignored: int = 0
    #: Said first when every record (or most of those with coordinates) stayed unplaced.
    alert: str = ""

    @property
    def unplaced(self) -> int:
        """Imported records without a point on the map (they are imported all the same)."""
        on_map = self.located.get("coordinates", 0) + self.located.get("household_address", 0)
        return max(self.imported - on_map, 0) if self.located else 0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        out = super().to_dict()
        out.update(
            added=self.added,
            updated=self.updated,
            older_ignored=self.older_ignored,
            located=dict(self.located),
            unplaced=self.unplaced,
            alert=self.alert,
            unmapped_categories=dict(self.unmapped_categories),
            unknown_status=dict(self.unknown_status),
        )
        return out

    def summary(self, max_skipped: int = 20) -> str:
        """Return a short human-readable report."""
        lines = super().summary(max_skipped).split("\n")
        lines[0] += f", 未定位 unplaced {self.unplaced}"
        if self.alert:
            lines.insert(1, f"  ！！ 未定位 UNPLACED: {self.alert}")
            lines = [x for x in lines if x != f"  注意 warning: {self.alert}"]
        lines.append(
            f"  新增 added {self.added}, 更新 updated {self.updated}, "
            f"旧记录未覆盖 older ignored {self.older_ignored}"
        )
        if self.located:
            lines.append(
                "  定位 located: " + ", ".join(f"{k} {v}" for k, v in self.located.items())
            )
        if self.unmapped_categories:
            shown = ", ".join(f"{k} ×{v}" for k, v in list(self.unmapped_categories.items())[:10])
            lines.append(f"  未匹配类别 unmapped categories (kept as 其他): {shown}")
        if self.unknown_status:
            shown = ", ".join(f"{k} ×{v}" for k, v in self.unknown_status.items())
            lines.append(f"  未识别状态 unknown status (taken from the times): {shown}")
        return "\n".join(lines)


def _check_options(opts: IssueImportOptions) -> None:
    if opts.coords is not None and opts.coords not in DATUMS:
        raise InputError(f"--coords {opts.coords!r}: choose one of {', '.join(DATUMS)}")
    if opts.source is not None and opts.source not in ("hotline", "patrol", "visit", "petition"):
        raise InputError(f"source {opts.source!r}: choose hotline, patrol, visit or petition")
    if opts.complexity not in ("simple", "complex"):
        raise InputError(f"complexity {opts.complexity!r}: choose simple or complex")


def _fields(
    frame: pd.DataFrame, used: set[str], opts: IssueImportOptions, source: str
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Field → column, and time field → (date column, time column) where a user named two."""
    columns = [str(c) for c in frame.columns]
    user = check_mapping("issues", opts.mapping or {}, columns, source, pairs=True)
    pairs = {f: (c[0], c[1]) for f, c in user.items() if isinstance(c, list)}
    user = {f: (c[1] if isinstance(c, list) else c) for f, c in user.items()}
    taken = used | set(user.values()) | {c for pair in pairs.values() for c in pair}
    found = detect_mapping("issues", columns, exclude=taken)
    found = {k: v for k, v in found.items() if v not in user.values()}
    found.update(user)
    found.update(find_extra_columns(columns, found, taken | set(found.values())))
    if "reported_at" not in found:
        raise InputError(
            f"{source}: no receipt-time column (looked for 受理时间, 来电时间, 登记时间, "
            "requested_datetime …); name it with a mapping file, e.g. "
            '{"reported_at": "你的列名"}'
        )
    return found, pairs


#: Header words of a time of day and of a date: 受理时间 pairs with 受理日期.
_TIME_WORDS = ("时间", "时刻", "time")
_DATE_WORDS = ("日期", "date")


def _partner(
    col: str, frame: pd.DataFrame, want: str, taken: set[str], header_only: bool
) -> str | None:
    """Return the column of the dates (``want="date"``) or times of day of column ``col``.

    First the header that pairs with ``col`` (受理时间 ↔ 受理日期, time ↔ date); else, for
    dates and unless ``header_only``, the one free column named like a date (日期, …date)
    holding dates.
    """
    mine, theirs = (_TIME_WORDS, _DATE_WORDS) if want == "date" else (_DATE_WORDS, _TIME_WORDS)
    key = norm(col)
    wanted = {key.replace(a, b) for a in mine if a in key for b in theirs}
    free = [str(c) for c in frame.columns if str(c) not in taken and str(c) != col]
    for other in free:
        if norm(other) in wanted and time_column_kind(frame[other]) == want:
            return other
    if header_only or want != "date":
        return None
    named = [c for c in free if any(w in norm(c) for w in _DATE_WORDS)]
    dated = [c for c in named if time_column_kind(frame[c]) == "date"]
    return dated[0] if len(dated) == 1 else None


def _pair_times(
    frame: pd.DataFrame,
    mapping: dict[str, str],
    pairs: dict[str, tuple[str, str]],
    source: str,
    report: IssueImportReport,
) -> dict[str, tuple[str, str]]:
    """Find the date column of every time field whose column holds times of day only.

    A column of times of day (15:00, an Excel time cell) without its date would date every
    case today: it is combined with its date column (受理日期 beside 受理时间), or refused
    naming the column. A column of dates whose header pairs with a column of times of day
    is combined with it too.

    Returns
    -------
    dict
        Time field → ``(date column, time column)``.
    """
    pairs = dict(pairs)
    taken = set(mapping.values()) | {c for pair in pairs.values() for c in pair}
    for name in TIME_FIELDS:
        if name in pairs or name not in mapping:
            continue
        col = mapping[name]
        kind = time_column_kind(frame[col])
        if kind == "time":
            date = _partner(col, frame, "date", taken, header_only=False)
            if date is None:
                label = spec("issues").labels.get(name, name)
                example = frame[col].dropna().astype(str).iloc[0]
                raise InputError(
                    f"{source}: column {col!r} ({label}) holds times of day only (e.g. "
                    f"{example!r}), no dates; add the dates in a column beside it (e.g. "
                    f"受理日期), or name both in a mapping file: "
                    f'{{"{name}": ["日期列", "{col}"]}}'
                )
            pairs[name] = (date, col)
        elif kind == "date":
            clock = _partner(col, frame, "time", taken, header_only=True)
            if clock is not None:
                pairs[name] = (col, clock)
        if name in pairs:
            taken |= set(pairs[name])
    for name, (date, clock) in pairs.items():
        report.warnings.append(
            f"{name}: the date from column {date!r} and the time of day from {clock!r}"
        )
    return pairs


@dataclass
class _Coords:
    """Lon/lat of each row (NaN where missing or unusable) and why the unusable ones are."""

    lon: np.ndarray
    lat: np.ndarray
    bad: dict[int, str] = field(default_factory=dict)  # position → reason (not "missing")
    columns: list[str] = field(default_factory=list)
    advice: str = ""


def _locate_rows(raw, opts, project, source, report) -> _Coords:
    """Lon/lat from coordinate columns, and the rows whose coordinates could not be used."""
    n = len(raw.frame)
    lon_col, lat_col, combined, warns = find_columns(
        [str(c) for c in raw.frame.columns], opts.lon, opts.lat, source
    )
    report.warnings += warns
    if lon_col is None and combined is None:
        report.detected["coords"] = {}
        return _Coords(np.full(n, np.nan), np.full(n, np.nan))
    try:
        fallback = project.metric_crs
    except ValueError:
        fallback = None
    located = locate(
        raw.frame,
        raw.rows,
        (lon_col, lat_col, combined),
        crs=parse_crs(opts.crs, source),
        datum=opts.coords,
        hint_text=" ".join([raw.hint_text, *map(str, raw.frame.columns)]),
        fallback_crs=fallback,
        source=source,
    )
    report.warnings += located.warnings
    report.detected["coords"] = located.detected
    columns = [c for c in (lon_col, lat_col, combined) if c]
    report.detected["coordinate_columns"] = columns
    bad = {i: r for i, r in located.reasons.items() if r != "missing coordinates"}
    return _Coords(located.lon, located.lat, bad, columns, located.advice)


def _tell_unplaced(
    report: IssueImportReport, coords: _Coords, keep: np.ndarray, by_address: np.ndarray,
    rows: np.ndarray,
) -> None:  # fmt: skip
    """Say truthfully what became of rows with unusable coordinates, and alert when few landed.

    ``keep`` marks the rows imported, ``by_address`` (over the imported rows) those given a
    point from a household address.
    """
    kept = np.flatnonzero(keep)
    bad_rows = np.zeros(len(keep), dtype=bool)
    bad_rows[list(coords.bad)] = True
    bad = bad_rows[kept]
    n_bad, n_found = int(bad.sum()), int((bad & by_address).sum())
    advice = f"; {coords.advice}" if coords.advice else ""
    if n_bad:
        first = int(kept[bad][0])
        report.warnings.append(
            f"{n_bad} row(s) with unusable coordinates (e.g. row {rows[first]}: "
            f"{coords.bad[first]}){advice}; {n_found} of them located by household address, "
            f"{n_bad - n_found} without a point on the map"
        )
    n = report.imported
    with_coords = int(np.isfinite(coords.lon[keep]).sum()) + n_bad
    if n == 0 or report.unplaced == 0:
        return
    again = "then import again (records with the same ticket id are updated)"
    fix = (
        "fix with --lon/--lat (the columns), --coords (wgs84, gcj02 for Gaode/Tencent, bd09 for "
        f"Baidu) or --crs EPSG:xxxx, {again}"
    )
    if report.unplaced == n:
        if with_coords == 0:
            why = "no coordinates in the file and no address matched a household"
            fix = (
                "name coordinate columns with --lon/--lat if the file has them, or import the "
                f"households (with addresses) first, {again}"
            )
        else:
            example = coords.bad[int(kept[bad][0])]
            why = f"{n_bad} have coordinates that cannot be used (e.g. {example})"
            if n > n_bad:
                why += f", {n - n_bad} have none"
            why += ", and no address matched a household"
        report.alert = (
            f"all {n} records are imported without a point on the map: {why}{advice}; {fix}"
        )
    elif n_bad and n_bad - n_found >= 0.5 * with_coords:
        report.alert = (
            f"{n_bad - n_found} of the {with_coords} records with coordinates have no point on "
            f"the map (e.g. {coords.bad[int(kept[bad][0])]}){advice}; {fix}"
        )
    if report.alert:
        report.warnings.insert(0, report.alert)


def _filled(values: pd.Series) -> np.ndarray:
    """Whether each cell holds something (not missing, not blank text)."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return (text != "").to_numpy(bool)


def _times(
    raw: Any, name: str, mapping: dict[str, str], pairs: dict[str, tuple[str, str]], report: Any
) -> pd.Series:
    """Read time field ``name``: one column, or a date column plus a time-of-day column.

    Says in the report what needs saying: two-digit years read as 20YY, dates without a
    readable time of day, values of a secondary time that could not be read.
    """
    frame = raw.frame
    if name in pairs:
        date, clock = pairs[name]
        read = read_times(frame[date])
        day = read.values.dt.normalize()
        tod = time_of_day(frame[clock])
        no_clock = day.notna() & tod.isna()
        if no_clock.any():
            first = int(np.flatnonzero(no_clock.to_numpy())[0])
            report.warnings.append(
                f"{name}: {int(no_clock.sum())} row(s) with a date in {date!r} but no readable "
                f"time of day in {clock!r} (e.g. row {raw.rows[first]}); counted from 00:00 "
                "that day"
            )
        times = day + tod.fillna(pd.Timedelta(0))
        source_cols = f"{date!r} + {clock!r}"
    else:
        read = read_times(frame[mapping[name]])
        times = read.values
        source_cols = repr(mapping[name])
    times = times.where((times >= EARLIEST) & (times <= LATEST))  # a year -1 or 9999 is no time
    short = read.short_year & times.notna()
    if short.any():
        first = int(np.flatnonzero(short.to_numpy())[0])
        col = pairs[name][0] if name in pairs else mapping[name]
        report.warnings.append(
            f"{name}: {int(short.sum())} value(s) with a two-digit year read as 20YY-MM-DD "
            f"(e.g. row {raw.rows[first]}: {str(frame[col].iat[first])!r} → "
            f"{times.iat[first]:%Y-%m-%d}); write years in full to be sure"
        )
    if name != "reported_at":  # rows without a receipt time are skipped, each named
        col = pairs[name][0] if name in pairs else mapping[name]
        lost = times.isna().to_numpy() & _filled(frame[col])
        if lost.any():
            first = int(np.flatnonzero(lost)[0])
            value = frame[col].iat[first]
            why = time_problem(value)
            report.warnings.append(
                f"{name}: {int(lost.sum())} unreadable value(s) in {source_cols} left empty "
                f"(e.g. row {raw.rows[first]}: {str(value)!r}{'; ' + why if why else ''})"
            )
    return times.astype("datetime64[s]")


def _table(
    raw, mapping: dict[str, str], pairs: dict[str, tuple[str, str]], opts, report
) -> pd.DataFrame:
    frame = raw.frame
    out = pd.DataFrame(index=frame.index)
    for name, col in mapping.items():
        out[name] = frame[col]
    for name in TIME_FIELDS:
        if name in out or name in pairs:
            out[name] = _times(raw, name, mapping, pairs, report)
        else:
            out[name] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[s]")
    status_raw = out.pop("status") if "status" in out else pd.Series(None, index=out.index)
    out = translate_values("issues", out)
    states, unknown = map_status(status_raw)
    report.unknown_status = unknown
    real = {n: out[n].where(out[n] >= EARLIEST_PLAUSIBLE) for n in TIME_FIELDS}  # not 1900-01-01
    out["status"] = infer_status(
        states, real["first_contact_at"], real["resolved_at"], real["reviewed_at"]
    )
    default_source = opts.source or guess_source(list(frame.columns), raw.hint_text)
    if "source" not in out:
        out["source"] = default_source
    out["source"] = out["source"].where(out["source"].notna(), default_source)
    if "complexity" not in out:
        out["complexity"] = None
    blank = ~out["complexity"].isin(["simple", "complex"])
    if blank.any():
        report.warnings.append(
            f"{int(blank.sum())} row(s) with no simple/complex mark counted as {opts.complexity}"
        )
        out.loc[blank, "complexity"] = opts.complexity
    if "satisfaction" in out:
        out["satisfaction"] = pd.to_numeric(out["satisfaction"], errors="coerce")
    ids = stable_ids(frame, "I")
    if "id" in out:
        text = ticket_ids(out["id"])
        valid = text.notna() & (text.astype(str) != "")
        out["id"] = text.where(valid, ids)
    else:
        out["id"] = ids
        report.warnings.append("no ticket-id column: stable ids generated from each row")
    consumed = set(mapping.values()) | set(report.detected.get("coordinate_columns", []))
    consumed |= {c for pair in pairs.values() for c in pair}
    out, more = keep_other_columns(out, frame, consumed)
    report.warnings += more
    return out


def _no_time_reason(values: list[Any]) -> str:
    """Why a row has no receipt time, showing its value(s) and what is wrong with them."""
    shown = [str(v) for v in values if not pd.isna(v) and str(v).strip()]
    if not shown:
        return "no readable receipt time"
    why = next((time_problem(v) for v in values if time_problem(v)), "")
    text = " + ".join(repr(v) for v in shown)
    return f"no readable receipt time {text}" + (f" ({why})" if why else "")


def _grid_layer(project: Any) -> str | None:
    for level, layer in (("small", "grids_small"), ("large", "grids_large")):
        if level in project.meta.levels and len(project.layer(layer)):
            return layer
    return None


def _join_units(project: Any, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, ...]:
    """Grid and village code of each point (None outside every unit)."""
    n = len(lon)
    grid = np.full(n, None, dtype=object)
    village = np.full(n, None, dtype=object)
    ok = np.isfinite(lon) & np.isfinite(lat)
    layer = _grid_layer(project)
    for name, out in ((layer, grid), ("villages", village)):
        if name is None or not ok.any():
            continue
        polys = project.layer(name)
        if len(polys) == 0:
            continue
        idx = locate_xy(lon[ok], lat[ok], polys.geometry.to_numpy())
        codes = polys["code"].astype(object).to_numpy()
        got = np.where(idx >= 0, codes[np.maximum(idx, 0)], None)
        out[ok] = got
    return grid, village


def _place(
    project: Any, table: pd.DataFrame, lon, lat, report
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Fill missing locations from addresses, join grids and villages.

    Returns the issues and which of them got their point from a household address.
    """
    lon, lat = lon.copy(), lat.copy()
    by_coords = np.isfinite(lon)
    by_address = np.zeros(len(table), dtype=bool)
    households = project.layer("households")
    village_code = pd.Series([None] * len(table), dtype=object)
    household_id = pd.Series([None] * len(table), dtype=object)
    need = ~by_coords
    hh_n = vil_n = 0
    if need.any() and "address" in table:
        villages = project.layer("villages")
        index = AddressIndex(
            households["address"] if len(households) else pd.Series([], dtype=object),
            villages["name"].astype(str).tolist(),
            villages["code"].astype(str).tolist(),
            town=project.meta.name,
        )
        found = index.match(table["address"][need].reset_index(drop=True))
        rows = np.flatnonzero(need)
        hit = found.household >= 0
        if hit.any():
            pts = households.geometry.to_numpy()[found.household[hit]]
            lon[rows[hit]] = shapely.get_x(pts)
            lat[rows[hit]] = shapely.get_y(pts)
            household_id[rows[hit]] = (
                households["id"].astype(object).to_numpy()[found.household[hit]]
            )
            village_code[rows[hit]] = (
                households["village_code"].astype(object).to_numpy()[found.household[hit]]
            )
        by_address[rows[hit]] = True
        vil = found.how == "village"
        village_code[rows[vil]] = found.village[vil]
        hh_n, vil_n = int(hit.sum()), int(vil.sum())
    grid, village = _join_units(project, lon, lat)
    village = np.where(village == None, village_code.to_numpy(), village)  # noqa: E711
    report.located = {
        "coordinates": int(by_coords.sum()),
        "household_address": hh_n,
        "village_name": vil_n,
        "unlocated": int(len(table) - by_coords.sum() - hh_n - vil_n),
        "outside_grids": int((np.isfinite(lon) & (grid == None)).sum()),  # noqa: E711
    }
    out = table.copy()
    out["grid_code"] = grid
    out["village_code"] = village
    if "household_id" not in out:
        out["household_id"] = household_id.to_numpy()
    else:
        out["household_id"] = out["household_id"].where(
            out["household_id"].notna(), household_id.to_numpy()
        )
    geometry = shapely.points(lon, lat)
    geometry[~np.isfinite(lon)] = None
    return gpd.GeoDataFrame(out, geometry=geometry, crs=STORAGE_CRS), by_address


_RANK = {state: i for i, state in enumerate(STATES)}
#: Fields a reopened ticket (a newer record with a lower state) no longer has.
_LATER_STATE_FIELDS = {
    "resolved": ("resolved_at", "reviewed_at", "satisfaction"),
    "reviewed": ("reviewed_at",),
}


def _freshness(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """How recent each record's state is: the latest of its times, then its status rank.

    Returns the latest time (int64 seconds; the smallest int64 where there is none) and the
    rank of the status in :data:`gisgrid.issue_fields.STATES` (-1 when unknown).
    """
    latest = np.full(len(frame), np.iinfo(np.int64).min, dtype=np.int64)
    for name in TIME_FIELDS:
        if name not in frame:
            continue
        times = pd.to_datetime(frame[name], errors="coerce")
        if getattr(times.dt, "tz", None) is not None:
            times = times.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        seconds = times.astype("datetime64[s]").to_numpy().astype(np.int64)  # NaT: int64 min
        np.maximum(latest, seconds, out=latest)
    if "status" in frame:
        rank = frame["status"].astype(object).map(_RANK).fillna(-1).to_numpy(np.int64)
    else:
        rank = np.full(len(frame), -1, dtype=np.int64)
    return latest, rank


def _newer_or_same(latest_a, rank_a, latest_b, rank_b) -> np.ndarray:
    """Whether state a is at least as recent as state b (times first, then status)."""
    return (latest_a > latest_b) | ((latest_a == latest_b) & (rank_a >= rank_b))


@dataclass
class MergeResult:
    """What :func:`merge_issues` made: the issues and what happened to the incoming ones."""

    merged: pd.DataFrame
    added: int
    updated: int
    #: Incoming records older than the project's record of the same ticket: left out.
    older: int
    #: Rows of the file left out because another row of the same ticket is more recent.
    repeated: int
    #: A ticket id of each kind, for the report (None when there is none).
    example_older: str | None = None
    example_repeated: str | None = None


def latest_records(incoming: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Keep one record per ticket id: the most recent by its own times, then its status.

    File order decides only between records equally recent (the later row wins), so an
    export sorted newest-first keeps the newest state. Returns the records (in file order)
    and the ids left out.
    """
    ids = incoming["id"].astype(object)
    if not ids.duplicated().any():  # the usual case: nothing to choose, nothing copied
        return incoming, ids.iloc[:0]
    latest, rank = _freshness(incoming)
    order = np.lexsort((np.arange(len(incoming)), rank, latest))  # last key sorts first
    older = pd.Series(ids.to_numpy()[order]).duplicated(keep="last").to_numpy()
    drop = np.zeros(len(incoming), dtype=bool)
    drop[order[older]] = True
    return incoming.loc[~drop], ids[drop]


def merge_issues(existing: pd.DataFrame, incoming: pd.DataFrame) -> MergeResult:
    """Merge ``incoming`` issues into ``existing`` by ``id``; a ticket's state never goes back.

    Of several incoming records of one ticket the most recent is kept (the latest of its
    reported, contact, resolved and reviewed times, then its status rank; file order only
    between equals). A record older than the project's record of the same ticket is left out
    and counted; one as recent or newer updates it: the incoming value wins where it is
    present, the old one stays where the incoming is blank (a later export may lack
    coordinates the first one had) — except that a newer record with a lower state (a
    reopened ticket) clears the closing times and satisfaction it no longer has.

    Returns
    -------
    MergeResult
        The merged issues, how many were added, updated, older (ignored) and repeated.
    """
    n_in = len(incoming)
    incoming, dropped = latest_records(incoming.reset_index(drop=True))
    incoming = incoming.reset_index(drop=True)
    repeated = n_in - len(incoming)
    example_repeated = str(dropped.iloc[0]) if len(dropped) else None
    if len(existing) == 0:
        return MergeResult(incoming, len(incoming), 0, 0, repeated, None, example_repeated)
    old = existing.reset_index(drop=True)
    pos = pd.Series(np.arange(len(old)), index=old["id"].astype(object))
    pos = pos[~pos.index.duplicated(keep="last")]
    where = incoming["id"].astype(object).map(pos)
    known = where.notna().to_numpy()
    rows_all = where.fillna(-1).astype(np.int64).to_numpy()
    new_latest, new_rank = _freshness(incoming)
    old_latest, old_rank = _freshness(old)
    older = np.zeros(len(incoming), dtype=bool)
    if known.any():
        r = rows_all[known]
        older[known] = ~_newer_or_same(
            new_latest[known], new_rank[known], old_latest[r], old_rank[r]
        )
    update = known & ~older
    merged = old.copy()
    for col in incoming.columns:
        if col not in merged.columns:
            merged[col] = pd.Series([None] * len(merged), dtype=object)
    if update.any():
        rows = rows_all[update]
        upd = incoming[update]
        reopened = new_rank[update] < old_rank[rows]
        for col in incoming.columns:
            new = upd[col].to_numpy()
            if col == incoming.geometry.name:
                fill = ~shapely.is_missing(new) & ~shapely.is_empty(new)
            else:
                fill = pd.notna(upd[col]).to_numpy()
            clear = np.zeros(len(upd), dtype=bool)
            for state, fields in _LATER_STATE_FIELDS.items():
                if col in fields:
                    clear |= reopened & (new_rank[update] < _RANK[state])
            fill = fill | clear
            if fill.any():
                values = merged[col].to_numpy(copy=True).astype(object)
                values[rows[fill]] = new[fill]
                merged[col] = values
    added = incoming[~known]
    out = pd.concat([merged, added], ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry=incoming.geometry.name, crs=STORAGE_CRS)
    example_older = str(incoming["id"][older].iloc[0]) if older.any() else None
    return MergeResult(
        out, int((~known).sum()), int(update.sum()), int(older.sum()), repeated,
        example_older, example_repeated,
    )  # fmt: skip


def import_issues(
    project: Any,
    path: str | Path,
    options: IssueImportOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IssueImportReport:
    """Import issue records from ``path`` into ``project`` (in memory; save it after).

    Parameters
    ----------
    project : gisgrid.project.Project
        The project; its ``issues`` layer is updated.
    path : str or Path
        XLSX or CSV export (a GeoPackage/GeoJSON/Shapefile of points works too).
    options : IssueImportOptions, optional
        Detected where None.
    progress, cancelled : callable, optional
        ``progress(fraction, message)``; ``cancelled()`` polled between steps.

    Returns
    -------
    IssueImportReport
        Rows read, imported, skipped (with spreadsheet rows and reasons), added and updated,
        how rows were located, unmapped categories and status texts.

    Raises
    ------
    InputError
        For unusable input (the project is untouched).
    Cancelled
        When ``cancelled()`` turned True (the project is untouched).
    """
    path = Path(path)
    opts = options or IssueImportOptions()
    _check_options(opts)
    step = stepper(progress, cancelled)
    step(0.02, f"reading {path.name}")
    raw = open_source(path, opts.layer, opts.encoding, cancelled=cancelled)
    report = IssueImportReport(source=path.name, layer="issues", read=len(raw.frame))
    report.warnings += raw.warnings
    report.detected.update(format=raw.kind, **raw.detected)
    if report.read == 0:
        raise InputError(f"{path.name}: no rows to import")
    step(0.3, "coordinates")
    if raw.geometry is not None:
        pts = np.asarray(raw.geometry, dtype=object)
        pts = gpd.GeoSeries(pts, crs=raw.crs or STORAGE_CRS).to_crs(STORAGE_CRS)
        pts = shapely.point_on_surface(pts.to_numpy())
        lon = np.asarray(shapely.get_x(pts), dtype=float)
        lat = np.asarray(shapely.get_y(pts), dtype=float)
        used: set[str] = set()
        outside = np.isfinite(lon) & ~in_china(lon, lat)
        bad = {
            int(i): f"point ({lon[i]:g}, {lat[i]:g}) lies outside China; check the .prj or --crs"
            for i in np.flatnonzero(outside)
        }
        lon, lat = np.where(outside, np.nan, lon), np.where(outside, np.nan, lat)
        coords = _Coords(lon, lat, bad)
    else:
        coords = _locate_rows(raw, opts, project, path.name, report)
        lon, lat = coords.lon, coords.lat
        used = set(coords.columns)
    step(0.5, "fields")
    mapping, pairs = _fields(raw.frame, used, opts, path.name)
    pairs = _pair_times(raw.frame, mapping, pairs, path.name, report)
    report.detected["mapping"] = mapping
    if pairs:
        report.detected["date_time_columns"] = {k: list(v) for k, v in pairs.items()}
    table = _table(raw, mapping, pairs, opts, report)
    no_time = table["reported_at"].isna().to_numpy()
    time_cols = list(pairs.get("reported_at", [mapping["reported_at"]]))
    for i in np.flatnonzero(no_time):
        report.skipped.append(
            {**raw.place(i), "reason": _no_time_reason([raw.frame[c].iat[i] for c in time_cols])}
        )
    keep = ~no_time
    if not keep.any():
        first = report.skipped[0]
        raise InputError(
            f"{path.name}: none of the {report.read} rows has a readable receipt time "
            f"(column {' + '.join(map(repr, time_cols))}, row {first['row']}: {first['reason']})"
        )
    table = table.loc[keep].reset_index(drop=True)
    lon, lat = lon[keep], lat[keep]
    step(0.65, "categories")
    cats = map_categories(
        table["category"] if "category" in table else pd.Series([None] * len(table)),
        table.get("description"),
        list(project.meta.categories),
        project.meta.category_mapping,
    )
    table["category_raw"] = table["category"] if "category" in table else None
    table["category"] = cats.categories.to_numpy()
    report.unmapped_categories = cats.unmapped
    report.detected["category_matches"] = cats.how.value_counts().astype(int).to_dict()
    step(0.75, "locating")
    located, by_address = _place(project, table, lon, lat, report)
    frame = conform("issues", located)
    step(0.9, "merging")
    result = merge_issues(project.layer("issues"), frame)
    report.imported = len(frame)
    report.added, report.updated = result.added, result.updated
    report.older_ignored = result.older + result.repeated
    _tell_unplaced(report, coords, keep, by_address, raw.rows)
    if result.repeated:
        report.warnings.append(
            f"{result.repeated} row(s) repeat a ticket id of the file (e.g. "
            f"{result.example_repeated}): each ticket keeps its latest state, by its own times "
            "and status (not the row order); the older rows were ignored"
        )
    if result.older:
        report.warnings.append(
            f"{result.older} record(s) older than the project's state of the same ticket were "
            f"ignored (e.g. {result.example_older}): an older export never overwrites a newer "
            "state"
        )
    step(0.97, "updating the project")
    project.set_layer("issues", result.merged)
    if progress is not None:
        progress(1.0, "done")
    return report
