"""Cadres → grids: a proposal that fills uncovered duties, spreads the load and rebalances.

The model is a capacitated assignment solved as a mixed-integer program with HiGHS
(``scipy.optimize.milp``). One binary variable per candidate edge (an eligible cadre for an
open unit: the ``k`` nearest eligible cadres per unit, every eligible cadre living in it, and
the current holder), one slack per open unit (left uncovered) and one integer *level* per
duty (the most units any cadre receiving a new unit of the duty holds). Constraints: every
open unit gets at most one holder; every cadre stays within the households and unit limits
left after the assignments that are kept; no cadre who receives a unit holds more units
than the level. The objectives are lexicographic, solved in turn:

1. cover as many units as possible;
2. (unless ``reassign``) keep as many current holders of reopened units as possible;
3. spread the load: minimise the levels (the largest number of units per cadre), then the
   unevenness, a convex cost of each receiving cadre's units (the ``n``-th unit costs
   ``n - 1``), so nobody takes a second unit while an eligible cadre with room is idle
   unless the coverage or the limits need it;
4. minimise the total distance from cadres' homes to their units, and then, among equally
   near cadres, the distance to the units' representative points.

**Distance** of a home to a unit is the distance to the unit's polygon in the project's
Gauss-Krüger zone: 0 for a cadre living in it. A final pass makes sure no unit goes to a
farther cadre who holds another unit too while an eligible idle cadre (holding none) with
room is nearer; the diff's ``reason`` says why each cadre was chosen ("最近的空闲党员",
"无空闲合格党员，由 X 兼任").
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


@dataclass
class _Units:
    """The units of one duty in metres: representative points and polygons, by code."""

    codes: pd.Index
    xy: np.ndarray  # (n, 2) representative points (on the surface)
    geoms: np.ndarray  # polygons (made valid where they were not)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def pos(self, code: str) -> int:
        """Row of unit ``code``."""
        return int(self.codes.get_loc(code))


def _units(project: Any, duty: Duty) -> _Units:
    """Return the units of ``duty`` (metric polygons and representative points)."""
    frame = project.to_metric(duty.layer)
    frame = frame[frame["code"].notna() & ~frame.geometry.is_empty & frame.geometry.notna()]
    frame = frame.drop_duplicates("code")
    geoms = np.asarray(frame.geometry.array, dtype=object)
    bad = ~shapely.is_valid(geoms) if len(geoms) else np.zeros(0, bool)
    if bad.any():  # distances and "lives in it" on the repaired shape
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    xy = np.zeros((0, 2))
    if len(geoms):
        xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
    return _Units(pd.Index(frame["code"].astype(object).to_numpy()), xy, geoms)


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
    names = cadres["name"].astype(object)
    ids = cadres["id"].astype(object)
    return pd.DataFrame(
        {
            "name": names.where(names.notna() & (names.astype(str).str.strip() != ""), ids)
            .astype(str)
            .to_numpy(),
            "role": cadres["role"].astype(object).to_numpy(),
            "party": cadres["party_member"].to_numpy(bool),
            "x": x,
            "y": y,
        },
        index=ids.to_numpy(),
    )


def _far(x: np.ndarray, y: np.ndarray, units: _Units, pos: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return metres from homes ``(x, y)`` to the units at ``pos``, pairwise.

    Two arrays: to the polygon (0 for a home in it) and to the representative point.
    """
    x, y, pos = np.asarray(x, float), np.asarray(y, float), np.asarray(pos, np.int64)
    if len(pos) == 0:
        return np.zeros(0), np.zeros(0)
    to_poly = shapely.distance(shapely.points(x, y), units.geoms[pos])
    to_point = np.hypot(x - units.xy[pos, 0], y - units.xy[pos, 1])
    return np.asarray(to_poly, float), to_point


