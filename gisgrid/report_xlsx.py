"""The weekly pack's Excel ledger (一台账两清单): demand, resolved and overdue lists, per grid.

Sheets: 概况 (headline figures), 诉求清单 (cases received in the period), 办结清单 (cases
resolved in the period), 超期清单 (open past the deadline), 网格统计 (every small grid, then one
line 未定位 for the cases in no grid, so the column 新受理 adds up to the headline), for the
monthly report 村排名 / 干部排名, and 说明 (every note of the report). Every list carries the
owner (网格长, 包村干部) and the deadline; headers are bold and frozen, with filters and fitted
widths (:func:`gisgrid.io.workbook.write_workbook`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gisgrid.io.workbook import write_workbook
from gisgrid.schema import ISSUE_SOURCES, ISSUE_STATUSES

#: Case columns of the lists → Chinese headers.
CASE_COLUMNS: dict[str, str] = {
    "id": "工单编号",
    "reported_at": "受理时间",
    "source": "来源",
    "category": "诉求类别",
    "description": "诉求内容",
    "address": "地址",
    "village_name": "所属村/社区",
    "grid_code": "网格编码",
    "grid_name": "网格名称",
    "leader": "责任人(网格长)",
    "leader_phone": "责任人电话",
    "liaison": "包村干部",
    "due_at": "办结时限",
    "status": "办理状态",
    "resolved_at": "办结时间",
    "on_time": "按期办结",
    "satisfaction": "满意度",
}
GRID_COLUMNS: dict[str, str] = {
    "grid_code": "网格编码",
    "grid_name": "网格名称",
    "village_name": "所属村/社区",
    "leader": "网格长",
    "leader_phone": "网格长电话",
    "liaison": "包村干部",
    "households": "户数",
    "new": "新受理",
    "previous": "上期受理",
    "change": "增减",
    "rate": "每百户诉求",
    "resolved": "已办结",
    "resolution_rate": "办结率(%)",
    "on_time_rate": "按期办结率(%)",
    "satisfaction": "满意度",
    "overdue": "当前超期",
    "repeat": "重复诉求",
}
RANK_COLUMNS: dict[str, str] = {
    "rank": "名次",
    "village_name": "村/社区",
    "name": "姓名",
    "role": "职务",
    "new": "受理",
    "resolved": "办结",
    "resolution_rate": "办结率(%)",
    "on_time_rate": "按期办结率(%)",
    "satisfaction": "满意度",
    "overdue": "当前超期",
}


def _yes_no(value: Any) -> Any:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return None


def case_sheet(cases: pd.DataFrame, extra: dict[str, str] | None = None) -> pd.DataFrame:
    """Cases as a ledger table with Chinese headers (dates as text to the minute)."""
    columns = dict(CASE_COLUMNS, **(extra or {}))
    frame = cases.reindex(columns=list(columns)).copy()
    for col in ("reported_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d %H:%M")
    # A deadline is the midnight that ends the last working day: say "that day, 24:00"
    # rather than the next day's 00:00, which readers take for a day earlier than meant.
    frame["due_at"] = deadline_text(frame["due_at"], "%Y-%m-%d")
    frame["source"] = frame["source"].map(lambda s: ISSUE_SOURCES.get(s, s))
    frame["status"] = frame["status"].map(lambda s: ISSUE_STATUSES.get(s, s))
    frame["on_time"] = frame["on_time"].map(_yes_no)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.rename(columns=columns)


def ledger_sheets(report: Any) -> dict[str, pd.DataFrame]:
    """Return the workbook's sheets (name → table) for a :class:`gisgrid.report.Report`."""
    head = report.headline
    summary = pd.DataFrame(
        {
            "指标": head["label"],
            "本期": head["current"],
            report.previous_word: head["previous"],
            "变化": head["change"],
            "单位": head["unit"],
        }
    )
    unplaced = report.unplaced
    located = pd.DataFrame(
        {
            "指标": ["其中：网格内", "其中：未定位"],
            "本期": [(head.loc["new", "current"] or 0) - unplaced["new"], unplaced["new"]],
            report.previous_word: [
                (head.loc["new", "previous"] or 0) - unplaced["previous"],
                unplaced["previous"],
            ],
            "单位": ["件", "件"],
        }
    )
    info = pd.DataFrame(
        {
            "指标": ["统计期", "数据截至", "个人信息"],
            "本期": [
                report.period_text,
                f"{report.at:%Y-%m-%d %H:%M}",
                "已脱敏" if report.masked else "未脱敏（仅限内部使用）",
            ],
        }
    )
    overdue_extra = {"overdue_days": "超期天数", "overdue_workdays": "超期工作日"}
    sheets = {
        "概况": pd.concat([summary.iloc[:1], located, summary.iloc[1:], info], ignore_index=True),
        "诉求清单": case_sheet(report.cases),
        "办结清单": case_sheet(report.resolved),
        "超期清单": case_sheet(report.overdue, overdue_extra),
        "网格统计": grid_sheet(report),
    }
    if report.village_rank is not None:
        villages = report.village_rank
        if report.unplaced_villages:  # the cases of no village: one line, so 受理 adds up
            line = {"village_name": "未定位（无所属村）", "new": report.unplaced_villages}
            villages = pd.concat([villages, pd.DataFrame([line], columns=villages.columns)])
            villages = villages.astype(object).where(villages.notna(), None)
        sheets["村排名"] = villages.rename(columns=RANK_COLUMNS)
    if report.cadre_rank is not None:
        sheets["干部排名"] = report.cadre_rank.rename(columns=RANK_COLUMNS)
    notes = list(report.notes) or ["无"]
    sheets["说明"] = pd.DataFrame({"序号": range(1, len(notes) + 1), "说明": notes})
    return sheets


def grid_sheet(report: Any) -> pd.DataFrame:
    """Every small grid, busiest first, then a line 未定位 for the cases in no grid."""
    table = report.grids.reindex(columns=list(GRID_COLUMNS)).sort_values(
        ["new", "grid_code"], ascending=[False, True]
    )
    unplaced = report.unplaced
    if any(unplaced.values()):
        line = {
            "grid_name": "未定位（无网格）",
            "new": unplaced["new"],
            "previous": unplaced["previous"],
            "change": unplaced["new"] - unplaced["previous"],
            "overdue": unplaced["overdue"],
        }
        table = pd.concat([table, pd.DataFrame([line], columns=table.columns)], ignore_index=True)
    table = table.astype(object).where(table.notna(), None)
    return table.rename(columns=GRID_COLUMNS)


def write_report_xlsx(report: Any, path: str | Path) -> Path:
    """Write the ledger workbook of ``report`` to ``path`` (.xlsx) and return the path."""
    return write_workbook(path, ledger_sheets(report))


def deadline_text(due: pd.Series, day_format: str) -> pd.Series:
    """Deadlines as ``<last working day> 24:00`` (missing stays missing).

    Examples
    --------
    >>> deadline_text(pd.Series([pd.Timestamp("2026-11-18 00:00")]), "%m-%d").tolist()
    ['11-17 24:00']
    """
    last_day = pd.to_datetime(due) - pd.Timedelta(seconds=1)
    return last_day.dt.strftime(day_format) + " 24:00"
