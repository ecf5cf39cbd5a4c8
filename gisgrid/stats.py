"""Figures per unit at every level: area (m² and 亩), households, population, cadres, issues."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.errors import Cancelled
from gisgrid.hierarchy import LEVEL_NAMES, SQM_PER_MU
from gisgrid.schema import LEVEL_LAYERS

STAT_LABELS = {
    "code": "编码",
    "name": "名称",
    "parent_code": "上级编码",
    "area_m2": "面积(m²)",
    "area_mu": "面积(亩)",
    "households": "户数",
    "population": "人口",
    "cadres": "干部数",
    "issues": "诉求件数",
}


def ancestors(project: Any) -> dict[str, list[str]]:
    """Map every unit code to the codes above it (nearest first), by ``parent_code``."""
    parent: dict[str, str] = {}
    for level in project.meta.levels:
        frame = project.layer(LEVEL_LAYERS[level])
        for code, up in zip(frame["code"], frame["parent_code"]):
            if isinstance(code, str) and isinstance(up, str) and up:
                parent[code] = up
    chains: dict[str, list[str]] = {}
    for code in parent:
        chain, seen, cur = [], {code}, code
        while cur in parent and parent[cur] not in seen:  # guard against cycles in bad data
            cur = parent[cur]
            seen.add(cur)
            chain.append(cur)
        chains[code] = chain
    return chains


def _roll_up(keys: pd.Series, weights: pd.Series, chains: dict[str, list[str]]) -> pd.Series:
    """Sum ``weights`` on each key and on every ancestor of it."""
    base = weights.groupby(keys.to_numpy()).sum()
    total: dict[str, float] = {}
    for code, value in base.items():
        for unit in [code, *chains.get(code, [])]:
            total[unit] = total.get(unit, 0.0) + float(value)
    return pd.Series(total, dtype=float)


def unit_statistics(project: Any) -> dict[str, pd.DataFrame]:
    """Return one table per hierarchy level with area, households, population, cadres, issues.

    Households and issues count on their ``grid_code`` (or ``village_code`` when they have no
    grid) and roll up to every unit above; cadres count once per unit they or its descendants
    are assigned to.

    Returns
    -------
    dict of str to DataFrame
        Keyed by level (``town``, ``village``, ``large``, …), columns as in :data:`STAT_LABELS`.
    """
    chains = ancestors(project)
    households = project.layer("households")
    hh_key = households["grid_code"].fillna(households["village_code"]).fillna("")
    hh_count = _roll_up(hh_key, pd.Series(np.ones(len(households))), chains)
    population = _roll_up(hh_key, households["size"].astype(float), chains)
    issues = project.layer("issues")
    issue_key = issues["grid_code"].fillna(issues["village_code"]).fillna("")
    issue_count = _roll_up(issue_key, pd.Series(np.ones(len(issues))), chains)
    assignments = project.layer("assignments")
    cadre_units: dict[str, set[str]] = {}
    for cadre, code in zip(assignments["cadre_id"], assignments["grid_code"]):
        if isinstance(code, str):
            for unit in [code, *chains.get(code, [])]:
                cadre_units.setdefault(unit, set()).add(cadre)
    out: dict[str, pd.DataFrame] = {}
    for level in project.meta.levels:
        layer = LEVEL_LAYERS[level]
        if not len(project.layer(layer)):
            continue
        metric = project.to_metric(layer)
        codes = metric["code"]
        table = pd.DataFrame(
            {
                "code": codes.to_numpy(),
                "name": metric["name"].to_numpy(),
                "parent_code": metric["parent_code"].to_numpy(),
                "area_m2": metric.area.round(1).to_numpy(),
            }
        )
        table["area_mu"] = (table["area_m2"] / SQM_PER_MU).round(2)
        table["households"] = codes.map(hh_count).fillna(0).astype(int).to_numpy()
        table["population"] = codes.map(population).fillna(0).astype(int).to_numpy()
        table["cadres"] = codes.map(lambda c: len(cadre_units.get(c, ()))).to_numpy()
        table["issues"] = codes.map(issue_count).fillna(0).astype(int).to_numpy()
        out[level] = table
    return out


def statistics_sheets(stats: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables with Chinese headers, one sheet per level, for the Excel export."""
    return {LEVEL_NAMES[level]: table.rename(columns=STAT_LABELS) for level, table in stats.items()}


def export_unit_statistics(
    project: Any,
    path: str | os.PathLike,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write :func:`unit_statistics` to an Excel workbook, one sheet per level.

    Returns
    -------
    pathlib.Path
        The written file.
    """
    from gisgrid.io.workbook import write_workbook

    if progress is not None:
        progress(0.1, "统计各级单元")
    sheets = statistics_sheets(unit_statistics(project))
    if cancelled is not None and cancelled():
        raise Cancelled()
    return write_workbook(path, sheets)
