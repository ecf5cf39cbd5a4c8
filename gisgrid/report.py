"""The weekly scheduling-meeting pack (周调度) and the monthly ranking (一月一晾晒): the figures.

:func:`weekly_report` gathers everything the pack shows into a :class:`Report`; the writers
turn it into an Excel ledger (:mod:`gisgrid.report_xlsx`), an A4 PDF
(:mod:`gisgrid.report_pdf`) and an offline HTML page (``gisgrid.layers.report_web``);
:func:`write_pack` writes the first two, the CLI adds the page.

Definitions (on top of :mod:`gisgrid.closed_loop`)
--------------------------------------------------
* **Period**: an ISO week (Monday–Sunday, ``2026-W47``) or a calendar month (``2026-11``);
  the previous period is the ISO week / month before.
* **Reference time** ``at``: the end of the period, or now when that is earlier (a week
  still running is reported as at now); never a time found in the records.
  ``ReportParams.at`` stands in for now. The previous period is measured at its own end.
* **New** / **resolved** / **办结率** / **on-time rate** / **satisfaction**: over the cases
  *received* in the period, as :func:`gisgrid.closed_loop.summarise` defines them.
* **Overdue now**: every case (received in any period) open and past its deadline at ``at``.
* **Issue rate of a grid**: cases received in the period per 100 households of the grid;
  **worsened**: the rise in cases received against the previous period.
* **Owners**: the grid leader (网格长) of the issue's small grid and the village liaison
  (包村干部) of its village, from the ``assignments`` layer; names and phone numbers are masked
  (:mod:`gisgrid.privacy`) unless ``show_contacts``.
* **Visit coverage** of a village: the share of its households with a visit record
  (``source == "visit"``) in the ``visit_days`` days up to ``at``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.closed_loop import (
    ClosedLoopParams,
    calendar_notes,
    closed_loop,
    implausible_dates,
    implausible_text,
    now,
    summarise,
)
from gisgrid.coverage import VISIT_SOURCE
from gisgrid.errors import Cancelled, InputError
from gisgrid.privacy import mask_citizen_text, mask_name, mask_phone, personal_names
from gisgrid.schema import CADRE_ROLES, LAYERS
from gisgrid.stats import ancestors

__all__ = [
    "HEADLINE",
    "Report",
    "ReportParams",
    "hotspot_params",
    "parse_month",
    "parse_week",
    "weekly_report",
    "write_pack",
]

#: Headline figures: key → (label, unit, True when a rise is good).
HEADLINE: dict[str, tuple[str, str, bool]] = {
    "new": ("新受理诉求", "件", False),
    "resolved": ("已办结", "件", True),
    "resolution_rate": ("办结率", "%", True),
    "on_time_rate": ("按期办结率", "%", True),
    "satisfaction": ("平均满意度", "分", True),
    "overdue": ("当前超期", "件", False),
}
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.I)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_week(text: str) -> tuple[date, date]:
    """Return the Monday and Sunday of an ISO week written ``2026-W47``.

    Examples
    --------
    >>> parse_week("2026-W47")
    (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))

    Raises
    ------
    InputError
        For anything else, or a week the year does not have (``2026-W54``).
    """
    match = _WEEK.match(str(text))
    try:
        if match is None:
            raise ValueError
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise InputError(
            f"--week {text!r}: write an ISO week such as 2026-W47 (weeks 01–52, or 53 in "
            "long years)"
        ) from None
    return monday, monday + timedelta(days=6)


def parse_month(text: str) -> tuple[date, date]:
    """Return the first and last day of a month written ``2026-11``.

    Raises
    ------
    InputError
        For anything else.
    """
    match = _MONTH.match(str(text))
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InputError(f"--month {text!r}: write a month such as 2026-11")
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class ReportParams:
    """What :func:`weekly_report` builds.

    Parameters
    ----------
    week : str, optional
        ISO week, e.g. ``"2026-W47"``.
    month : str, optional
        Month for the monthly ranking, e.g. ``"2026-11"`` (instead of ``week``).
    show_contacts : bool
        Print cadres' names and phone numbers in full (default masked).
    top : int
        Rows of the "highest rate" and "worsened most" tables.
    trend_weeks : int
        Weeks of category trends and of the hotspot analysis.
    visit_days : int
        Window of the visit coverage.
    permutations, seed : int
        Gi* permutations (see :class:`gisgrid.hotspots.GiStar`); the defaults are those of
        ``gisgrid hotspots``, so the pack shows the same hot spots.
    at : datetime, optional
        Stands in for now: the pack is as at the end of the period or ``at``, if earlier.
    """

    week: str | None = None
    month: str | None = None
    show_contacts: bool = False
    top: int = 10
    trend_weeks: int = 12
    visit_days: int = 30
    permutations: int = 99999
    seed: int | None = 12345
    at: datetime | None = None  # "as at": default the end of the period, or now if earlier


@dataclass
class Report:
    """Everything the pack shows (tables have Chinese headers where they are printed as is).

    Attributes
    ----------
    kind : str
        ``"week"`` or ``"month"``.
    label : str
        ``"2026-W47"`` or ``"2026-11"``.
    headline : DataFrame
        Index: keys of :data:`HEADLINE`; columns ``label``, ``unit``, ``current``,
        ``previous``, ``change``, ``good_up``.
    cases : DataFrame
        Cases received in the period (closed-loop flags, owners).
    resolved : DataFrame
        Cases resolved within the period (whenever received).
    overdue : DataFrame
        Cases overdue at ``at``, most days over first.
    grids : DataFrame
        One row per small grid: owners, households, counts, rates, change.
    top_rate, worsened : DataFrame
        The ``top`` grids by issue rate and by rise against the previous period.
    repeats : DataFrame
        Repeat complaints received in the period, one row per household/address.
    trends : DataFrame
        Cases per ISO week (rows, oldest first) and category (columns).
    visits : DataFrame
        Visit coverage per village.
    village_rank, cadre_rank : DataFrame or None
        The monthly ranking (None for a weekly report).
    hotspot : HotspotResult or None
        Gi* and emerging hot spots over the trend weeks (None without issues): the result of
        :func:`gisgrid.hotspots.hotspots` with :func:`hotspot_params`.
    unplaced : dict
        Cases not in any small grid of the grid tables (no grid code, or a code the project
        does not have): ``new`` (received in the period), ``previous``, ``overdue`` (now).
    unplaced_villages : int
        Cases received in the period without a village code (not in the village ranking).
    notes : list of str
        Everything the reader must know about the figures (provisional calendar, implausible
        dates, issues left out, hot spot caveats); every writer prints all of them.
    villages : GeoDataFrame
        Village codes, names and outlines (for the printed map).
    """

    kind: str
    label: str
    town: str
    start: date
    end: date
    prev_start: date
    prev_end: date
    at: pd.Timestamp
    masked: bool
    headline: pd.DataFrame
    cases: pd.DataFrame
    resolved: pd.DataFrame
    overdue: pd.DataFrame
    grids: pd.DataFrame
    top_rate: pd.DataFrame
    worsened: pd.DataFrame
    repeats: pd.DataFrame
    trends: pd.DataFrame
    visits: pd.DataFrame
    village_rank: pd.DataFrame | None = None
    cadre_rank: pd.DataFrame | None = None
    hotspot: Any = None
    villages: Any = None
    notes: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    unplaced: dict[str, int] = field(default_factory=lambda: dict(new=0, previous=0, overdue=0))
    unplaced_villages: int = 0

    def unplaced_text(self, table: str = "grid") -> str:
        """Return the line under a grid (``"grid"``) or village (``"village"``) table.

        It counts the cases the table leaves out, e.g. ``未定位 600 件（…）``; ``""`` if none.
        """
        word = "本月" if self.kind == "month" else "本期"
        if table == "village":
            n = self.unplaced_villages
            return f"未定位 {n} 件（{word}受理、无所属村（社区），未计入上表）" if n else ""
        n = self.unplaced["new"]
        if not n:
            return ""
        total = self.headline.loc["new", "current"] or 0
        return (
            f"未定位 {n} 件（{word}受理、无网格，未计入上表；网格内 {int(total) - n} 件 + "
            f"未定位 {n} 件 = 新受理 {int(total)} 件）"
        )

    def empty_text(self, table: str) -> str:
        """Return what to print in place of an empty table: why it has no rows.

        ``table`` is ``"top_rate"``, ``"worsened"``, ``"village_rank"`` or ``"cadre_rank"``.
        """
        if table in self.reasons:
            return self.reasons[table]
        period = "本月" if self.kind == "month" else "本期"
        if table == "worsened" and not self.empty:
            return "本期无网格诉求增加"
        return f"{period}无受理诉求"

    @property
    def empty(self) -> bool:
        """True when no case was received in the period."""
        return len(self.cases) == 0

    @property
    def title(self) -> str:
        """Title of the pack, e.g. ``临河镇 周调度会议材料``."""
        what = "周调度会议材料" if self.kind == "week" else "月度晾晒排名"
        return f"{self.town} {what}"

    @property
    def period_text(self) -> str:
        """``2026年第47周（11月16日—11月22日）`` or ``2026年11月``."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月（{self.start:%m-%d}—{self.end:%m-%d}）"
        year, week, _ = self.start.isocalendar()
        return (
            f"{year}年第{week}周（{self.start.month}月{self.start.day}日—"
            f"{self.end.month}月{self.end.day}日）"
        )

    @property
    def previous_word(self) -> str:
        """``上周`` or ``上月``."""
        return "上周" if self.kind == "week" else "上月"


