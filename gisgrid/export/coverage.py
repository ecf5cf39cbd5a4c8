"""The figures a cadre-coverage map shows: small grids with village, households and leader.

Shared by the print maps, the atlas and the HTML map, so every export says the same thing.
Names and phones are masked here (``gisgrid.privacy``) unless contacts are asked for, so no
renderer can leak them by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.stats import ancestors

Paper = Literal["A4", "A3"]
ColorBy = Literal["leader", "load"]

#: Paper sizes in millimetres, portrait (width, height).
PAPERS_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
COLOR_BY: tuple[str, ...] = ("leader", "load")
NO_LEADER = "未配备网格长"
MAP_TITLE = "网格责任图"


@dataclass(frozen=True)
class CoverageMapParams:
    """What a cadre-coverage export shows and on which paper.

    Parameters
    ----------
    village : str or None
        12-digit code of one village to map; None maps the whole town (and, for PDF, makes
        the atlas: an overview page plus one page per village).
    paper : {"A4", "A3"}
        Paper size of PDF/PNG output.
    landscape : bool
        Landscape instead of portrait.
    show_contacts : bool
        Print names and phone numbers in full; by default they are masked (王*明).
    color_by : {"leader", "load"}
        Colour small grids by their grid leader, or by households per grid.
    date : datetime.date, optional
        Map date printed on the sheet (default today).
    """

    village: str | None = None
    paper: Paper = "A4"
    landscape: bool = False
    show_contacts: bool = False
    color_by: ColorBy = "leader"
    date: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        if self.paper not in PAPERS_MM:
            raise InputError(f"paper {self.paper!r} is not supported; choose A4 or A3")
        if self.color_by not in COLOR_BY:
            raise InputError(f"--color-by {self.color_by!r} is unknown; choose leader or load")

    @property
    def page_mm(self) -> tuple[float, float]:
        """Page (width, height) in millimetres, after orientation."""
        w, h = PAPERS_MM[self.paper]
        return (h, w) if self.landscape else (w, h)


def short_code(code: str) -> str:
    """Short label of a small-grid code: large-grid and small-grid numbers.

    Examples
    --------
    >>> short_code("37052310320101003")
    '01-003'
    >>> short_code("G7")
    'G7'
    """
    code = str(code)
    if len(code) == 17 and code.isdigit():
        return f"{code[12:14]}-{code[14:]}"
    return code[-6:]


def _privacy():
    # The masking rules live in one place for every export (roster, maps, HTML).
    from gisgrid.privacy import mask_name, mask_phone

    return mask_name, mask_phone


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def coverage_grids(project, show_contacts: bool = False) -> gpd.GeoDataFrame:
    """Small grids with what a coverage map shows about each, in CGCS2000.

    Parameters
    ----------
    project : Project
        The open project.
    show_contacts : bool
        False (default) masks leader names (王*明) and phones (138****1234).

    Returns
    -------
    GeoDataFrame
        ``code``, ``name``, ``short_code``, ``large_code``, ``village_code``,
        ``village_name``, ``households`` (int), ``leader_id`` (``""`` when none),
        ``leader`` (name, masked unless ``show_contacts``; :data:`NO_LEADER` when none),
        ``phone`` (masked unless ``show_contacts``), one row per small grid.

    Raises
    ------
    InputError
        If the project has no small grids.
    """
    grids = project.layer("grids_small")
    if len(grids) == 0:
        raise InputError(
            f"{project.path or project.meta.name}: the project has no small grids "
            "(grids_small) to map; import them with `gisgrid import PROJECT grids_small FILE`"
        )
    mask_name, mask_phone = _privacy()
    villages = project.layer("villages")
    village_names = dict(zip(villages["code"].astype(object), villages["name"].astype(object)))
    large_codes = set(project.layer("grids_large")["code"].astype(object))
    chains = ancestors(project)

    codes = grids["code"].astype(object).map(_text)
    chain = codes.map(lambda c: chains.get(c, []))
    village = chain.map(lambda ch: next((c for c in ch if c in village_names), ""))
    large = chain.map(lambda ch: next((c for c in ch if c in large_codes), ""))

    households = project.layer("households")
    per_grid = households["grid_code"].astype(object).map(_text).value_counts()

    leader_id, leader, phone = _leaders(project, codes, show_contacts, mask_name, mask_phone)
    out = gpd.GeoDataFrame(
        {
            "code": codes.to_numpy(),
            "name": grids["name"].astype(object).map(_text).to_numpy(),
            "short_code": codes.map(short_code).to_numpy(),
            "large_code": large.to_numpy(),
            "village_code": village.to_numpy(),
            "village_name": village.map(lambda c: _text(village_names.get(c))).to_numpy(),
            "households": codes.map(per_grid).fillna(0).astype(np.int64).to_numpy(),
            "leader_id": leader_id,
            "leader": leader,
            "phone": phone,
        },
        geometry=grids.geometry.to_numpy(),
        crs=grids.crs,
    )
    return out


def _leaders(project, codes: pd.Series, show_contacts: bool, mask_name, mask_phone):
    """Grid leader per small grid (the first by cadre id when several are assigned)."""
    assignments = project.layer("assignments")
    cadres = project.layer("cadres")
    leaders = assignments[assignments["role"].astype(object) == "grid_leader"]
    leaders = leaders.assign(cadre_id=leaders["cadre_id"].astype(object).map(_text))
    leaders = leaders.sort_values("cadre_id", kind="stable").drop_duplicates("grid_code")
    by_grid = dict(zip(leaders["grid_code"].astype(object), leaders["cadre_id"]))
    names = dict(zip(cadres["id"].astype(object), cadres["name"].astype(object).map(_text)))
    phones = dict(zip(cadres["id"].astype(object), cadres["phone"].astype(object).map(_text)))

    ids = np.array([by_grid.get(c, "") for c in codes], dtype=object)
    leader, phone = [], []
    for cid in ids:
        if not cid:
            leader.append(NO_LEADER)
            phone.append("")
            continue
        name = names.get(cid) or f"干部{cid}"
        tel = phones.get(cid, "")
        leader.append(name if show_contacts else mask_name(name))
        phone.append(tel if show_contacts or not tel else mask_phone(tel))
    return ids, np.array(leader, dtype=object), np.array(phone, dtype=object)


def village_summary(project, grids: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per village: code, name, large and small grid counts, households, gaps.

    ``grids`` is :func:`coverage_grids` output. Columns: ``code``, ``name``, ``large``,
    ``small``, ``households``, ``no_leader`` (small grids without a grid leader).
    """
    villages = project.layer("villages")
    rows = []
    for code, name in zip(villages["code"].astype(object), villages["name"].astype(object)):
        mine = grids[grids["village_code"] == code]
        rows.append(
            {
                "code": _text(code),
                "name": _text(name),
                "large": int(mine["large_code"].nunique()),
                "small": len(mine),
                "households": int(mine["households"].sum()),
                "no_leader": int((mine["leader_id"] == "").sum()),
            }
        )
    return pd.DataFrame(
        rows, columns=["code", "name", "large", "small", "households", "no_leader"]
    ).sort_values("code", kind="stable", ignore_index=True)


def village_row(project, code: str) -> tuple[str, str]:
    """``(code, name)`` of village ``code``.

    Raises
    ------
    InputError
        If no village has that code, listing a few that exist.
    """
    villages = project.layer("villages")
    match = villages[villages["code"].astype(object) == code]
    if len(match) == 0:
        known = ", ".join(f"{c} {n}" for c, n in list(zip(villages["code"], villages["name"]))[:5])
        raise InputError(
            f"--village {code!r}: no village with that code in the project"
            + (f"; villages include {known}" if known else "; the project has no villages")
        )
    return code, _text(match["name"].iloc[0])
