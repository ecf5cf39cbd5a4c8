"""Working-day arithmetic on China's official calendar (法定节假日 and 调休 make-up workdays).

A day is a working day when the State Council's schedule for its year says so, which makes
some Saturdays and Sundays working days (调休, e.g. Sunday 2025-09-28 and Saturday 2025-10-11
around National Day) and some weekdays holidays (2025-10-01 … 10-08).

Where each year's schedule comes from (:class:`WorkCalendar`)
-------------------------------------------------------------
1. **The office's entry** for that year, stored in the project (``ProjectMeta.calendar``;
   ``gisgrid calendar import|set``): it wins over everything else.
2. **The ``chinese_calendar`` package** for the years it carries (2004–2026 in 1.11). It is read
   at run time rather than copied into each project, so installing a newer release brings the
   next year's published schedule to every project at once, and there is no copy to go stale.
3. **The rules** (:mod:`gisgrid.holiday_rules`) for any other year: the statutory holidays
   with weekends as rest days and no make-up working days. Such a year is **provisional**:
   figures that depend on it say so (:meth:`WorkCalendar.provisional_years`), until the
   office enters the published schedule or the package learns it. No date is ever refused.

What "within N working days" means here
---------------------------------------
An issue received at any time on day *D* is due by the **end of the N-th working day after D**
(D itself is never counted, whether or not it is a working day). The deadline is the first
instant after that day, i.e. midnight that starts the next calendar day. So a case received on
Tuesday 2025-09-30 with N = 1 is due at the end of Thursday 2025-10-09 (the holiday week is
skipped); with N = 3 at the end of the make-up Saturday 2025-10-11. A case received on the
make-up Sunday 2025-09-28 with N = 1 is due at the end of Monday 2025-09-29.

Examples
--------
>>> from datetime import datetime
>>> str(due_dates([datetime(2025, 9, 30, 16, 0)], 1)[0])
'2025-10-10T00:00:00'
>>> WorkCalendar().year(2027).provisional
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import chinese_calendar
import numpy as np
import pandas as pd

from gisgrid.errors import InputError, ProjectError
from gisgrid.holiday_rules import HOLIDAY_NAMES, computed_schedule, rules_of

__all__ = [
    "PROVISIONAL_NOTE",
    "WorkCalendar",
    "YearSchedule",
    "calendar_years",
    "due_dates",
    "end_of_day",
    "is_workday",
    "next_workday",
    "provisional_note",
    "working_days_between",
    "workdays_in",
]

_DAY = np.timedelta64(1, "D")
#: The note shown beside figures that depend on a computed year ({years}: "2027" or "2027、2028").
PROVISIONAL_NOTE = "{years} 年放假安排未录入，期限按推算日历计算"
#: Names of the package's holidays beyond the seven statutory ones.
_EXTRA_NAMES = {"anti_fascist_70th_day": "抗战胜利70周年纪念日"}


def provisional_note(years: Iterable[int]) -> str:
    """Return the note for figures computed on provisional ``years`` ("" if none).

    Examples
    --------
    >>> provisional_note([2027])
    '2027 年放假安排未录入，期限按推算日历计算'
    """
    years = sorted(set(years))
    return PROVISIONAL_NOTE.format(years="、".join(map(str, years))) if years else ""


@dataclass(frozen=True)
class YearSchedule:
    """The working-day schedule of one year.

    Attributes
    ----------
    year : int
        The year.
    rest : dict
        Date → holiday name: the days off the schedule names (weekend days inside a holiday
        included). Any other Saturday or Sunday is a rest day too.
    work : dict
        Date → holiday name: the make-up working days (调休上班), usually weekend days.
    source : str
        ``"office"`` (entered by the office), ``"package"`` (chinese_calendar) or
        ``"rules"`` (computed: provisional).
    detail : str
        Where exactly, for people: the file or 手工录入, the package version, or the rules.
    updated : str
        When the office entered it (ISO time), else ``""``.
    """

    year: int
    rest: dict[date, str]
    work: dict[date, str]
    source: str
    detail: str = ""
    updated: str = ""
    _flags: np.ndarray = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        first = date(self.year, 1, 1)
        length = (date(self.year + 1, 1, 1) - first).days
        flags = (np.arange(length) + first.weekday()) % 7 < 5
        for d in self.rest:
            flags[d.timetuple().tm_yday - 1] = False
        for d in self.work:
            flags[d.timetuple().tm_yday - 1] = True
        flags.setflags(write=False)
        object.__setattr__(self, "_flags", flags)

    @property
    def provisional(self) -> bool:
        """Whether the schedule is computed by rule (not published, not entered)."""
        return self.source == "rules"

    @property
    def flags(self) -> np.ndarray:
        """Read-only bool per day of the year (1 January first): True on working days."""
        return self._flags

    def workdays(self) -> np.ndarray:
        """Sorted ``datetime64[D]`` array of the year's working days."""
        first = np.datetime64(f"{self.year:04d}-01-01", "D")
        return first + np.flatnonzero(self._flags).astype("timedelta64[D]")

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` (in this year) is a working day."""
        return bool(self._flags[day.timetuple().tm_yday - 1])

    def source_text(self) -> str:
        """Where the schedule comes from, in Chinese, e.g. ``本办录入（2027.csv，2026-11-20）``."""
        if self.source == "office":
            when = f"，{self.updated[:10]}" if self.updated else ""
            return f"本办录入（{self.detail or '手工录入'}{when}）"
        if self.source == "package":
            return f"国务院公布的放假安排（{self.detail}）"
        return f"规则推算（{self.detail}；暂定，放假安排未录入）"


# -- the package's years --------------------------------------------------------------------
@lru_cache(maxsize=1)
def _package_index() -> tuple[dict[int, dict[date, str]], dict[int, dict[date, str]]]:
    kinds = {h.value: h.name for h in chinese_calendar.Holiday}

    def by_year(days: Mapping[date, Any]) -> dict[int, dict[date, str]]:
        out: dict[int, dict[date, str]] = {}
        for d in sorted(days):
            kind = kinds.get(str(days[d]), "")
            name = HOLIDAY_NAMES.get(kind) or _EXTRA_NAMES.get(kind) or str(days[d] or "")
            out.setdefault(d.year, {})[d] = name
        return out

    return by_year(chinese_calendar.holidays), by_year(chinese_calendar.workdays)


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"chinese-calendar {version('chinese-calendar')}"
    except PackageNotFoundError:
        return "chinese-calendar"


@lru_cache(maxsize=1)
def calendar_years() -> tuple[int, int]:
    """First and last year the installed ``chinese_calendar`` knows, e.g. ``(2004, 2026)``."""
    years = list(_package_index()[0])
    return min(years), max(years)


@cache
def _package_year(year: int) -> YearSchedule | None:
    rest, work = _package_index()
    if year not in rest:
        return None
    return YearSchedule(year, rest[year], work.get(year, {}), "package", _package_version())


@cache
def _rules_year(year: int) -> YearSchedule:
    rest = {d: HOLIDAY_NAMES[k] for d, k in computed_schedule(year).items()}
    return YearSchedule(year, rest, {}, "rules", rules_of(year).name)


def _office_year(year: int, entry: Any) -> YearSchedule:
    """Read a stored office entry; damaged settings are a :class:`ProjectError`."""

    def days(key: str) -> dict[date, str]:
        value = entry.get(key) or {}
        if isinstance(value, list):
            value = dict.fromkeys(value, "")
        out = {}
        for text, name in dict(value).items():
            d = date.fromisoformat(str(text))
            if d.year != year:
                raise ValueError(f"{text} is not in {year}")
            out[d] = str(name or "")
        return out

    try:
        if not isinstance(entry, Mapping):
            raise ValueError("not a table of holidays and workdays")
        rest, work = days("holidays"), days("workdays")
    except (TypeError, ValueError) as exc:
        raise ProjectError(
            f"the project's working-day calendar for {year} is damaged ({exc}); re-enter it "
            f"with `gisgrid calendar set PROJECT {year} clear` and `gisgrid calendar import`"
        ) from None
    both = sorted(set(rest) & set(work))
    if both:
        raise ProjectError(
            f"the project's working-day calendar for {year} lists {both[0]} both as a rest day "
            "and as a working day; fix it with `gisgrid calendar set`"
        )
    detail, updated = str(entry.get("source") or ""), str(entry.get("updated") or "")
    return YearSchedule(year, dict(sorted(rest.items())), dict(sorted(work.items())), "office",
                        detail, updated)  # fmt: skip


# -- the calendar ---------------------------------------------------------------------------
class WorkCalendar:
    """The working-day calendar of a project: office entries, then the package, then rules.

    Parameters
    ----------
    entries : mapping, optional
        The office's schedules as stored in ``ProjectMeta.calendar``: year (``"2027"``) →
        ``{"holidays": {date: name}, "workdays": {date: name}, "source": …, "updated": …}``.

    Raises
    ------
    ProjectError
        If a stored entry is damaged.
    """

    def __init__(self, entries: Mapping[str, Any] | None = None) -> None:
        self._office: dict[int, YearSchedule] = {}
        for key, entry in (entries or {}).items():
            try:
                year = int(key)
            except (TypeError, ValueError):
                raise ProjectError(
                    f"the project's working-day calendar has an entry {key!r} that is not a "
                    "year; re-enter the schedule with `gisgrid calendar import`"
                ) from None
            self._office[year] = _office_year(year, entry)

    @classmethod
    def from_project(cls, project: Any) -> WorkCalendar:
        """Return the calendar of ``project`` (its ``meta.calendar`` entries)."""
        return cls(getattr(project.meta, "calendar", None))

    @property
    def office_years(self) -> list[int]:
        """Years the office entered, in order."""
        return sorted(self._office)

    def year(self, year: int) -> YearSchedule:
        """Return the schedule that applies to ``year``."""
        if year in self._office:
            return self._office[year]
        return _package_year(year) or _rules_year(year)

    def is_provisional(self, year: int) -> bool:
        """Whether ``year`` is computed by rule (no published or entered schedule)."""
        return year not in self._office and year not in _package_index()[0]

    # -- arrays of working days -----------------------------------------------------------
    def _table(self, spans: np.ndarray) -> np.ndarray:
        """Working days of every year covered by the ``(first year, last year)`` rows."""
        years: set[int] = set()
        for y0, y1 in _unique_spans(spans[:, 0], spans[:, 1]):
            years.update(range(y0, y1 + 1))
        parts = [self.year(y).workdays() for y in sorted(years)]
        return np.concatenate(parts) if parts else np.zeros(0, "datetime64[D]")

    def workdays_in(self, first: date, last: date) -> np.ndarray:
        """Sorted ``datetime64[D]`` array of the working days from ``first`` to ``last``."""
        first, last = _to_date(first), _to_date(last)
        if last < first:
            return np.zeros(0, "datetime64[D]")
        table = self._table(np.array([[first.year, last.year]]))
        lo = np.datetime64(first, "D")
        hi = np.datetime64(last, "D")
        return table[np.searchsorted(table, lo) : np.searchsorted(table, hi, side="right")]

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (调休 make-up days included)."""
        day = _to_date(day)
        return self.year(day.year).is_workday(day)

    def provisional_years(self, start: Iterable, end: Iterable | None = None) -> list[int]:
        """Provisional years among those from each ``start`` day's year to its ``end``'s.

        ``end`` defaults to ``start``; pairs with a missing value are skipped.
        """
        return self._provisional_spans(start, end)[1]

    def provisional_mask(self, start: Iterable, end: Iterable | None = None) -> np.ndarray:
        """Per pair: whether a year from ``start``'s to ``end``'s is provisional."""
        return self._provisional_spans(start, end)[0]

    def _provisional_spans(
        self, start: Iterable, end: Iterable | None
    ) -> tuple[np.ndarray, list[int]]:
        a = _as_days(start)
        b = a if end is None else _as_days(end)
        ok = ~np.isnat(a) & ~np.isnat(b)
        mask = np.zeros(a.shape, dtype=bool)
        if not ok.any():
            return mask, []
        ya, yb = _year(a[ok]), _year(b[ok])
        y0, y1 = np.minimum(ya, yb), np.maximum(ya, yb)
        first = int(y0.min())
        flags = [self.is_provisional(y) for y in range(first, int(y1.max()) + 1)]
        before = np.concatenate([[0], np.cumsum(flags)])  # provisional years before each year
        mask[ok] = before[y1 - first + 1] > before[y0 - first]
        years = {y for lo, hi in _unique_spans(y0, y1) for y in range(lo, hi + 1)}
        return mask, sorted(y for y in years if self.is_provisional(y))

    # -- deadlines and counts -------------------------------------------------------------
    def due_dates(self, received: Iterable, n_days: int | Iterable[int]) -> np.ndarray:
        """Deadlines for cases received at ``received`` with ``n_days`` working days each.

        Parameters
        ----------
        received : sequence of datetime-like
            Receipt times; missing values give NaT.
        n_days : int or sequence of int
            Working days allowed (>= 1), one for all or one per case.

        Returns
        -------
        ndarray of datetime64[s]
            Midnight that ends the N-th working day after the receipt day.

        Raises
        ------
        InputError
            If ``n_days`` is below 1, or the calendar has no working day for a year and more
            after a receipt (an office entry marking every day a holiday).
        """
        days = _as_days(received)
        n = np.broadcast_to(np.asarray(n_days, dtype=np.int64), days.shape)
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[s]")
        ok = ~np.isnat(days)
        if not ok.any():
            return out
        if (n[ok] < 1).any():
            raise InputError("working days allowed must be 1 or more")
        d, k = days[ok], n[ok]
        # N working days never span more than N weeks plus the longest holiday; a longer
        # window is tried when an office schedule has longer breaks.
        window = k * 7 + 21
        for _ in range(6):
            spans = np.column_stack([_year(d), _year(d + window * _DAY)])
            table = self._table(spans)
            pos = np.searchsorted(table, d, side="right") + k - 1
            found = pos < len(table)
            due = np.full(d.shape, np.datetime64("NaT"), "datetime64[D]")
            due[found] = table[pos[found]]
            # Only days inside a receipt's own window are sure to be its next working days.
            good = found & (due <= d + window * _DAY)
            if good.all():
                out[ok] = (due + _DAY).astype("datetime64[s]")
                return out
            window = np.where(good, window, window + 366)
        late = d[~good][0].astype(object)
        raise InputError(
            f"the working-day calendar has no working days for years after {late.isoformat()}; "
            "check the entered schedule with `gisgrid calendar show`"
        )

    def working_days_between(self, start: Iterable, end: Iterable) -> np.ndarray:
        """Working days in the half-open day range ``(start day, end day]`` for each pair.

        Counts how many working days were *used* from a receipt (or a deadline) to a later
        date: 0 when ``end`` falls on the same day or only on rest days after it. Negative when
        ``end`` comes first. NaN where either is missing.
        """
        a, b = _as_days(start), _as_days(end)
        out = np.full(a.shape, np.nan)
        ok = ~np.isnat(a) & ~np.isnat(b)
        if not ok.any():
            return out
        ya, yb = _year(a[ok]), _year(b[ok])
        table = self._table(np.column_stack([np.minimum(ya, yb), np.maximum(ya, yb)]))
        ia = np.searchsorted(table, a[ok], side="right")
        ib = np.searchsorted(table, b[ok], side="right")
        out[ok] = ib - ia
        return out

    def next_workday(self, day: object, offset: int = 1) -> date:
        """Return the ``offset``-th working day after ``day`` (``offset`` >= 1)."""
        deadline = self.due_dates([_to_date(day)], offset)[0].astype("datetime64[D]") - _DAY
        return deadline.astype(object)


def _year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def _unique_spans(y0: np.ndarray, y1: np.ndarray) -> list[tuple[int, int]]:
    """Distinct ``(first year, last year)`` pairs (one 1-D unique: fast on a million rows)."""
    lo = np.minimum(y0, y1).astype(np.int64)
    width = np.abs(y1 - y0).astype(np.int64)
    keys = np.unique(lo * 4096 + width)  # year spans of datetime64 values stay under 4096
    return [(int(k // 4096), int(k // 4096 + k % 4096)) for k in keys]


#: The calendar with no office entries: the package's years, then the rules.
_DEFAULT = WorkCalendar()


def _to_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").astype(object)
    return pd.Timestamp(value).date()


def _as_days(values: Iterable) -> np.ndarray:
    stamps = pd.to_datetime(pd.Series(list(values) if not hasattr(values, "dtype") else values))
    return stamps.to_numpy().astype("datetime64[D]")


# -- module-level helpers (the calendar without office entries unless one is given) ---------
def is_workday(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is an official working day (调休 make-up days included)."""
    return (calendar or _DEFAULT).is_workday(day)


def workdays_in(first: date, last: date, calendar: WorkCalendar | None = None) -> np.ndarray:
    """Sorted ``datetime64[D]`` array of the working days from ``first`` to ``last``."""
    return (calendar or _DEFAULT).workdays_in(first, last)


def due_dates(
    received: Iterable, n_days: int | Iterable[int], calendar: WorkCalendar | None = None
) -> np.ndarray:
    """Deadlines of cases received at ``received``; see :meth:`WorkCalendar.due_dates`."""
    return (calendar or _DEFAULT).due_dates(received, n_days)


def working_days_between(
    start: Iterable, end: Iterable, calendar: WorkCalendar | None = None
) -> np.ndarray:
    """Working days in ``(start day, end day]``; see :meth:`WorkCalendar.working_days_between`."""
    return (calendar or _DEFAULT).working_days_between(start, end)


def next_workday(day: object, offset: int = 1, calendar: WorkCalendar | None = None) -> date:
    """Return the ``offset``-th working day after ``day`` (``offset`` >= 1)."""
    return (calendar or _DEFAULT).next_workday(day, offset)


def end_of_day(day: date) -> datetime:
    """Midnight that ends ``day``."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time())
