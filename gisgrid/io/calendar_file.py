"""Reading an official holiday schedule (放假安排) from a CSV, Excel or JSON file.

The format (also in ``gisgrid calendar import --help``)
-------------------------------------------------------
**CSV or XLSX**: one row per date or date range, with a header row (title rows above it are
skipped):

======================  ====================================================================
column                  values
======================  ====================================================================
日期 / date             ``2027-02-05``, ``2027/2/5``, ``2027年2月5日`` or an Excel date; a
                        range ``2027-02-05..2027-02-11`` (also ``~``, ``至``, ``—``)
类型 / kind             rest day: ``休`` ``放假`` ``假`` ``holiday`` ``rest``;
                        working day: ``班`` ``上班`` ``补班`` ``workday`` ``work``
名称 / name (optional)  e.g. ``春节``
======================  ====================================================================

Rows without a header (``2027-02-05,休``) are read the same way.

**JSON**: any of

* ``[{"date": "2027-02-05", "kind": "holiday", "name": "春节"}, …]`` (``date`` may be a range);
* ``{"2027-02-05": "休", "2027-02-20": "班"}``;
* ``{"2027": {"holidays": [...], "workdays": [...]}}`` — dates, or ``{date: name}`` tables;
* what ``gisgrid calendar show --json`` prints (``{"years": [{"year": …, "holidays": [{"date":
  …, "name": …}], "workdays": […]}]}``), so a shown calendar can be edited and imported back.

Every year that has a date in the file is taken as that year's complete schedule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from gisgrid.errors import InputError

__all__ = ["CalendarDay", "parse_day_range", "parse_kind", "read_calendar_file"]

#: Years a schedule date may lie in.
YEARS = (1949, 2200)
#: The longest range one row may give.
MAX_RANGE_DAYS = 366

_REST = {"休", "放假", "假", "休息", "休假", "节假日", "假日", "holiday", "holidays", "rest", "off"}
_WORK = {"班", "上班", "补班", "调休上班", "工作日", "workday", "workdays", "work", "working"}
_DATE_HEADERS = {"日期", "date", "日", "时间", "day", "dates", "日期范围"}
_KIND_HEADERS = {"类型", "kind", "type", "安排", "性质", "休班", "休/班", "状态"}
_NAME_HEADERS = {"名称", "name", "节日", "节假日", "假日", "说明", "备注", "holiday"}
_RANGE = re.compile(r"\s*(?:\.\.|~|～|至|—|–|到)\s*")
_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[ T]00:00(?::00)?)?\s*$")


@dataclass(frozen=True)
class CalendarDay:
    """One dated entry read from a file."""

    day: date
    kind: str  # "holiday" or "workday"
    name: str
    where: str  # e.g. "row 4" or "entry 2", for messages


def parse_kind(value: object, where: str = "") -> str:
    """Return ``"holiday"`` or ``"workday"`` for a kind written 休/班, holiday/workday, ….

    Raises
    ------
    InputError
        For anything else (the message says what is accepted).
    """
    text = "" if value is None else str(value).strip().lower()
    if text in _REST:
        return "holiday"
    if text in _WORK:
        return "workday"
    prefix = f"{where}: " if where else ""
    raise InputError(
        f"{prefix}kind {value!r} is neither a rest day (休 / holiday) nor a working day "
        "(班 / workday)"
    )


def _one_date(value: object, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    match = _ISO_DATE.match(text) or _CN_DATE.match(text)
    prefix = f"{where}: " if where else ""
    try:
        if match is None:
            raise ValueError
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InputError(
            f"{prefix}{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-05"
        ) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(f"{prefix}{day.isoformat()} lies outside {YEARS[0]}–{YEARS[1]}")
    return day


def parse_day_range(value: object, where: str = "") -> tuple[date, date]:
    """Return the first and last day of ``2027-02-05`` or ``2027-02-05..2027-02-11``.

    Raises
    ------
    InputError
        If it is not a date or a range of at most a year, first day first.
    """
    if isinstance(value, (date, datetime)):
        day = _one_date(value, where)
        return day, day
    text = "" if value is None else str(value).strip()
    parts = _RANGE.split(text) if not _ISO_DATE.match(text) else [text]
    if len(parts) == 1:
        day = _one_date(parts[0], where)
        return day, day
    if len(parts) != 2:
        raise InputError(f"{where}: {text!r} is not a date or a range FIRST..LAST")
    first, last = _one_date(parts[0], where), _one_date(parts[1], where)
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise InputError(f"{where}: the range {text!r} must run forwards and span at most a year")
    return first, last


def _expand(value: object, kind: object, name: object, where: str, out: list[CalendarDay]) -> None:
    first, last = parse_day_range(value, where)
    k = parse_kind(kind, where)
    label = "" if name is None or str(name).strip().lower() in ("", "nan", "none") else name
    for i in range((last - first).days + 1):
        out.append(CalendarDay(first + timedelta(days=i), k, str(label).strip(), where))


# -- JSON -----------------------------------------------------------------------------------
def _json_days(data: Any, source: str) -> list[CalendarDay]:
    out: list[CalendarDay] = []
    if isinstance(data, dict) and isinstance(data.get("years"), list):
        data = {str(y.get("year")): y for y in data["years"] if isinstance(y, dict)}
    if isinstance(data, list):
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict) or "date" not in item:
                raise InputError(f'{source}: entry {i} is not an object with a "date"')
            kind = item.get("kind", item.get("type"))
            _expand(item["date"], kind, item.get("name"), f"{source} entry {i}", out)
        return out
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a list of dates or a table; see --help")
    for key, value in data.items():
        if isinstance(value, dict) and ("holidays" in value or "workdays" in value):
            for field, kind in (("holidays", "holiday"), ("workdays", "workday")):
                _json_list(value.get(field) or [], kind, f"{source} {key} {field}", out)
        else:
            _expand(key, value, None, f"{source} {key}", out)
    return out


def _json_list(items: Any, kind: str, where: str, out: list[CalendarDay]) -> None:
    if isinstance(items, dict):
        items = [{"date": d, "name": n} for d, n in items.items()]
    if not isinstance(items, list):
        raise InputError(f"{where}: expected a list of dates")
    for i, item in enumerate(items, start=1):
        if isinstance(item, dict):
            _expand(item.get("date"), kind, item.get("name"), f"{where} {i}", out)
        else:
            _expand(item, kind, None, f"{where} {i}", out)


# -- tables ---------------------------------------------------------------------------------
def _norm(header: object) -> str:
    return re.sub(r"\s+", "", str(header)).lower()


def _is_date(value: object) -> bool:
    try:
        parse_day_range(value)
    except InputError:
        return False
    return True


def _is_kind(value: object) -> bool:
    try:
        parse_kind(value)
    except InputError:
        return False
    return True


def _pick(names: list[str], words: set[str], cells: Iterable[list[object]], test) -> int | None:
    for i, name in enumerate(names):
        if _norm(name) in words:
            return i
    rows = list(cells)
    best, score = None, 0
    for i in range(len(names)):
        hits = sum(test(r[i]) for r in rows if i < len(r) and r[i] is not None)
        if hits > score:
            best, score = i, hits
    return best


def _table_days(path: Path, sheet: str | None, encoding: str | None) -> list[CalendarDay]:
    from gisgrid.io.tables import read_csv, read_xlsx

    if path.suffix.lower() == ".csv":
        table = read_csv(path, encoding)
    else:
        table = read_xlsx(path, sheet)
    names = [str(c) for c in table.frame.columns]
    body = [list(r) for r in table.frame.astype(object).itertuples(index=False)]
    rows = [int(r) for r in table.rows]
    if any(_is_date(n) for n in names[:3]):
        body.insert(0, list(names))  # no header: the first row is data
        rows.insert(0, table.header_row)
        names = [f"列{i + 1}" for i in range(len(names))]
    sample = body[:200]
    day_col = _pick(names, _DATE_HEADERS, sample, _is_date)
    kind_col = _pick(names, _KIND_HEADERS, sample, _is_kind)
    if day_col is None or kind_col is None or day_col == kind_col:
        raise InputError(
            f"{path.name}: needs a date column (日期) and a kind column (类型: 休 or 班); "
            f"found columns {', '.join(names) or 'none'}"
        )
    name_col = next(
        (i for i, n in enumerate(names) if _norm(n) in _NAME_HEADERS and i != day_col), None
    )
    out: list[CalendarDay] = []
    for cells, row in zip(body, rows):
        cells = cells + [None] * (len(names) - len(cells))
        day, kind = cells[day_col], cells[kind_col]
        if all(v is None or str(v).strip() in ("", "nan") for v in (day, kind)):
            continue
        name = cells[name_col] if name_col is not None else None
        _expand(day, kind, name, f"{path.name} row {row}", out)
    return out


def read_calendar_file(
    path: str | Path, sheet: str | None = None, encoding: str | None = None
) -> list[CalendarDay]:
    """Read the dated entries of a schedule file (format in the module notes).

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.xlsx`` or ``.json`` file.
    sheet : str, optional
        Worksheet of a workbook (default the first).
    encoding : str, optional
        Text encoding of a CSV (default detected).

    Returns
    -------
    list of CalendarDay
        One per date (ranges expanded), in file order.

    Raises
    ------
    InputError
        If the file is missing, of another type, empty or has a bad date or kind (the message
        names the row), or gives one date both kinds.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding=encoding or "utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path.name}: not readable JSON ({exc})") from None
        days = _json_days(data, path.name)
    elif suffix in (".csv", ".xlsx", ".xlsm"):
        days = _table_days(path, sheet, encoding)
    else:
        raise InputError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; use a CSV, XLSX or JSON "
            "file of dates with 休/班 (see `gisgrid calendar import --help`)"
        )
    if not days:
        raise InputError(f"{path.name}: no dates found; nothing to import")
    seen: dict[date, CalendarDay] = {}
    for entry in days:
        before = seen.setdefault(entry.day, entry)
        if before.kind != entry.kind:
            raise InputError(
                f"{path.name}: {entry.day.isoformat()} is a {before.kind} in {before.where} "
                f"but a {entry.kind} in {entry.where}; keep one"
            )
    return days
