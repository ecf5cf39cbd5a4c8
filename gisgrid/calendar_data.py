"""The office's working-day calendar: entering, importing and showing holiday schedules.

A project stores the schedules the office entered (``ProjectMeta.calendar``, one entry per
year); :class:`gisgrid.workdays.WorkCalendar` puts them before the chinese_calendar package and
the computed rules. The operations here return a :class:`CalendarChange` whose ``edit`` the
caller does (and the app can undo); nothing is saved here.

* :func:`plan_import` — the years in a schedule file become the office's entries for those
  years, whole (the published notice is a year's complete schedule).
* :func:`plan_set` — one date or a range made a rest day or a working day, or cleared (an
  ordinary day: Monday–Friday working, Saturday–Sunday rest). A year not entered before is
  first copied from what applied to it (package data or the computed rules).
* :func:`plan_clear_year` — the office's entry for a year removed: it follows the package or
  the rules again.
* :func:`describe_year` — a year's schedule for people and for JSON.

Examples
--------
>>> from datetime import date
>>> from gisgrid.project import Project
>>> p = Project.create(None, "临河镇")
>>> change = plan_set(p, date(2027, 2, 11), date(2027, 2, 12), "holiday", "春节")
>>> change.edit.do(p)
>>> WorkCalendar.from_project(p).year(2027).provisional
False
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from gisgrid.errors import InputError
from gisgrid.holiday_rules import HOLIDAY_NAMES, statutory_days
from gisgrid.io.calendar_file import CalendarDay
from gisgrid.workdays import WorkCalendar, YearSchedule, calendar_years

__all__ = [
    "CalendarChange",
    "CalendarEdit",
    "describe_lines",
    "describe_year",
    "plan_clear_year",
    "plan_import",
    "plan_set",
    "project_years",
]

_WEEKDAYS = "一二三四五六日"


@dataclass
class CalendarEdit:
    """Replace the office's entries of some years (``None`` removes one); undoable.

    Parameters
    ----------
    entries : dict
        Year (``"2027"``) → the new stored entry, or None to remove the year's entry.
    label : str
        Text for the Undo menu.
    """

    entries: dict[str, dict[str, Any] | None]
    label: str
    _old: dict[str, dict[str, Any] | None] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu."""
        return self.label

    @property
    def layer(self) -> str:
        """No layer: the calendar lives in the project settings."""
        return ""

    @property
    def layers(self) -> list[str]:
        """No layers change."""
        return []

    def _put(self, project: Any, entries: dict[str, dict[str, Any] | None]) -> None:
        calendar = dict(project.meta.calendar or {})
        for year, entry in entries.items():
            if entry is None:
                calendar.pop(year, None)
            else:
                calendar[year] = copy.deepcopy(entry)
        WorkCalendar(calendar)  # refuses a damaged entry before anything changes
        project.meta.calendar = dict(sorted(calendar.items()))
        project.mark_meta_changed()

    def do(self, project: Any) -> None:
        """Store the new entries (remembering the old ones)."""
        stored = project.meta.calendar or {}
        self._old = {y: copy.deepcopy(stored.get(y)) for y in self.entries}
        self._put(project, self.entries)

    def undo(self, project: Any) -> None:
        """Put the old entries back."""
        if self._old is None:
            raise RuntimeError("undo before do")
        self._put(project, self._old)


@dataclass
class CalendarChange:
    """A planned change to the office's calendar: the edit, and what to tell the user."""

    edit: CalendarEdit
    lines: list[str]
    warnings: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"years": self.years, "lines": self.lines, "warnings": self.warnings,
                "changed": bool(self.edit.entries)}  # fmt: skip


def _entry(rest: dict[date, str], work: dict[date, str], source: str) -> dict[str, Any]:
    return {
        "holidays": {d.isoformat(): rest[d] for d in sorted(rest)},
        "workdays": {d.isoformat(): work[d] for d in sorted(work)},
        "source": source,
        "updated": datetime.now().isoformat(timespec="seconds"),
    }


def _summary(schedule: YearSchedule) -> str:
    off = sum(1 for d in schedule.rest if d.weekday() < 5)
    return (
        f"{schedule.year} 年：{len(schedule.rest)} 个节假日（其中工作日放假 {off} 天），"
        f"调休上班 {len(schedule.work)} 天"
    )


