"""Statutory public holidays (法定节假日) computed from the rules, for years with no schedule.

The State Council publishes each year's schedule (放假安排, with 调休 make-up working days)
only in the November before; ``chinese_calendar`` carries the published ones. For any other
year the holidays follow from 《全国年节及纪念日放假办法》, which fixes the statutory days:

=============  ================================================================
rules of       statutory days for all citizens
=============  ================================================================
1999           元旦 1; 春节 3 (正月初一至初三); 劳动节 3 (5 月 1–3 日); 国庆节 3
2008           元旦 1; 春节 3 (除夕至初二); 清明节 1; 劳动节 1; 端午节 1; 中秋节 1; 国庆节 3
2014           as 2008, but 春节 正月初一至初三
2025 (2024     元旦 1; 春节 4 (除夕至初三); 清明节 1; 劳动节 2 (5 月 1–2 日); 端午节 1;
revision)      中秋节 1; 国庆节 3 (10 月 1–3 日)
=============  ================================================================

Years before 2000 use the 1999 rules. Lunar dates (除夕, 正月初一, 端午 五月初五, 中秋 八月十五)
and the solar term 清明 come from ``lunar_python`` (astronomical computation, valid far beyond
the years any schedule was published for).

Article 6 of the rules: a statutory day that falls on a Saturday or Sunday is made up by a
rest day on a working day (补假). The computed schedule places it on the first weekday after the
holiday that is not already a rest day (which is where the published schedules put it, e.g.
端午 Saturday 2025-05-31 → Monday 06-02); two holidays on one date (中秋 on 10 月 1 日) count
twice the same way. Make-up working days (调休上班) are not computed: they are a choice made
in each year's notice.

Examples
--------
>>> from datetime import date
>>> days = statutory_days(2027)
>>> [d.isoformat() for d, k in days if k == "spring_festival"]
['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

__all__ = ["HOLIDAY_NAMES", "computed_schedule", "rules_of", "statutory_days"]

#: Holiday kind → Chinese name.
HOLIDAY_NAMES: dict[str, str] = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
}


@dataclass(frozen=True)
class Rules:
    """The statutory days of one revision of the rules.

    Attributes
    ----------
    since : int
        First year they apply to.
    spring_from_eve : bool
        春节 starts on 除夕 (New Year's Eve) rather than on 正月初一.
    spring_days, labour_days, national_days : int
        Length of 春节, 劳动节 (from 1 May) and 国庆节 (from 1 October).
    traditional : bool
        清明, 端午 and 中秋 are holidays (since 2008).
    name : str
        Which revision, for people.
    """

    since: int
    spring_from_eve: bool
    spring_days: int
    labour_days: int
    national_days: int
    traditional: bool
    name: str


_RULES = (
    Rules(0, False, 3, 3, 3, False, "《全国年节及纪念日放假办法》1999 年修订"),
    Rules(2008, True, 3, 1, 3, True, "《全国年节及纪念日放假办法》2007 年修订"),
    Rules(2014, False, 3, 1, 3, True, "《全国年节及纪念日放假办法》2013 年修订"),
    Rules(2025, True, 4, 2, 3, True, "《全国年节及纪念日放假办法》2024 年修订"),
)


def rules_of(year: int) -> Rules:
    """Return the revision of the rules in force in ``year``."""
    return [r for r in _RULES if r.since <= year][-1]


def _lunar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    from lunar_python import Solar

    # The last solar term on or before 15 April is 清明 (it falls on 4–6 April).
    term = Solar.fromYmd(year, 4, 15).getLunar().getPrevJieQi(True)
    solar = term.getSolar()
    found = date(solar.getYear(), solar.getMonth(), solar.getDay())
    if term.getName() != "清明" or found.year != year:  # never seen; a guard for the library
        raise RuntimeError(f"lunar_python gave {term.getName()} {found} as 清明 of {year}")
    return found


@cache
def statutory_days(year: int) -> tuple[tuple[date, str], ...]:
    """Return the statutory holiday days of ``year`` by the rules in force then.

    Parameters
    ----------
    year : int
        Gregorian year.

    Returns
    -------
    tuple of (date, kind)
        In date order; ``kind`` is a key of :data:`HOLIDAY_NAMES`. A date appears twice when
        two holidays fall on it (中秋 on 国庆).
    """
    rules = rules_of(year)
    spring = _lunar(year, 1, 1) - timedelta(days=1 if rules.spring_from_eve else 0)
    days = [(date(year, 1, 1), "new_years_day")]
    days += [(spring + timedelta(days=i), "spring_festival") for i in range(rules.spring_days)]
    days += [(date(year, 5, i + 1), "labour_day") for i in range(rules.labour_days)]
    days += [(date(year, 10, i + 1), "national_day") for i in range(rules.national_days)]
    if rules.traditional:
        days += [
            (_qingming(year), "tomb_sweeping_day"),
            (_lunar(year, 5, 5), "dragon_boat_festival"),
            (_lunar(year, 8, 15), "mid_autumn_festival"),
        ]
    return tuple(sorted(days))


@cache
def computed_schedule(year: int) -> dict[date, str]:
    """Rest days of ``year`` other than plain weekends, as the rules give them.

    The statutory days plus a 补假 rest day for each statutory day that falls on a weekend
    or on another holiday's date (see the module notes); no make-up working days.

    Returns
    -------
    dict
        Date → holiday kind (a key of :data:`HOLIDAY_NAMES`), in date order.
    """
    days = statutory_days(year)
    rest: dict[date, str] = {}
    owed: list[tuple[date, str]] = []
    for day, kind in days:
        if day.weekday() >= 5 or day in rest:
            owed.append((day, kind))
        rest.setdefault(day, kind)
    for day, kind in owed:
        free = day + timedelta(days=1)
        while free.weekday() >= 5 or free in rest:
            free += timedelta(days=1)
        rest[free] = kind
    return dict(sorted(rest.items()))