def _distance(homes: pd.DataFrame, units: _Units, cadre: str, code: str) -> float:
    """Metres from ``cadre``'s home to unit ``code`` (0 when living in it; NaN if unknown)."""
    if cadre not in homes.index or code not in units or not np.isfinite(homes.at[cadre, "x"]):
        return float("nan")
    to_poly, _ = _far([homes.at[cadre, "x"]], [homes.at[cadre, "y"]], units, [units.pos(code)])
    return float(to_poly[0])


def _eligible(homes: pd.DataFrame, duty: Duty) -> pd.DataFrame:
    ok = homes["role"].isin(duty.eligible_roles) & np.isfinite(homes["x"])
    if duty.party_member:
        ok &= homes["party"]
    return homes[ok]


def _broken(row: Any, duty: Duty, homes: pd.DataFrame, units: _Units) -> str | None:
    """Why an existing assignment breaks a rule, or None."""
    if row.cadre_id not in homes.index:
        return f"cadre {row.cadre_id} is not in the cadres layer"
    if row.grid_code not in units:
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
    """Propose holders for uncovered duties, spreading the load, and rebalance overloaded cadres.

    Every unit is covered first where the limits allow; then (unless ``reassign``) current
    holders are kept; then the largest number of units per cadre is minimised and the load
    spread over the idle cadres, then the distance. No unit goes to a farther cadre who
    holds another unit while an eligible idle cadre with room is nearer. See the module
    documentation for the model.

    Parameters
    ----------
    project : gisgrid.project.Project
        Project with cadres (home points), grids, households and assignments.
    reassign : bool
        Reopen every assignment of the optimised duties instead of keeping valid ones.
    k : int
        Candidate cadres per unit: the ``k`` nearest eligible ones (plus every eligible cadre
        living in the unit and the current holder).
    time_limit : float
        Seconds the solver may take per objective; the best proposal found by then is used.
    progress, cancelled : callable, optional
        ``progress(fraction, message)`` between steps; ``cancelled()`` polled between steps
        (raises :class:`~gisgrid.errors.Cancelled`).

    Returns
    -------
    CadreProposal
        The diff; nothing is written until its :meth:`~CadreProposal.command` is applied. Each
        added row's ``reason`` says why the unit was open and why this cadre takes it.

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
    units = {d.role: _units(project, d) for d in todo}
    optimised = before["role"].isin([d.role for d in todo]).to_numpy()
    by_role = {d.role: d for d in todo}
    removed: list[dict[str, Any]] = []
    slots: dict[tuple[str, str], _Slot] = {}
    kept = np.ones(len(before), dtype=bool)

    def drop(i: int, reason: str) -> None:
        kept[i] = False
        r = before.iloc[i]
        removed.append(_row(r.cadre_id, r.role, r.level, r.grid_code, homes, units, reason))

    # 1. rules: broken and duplicate assignments go; a second holder of one unit goes
    holder_of: dict[tuple[str, str], int] = {}
    rows = list(before.itertuples(index=False))

    def nearness(i: int) -> float:
        d = _distance(homes, units[rows[i].role], rows[i].cadre_id, rows[i].grid_code)
        return np.inf if np.isnan(d) else d

    for i in sorted(np.flatnonzero(optimised), key=nearness):
        r = rows[i]
        duty = by_role[r.role]
        why = _broken(r, duty, homes, units[r.role])
        if why:
            drop(i, why)
            slots.setdefault((r.role, r.grid_code), _Slot(duty, r.grid_code, f"replaces: {why}"))
        elif (r.role, r.grid_code) in holder_of:
            drop(i, f"second {CADRE_ROLES[r.role]} of {r.grid_code}")
        else:
            holder_of[(r.role, r.grid_code)] = i
    slots = {key: s for key, s in slots.items() if key not in holder_of and key[1] in units[key[0]]}

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
        for code in units[duty.role].codes:
            if (duty.role, code) not in holder_of and (duty.role, code) not in slots:
                slots[(duty.role, code)] = _Slot(duty, code, f"no {CADRE_ROLES[duty.role]}")

    step(0.3, f"optimising {len(slots):,} open units")
    fixed = cadre_loads(project, before[kept], households)
    room_h = (fixed["max_households"] - fixed["households"]).clip(lower=0)
    room_g = (fixed["max_grids"] - fixed["grids"]).clip(lower=0)
    chosen, notes = _solve(
        list(slots.values()),
        homes,
        units,
        households,
        room_h,
        room_g,
        fixed["grids"],
        k,
        time_limit,
        not reassign,
    )
    load = {cid: int(n) for cid, n in fixed["grids"].items()}  # units per cadre, all roles
    for cid in chosen.values():
        load[cid] = load.get(cid, 0) + 1
    _prefer_idle_nearer(chosen, slots, homes, units, households, room_h, room_g, load, reassign)

    step(0.9, "writing the proposal")
    why = {
        key: _why_chosen(slots[key], cid, load, homes, units, households, room_h, room_g)
        for key, cid in chosen.items()
    }
    for (_, code), cid in chosen.items():  # room left once the proposal is applied
        room_h[cid] -= int(households.get(code, 0))
        room_g[cid] -= 1
    added, uncovered, new_rows = [], [], []
    for key, slot in slots.items():
        cid = chosen.get(key)
        role, level = slot.duty.role, slot.duty.level
        if cid is None:
            uncovered.append(_uncovered(slot, homes, room_h, room_g, households))
            if slot.holder is not None:
                text = f"{slot.reason}; no one within limits takes it"
                removed.append(_row(slot.holder, role, level, slot.code, homes, units, text))
            continue
        new_rows.append({"cadre_id": cid, "role": role, "level": level, "grid_code": slot.code})
        if cid == slot.holder:
            continue
        if slot.holder is not None:
            text = f"{slot.reason}；由 {homes.at[cid, 'name']} 接任"
            removed.append(_row(slot.holder, role, level, slot.code, homes, units, text))
        text = f"{slot.reason}；{why[key]}"
        added.append(_row(cid, role, level, slot.code, homes, units, text))

    after = pd.concat(
        [before[kept], pd.DataFrame(new_rows, columns=list(before.columns[:4]))], ignore_index=True
    )
    after = conform("assignments", after)
    done = after[after["role"].isin([d.role for d in todo])]
    total = float(
        np.nansum(
            [
                _distance(homes, units[r.role], r.cadre_id, r.grid_code)
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
    units: dict[str, _Units],
    reason: str,
) -> dict[str, Any]:
    name = homes.at[cid, "name"] if cid in homes.index else None
    found = units.get(role)
    dist = float("nan") if found is None else _distance(homes, found, cid, code)
    return {
        "cadre_id": cid,
        "name": name,
        "role": role,
        "level": level,
        "grid_code": code,
        "distance_m": round(dist, 1),
        "reason": reason,
    }


def _over_text(cid: str, loads: pd.DataFrame) -> str:
    r = loads.loc[cid]
    return (
        f"rebalance: {cid} over limit ({r['grids']}/{r['max_grids']} units, "
        f"{r['households']}/{r['max_households']} households)"
    )


def _idle_with_room(
    pool: pd.DataFrame, load: dict[str, int], room_h: pd.Series, room_g: pd.Series, need: int
) -> pd.DataFrame:
    """Return the cadres of ``pool`` holding no unit at all, with room for a unit of ``need``."""
    ids = pool.index
    idle = np.array([load.get(c, 0) == 0 for c in ids], dtype=bool)
    idle &= room_g.reindex(ids, fill_value=0).to_numpy() >= 1
    idle &= room_h.reindex(ids, fill_value=0).to_numpy() >= need
    return pool[idle]


def _nearest(pool: pd.DataFrame, units: _Units, code: str) -> tuple[np.ndarray, ...]:
    """Return the order of ``pool`` by nearness to ``code`` and both distances to it."""
    pos = np.full(len(pool), units.pos(code))
    to_poly, to_point = _far(pool["x"].to_numpy(), pool["y"].to_numpy(), units, pos)
    return np.lexsort((to_point, np.round(to_poly, 3))), to_poly, to_point


def _prefer_idle_nearer(
    chosen: dict[tuple[str, str], str],
    slots: dict[tuple[str, str], _Slot],
    homes: pd.DataFrame,
    units: dict[str, _Units],
    households: pd.Series,
    room_h: pd.Series,
    room_g: pd.Series,
    load: dict[str, int],
    reassign: bool,
) -> None:
    """Give a unit to a nearer eligible idle cadre with room instead of the chosen one.

    The optimum already has no such pair when that cadre was a candidate (the move keeps the
    coverage and the level and shortens the distance); this makes sure of it beyond the ``k``
    candidates and when the solver stopped early. Kept holders stay (unless ``reassign``).
    Updates ``chosen`` and ``load`` in place.
    """
    pools = {}
    moved = True
    while moved:
        moved = False
        for key in sorted(chosen):
            cid, slot = chosen[key], slots[key]
            if cid == slot.holder and not reassign:
                continue
            duty = slot.duty
            if duty.role not in pools:
                pools[duty.role] = _eligible(homes, duty)
            need = int(households.get(slot.code, 0))
            idle = _idle_with_room(pools[duty.role], load, room_h, room_g, need)
            if not len(idle):
                continue
            order, to_poly, to_point = _nearest(idle, units[duty.role], slot.code)
            best = order[0]
            mine = _far([homes.at[cid, "x"]], [homes.at[cid, "y"]], units[duty.role],
                        [units[duty.role].pos(slot.code)])  # fmt: skip
            if (round(to_poly[best], 3), to_point[best]) < (round(mine[0][0], 3), mine[1][0]):
                new = idle.index[best]
                chosen[key] = new
                load[cid] -= 1
                load[new] = load.get(new, 0) + 1
                moved = True


def _why_chosen(
    slot: _Slot,
    cid: str,
    load: dict[str, int],
    homes: pd.DataFrame,
    units: dict[str, _Units],
    households: pd.Series,
    room_h: pd.Series,
    room_g: pd.Series,
) -> str:
    """Why ``cid`` takes ``slot`` (for the diff), e.g. ``最近的空闲党员（住在该单元内）``."""
    duty = slot.duty
    who = "党员" if duty.party_member else "干部"
    name = homes.at[cid, "name"]
    found = units[duty.role]
    mine = _distance(homes, found, cid, slot.code)
    n = load.get(cid, 0)
    if n <= 1:
        pool = _eligible(homes, duty).drop(index=cid, errors="ignore")
        _, to_poly, _ = _nearest(pool, found, slot.code)
        nearer = pool.index[np.round(to_poly, 3) < round(mine, 3)]
        busy = sum(load.get(c, 0) > 0 for c in nearer)
        text = f"最近的空闲{who}" + ("（住在该单元内）" if mine == 0 else "")
        if busy:
            text += f"；更近的 {busy} 名已负责其他单元"
        if len(nearer) > busy:
            text += f"；更近的 {len(nearer) - busy} 名额度不足"
        return text
    need = int(households.get(slot.code, 0))
    idle = _idle_with_room(_eligible(homes, duty), load, room_h, room_g, need)
    if not len(idle):
        return f"无空闲合格{who}，由 {name} 兼任（共 {n} 个单元）"
    order, to_poly, _ = _nearest(idle, found, slot.code)
    first = order[0]
    return (
        f"由 {name} 兼任（共 {n} 个单元）；空闲的合格{who}都更远"
        f"（最近的 {idle['name'].iloc[first]} 距 {to_poly[first]:,.0f} m）"
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
    units: dict[str, _Units],
    households: pd.Series,
    room_h: pd.Series,
    room_g: pd.Series,
    held: pd.Series,
    k: int,
    time_limit: float,
    keep_holders: bool,
) -> tuple[dict[tuple[str, str], str], list[str]]:
    """Solve the assignment MILP; return ``{(role, code): cadre_id}`` and notes.

    ``held`` is the number of units each cadre keeps. Units left uncovered with the ``k``
    nearest candidates get every eligible cadre as a candidate in a second round.
    """
    cadre_ids = list(homes.index)
    cap_h = room_h.reindex(cadre_ids, fill_value=0).to_numpy(float)
    cap_g = room_g.reindex(cadre_ids, fill_value=0).to_numpy(float)
    base = held.reindex(cadre_ids, fill_value=0).to_numpy(float)
    duty_of = {s.duty.role: s.duty for s in slots}
    eligible = {role: _eligible(homes, duty) for role, duty in duty_of.items()}
    trees = {
        role: (cKDTree(e[["x", "y"]].to_numpy()), e.index.to_numpy()) if len(e) else None
        for role, e in eligible.items()
    }
    inside = _living_in(slots, units, eligible)
    ks = np.full(len(slots), k)
    chosen: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for _ in range(2):
        edges = _edges(slots, homes, units, households, cap_h, cap_g, trees, ks, inside)
        chosen, notes = _milp(
            slots, cadre_ids, edges, households, cap_h, cap_g, base, time_limit, keep_holders
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


def _living_in(
    slots: list[_Slot], units: dict[str, _Units], eligible: dict[str, pd.DataFrame]
) -> list[list[str]]:
    """Return the eligible cadres whose home lies in (or on the edge of) each slot's unit."""
    out: list[list[str]] = [[] for _ in slots]
    by_role: dict[str, list[int]] = {}
    for s, slot in enumerate(slots):
        by_role.setdefault(slot.duty.role, []).append(s)
    for role, members in by_role.items():
        pool = eligible[role]
        if not len(pool):
            continue
        tree = shapely.STRtree(shapely.points(pool["x"].to_numpy(), pool["y"].to_numpy()))
        geoms = units[role].geoms[[units[role].pos(slots[s].code) for s in members]]
        where, home = tree.query(geoms, predicate="intersects")
        for w, h in zip(where.tolist(), home.tolist()):
            out[members[w]].append(pool.index[h])
    return out