# -- building blocks ------------------------------------------------------------------------
_FLAGS = ["contact_due", "contact_on_time", "due_at", "resolved", "on_time", "overdue_now",
          "overdue_days", "overdue_workdays", "repeat", "week"]  # fmt: skip


def _cases(project: Any, at: pd.Timestamp) -> pd.DataFrame:
    """Closed-loop flags of every case received up to ``at`` (an empty table if none)."""
    try:
        return closed_loop(project, ClosedLoopParams(at=at.to_pydatetime())).issues
    except InputError:
        return pd.DataFrame(columns=[*LAYERS["issues"].columns, *_FLAGS]).astype(
            {"overdue_now": bool, "resolved": bool, "repeat": bool, "overdue_days": float}
        )


def _in(frame: pd.DataFrame, column: str, start: date, end: date) -> pd.DataFrame:
    if len(frame) == 0:
        return frame.iloc[:0].copy()
    t = pd.to_datetime(frame[column])
    keep = (t >= pd.Timestamp(start)) & (t < pd.Timestamp(end) + pd.Timedelta(days=1))
    return frame.loc[keep.to_numpy()].reset_index(drop=True)


def _totals(period: pd.DataFrame, everything: pd.DataFrame) -> dict[str, Any]:
    if len(period):
        totals = summarise(period, None)
    else:
        totals = {k: 0 for k in ("new", "resolved", "on_time", "repeat")}
        totals.update(resolution_rate=None, on_time_rate=None, satisfaction=None)
    totals["overdue"] = int(everything["overdue_now"].sum())
    return totals