def _statutory_gaps(schedule: YearSchedule) -> list[str]:
    """Statutory holidays that the schedule leaves as working days."""
    if schedule.year < 2000:
        return []
    missing = [
        f"{HOLIDAY_NAMES[k]} {d.isoformat()}"
        for d, k in statutory_days(schedule.year)
        if schedule.is_workday(d)
    ]
    return list(dict.fromkeys(missing))


def plan_import(project: Any, days: Iterable[CalendarDay], source: str) -> CalendarChange:
    """Plan to make the schedule in ``days`` the office's entry for each year it covers.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (not changed until the returned edit is done).
    days : iterable of CalendarDay
        As :func:`gisgrid.io.calendar_file.read_calendar_file` reads them.
    source : str
        Where they came from (file name), stored with the entry.

    Returns
    -------
    CalendarChange
        With a warning for each statutory holiday the file leaves as a working day (a file
        holding part of a year would make the rest of that year ordinary days).
    """
    calendar = WorkCalendar.from_project(project)
    by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
    for entry in days:
        rest, work = by_year.setdefault(entry.day.year, ({}, {}))
        (rest if entry.kind == "holiday" else work)[entry.day] = entry.name
    if not by_year:
        raise InputError(f"{source}: no dates found; nothing to import")
    entries: dict[str, dict[str, Any] | None] = {}
    lines: list[str] = []
    warnings: list[str] = []
    for year in sorted(by_year):
        rest, work = by_year[year]
        known = {**calendar.year(year).rest, **calendar.year(year).work}
        rest = {d: n or known.get(d, "") for d, n in rest.items()}
        work = {d: n or known.get(d, "") for d, n in work.items()}
        before = calendar.year(year)
        entries[str(year)] = _entry(rest, work, source)
        after = WorkCalendar({str(year): entries[str(year)]}).year(year)
        lines.append(f"{_summary(after)}；此前：{before.source_text()}")
        gaps = _statutory_gaps(after)
        if gaps:
            warnings.append(
                f"{year} 年：文件中 {'、'.join(gaps)} 不是休息日，导入后按工作日计算；"
                "若文件只含部分安排，请补全后重新导入"
            )
    label = f"导入 {'、'.join(map(str, sorted(by_year)))} 年放假安排（{source}）"
    return CalendarChange(CalendarEdit(entries, label), lines, warnings, sorted(by_year))


def plan_set(project: Any, first: date, last: date, kind: str, name: str = "") -> CalendarChange:
    """Plan to make the days ``first``–``last`` rest days, working days or ordinary days.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (not changed until the returned edit is done).
    first, last : date
        The days (inclusive); they may span two years.
    kind : {"holiday", "workday", "clear"}
        Rest day, working day (调休上班), or an ordinary day (no entry: Monday–Friday
        working, Saturday–Sunday rest).
    name : str
        Holiday name to store with the days (e.g. ``春节``).

    Raises
    ------
    InputError
        For another kind, or ``last`` before ``first``.
    """
    if kind not in ("holiday", "workday", "clear"):
        raise InputError(f"kind {kind!r}: choose holiday, workday or clear")
    if last < first:
        raise InputError(f"{first}..{last}: the last day comes before the first")
    calendar = WorkCalendar.from_project(project)
    stored = project.meta.calendar or {}
    entries: dict[str, dict[str, Any] | None] = {}
    lines: list[str] = []
    warnings: list[str] = []
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    for year in sorted({d.year for d in days}):
        schedule = calendar.year(year)
        if str(year) not in stored and kind == "clear":
            lines.append(f"{year} 年没有本办录入的安排，无需清除（现按{schedule.source_text()}）")
            continue
        rest, work = dict(schedule.rest), dict(schedule.work)
        if str(year) not in stored:
            note = f"{year} 年此前按{schedule.source_text()}；已以其为底稿转为本办录入"
            if schedule.provisional:
                where = project.path.name if getattr(project, "path", None) else "PROJECT"
                note += (
                    f"，请按国务院通知核对全年安排（gisgrid calendar show {where} --year {year}）"
                )
            warnings.append(note)
        for day in (d for d in days if d.year == year):
            label = name or rest.get(day) or work.get(day) or ""
            rest.pop(day, None)
            work.pop(day, None)
            if kind == "holiday":
                rest[day] = label
            elif kind == "workday":
                work[day] = label
        old = stored.get(str(year)) or {}
        source = str(old.get("source") or "") or "手工录入"
        if "手工" not in source:
            source += "，手工修改"
        entries[str(year)] = _entry(rest, work, source)
        lines.append(_summary(WorkCalendar({str(year): entries[str(year)]}).year(year)))
    word = {"holiday": "设为休息日", "workday": "设为工作日", "clear": "清除"}[kind]
    span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    years = sorted(int(y) for y in entries)
    return CalendarChange(CalendarEdit(entries, f"{span} {word}"), lines, warnings, years)


