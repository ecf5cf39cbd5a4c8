"""Closed-loop figures (闭环): contact and resolution deadlines, overdue cases, 办结率.

Definitions (reproducible for a given reference time)
----------------------------------------------------
* **Reference time** ``at`` ("as at", 统计时点): given, or else *now* — never a time found in
  the records (one mistyped closing date must not move "now" for every case). Figures of a
  past day are asked for with an explicit ``at``.
* **Implausible dates**: receipt, contact, closing or review times before
  :data:`EARLIEST_PLAUSIBLE` (2000-01-01) or after the reference time (after now, when the
  reference time lies in the past: a case closed after a past reference time is normal).
  They are listed in :attr:`ClosedLoopResult.implausible` (ticket id, column, value) and
  counted as blank: a case with an implausible receipt time is in no period.
* **Contact on time**: first contact no later than ``sla["contact_hours"]`` after receipt.
  A case with no contact is late once that time has passed by ``at``, pending before. When
  no issue of the project has a first-contact time (the ledger records none), contact is not
  known: ``contact_on_time`` is missing for every case and the contact rate is None.
* **Deadline**: end of the N-th working day after the day of receipt, N =
  ``sla["simple_working_days"]`` or ``sla["complex_working_days"]`` (see
  :mod:`gisgrid.workdays`: official holidays and 调休 make-up days included, on the project's
  calendar).
* **Provisional**: a deadline (or overdue working days) that runs through a year whose holiday
  schedule is neither published in chinese_calendar nor entered by the office is computed on
  the rules; such cases are flagged ``provisional`` and the result carries the years and the
  note "2027 年放假安排未录入，期限按推算日历计算".
* **Resolved**: a closing time, or a state of ``resolved``/``reviewed``. **On time**:
  closing time before the deadline; resolved cases with no closing time count as resolved but
  not in the on-time rate.
* **Overdue now**: not resolved at ``at`` and ``at`` past the deadline; ``overdue_days`` are
  calendar days past the deadline (one decimal), ``overdue_workdays`` the working days
  elapsed since the deadline day.
* **办结率** of a group: of the cases *received* in the period, the share resolved by ``at``
  (e.g. 116/127 = 91.3%).
* **Repeat complaint**: a case whose household (or, without one, normalised address) has
  ``repeat_count`` or more cases within some ``repeat_days``-day window that includes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.address_match import normalise
from gisgrid.errors import Cancelled, InputError
from gisgrid.schema import LAYERS
from gisgrid.workdays import WorkCalendar, provisional_note

__all__ = [
    "EARLIEST_PLAUSIBLE",
    "ClosedLoopParams",
    "ClosedLoopResult",
    "calendar_notes",
    "closed_loop",
    "evaluate",
    "implausible_dates",
    "implausible_text",
    "now",
    "provisional_years",
    "summarise",
]

_DONE = ("resolved", "reviewed")
#: Times before this are no real record of a case (1900-01-01 is a spreadsheet's blank).
EARLIEST_PLAUSIBLE = pd.Timestamp("2000-01-01")
_TIMES = ("reported_at", "first_contact_at", "resolved_at", "reviewed_at")


@dataclass
class ClosedLoopParams:
    """What to compute.

    Parameters
    ----------
    at : datetime, optional
        Reference time ("as at") for "overdue now"; default now.
    date_from, date_to : date, optional
        Cases received in this period (inclusive days); default all.
    repeat_count, repeat_days : int
        A repeat complaint is ``repeat_count`` cases in ``repeat_days`` days.
    """

    at: datetime | None = None
    date_from: date | None = None
    date_to: date | None = None
    repeat_count: int = 3
    repeat_days: int = 30


@dataclass
class ClosedLoopResult:
    """Per-case flags and the figures per grid, village, cadre and ISO week.

    ``provisional_years`` lists the years whose computed (unpublished) holiday schedule some
    deadline depends on; :attr:`notes` then says so. ``implausible`` lists the dates counted
    as blank (columns ``id``, ``column``, ``value``); ``latest`` is the latest plausible time
    recorded (None without any).
    """

    at: pd.Timestamp
    issues: pd.DataFrame
    totals: dict[str, Any]
    by_grid: pd.DataFrame
    by_village: pd.DataFrame
    by_cadre: pd.DataFrame
    by_week: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    provisional_years: list[int] = field(default_factory=list)
    implausible: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["id", "column", "value"])
    )
    latest: pd.Timestamp | None = None

    @property
    def provisional(self) -> bool:
        """Whether some figure depends on a computed (provisional) holiday schedule."""
        return bool(self.provisional_years)

    @property
    def notes(self) -> list[str]:
        """Notes to show beside the figures (the provisional-calendar note)."""
        return [provisional_note(self.provisional_years)] if self.provisional_years else []

    def implausible_text(self, examples: int = 3) -> str:
        """Return one line on the implausible dates ("" when there are none).

        See :func:`implausible_text`.
        """
        return implausible_text(self.implausible, examples)

    def to_dict(self, max_rows: int | None = None) -> dict[str, Any]:
        """Return JSON-ready figures (tables as lists of records)."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            part = frame if max_rows is None else frame.head(max_rows)
            return part.astype(object).where(part.notna(), None).to_dict("records")

        overdue = self.issues[self.issues["overdue_now"]].sort_values(
            "overdue_days", ascending=False
        )
        cols = ["id", "category", "grid_code", "village_code", "reported_at", "due_at"]
        cols += ["overdue_days", "overdue_workdays", "provisional"]
        implausible = [
            {"id": r.id, "column": r.column, "value": pd.Timestamp(r.value).isoformat()}
            for r in self.implausible.itertuples(index=False)
        ]
        return {
            "params": self.params,
            "at": self.at.isoformat(),
            "latest_record": None if self.latest is None else self.latest.isoformat(),
            "implausible_dates": implausible,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "notes": self.notes,
            "totals": self.totals,
            "overdue": records(overdue[cols]),
            "by_grid": records(self.by_grid),
            "by_village": records(self.by_village),
            "by_cadre": records(self.by_cadre),
            "by_week": records(self.by_week),
        }