def _headline(now: dict[str, Any], before: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for key, (label, unit, good_up) in HEADLINE.items():
        cur, prev = now.get(key), before.get(key)
        cur, prev = (None if v is None or pd.isna(v) else v for v in (cur, prev))
        change = None if cur is None or prev is None else round(cur - prev, 2)
        rows.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "current": cur,
                "previous": prev,
                "change": change,
                "good_up": good_up,
            }
        )
    return pd.DataFrame(rows, dtype=object).set_index("key")


def _owners(project: Any, show_contacts: bool) -> pd.DataFrame:
    """Per small grid: name, village, grid leader and village liaison (masked by default)."""
    small = project.layer("grids_small")
    villages = project.layer("villages")
    cadres = project.layer("cadres")
    assignments = project.layer("assignments")
    village_names = _unit_names(villages)
    chains = ancestors(project)
    names = cadres["name"].astype(object)
    phones = cadres["phone"].astype(object)
    if not show_contacts:
        names, phones = mask_name(names), mask_phone(phones)
    person = dict(zip(cadres["id"].astype(str), zip(names, phones)))

    def holder(role: str) -> dict[str, tuple[Any, Any]]:
        rows = assignments[assignments["role"] == role]
        return {
            str(g): person.get(str(c), (None, None))
            for g, c in zip(rows["grid_code"], rows["cadre_id"])
            if isinstance(g, str)
        }

    leader, liaison = holder("grid_leader"), holder("village_liaison")
    rows = []
    for code, name in zip(small["code"].astype(str), small["name"].astype(object)):
        village = next((c for c in chains.get(code, []) if c in village_names), None)
        lead, link = leader.get(code, (None, None)), liaison.get(village or "", (None, None))
        rows.append(
            {
                "grid_code": code,
                "grid_name": _name_or_code(name, code),  # a grid without a name: its code
                "village_code": village,
                "village_name": _name_or_code(village_names.get(village or ""), village),
                "leader": lead[0],
                "leader_phone": lead[1],
                "liaison": link[0],
                "liaison_phone": link[1],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "grid_code",
            "grid_name",
            "village_code",
            "village_name",
            "leader",
            "leader_phone",
            "liaison",
            "liaison_phone",
        ],
    )


