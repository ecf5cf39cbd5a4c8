"""Repairs of the grid hierarchy, each an undoable command.

Geometry is edited in the stored coordinates (CGCS2000 lon/lat) so that vertices shared with
untouched neighbours stay bit-identical; only measures (areas, border lengths, tolerances)
use the metric Gauss-Krüger frame. Every repair returns a :class:`LayersEdit` holding the
layers before and after, so undo restores the original geometry exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError
from gisgrid.hierarchy import (
    Problem,
    ValidationParams,
    ValidationResult,
    _polygonal,
    explode,
    validate,
)
from gisgrid.schema import CODE_WIDTHS, LEVEL_LAYERS, LEVEL_OF_LAYER

METRES_PER_DEGREE = 111_320.0

#: Repair names accepted by :func:`plan_repair` (and ``gisgrid repair --fix``), with aliases.
REPAIRS: dict[str, str] = {
    "invalid": "make_valid",
    "make_valid": "make_valid",
    "outside_parent": "snap",
    "snap": "snap",
    "gap": "gap",
    "overlap": "overlap",
    "sliver": "sliver",
    "orphan": "parents",
    "parents": "parents",
    "renumber": "renumber",
}


@dataclass
class LayersEdit:
    """An edit that swaps whole layers: ``after`` on :meth:`do`, ``before`` on :meth:`undo`.

    Satisfies the :class:`gisgrid.edits.EditCommand` protocol.
    """

    text: str
    before: dict[str, pd.DataFrame]
    after: dict[str, pd.DataFrame]
    changed: int = 0  # features changed, for messages
    notes: list[str] = field(default_factory=list)

    @property
    def layer(self) -> str:
        """The first layer the edit changes."""
        return next(iter(self.after), "")

    @property
    def layers(self) -> list[str]:
        """Every layer the edit changes."""
        return list(self.after)

    def do(self, project: Any) -> None:
        """Apply the repaired layers."""
        for name, frame in self.after.items():
            project.set_layer(name, frame.copy())

    def undo(self, project: Any) -> None:
        """Put the original layers back, geometry bit for bit."""
        for name, frame in self.before.items():
            project.set_layer(name, frame.copy())


def _degrees(metres: float) -> float:
    return metres / METRES_PER_DEGREE


def _geoms(frame: pd.DataFrame) -> np.ndarray:
    return np.asarray(frame.geometry.array, dtype=object).copy()


def _with_geoms(frame: pd.DataFrame, geoms: np.ndarray) -> pd.DataFrame:
    out = frame.copy()
    out[out.geometry.name] = gpd.GeoSeries(geoms, index=out.index, crs=frame.crs)
    return out


def _valid(geom: Any) -> Any:
    """Return ``geom`` as a valid polygonal geometry.

    Overlays of near-coincident edges can leave a zero-width spike.
    """
    geom = _polygonal(geom)
    return geom if shapely.is_valid(geom) else _polygonal(shapely.make_valid(geom))


def _metric_length(geom: Any, to_metric: Transformer) -> float:
    if geom is None or shapely.is_empty(geom):
        return 0.0
    return float(shapely.length(shapely.transform(geom, _xy(to_metric))))


def _metric_area(geom: Any, to_metric: Transformer) -> float:
    if geom is None or shapely.is_empty(geom):
        return 0.0
    return float(shapely.area(shapely.transform(geom, _xy(to_metric))))


def _xy(transformer: Transformer):
    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return fn


class _Repairer:
    def __init__(self, project: Any, params: ValidationParams) -> None:
        self.project = project
        self.params = params
        self.to_metric = Transformer.from_crs(STORAGE_CRS, project.metric_crs, always_xy=True)

    def levels(self) -> list[str]:
        return [lv for lv in self.project.meta.levels if len(self.project.layer(LEVEL_LAYERS[lv]))]

    def pairs(self) -> list[tuple[str, str]]:
        lv = self.levels()
        return list(zip(lv, lv[1:]))

    # -- make valid -----------------------------------------------------------------------
    def make_valid(self, codes: set[str] | None = None) -> LayersEdit:
        before, after, changed = {}, {}, 0
        for level in self.levels():
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            geoms = _geoms(frame)
            bad = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
            if codes is not None:
                bad &= frame["code"].isin(list(codes)).to_numpy()
            if not bad.any():
                continue
            for idx in np.flatnonzero(bad):
                geoms[idx] = _polygonal(shapely.make_valid(geoms[idx]))
            before[name], after[name] = frame, _with_geoms(frame, geoms)
            changed += int(bad.sum())
        return LayersEdit(f"修复无效几何（{changed} 个）", before, after, changed)

    # -- snap to the parent's boundary ----------------------------------------------------
    def snap(self, codes: set[str] | None = None) -> LayersEdit:
        tol = _degrees(self.params.tolerance_m)
        before, after, changed = {}, {}, 0
        for parent_level, child_level in self.pairs():
            parents = self.project.layer(LEVEL_LAYERS[parent_level])
            name = LEVEL_LAYERS[child_level]
            children = self.project.layer(name)
            lookup = dict(zip(parents["code"], _geoms(parents)))
            geoms = _geoms(children)
            touched = 0
            for idx, pcode in enumerate(children["parent_code"]):
                if codes is not None and children["code"].iloc[idx] not in codes:
                    continue
                parent = lookup.get(pcode)
                if parent is None or geoms[idx] is None or not shapely.is_valid(geoms[idx]):
                    continue
                snapped = shapely.snap(geoms[idx], shapely.boundary(parent), tol)
                clipped = _valid(shapely.intersection(shapely.make_valid(snapped), parent))
                # hairline moves (< ~1 cm) are float noise, not a repair
                if shapely.hausdorff_distance(clipped, geoms[idx]) > 1e-7:
                    geoms[idx] = clipped
                    touched += 1
            if touched:
                before[name], after[name] = children, _with_geoms(children, geoms)
                changed += touched
        return LayersEdit(f"贴合上级边界（{changed} 个）", before, after, changed)

    # -- gaps -------------------------------------------------------------------------------
    def fill_gaps(self, result: ValidationResult) -> LayersEdit:
        before, after, changed, notes = {}, {}, 0, []
        for parent_level, child_level in self.pairs():
            gaps = [p for p in result.of_kind("gap") if p.level == child_level]
            if not gaps:
                continue
            name = LEVEL_LAYERS[child_level]
            children = self.project.layer(name)
            parents = self.project.layer(LEVEL_LAYERS[parent_level])
            parent_geom = dict(zip(parents["code"], _geoms(parents)))
            geoms = _geoms(children)
            to_storage = Transformer.from_crs(result.crs, STORAGE_CRS, always_xy=True)
            for problem in gaps:
                parent = parent_geom.get(problem.codes[0])
                if parent is None:
                    continue
                # Recompute the gap in stored coordinates so its edges are the neighbours' own.
                approx = shapely.transform(problem.geometry, _xy(to_storage))
                members = np.flatnonzero(shapely.intersects(geoms, parent))
                covered = shapely.union_all(geoms[members]) if len(members) else shapely.Polygon()
                exact = [
                    g
                    for g in explode(shapely.difference(parent, covered))
                    if shapely.intersects(g, shapely.point_on_surface(approx))
                ]
                if not exact:
                    continue
                # Hand-drawn edges leave hairline slivers along a gap: measure and hand over
                # only its core (an opening by the tolerance) and the edges next to it.
                tol = _degrees(self.params.tolerance_m)
                core = shapely.buffer(shapely.buffer(exact[0], -tol / 2), tol / 2)
                if shapely.is_empty(core):
                    continue
                near = shapely.buffer(core, tol)
                gap = _polygonal(shapely.intersection(exact[0], near))
                siblings = members[children["parent_code"].to_numpy()[members] == problem.codes[0]]
                best = self.longest_border(geoms, siblings, near)
                if best < 0:
                    notes.append(f"空隙 {problem.x:.5f},{problem.y:.5f} 没有相邻网格，未填补")
                    continue
                geoms[best] = _valid(shapely.union(geoms[best], gap))
                changed += 1
                notes.append(f"空隙并入 {children['code'].iloc[best]}")
            before[name], after[name] = children, _with_geoms(children, geoms)
        return LayersEdit(f"填补空隙（{changed} 处）", before, after, changed, notes)

    def longest_border(self, geoms: np.ndarray, candidates: Iterable[int], near: Any) -> int:
        """Return the candidate whose boundary runs longest inside ``near`` (-1 for none).

        ``near`` is the piece to hand over, grown by the tolerance, so hairline misalignments
        of hand-drawn edges still count as a shared border.
        """
        best, best_len = -1, 0.0
        for idx in candidates:
            shared = shapely.intersection(shapely.boundary(geoms[idx]), near)
            length = _metric_length(shared, self.to_metric)
            if length > best_len:
                best, best_len = int(idx), length
        return best

    # -- overlaps ---------------------------------------------------------------------------
    def resolve_overlaps(
        self, result: ValidationResult, keep: dict[tuple, str] | None
    ) -> LayersEdit:
        before, after, changed, notes = {}, {}, 0, []
        keep = keep or {}
        for level in self.levels()[1:]:
            overlaps = [p for p in result.of_kind("overlap") if p.level == level]
            if not overlaps:
                continue
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            row_of = {c: i for i, c in enumerate(frame["code"])}
            parent_layer = self.project.layer(
                LEVEL_LAYERS[self.levels()[self.levels().index(level) - 1]]
            )
            parent_geom = dict(zip(parent_layer["code"], _geoms(parent_layer)))
            geoms = _geoms(frame)
            for problem in overlaps:
                a_code, b_code = problem.codes[:2]
                a, b = row_of.get(a_code), row_of.get(b_code)
                if a is None or b is None:
                    continue
                winner = keep.get((a_code, b_code)) or keep.get((b_code, a_code))
                if winner is None:
                    winner = self._overlap_owner(frame, geoms, a, b, parent_geom)
                win, lose = (a, b) if winner == a_code else (b, a)
                geoms[lose] = _valid(shapely.difference(geoms[lose], geoms[win]))
                changed += 1
                notes.append(f"{a_code} 与 {b_code} 的重叠部分归 {frame['code'].iloc[win]}")
            before[name], after[name] = frame, _with_geoms(frame, geoms)
        return LayersEdit(f"消除重叠（{changed} 处）", before, after, changed, notes)

    def _overlap_owner(self, frame, geoms, a, b, parent_geom) -> str:
        """Pick the side whose own parent holds more of the overlap; ties go to the lower code."""
        inter = shapely.intersection(geoms[a], geoms[b])
        scores = []
        for idx in (a, b):
            parent = parent_geom.get(frame["parent_code"].iloc[idx])
            inside = shapely.intersection(inter, parent) if parent is not None else None
            scores.append(_metric_area(inside, self.to_metric) if inside is not None else 0.0)
        codes = frame["code"].iloc[[a, b]].tolist()
        if abs(scores[0] - scores[1]) > 1e-6 * max(scores + [1.0]):
            return codes[0] if scores[0] > scores[1] else codes[1]
        return min(codes)

    # -- slivers ----------------------------------------------------------------------------
    def merge_slivers(self, result: ValidationResult) -> LayersEdit:
        before, after, changed, notes = {}, {}, 0, []
        for level in self.levels()[1:]:
            slivers = {p.codes[0] for p in result.of_kind("sliver") if p.level == level}
            if not slivers:
                continue
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            geoms = _geoms(frame)
            drop = []
            for idx in np.flatnonzero(frame["code"].isin(slivers).to_numpy()):
                parents = frame["parent_code"].to_numpy()
                candidates = [
                    other
                    for other in np.flatnonzero(shapely.intersects(geoms, geoms[idx]))
                    if other != idx and other not in drop and parents[other] == parents[idx]
                ]
                near = shapely.buffer(geoms[idx], _degrees(self.params.tolerance_m))
                best = self.longest_border(geoms, candidates, near)
                if best < 0:
                    notes.append(f"碎片 {frame['code'].iloc[idx]} 没有同一上级的相邻网格，未合并")
                    continue
                geoms[best] = _valid(shapely.union(geoms[best], geoms[idx]))
                drop.append(int(idx))
                changed += 1
                notes.append(f"碎片 {frame['code'].iloc[idx]} 并入 {frame['code'].iloc[best]}")
            repaired = (
                _with_geoms(frame, geoms).drop(index=frame.index[drop]).reset_index(drop=True)
            )
            before[name], after[name] = frame, repaired
        return LayersEdit(f"合并碎片（{changed} 个）", before, after, changed, notes)

    # -- parent codes -------------------------------------------------------------------
    def derive_parents(self, result: ValidationResult) -> LayersEdit:
        before, after, changed, notes = {}, {}, 0, []
        fixes = [
            p for p in result.problems if p.kind in ("orphan", "outside_parent") and p.suggestion
        ]
        for level in self.levels()[1:]:
            mine = {p.codes[0]: p.suggestion for p in fixes if p.level == level}
            if not mine:
                continue
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            out = frame.copy()
            mask = out["code"].isin(list(mine))
            out.loc[mask, "parent_code"] = out.loc[mask, "code"].map(mine)
            changed += int(mask.sum())
            notes += [f"{c} 的上级改为 {s}" for c, s in mine.items()]
            before[name], after[name] = frame, out
        return LayersEdit(f"按位置确定上级编码（{changed} 个）", before, after, changed, notes)

    # -- renumbering ------------------------------------------------------------------------
    def renumber(self, top_level: str | None) -> LayersEdit:
        """Renumber ``top_level`` and every level below it, cascading to households etc."""
        levels = self.levels()
        start = levels.index(top_level) if top_level else 1
        if start < 1:
            raise InputError("the town's code is its statistical code and is not renumbered")
        before: dict[str, pd.DataFrame] = {}
        after: dict[str, pd.DataFrame] = {}
        mapping_all: dict[str, str] = {}
        for level in levels[start:]:
            if level not in CODE_WIDTHS:
                raise InputError(
                    f"{level} codes are statistical codes, not renumbered; renumber grids "
                    "with --level large, small or micro"
                )
            name = LEVEL_LAYERS[level]
            frame = after.get(name, self.project.layer(name)).copy()
            parents = frame["parent_code"].map(lambda c: mapping_all.get(c, c))
            pts = shapely.point_on_surface(_geoms(frame))
            x, y = self.to_metric.transform(shapely.get_x(pts), shapely.get_y(pts))
            # West to east, then north to south, within each parent.
            order = pd.DataFrame({"parent": parents, "x": x, "y": -np.asarray(y)}).sort_values(
                ["parent", "x", "y"], kind="stable"
            )
            seq = order.groupby("parent").cumcount() + 1
            width = CODE_WIDTHS[level]
            if (seq >= 10**width).any():
                raise InputError(
                    f"{name}: more than {10**width - 1} children under one parent do not fit "
                    f"a {width}-digit sequence number"
                )
            new_codes = pd.Series(index=order.index, dtype=object)
            new_codes[:] = [f"{p}{s:0{width}d}" for p, s in zip(order["parent"], seq)]
            new_codes = new_codes.sort_index()
            mapping_all.update(
                {old: new for old, new in zip(frame["code"], new_codes) if old is not None}
            )
            before[name] = self.project.layer(name)
            frame["code"] = new_codes.to_numpy()
            frame["parent_code"] = parents.to_numpy()
            after[name] = frame
        for name, columns in (
            ("households", ("grid_code", "micro_code")),
            ("assignments", ("grid_code",)),
            ("issues", ("grid_code",)),
        ):
            frame = self.project.layer(name)
            if not len(frame):
                continue
            out = frame.copy()
            for column in columns:
                out[column] = out[column].map(lambda c: mapping_all.get(c, c))
            before[name], after[name] = frame, out
        changed = sum(1 for old, new in mapping_all.items() if old != new)
        return LayersEdit(f"重新编码（{changed} 个编码变化）", before, after, changed)


def plan_repair(
    project: Any,
    kind: str,
    params: ValidationParams | None = None,
    result: ValidationResult | None = None,
    level: str | None = None,
    keep: dict[tuple, str] | None = None,
    only: list[Problem] | None = None,
) -> LayersEdit:
    """Build the command that repairs every problem of ``kind`` (not yet applied).

    Parameters
    ----------
    project : gisgrid.project.Project
        The project to repair; untouched until the command's ``do`` is called.
    kind : str
        One of :data:`REPAIRS`: ``invalid``/``make_valid``, ``outside_parent``/``snap``,
        ``gap``, ``overlap``, ``sliver``, ``orphan``/``parents``, ``renumber``.
    params : ValidationParams, optional
        Tolerances (the snap tolerance is ``tolerance_m``).
    result : ValidationResult, optional
        A fresh validation of ``project``; computed when not given.
    level : str, optional
        For ``renumber``: the highest level to renumber (``large``, ``small`` or ``micro``;
        levels below follow). Default: every grid level.
    keep : dict, optional
        For ``overlap``: ``{(code_a, code_b): code_that_keeps_the_overlap}``.
    only : list of Problem, optional
        Repair just these problems (from a fresh validation), e.g. the one a user clicked.

    Returns
    -------
    LayersEdit
        Call ``do(project)`` to apply and ``undo(project)`` to restore.
    """
    if kind not in REPAIRS:
        raise InputError(f"unknown repair {kind!r}; choose from {', '.join(sorted(REPAIRS))}")
    params = params or ValidationParams()
    repairer = _Repairer(project, params)
    action = REPAIRS[kind]
    codes = {p.codes[0] for p in only if p.codes} if only is not None else None
    if action == "make_valid":
        return repairer.make_valid(codes)
    if action == "snap":
        return repairer.snap(codes)
    if action == "renumber":
        if level is not None and level in LEVEL_OF_LAYER:
            level = LEVEL_OF_LAYER[level]
        if level is None:
            grid_levels = [lv for lv in repairer.levels() if lv in CODE_WIDTHS]
            if not grid_levels:
                raise InputError("the project has no grid layers to renumber")
            level = grid_levels[0]
        return repairer.renumber(level)
    result = result or validate(project, params)
    if only is not None:
        result = ValidationResult(list(only), result.crs, result.params)
    if action == "gap":
        return repairer.fill_gaps(result)
    if action == "overlap":
        return repairer.resolve_overlaps(result, keep)
    if action == "sliver":
        return repairer.merge_slivers(result)
    return repairer.derive_parents(result)


def repair(
    project: Any,
    kinds: Iterable[str],
    params: ValidationParams | None = None,
    level: str | None = None,
) -> list[LayersEdit]:
    """Apply repairs in order (re-validating between them); return the applied commands."""
    done = []
    for kind in kinds:
        command = plan_repair(project, kind, params, level=level)
        command.do(project)
        done.append(command)
    return done


#: Problem kind → the repair that fixes it (kinds missing here need a person: staffing needs
#: cadres, a household outside every grid needs a grid drawn around it).
FIX_FOR_KIND: dict[str, str] = {
    "invalid": "make_valid",
    "outside_parent": "snap",
    "gap": "gap",
    "overlap": "overlap",
    "sliver": "sliver",
    "orphan": "parents",
    "duplicate_code": "renumber",
    "bad_code": "renumber",
}


def fix_for(problem: Problem) -> str | None:
    """Return the repair that fixes ``problem`` (None when a person must decide).

    A child lying mostly in another unit is fixed by taking that unit as its parent; an
    orphan only when its parent could be derived from the geometry.
    """
    if problem.kind in ("outside_parent", "orphan") and problem.suggestion:
        return "parents"
    if problem.kind == "orphan":
        return None
    return FIX_FOR_KIND.get(problem.kind)


def plan_fix(
    project: Any,
    problems: list[Problem],
    params: ValidationParams | None = None,
    result: ValidationResult | None = None,
) -> LayersEdit:
    """Build one command fixing ``problems`` (all of one repair, see :func:`fix_for`).

    Raises
    ------
    InputError
        If a problem cannot be fixed automatically or the problems need different repairs.
    """
    actions = {fix_for(p) for p in problems}
    if not problems or None in actions:
        kinds = ", ".join(sorted({p.kind for p in problems if fix_for(p) is None})) or "none"
        raise InputError(f"no automatic repair for: {kinds}; fix these by hand on the map")
    if len(actions) > 1:
        raise InputError(f"these problems need different repairs ({', '.join(sorted(actions))})")
    action = actions.pop()
    level = None
    if action == "renumber":
        level = min((p.level for p in problems), key=lambda lv: list(LEVEL_LAYERS).index(lv))
    return plan_repair(project, action, params, result, level=level, only=problems)
