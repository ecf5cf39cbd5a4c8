from datetime import date, datetime

import numpy as np
import pytest

from gisgrid.errors import InputError
from gisgrid.workdays import (
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


def test_outside_known_years_is_a_clear_error():
    lo, hi = calendar_years()
    with pytest.raises(InputError, match="chinese-calendar"):
        is_workday(date(hi + 1, 3, 2))
    with pytest.raises(InputError, match=str(lo)):
        due_dates([datetime(lo - 1, 6, 1)], 1)
    with pytest.raises(InputError, match="beyond"):
        due_dates([datetime(hi, 12, 30)], 5)


def test_bad_day_count():
    with pytest.raises(InputError, match="1 or more"):
        due_dates([datetime(2025, 9, 30)], 0)