def _name_or_code(name: Any, code: Any) -> Any:
    """Return a unit's name, or its code when it has none (imported without names)."""
    return name if isinstance(name, str) and name.strip() else code


def _unit_names(units: pd.DataFrame) -> dict[str, Any]:
    """Return code → name of a level's units, the code standing in for a missing name."""
    codes = units["code"].astype(str)
    return {c: _name_or_code(n, c) for c, n in zip(codes, units["name"].astype(object))}


def _with_owners(cases: pd.DataFrame, owners: pd.DataFrame) -> pd.DataFrame:
    cols = ["grid_code", "grid_name", "village_name", "leader", "leader_phone", "liaison"]
    if len(cases) == 0:
        return cases.reindex(columns=[*cases.columns, *cols[1:]])
    frame = cases.copy()
    frame["grid_code"] = frame["grid_code"].astype(object)
    return frame.merge(owners[cols], on="grid_code", how="left")


def _grid_table(
    project: Any,
    owners: pd.DataFrame,
    period: pd.DataFrame,
    prev: pd.DataFrame,
    everything: pd.DataFrame,
) -> pd.DataFrame:
    from gisgrid.cadres import unit_households

    table = owners.copy()
    households = unit_households(project)
    table["households"] = table["grid_code"].map(households).fillna(0).astype(int)
    if len(period):
        figures = summarise(period, "grid_code")
        figures["grid_code"] = figures["grid_code"].astype(object)
        table = table.merge(figures.drop(columns=["overdue"]), on="grid_code", how="left")
    else:
        for col in ("new", "resolved", "resolution_rate", "on_time", "on_time_rate"):
            table[col] = np.nan
        table[["contact_rate", "satisfaction", "repeat"]] = np.nan
    for col in ("new", "resolved", "on_time", "repeat"):
        table[col] = table[col].fillna(0).astype(int)
    before = prev["grid_code"].astype(object).value_counts() if len(prev) else pd.Series()
    table["previous"] = table["grid_code"].map(before).fillna(0).astype(int)
    table["change"] = table["new"] - table["previous"]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 100.0 * table["new"] / table["households"].where(table["households"] > 0)
    table["rate"] = rate.round(2)
    if len(everything):
        open_late = everything[everything["overdue_now"]]["grid_code"].astype(object)
        table["overdue"] = table["grid_code"].map(open_late.value_counts()).fillna(0).astype(int)
    else:
        table["overdue"] = 0
    return table


