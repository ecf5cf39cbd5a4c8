"""Cadres → grids: a proposal that fills uncovered duties and rebalances overloaded cadres.

The model is a capacitated assignment solved as a mixed-integer program with HiGHS
(``scipy.optimize.milp``). One binary variable per candidate edge (an eligible cadre for an
open unit; the ``k`` nearest eligible cadres per unit, plus the current holder), one slack
per open unit (left uncovered). Constraints: every open unit gets at most one holder; every
cadre stays within the households and unit limits left after the assignments that are kept.
The objectives are lexicographic, solved in turn: cover as many units as possible; then
(unless ``reassign``) keep as many current holders of reopened units as possible; then
minimise the total distance from cadres' homes to the units (representative points, in the
project's Gauss-Krüger zone).
A household-weighted limit makes this more than a min-cost flow, hence the MILP.

Valid assignments are kept unless ``reassign``; assignments breaking a rule (a leader who is
not a party member, a cadre or unit that no longer exists, a second holder) are removed, and
the units of overloaded cadres are reopened, their current holder a candidate too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.spatial import cKDTree

from gisgrid.cadres import Duty, cadre_loads, duties, unit_households
from gisgrid.errors import InputError, ProjectError
from gisgrid.progress import stepper
from gisgrid.repair import LayersEdit
from gisgrid.schema import CADRE_ROLES, conform

DIFF_COLUMNS = ["cadre_id", "name", "role", "level", "grid_code", "distance_m", "reason"]
KEEP_BONUS_M = 1.0  # a current holder wins ties against an equally near newcomer


@dataclass
class CadreProposal:
    """A proposed change of the ``assignments`` layer, shown as a diff before it is applied.

    Attributes
    ----------
    added, removed : pandas.DataFrame
        Assignment rows to add / remove: ``cadre_id``, ``name``, ``role``, ``level``,
        ``grid_code``, ``distance_m`` (home to unit, metres), ``reason``.
    uncovered : pandas.DataFrame
        Units left without a holder: ``role``, ``level``, ``grid_code``, ``reason``.
    before, after : pandas.DataFrame
        The assignments layer now and as proposed.
    total_distance_m : float
        Sum of home-to-unit distances over every assignment of the optimised duties after
        the proposal.
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    uncovered: pd.DataFrame
    before: pd.DataFrame
    after: pd.DataFrame
    total_distance_m: float
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether the proposal changes nothing."""
        return not len(self.added) and not len(self.removed)

    @property
    def message(self) -> str:
        """One paragraph for the user: what changes, and what stays uncovered and why."""
        text = f"{len(self.added)} assignment(s) to add, {len(self.removed)} to remove"
        if len(self.uncovered):
            reasons = self.uncovered["reason"].value_counts()
            why = "; ".join(f"{n}× {r}" for r, n in reasons.items())
            text += f"; {len(self.uncovered)} unit(s) stay uncovered ({why})"
        return text

    def diff_lines(self) -> list[str]:
        """Return the diff as text lines: ``- …`` for removals, ``+ …`` for additions."""
        lines = []
        for sign, frame in (("-", self.removed), ("+", self.added)):
            for r in frame.itertuples(index=False):
                dist = "" if pd.isna(r.distance_m) else f" ({r.distance_m:,.0f} m)"
                role = CADRE_ROLES.get(r.role, r.role)
                lines.append(f"{sign} {r.cadre_id} {r.name} {role} {r.grid_code}{dist}: {r.reason}")
        for r in self.uncovered.itertuples(index=False):
            lines.append(f"! {CADRE_ROLES.get(r.role, r.role)} {r.grid_code}: {r.reason}")
        return lines

    def command(self) -> LayersEdit:
        """Return the undoable edit that writes :attr:`after` into ``assignments``."""
        return LayersEdit(
            f"cadre assignments: +{len(self.added)} −{len(self.removed)}",
            {"assignments": self.before},
            {"assignments": self.after},
            changed=len(self.added) + len(self.removed),
            notes=[self.message, *self.notes],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready proposal, as ``gisgrid assign --cadres --json`` prints it."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return [
                {k: (None if pd.isna(v) else v) for k, v in row.items()}
                for row in frame.astype(object).to_dict("records")
            ]

        return {
            "added": records(self.added),
            "removed": records(self.removed),
            "uncovered": records(self.uncovered),
            "total_distance_m": round(self.total_distance_m, 1),
            "message": self.message,
            "notes": list(self.notes),
        }


@dataclass
class _Slot:
    duty: Duty
    code: str
    reason: str  # why the unit is open
    holder: str | None = None  # current holder, a candidate too


def _unit_points(project: Any, duty: Duty) -> pd.Series:
    """Return the representative point (metric x, y) of each unit of ``duty``, by code."""
    frame = project.to_metric(duty.layer)
    frame = frame[frame["code"].notna() & ~frame.geometry.is_empty & frame.geometry.notna()]
    pts = shapely.point_on_surface(np.asarray(frame.geometry.array, dtype=object))
    xy = shapely.get_coordinates(pts)
    return pd.Series(list(map(tuple, xy)), index=frame["code"].astype(object).to_numpy())


def _homes(project: Any) -> pd.DataFrame:
    cadres = project.layer("cadres").drop_duplicates("id")
    metric = project.to_metric("cadres").drop_duplicates("id")
    geoms = np.asarray(metric.geometry.array, dtype=object)
    ok = ~shapely.is_empty(geoms) & ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, bool)
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    if ok.any():
        xy = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
        x[ok], y[ok] = xy[:, 0], xy[:, 1]
    return pd.DataFrame(
        {
            "name": cadres["name"].astype(object).to_numpy(),
            "role": cadres["role"].astype(object).to_numpy(),
            "party": cadres["party_member"].to_numpy(bool),
            "x": x,
            "y": y,
        },
        index=cadres["id"].astype(object).to_numpy(),
    )


def _distance(homes: pd.DataFrame, points: pd.Series, cadre: str, code: str) -> float:
    if cadre not in homes.index or code not in points.index:
        return float("nan")
    x, y = points[code]
    return float(np.hypot(homes.at[cadre, "x"] - x, homes.at[cadre, "y"] - y))


def _eligible(homes: pd.DataFrame, duty: Duty) -> pd.DataFrame:
    ok = homes["role"].isin(duty.eligible_roles) & np.isfinite(homes["x"])
    if duty.party_member:
        ok &= homes["party"]
    return homes[ok]


def _broken(row: Any, duty: Duty, homes: pd.DataFrame, points: pd.Series) -> str | None:
    """Why an existing assignment breaks a rule, or None."""
    if row.cadre_id not in homes.index:
        return f"cadre {row.cadre_id} is not in the cadres layer"
    if row.grid_code not in points.index:
        return f"unit {row.grid_code} does not exist at level {duty.level}"
    if duty.party_member and not homes.at[row.cadre_id, "party"]:
        return f"{CADRE_ROLES[duty.role]} must be a party member"
    return None


def propose_cadres(
    project: Any,
    reassign: bool = False,
    k: int = 10,
    time_limit: float = 60.0,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CadreProposal:
    """Propose holders for uncovered duties and rebalance overloaded cadres.

    Parameters
    ----------
    project : gisgrid.project.Project
        Project with cadres (home points), grids, households and assignments.
    reassign : bool
        Reopen every assignment of the optimised duties instead of keeping valid ones.
    k : int
        Candidate cadres per unit: the ``k`` nearest eligible ones (plus the current holder).
    time_limit : float
        Seconds the solver may take; the best proposal found by then is used.
    progress, cancelled : callable, optional
        ``progress(fraction, message)`` between steps; ``cancelled()`` polled between steps
        (raises :class:`~gisgrid.errors.Cancelled`).

    Returns
    -------
    CadreProposal
        The diff; nothing is written until its :meth:`~CadreProposal.command` is applied.

    Raises
    ------
    InputError
        If the project has no cadres or no units to staff.
    """
    step = stepper(progress, cancelled)
    cadres = project.layer("cadres")
    todo = duties(project)
    if not len(cadres):
        raise InputError("the project has no cadres; import the cadres layer first")
    if not todo:
        raise InputError("the project has no grids or villages to staff; import them first")
    before = project.layer("assignments")
    households = unit_households(project)
    homes = _homes(project)
    points = {d.role: _unit_points(project, d) for d in todo}
    optimised = before["role"].isin([d.role for d in todo]).to_numpy()
    by_role = {d.role: d for d in todo}
    removed: list[dict[str, Any]] = []
    slots: dict[tuple[str, str], _Slot] = {}
    kept = np.ones(len(before), dtype=bool)

    def drop(i: int, reason: str) -> None:
        kept[i] = False
        r = before.iloc[i]
        removed.append(_row(r.cadre_id, r.role, r.level, r.grid_code, homes, points, reason))

    # 1. rules: broken and duplicate assignments go; a second holder of one unit goes
    holder_of: dict[tuple[str, str], int] = {}
    rows = list(before.itertuples(index=False))
    order = sorted(
        np.flatnonzero(optimised),
        key=lambda i: _distance(homes, points[rows[i].role], rows[i].cadre_id, rows[i].grid_code),
    )
    for i in order:
        r = rows[i]
        duty = by_role[r.role]
        why = _broken(r, duty, homes, points[r.role])
        if why:
            drop(i, why)
            slots.setdefault((r.role, r.grid_code), _Slot(duty, r.grid_code, f"replaces: {why}"))
        elif (r.role, r.grid_code) in holder_of:
            drop(i, f"second {CADRE_ROLES[r.role]} of {r.grid_code}")
        else:
            holder_of[(r.role, r.grid_code)] = i
    slots = {
        key: s for key, s in slots.items() if key not in holder_of and key[1] in points[key[0]]
    }

    # 2. overloaded cadres (or everyone, with reassign) have their units reopened
    loads = cadre_loads(project, before[kept], households)
    for (role, code), i in holder_of.items():
        cid = rows[i].cadre_id
        if reassign or bool(loads["over"].get(cid, False)):
            kept[i] = False
            reason = "reassign" if reassign else _over_text(cid, loads)
            slots[(role, code)] = _Slot(by_role[role], code, reason, holder=cid)
    # 3. every unit with no holder at all
    for duty in todo:
        for code in points[duty.role].index:
            if (duty.role, code) not in holder_of and (duty.role, code) not in slots:
                slots[(duty.role, code)] = _Slot(duty, code, f"no {CADRE_ROLES[duty.role]}")

    step(0.3, f"optimising {len(slots):,} open units")
    fixed = cadre_loads(project, before[kept], households)
    room_h = (fixed["max_households"] - fixed["households"]).clip(lower=0)
    room_g = (fixed["max_grids"] - fixed["grids"]).clip(lower=0)
    chosen, notes = _solve(
        list(slots.values()), homes, points, households, room_h, room_g, k, time_limit, not reassign
    )

    step(0.9, "writing the proposal")
    for (_, code), cid in chosen.items():  # room left once the proposal is applied
        room_h[cid] -= int(households.get(code, 0))
        room_g[cid] -= 1
    added, uncovered, new_rows = [], [], []
    for slot in slots.values():
        cid = chosen.get((slot.duty.role, slot.code))
        level = slot.duty.level
        if cid is None:
            uncovered.append(_uncovered(slot, homes, room_h, room_g, households))
            if slot.holder is not None:
                removed.append(
                    _row(
                        slot.holder,
                        slot.duty.role,
                        level,
                        slot.code,
                        homes,
                        points,
                        f"{slot.reason}; no one within limits takes it",
                    )
                )
            continue
        new_rows.append(
            {"cadre_id": cid, "role": slot.duty.role, "level": level, "grid_code": slot.code}
        )
        if cid == slot.holder:
            continue
        if slot.holder is not None:
            removed.append(
                _row(slot.holder, slot.duty.role, level, slot.code, homes, points, slot.reason)
            )
        added.append(_row(cid, slot.duty.role, level, slot.code, homes, points, slot.reason))

    after = pd.concat(
        [before[kept], pd.DataFrame(new_rows, columns=list(before.columns[:4]))], ignore_index=True
    )
    after = conform("assignments", after)
    done = after[after["role"].isin([d.role for d in todo])]
    total = float(
        np.nansum(
            [
                _distance(homes, points[r.role], r.cadre_id, r.grid_code)
                for r in done.itertuples(index=False)
            ]
        )
    )
    if uncovered:
        notes.insert(0, _infeasible_text(uncovered, todo, homes, room_h, room_g))
    return CadreProposal(
        added=pd.DataFrame(added, columns=DIFF_COLUMNS),
        removed=pd.DataFrame(removed, columns=DIFF_COLUMNS),
        uncovered=pd.DataFrame(uncovered, columns=["role", "level", "grid_code", "reason"]),
        before=before,
        after=after,
        total_distance_m=total,
        notes=notes,
    )


def _row(
    cid: str,
    role: str,
    level: str,
    code: str,
    homes: pd.DataFrame,
    points: dict[str, pd.Series],
    reason: str,
) -> dict[str, Any]:
    name = homes.at[cid, "name"] if cid in homes.index else None
    pts = points.get(role, pd.Series(dtype=object))
    return {
        "cadre_id": cid,
        "name": name,
        "role": role,
        "level": level,
        "grid_code": code,
        "distance_m": round(_distance(homes, pts, cid, code), 1),
        "reason": reason,
    }


def _over_text(cid: str, loads: pd.DataFrame) -> str:
    r = loads.loc[cid]
    return (
        f"rebalance: {cid} over limit ({r['grids']}/{r['max_grids']} units, "
        f"{r['households']}/{r['max_households']} households)"
    )


def _uncovered(
    slot: _Slot, homes: pd.DataFrame, room_h: pd.Series, room_g: pd.Series, households: pd.Series
) -> dict[str, Any]:
    eligible = _eligible(homes, slot.duty)
    need = int(households.get(slot.code, 0))
    if not len(eligible):
        why = "no eligible cadre" + (" who is a party member" if slot.duty.party_member else "")
    elif not (
        (room_g.reindex(eligible.index, fill_value=0) >= 1)
        & (room_h.reindex(eligible.index, fill_value=0) >= need)
    ).any():
        why = "every eligible cadre is at their limits"
    else:
        why = "not enough room within the limits of the nearest eligible cadres"
    return {"role": slot.duty.role, "level": slot.duty.level, "grid_code": slot.code, "reason": why}


def _infeasible_text(
    uncovered: list[dict[str, Any]],
    todo: list[Duty],
    homes: pd.DataFrame,
    room_h: pd.Series,
    room_g: pd.Series,
) -> str:
    parts = []
    for duty in todo:
        n = sum(1 for u in uncovered if u["role"] == duty.role)
        if not n:
            continue
        eligible = _eligible(homes, duty)
        free = int((room_g.reindex(eligible.index, fill_value=0) >= 1).sum())
        kind = "eligible party members" if duty.party_member else "eligible cadres"
        parts.append(
            f"{n} unit(s) stay without a {CADRE_ROLES[duty.role]}: not enough {kind} within "
            f"the limits ({len(eligible)} eligible, {free} with room left)"
        )
    return "; ".join(parts) + "; the proposal covers the rest (best partial proposal)"


def _solve(
    slots: list[_Slot],
    homes: pd.DataFrame,
    points: dict[str, pd.Series],
    households: pd.Series,
    room_h: pd.Series,
    room_g: pd.Series,
    k: int,
    time_limit: float,
    keep_holders: bool,
) -> tuple[dict[tuple[str, str], str], list[str]]:
    """Solve the assignment MILP; return ``{(role, code): cadre_id}`` and notes.

    Units left uncovered with the ``k`` nearest candidates get every eligible cadre as a
    candidate in a second round.
    """
    cadre_ids = list(homes.index)
    cap_h = room_h.reindex(cadre_ids, fill_value=0).to_numpy(float)
    cap_g = room_g.reindex(cadre_ids, fill_value=0).to_numpy(float)
    duty_of = {s.duty.role: s.duty for s in slots}
    eligible = {role: _eligible(homes, duty) for role, duty in duty_of.items()}
    trees = {
        role: (cKDTree(e[["x", "y"]].to_numpy()), e.index.to_numpy()) if len(e) else None
        for role, e in eligible.items()
    }
    ks = np.full(len(slots), k)
    chosen: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for _ in range(2):
        edges = _edges(slots, homes, points, households, cap_h, cap_g, trees, ks)
        chosen, notes = _milp(
            slots, cadre_ids, edges, households, cap_h, cap_g, time_limit, keep_holders
        )
        widen = [
            i
            for i, slot in enumerate(slots)
            if (slot.duty.role, slot.code) not in chosen and ks[i] < len(eligible[slot.duty.role])
        ]
        if not widen:
            break
        ks[widen] = len(homes)
    return chosen, notes


def _edges(
    slots: list[_Slot],
    homes: pd.DataFrame,
    points: dict[str, pd.Series],
    households: pd.Series,
    cap_h: np.ndarray,
    cap_g: np.ndarray,
    trees: dict[str, tuple[cKDTree, np.ndarray] | None],
    ks: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate edges ``(slot, cadre column, cost in metres, is current holder)``."""
    col_of = {cid: j for j, cid in enumerate(homes.index)}
    edge_slot, edge_cadre, edge_cost, edge_keep = [], [], [], []
    found: list[dict[str, float]] = [{} for _ in slots]
    by_role: dict[str, list[int]] = {}
    for s, slot in enumerate(slots):
        by_role.setdefault(slot.duty.role, []).append(s)
    for role, members in by_role.items():  # one vectorised tree query per role and k
        if trees[role] is None:
            continue
        tree, ids = trees[role]
        xy = np.array([points[role][slots[s].code] for s in members], dtype=float)
        for kk in np.unique(ks[members]):
            rows = [i for i, s in enumerate(members) if ks[s] == kk]
            dist, idx = tree.query(xy[rows], k=int(min(kk, len(ids))))
            dist, idx = dist.reshape(len(rows), -1), idx.reshape(len(rows), -1)
            for r, i in enumerate(rows):
                found[members[i]] = dict(zip(ids[idx[r]], dist[r].tolist()))
    for s, slot in enumerate(slots):
        role = slot.duty.role
        need = float(households.get(slot.code, 0))
        holder = slot.holder
        if holder is not None and holder in col_of and np.isfinite(homes.at[holder, "x"]):
            found[s][holder] = _distance(homes, points[role], holder, slot.code) - KEEP_BONUS_M
        for cid, d in found[s].items():
            j = col_of[cid]
            if cap_g[j] >= 1 and cap_h[j] >= need:
                edge_slot.append(s)
                edge_cadre.append(j)
                edge_cost.append(max(d, 0.0))
                edge_keep.append(cid == holder)
    return (
        np.array(edge_slot, dtype=np.int64),
        np.array(edge_cadre, dtype=np.int64),
        np.array(edge_cost, dtype=float),
        np.array(edge_keep, dtype=bool),
    )


