"""Balanced automatic planning of grids: households shared out fairly, grids compact and nested.

:func:`plan_partition` re-draws the child grids of one parent (or of every parent in the
town) so that each holds ``target ± tolerance`` households, is one contiguous, compact
polygon, and together they cover the parent exactly. The method, chosen by measurement
(``bench/bench_plan.py``): tile the parent around its households (:mod:`gisgrid.plan_geometry`),
cut the tile graph with METIS and repair it (:mod:`gisgrid.partition`), dissolve the tiles.
The result is only a proposal; :meth:`PlanResult.command` returns one undoable command that
writes it into the project.

Examples
--------
>>> params = PlanParams(parent="37152110300101", count=12)
>>> result = plan_partition(project, params)  # doctest: +SKIP
>>> result.max_deviation, result.contiguous  # doctest: +SKIP
(0.04, True)
>>> result.command().do(project)  # doctest: +SKIP
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import Cancelled, InputError
from gisgrid.hierarchy import LEVEL_NAMES, explode, locate_points
from gisgrid.partition import partition
from gisgrid.plan_codes import assign_codes, shared_area
from gisgrid.plan_geometry import dissolve, polsby_popper, tessellate
from gisgrid.repair import LayersEdit
from gisgrid.schema import CADRE_ROLES, CODE_WIDTHS, LEVEL_LAYERS

#: Child level → parent level.
PARENT_LEVEL = {"large": "village", "small": "large", "micro": "small"}
#: Household column holding the code of the grid of each level (``None``: not stored).
HOUSEHOLD_COLUMN = {"large": None, "small": "grid_code", "micro": "micro_code"}
#: Issue column holding the code of the grid of a level (re-pointed when its grid is removed).
ISSUE_COLUMN = {"small": "grid_code"}
#: Values of ``PlanParams.parent`` that mean "every parent in the project".
ALL_PARENTS = ("*", "all")
#: The duty held on a grid of each level (``gisgrid.cadres.duties``): who a new grid needs.
LEADER_ROLE = {"large": "branch_secretary", "small": "grid_leader"}
#: A parent without households is shared out by area over this many times more filler tiles
#: (finer tiles, finer balance: 12 per grid balanced areas within ±8 %, 48 within ±3 %).
AREA_FILL_FACTOR = 4
#: Area weight of an average tile: tile areas go to the partitioner as integers of this scale.
AREA_UNIT = 100

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PlanParams:
    """What to plan.

    Parameters
    ----------
    parent : str
        Code of the parent unit, or the town's code / ``"all"`` for every parent of the level
        (whole-town mode), or a village code for every parent inside that village.
    level : str
        Level of the grids to draw: ``"small"`` (inside large grids), ``"micro"`` (inside
        small grids) or ``"large"`` (inside villages).
    count : int, optional
        Number of grids per parent, locked ones included (whole-town mode: in total,
        apportioned to parents by households).
    target : float, optional
        Households per grid; the count follows from it. Give ``count`` or ``target``.
    tolerance : float
        Allowed relative deviation from the target, e.g. ``0.15`` for ±15 %.
    barriers : str, path or GeoDataFrame, optional
        Lines followed as borders where possible (roads, rivers): a vector file, a project
        layer name (its polygon borders) or a frame in any CRS.
    locked : tuple of str
        Codes of grids kept exactly as they are.
    seed : int
        Seed of the partitioner, for reproducible plans.
    reuse_codes : bool
        Give a new grid the code of today's grid it shares most households with.
    fill_per_grid : int
        Filler tiles per grid over empty land (more: smoother borders, slower).
    """

    parent: str
    level: str = "small"
    count: int | None = None
    target: float | None = None
    tolerance: float = 0.15
    barriers: str | os.PathLike | gpd.GeoDataFrame | None = None
    locked: tuple[str, ...] = ()
    seed: int = 0
    reuse_codes: bool = True
    fill_per_grid: int = 12

    def check(self) -> None:
        """Raise :class:`InputError` for settings that cannot work."""
        if self.level not in PARENT_LEVEL:
            raise InputError(f"level {self.level!r} cannot be planned; use small, micro or large")
        if (self.count is None) == (self.target is None):
            raise InputError("give either a number of grids (--count) or households per grid")
        if self.count is not None and self.count < 1:
            raise InputError(f"--count must be at least 1, got {self.count}")
        if self.target is not None and not self.target > 0:
            raise InputError(f"--target must be a positive number of households, got {self.target}")
        if not 0 <= self.tolerance < 1:
            raise InputError(f"--tolerance {self.tolerance} must be between 0 and 1, e.g. 0.15")


@dataclass
class ParentPlan:
    """The plan of one parent: its target, bounds and what stood in the way."""

    code: str
    households: int
    count: int
    target: float
    locked: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    by_area: bool = False  # no households: areas were balanced instead


@dataclass
class PlanResult:
    """A proposed plan: new grids, their figures and the command that applies it.

    Attributes
    ----------
    grids : geopandas.GeoDataFrame
        The planned grids of every planned parent (locked ones included) in EPSG:4490, with
        ``code, name, parent_code, households, deviation, polsby_popper, locked``.
    target : float
        Households per grid aimed at (mean over parents in whole-town mode).
    max_deviation : float
        Largest ``|households - target| / target`` over the new grids.
    contiguous : bool
        Whether every new grid is a single polygon.
    polsby_popper_mean, polsby_popper_min : float
        Compactness of the new grids (1 for a circle).
    households_moved : int
        Households whose grid would change compared with today's grids.
    messages : list of str
        Why a tolerance could not be met, and other notes.
    """

    params: PlanParams
    layer: str
    grids: gpd.GeoDataFrame
    target: float
    max_deviation: float
    contiguous: bool
    polsby_popper_mean: float
    polsby_popper_min: float
    households_moved: int
    parents: list[ParentPlan]
    messages: list[str]
    _after: dict[str, pd.DataFrame] = field(repr=False, default_factory=dict)
    _before: dict[str, pd.DataFrame] = field(repr=False, default_factory=dict)
    _levels: tuple[list[str], list[str]] | None = field(repr=False, default=None)

    @property
    def households(self) -> pd.Series:
        """Households per planned grid, indexed by code."""
        return pd.Series(
            self.grids["households"].to_numpy(), index=self.grids["code"].to_numpy(), name="hh"
        )

    @property
    def within_tolerance(self) -> bool:
        """Whether every new grid is within the tolerance."""
        return bool(self.max_deviation <= self.params.tolerance + 1e-9)

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as JSON-ready data (the ``gisgrid plan --json`` output)."""
        return {
            "grids": [
                {"code": str(c), "households": int(h)}
                for c, h in zip(self.grids["code"], self.grids["households"])
            ],
            "target": round(float(self.target), 3),
            "max_deviation": round(float(self.max_deviation), 4),
            "contiguous": bool(self.contiguous),
            "polsby_popper_mean": round(float(self.polsby_popper_mean), 4),
            "polsby_popper_min": round(float(self.polsby_popper_min), 4),
            "households_moved": int(self.households_moved),
            "messages": [str(m) for m in self.messages],
        }

    @property
    def adds_level(self) -> bool:
        """Whether applying the plan adds its level to the project's levels."""
        return self._levels is not None

    def command(self) -> PlanEdit:
        """One undoable command that replaces the planned parents' grids with this plan.

        It also drops the assignments to grids the plan removes, puts the households into
        their new grids, and adds the planned level to the project's levels when missing.
        """
        n = int((~self.grids["locked"]).sum())
        before, after = self._levels or (None, None)
        return PlanEdit(
            f"规划网格（{n} 个）",
            dict(self._before),
            dict(self._after),
            n,
            list(self.messages),
            levels_before=before,
            levels_after=after,
        )