def _repeats(period: pd.DataFrame) -> pd.DataFrame:
    cols = ["address", "village_name", "grid_name", "leader", "count", "categories", "last"]
    if len(period) == 0 or not period["repeat"].any():
        return pd.DataFrame(columns=cols)
    frame = period[period["repeat"]].copy()
    key = frame["household_id"].astype(object)
    frame["_key"] = key.where(key.notna(), frame["address"].astype(object))
    rows = []
    for _, g in frame.groupby("_key", sort=False):
        g = g.sort_values("reported_at")
        addr = g["address"].dropna()
        rows.append(
            {
                "address": addr.iloc[-1] if len(addr) else None,
                "village_name": g["village_name"].iloc[-1],
                "grid_name": g["grid_name"].iloc[-1],
                "leader": g["leader"].iloc[-1],
                "count": len(g),
                "categories": "、".join(dict.fromkeys(g["category"].dropna().astype(str))),
                "last": pd.Timestamp(g["reported_at"].iloc[-1]),
            }
        )
    return pd.DataFrame(rows, columns=cols).sort_values(["count", "last"], ascending=False)


def _trends(issues: pd.DataFrame, end: date, weeks: int, categories: list[str]) -> pd.DataFrame:
    last_monday = end - timedelta(days=end.weekday())
    mondays = [last_monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    labels = [f"{m.isocalendar()[0]}-W{m.isocalendar()[1]:02d}" for m in mondays]
    frame = _in(issues, "reported_at", mondays[0], last_monday + timedelta(days=6))
    if len(frame):
        iso = pd.to_datetime(frame["reported_at"]).dt.isocalendar()
        week = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
        cat = frame["category"].astype(object).where(frame["category"].notna(), "其他")
        table = pd.crosstab(week.to_numpy(), cat.to_numpy())
    else:
        table = pd.DataFrame()
    cols = list(categories) + [c for c in table.columns if c not in categories]
    return table.reindex(index=labels, columns=cols, fill_value=0).fillna(0).astype(int)


def _visits(project: Any, at: pd.Timestamp, days: int) -> pd.DataFrame:
    households = project.layer("households")
    villages = project.layer("villages")
    issues = project.layer("issues")
    t = pd.to_datetime(issues["reported_at"])
    recent = issues[
        (issues["source"] == VISIT_SOURCE) & (t > at - pd.Timedelta(days=days)) & (t <= at)
    ]
    seen = set(recent["household_id"].dropna().astype(str))
    frame = pd.DataFrame(
        {
            "village_code": households["village_code"].astype(object),
            "visited": households["id"].astype(str).isin(seen).to_numpy(),
        }
    )
    counts = frame.groupby("village_code")["visited"].agg(["size", "sum"])
    table = pd.DataFrame(
        {
            "village_code": villages["code"].astype(str),
            "village_name": villages["code"].astype(str).map(_unit_names(villages)),
        }
    )
    table["households"] = table["village_code"].map(counts["size"]).fillna(0).astype(int)
    table["visited"] = table["village_code"].map(counts["sum"]).fillna(0).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * table["visited"] / table["households"].where(table["households"] > 0)
    table["share"] = share.round(1)
    return table.sort_values(["share", "village_code"], ascending=[True, True]).reset_index(
        drop=True
    )


def _ranking(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    ranked = frame.sort_values(
        ["on_time_rate", "satisfaction", "resolution_rate", "new"],
        ascending=[False, False, False, False],
        na_position="last",
    ).reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked[
        [
            "rank",
            *keys,
            "new",
            "resolved",
            "resolution_rate",
            "on_time_rate",
            "satisfaction",
            "overdue",
        ]
    ]


def _monthly(project: Any, at: pd.Timestamp, start: date, end: date, show: bool):
    try:
        result = closed_loop(
            project, ClosedLoopParams(at=at.to_pydatetime(), date_from=start, date_to=end)
        )
    except InputError:
        return None, None
    villages = project.layer("villages")
    names = _unit_names(villages)
    by_village = result.by_village.assign(
        village_name=lambda f: f["village_code"].astype(object).map(names)
    )
    cadres = project.layer("cadres")
    role = dict(zip(cadres["id"].astype(str), cadres["role"].astype(object)))
    by_cadre = result.by_cadre.copy()
    if "name" not in by_cadre:
        by_cadre["name"] = None
    by_cadre["role"] = by_cadre["cadre_id"].astype(str).map(role).map(CADRE_ROLES)
    if not show:
        by_cadre["name"] = mask_name(by_cadre["name"].astype(object))
    return (
        _ranking(by_village, ["village_name"]),
        _ranking(by_cadre, ["name", "role"]),
    )


def weekly_report(
    project: Any,
    params: ReportParams,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Report:
    """Gather the figures of the weekly pack (or, with ``params.month``, the monthly one).

    Parameters
    ----------
    project : gisgrid.project.Project
        The project.
    params : ReportParams
        Exactly one of ``week`` and ``month``.
    progress, cancelled : callable, optional
        ``progress(fraction, message)``; ``cancelled()`` True stops with :class:`Cancelled`.

    Returns
    -------
    Report
        Also for a period with no issues (then :attr:`Report.empty` is True).

    Raises
    ------
    InputError
        A bad week/month, both or neither given, or a project with no small grids.
    """
    from gisgrid.hotspots import hotspots

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(fraction, message)

    if (params.week is None) == (params.month is None):
        raise InputError("give either --week (e.g. 2026-W47) or --month (e.g. 2026-11)")
    if params.week is not None:
        kind, label, (start, end) = "week", params.week.strip().upper(), parse_week(params.week)
        prev_start, prev_end = start - timedelta(weeks=1), end - timedelta(weeks=1)
    else:
        kind, label = "month", params.month.strip()
        start, end = parse_month(params.month)
        prev_start, prev_end = parse_month(f"{(start - timedelta(days=1)):%Y-%m}")
    if len(project.layer("grids_small")) == 0:
        raise InputError("the project has no small grids; import or draw the grids first")
    step(0.05, "closed loop")
    issues = project.layer("issues")
    clock = now() if params.at is None else pd.Timestamp(params.at)  # never a date in the data

    def reference(day: date) -> pd.Timestamp:
        stop = pd.Timestamp(day) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        return min(stop, clock)

    at, prev_at = reference(end), reference(prev_end)
    everything = _cases(project, at)
    if not params.show_contacts:  # what citizens wrote: numbers and residents' names masked
        everything = mask_citizen_text(everything, personal_names(project))
    before = _cases(project, prev_at)
    owners = _owners(project, params.show_contacts)
    period = _with_owners(_in(everything, "reported_at", start, end), owners)
    prev = _in(before, "reported_at", prev_start, prev_end)
    headline = _headline(_totals(period, everything), _totals(prev, before))
    step(0.25, "grids")
    grids = _grid_table(project, owners, period, prev, everything)
    ranked = grids[grids["new"] > 0].sort_values(["rate", "new"], ascending=False)
    worse = grids[grids["change"] > 0].sort_values(["change", "new"], ascending=False)
    everything_o = _with_owners(everything, owners)
    overdue = everything_o[everything_o["overdue_now"].astype(bool).to_numpy()]
    overdue = overdue.sort_values("overdue_days", ascending=False).reset_index(drop=True)
    resolved = _in(everything_o, "resolved_at", start, end)
    if len(resolved):
        resolved = resolved[resolved["resolved"].astype(bool)].reset_index(drop=True)
    step(0.4, "hot spots")
    notes: list[str] = calendar_notes(project, everything, at)  # computed holiday schedule
    notes += [t for t in [implausible_text(implausible_dates(issues, at))] if t]
    reasons = _empty_reasons(project, period, kind)
    codes = set(grids["grid_code"].astype(str))
    unplaced = {
        "new": int(_unplaced(period, codes).sum()),
        "previous": int(_unplaced(prev, codes).sum()),
        "overdue": int(_unplaced(overdue, codes).sum()),
    }
    no_village = int(period["village_code"].isna().sum()) if len(period) else 0
    if unplaced["new"]:
        word = "本月" if kind == "month" else "本期"
        notes.append(
            f"{word}受理的 {unplaced['new']} 件诉求未定位到网格（无网格编码），在网格表中"
            "单列为“未定位”，计入新受理总数"
        )
    hot = None
    spec = hotspot_params(params, end)
    try:
        hot = hotspots(project, spec)
        notes += [f"热点分析：{w}" for w in hot.warnings]
    except InputError as exc:
        notes.append(f"热点分析未进行：{spec.date_from} 至 {end} {exc}")
    step(0.75, "trends and visits")
    trends = _trends(issues, end, params.trend_weeks, list(project.meta.categories))
    visits = _visits(project, at, params.visit_days)
    village_rank = cadre_rank = None
    if kind == "month":
        village_rank, cadre_rank = _monthly(project, at, start, end, params.show_contacts)
    step(1.0, "done")
    return Report(
        kind=kind,
        label=label,
        town=str(project.meta.name),
        start=start,
        end=end,
        prev_start=prev_start,
        prev_end=prev_end,
        at=at,
        masked=not params.show_contacts,
        headline=headline,
        cases=period,
        resolved=resolved,
        overdue=overdue,
        grids=grids,
        top_rate=ranked.head(params.top).reset_index(drop=True),
        worsened=worse.head(params.top).reset_index(drop=True),
        repeats=_repeats(period),
        trends=trends,
        visits=visits,
        village_rank=village_rank,
        cadre_rank=cadre_rank,
        hotspot=hot,
        villages=project.layer("villages")[["code", "name", "geometry"]],
        notes=notes,
        reasons=reasons,
        unplaced=unplaced,
        unplaced_villages=no_village,
    )


def hotspot_params(params: ReportParams, end: date) -> Any:
    """Return the :class:`gisgrid.hotspots.HotspotParams` of the pack's hot spot analysis.

    The trend weeks up to ``end`` with the defaults of ``gisgrid hotspots`` (only the density
    surface is skipped): ``gisgrid hotspots --from <first> --to <end> --permutations P
    --seed S`` gives the same grids, classes and patterns.
    """
    from gisgrid.hotspots import HotspotParams

    first = end - timedelta(weeks=params.trend_weeks) + timedelta(days=1)
    return HotspotParams(
        date_from=first, date_to=end, kde=False, permutations=params.permutations,
        seed=params.seed,
    )  # fmt: skip


def _unplaced(frame: pd.DataFrame, codes: set[str]) -> pd.Series:
    """Flag the cases of ``frame`` in none of the grids ``codes``."""
    if len(frame) == 0:
        return pd.Series(False, index=frame.index)
    code = frame["grid_code"].astype(object)
    return ~code.map(lambda c: isinstance(c, str) and c in codes).astype(bool)


def _empty_reasons(project: Any, period: pd.DataFrame, kind: str) -> dict[str, str]:
    """Why a table of the pack has no rows although cases were received (else nothing)."""
    if len(period) == 0:
        return {}
    word = "本月" if kind == "month" else "本期"
    reasons: dict[str, str] = {}
    if period["grid_code"].isna().all():
        text = f"{word}受理的 {len(period)} 件诉求均未定位到网格（无网格编码）"
        reasons.update(top_rate=text, worsened=text)
    if period["village_code"].isna().all():
        reasons["village_rank"] = f"{word}受理的诉求均无所属村（社区）编码"
    if len(project.layer("cadres")) == 0 or len(project.layer("assignments")) == 0:
        reasons["cadre_rank"] = "项目未录入干部或干部分工（cadres / assignments），无法排名"
    else:
        reasons["cadre_rank"] = f"{word}受理诉求所在的网格、村均未分配干部"
    return reasons


def summary_lines(report: Report) -> list[str]:
    """Plain-language key points of the pack (本期要点), computed from its tables."""
    head = report.headline["current"]
    prev = report.headline["previous"]
    word = report.previous_word
    if report.empty:
        lines = [f"本期未受理新诉求；当前超期 {head['overdue']} 件。"]
    else:
        delta = head["new"] - (prev["new"] or 0)
        trend = f"增加 {delta} 件" if delta > 0 else f"减少 {-delta} 件" if delta < 0 else "持平"
        rate = "—" if head["resolution_rate"] is None else f"{head['resolution_rate']}%"
        lines = [
            f"本期新受理诉求 {head['new']} 件，较{word}{trend}；已办结 {head['resolved']} 件，"
            f"办结率 {rate}。",
            f"当前超期未办结 {head['overdue']} 件，请责任网格长、包村干部限期办结并说明原因。",
        ]
    if report.unplaced["new"]:
        lines.append(f"未定位到网格的诉求 {report.unplaced['new']} 件，已单列，请核实地址。")
    lines += hotspot_lines(report.hotspot)
    if len(report.worsened):
        top = report.worsened.iloc[0]
        name = _text(top["grid_name"]) or _text(top["grid_code"]) or "—"
        village = _text(top["village_name"])
        lines.append(
            f"诉求增加最多：{name}{f'（{village}）' if village else ''}，较{word}增加 "
            f"{top['change']} 件。"
        )
    if len(report.repeats):
        lines.append(f"重复诉求 {len(report.repeats)} 处，需包村干部牵头化解。")
    return lines


def _text(value: Any) -> str:
    """``value`` as text, ``""`` when missing (None, NaN)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def hotspot_window(hot: Any) -> str:
    """Return the analysed period of a hot spot result: ``近12周`` or ``<from> 至 <to>``."""
    first = date.fromisoformat(hot.params["date_from"])
    last = date.fromisoformat(hot.params["date_to"])
    days = (last - first).days + 1
    return f"近{days // 7}周" if days % 7 == 0 else f"{first} 至 {last}"


def hotspot_lines(hot: Any) -> list[str]:
    """Return the pack's sentences on hot spots from a :func:`gisgrid.hotspots.hotspots` result.

    Gi* hot spots at 95 % or more (``gi_class >= 2``, as ``hotspots --json`` counts them); new
    or intensifying hot spots only when the emerging analysis ran, else why it did not.
    """
    from gisgrid.hotspots import MIN_STEPS

    if hot is None:
        return []
    grids = hot.grids
    window = hotspot_window(hot)
    names = grids.loc[grids["gi_class"] >= 2, "name"].map(_text).tolist()
    if names:
        shown = "、".join(n for n in names[:5] if n) + ("等" if len(names) > 5 else "")
        lines = [f"{window}诉求热点（Gi*，95%以上置信）{len(names)} 个网格：{shown}。"]
    else:
        lines = [f"{window}内 Gi* 未发现显著（95%以上置信）的诉求热点网格。"]
    if hot.emerging is None:
        steps = len(hot.weeks)
        lines.append(
            f"数据时段过短（仅 {steps} 个完整周，需至少 {MIN_STEPS} 个），无法判断新出现或"
            "加剧的热点，本期不作趋势判断。"
        )
        return lines
    emerging = int(grids["trend"].isin(["new_hot_spot", "intensifying_hot_spot"]).sum())
    if emerging:
        lines.append(f"时空热点分析：新出现或加剧的热点网格 {emerging} 个，需重点关注。")
    return lines


def write_pack(report: Report, out_dir: str | Path, stem: str | None = None) -> dict[str, Path]:
    """Write the Excel ledger and the A4 PDF of ``report`` into ``out_dir``.

    Returns
    -------
    dict
        ``{"xlsx": path, "pdf": path}``. The HTML page is written by
        ``gisgrid.layers.report_web.write_report_html`` (it needs the web-map layers).
    """
    from gisgrid.report_pdf import write_report_pdf
    from gisgrid.report_xlsx import write_report_xlsx

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {out}: {exc.strerror}") from None
    stem = stem or pack_stem(report)
    return {
        "xlsx": write_report_xlsx(report, out / f"{stem}.xlsx"),
        "pdf": write_report_pdf(report, out / f"{stem}.pdf"),
    }


def pack_stem(report: Report) -> str:
    """File name stem of the pack, e.g. ``周调度_2026-W47``."""
    return f"{'周调度' if report.kind == 'week' else '月度排名'}_{report.label}"
