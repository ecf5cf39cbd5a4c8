"""The team responsible for one small grid, as the app's assignment panel shows it.

A small grid's team is its grid leader(s) and grid workers, the branch secretary of the large
grid it lies in and the liaison cadre of its village (found through ``parent_code``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from gisgrid.errors import InputError
from gisgrid.schema import LEVEL_LAYERS
from gisgrid.stats import ancestors

#: Roles shown for a small grid, in display order, with the level their unit is on.
TEAM_ROLES: tuple[tuple[str, str], ...] = (
    ("grid_leader", "small"),
    ("branch_secretary", "large"),
    ("village_liaison", "village"),
    ("grid_worker", "small"),
)


@dataclass(frozen=True)
class TeamMember:
    """One holder of a duty for a grid.

    Attributes
    ----------
    role : str
        Assignment role (a key of :data:`gisgrid.schema.CADRE_ROLES`).
    unit_code : str
        The unit the cadre is assigned to (the grid, its large grid or its village).
    cadre_id, name : str
        The cadre (``name`` is the id when the cadre is missing from the cadres layer).
    party_member : bool
        Whether the cadre is a party member.
    """

    role: str
    unit_code: str
    cadre_id: str
    name: str
    party_member: bool


def _unit_of(project: Any, code: str, level: str, chain: list[str]) -> str | None:
    if level == "small":
        return code
    codes = set(project.layer(LEVEL_LAYERS[level])["code"].dropna().astype(object))
    return next((c for c in chain if c in codes), None)


def team_units(project: Any, code: str) -> dict[str, str]:
    """Return, per role of :data:`TEAM_ROLES`, the unit a holder for small grid ``code`` is on.

    Examples: ``{"grid_leader": code, "grid_worker": code, "branch_secretary": <large grid>,
    "village_liaison": <village>}``; a role whose unit is missing (no large grid) is left out.
    """
    chain = ancestors(project).get(code, [])
    units = {role: _unit_of(project, code, level, chain) for role, level in TEAM_ROLES}
    return {role: unit for role, unit in units.items() if unit is not None}


def grid_team(project: Any, code: str) -> list[TeamMember]:
    """Return the team of small grid ``code``: leader, branch secretary, liaison, workers.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (``grids_small``, the hierarchy, ``assignments`` and ``cadres``).
    code : str
        Code of a small grid.

    Returns
    -------
    list of TeamMember
        In :data:`TEAM_ROLES` order; a duty nobody holds is simply absent.

    Raises
    ------
    InputError
        If ``code`` is not a small grid of the project.
    """
    if not (project.layer("grids_small")["code"] == code).any():
        raise InputError(f"no small grid with code {code!r}; pick a grid of grids_small")
    chain = ancestors(project).get(code, [])
    assignments = project.layer("assignments")
    cadres = project.layer("cadres").drop_duplicates("id").set_index("id")
    team = []
    for role, level in TEAM_ROLES:
        unit = _unit_of(project, code, level, chain)
        if unit is None:
            continue
        rows = assignments[(assignments["role"] == role) & (assignments["grid_code"] == unit)]
        for cadre_id in sorted(rows["cadre_id"].dropna().astype(object).unique()):
            known = cadre_id in cadres.index
            name = cadres.loc[cadre_id, "name"] if known else None
            member = bool(cadres.loc[cadre_id, "party_member"]) if known else False
            team.append(
                TeamMember(
                    role, unit, cadre_id, str(name) if not pd.isna(name) else cadre_id, member
                )
            )
    return team
