"""Coverage figures: is every household in a grid, every grid led, every cadre within limits.

Visit coverage counts a household as visited when an issue or visit record whose ``source``
is ``"visit"`` (入户走访) names it in ``household_id`` and was reported within ``days`` days
of the reference date. The reference date is the latest ``reported_at`` in the project's
issues layer (so a project reviewed later still shows its own last weeks), not today.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import shapely

from gisgrid.assign import locate_xy
from gisgrid.cadres import cadre_loads, unit_households

VISIT_SOURCE = "visit"


def _outside(project: Any) -> int:
    """Households whose point lies outside every small grid.

    A household pinned to an existing grid (placed by hand or by ``assign --snap``) belongs
    to it and is not counted, as in :func:`gisgrid.hierarchy.validate`.
    """
    households = project.layer("households")
    small = project.layer("grids_small")
    if not len(households):
        return 0
    if not len(small):
        return int(len(households))
    geoms = np.asarray(households.geometry.array, dtype=object)
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    x[ok], y[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
    where = locate_xy(x, y, np.asarray(small.geometry.array, dtype=object))
    placed = households["pinned"].to_numpy(bool) & (
        households["grid_code"].astype(object).isin(set(small["code"].dropna())).to_numpy()
    )
    return int(((where < 0) & ~placed).sum())


def _visits(project: Any, days: int) -> tuple[set[str], pd.Timestamp | None]:
    issues = project.layer("issues")
    if not len(issues) or issues["reported_at"].notna().sum() == 0:
        return set(), None
    reference = issues["reported_at"].max()
    since = reference - pd.Timedelta(days=days)
    recent = issues[
        (issues["source"] == VISIT_SOURCE)
        & (issues["reported_at"] > since)
        & issues["household_id"].notna()
    ]
    return set(recent["household_id"].astype(str)), reference


def _stats(values: pd.Series) -> dict[str, float | None]:
    if not len(values):
        return {"min": None, "median": None, "max": None}
    return {
        "min": int(values.min()),
        "median": float(values.median()),
        "max": int(values.max()),
    }


def coverage(project: Any, days: int = 30) -> dict[str, Any]:
    """Return the coverage figures of a project as a JSON-ready dict.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project.
    days : int
        Window of the visit coverage, ending at the latest issue date.

    Returns
    -------
    dict
        ``households_total``; ``households_assigned`` (stored ``grid_code`` names an existing
        small grid); ``households_outside`` (point outside every small grid, households
        pinned to an existing grid excepted); ``grids_without_leader`` (small grid codes);
        ``leaders_not_party_members`` (small grid codes whose leader is not a party member);
        ``cadres_over_limit`` and ``cadres_without_grid`` (cadre ids); ``households_per_cadre``
        (``min``, ``median``, ``max`` over cadres leading small grids); ``visit_coverage``
        (share of households visited within ``days``); ``visit_reference_date``; ``visit_days``;
        ``visit_coverage_by_grid`` (one record per small grid: ``grid_code``, ``households``,
        ``visited``, ``share``).
    """
    households = project.layer("households")
    small = project.layer("grids_small")
    assignments = project.layer("assignments")
    cadres = project.layer("cadres")
    small_codes = [str(c) for c in small["code"].dropna()]
    grid_code = households["grid_code"].astype(object)
    counts = unit_households(project)

    leaders = assignments[assignments["role"] == "grid_leader"]
    led = set(leaders["grid_code"].dropna())
    party = dict(zip(cadres["id"], cadres["party_member"].to_numpy(bool)))
    known = set(small_codes)
    not_members = sorted(
        {
            code
            for code, cid in zip(leaders["grid_code"], leaders["cadre_id"])
            if code in known and not party.get(cid, False)
        }
    )
    loads = cadre_loads(project, assignments, counts)
    leading = leaders[["cadre_id", "grid_code"]].drop_duplicates()
    per_leader = (
        leading.assign(n=leading["grid_code"].map(counts).fillna(0)).groupby("cadre_id")["n"].sum()
    )

    visited, reference = _visits(project, days)
    is_visited = households["id"].astype(str).isin(visited).to_numpy()
    by_grid = (
        pd.DataFrame({"grid_code": grid_code, "visited": is_visited})
        .groupby("grid_code")["visited"]
        .agg(["size", "sum"])
        .reindex(small_codes, fill_value=0)
    )
    total = int(len(households))
    return {
        "households_total": total,
        "households_assigned": int(grid_code.isin(known).sum()),
        "households_outside": _outside(project),
        "grids_without_leader": sorted(known - led),
        "leaders_not_party_members": not_members,
        "cadres_over_limit": sorted(loads.index[loads["over"]].astype(str)),
        "cadres_without_grid": sorted(loads.index[loads["grids"] == 0].astype(str)),
        "households_per_cadre": _stats(per_leader),
        "visit_coverage": round(float(is_visited.sum() / total), 4) if total else None,
        "visit_days": int(days),
        "visit_reference_date": reference.date().isoformat() if reference is not None else None,
        "visit_coverage_by_grid": [
            {
                "grid_code": code,
                "households": int(n),
                "visited": int(v),
                "share": round(float(v / n), 4) if n else None,
            }
            for code, n, v in zip(by_grid.index, by_grid["size"], by_grid["sum"])
        ],
    }
