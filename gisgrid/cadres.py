"""Cadres' loads and limits, and the staffing duties the optimiser fills.

A cadre's load is the households of every unit they are assigned to (distinct units; a
unit's households are those of its own grids and of every grid below it) and the number of
those units. Limits come from the cadre (``max_households`` / ``max_grids`` when > 0) or else
from the project's staffing rules (``max_households_per_cadre`` / ``max_grids_per_cadre``).
Manual changes (the app's drag-a-cadre-onto-a-grid) are :func:`assign_cadre` and
:func:`unassign_cadre`; the optimised proposal is in :mod:`gisgrid.cadre_proposal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.repair import SINGLE_HOLDER_ROLES, LayersEdit
from gisgrid.schema import CADRE_ROLES, LEVEL_LAYERS, conform
from gisgrid.stats import ancestors


@dataclass(frozen=True)
class Duty:
    """A staffing duty: one holder of ``role`` per unit of ``level``.

    Parameters
    ----------
    role : str
        Assignment role, a key of :data:`gisgrid.schema.CADRE_ROLES`.
    level : str
        Hierarchy level of the units, e.g. ``"small"``.
    eligible_roles : tuple of str
        Cadre roles (``cadres.role``) from which new holders are proposed.
    party_member : bool
        Whether a holder must be a party member.
    """

    role: str
    level: str
    eligible_roles: tuple[str, ...]
    party_member: bool

    @property
    def layer(self) -> str:
        """Polygon layer of the duty's units."""
        return LEVEL_LAYERS[self.level]


def duties(project: Any) -> list[Duty]:
    """Return the duties the project's staffing rules ask for, given its levels and layers.

    One grid leader per small grid (a party member when ``leader_must_be_party_member``; new
    leaders come from cadres whose role is in ``leader_roles``, default ``["grid_leader"]``),
    one branch secretary per large grid (``secretary_per_large_grid``) and one liaison per
    village (``liaison_per_village``).
    """
    staffing = project.meta.staffing
    out = []
    if len(project.layer("grids_small")):
        roles = tuple(staffing.get("leader_roles", ["grid_leader"]))
        member = bool(staffing.get("leader_must_be_party_member", True))
        out.append(Duty("grid_leader", "small", roles, member))
    if len(project.layer("grids_large")) and staffing.get("secretary_per_large_grid", True):
        out.append(Duty("branch_secretary", "large", ("branch_secretary",), True))
    if len(project.layer("villages")) and staffing.get("liaison_per_village", True):
        out.append(Duty("village_liaison", "village", ("village_liaison",), False))
    return out


def unit_households(project: Any) -> pd.Series:
    """Households per unit code at every level (0 for units with none).

    Households count on their ``grid_code`` (and ``micro_code``) and roll up through
    ``parent_code``; a household with no grid counts for its ``village_code``. A project
    with one town counts every household for it.
    """
    households = project.layer("households")
    chains = ancestors(project)
    total: dict[str, int] = {}
    for level in project.meta.levels:
        for code in project.layer(LEVEL_LAYERS[level])["code"].dropna():
            total[str(code)] = 0
    key = households["grid_code"].astype(object)
    key = key.where(key.notna(), households["village_code"].astype(object))
    for code, n in key.dropna().value_counts().items():
        for unit in [code, *chains.get(code, [])]:
            total[unit] = total.get(unit, 0) + int(n)
    for code, n in households["micro_code"].dropna().value_counts().items():
        total[str(code)] = int(n)
    towns = project.layer("town")["code"].dropna()
    if len(towns) == 1:  # one township: every household, with or without a grid
        total[str(towns.iloc[0])] = len(households)
    return pd.Series(total, dtype=np.int64)


def cadre_limits(project: Any) -> pd.DataFrame:
    """Each cadre's ``max_households`` and ``max_grids`` (own value when > 0, else the rule).

    Returns
    -------
    pandas.DataFrame
        Indexed by cadre id.
    """
    staffing = project.meta.staffing
    cadres = project.layer("cadres").drop_duplicates("id").set_index("id")
    default_h = int(staffing.get("max_households_per_cadre", 300))
    default_g = int(staffing.get("max_grids_per_cadre", 8))
    own_h = cadres["max_households"].astype(np.int64)
    own_g = cadres["max_grids"].astype(np.int64)
    return pd.DataFrame(
        {
            "max_households": own_h.where(own_h > 0, default_h),
            "max_grids": own_g.where(own_g > 0, default_g),
        },
        index=cadres.index,
    )