@dataclass
class PlanEdit(LayersEdit):
    """A plan's layers swapped in as one edit, with the project's levels when it adds one.

    ``levels_before`` / ``levels_after`` are the project's hierarchy levels before and after
    (``None``: unchanged); undo puts the old levels back.
    """

    levels_before: list[str] | None = None
    levels_after: list[str] | None = None

    def do(self, project: Any) -> None:
        """Write the planned layers (and levels)."""
        super().do(project)
        if self.levels_after is not None:
            project.meta.levels = list(self.levels_after)
            project.mark_meta_changed()

    def undo(self, project: Any) -> None:
        """Put the layers (and levels) back as they were."""
        super().undo(project)
        if self.levels_before is not None:
            project.meta.levels = list(self.levels_before)
            project.mark_meta_changed()


# -- the planner ----------------------------------------------------------------------------
def plan_partition(
    project: Any,
    params: PlanParams,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PlanResult:
    """Partition parent unit(s) into balanced, contiguous, compact child grids.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (not modified; apply :meth:`PlanResult.command`).
    params : PlanParams
        What to plan.
    progress : callable, optional
        ``progress(fraction, message)``.
    cancelled : callable, optional
        Polled between parents; when it returns True, :class:`Cancelled` is raised.

    Returns
    -------
    PlanResult

    Raises
    ------
    InputError
        For an unknown parent or locked code, bad settings or an unreadable barrier file.
    """
    params.check()
    planner = _Planner(project, params, progress, cancelled)
    return planner.run()


class _Planner:
    def __init__(self, project: Any, params: PlanParams, progress, cancelled) -> None:
        self.project = project
        self.params = params
        self.progress = progress or (lambda fraction, message: None)
        self.cancelled = cancelled or (lambda: False)
        self.level = params.level
        self.layer = LEVEL_LAYERS[self.level]
        self.parent_layer = LEVEL_LAYERS[PARENT_LEVEL[self.level]]
        self.frame = LocalFrame.around(project.bounds())

    # -- inputs ---------------------------------------------------------------------------
    def to_metric(self, geoms: np.ndarray) -> np.ndarray:
        return shapely.transform(np.asarray(geoms, dtype=object), self.frame.forward)

    def parents(self) -> pd.DataFrame:
        """Return the parent units to plan, as ``params.parent`` names them.

        A parent code plans that parent; ``all`` or the code of a one-town project plans
        every parent; the code of a town (in a county project) or of any unit above the
        parent level plans the parents under it, found by ``parent_code`` or by code prefix.
        """
        frame = self.project.layer(self.parent_layer)
        code = str(self.params.parent).strip()
        codes = frame["code"].astype(object).to_numpy()
        if len(frame) == 0:
            raise InputError(self._no_parents())
        if code.lower() in ALL_PARENTS:
            return frame
        if code in set(codes):
            return frame[codes == code]
        towns = set(self.project.layer("town")["code"].dropna().astype(str)) - {""}
        if code and (code == str(self.project.meta.code) or code in towns) and not towns - {code}:
            return frame  # the project's one town: every parent
        inside = self._under(code, frame)
        if code and inside.any():
            return frame[inside]
        hint = ", ".join(map(str, codes[:3]))
        if code in towns or self._level_of(code):
            raise InputError(
                f"{code} has no units in {self.parent_layer} under it; give one of its codes "
                f"(e.g. {hint}) or 'all'"
            )
        raise InputError(
            f"parent {code!r} is not a code in {self.parent_layer}; give one of its codes "
            f"(e.g. {hint}), the town code or 'all'"
        )

    def _no_parents(self) -> str:
        parent_level = PARENT_LEVEL[self.level]
        if parent_level == "village":
            return "villages is empty: import the village boundaries first (gisgrid import)"
        above = PARENT_LEVEL.get(parent_level, "village")
        return (
            f"{self.parent_layer} is empty: plan the {parent_level} grids first (gisgrid plan "
            f"PROJECT --parent CODE --level {parent_level} --count N, CODE a {above} code) "
            "or import them"
        )

    def _level_of(self, code: str) -> str | None:
        """Return the level above the parents whose layer holds ``code`` (town: the project)."""
        order = list(LEVEL_LAYERS)
        for level in order[: order.index(PARENT_LEVEL[self.level])]:
            frame = self.project.layer(LEVEL_LAYERS[level])
            if code in set(frame["code"].dropna().astype(str)):
                return level
        if code and code == str(self.project.meta.code):
            return "town"
        return None

    def _under(self, code: str, frame: pd.DataFrame) -> np.ndarray:
        """Mask of the parents in ``frame`` under the unit ``code``: by chain or by prefix.

        A 12-digit town code ``ccccccttt000`` is the prefix ``ccccccttt`` of its units.
        """
        if not code:
            return np.zeros(len(frame), dtype=bool)
        level = self._level_of(code)
        prefix = code[:9] if level == "town" and re.fullmatch(r"\d{9}000", code) else code
        codes = frame["code"].astype(object)
        by_prefix = codes.map(lambda c: isinstance(c, str) and c.startswith(prefix) and c != code)
        by_chain = np.zeros(len(frame), dtype=bool)
        if level is not None:
            order = list(LEVEL_LAYERS)
            units = {code}
            parent_level = PARENT_LEVEL[self.level]
            for lv in order[order.index(level) + 1 : order.index(parent_level) + 1]:
                layer = frame if lv == parent_level else self.project.layer(LEVEL_LAYERS[lv])
                hit = layer["parent_code"].astype(object).isin(units).to_numpy()
                units |= set(layer["code"].astype(object).to_numpy()[hit])
                by_chain = hit
        return by_prefix.to_numpy(dtype=bool) | by_chain

    def barriers(self) -> shapely.Geometry | None:
        source = self.params.barriers
        if source is None:
            return None
        if isinstance(source, gpd.GeoDataFrame):
            if source.crs is None:
                raise InputError("the barrier frame has no CRS; set one (e.g. EPSG:4490)")
            geoms = source.to_crs(STORAGE_CRS).geometry.to_numpy(dtype=object)
        elif str(source) in LEVEL_LAYERS.values():
            geoms = self.project.layer(str(source)).geometry.to_numpy(dtype=object)
        else:
            geoms = _read_lines(Path(source))
        lines = shapely.boundary(geoms[shapely.get_dimensions(geoms) == 2])
        lines = np.concatenate([lines, geoms[shapely.get_dimensions(geoms) == 1]])
        lines = lines[~shapely.is_empty(lines)]
        if not len(lines):
            raise InputError(f"barriers {source}: no lines or polygons in it")
        return shapely.union_all(self.to_metric(lines))

    def usable(self, parents: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """Return the parents with a polygon to plan on: invalid ones mended, missing ones left out.

        An invalid boundary kept as imported (a self-touching ring, a bow-tie) is planned on
        its repaired shape (``make_valid``); the project's own polygon stays as it is.
        """
        geoms = parents.geometry.to_numpy(dtype=object).copy()
        codes = parents["code"].astype(object).to_numpy()
        notes: list[str] = []
        missing = shapely.is_missing(geoms)
        for i in np.flatnonzero(~missing & ~shapely.is_valid(geoms)):
            geoms[i] = _polygonal(shapely.make_valid(geoms[i]))
            notes.append(
                f"{codes[i]}: 边界无效（自相交等），按修复后的边界规划；可用 gisgrid repair "
                "--fix invalid 修复 (invalid boundary: planned on its repaired shape)"
            )
        empty = np.array([g is None or shapely.is_empty(g) for g in geoms], dtype=bool)
        if empty.all():
            raise InputError(
                f"{', '.join(map(str, codes[:3]))}: no boundary polygon in {self.parent_layer}; "
                "import or draw the boundary first"
            )
        for i in np.flatnonzero(empty):
            notes.append(f"{codes[i]}: 没有边界，未规划 (no boundary polygon: not planned)")
        out = parents.copy()
        out[out.geometry.name] = gpd.GeoSeries(geoms, index=out.index, crs=parents.crs)
        return out[~empty].reset_index(drop=True), notes

    # -- run ------------------------------------------------------------------------------
    def run(self) -> PlanResult:
        parents, notes = self.usable(self.parents().reset_index(drop=True))
        children = self.project.layer(self.layer).reset_index(drop=True)
        households = self.project.layer("households").reset_index(drop=True)
        locked = set(map(str, self.params.locked))
        known = set(children["code"].astype(object))
        unknown = sorted(locked - known)
        if unknown:
            raise InputError(
                f"locked grid(s) {', '.join(unknown)} not found in {self.layer}; check the codes"
            )
        p_geoms = self.to_metric(parents.geometry.to_numpy(dtype=object))
        c_geoms = self.to_metric(children.geometry.to_numpy(dtype=object))
        for i in np.flatnonzero(~shapely.is_valid(c_geoms) & ~shapely.is_missing(c_geoms)):
            c_geoms[i] = _polygonal(shapely.make_valid(c_geoms[i]))  # e.g. a bow-tie grid
        hh_pts = self.to_metric(households.geometry.to_numpy(dtype=object))
        hh_pts[shapely.is_empty(hh_pts)] = None  # households without coordinates
        hh_xy = np.column_stack([shapely.get_x(hh_pts), shapely.get_y(hh_pts)]).reshape(-1, 2)
        hh_parent = locate_points(hh_pts, p_geoms)
        hh_old = locate_points(hh_pts, c_geoms)
        all_parents = set(self.project.layer(self.parent_layer)["code"].astype(object))
        child_parent = _child_parent(children, parents, c_geoms, p_geoms, all_parents)
        free_hh = np.bincount(hh_parent[hh_parent >= 0], minlength=len(parents))
        locked_of = [
            [i for i in np.flatnonzero(child_parent == p) if children.at[i, "code"] in locked]
            for p in range(len(parents))
        ]
        for p, idx in enumerate(locked_of):
            if idx:
                in_locked = np.isin(hh_old, idx) & (hh_parent == p)
                free_hh[p] -= int(in_locked.sum())
        counts = self._counts(free_hh, [len(x) for x in locked_of], shapely.area(p_geoms))
        barriers = self.barriers()
        self.restore = _VertexRestorer(self.frame)
        pieces, plans = [], []
        new_of_hh = np.full(len(households), -1, dtype=np.int64)
        for p in range(len(parents)):
            if self.cancelled():
                raise Cancelled()
            self.progress(p / max(len(parents), 1), f"规划 {parents.at[p, 'code']}")
            mine = np.flatnonzero(hh_parent == p)
            frame, plan, hh_grid = self.plan_parent(
                parents.iloc[p],
                p_geoms[p],
                children.iloc[locked_of[p]],
                c_geoms[locked_of[p]],
                hh_xy[mine],
                children.iloc[np.flatnonzero(child_parent == p)],
                c_geoms[np.flatnonzero(child_parent == p)],
                hh_old[mine],
                counts[p],
                barriers,
                self.count_basis[p],
            )
            base = sum(len(x) for x in pieces)
            new_of_hh[mine] = np.where(hh_grid >= 0, hh_grid + base, -1)
            pieces.append(frame)
            plans.append(plan)
        self.progress(1.0, "完成")
        grids = pd.concat(pieces, ignore_index=True) if pieces else _empty_grids()
        grids = gpd.GeoDataFrame(grids, geometry="geometry", crs=STORAGE_CRS)
        result = self.result(grids, plans, parents, children, child_parent, households, new_of_hh)
        result.messages[:0] = notes
        return result

    def _counts(self, free_hh: np.ndarray, n_locked: list[int], areas: np.ndarray) -> list[int]:
        """Grids to draw per parent (locked ones not included).

        Also sets ``self.count_basis`` per parent: how its count was found (``"count"``,
        ``"target"``, ``"households"`` or ``"area"`` when a total was shared out).
        """
        params = self.params
        n = len(free_hh)
        if params.target is not None:
            self.count_basis = ["target"] * n
            return [max(1, round(h / params.target)) if h else 1 for h in free_hh]
        if n == 1:
            self.count_basis = ["count"]
            k = params.count - n_locked[0]
            if k < 1:
                raise InputError(
                    f"--count {params.count} leaves no grid to draw beside "
                    f"{n_locked[0]} locked grid(s); raise the count"
                )
            return [k]
        total = params.count - sum(n_locked)
        if total < n:
            raise InputError(
                f"--count {params.count} is less than one grid per parent ({n} "
                "parents); raise the count or use --target"
            )
        if free_hh.sum() > 0:
            self.count_basis = ["households"] * n
            return _apportion(free_hh, total)
        self.count_basis = ["area"] * n  # no households anywhere: share the count by area
        return _apportion(np.asarray(areas, dtype=float), total)

    def plan_parent(
        self,
        parent,
        p_geom,
        locked_rows,
        locked_geoms,
        xy,
        today,
        today_geoms,
        hh_old,
        k,
        barriers,
        basis,
    ) -> tuple[pd.DataFrame, ParentPlan, np.ndarray]:
        params = self.params
        code = str(parent["code"])
        area = p_geom
        if len(locked_geoms):
            area = shapely.difference(p_geom, shapely.union_all(locked_geoms))
            self.restore.add(locked_rows.geometry.to_numpy(dtype=object), locked_geoms)
        self.restore.add(np.array([parent.geometry], dtype=object), np.array([p_geom]))
        inside = shapely.contains_xy(area, xy[:, 0], xy[:, 1]) if len(xy) else np.zeros(0, bool)
        n_hh = int(inside.sum())
        by_area = n_hh == 0
        target = n_hh / k
        plan = ParentPlan(code, n_hh, k, target, list(locked_rows["code"].astype(object)))
        plan.by_area = by_area
        tol = params.tolerance
        n_fill = params.fill_per_grid * k * (AREA_FILL_FACTOR if by_area else 1)
        tess = tessellate(area, xy[inside], barriers, n_fill=n_fill)
        if tess.n < k:
            plan.messages.append(
                f"{code}: the area has room for only {tess.n} grid(s), not {k}; use fewer grids"
            )
        k_eff = min(k, max(tess.n, 1))
        # the weight shared out: households, or (none there) the tiles' areas
        weights = _area_units(tess.faces) if by_area else tess.households
        aim = weights.sum() / k_eff if by_area else target
        labels = partition(
            tess.edge_weights(),
            weights,
            k_eff,
            aim * (1 - tol),
            aim * (1 + tol),
            params.seed,
            distance=None if by_area else tess.distances(),
        )
        geoms = dissolve(tess.faces, labels, k_eff) if tess.n else np.array([area], dtype=object)
        counts = np.bincount(labels, tess.households, minlength=k_eff).astype(np.int64)
        hh_grid = np.full(len(xy), -1, dtype=np.int64)
        face = tess.household_face
        hh_grid[np.flatnonzero(inside)] = np.where(face >= 0, labels[np.maximum(face, 0)], -1)
        if by_area:
            areas = shapely.area(geoms)
            mean = areas.sum() / k_eff
            deviation = np.abs(areas - mean) / mean if mean > 0 else np.zeros(k_eff)
            plan.messages.append(_area_note(code, k_eff, basis))
            _explain_area(plan, deviation, mean, tol)
        else:
            deviation = np.abs(counts - target) / target if target else np.ones(k_eff)
            _explain(plan, counts, tess.households, target * (1 - tol), target * (1 + tol), tol)
        new_codes = assign_codes(
            code,
            CODE_WIDTHS.get(self.level, 3),
            geoms,
            hh_grid,
            today,
            hh_old,
            self.params.reuse_codes,
            set(map(str, self.params.locked)),
            shared=shared_area(geoms, today_geoms) if by_area else None,
        )
        lonlat = self.restore.apply(geoms)
        names = dict(zip(today["code"].astype(object), today["name"].astype(object)))
        pp = polsby_popper(geoms)
        frame = pd.DataFrame(
            {
                "code": new_codes,
                "name": [
                    _text(names.get(c)) or grid_name(parent["name"], c, self.level)
                    for c in new_codes
                ],
                "parent_code": code,
                "households": counts,
                "deviation": deviation,
                "polsby_popper": pp,
                "locked": False,
                "geometry": lonlat,
            }
        )
        if len(locked_rows):
            kept = locked_rows[["code", "name", "parent_code"]].copy()
            kept["households"] = [int((hh_old == i).sum()) for i in locked_rows.index]
            kept["deviation"] = np.nan
            kept["polsby_popper"] = polsby_popper(locked_geoms)
            kept["locked"] = True
            kept["geometry"] = locked_rows.geometry.to_numpy(dtype=object)
            frame = pd.concat([frame, pd.DataFrame(kept)], ignore_index=True)
        return frame, plan, hh_grid

    # -- result ---------------------------------------------------------------------------
    def result(self, grids, plans, parents, children, child_parent, households, new_of_hh):
        new = grids[~grids["locked"].astype(bool)]
        geoms = new.geometry.to_numpy(dtype=object)
        single = np.array([isinstance(g, shapely.Polygon) and not g.is_empty for g in geoms])
        pp = new["polsby_popper"].to_numpy(float)
        dev = new["deviation"].to_numpy(float)
        targets = [p.target for p in plans]
        codes = grids["code"].astype(object).to_numpy()
        planned_hh = new_of_hh >= 0
        new_code = np.where(planned_hh, codes[np.maximum(new_of_hh, 0)], None)
        old_code = self._old_codes(households, children)
        moved = int(np.sum(planned_hh & (new_code != old_code)))
        messages = [m for p in plans for m in p.messages]
        below = {"large": "small", "small": "micro"}.get(self.level)
        if below and below in self.project.meta.levels:
            mine = children["code"].astype(object).to_numpy()[child_parent >= 0]
            replanned = set(mine) - set(self.params.locked)
            under = self.project.layer(LEVEL_LAYERS[below])["parent_code"].isin(replanned)
            if under.any():
                messages.append(
                    f"{int(under.sum())} {below} grid(s) lie in the re-planned grids and keep "
                    f"their old borders; re-plan them inside the new grids next"
                )
        if not single.all():
            bad = ", ".join(map(str, new["code"].to_numpy()[~single][:5]))
            messages.append(f"grid(s) {bad} are in several pieces: the free land is split")
        before, after = self._layers(grids, parents, children, child_parent, households, new_code)
        replanned = set(children["code"].astype(object).to_numpy()[child_parent >= 0])
        messages += self._staff(after, new, replanned - set(self.params.locked))
        levels = list(self.project.meta.levels)
        new_levels = None
        if self.level not in levels:
            new_levels = [lv for lv in LEVEL_LAYERS if lv in levels or lv == self.level]
            messages.append(
                f"项目增加了{LEVEL_NAMES[self.level]}层级（{self.layer}） "
                f"(the project now has the {self.level} level)"
            )
            lower = new_levels[new_levels.index(self.level) + 1 :]
            n_lower = len(self.project.layer(LEVEL_LAYERS[lower[0]])) if lower else 0
            if n_lower:
                messages.append(
                    f"{n_lower} 个{LEVEL_NAMES[lower[0]]}的上级编码仍指向{LEVEL_NAMES[self.level]}"
                    f"以上的单位：在新的{LEVEL_NAMES[self.level]}内重新规划，或运行 gisgrid "
                    f"repair --fix orphan ({n_lower} {lower[0]} grid(s) still name the level "
                    f"above {self.level} as parent)"
                )
        grids = grids.sort_values("code", kind="stable", ignore_index=True)
        return PlanResult(
            params=self.params,
            layer=self.layer,
            grids=grids,
            target=float(np.mean(targets)) if targets else 0.0,
            max_deviation=float(np.max(dev)) if len(dev) else 0.0,
            contiguous=bool(single.all()),
            polsby_popper_mean=float(pp.mean()) if len(pp) else 0.0,
            polsby_popper_min=float(pp.min()) if len(pp) else 0.0,
            households_moved=moved,
            parents=plans,
            messages=messages,
            _before=before,
            _after=after,
            _levels=(levels, new_levels) if new_levels else None,
        )

    def _staff(self, after: dict, new: pd.DataFrame, replanned: set) -> list[str]:
        """Return notes on staff: who lost a removed grid, which new grids need a holder.

        New grids are listed as needing a holder (网格长 of a small grid, 总支书记 of a large
        one) when the grids they replace had holders: the plan took them away. Where nobody
        held the duty before, ``validate`` reports the staffing as it always does.
        """
        notes = []
        lost = self.dropped
        if len(lost):
            names = self.project.layer("cadres").drop_duplicates("id").set_index("id")["name"]
            items = [
                f"{_text(names.get(r.cadre_id)) or r.cadre_id}（{r.cadre_id}）"
                f"{CADRE_ROLES.get(r.role, _text(r.role))} {r.grid_code}"
                for r in lost.itertuples(index=False)
            ]
            notes.append(
                f"{len(items)} 项职责所在网格已撤销，干部失去网格: "
                + _listing(items, "；")
                + f" ({len(items)} assignment(s) to removed grids dropped)"
            )
        role = LEADER_ROLE.get(self.level)
        staffing = self.project.meta.staffing
        if role == "branch_secretary" and not staffing.get("secretary_per_large_grid", True):
            role = None
        today = self.project.layer("assignments")
        today = today[today["role"] == role]
        if role is not None and len(new) and today["grid_code"].isin(replanned).any():
            assignments = after.get("assignments", self.project.layer("assignments"))
            held = set(assignments.loc[assignments["role"] == role, "grid_code"].astype(str))
            need = sorted(str(c) for c in new["code"] if str(c) not in held)
            if need:
                notes.append(
                    f"需指定{CADRE_ROLES[role]}: "
                    + _listing(need, ", ")
                    + f" ({len(need)} new grid(s) without a {role.replace('_', ' ')})"
                )
        return notes

    def _old_codes(self, households: pd.DataFrame, children: pd.DataFrame) -> np.ndarray:
        column = HOUSEHOLD_COLUMN[self.level]
        if column is not None:
            return (
                households[column].astype(object).where(households[column].notna(), None).to_numpy()
            )
        hh = self.to_metric(households.geometry.to_numpy(dtype=object))
        where = locate_points(hh, self.to_metric(children.geometry.to_numpy(dtype=object)))
        codes = children["code"].astype(object).to_numpy()
        if len(codes) == 0:  # nothing drawn at this level yet
            return np.full(len(households), None, dtype=object)
        return np.where(where >= 0, codes[np.maximum(where, 0)], None)

    def _layers(self, grids, parents, children, child_parent, households, new_code):
        planned = np.isin(child_parent, np.arange(len(parents)))
        kept = children[~planned]
        columns = [c for c in children.columns if c != children.geometry.name]
        add = grids[["code", "name", "parent_code", "geometry"]]
        add = add[~grids["locked"].astype(bool).to_numpy()]
        locked = children[planned & children["code"].isin(self.params.locked)]
        after_grids = pd.concat([kept, locked, add], ignore_index=True)[columns + ["geometry"]]
        after_grids = gpd.GeoDataFrame(after_grids, geometry="geometry", crs=STORAGE_CRS)
        before = {self.layer: children}
        after = {self.layer: after_grids}
        removed = set(children["code"].dropna().astype(str)) - set(
            after_grids["code"].dropna().astype(str)
        )
        assignments = self.project.layer("assignments")
        self.dropped = assignments.iloc[:0]
        if removed and len(assignments):
            level = assignments["level"].astype(object)
            mine = level.isna() | level.isin(["", self.level])
            gone = (mine & assignments["grid_code"].astype(object).isin(removed)).to_numpy()
            self.dropped = assignments[gone]
            if gone.any():
                before["assignments"] = assignments
                after["assignments"] = assignments[~gone].reset_index(drop=True)
        column = HOUSEHOLD_COLUMN[self.level]
        if column is not None and len(households):
            updated = households.copy()
            values = updated[column].astype(object).to_numpy().copy()
            valid = set(after_grids["code"].astype(object))
            pinned = updated["pinned"].to_numpy(bool)
            keep_pin = pinned & np.array([v in valid for v in values])
            change = (new_code != None) & ~keep_pin  # noqa: E711 (object array)
            values[change] = new_code[change]
            values[np.isin(values, list(removed))] = None  # a grid that is gone holds no one
            updated[column] = pd.Series(values, index=updated.index, dtype="str")
            before["households"] = households
            after["households"] = updated
        issues = self.project.layer("issues")
        column = ISSUE_COLUMN.get(self.level)
        if column is not None and removed and len(issues):
            stale = issues[column].astype(object).isin(removed).to_numpy()
            if stale.any():  # records of a grid that is gone: the new grid where they lie
                where = locate_points(
                    issues.geometry.to_numpy(dtype=object)[stale],
                    after_grids.geometry.to_numpy(dtype=object),
                )
                codes = after_grids["code"].astype(object).to_numpy()
                updated = issues.copy()
                values = updated[column].astype(object).to_numpy().copy()
                found = codes[np.maximum(where, 0)] if len(codes) else where.astype(object)
                values[stale] = np.where(where >= 0, found, None)
                updated[column] = pd.Series(values, index=updated.index, dtype="str")
                before["issues"] = issues
                after["issues"] = updated
        return before, after


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


#: Name suffix of a new grid per level (大网格, 网格, 微网格).
LEVEL_SUFFIX = {"large": "大网格", "small": "网格", "micro": "微网格"}
_NUMBERED_GRID = re.compile(r"^(?P<stem>.*?)(?P<number>\d+(?:-\d+)*)号(?:大|微)?网格$")


def grid_name(parent_name: Any, code: str, level: str) -> str:
    """Return a default name for a new grid from its parent's name and its number.

    A grid inside a village is "<village>N号大网格"; inside a numbered grid it carries the
    parent's number, so names stay short and read as an address: "张家庄村1号大网格" →
    "张家庄村1-3号网格" → "张家庄村1-3-2号微网格" (not "张家庄村1号大网格3号网格").

    Examples
    --------
    >>> grid_name("张家庄村", "37052310320101", "large")
    '张家庄村1号大网格'
    >>> grid_name("张家庄村1号大网格", "37052310320101003", "small")
    '张家庄村1-3号网格'
    >>> grid_name("东区", "37052310320101003", "small")
    '东区3号网格'
    """
    width = CODE_WIDTHS.get(level, 3)
    number = str(int(code[-width:]))
    parent = _text(parent_name)
    suffix = LEVEL_SUFFIX.get(level, "网格")
    numbered = _NUMBERED_GRID.match(parent)
    if numbered:
        return f"{numbered['stem']}{numbered['number']}-{number}号{suffix}"
    return f"{parent or code[:-width]}{number}号{suffix}"


def _child_parent(children, parents, c_geoms, p_geoms, known: set) -> np.ndarray:
    """Index of each child's parent among the planned ones (``-1``: not planned).

    By ``parent_code``; a child whose parent code names no unit at all (an orphan) goes by
    where its interior lies.
    """
    codes = {str(c): i for i, c in enumerate(parents["code"].astype(object))}
    by_code = np.array([codes.get(str(c), -1) for c in children["parent_code"].astype(object)])
    if len(children) == 0:
        return np.zeros(0, dtype=np.int64)
    by_place = locate_points(shapely.point_on_surface(c_geoms), p_geoms)
    orphan = ~children["parent_code"].astype(object).isin(known).to_numpy()
    return np.where(by_code >= 0, by_code, np.where(orphan, by_place, -1))


def _apportion(weights: np.ndarray, total: int) -> list[int]:
    """Split ``total`` into integers ≥ 1 proportional to ``weights`` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if weights.sum() <= 0:
        weights = np.ones(n)
    extra = total - n
    quota = weights / weights.sum() * extra
    base = np.floor(quota).astype(int)
    rest = extra - base.sum()
    base[np.argsort(-(quota - base), kind="stable")[:rest]] += 1
    return [int(b) + 1 for b in base]


def _listing(items: list[str], sep: str, limit: int = 12) -> str:
    """Return ``items`` joined, the first ``limit`` of them and a count of the rest."""
    shown = sep.join(items[:limit])
    return shown + (f"{sep}…等 {len(items)} 项" if len(items) > limit else "")


def _polygonal(geom: Any) -> shapely.Geometry:
    """Return the polygonal part of ``geom`` (``make_valid`` may leave lines); empty if none."""
    parts = explode(geom)
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _area_units(faces: np.ndarray) -> np.ndarray:
    """Tile areas as positive integers, :data:`AREA_UNIT` for a tile of average size."""
    area = shapely.area(np.asarray(faces, dtype=object))
    if len(area) == 0 or area.sum() <= 0:
        return np.ones(len(area), dtype=np.int64)
    return np.maximum(1, np.round(area / area.mean() * AREA_UNIT)).astype(np.int64)


def _area_note(code: str, k: int, basis: str) -> str:
    """Return the note on a parent planned by area: why, and what the count came from."""
    note = f"{code}: 没有住户数据，按面积均分为 {k} 个网格；导入住户后可重新规划"
    if basis == "target" and k == 1:
        note += "（按每格户数 --target 无法定网格数，故为 1 个；可用 --count 指定）"
    elif basis == "households" and k == 1:
        note += "（网格总数按住户分配，此处为 1 个）"
    return note + " (no households: planned by area)"


def _explain_area(plan: ParentPlan, deviation: np.ndarray, mean: float, tol: float) -> None:
    """Say when a parent planned by area could not balance the areas within the tolerance."""
    if not len(deviation) or deviation.max() <= tol + 1e-9:
        return
    plan.messages.append(
        f"{plan.code}: areas differ by up to {deviation.max():.0%} from {mean / 1e6:.3f} km² "
        f"per grid (tolerance ±{tol:.0%}); the shape of the area allowed no better split"
    )


def _explain(plan: ParentPlan, counts, face_hh, lo: float, hi: float, tol: float) -> None:
    """Say why a parent's grids miss the tolerance, when they do."""
    if np.all((counts >= lo - 1e-9) & (counts <= hi + 1e-9)):
        return
    n, k, target = plan.households, plan.count, plan.target
    low, high = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    where = f"{plan.code}: {n} households in {k} grids (target {target:.1f} ±{tol:.0%})"
    if n == 0:
        plan.messages.append(f"{where}: there are no households to share out")
    elif k > n:
        plan.messages.append(f"{where}: more grids than households; use at most {n} grids")
    elif low > high or k * low > n or k * high < n:
        plan.messages.append(
            f"{where}: no whole numbers of households fit (each grid needs {low}–{high}); "
            "change the count or widen the tolerance"
        )
    elif face_hh.max(initial=0) > high:
        plan.messages.append(
            f"{where}: {int(face_hh.max())} households share one location, more than "
            f"{high} per grid; widen the tolerance or raise the target"
        )
    else:
        worst = int(np.argmax(np.abs(counts - target)))
        plan.messages.append(
            f"{where}: the layout of households and borders allowed no better split "
            f"(one grid has {int(counts[worst])}); widen the tolerance, change the count "
            "or unlock grids"
        )


def _empty_grids() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": pd.Series(dtype=object),
            "name": pd.Series(dtype=object),
            "parent_code": pd.Series(dtype=object),
            "households": pd.Series(dtype=np.int64),
            "deviation": pd.Series(dtype=float),
            "polsby_popper": pd.Series(dtype=float),
            "locked": pd.Series(dtype=bool),
            "geometry": gpd.GeoSeries([], crs=STORAGE_CRS),
        }
    )


