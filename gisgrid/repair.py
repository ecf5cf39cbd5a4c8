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
    LEVEL_NAMES,
    Problem,
    ValidationParams,
    ValidationResult,
    _polygonal,
    code_ref,
    dangling_assignments,
    explode,
    has_code,
    locate_points,
    metric_crs_of,
    significant,
    unit_codes,
    validate,
)
from gisgrid.schema import CADRE_ROLES, CODE_WIDTHS, LEVEL_LAYERS, LEVEL_OF_LAYER

METRES_PER_DEGREE = 111_320.0

#: A repair never leaves a grid with this share of its area or less (it refuses instead).
MIN_KEPT_SHARE = 0.5

#: Most points seeded along one edge when splitting an overlap.
MAX_EDGE_POINTS = 4000

#: Roles a unit has one holder of (a merged unit's holder is dropped where the unit it joins
#: already has one).
SINGLE_HOLDER_ROLES = frozenset({"grid_leader", "branch_secretary", "village_liaison"})

#: Columns naming a unit of a level, moved with it when units merge.
UNIT_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "village": (
        ("households", "village_code"),
        ("issues", "village_code"),
        ("cadres", "village_code"),
    ),  # fmt: skip
    "small": (("households", "grid_code"), ("issues", "grid_code")),
    "micro": (("households", "micro_code"),),
}

LAYER_TEXT = {"households": "住户", "issues": "诉求"}

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
    "dangling": "dangling",
    "assignments": "dangling",
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