def cadre_loads(
    project: Any, assignments: pd.DataFrame | None = None, households: pd.Series | None = None
) -> pd.DataFrame:
    """Households and units per cadre against their limits.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (cadres, limits, hierarchy).
    assignments : pandas.DataFrame, optional
        Assignment rows to count (default: the project's ``assignments`` layer).
    households : pandas.Series, optional
        Households per unit code (default: :func:`unit_households`).

    Returns
    -------
    pandas.DataFrame
        Indexed by cadre id (every cadre in the ``cadres`` layer): ``households``, ``grids``,
        ``max_households``, ``max_grids``, ``over`` (either limit exceeded).
    """
    assignments = project.layer("assignments") if assignments is None else assignments
    households = unit_households(project) if households is None else households
    limits = cadre_limits(project)
    units = assignments[["cadre_id", "grid_code"]].dropna().drop_duplicates()
    units = units.assign(n=units["grid_code"].map(households).fillna(0).astype(np.int64))
    grouped = units.groupby("cadre_id")
    out = limits.copy()
    out["households"] = grouped["n"].sum().reindex(out.index, fill_value=0).astype(np.int64)
    out["grids"] = grouped.size().reindex(out.index, fill_value=0).astype(np.int64)
    out["over"] = (out["households"] > out["max_households"]) | (out["grids"] > out["max_grids"])
    return out[["households", "grids", "max_households", "max_grids", "over"]]


def _level_of(project: Any, code: str) -> str | None:
    for level in project.meta.levels:
        if (project.layer(LEVEL_LAYERS[level])["code"] == code).any():
            return level
    return None


def assign_cadre(
    project: Any, cadre_id: str, grid_code: str, role: str = "grid_leader", replace: bool = True
) -> LayersEdit:
    """Return an undoable edit putting a cadre in charge of a unit (drop a cadre on a grid).

    Parameters
    ----------
    project : gisgrid.project.Project
        The project.
    cadre_id : str
        Id of a cadre in the ``cadres`` layer.
    grid_code : str
        Code of the unit (a grid, village or the town).
    role : str
        Assignment role, a key of :data:`gisgrid.schema.CADRE_ROLES`.
    replace : bool
        Remove the unit's other holders of ``role``; False adds the cadre beside them (e.g.
        a second grid worker). A unit has one leader, one secretary and one liaison: for
        those roles the holder is always replaced (and the note says whom it replaced).

    Returns
    -------
    gisgrid.repair.LayersEdit
        The edit; its ``notes`` warn when the cadre goes over a limit.

    Raises
    ------
    InputError
        Unknown cadre, role or unit, or a grid leader who is not a party member while the
        project requires one.
    """
    cadres = project.layer("cadres").set_index("id")
    if cadre_id not in cadres.index:
        raise InputError(f"cadre {cadre_id!r} is not in the cadres layer; pick an existing one")
    if role not in CADRE_ROLES:
        raise InputError(f"unknown role {role!r}; choose one of {', '.join(CADRE_ROLES)}")
    level = _level_of(project, grid_code)
    if level is None:
        raise InputError(f"no unit with code {grid_code!r} in the project's levels")
    staffing = project.meta.staffing
    must = role == "grid_leader" and staffing.get("leader_must_be_party_member", True)
    if must and not bool(cadres.loc[[cadre_id], "party_member"].iloc[0]):
        raise InputError(
            f"cadre {cadre_id} is not a party member and cannot lead grid {grid_code}; pick a "
            "party member or turn the rule off in the project's staffing settings"
        )
    before = project.layer("assignments")
    same = (before["role"] == role) & (before["grid_code"] == grid_code)
    replace = replace or role in SINGLE_HOLDER_ROLES  # never two leaders on one grid
    keep = ~same if replace else ~(same & (before["cadre_id"] == cadre_id))
    row = pd.DataFrame(
        [{"cadre_id": cadre_id, "role": role, "level": level, "grid_code": grid_code}]
    )
    after = conform("assignments", pd.concat([before[keep], row], ignore_index=True))
    loads = cadre_loads(project, after).loc[cadre_id]
    notes = []
    replaced = sorted(set(before.loc[same & (before["cadre_id"] != cadre_id), "cadre_id"]))
    if replace and replaced:
        notes.append(f"replaces {', '.join(map(str, replaced))} as {CADRE_ROLES[role]}")
    if loads["over"]:
        notes.append(
            f"{cadre_id} is now over their limits ({loads['grids']}/{loads['max_grids']} units, "
            f"{loads['households']}/{loads['max_households']} households)"
        )
    changed = int((~keep).sum()) + 1
    name = cadres.loc[[cadre_id], "name"].iloc[0]
    return LayersEdit(
        f"{CADRE_ROLES[role]} of {grid_code}: {name}",
        {"assignments": before},
        {"assignments": after},
        changed=changed,
        notes=notes,
    )


def unassign_cadre(
    project: Any, cadre_id: str, grid_code: str, role: str | None = None
) -> LayersEdit:
    """Return an undoable edit removing a cadre's assignment(s) to a unit (any role if None)."""
    before = project.layer("assignments")
    drop = (before["cadre_id"] == cadre_id) & (before["grid_code"] == grid_code)
    if role is not None:
        drop &= before["role"] == role
    if not drop.any():
        raise InputError(f"cadre {cadre_id} has no assignment to {grid_code}; nothing to remove")
    after = before[~drop].reset_index(drop=True)
    return LayersEdit(
        f"remove {cadre_id} from {grid_code}",
        {"assignments": before},
        {"assignments": after},
        changed=int(drop.sum()),
    )