def _read_lines(path: Path) -> np.ndarray:
    from gisgrid.io.geometry import reproject
    from gisgrid.io.sources import open_source

    raw = open_source(path, None, None)
    if raw.geometry is None:
        raise InputError(f"{path.name}: no geometry; give a line layer (roads, rivers)")
    geoms = np.asarray(raw.geometry, dtype=object)
    geoms = geoms[~shapely.is_missing(geoms)]
    if raw.crs is not None:
        geoms, _ = reproject(geoms, raw.crs, None)
    return np.array([p for g in geoms for p in (explode(g) or shapely.get_parts(g))], dtype=object)


@dataclass(frozen=True)
class LocalFrame:
    """Metres east and north of a point, an affine map of lon/lat.

    Planning works in this frame rather than the Gauss-Krüger zone: being affine, it keeps
    straight lon/lat edges straight, so a planned border that meets the parent's edge lies on
    that edge in the stored coordinates too (a Gauss-Krüger round trip bends it by up to a
    millimetre, leaving hairline gaps between grids of neighbouring parents). Over a
    township the scale error is below 0.1 %.
    """

    lon0: float
    lat0: float
    kx: float
    ky: float

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float]) -> LocalFrame:
        """Return the frame centred on ``bounds`` (lon/lat), with the local metres per degree."""
        lon0, lat0 = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
        if not np.isfinite(lon0):
            lon0, lat0 = 0.0, 0.0
        phi = np.radians(lat0)
        ky = 111132.954 - 559.822 * np.cos(2 * phi) + 1.175 * np.cos(4 * phi)
        kx = 111412.84 * np.cos(phi) - 93.5 * np.cos(3 * phi)
        return cls(float(lon0), float(lat0), float(kx), float(ky))

    def forward(self, xy: np.ndarray) -> np.ndarray:
        """Lon/lat → metres."""
        return np.column_stack([(xy[:, 0] - self.lon0) * self.kx, (xy[:, 1] - self.lat0) * self.ky])

    def inverse(self, xy: np.ndarray) -> np.ndarray:
        """Metres → lon/lat."""
        return np.column_stack([xy[:, 0] / self.kx + self.lon0, xy[:, 1] / self.ky + self.lat0])


