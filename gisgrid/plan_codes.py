"""Codes for planned grids: today's code where a new grid carries on an old one, else the next.

Codes are stable (DESIGN.md): a planned grid keeps the code of today's grid it shares most
households (or, where there are none, land) with (an optimal one-to-one matching, so no code
is used twice); the others get the lowest sequence numbers not in use under the parent, in
reading order — rows from north to south, west to east within a row — as grid maps are read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from scipy.optimize import linear_sum_assignment


def reading_order(geoms: np.ndarray) -> np.ndarray:
    """Return the indices of ``geoms`` in reading order: north→south rows, west→east in each row.

    Rows are bands as tall as a typical grid (square root of the mean area).
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.zeros(0, dtype=np.int64)
    pts = shapely.get_coordinates(shapely.point_on_surface(geoms))
    band = float(np.sqrt(np.mean(shapely.area(geoms)))) or 1.0
    row = np.floor((pts[:, 1].max() - pts[:, 1]) / band)
    return np.lexsort((pts[:, 0], row))


def assign_codes(
    parent_code: str,
    width: int,
    geoms: np.ndarray,
    hh_grid: np.ndarray,
    today: pd.DataFrame,
    hh_old: np.ndarray,
    reuse: bool = True,
    locked: set[str] | frozenset[str] = frozenset(),
    shared: np.ndarray | None = None,
) -> list[str]:
    """Codes for the planned grids ``geoms`` of the parent ``parent_code``.

    Parameters
    ----------
    parent_code : str
        The parent's code; children are ``parent_code`` + ``width`` digits.
    width : int
        Digits of the sequence number.
    geoms : ndarray of Polygon
        The planned grids.
    hh_grid : ndarray of int
        Planned grid of each of the parent's households (``-1``: none).
    today : DataFrame
        Today's child grids of the parent (index: row positions that ``hh_old`` uses).
    hh_old : ndarray of int
        Row of today's grid holding each of those households (``-1``: none).
    reuse : bool
        Keep today's codes where a planned grid carries on an old one.
    locked : set of str
        Codes kept by locked grids (never given to a planned grid).
    shared : ndarray of shape (len(geoms), len(today)), optional
        What each planned grid shares with each of today's grids, used instead of the
        households when given (e.g. shared area, for land without households).

    Returns
    -------
    list of str
    """
    k = len(geoms)
    codes: list[str | None] = [None] * k
    today_codes = today["code"].astype(object).to_numpy()
    locked_rows = np.array([c in locked for c in today_codes], dtype=bool)
    if reuse and len(today) and k:
        if shared is None:
            pos = {row: i for i, row in enumerate(today.index)}
            old = np.array([pos.get(int(r), -1) for r in hh_old], dtype=np.int64)
            ok = (old >= 0) & (hh_grid >= 0)
            shared = np.zeros((k, len(today)))
            np.add.at(shared, (hh_grid[ok], old[ok]), 1.0)
        shared = np.array(shared, dtype=float)
        shared[:, locked_rows] = 0
        rows, cols = linear_sum_assignment(-shared)
        for r, c in zip(rows, cols):
            if shared[r, c] > 0 and _is_child(today_codes[c], parent_code, width):
                codes[r] = str(today_codes[c])
    used = {int(c[len(parent_code) :]) for c in codes if c}
    used |= {
        int(str(c)[len(parent_code) :])
        for c in today_codes
        if _is_child(c, parent_code, width) and (reuse or str(c) in locked)
    }
    number = 1
    for i in reading_order(geoms):
        if codes[i]:
            continue
        while number in used:
            number += 1
        if number >= 10**width:
            raise ValueError(f"{parent_code}: more than {10**width - 1} child codes")
        codes[i] = f"{parent_code}{number:0{width}d}"
        used.add(number)
    return [str(c) for c in codes]


def shared_area(geoms: np.ndarray, today: np.ndarray) -> np.ndarray:
    """Area each of ``geoms`` shares with each of ``today`` (same units), a dense matrix."""
    geoms = np.asarray(geoms, dtype=object)
    today = np.asarray(today, dtype=object)
    out = np.zeros((len(geoms), len(today)))
    if len(geoms) == 0 or len(today) == 0:
        return out
    i, j = shapely.STRtree(today).query(geoms, predicate="intersects")
    if len(i):
        out[i, j] = shapely.area(shapely.intersection(geoms[i], today[j]))
    return out


def _is_child(code: object, parent_code: str, width: int) -> bool:
    text = str(code)
    tail = text[len(parent_code) :]
    return text.startswith(parent_code) and len(tail) == width and tail.isdigit()