def _valid_all(geoms: np.ndarray) -> np.ndarray:
    """Copy of ``geoms`` with invalid geometries made valid (for overlays)."""
    out = np.asarray(geoms, dtype=object).copy()
    bad = ~shapely.is_valid(out) & ~shapely.is_missing(out)
    for idx in np.flatnonzero(bad):
        out[idx] = _valid(out[idx])
    return out


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
        self.metric_crs = metric_crs_of(project)
        self.to_metric = Transformer.from_crs(STORAGE_CRS, self.metric_crs, always_xy=True)

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
        before, after, changed, notes = {}, {}, 0, []
        for parent_level, child_level in self.pairs():
            parents = self.project.layer(LEVEL_LAYERS[parent_level])
            name = LEVEL_LAYERS[child_level]
            children = self.project.layer(name)
            lookup = dict(zip(parents["code"], _geoms(parents)))
            geoms = _geoms(children)
            touched = 0
            for idx, pcode in enumerate(children["parent_code"]):
                code = children["code"].iloc[idx]
                if codes is not None and code not in codes:
                    continue
                parent = lookup.get(pcode) if has_code(pcode) else None
                if parent is None or geoms[idx] is None or not shapely.is_valid(geoms[idx]):
                    continue
                parent = _valid(parent)
                snapped = shapely.snap(geoms[idx], shapely.boundary(parent), tol)
                clipped = _valid(shapely.intersection(shapely.make_valid(snapped), parent))
                area = _metric_area(geoms[idx], self.to_metric)
                if area > 0 and _metric_area(clipped, self.to_metric) <= MIN_KEPT_SHARE * area:
                    notes.append(
                        f"{code_ref(code)} 大部分不在上级 {pcode} 内，未裁剪（裁剪会吞掉它）；"
                        "请核对它的上级编码（repair --fix orphan）或在地图上调整"
                    )
                    continue
                # hairline moves (< ~1 cm) are float noise, not a repair
                if shapely.hausdorff_distance(clipped, geoms[idx]) > 1e-7:
                    geoms[idx] = clipped
                    touched += 1
            if touched:
                before[name], after[name] = children, _with_geoms(children, geoms)
                changed += touched
        return LayersEdit(f"贴合上级边界（{changed} 个）", before, after, changed, notes)

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
            pcodes = parents["code"].astype(object).to_numpy()
            pgeoms = _valid_all(_geoms(parents))
            geoms = _valid_all(_geoms(children))  # overlays need valid input
            child_parents = children["parent_code"].astype(object).to_numpy()
            filled: set[int] = set()
            to_storage = Transformer.from_crs(result.crs, STORAGE_CRS, always_xy=True)
            for problem in gaps:
                if problem.geometry is None or shapely.is_empty(problem.geometry):
                    continue
                # Recompute the gap in stored coordinates so its edges are the neighbours' own.
                approx = shapely.transform(problem.geometry, _xy(to_storage))
                # the parent by its code, or (when it has none) by where the gap lies
                where = shapely.intersects(pgeoms, shapely.point_on_surface(approx))
                if problem.codes:
                    where &= pcodes == problem.codes[0]
                if not where.any():
                    continue
                pi = int(np.flatnonzero(where)[0])
                parent, pcode = pgeoms[pi], pcodes[pi]
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
                if has_code(pcode):
                    siblings = members[child_parents[members] == pcode]
                else:  # a parent without a code: its children cannot name it either
                    siblings = members[[not has_code(c) for c in child_parents[members]]]
                best = self.longest_border(geoms, siblings, near)
                if best < 0:
                    notes.append(f"空隙 {problem.x:.5f},{problem.y:.5f} 没有相邻网格，未填补")
                    continue
                geoms[best] = _valid(shapely.union(geoms[best], gap))
                filled.add(int(best))
                changed += 1
                notes.append(f"空隙并入 {code_ref(children['code'].iloc[best])}")
            if filled:  # only the grids that took a gap change (invalid others stay as they are)
                out = _geoms(children)
                out[list(filled)] = geoms[list(filled)]
                before[name], after[name] = children, _with_geoms(children, out)
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
        """Split each overlap between its two grids by a rule a person accepts.

        The overlap goes to the grid whose households are registered there; where both have
        households there, or neither, it is split along the line halfway between the two
        grids (each part to the nearer of them: their undisputed areas and their households).
        ``keep`` names the grid that keeps a pair's whole overlap. No pair is resolved when
        either grid would be left with half of its area or less: a note names both.
        """
        before, after, changed, notes = {}, {}, 0, []
        keep = keep or {}
        for level in self.levels():
            overlaps = [p for p in result.of_kind("overlap") if p.level == level]
            if not overlaps:
                continue
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            codes = frame["code"].astype(object).to_numpy()
            rows: dict[str, list[int]] = {}
            for idx, code in enumerate(codes):
                if has_code(code):
                    rows.setdefault(code, []).append(idx)
            geoms = _geoms(frame)
            original = np.array([_metric_area(_valid(g), self.to_metric) for g in geoms])
            homes = self._household_units(level)
            pairs = {}
            for problem in overlaps:
                if len(problem.codes) >= 2:
                    pairs.setdefault(tuple(problem.codes[:2]), problem.area_m2)
                else:
                    notes.append(f"{problem.message}：网格没有编码，未处理；请先填写编码")
            touched = 0
            for a_code, b_code in sorted(pairs, key=lambda k: (-pairs[k], k)):
                if len(rows.get(a_code, [])) != 1 or len(rows.get(b_code, [])) != 1:
                    notes.append(
                        f"{a_code} 与 {b_code} 的重叠未处理：编码重复或不存在，"
                        "请先重新编码（repair --fix renumber）"
                    )
                    continue
                a, b = rows[a_code][0], rows[b_code][0]
                note, done = self._resolve_pair(
                    geoms, (a, b), (a_code, b_code), original, homes, keep
                )
                if note:
                    notes.append(note)
                touched += done
            if touched:
                before[name], after[name] = frame, _with_geoms(frame, geoms)
                changed += touched
        return LayersEdit(f"消除重叠（{changed} 处）", before, after, changed, notes)

    def _resolve_pair(
        self,
        geoms: np.ndarray,
        rows: tuple[int, int],
        codes: tuple[str, str],
        original: np.ndarray,
        homes: tuple[np.ndarray, np.ndarray, np.ndarray],
        keep: dict[tuple, str],
    ) -> tuple[str | None, int]:
        """Resolve one overlap in ``geoms`` (in place); return a note and 1 if resolved."""
        (a, b), (a_code, b_code) = rows, codes
        ga, gb = _valid(geoms[a]), _valid(geoms[b])
        inter = _polygonal(shapely.intersection(ga, gb))
        area = _metric_area(inter, self.to_metric)
        if area < self.params.min_area_m2:
            return None, 0
        what = f"{a_code} 与 {b_code} 的重叠（{area:.0f} m²）"
        chosen = keep.get((a_code, b_code)) or keep.get((b_code, a_code))
        if chosen in codes:
            to_a = inter if chosen == a_code else shapely.Polygon()
            rule = f"按指定归 {chosen}"
        else:
            to_a, rule = self._split(ga, gb, inter, codes, homes)
            if to_a is None:
                return f"{what}未处理：{rule}；请在地图上手工调整", 0
        to_a = _polygonal(to_a)
        to_b = _polygonal(shapely.difference(inter, to_a))
        new_a = self._without_crumbs(_valid(shapely.difference(ga, to_b)))
        new_b = self._without_crumbs(_valid(shapely.difference(gb, to_a)))
        for idx, code, new in ((a, a_code, new_a), (b, b_code, new_b)):
            left = _metric_area(new, self.to_metric)
            if original[idx] > 0 and left <= MIN_KEPT_SHARE * original[idx]:
                share = left / original[idx]
                return (
                    f"{what}未处理：若{rule}，{code} 只剩原面积的 {share:.0%}（修复不能清空或"
                    "吞并网格）；请在地图上手工调整这两个网格",
                    0,
                )
        geoms[a], geoms[b] = new_a, new_b
        got_a = _metric_area(to_a, self.to_metric)
        return f"{what}{rule}：{a_code} 得 {got_a:.0f} m²，{b_code} 得 {area - got_a:.0f} m²", 1

    def _split(
        self,
        ga: Any,
        gb: Any,
        inter: Any,
        codes: tuple[str, str],
        homes: tuple[np.ndarray, np.ndarray, np.ndarray],
    ) -> tuple[Any, str]:
        """Return the part of ``inter`` that goes to the first grid, and the rule used.

        ``None`` and the reason when there is no rule to go by.
        """
        x, y, unit = homes
        in_a = in_b = np.zeros(0, dtype=bool)
        if len(x):
            minx, miny, maxx, maxy = shapely.bounds(inter)
            near = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
            inside = near[shapely.intersects_xy(inter, x[near], y[near])]
            x, y, unit = x[inside], y[inside], unit[inside]
            in_a, in_b = unit == codes[0], unit == codes[1]
        if in_a.any() and not in_b.any():
            return inter, f"按住户登记（{int(in_a.sum())} 户）归 {codes[0]}"
        if in_b.any() and not in_a.any():
            return shapely.Polygon(), f"按住户登记（{int(in_b.sum())} 户）归 {codes[1]}"
        core_a = _polygonal(shapely.difference(ga, gb))
        core_b = _polygonal(shapely.difference(gb, ga))
        small = [
            c
            for c, core in zip(codes, (core_a, core_b))
            if _metric_area(core, self.to_metric) < self.params.min_area_m2
        ]
        if small and not (in_a.any() and in_b.any()):
            inner = small[0]
            other = codes[1] if inner == codes[0] else codes[0]
            return None, f"{inner} 几乎完全落在 {other} 内，没有可依据的住户登记或边界"
        # points every ~2 % of the overlap's size along each undisputed part's edge
        spacing = max(np.sqrt(_metric_area(inter, self.to_metric)) / 50.0, 0.5)
        seeds_a, seeds_b = (
            [self._edge_points(core_a, spacing)],
            [self._edge_points(core_b, spacing)],
        )
        if in_a.any():
            seeds_a.append(np.column_stack(self.to_metric.transform(x[in_a], y[in_a])))
            seeds_b.append(np.column_stack(self.to_metric.transform(x[in_b], y[in_b])))
            rule = "按两网格的住户和未重叠部分之间的中线划分"
        else:
            rule = "沿两网格未重叠部分之间的中线划分"
        region = _nearer_region(np.vstack(seeds_a), np.vstack(seeds_b))
        if region is None:
            return None, "无法确定两网格之间的分界"
        to_storage = Transformer.from_crs(self.metric_crs, STORAGE_CRS, always_xy=True)
        region = shapely.transform(region, _xy(to_storage))
        return _polygonal(shapely.intersection(inter, region)), rule

    def _without_crumbs(self, geom: Any) -> Any:
        """Drop the hairline crumbs an overlay leaves beside a geometry's main parts.

        Edges digitised separately never coincide exactly, so cutting one polygon by another
        leaves crumbs narrower than the tolerance, loose or hanging on by a point (then they
        split off only in the metric frame, as the check sees them). Crumbs are cut away with
        a centimetre's margin; the main parts keep their vertices.
        """
        metric = shapely.transform(geom, _xy(self.to_metric))
        if not shapely.is_valid(metric):
            metric = _polygonal(shapely.make_valid(metric))
        parts = np.array(explode(metric), dtype=object)
        if len(parts) < 2:
            return geom
        keep = significant(parts, self.params.tolerance_m, self.params.min_area_m2)
        if keep.all() or not keep.any():
            return geom
        to_storage = Transformer.from_crs(self.metric_crs, STORAGE_CRS, always_xy=True)
        crumbs = shapely.transform(shapely.union_all(parts[~keep]), _xy(to_storage))
        return _valid(shapely.difference(geom, shapely.buffer(crumbs, _degrees(0.01))))

    def _edge_points(self, geom: Any, spacing: float) -> np.ndarray:
        """Points (metric x, y) along the boundary of ``geom``, about ``spacing`` m apart."""
        if geom is None or shapely.is_empty(geom):
            return np.zeros((0, 2))
        edge = shapely.boundary(shapely.transform(geom, _xy(self.to_metric)))
        spacing = max(spacing, float(shapely.length(edge)) / MAX_EDGE_POINTS)
        return shapely.get_coordinates(shapely.segmentize(edge, spacing))

    def _household_units(self, level: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lon, lat and registered unit of ``level`` of every located household."""
        households = self.project.layer("households")
        empty = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=object))
        if not len(households) or level == "town":
            return empty
        if level == "large":
            small = self.project.layer("grids_small")
            up = dict(zip(small["code"].astype(object), small["parent_code"].astype(object)))
            unit = households["grid_code"].astype(object).map(up)
        else:
            column = {"village": "village_code", "small": "grid_code", "micro": "micro_code"}
            unit = households[column[level]].astype(object)
        geoms = np.asarray(households.geometry.array, dtype=object)
        ok = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)
        ok &= unit.map(has_code).to_numpy(bool)
        pts = geoms[ok]
        return shapely.get_x(pts), shapely.get_y(pts), unit.to_numpy()[ok]

    # -- slivers ----------------------------------------------------------------------------
    def merge_slivers(self, result: ValidationResult) -> LayersEdit:
        """Merge each sliver into the sibling it shares the longest border with.

        What named the sliver follows it: households, issues and child units move to the
        grid it joins, and so do its cadres, except a leader, secretary or liaison where that
        grid already has one (that assignment is dropped, with a note).
        """
        before, after, changed, notes = {}, {}, 0, []
        for level in self.levels()[1:]:
            slivers = {p.codes[0] for p in result.of_kind("sliver") if p.level == level and p.codes}
            if not slivers:
                continue
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            geoms = _geoms(frame)
            codes = frame["code"].astype(object).to_numpy()
            parents = frame["parent_code"].astype(object).to_numpy()
            drop: list[int] = []
            moved: dict[str, str] = {}
            for idx in np.flatnonzero(frame["code"].isin(slivers).to_numpy()):
                if not has_code(codes[idx]) or (codes == codes[idx]).sum() > 1:
                    notes.append(f"碎片 {code_ref(codes[idx])} 编码为空或重复，未合并")
                    continue
                shape = _valid(geoms[idx])
                candidates = [
                    other
                    for other in np.flatnonzero(shapely.intersects(geoms, shape))
                    if other != idx and other not in drop and parents[other] == parents[idx]
                    and has_code(codes[other])
                ]  # fmt: skip
                near = shapely.buffer(shape, _degrees(self.params.tolerance_m))
                best = self.longest_border(geoms, candidates, near)
                if best < 0:
                    notes.append(f"碎片 {codes[idx]} 没有同一上级的相邻网格，未合并")
                    continue
                geoms[best] = _valid(shapely.union(_valid(geoms[best]), shape))
                drop.append(int(idx))
                moved[codes[idx]] = codes[best]
                changed += 1
                notes.append(f"碎片 {codes[idx]} 并入 {codes[best]}")
            if not drop:
                continue
            repaired = (
                _with_geoms(frame, geoms).drop(index=frame.index[drop]).reset_index(drop=True)
            )
            before[name], after[name] = frame, repaired
            notes += self._follow(level, moved, before, after)
        return LayersEdit(f"合并碎片（{changed} 个）", before, after, changed, notes)

    def _follow(
        self,
        level: str,
        moved: dict[str, str],
        before: dict[str, pd.DataFrame],
        after: dict[str, pd.DataFrame],
    ) -> list[str]:
        """Point what named the merged units ``moved`` (old → new code) at their new unit."""
        notes: list[str] = []
        levels = self.levels()
        below = levels[levels.index(level) + 1] if levels.index(level) + 1 < len(levels) else None
        refs = [(name, column) for name, column in UNIT_REFERENCES.get(level, ())]
        if below is not None:
            refs.append((LEVEL_LAYERS[below], "parent_code"))
        for name, column in refs:
            frame = after.get(name, self.project.layer(name))
            if not len(frame) or column not in frame:
                continue
            values = frame[column].astype(object)
            hit = values.isin(list(moved)).to_numpy()
            if hit.any():
                out = frame.copy()
                out[column] = values.map(lambda c: moved.get(c, c))
                before.setdefault(name, self.project.layer(name))
                after[name] = out
        assignments = after.get("assignments", self.project.layer("assignments"))
        mine = assignments["grid_code"].astype(object).isin(list(moved)).to_numpy()
        if not mine.any():
            return notes
        out = assignments.copy()
        target = out["grid_code"].astype(object).map(lambda c: moved.get(c, c))
        held = {
            (role, code)
            for role, code, m in zip(out["role"], out["grid_code"], mine)
            if not m and role in SINGLE_HOLDER_ROLES
        }
        pairs = {
            (cid, role, code)
            for cid, role, code, m in zip(out["cadre_id"], out["role"], out["grid_code"], mine)
            if not m
        }
        keep = np.ones(len(out), dtype=bool)
        for k in np.flatnonzero(mine):
            role, cid = out["role"].iloc[k], out["cadre_id"].iloc[k]
            old, new = out["grid_code"].iloc[k], target.iloc[k]
            label = CADRE_ROLES.get(role, role)
            if role in SINGLE_HOLDER_ROLES and (role, new) in held:
                keep[k] = False
                notes.append(
                    f"{old} 并入 {new}，而 {new} 已有{label}：干部 {cid} 的{label}任命已删除"
                )
            elif (cid, role, new) in pairs:
                keep[k] = False  # the cadre already holds this role there
            else:
                held.add((role, new))
                notes.append(f"干部 {cid} 的{label}任命随 {old} 转到 {new}")
            pairs.add((cid, role, new))
        out["grid_code"] = target
        out = out[keep].reset_index(drop=True)
        before.setdefault("assignments", self.project.layer("assignments"))
        after["assignments"] = out
        return notes

    # -- parent codes -------------------------------------------------------------------
    def derive_parents(self, result: ValidationResult) -> LayersEdit:
        before, after, changed, notes = {}, {}, 0, []
        for level in self.levels():
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name)
            known = {c for c in frame["code"] if has_code(c)}
            mine: dict[str, str] = {}
            unsure: list[str] = []
            for p in result.problems:
                if p.level != level or p.kind not in ("orphan", "outside_parent"):
                    continue
                if p.codes and p.codes[0] in known and has_code(p.suggestion):
                    mine[p.codes[0]] = str(p.suggestion)
                elif p.kind == "orphan":
                    unsure.append(p.codes[0] if p.codes and p.codes[0] in known else "（无编码）")
            if unsure:
                shown = "、".join(unsure[:5]) + (f" 等 {len(unsure)} 个" if len(unsure) > 5 else "")
                notes.append(
                    f"{shown}：按位置无法确定上级，或所在的上级单元没有编码，未修改；"
                    "请先为上级单元设置编码或手工填写上级编码"
                )
            if not mine:
                continue
            out = frame.copy()
            mask = out["code"].isin(list(mine))
            out.loc[mask, "parent_code"] = out.loc[mask, "code"].map(mine)
            changed += int(mask.sum())
            notes += [f"{c} 的上级改为 {s}" for c, s in mine.items()]
            before[name], after[name] = frame, out
        return LayersEdit(f"按位置确定上级编码（{changed} 个）", before, after, changed, notes)

    # -- renumbering ------------------------------------------------------------------------
    def renumber(self, top_level: str) -> LayersEdit:
        """Renumber ``top_level`` and every level below it, cascading to households etc.

        Within each parent, children are numbered in reading order: rows north to south,
        west to east within a row (as the code standard lays them out). Old codes map to new
        ones one to one and every reference (parent codes, households, issues, assignments)
        follows at once. Assignments to units that exist in no layer are removed, and stored
        codes of units that no longer exist are cleared where a new code would reuse them,
        each with a note: a renumbering must not hand them to another grid.
        """
        levels = self.levels()
        if top_level not in CODE_WIDTHS:
            raise InputError(
                f"{top_level} codes are statistical codes, not renumbered; renumber grids "
                "with --level large, small or micro"
            )
        if top_level not in levels:
            raise InputError(
                f"the project has no {LEVEL_LAYERS[top_level]} to renumber; "
                "choose a level it has with --level"
            )
        existing = set().union(*(unit_codes(self.project, lv) for lv in LEVEL_LAYERS))
        before: dict[str, pd.DataFrame] = {}
        after: dict[str, pd.DataFrame] = {}
        mapping: dict[str, str] = {}
        shared: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # duplicated code: grids, codes
        notes: list[str] = []
        for level in levels[levels.index(top_level) :]:
            name = LEVEL_LAYERS[level]
            frame = self.project.layer(name).copy()
            new_codes, level_notes = self._new_codes(level, frame, mapping)
            notes += level_notes
            old = frame["code"].astype(object).to_numpy()
            for o, n in zip(old, new_codes):
                if has_code(o):
                    mapping.setdefault(o, n)  # a duplicated code follows its first grid
            geoms = _geoms(frame)
            for code, rows in pd.Series(old).groupby(old).groups.items():
                if len(rows) > 1 and has_code(code):  # points go by where they lie
                    shared[code] = (geoms[list(rows)], np.asarray(new_codes)[list(rows)])
            before[name] = self.project.layer(name)
            frame["parent_code"] = (
                frame["parent_code"].astype(object).map(lambda c: mapping.get(c, c))
            )
            frame["code"] = new_codes
            after[name] = frame
        new_set = set(mapping.values())
        for name, columns in (
            ("households", ("grid_code", "micro_code")),
            ("issues", ("grid_code",)),
        ):
            frame = self.project.layer(name)
            if not len(frame):
                continue
            out = frame.copy()
            for column in columns:
                values = out[column].astype(object)
                # a code of no unit that a new code reuses would hand them to another grid
                stale = values.isin(new_set).to_numpy() & ~values.isin(existing).to_numpy()
                if stale.any():
                    notes.append(
                        f"{int(stale.sum())} 条{LAYER_TEXT[name]}的 {column} 指向已不存在的网格，"
                        "且该编码将分配给另一网格，已清空"
                    )
                mapped = values.map(lambda c: mapping.get(c, c)).where(~stale, None)
                for code, (grids, new) in shared.items():
                    rows = np.flatnonzero(values.to_numpy() == code)
                    if len(rows):
                        where = locate_points(_geoms(frame)[rows], grids)
                        mapped.iloc[rows[where >= 0]] = new[where[where >= 0]]
                out[column] = mapped
            before[name], after[name] = frame, out
        assignments = self.project.layer("assignments")
        if len(assignments):
            no_unit, _ = dangling_assignments(self.project, assignments)
            out = assignments[~no_unit].copy()
            out["grid_code"] = out["grid_code"].astype(object).map(lambda c: mapping.get(c, c))
            notes += _dangling_notes(assignments[no_unit], "所指单元已不存在")
            before["assignments"] = assignments
            after["assignments"] = out.reset_index(drop=True)
        changed = sum(1 for old, new in mapping.items() if old != new)
        return LayersEdit(f"重新编码（{changed} 个编码变化）", before, after, changed, notes)

    def _new_codes(
        self, level: str, frame: pd.DataFrame, mapping: dict[str, str]
    ) -> tuple[np.ndarray, list[str]]:
        """Return new codes of a level's units, in reading order within each parent."""
        width = CODE_WIDTHS[level]
        old = frame["code"].astype(object).to_numpy()
        parents = frame["parent_code"].astype(object).map(lambda c: mapping.get(c, c)).to_numpy()
        has_parent = np.array([has_code(c) for c in parents], dtype=bool)
        new = old.copy()
        notes = []
        if (~has_parent).any():
            notes.append(
                f"{int((~has_parent).sum())} 个{LEVEL_NAMES[level]}没有上级编码，保留原编码；"
                "请先确定上级（repair --fix orphan）"
            )
        taken = {c for c in old[~has_parent] if has_code(c)}  # kept codes are not reissued
        bounds = shapely.bounds(_geoms(self.project.to_metric(LEVEL_LAYERS[level])))
        x = (bounds[:, 0] + bounds[:, 2]) / 2
        y = (bounds[:, 1] + bounds[:, 3]) / 2
        height = bounds[:, 3] - bounds[:, 1]
        for parent in dict.fromkeys(parents[has_parent]):
            members = np.flatnonzero(has_parent & (parents == parent))
            seq = 0
            for idx in _reading_order(x[members], y[members], height[members]):
                seq += 1
                while f"{parent}{seq:0{width}d}" in taken:
                    seq += 1
                if seq >= 10**width:
                    raise InputError(
                        f"{LEVEL_LAYERS[level]}: more than {10**width - 1} children under "
                        f"{parent} do not fit a {width}-digit sequence number"
                    )
                new[members[idx]] = f"{parent}{seq:0{width}d}"
        return new, notes

    # -- assignments --------------------------------------------------------------------
    def drop_dangling(self, only: list[Problem] | None = None) -> LayersEdit:
        """Remove assignments naming a unit or a cadre that does not exist, with a note each.

        With ``only`` (``dangling_assignment`` problems), just the assignments they name.
        """
        assignments = self.project.layer("assignments")
        no_unit, no_cadre = dangling_assignments(self.project, assignments)
        gone = no_unit | no_cadre
        if only is not None:
            named = {tuple(p.codes) for p in only if p.kind == "dangling_assignment"}
            rows = zip(assignments["grid_code"], assignments["cadre_id"])
            gone &= np.array(
                [tuple(c for c in pair if has_code(c)) in named for pair in rows], dtype=bool
            )
        if not gone.any():
            return LayersEdit("删除失效任命（0 条）", {}, {}, 0)
        notes = _dangling_notes(assignments[no_unit], "所指单元已不存在")
        notes += _dangling_notes(assignments[no_cadre & ~no_unit], "干部不在干部名单中")
        after = assignments[~gone].reset_index(drop=True)
        return LayersEdit(
            f"删除失效任命（{int(gone.sum())} 条）",
            {"assignments": assignments},
            {"assignments": after},
            int(gone.sum()),
            notes,
        )


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
        ``gap``, ``overlap``, ``sliver``, ``orphan``/``parents``, ``renumber``,
        ``dangling``/``assignments`` (remove assignments to missing units or cadres).
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
    if action == "dangling":
        return repairer.drop_dangling(only)
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
#: cadres, a double leader a choice of who stays, a household outside every grid needs a grid
#: drawn around it).
FIX_FOR_KIND: dict[str, str] = {
    "invalid": "make_valid",
    "outside_parent": "snap",
    "gap": "gap",
    "overlap": "overlap",
    "sliver": "sliver",
    "orphan": "parents",
    "duplicate_code": "renumber",
    "bad_code": "renumber",
    "dangling_assignment": "dangling",
}


def fix_for(problem: Problem) -> str | None:
    """Return the repair that fixes ``problem`` (None when a person must decide).

    A child lying mostly in another unit is fixed by taking that unit as its parent; an
    orphan only when its parent could be derived from the geometry. Renumbering fixes grid
    codes only: a town's or village's statistical code is corrected by a person.
    """
    if problem.kind in ("outside_parent", "orphan") and problem.suggestion:
        return "parents"
    if problem.kind == "orphan":
        return None
    if problem.kind in ("bad_code", "duplicate_code") and problem.level not in CODE_WIDTHS:
        return None  # town and village codes are statistical codes: a person corrects them
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


def _nearer_region(seeds_a: np.ndarray, seeds_b: np.ndarray) -> Any:
    """Return the part of the plane nearer to ``seeds_a`` than to ``seeds_b`` (Voronoi).

    Seeds are (x, y) rows in metres; a point seeded on both sides stays with ``a``. Returns
    None when one side has no seed.
    """
    if not len(seeds_a) or not len(seeds_b):
        return None
    xy = np.vstack([seeds_a, seeds_b])
    side = np.r_[np.ones(len(seeds_a), bool), np.zeros(len(seeds_b), bool)]
    xy, first = np.unique(np.round(xy, 3), axis=0, return_index=True)
    side = side[first]
    if side.all() or not side.any():
        return None
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    frame = shapely.box(*(lo - 1.0 - (hi - lo)), *(hi + 1.0 + (hi - lo)))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=frame, ordered=True)
    )
    if len(cells) != len(xy):  # degenerate input (GEOS merged seeds): no reliable labels
        return None
    return _valid(shapely.union_all(cells[side]))


