"""The Excel roster (网格责任表): who is responsible for every small grid.

One row per small grid: code and name, village, large grid, households, grid leader, branch
secretary of its large grid, liaison cadre of its village, each with a phone number. Phone
numbers are masked (138****1234) unless ``show_contacts`` is asked for; cadres' names are
printed, since the roster exists to say who is responsible.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from gisgrid.cadres import unit_households
from gisgrid.errors import InputError
from gisgrid.io.workbook import write_workbook
from gisgrid.privacy import mask_phone
from gisgrid.stats import ancestors

SHEET = "网格责任表"
ROLE_COLUMNS = {
    "grid_leader": "网格长",
    "branch_secretary": "总支书记",
    "village_liaison": "包村干部",
}


def _holders(project: Any, role: str, show_contacts: bool) -> pd.DataFrame:
    """Per unit code: names and phones of the holders of ``role`` (joined with 、)."""
    assignments = project.layer("assignments")
    cadres = project.layer("cadres").drop_duplicates("id").set_index("id")
    rows = assignments[assignments["role"] == role]
    names = rows["cadre_id"].map(cadres["name"]).fillna(rows["cadre_id"])
    phones = rows["cadre_id"].map(cadres["phone"])
    if not show_contacts:
        phones = mask_phone(phones)
    table = pd.DataFrame(
        {"code": rows["grid_code"], "name": names.astype(object), "phone": phones.astype(object)}
    )

    def join(values: pd.Series) -> str:
        return "、".join(str(v) for v in values if isinstance(v, str) and v)

    return table.groupby("code").agg(name=("name", join), phone=("phone", join))


def roster_table(project: Any, show_contacts: bool = False) -> pd.DataFrame:
    """Return the roster as a table with Chinese headers, one row per small grid.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project.
    show_contacts : bool
        Print phone numbers in full (default: masked, e.g. ``138****1234``).

    Raises
    ------
    InputError
        If the project has no small grids.
    """
    small = project.layer("grids_small")
    if not len(small):
        raise InputError("the project has no small grids (grids_small); nothing to list")
    small = small.sort_values("code", kind="stable")
    villages = project.layer("villages").set_index("code")["name"].to_dict()
    larges = project.layer("grids_large").set_index("code")["name"].to_dict()
    chains = ancestors(project)
    households = unit_households(project)

    def first(code: Any, names: dict[str, Any]) -> str | None:
        for unit in chains.get(code, []):
            if unit in names:
                return unit
        return None

    codes = small["code"].astype(object).tolist()
    village = [first(c, villages) for c in codes]
    large = [first(c, larges) for c in codes]
    leader = _holders(project, "grid_leader", show_contacts)
    secretary = _holders(project, "branch_secretary", show_contacts)
    liaison = _holders(project, "village_liaison", show_contacts)

    def pick(table: pd.DataFrame, keys: list[Any], column: str) -> list[Any]:
        return [table[column].get(k) if k is not None else None for k in keys]

    return pd.DataFrame(
        {
            "网格编码": codes,
            "网格名称": small["name"].astype(object).tolist(),
            "村(社区)": [villages.get(v) for v in village],
            "大网格": [larges.get(g) for g in large],
            "户数": [int(households.get(c, 0)) for c in codes],
            "网格长": pick(leader, codes, "name"),
            "网格长电话": pick(leader, codes, "phone"),
            "总支书记": pick(secretary, large, "name"),
            "总支书记电话": pick(secretary, large, "phone"),
            "包村干部": pick(liaison, village, "name"),
            "包村干部电话": pick(liaison, village, "phone"),
        }
    )


def write_roster(project: Any, path: str | os.PathLike, show_contacts: bool = False) -> Path:
    """Write the roster to an .xlsx file: frozen bold header, filters, fitted widths.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project.
    path : path-like
        Output workbook (``*.xlsx``), replaced atomically.
    show_contacts : bool
        Print phone numbers in full (default: masked).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    return write_workbook(path, {SHEET: roster_table(project, show_contacts)})