def _edges(
    slots: list[_Slot],
    homes: pd.DataFrame,
    units: dict[str, _Units],
    households: pd.Series,
    cap_h: np.ndarray,
    cap_g: np.ndarray,
    trees: dict[str, tuple[cKDTree, np.ndarray] | None],
    ks: np.ndarray,
    inside: list[list[str]],
) -> tuple[np.ndarray, ...]:
    """Return the candidate edges and their costs.

    Arrays ``(slot, cadre column, metres to the polygon, metres to the point, is current
    holder)``; a current holder counts ``KEEP_BONUS_M`` nearer.
    """
    col_of = {cid: j for j, cid in enumerate(homes.index)}
    found: list[set[str]] = [set(ins) for ins in inside]
    by_role: dict[str, list[int]] = {}
    for s, slot in enumerate(slots):
        by_role.setdefault(slot.duty.role, []).append(s)
    for role, members in by_role.items():  # one vectorised tree query per role and k
        if trees[role] is None:
            continue
        tree, ids = trees[role]
        found_role = units[role]
        xy = found_role.xy[[found_role.pos(slots[s].code) for s in members]]
        for kk in np.unique(ks[members]):
            rows = [i for i, s in enumerate(members) if ks[s] == kk]
            _, idx = tree.query(xy[rows], k=int(min(kk, len(ids))))
            idx = idx.reshape(len(rows), -1)
            for r, i in enumerate(rows):
                found[members[i]].update(ids[idx[r]].tolist())
    edge_slot, edge_cadre, edge_keep = [], [], []
    for s, slot in enumerate(slots):
        holder = slot.holder
        if holder is not None and holder in col_of and np.isfinite(homes.at[holder, "x"]):
            found[s].add(holder)
        need = float(households.get(slot.code, 0))
        for cid in sorted(found[s]):
            j = col_of[cid]
            if cap_g[j] >= 1 and cap_h[j] >= need:
                edge_slot.append(s)
                edge_cadre.append(j)
                edge_keep.append(cid == holder)
    es = np.array(edge_slot, dtype=np.int64)
    ec = np.array(edge_cadre, dtype=np.int64)
    keep = np.array(edge_keep, dtype=bool)
    to_poly, to_point = np.zeros(len(es)), np.zeros(len(es))
    for role, members in by_role.items():
        mask = np.isin(es, members)
        if not mask.any():
            continue
        found_role = units[role]
        pos = np.array([found_role.pos(slots[s].code) for s in es[mask]], dtype=np.int64)
        to_poly[mask], to_point[mask] = _far(
            homes["x"].to_numpy()[ec[mask]], homes["y"].to_numpy()[ec[mask]], found_role, pos
        )
    to_poly[keep] -= KEEP_BONUS_M
    to_point[keep] -= KEEP_BONUS_M
    return es, ec, to_poly, to_point, keep