def _milp(
    slots: list[_Slot],
    cadre_ids: list[str],
    edges: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    households: pd.Series,
    cap_h: np.ndarray,
    cap_g: np.ndarray,
    time_limit: float,
    keep_holders: bool,
) -> tuple[dict[tuple[str, str], str], list[str]]:
    es, ec, cost, is_holder = edges
    n_e, n_s, n_c = len(es), len(slots), len(cadre_ids)
    if n_e == 0:
        return {}, []
    need = np.array([float(households.get(slot.code, 0)) for slot in slots])
    # rows: slots (x + u = 1), cadre households, cadre units; columns: edges, then slacks
    rows = np.concatenate([es, n_s + ec, n_s + n_c + ec, np.arange(n_s)])
    cols = np.concatenate([np.arange(n_e)] * 3 + [n_e + np.arange(n_s)])
    vals = np.concatenate([np.ones(n_e), need[es], np.ones(n_e), np.ones(n_s)])
    a = sparse.csr_array((vals, (rows, cols)), shape=(n_s + 2 * n_c, n_e + n_s))
    lower = np.concatenate([np.ones(n_s), np.full(2 * n_c, -np.inf)])
    upper = np.concatenate([np.ones(n_s), cap_h, cap_g])
    integrality = np.concatenate([np.ones(n_e), np.zeros(n_s)])
    bounds = Bounds(np.zeros(n_e + n_s), np.ones(n_e + n_s))
    keep = is_holder.astype(float) if keep_holders else np.zeros(n_e)
    # lexicographic: cover most units, then keep most current holders, then least distance
    objectives = [
        np.concatenate([np.zeros(n_e), np.ones(n_s)]),
        np.concatenate([-keep, np.zeros(n_s)]),
        np.concatenate([cost, np.zeros(n_s)]),
    ]
    constraints = [LinearConstraint(a, lower, upper)]
    notes: list[str] = []
    res = None
    for c in objectives:
        if not c.any():
            continue
        res = milp(
            c,
            integrality=integrality,
            bounds=bounds,
            constraints=constraints,
            options={"time_limit": time_limit, "mip_rel_gap": 1e-7},
        )
        if res.x is None:
            raise ProjectError(
                f"the cadre optimiser found no proposal ({res.message}); try again with a "
                "longer time limit or fewer candidates"
            )
        if res.status != 0:
            notes.append(f"solver stopped early: {res.message}")
        best = float(c @ res.x)
        constraints.append(LinearConstraint(sparse.csr_array(c[None, :]), -np.inf, best + 1e-6))
    assert res is not None
    pick = np.flatnonzero(res.x[:n_e] > 0.5)
    return {(slots[es[e]].duty.role, slots[es[e]].code): cadre_ids[ec[e]] for e in pick}, notes