def _reading_order(x: np.ndarray, y: np.ndarray, height: np.ndarray) -> np.ndarray:
    """Positions in reading order: rows north to south, west to east within a row.

    A unit joins the current row while its centre lies less than half a typical unit height
    (the median) below the row's first unit.
    """
    if not len(x):
        return np.zeros(0, dtype=np.int64)
    finite = height[np.isfinite(height) & (height > 0)]
    band = float(np.median(finite)) / 2 if len(finite) else 0.0
    ys = np.where(np.isfinite(y), y, -np.inf)
    north_first = np.lexsort((np.where(np.isfinite(x), x, np.inf), -ys))
    row = np.zeros(len(x), dtype=np.int64)
    top, current = None, 0
    for pos in north_first:
        if top is None or top - ys[pos] > band:
            top, current = ys[pos], current + 1
        row[pos] = current
    return np.lexsort((np.where(np.isfinite(x), x, np.inf), row))


def _dangling_notes(rows: pd.DataFrame, why: str) -> list[str]:
    """One note per removed assignment: who, which role, which unit, and why."""
    notes = []
    for cid, role, level, code in zip(
        rows["cadre_id"], rows["role"], rows["level"], rows["grid_code"]
    ):
        label = CADRE_ROLES.get(role, role if has_code(role) else "")
        unit = LEVEL_NAMES.get(level, "单元") if has_code(level) else "单元"
        notes.append(f"已删除干部 {code_ref(cid)} 对{unit} {code_ref(code)} 的{label}任命（{why}）")
    return notes