def plan_clear_year(project: Any, year: int) -> CalendarChange:
    """Plan to remove the office's entry for ``year`` (it follows the package or rules again)."""
    stored = project.meta.calendar or {}
    if str(year) not in stored:
        schedule = WorkCalendar.from_project(project).year(year)
        line = f"{year} 年没有本办录入的安排，无需清除（现按{schedule.source_text()}）"
        return CalendarChange(CalendarEdit({}, f"清除 {year} 年"), [line], [], [])
    entries: dict[str, dict[str, Any] | None] = {str(year): None}
    rest = dict(stored)
    rest.pop(str(year))
    after = WorkCalendar(rest).year(year)
    line = f"{year} 年本办录入的安排已清除，改按{after.source_text()}"
    return CalendarChange(CalendarEdit(entries, f"清除 {year} 年放假安排"), [line], [], [year])


def project_years(project: Any) -> list[int]:
    """Years worth showing: the package's, the office's, and those of the project's issues."""
    lo, hi = calendar_years()
    years = set(range(lo, hi + 1)) | {int(y) for y in (project.meta.calendar or {})}
    issues = project.layer("issues")
    for column in ("reported_at", "resolved_at"):
        if column in issues and len(issues):
            found = pd.to_datetime(issues[column]).dropna().dt.year.unique()
            years |= {int(y) for y in found if 1949 <= y <= 2200}
    return sorted(years)


def _breaks(schedule: YearSchedule) -> list[dict[str, Any]]:
    """Return the runs of consecutive rest days holding a listed holiday (weekends too)."""
    out: list[dict[str, Any]] = []
    listed = sorted(schedule.rest)
    seen: set[date] = set()
    for day in listed:
        if day in seen:
            continue
        start = end = day
        while start - timedelta(days=1) >= date(schedule.year, 1, 1) and not (
            schedule.is_workday(start - timedelta(days=1))
        ):
            start -= timedelta(days=1)
        while end + timedelta(days=1) <= date(schedule.year, 12, 31) and not (
            schedule.is_workday(end + timedelta(days=1))
        ):
            end += timedelta(days=1)
        run = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        seen.update(run)
        names = list(dict.fromkeys(schedule.rest[d] for d in run if schedule.rest.get(d)))
        out.append(
            {
                "name": "、".join(names) or "休息",
                "from": start.isoformat(),
                "to": end.isoformat(),
                "days": len(run),
            }  # fmt: skip
        )
    return out


def describe_year(calendar: WorkCalendar, year: int) -> dict[str, Any]:
    """Describe a year's schedule for JSON: source, rest days, make-up days, breaks."""
    schedule = calendar.year(year)

    def days(table: dict[date, str]) -> list[dict[str, str]]:
        return [
            {"date": d.isoformat(), "weekday": _WEEKDAYS[d.weekday()], "name": table[d]}
            for d in sorted(table)
        ]

    return {
        "year": year,
        "source": schedule.source,
        "source_text": schedule.source_text(),
        "provisional": schedule.provisional,
        "holidays": days(schedule.rest),
        "workdays": days(schedule.work),
        "breaks": _breaks(schedule),
    }


def describe_lines(calendar: WorkCalendar, year: int) -> list[str]:
    """Return the text ``gisgrid calendar show --year`` prints."""
    info = describe_year(calendar, year)
    lines = [f"{year} 年工作日历：{info['source_text']}"]
    for run in info["breaks"]:
        span = run["from"] if run["from"] == run["to"] else f"{run['from']} 至 {run['to']}"
        lines.append(f"  {run['name']}：{span} 放假（{run['days']} 天）")
    for day in info["workdays"]:
        note = f"，{day['name']}" if day["name"] else ""
        lines.append(f"  调休上班：{day['date']}（周{day['weekday']}{note}）")
    if not info["workdays"]:
        lines.append("  调休上班：无")
    if info["provisional"]:
        lines.append(
            f"  注意：{year} 年放假安排未录入；国务院公布后用 gisgrid calendar import 或 set 录入"
        )
    return lines
