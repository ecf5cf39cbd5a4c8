"""Working-day arithmetic on China's official calendar (法定节假日 and 调休 make-up workdays).

The calendar comes from the maintained ``chinese_calendar`` package: a day is a working day
when the State Council's schedule says so, which makes some Saturdays and Sundays working days
(调休, e.g. Sunday 2025-09-28 and Saturday 2025-10-11 around National Day) and some weekdays
holidays (2025-10-01 … 10-08).

What "within N working days" means here
---------------------------------------
An issue received at any time on day *D* is due by the **end of the N-th working day after D**
(D itself is never counted, whether or not it is a working day). The deadline is the first
instant after that day, i.e. midnight that starts the next calendar day. So a case received on
Tuesday 2025-09-30 with N = 1 is due at the end of Thursday 2025-10-09 (the holiday week is
skipped); with N = 3 at the end of the make-up Saturday 2025-10-11. A case received on the
make-up Sunday 2025-09-28 with N = 1 is due at the end of Monday 2025-09-29.

Dates outside the years the package knows raise :class:`~gisgrid.errors.InputError` saying to
update the package: guessing weekends-only would put deadlines on holidays.

Examples
--------
>>> from datetime import datetime
>>> str(due_dates([datetime(2025, 9, 30, 16, 0)], 1)[0])
'2025-10-10T00:00:00'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
import numpy as np
import pandas as pd

from gisgrid.errors import InputError

__all__ = [
    "calendar_years",
    "due_dates",
    "end_of_day",
    "is_workday",
    "next_workday",
    "working_days_between",
    "workdays_in",
]

_DAY = np.timedelta64(1, "D")


@lru_cache(maxsize=1)
def calendar_years() -> tuple[int, int]:
    """First and last year the installed ``chinese_calendar`` knows, e.g. ``(2004, 2026)``."""
    years = [d.year for d in chinese_calendar.holidays] + [
        d.year for d in chinese_calendar.workdays if d.weekday() >= 5
    ]
    return min(years), max(years)


def _check_range(first: date, last: date, what: str = "date") -> None:
    lo, hi = calendar_years()
    bad = first if first.year < lo else last if last.year > hi else None
    if bad is not None:
        raise InputError(
            f"{what} {bad.isoformat()} is outside the years the working-day calendar knows "
            f"({lo}–{hi}); update it with `pip install -U chinese-calendar` (holidays and "
            "make-up workdays are published each year)"
        )


def is_workday(day: date) -> bool:
    """Whether ``day`` is an official working day (调休 make-up days included)."""
    if isinstance(day, datetime):
        day = day.date()
    _check_range(day, day)
    return bool(chinese_calendar.is_workday(day))


@lru_cache(maxsize=64)
def _workdays(first: date, last: date) -> np.ndarray:
    days = pd.date_range(first, last, freq="D")
    flags = [chinese_calendar.is_workday(d.date()) for d in days]
    return days[np.asarray(flags, dtype=bool)].to_numpy().astype("datetime64[D]")


def workdays_in(first: date, last: date) -> np.ndarray:
    """Sorted ``datetime64[D]`` array of the working days from ``first`` to ``last``."""
    _check_range(first, last)
    return _workdays(first, last)


def _as_days(values: Iterable) -> np.ndarray:
    stamps = pd.to_datetime(pd.Series(list(values) if not hasattr(values, "dtype") else values))
    return stamps.to_numpy().astype("datetime64[D]")


def due_dates(received: Iterable, n_days: int | Iterable[int]) -> np.ndarray:
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
        If a date falls outside the calendar's known years.
    """
    days = _as_days(received)
    n = np.broadcast_to(np.asarray(n_days, dtype=np.int64), days.shape)
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnat(days)
    if not ok.any():
        return out
    if (n[ok] < 1).any():
        raise InputError("working days allowed must be 1 or more")
    first = days[ok].min().astype(object)
    # N working days never span more than N weeks plus the longest holiday (8 days).
    last = (days[ok].max() + (int(n[ok].max()) * 7 + 21) * _DAY).astype(object)
    lo, hi = calendar_years()
    hi_day = date(hi, 12, 31)
    _check_range(first, days[ok].max().astype(object), "received date")
    table = _workdays(first, min(last, hi_day))
    pos = np.searchsorted(table, days[ok], side="right") + n[ok] - 1
    if (pos >= len(table)).any():
        late = days[ok][pos >= len(table)][0].astype(object)
        raise InputError(
            f"the deadline of a case received on {late.isoformat()} falls after {hi}, beyond "
            "the years the working-day calendar knows; update it with "
            "`pip install -U chinese-calendar`"
        )
    out[ok] = (table[pos] + _DAY).astype("datetime64[s]")
    return out


def working_days_between(start: Iterable, end: Iterable) -> np.ndarray:
    """Working days in the half-open day range ``(start day, end day]`` for each pair.

    Counts how many working days were *used* from a receipt (or a deadline) to a later date:
    0 when ``end`` falls on the same day or only on rest days after it. Negative when ``end``
    comes first. NaN where either is missing.
    """
    a, b = _as_days(start), _as_days(end)
    out = np.full(a.shape, np.nan)
    ok = ~np.isnat(a) & ~np.isnat(b)
    if not ok.any():
        return out
    first = min(a[ok].min(), b[ok].min()).astype(object)
    last = max(a[ok].max(), b[ok].max()).astype(object)
    table = workdays_in(first, last)
    ia = np.searchsorted(table, a[ok], side="right")
    ib = np.searchsorted(table, b[ok], side="right")
    out[ok] = ib - ia
    return out


def _to_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def next_workday(day: object, offset: int = 1) -> date:
    """Return the ``offset``-th working day after ``day`` (``offset`` >= 1)."""
    d = _to_date(day)
    deadline = due_dates([d], offset)[0].astype("datetime64[D]") - _DAY
    return deadline.astype(object)


def end_of_day(day: date) -> datetime:
    """Midnight that ends ``day``."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time())