def _when(value: Any) -> str:
    t = pd.Timestamp(value)
    return f"{t:%Y-%m-%d}" if t == t.normalize() else f"{t:%Y-%m-%d %H:%M}"


def now() -> pd.Timestamp:
    """Return the default reference time: the computer's local time, to the second."""
    return pd.Timestamp.now().floor("s")


def implausible_dates(issues: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """Return the times of ``issues`` before 2000 or after ``max(at, now)``.

    Returns
    -------
    DataFrame
        ``id``, ``column``, ``value``: one row per implausible time, in the records' order.
    """
    horizon = max(pd.Timestamp(at), now())
    parts = []
    for order, column in enumerate(_TIMES):
        if column not in issues:
            continue
        t = pd.to_datetime(issues[column])
        bad = ((t < EARLIEST_PLAUSIBLE) | (t > horizon)).to_numpy()
        if bad.any():
            ids = issues["id"].astype(object).to_numpy()[bad]
            row = np.flatnonzero(bad) * len(_TIMES) + order
            parts.append(
                pd.DataFrame({"id": ids, "column": column, "value": t[bad].to_numpy(), "_o": row})
            )
    if not parts:
        return pd.DataFrame(columns=["id", "column", "value"])
    found = pd.concat(parts, ignore_index=True).sort_values("_o", kind="stable")
    return found.drop(columns="_o").reset_index(drop=True)


def implausible_text(found: pd.DataFrame, examples: int = 3) -> str:
    """Return one line on implausible dates (rows of :func:`implausible_dates`), or "".

    E.g. ``3 条记录日期不合理（早于2000年或晚于统计时点），按空白计：12345-001 办结时间
    1900-01-01、… …`` (ticket id, column and value of the first ``examples``).
    """
    if len(found) == 0:
        return ""
    labels = LAYERS["issues"].labels
    shown = "、".join(
        f"{r.id} {labels.get(r.column, r.column)} {_when(r.value)}"
        for r in found.head(examples).itertuples(index=False)
    )
    more = " …" if len(found) > examples else ""
    n = found["id"].nunique()
    return f"{n} 条记录日期不合理（早于2000年或晚于统计时点），按空白计：{shown}{more}"


def _blank_implausible(issues: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """``issues`` with implausible times made blank (NaT)."""
    horizon = max(pd.Timestamp(at), now())
    out = issues.copy()
    for column in _TIMES:
        if column in out:
            t = pd.to_datetime(out[column])
            out[column] = t.where((t >= EARLIEST_PLAUSIBLE) & (t <= horizon))
    return out


def _latest(frame: pd.DataFrame) -> pd.Timestamp | None:
    times = [pd.to_datetime(frame[c]).max() for c in _TIMES if c in frame]
    times = [t for t in times if pd.notna(t)]
    return pd.Timestamp(max(times)) if times else None


def _repeat_flags(keys: pd.Series, times: pd.Series, count: int, days: int) -> np.ndarray:
    """Cases in a window of ``days`` days holding ``count`` or more cases of the same key."""
    flags = np.zeros(len(keys), dtype=bool)
    frame = pd.DataFrame({"key": keys.to_numpy(), "t": times.to_numpy(), "i": np.arange(len(keys))})
    frame = frame[frame["key"].notna() & frame["t"].notna()]
    window = np.timedelta64(days, "D")
    for _, group in frame.groupby("key", sort=False):
        if len(group) < count:
            continue
        group = group.sort_values("t")
        t = group["t"].to_numpy()
        idx = group["i"].to_numpy()
        start = np.searchsorted(t, t - window, side="left")  # window (t_j - days, t_j]
        for j in np.flatnonzero(np.arange(len(t)) - start + 1 >= count):
            flags[idx[start[j] : j + 1]] = True
    return flags


def evaluate(
    issues: pd.DataFrame,
    sla: dict[str, float],
    at: pd.Timestamp,
    repeat_count: int = 3,
    repeat_days: int = 30,
    calendar: WorkCalendar | None = None,
    contact_recorded: bool | None = None,
) -> pd.DataFrame:
    """Per-case closed-loop flags (array work; no project needed).

    ``calendar`` is the working-day calendar (default: chinese_calendar's years, then the
    rules; a project's own is ``WorkCalendar.from_project(project)``). ``contact_recorded``
    False (default: whether some case of ``issues`` has a first-contact time) leaves
    ``contact_on_time`` missing for every case: contact is not known, not late.

    Returns
    -------
    DataFrame
        ``issues`` plus ``contact_due``, ``contact_on_time`` (True/False/NaN pending),
        ``due_at``, ``resolved``, ``on_time`` (True/False/NaN), ``overdue_now``,
        ``overdue_days``, ``overdue_workdays``, ``repeat``, ``week`` and ``provisional``
        (the deadline or the overdue working days rest on a computed year).
    """
    calendar = calendar or WorkCalendar()
    out = issues.copy()
    rep = pd.to_datetime(out["reported_at"])
    contact = pd.to_datetime(out["first_contact_at"])
    closed = pd.to_datetime(out["resolved_at"])
    hours = float(sla.get("contact_hours", 1))
    out["contact_due"] = rep + pd.Timedelta(hours=hours)
    late_contact = (contact > out["contact_due"]) | (contact.isna() & (at > out["contact_due"]))
    on_contact = contact.notna() & (contact <= out["contact_due"])
    out["contact_on_time"] = pd.Series(np.nan, index=out.index, dtype=object)
    if contact_recorded is None:
        contact_recorded = bool(contact.notna().any())
    if contact_recorded:
        out.loc[on_contact, "contact_on_time"] = True
        out.loc[late_contact, "contact_on_time"] = False
    complex_ = out["complexity"].astype(object).eq("complex").to_numpy()
    n_days = np.where(
        complex_, int(sla.get("complex_working_days", 3)), int(sla.get("simple_working_days", 1))
    )
    out["due_at"] = pd.to_datetime(calendar.due_dates(rep, n_days))
    resolved = closed.notna() | out["status"].isin(_DONE)
    resolved &= ~(closed > at)  # closed after the reference time: still open then
    out["resolved"] = resolved.to_numpy()
    on_time = pd.Series(np.nan, index=out.index, dtype=object)
    known = resolved & closed.notna()
    on_time[known] = (closed[known] <= out["due_at"][known]).to_numpy()
    out["on_time"] = on_time
    overdue = ~resolved & (at > out["due_at"])
    out["overdue_now"] = overdue.to_numpy()
    over = (at - out["due_at"]).dt.total_seconds() / 86400.0
    out["overdue_days"] = over.where(overdue).round(1)
    deadline_day = out["due_at"] - pd.Timedelta(days=1)
    at_days = pd.Series([at] * int(overdue.sum()))
    wd = calendar.working_days_between(deadline_day[overdue], at_days)
    out["overdue_workdays"] = pd.Series(np.nan, index=out.index)
    out.loc[overdue, "overdue_workdays"] = wd
    provisional = calendar.provisional_mask(rep, deadline_day)
    provisional[overdue.to_numpy()] |= calendar.provisional_mask(deadline_day[overdue], at_days)
    key = out["household_id"].astype(object).where(out["household_id"].notna(), None)
    addr = out["address"].astype(object).map(lambda a: normalise(a) or None)
    key = key.where(key.notna(), "addr:" + addr.where(addr.notna(), ""))
    key = key.where(key != "addr:", None)
    out["repeat"] = _repeat_flags(key, rep, repeat_count, repeat_days)
    iso = rep.dt.isocalendar()
    out["week"] = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    out["provisional"] = provisional
    return out


def provisional_years(cases: pd.DataFrame, at: pd.Timestamp, calendar: WorkCalendar) -> list[int]:
    """Return the computed years the deadlines and overdue counts of ``cases`` rest on.

    ``cases`` are rows of :func:`evaluate` (any subset); ``at`` its reference time.
    """
    if len(cases) == 0 or "due_at" not in cases:
        return []
    due_day = pd.to_datetime(cases["due_at"]) - pd.Timedelta(days=1)
    years = calendar.provisional_years(pd.to_datetime(cases["reported_at"]), due_day)
    overdue = cases["overdue_now"].astype(bool).to_numpy()
    if overdue.any():
        late = due_day[overdue]
        years += calendar.provisional_years(late, pd.Series([at] * len(late)))
    return sorted(set(years))


def calendar_notes(project: Any, cases: pd.DataFrame, at: pd.Timestamp) -> list[str]:
    """Return the provisional-calendar note for figures over ``cases`` (or no note).

    For packs built from :func:`evaluate` rows of ``project``, e.g.
    ``["2027 年放假安排未录入，期限按推算日历计算"]``.
    """
    years = provisional_years(cases, at, WorkCalendar.from_project(project))
    return [provisional_note(years)] if years else []


def summarise(cases: pd.DataFrame, by: str | None) -> pd.DataFrame | dict[str, Any]:
    """Figures of ``cases`` per value of column ``by`` (or overall when None).

    Columns: ``new``, ``resolved``, ``resolution_rate`` (办结率, %), ``on_time``,
    ``on_time_rate`` (%), ``contact_rate`` (%), ``overdue``, ``satisfaction`` (mean),
    ``repeat``.
    """
    frame = cases.assign(
        _on=cases["on_time"].eq(True),
        _known=cases["on_time"].notna(),
        _cok=cases["contact_on_time"].eq(True),
        _cknown=cases["contact_on_time"].notna(),
    )
    named = {
        "new": ("id", "size"),
        "resolved": ("resolved", "sum"),
        "on_time": ("_on", "sum"),
        "_known": ("_known", "sum"),
        "_cok": ("_cok", "sum"),
        "_cknown": ("_cknown", "sum"),
        "overdue": ("overdue_now", "sum"),
        "satisfaction": ("satisfaction", "mean"),
        "repeat": ("repeat", "sum"),
    }
    if by is None:
        table = frame.assign(_all="all").groupby("_all").agg(**named)
    else:
        table = frame.groupby(by, dropna=True).agg(**named)
    table["resolution_rate"] = (100.0 * table["resolved"] / table["new"]).round(1)
    table["on_time_rate"] = (100.0 * table["on_time"] / table["_known"]).round(1)
    table["contact_rate"] = (100.0 * table["_cok"] / table["_cknown"]).round(1)
    table["satisfaction"] = table["satisfaction"].round(2)
    cols = ["new", "resolved", "resolution_rate", "on_time", "on_time_rate", "contact_rate"]
    table = table[[*cols, "overdue", "satisfaction", "repeat"]]
    for col in ("new", "resolved", "on_time", "overdue", "repeat"):
        table[col] = table[col].astype(int)
    if by is None:
        row = {c: table[c].iloc[0] for c in table.columns}
        return {k: (None if pd.isna(v) else v.item()) for k, v in row.items()}
    return table.reset_index()


def _cadre_links(project: Any, cases: pd.DataFrame) -> pd.DataFrame:
    """Cases × cadres responsible for their small grid, its large grid or its village."""
    assignments = project.layer("assignments")
    if len(assignments) == 0:
        return pd.DataFrame(columns=[*cases.columns, "cadre_id"])
    parents: dict[str, str] = {}
    for layer in ("grids_micro", "grids_small", "grids_large"):
        polys = project.layer(layer)
        parents.update(zip(polys["code"].astype(str), polys["parent_code"].astype(str)))
    units = []
    for code, village in zip(cases["grid_code"].astype(object), cases["village_code"]):
        chain, c = set(), code
        while isinstance(c, str) and c not in chain:
            chain.add(c)
            c = parents.get(c)
        if isinstance(village, str):
            chain.add(village)
        units.append(sorted(chain))
    links = cases.assign(_unit=units).explode("_unit")
    links = links.merge(
        assignments[["cadre_id", "grid_code"]].rename(columns={"grid_code": "_unit"}),
        on="_unit",
    )
    return links.drop_duplicates(["id", "cadre_id"]).drop(columns="_unit")


def closed_loop(
    project: Any,
    params: ClosedLoopParams | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ClosedLoopResult:
    """Compute the closed-loop figures of ``project``'s issues.

    The reference time is ``params.at`` or now; implausible times (before 2000, after the
    reference time or now) count as blank and are listed in the result's ``implausible``.

    Raises
    ------
    InputError
        If the project has no issues received in the period up to the reference time.
    """
    params = params or ClosedLoopParams()

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(fraction, message)

    issues = project.layer("issues")
    if len(issues) == 0:
        raise InputError("the project has no issues; import some with `gisgrid issues import`")
    step(0.05, "selecting")
    at = pd.Timestamp(params.at) if params.at is not None else now()
    implausible = implausible_dates(issues, at)
    issues = _blank_implausible(issues, at)
    rep = pd.to_datetime(issues["reported_at"])
    keep = rep.notna() & (rep <= at)
    if params.date_from is not None:
        keep &= rep >= pd.Timestamp(params.date_from)
    if params.date_to is not None:
        keep &= rep < pd.Timestamp(params.date_to) + pd.Timedelta(days=1)
    frame = pd.DataFrame(issues.drop(columns=issues.geometry.name)).loc[keep]
    if len(frame) == 0:
        if rep.notna().any() and not (rep <= at).any():
            raise InputError(
                f"no issue was received by {at:%Y-%m-%d %H:%M}, the reference time (the first "
                f"receipt time is {rep.min():%Y-%m-%d}); give a later --at, or check the "
                "computer's clock"
            )
        if rep.isna().all():
            raise InputError(
                "no issue carries a plausible receipt time (2000 or later, not in the future)"
                "; import issues with a receipt-time column"
            )
        raise InputError(
            f"no issues received in the period {params.date_from or '…'} – "
            f"{params.date_to or at.date()}; choose other dates"
        )
    step(0.2, "deadlines")
    calendar = WorkCalendar.from_project(project)
    cases = evaluate(
        frame.reset_index(drop=True),
        project.meta.sla,
        at,
        params.repeat_count,
        params.repeat_days,
        calendar=calendar,
        contact_recorded=bool(pd.to_datetime(issues["first_contact_at"]).notna().any()),
    )
    step(0.7, "figures")
    cadres = _cadre_links(project, cases)
    if len(cadres) == 0:  # no cadres or no assignments: the same columns, no rows
        cadres = cases.iloc[:0].assign(cadre_id=pd.Series(dtype=object))
    names = project.layer("cadres")[["id", "name"]].rename(columns={"id": "cadre_id"})
    by_cadre = summarise(cadres, "cadre_id")
    by_cadre["cadre_id"] = by_cadre["cadre_id"].astype(object)
    names["cadre_id"] = names["cadre_id"].astype(object)
    by_cadre = by_cadre.merge(names, on="cadre_id", how="left")
    step(0.95, "done")
    return ClosedLoopResult(
        at=at,
        issues=cases,
        totals=summarise(cases, None),
        by_grid=summarise(cases, "grid_code"),
        by_village=summarise(cases, "village_code"),
        by_cadre=by_cadre,
        by_week=summarise(cases, "week"),
        params={
            "at": at.isoformat(),
            "from": str(params.date_from) if params.date_from else None,
            "to": str(params.date_to) if params.date_to else None,
            "sla": dict(project.meta.sla),
            "repeat": [params.repeat_count, params.repeat_days],
        },
        provisional_years=provisional_years(cases, at, calendar),
        implausible=implausible,
        latest=_latest(issues),
    )
