from datetime import date, datetime, timedelta

import chinese_calendar
import numpy as np
import pytest

from gisgrid.holiday_rules import computed_schedule, statutory_days
from gisgrid.workdays import (
    WorkCalendar,
    calendar_years,
    due_dates,
    is_workday,
    next_workday,
    working_days_between,
)


def _due(received, n):
    return str(due_dates([received], n)[0])


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 9, 27), False),  # Saturday, ordinary weekend
        (date(2025, 9, 28), True),  # Sunday make-up workday (调休) before National Day
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 8), False),  # last day of the 2025 National Day / Mid-Autumn break
        (date(2025, 10, 11), True),  # Saturday make-up workday after it
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),  # Saturday make-up workday, 2026
        (date(2026, 10, 12), True),  # ordinary Monday
    ],
)
def test_official_calendar(day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize(
    "received, n, due",
    [
        # Tuesday before the 2025 break: the holiday week is skipped.
        (datetime(2025, 9, 30, 16, 0), 1, "2025-10-10T00:00:00"),
        (datetime(2025, 9, 30, 16, 0), 3, "2025-10-12T00:00:00"),  # ends on make-up Saturday
        # Received on the make-up Sunday: the next working day is Monday.
        (datetime(2025, 9, 28, 9, 0), 1, "2025-09-30T00:00:00"),
        # Received on an ordinary Saturday: the make-up Sunday counts.
        (datetime(2025, 9, 27, 10, 0), 1, "2025-09-29T00:00:00"),
        # Received during the holiday.
        (datetime(2025, 10, 3, 12, 0), 1, "2025-10-10T00:00:00"),
        (datetime(2025, 10, 3, 12, 0), 3, "2025-10-12T00:00:00"),
        # Received on the make-up Saturday 2025-10-11: Monday 13th.
        (datetime(2025, 10, 11, 23, 59), 1, "2025-10-14T00:00:00"),
        # 2026 National Day: 10-01 … 10-07 off, Saturday 10-10 a workday.
        (datetime(2026, 9, 30, 18, 0), 1, "2026-10-09T00:00:00"),
        (datetime(2026, 9, 30, 18, 0), 3, "2026-10-11T00:00:00"),
        # Ordinary week: Friday's case with 1 day is due Monday evening.
        (datetime(2025, 11, 7, 9, 0), 1, "2025-11-11T00:00:00"),
    ],
)
def test_deadline_is_end_of_nth_working_day_after_receipt(received, n, due):
    assert _due(received, n) == due


def test_vector_form_and_missing_values():
    out = due_dates([datetime(2025, 9, 30), None, "2025-09-28 08:00"], [1, 1, 3])
    assert str(out[0]) == "2025-10-10T00:00:00"
    assert np.isnat(out[1])
    assert str(out[2]) == "2025-10-10T00:00:00"  # 29th, 30th, then the end of 9 October


def test_working_days_between_and_next_workday():
    assert working_days_between([date(2025, 9, 30)], [date(2025, 10, 11)]).tolist() == [3.0]
    assert working_days_between([date(2025, 10, 1)], [date(2025, 10, 8)]).tolist() == [0.0]
    assert next_workday(date(2025, 9, 26)) == date(2025, 9, 28)
    assert next_workday(date(2025, 9, 30), 2) == date(2025, 10, 10)


def test_years_outside_the_package_are_computed_and_provisional():
    lo, hi = calendar_years()
    calendar = WorkCalendar()
    assert not calendar.is_provisional(hi) and not calendar.is_provisional(lo)
    assert calendar.is_provisional(hi + 1) and calendar.is_provisional(lo - 1)
    # No date is refused: after the package, before it, long before it.
    assert is_workday(date(2027, 2, 9)) is False  # 补假 for Spring Festival's weekend days
    assert is_workday(date(2027, 2, 11)) is True
    out = due_dates([datetime(2003, 9, 30, 9), datetime(1900, 1, 1), datetime(2031, 5, 1)], 1)
    # 2003 by the 1999 rules: 10-01..10-03 off, then the weekend: Monday 10-06.
    assert [str(d) for d in out] == [
        "2003-10-07T00:00:00", "1900-01-03T00:00:00", "2031-05-06T00:00:00"
    ]  # fmt: skip
    assert calendar.provisional_years([date(2003, 9, 30)], [date(2027, 1, 4)]) == [
        y for y in range(2003, 2028) if not lo <= y <= hi
    ]
    mask = calendar.provisional_mask(
        [date(2026, 12, 31), date(2025, 1, 2), None], [date(2027, 1, 4), date(2025, 1, 3), None]
    )
    assert mask.tolist() == [True, False, False]


def test_spring_festival_2027_from_the_lunar_library():
    from lunar_python import Lunar

    first = Lunar.fromYmd(2027, 1, 1).getSolar()
    assert (first.getYear(), first.getMonth(), first.getDay()) == (2027, 2, 6)
    spring = [d for d, k in statutory_days(2027) if k == "spring_festival"]
    assert spring == [date(2027, 2, 5) + timedelta(days=i) for i in range(4)]  # eve + 初一…初三
    assert [d for d, k in statutory_days(2027) if k == "tomb_sweeping_day"] == [date(2027, 4, 5)]


_PACKAGE_KIND = {h.value: h.name for h in chinese_calendar.Holiday}


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_holidays_agree_with_the_package(year):
    """The 2024 rules (in force from 2025) against the schedules the State Council published."""
    computed = statutory_days(year)
    assert len(computed) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    published = {
        d: _PACKAGE_KIND[n] for d, n in chinese_calendar.holidays.items() if d.year == year
    }
    for day, kind in computed:
        assert published.get(day) == kind, (day, kind, published.get(day))
    # Every rule-computed rest day, 补假 included, is a rest day of the published schedule.
    extra = set(computed_schedule(year)) - {d for d, _ in computed}
    assert extra and all(not chinese_calendar.is_workday(d) for d in extra)


@pytest.mark.parametrize("year", range(2008, 2025))
def test_older_revisions_of_the_rules_agree_with_the_package(year):
    """2008–2024 by the 2007 and 2013 revisions: each statutory day is a published rest day."""
    for day, kind in statutory_days(year):
        assert not chinese_calendar.is_workday(day), (day, kind)


def test_package_years_are_the_package_day_for_day():
    lo, hi = calendar_years()
    first, last = date(lo, 1, 1), date(hi, 12, 31)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    expected = [np.datetime64(d, "D") for d in days if chinese_calendar.is_workday(d)]
    assert WorkCalendar().workdays_in(first, last).tolist() == [d.astype(object) for d in expected]


def test_spans_far_apart_use_only_their_own_years():
    # An outlier in 1900 next to cases of 2025: both right, the years between never consulted.
    out = due_dates([datetime(1900, 1, 1), datetime(2025, 9, 30, 16), datetime(2027, 2, 4)], 1)
    assert [str(d)[:10] for d in out] == ["1900-01-03", "2025-10-10", "2027-02-12"]
    mask = WorkCalendar().provisional_mask(
        [date(1900, 1, 1), date(2025, 9, 30), date(2027, 2, 4)], [d.astype(object) for d in out]
    )
    assert mask.tolist() == [True, False, True]