class _Rows:
    """Sparse constraint rows built block by block: ``lower ≤ A z ≤ upper``."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.n = 0

    def block(self, n: int, lower: Any, upper: Any) -> int:
        """Open ``n`` rows with these bounds; return the first row's number."""
        first = self.n
        self.lower.append(np.broadcast_to(np.asarray(lower, float), (n,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, float), (n,)))
        self.n += n
        return first

    def add(self, rows: Any, cols: Any, vals: Any) -> None:
        """Add coefficients (``vals`` may be a scalar)."""
        rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
        self.rows.append(rows)
        self.cols.append(cols)
        self.vals.append(np.broadcast_to(np.asarray(vals, float), rows.shape))

    def constraint(self, n_var: int) -> LinearConstraint:
        a = sparse.csr_array(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.n, n_var),
        )
        return LinearConstraint(a, np.concatenate(self.lower), np.concatenate(self.upper))


def _milp(
    slots: list[_Slot],
    cadre_ids: list[str],
    edges: tuple[np.ndarray, ...],
    households: pd.Series,
    cap_h: np.ndarray,
    cap_g: np.ndarray,
    base: np.ndarray,
    time_limit: float,
    keep_holders: bool,
) -> tuple[dict[tuple[str, str], str], list[str]]:
    """Solve the lexicographic MILP over the candidate ``edges``.

    Columns: one binary ``x`` per edge; one slack ``u`` per slot (left uncovered); one integer
    level ``l`` per duty; one binary ``y`` per candidate cadre who keeps units ("receives a
    unit": kept units count only for cadres who receive one); and per candidate cadre ``t``
    one column ``w`` per unit they could hold, the ``t``-th costing ``t - 1`` in the spreading
    objective (a convex load cost: nobody takes a second unit while someone is idle).
    """
    es, ec, to_poly, to_point, is_holder = edges
    n_e, n_s, n_c = len(es), len(slots), len(cadre_ids)
    if n_e == 0:
        return {}, []
    need = np.array([float(households.get(slot.code, 0)) for slot in slots])
    roles = list(dict.fromkeys(slot.duty.role for slot in slots))
    duty_of_edge = np.array([roles.index(slot.duty.role) for slot in slots], np.int64)[es]
    users, per_user = np.unique(ec, return_counts=True)
    with_y = users[base[users] > 0]
    y_of = np.full(n_c, -1, dtype=np.int64)
    y_of[with_y] = np.arange(len(with_y))
    # w columns: cadre users[i] may hold up to base + min(room, candidate edges) units
    depth = (base[users] + np.minimum(cap_g[users], per_user)).astype(np.int64)
    w_user = np.repeat(np.arange(len(users)), depth)
    w_rank = np.arange(len(w_user)) - np.repeat(np.cumsum(depth) - depth, depth)  # 0, 1, …
    col_u, col_l = n_e, n_e + n_s
    col_y = col_l + len(roles)
    col_w = col_y + len(with_y)
    n_var = col_w + len(w_user)
    edge_ids = np.arange(n_e)
    user_of = np.searchsorted(users, ec)

    rows = _Rows()
    r = rows.block(n_s, 1, 1)  # every slot: one holder or its slack
    rows.add(r + es, edge_ids, 1)
    rows.add(r + np.arange(n_s), col_u + np.arange(n_s), 1)
    r = rows.block(n_c, -np.inf, cap_h)  # households within each cadre's room
    rows.add(r + ec, edge_ids, need[es])
    r = rows.block(n_c, -np.inf, cap_g)  # units within each cadre's room
    rows.add(r + ec, edge_ids, 1)
    r = rows.block(len(with_y), -np.inf, 0)  # units received ≤ room · y
    linked = np.flatnonzero(y_of[ec] >= 0)
    rows.add(r + y_of[ec[linked]], linked, 1)
    rows.add(r + np.arange(len(with_y)), col_y + np.arange(len(with_y)), -cap_g[with_y])
    # level: units received + kept · y ≤ level of the duty, for each (cadre, duty) with edges
    pairs = pd.DataFrame({"c": ec, "d": duty_of_edge}).drop_duplicates(ignore_index=True)
    r = rows.block(len(pairs), -np.inf, 0)
    members = pairs.reset_index(names="p").merge(pd.DataFrame({"c": ec, "e": edge_ids}), on="c")
    rows.add(r + members["p"].to_numpy(), members["e"].to_numpy(), 1)
    rows.add(r + np.arange(len(pairs)), col_l + pairs["d"].to_numpy(), -1)
    kept = pairs[base[pairs["c"].to_numpy()] > 0]
    rows.add(r + kept.index.to_numpy(), col_y + y_of[kept["c"].to_numpy()], base[kept["c"]])
    # load steps: Σ w = units received + kept · y, per candidate cadre
    r = rows.block(len(users), 0, 0)
    rows.add(r + w_user, col_w + np.arange(len(w_user)), 1)
    rows.add(r + user_of, edge_ids, -1)
    users_y = np.flatnonzero(base[users] > 0)
    rows.add(r + users_y, col_y + y_of[users[users_y]], -base[users[users_y]])

    top = float(base.max(initial=0) + cap_g.max(initial=0))
    upper = np.ones(n_var)
    upper[col_l:col_y] = top
    integrality = np.zeros(n_var)
    integrality[:n_e] = 1
    integrality[col_l:col_w] = 1

    def objective(columns: slice, values: Any) -> np.ndarray:
        c = np.zeros(n_var)
        c[columns] = values
        return c

    edges_ = slice(0, n_e)
    ties = pd.DataFrame({"s": es, "d": np.round(to_poly, 3)}).duplicated().any()
    # lexicographic: cover most units; keep most current holders; lowest levels and then the
    # least uneven loads (spread); least distance to the units; among equally near, to centres
    objectives = [
        objective(slice(col_u, col_l), 1.0),
        objective(edges_, -is_holder.astype(float)) if keep_holders else None,
        objective(slice(col_l, col_y), 1.0),
        objective(slice(col_w, n_var), w_rank.astype(float)),
        objective(edges_, to_poly),
        objective(edges_, to_point) if ties else None,
    ]
    constraints = [rows.constraint(n_var)]
    notes: list[str] = []
    res = None
    for c in objectives:
        if c is None or not c.any():
            continue
        res = milp(
            c,
            integrality=integrality,
            bounds=Bounds(np.zeros(n_var), upper),
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
        slack = 1e-6 * max(1.0, abs(best))
        constraints.append(LinearConstraint(sparse.csr_array(c[None, :]), -np.inf, best + slack))
    assert res is not None
    pick = np.flatnonzero(res.x[:n_e] > 0.5)
    return {(slots[es[e]].duty.role, slots[es[e]].code): cadre_ids[ec[e]] for e in pick}, notes
