"""Issue fields read column-wise (times, categories, states, ticket ids) as value by value did."""

import numpy as np
import pandas as pd
import pytest

from gisgrid.issue_fields import (
    default_category_mapping,
    map_categories,
    map_status,
    parse_times,
    ticket_ids,
)

T = pd.Timestamp


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # plain texts first: the other forms are read as if every value went one way
        (
            ["2025-10-09 14:30", "25/09/2025", "10/09/2025", "2025年10月9日 8时5分", "45940.5",
             "", None, "2025/1/9", " 2025-10-09 14:30:05 ", "２０２５-10-09 14:30"],
            [T("2025-10-09 14:30"), T("2025-09-25"), T("2025-10-09"), T("2025-10-09 08:05"),
             T("2025-10-10 12:00"), pd.NaT, pd.NaT, T("2025-01-09"), T("2025-10-09 14:30:05"),
             T("2025-10-09 14:30")],
        ),
        # a day-first text first: pandas infers day-first for the rest, as it always did
        (["25/09/2025", "10/09/2025", "2025-10-09 14:30"],
         [T("2025-09-25"), T("2025-09-10"), T("2025-10-09 14:30")]),
        (["2025-02-30 10:00", "garbage", "2025-10-09"], [pd.NaT, pd.NaT, T("2025-10-09")]),
        (["", "  ", None], [pd.NaT, pd.NaT, pd.NaT]),
    ],
)  # fmt: skip
def test_times_in_plain_and_other_forms(values, expected):
    index = [7, 3, 11, 0, 5, 2, 9, 4, 8, 1][: len(values)]
    got = parse_times(pd.Series(values, index=index, dtype=object))
    assert got.dtype == "datetime64[s]"
    assert got.index.tolist() == index
    assert got.tolist() == pd.Series(expected, dtype="datetime64[s]").tolist()


def test_datetime_objects_and_excel_numbers():
    mixed = pd.Series([pd.Timestamp("2025-10-09 14:30"), "2025-10-09", 45940.5, None], dtype=object)
    assert parse_times(mixed).tolist() == [
        T("2025-10-09 14:30"), T("2025-10-09"), T("2025-10-10 12:00"), pd.NaT
    ]  # fmt: skip


def test_categories_matched_once_per_text_give_every_row_its_category():
    raw = pd.Series(["环境卫生", "市政/路灯", None, "奇怪", "奇怪", "", "环境卫生"] * 2)
    desc = pd.Series(["", "", "拖欠工资三个月", "", "门口垃圾", None, ""] * 2)
    mapping = default_category_mapping()
    got = map_categories(raw, desc, list(mapping), mapping)
    assert got.categories.tolist() == [
        "人居环境", "道路交通", "劳资纠纷", "其他", "人居环境", "其他", "人居环境"
    ] * 2  # fmt: skip
    assert got.how.tolist() == [
        "keyword", "keyword", "description", "unmapped", "description", "unmapped", "keyword"
    ] * 2  # fmt: skip
    assert got.unmapped == {"奇怪": 2}


def test_states_and_unknown_counts():
    states, unknown = map_status(pd.Series(["已办结", None, "奇怪", "奇怪", np.nan, "closed"]))
    assert states.tolist() == ["resolved", None, None, None, None, "resolved"]
    assert unknown == {"奇怪": 2}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([" GD1 ", "GD2.0", "123.0", None, "  "], ["GD1", "GD2.0", "123", None, ""]),
        ([1234.0, 2.5, np.nan], ["1234", "2.5", None]),
        (["a", 5, None, "7.0"], ["a", "5", None, "7"]),
    ],
)
def test_ticket_ids(values, expected):
    got = ticket_ids(pd.Series(values))
    assert [None if pd.isna(v) else v for v in got] == expected