class _VertexRestorer:
    """Back to lon/lat, with vertices that came from stored geometry restored bit for bit.

    Metric coordinates that equal a transformed stored vertex (the parent's and locked
    grids' corners) get the stored lon/lat back, so planned grids share those vertices
    exactly with their parent and neighbours rather than up to round-off.
    """

    def __init__(self, frame: LocalFrame) -> None:
        self.frame = frame
        self.known: dict[tuple[float, float], tuple[float, float]] = {}

    def add(self, lonlat: np.ndarray, metric: np.ndarray) -> None:
        a = shapely.get_coordinates(lonlat)
        b = shapely.get_coordinates(metric)
        if len(a) == len(b):
            self.known.update(zip(map(tuple, b), map(tuple, a)))

    def _xy(self, xy: np.ndarray) -> np.ndarray:
        out = self.frame.inverse(xy)
        known = self.known
        for i, key in enumerate(map(tuple, xy)):
            hit = known.get(key)
            if hit is not None:
                out[i] = hit
        return out

    def apply(self, geoms: np.ndarray) -> np.ndarray:
        out = shapely.transform(np.asarray(geoms, dtype=object), self._xy)
        for i in np.flatnonzero(~shapely.is_valid(out)):
            out[i] = _mend(out[i])
        return out


def _mend(geom: shapely.Geometry) -> shapely.Geometry:
    """Fix a nanometre self-touch that rounding to lon/lat can leave where faces met.

    Parts smaller than a millionth of the grid (the pinched-off speck) are dropped.
    """
    fixed = shapely.make_valid(geom, method="structure")
    parts = explode(fixed)
    if not parts:
        return geom
    areas = shapely.area(parts)
    keep = [p for p, a in zip(parts, areas) if a >= 1e-6 * areas.max()]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)
