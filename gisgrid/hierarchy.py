"""The grid tree's health: nesting, coverage, overlaps, geometry, codes, households, staffing.

All geometry work happens in the project's Gauss-Krüger zone (metres), on shapely arrays:
an STRtree finds candidate pairs, vectorised ``intersection``/``relate_pattern`` measure them.
That is what makes the check many times faster than the overlay-based approach (see
``bench/bench_validate.py``). Problems are returned as :class:`Problem` records and can be
stored as the project's ``problems`` layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import Cancelled, InputError
from gisgrid.schema import CADRE_ROLES, CODE_LENGTHS, CODE_WIDTHS, LEVEL_LAYERS

SQM_PER_MU = 2000.0 / 3.0  # 1 亩 = 666.67 m²
POINT_MARK_M = 8.0  # radius of the disc that marks a household problem on the map

PROBLEM_KINDS = (
    "outside_parent",
    "gap",
    "overlap",
    "invalid",
    "multipart",
    "sliver",
    "empty",
    "duplicate_code",
    "bad_code",
    "orphan",
    "household_outside",
    "household_mismatch",
    "staffing",
    "double_leader",
    "dangling_assignment",
)

LEVEL_NAMES = {
    "town": "镇",
    "village": "村/社区",
    "large": "大网格",
    "small": "小网格",
    "micro": "微网格",
    "household": "户",
}

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ValidationParams:
    """Settings of a hierarchy check.

    Parameters
    ----------
    tolerance_m : float
        Pieces narrower than this (misaligned hand-drawn edges) are not reported.
    min_area_m2 : float
        Gaps, overlaps and outside parts smaller than this are not reported.
    sliver_area_m2 : float
        A polygon smaller than this is a sliver.
    sliver_width_m : float
        A polygon whose mean width (2 × area / perimeter) is below this is a sliver.
    unambiguous_share : float
        Share of a child's area inside one unit needed to derive its parent from geometry.
    micro_slack : float
        A micro grid may hold up to ``ratio × (1 + micro_slack)`` households.
    """

    tolerance_m: float = 1.0
    min_area_m2: float = 1.0
    sliver_area_m2: float = 50.0
    sliver_width_m: float = 2.0
    unambiguous_share: float = 0.9
    micro_slack: float = 0.5
    check_households: bool = True
    check_staffing: bool = True


@dataclass
class Problem:
    """One thing wrong with the hierarchy.

    ``geometry`` is in the metric CRS of the check; ``x``/``y`` are lon/lat of a point on it.
    """

    kind: str
    level: str
    codes: list[str]
    message: str
    geometry: Any = None
    area_m2: float = 0.0
    x: float = float("nan")
    y: float = float("nan")
    suggestion: str | None = None  # e.g. the derived parent code

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record: kind, level, codes, area_m2, x, y, message."""
        return {
            "kind": self.kind,
            "level": self.level,
            "codes": list(self.codes),
            "area_m2": round(float(self.area_m2), 2),
            "x": None if np.isnan(self.x) else round(float(self.x), 7),
            "y": None if np.isnan(self.y) else round(float(self.y), 7),
            "message": self.message,
        }


@dataclass
class ValidationResult:
    """Problems found by :func:`validate`, in the metric CRS ``crs``."""

    problems: list[Problem]
    crs: CRS
    params: ValidationParams = field(default_factory=ValidationParams)

    @property
    def counts(self) -> dict[str, int]:
        """Number of problems per kind (kinds with none are left out)."""
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        return counts

    @property
    def clean(self) -> bool:
        """Whether no problem was found."""
        return not self.problems

    def of_kind(self, kind: str) -> list[Problem]:
        """Problems of one kind."""
        return [p for p in self.problems if p.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """``{"problems": [...], "counts": {kind: n}}`` as the CLI prints it."""
        return {"problems": [p.to_dict() for p in self.problems], "counts": self.counts}

    def to_frame(self) -> gpd.GeoDataFrame:
        """Return the problems as a GeoDataFrame in EPSG:4490, for the ``problems`` layer."""
        geoms = gpd.GeoSeries([p.geometry for p in self.problems], crs=self.crs)
        return gpd.GeoDataFrame(
            {
                "kind": [p.kind for p in self.problems],
                "level": [p.level for p in self.problems],
                "codes": [",".join(p.codes) for p in self.problems],
                "area_m2": [float(p.area_m2) for p in self.problems],
                "message": [p.message for p in self.problems],
            },
            geometry=geoms.to_crs(STORAGE_CRS),
            crs=STORAGE_CRS,
        )


# -- array kernels (metres) -----------------------------------------------------------------
def significant(geoms: np.ndarray, tolerance_m: float, min_area_m2: float) -> np.ndarray:
    """Mask of pieces that matter: at least ``min_area_m2`` and wider than ``tolerance_m``.

    A piece narrower than the tolerance vanishes when eroded by half of it.
    """
    geoms = np.asarray(geoms, dtype=object)
    keep = ~shapely.is_empty(geoms) & (shapely.area(geoms) >= min_area_m2)
    if tolerance_m > 0 and keep.any():
        eroded = shapely.buffer(geoms[keep], -tolerance_m / 2.0)
        keep[np.flatnonzero(keep)] = ~shapely.is_empty(eroded)
    return keep


def explode(geom: Any) -> list[Any]:
    """Polygon parts of a (multi)polygon or collection, as a list."""
    if geom is None or shapely.is_empty(geom):
        return []
    parts = shapely.get_parts(geom)
    out = []
    for part in parts:
        if isinstance(part, shapely.Polygon):
            out.append(part)
        elif isinstance(part, shapely.MultiPolygon | shapely.GeometryCollection):
            out.extend(explode(part))
    return out


def sibling_overlaps(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, whose interiors overlap, and the overlap geometries.

    Uses an STRtree for candidates and DE-9IM ``2********`` (interiors share an area), which,
    unlike the ``overlaps`` predicate, also catches duplicates and polygons nested in others.
    """
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i) == 0:
        return i, j, np.array([], dtype=object)
    inner = shapely.relate_pattern(geoms[i], geoms[j], "2********")
    i, j = i[inner], j[inner]
    return i, j, shapely.intersection(geoms[i], geoms[j])


def overlap_shares(children: np.ndarray, parents: np.ndarray) -> pd.DataFrame:
    """Area of each child inside each parent it meets: columns ``child, parent, area``.

    A child covered by a parent (the normal case) needs no overlay: its whole area counts.
    Only the others are intersected with the parents they meet.
    """
    tree = shapely.STRtree(parents)
    c_in, p_in = tree.query(children, predicate="covered_by")
    inside = np.zeros(len(children), dtype=bool)
    inside[c_in] = True
    rest = np.flatnonzero(~inside)
    c_out, p_out = tree.query(children[rest], predicate="intersects")
    c_out = rest[c_out]
    area_out = (
        shapely.area(shapely.intersection(children[c_out], parents[p_out]))
        if len(c_out)
        else np.array([])
    )
    frame = pd.DataFrame(
        {
            "child": np.concatenate([c_in, c_out]),
            "parent": np.concatenate([p_in, p_out]),
            "area": np.concatenate([shapely.area(children[c_in]), area_out]),
        }
    )
    return frame[frame["area"] > 0]


def locate_points(points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the polygon holding each point, ``-1`` for none.

    A point on a shared border belongs to the polygon with the lowest index, so the answer
    is deterministic.
    """
    result = np.full(len(points), -1, dtype=np.int64)
    if len(points) == 0 or len(polygons) == 0:
        return result
    tree = shapely.STRtree(polygons)
    p, g = tree.query(points, predicate="intersects")
    order = np.lexsort((g, p))
    p, g = p[order], g[order]
    first = np.ones(len(p), dtype=bool)
    first[1:] = p[1:] != p[:-1]
    result[p[first]] = g[first]
    return result


def representative_xy(geoms: np.ndarray, to_lonlat: Transformer) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat of a point on each geometry (NaN for empty ones)."""
    pts = shapely.point_on_surface(np.asarray(geoms, dtype=object))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    lon, lat = to_lonlat.transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


# -- the check ------------------------------------------------------------------------------
def has_code(code: Any) -> bool:
    """Whether ``code`` is a usable unit code (not None, NaN or blank)."""
    return isinstance(code, str) and bool(code.strip())


def code_ref(code: Any, name: Any = None) -> str:
    """Return a unit's code for people, or ``"“临河镇”（无编码）"`` when it has none."""
    if has_code(code):
        return str(code)
    if isinstance(name, str) and name.strip():
        return f"“{name.strip()}”（无编码）"
    return "（无编码）"


def unit_text(level: str, code: Any, name: Any = None) -> str:
    """Name a unit for people: ``"村/社区 370523103201"``, or ``"镇“临河镇”（无编码）"``."""
    label = LEVEL_NAMES.get(level, level)
    return f"{label} {code}" if has_code(code) else label + code_ref(code, name)


def code_problem(level: str, code: Any, parent_code: Any) -> str | None:
    """Why ``code`` is not a valid code of ``level`` under ``parent_code``, or None."""
    if code is None or (isinstance(code, float) and np.isnan(code)) or str(code).strip() == "":
        return "编码为空"
    code = str(code)
    expected = CODE_LENGTHS.get(level)
    if not re.fullmatch(r"\d+", code):
        return f"编码 {code} 含非数字字符"
    if expected and len(code) != expected:
        return f"编码 {code} 应为 {expected} 位数字，实为 {len(code)} 位"
    if level == "town" and not code.endswith("000"):
        return f"镇编码 {code} 末三位应为 000"
    if parent_code is None or pd.isna(parent_code) or not str(parent_code):
        return None  # an orphan is reported on its own
    parent = str(parent_code)
    if level == "village":
        if code[:9] != parent[:9] or code == parent:
            return f"村编码 {code} 前 9 位应与镇编码 {parent} 相同"
    elif level in CODE_WIDTHS and not code.startswith(parent):
        return f"编码 {code} 应以上级编码 {parent} 开头"
    return None


class _Checker:
    def __init__(
        self,
        project: Any,
        params: ValidationParams,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.project = project
        self.params = params
        self.crs = metric_crs_of(project)
        self.to_lonlat = Transformer.from_crs(self.crs, STORAGE_CRS, always_xy=True)
        self.problems: list[Problem] = []
        self.progress = progress or (lambda f, m: None)
        self.cancelled = cancelled or (lambda: False)
        self.frames: dict[str, gpd.GeoDataFrame] = {}
        self.overlap_pieces: dict[str, np.ndarray] = {}  # every sibling overlap, per level
        self.clean_geoms: dict[str, np.ndarray] = {}

    def add(
        self,
        kind: str,
        level: str,
        codes: list[Any],
        message: str,
        geometry: Any = None,
        area: float = 0.0,
        suggestion: str | None = None,
    ) -> None:
        x = y = float("nan")
        if geometry is not None and not shapely.is_empty(geometry):
            lon, lat = representative_xy(np.array([geometry], dtype=object), self.to_lonlat)
            x, y = float(lon[0]), float(lat[0])
            if isinstance(geometry, shapely.Point):  # a household: mark it with a small disc
                geometry = shapely.buffer(geometry, POINT_MARK_M)  # so the layer stays polygonal
        self.problems.append(
            Problem(
                kind,
                level,
                [str(c) for c in codes if has_code(c)],
                message,
                geometry,
                float(area),
                x,
                y,
                suggestion,
            )
        )

    def unit(self, level: str, idx: int, with_level: bool = True) -> str:
        """Name unit ``idx`` of ``level`` for a message (see :func:`unit_text`)."""
        frame = self.frames[level]
        name = frame["name"].iloc[idx] if "name" in frame else None
        code = frame["code"].iloc[idx]
        return unit_text(level, code, name) if with_level else code_ref(code, name)

    def step(self, fraction: float, message: str) -> None:
        if self.cancelled():
            raise Cancelled()
        self.progress(fraction, message)

    def run(self) -> list[Problem]:
        levels = [
            lv for lv in self.project.meta.levels if len(self.project.layer(LEVEL_LAYERS[lv]))
        ]
        n = max(len(levels), 1)
        for k, level in enumerate(levels):
            self.step(k / (n + 2), f"检查{LEVEL_NAMES[level]}几何")
            frame = self.project.to_metric(LEVEL_LAYERS[level]).reset_index(drop=True)
            self.frames[level] = frame
            self.clean_geoms[level] = self.check_geometry(level, frame)
            parent_frame = self.frames.get(levels[k - 1]) if k else None
            known = set(parent_frame["code"].dropna()) if parent_frame is not None else set()
            self.check_codes(level, frame, known)
        # Siblings are checked at every level, whether or not a parent layer exists (a project
        # without a town outline still gets its villages checked); first: gaps need them.
        for level in levels:
            self.overlap_pieces[level] = self.check_overlaps(level)
        for k, (parent, child) in enumerate(zip(levels, levels[1:])):
            self.step((k + 1) / (n + 2), f"检查{LEVEL_NAMES[child]}嵌套")
            self.check_nesting(parent, child)
        if self.params.check_households:
            self.step(n / (n + 2), "检查住户归属")
            self.check_households()
        if self.params.check_staffing:
            self.step((n + 1) / (n + 2), "检查人员配备")
            self.check_staffing()
        self.progress(1.0, "完成")
        return self.problems

    # geometry -------------------------------------------------------------------------------
    def check_geometry(self, level: str, frame: gpd.GeoDataFrame) -> np.ndarray:
        geoms = np.asarray(frame.geometry.array, dtype=object)
        codes = frame["code"].to_numpy()
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        for idx in np.flatnonzero(missing):
            self.add("empty", level, [codes[idx]], f"{self.unit(level, idx)} 没有几何图形")
        # Validity is judged on the stored lon/lat geometry (what QGIS sees); projecting can
        # turn a valid hairline spike invalid, which is then fixed quietly for the analysis.
        stored = np.asarray(self.project.layer(LEVEL_LAYERS[level]).geometry.array, dtype=object)
        valid = shapely.is_valid(stored) | missing
        clean = geoms.copy()
        for idx in np.flatnonzero(~shapely.is_valid(geoms) & ~missing):
            clean[idx] = _polygonal(shapely.make_valid(geoms[idx]))
        for idx in np.flatnonzero(~valid):
            reason = shapely.is_valid_reason(stored[idx])
            where = _reason_point(reason)
            if where is not None:  # GEOS names the spot in stored coordinates
                lon, lat = where
                reason = reason.split("[")[0] + f"（{lon:.6f}, {lat:.6f}）"
            self.add(
                "invalid",
                level,
                [codes[idx]],
                f"{self.unit(level, idx)} 几何无效：{reason}",
                geoms[idx],
            )
        clean[missing] = shapely.Polygon()
        parts = shapely.get_num_geometries(clean)
        for idx in np.flatnonzero((parts > 1) & ~missing):
            self.add(
                "multipart",
                level,
                [codes[idx]],
                f"{self.unit(level, idx)} 由 {parts[idx]} 个不相连的部分组成",
                clean[idx],
                shapely.area(clean[idx]),
            )
        area = shapely.area(clean)
        width = np.where(
            shapely.length(clean) > 0, 2 * area / np.maximum(shapely.length(clean), 1e-9), 0
        )
        sliver = ~missing & (
            (area < self.params.sliver_area_m2) | (width < self.params.sliver_width_m)
        )
        for idx in np.flatnonzero(sliver):
            self.add(
                "sliver",
                level,
                [codes[idx]],
                f"{self.unit(level, idx)} 是碎片（面积 {area[idx]:.1f} m²，"
                f"平均宽度 {width[idx]:.2f} m）",
                clean[idx],
                area[idx],
            )
        return clean

    def check_codes(self, level: str, frame: gpd.GeoDataFrame, parent_codes: set[str]) -> None:
        codes = frame["code"]
        dup = codes[codes.map(has_code).astype(bool) & codes.duplicated(keep=False)]
        for code, rows in dup.groupby(dup).groups.items():
            geom = shapely.union_all(self.clean_geoms[level][list(rows)])
            self.add(
                "duplicate_code",
                level,
                [code],
                f"{LEVEL_NAMES[level]}编码 {code} 重复 {len(rows)} 次",
                geom,
            )
        parents = frame["parent_code"] if "parent_code" in frame else pd.Series([None] * len(frame))
        for idx, (code, parent) in enumerate(zip(codes, parents)):
            # a parent_code that names no unit is reported once, as an orphan
            parent = parent if parent in parent_codes else None
            why = code_problem(level, code, parent)
            if why and not has_code(code):
                why = f"{self.unit(level, idx)}：请填写{LEVEL_NAMES[level]}编码"
            if why:
                self.add("bad_code", level, [code, parent], why, self.clean_geoms[level][idx])

    # nesting --------------------------------------------------------------------------------
    def check_nesting(self, parent_level: str, child_level: str) -> None:
        p, tol, min_area = self.params, self.params.tolerance_m, self.params.min_area_m2
        parents, children = self.frames[parent_level], self.frames[child_level]
        pg, cg = self.clean_geoms[parent_level], self.clean_geoms[child_level]
        pcodes, ccodes = (
            parents["code"].astype(object).to_numpy(),
            children["code"].astype(object).to_numpy(),
        )
        index_of = {c: i for i, c in enumerate(pcodes) if c is not None and not pd.isna(c)}
        shares = overlap_shares(cg, pg)
        child_area = shapely.area(cg)
        best = shares.sort_values("area", ascending=False).drop_duplicates("child")
        best_parent_of = np.full(len(children), -1, dtype=np.int64)
        best_area_of = np.zeros(len(children))
        best_parent_of[best["child"].to_numpy()] = best["parent"].to_numpy()
        best_area_of[best["child"].to_numpy()] = best["area"].to_numpy()
        own_area = np.zeros(len(children))
        stated_parents = children["parent_code"].astype(object).to_numpy()
        declared = np.array([index_of.get(v, -1) for v in stated_parents], dtype=np.int64)
        if len(shares):
            hit = shares["parent"].to_numpy() == declared[shares["child"].to_numpy()]
            np.add.at(own_area, shares["child"].to_numpy()[hit], shares["area"].to_numpy()[hit])
        parent_label = LEVEL_NAMES[parent_level]
        for idx in range(len(children)):
            if child_area[idx] == 0:
                continue
            code = ccodes[idx]
            unit = self.unit(child_level, idx)
            best_parent = int(best_parent_of[idx])
            best_share = best_area_of[idx] / child_area[idx]
            located = best_parent if best_share >= p.unambiguous_share else -1
            # only a parent with a code can be suggested: a parent_code is a code
            derived = pcodes[located] if located >= 0 and has_code(pcodes[located]) else None
            if declared[idx] < 0:
                stated = stated_parents[idx]
                if has_code(stated):
                    what = f"{unit} 的上级编码 {stated} 不存在"
                else:
                    what = f"{unit} 没有上级编码"
                if derived:
                    hint = f"，按位置应为 {derived}"
                elif located >= 0:
                    pname = self.frames[parent_level]["name"].iloc[located]
                    where = f"“{pname}”" if has_code(pname) else ""
                    hint = (
                        f"；它位于{parent_label}{where}内，但该{parent_label}没有编码，"
                        f"请先为{parent_label}设置编码"
                    )
                else:
                    hint = f"，按位置无法确定属于哪个{parent_label}"
                self.add(
                    "orphan",
                    child_level,
                    [code, stated],
                    what + hint,
                    cg[idx],
                    child_area[idx],
                    suggestion=derived,
                )
                continue
            outside_area = child_area[idx] - own_area[idx]
            if outside_area < min_area:
                continue
            outside = shapely.difference(cg[idx], pg[declared[idx]])
            if not significant(np.array([outside], dtype=object), tol, min_area)[0]:
                continue
            own = pcodes[declared[idx]]
            if best_parent >= 0 and best_parent != declared[idx] and best_share > 0.5:
                msg = (
                    f"{unit} 大部分（{best_share:.0%}）位于"
                    f"{self.unit(parent_level, best_parent)}内，而非上级 {own}"
                )
                codes = [code, own, pcodes[best_parent]]
                suggestion = derived
            else:
                msg = (
                    f"{unit} 有 {outside_area:.0f} m²（{outside_area / SQM_PER_MU:.2f} 亩）"
                    f"超出上级 {own}"
                )
                codes, suggestion = [code, own], None
            self.add("outside_parent", child_level, codes, msg, outside, outside_area, suggestion)
        self.check_gaps(parent_level, child_level, pg, cg, pcodes, shares)

    def check_gaps(
        self,
        parent_level: str,
        child_level: str,
        pg: np.ndarray,
        cg: np.ndarray,
        pcodes: np.ndarray,
        shares: pd.DataFrame,
    ) -> None:
        # The uncovered area of a parent is at most its area minus the children's areas inside
        # it plus what overlapping children count twice (pairwise overlaps inside it; leaving
        # out triple overlaps only over-estimates). Only parents where that bound leaves room
        # for a gap need the exact (costly) union.
        covered_area = np.zeros(len(pg))
        np.add.at(covered_area, shares["parent"].to_numpy(), shares["area"].to_numpy())
        twice = np.zeros(len(pg))
        pieces = self.overlap_pieces.get(child_level, np.array([], dtype=object))
        if len(pieces):
            k, pi = shapely.STRtree(pg).query(pieces, predicate="intersects")
            np.add.at(twice, pi, shapely.area(shapely.intersection(pieces[k], pg[pi])))
        bound = shapely.area(pg) - covered_area + twice
        suspect = bound > self.params.min_area_m2 / 2
        tree = shapely.STRtree(cg)
        p_idx, c_idx = tree.query(pg, predicate="intersects")
        groups = pd.Series(c_idx).groupby(p_idx)
        for pi in np.flatnonzero(suspect):
            if shapely.is_empty(pg[pi]):
                continue
            members = groups.get_group(pi).to_numpy() if pi in groups.groups else np.array([], int)
            covered = shapely.union_all(cg[members]) if len(members) else shapely.Polygon()
            gap = shapely.difference(pg[pi], covered)
            parts = np.array(explode(gap), dtype=object)
            if not len(parts):
                continue
            keep = significant(parts, self.params.tolerance_m, self.params.min_area_m2)
            for part in parts[keep]:
                area = shapely.area(part)
                self.add(
                    "gap",
                    child_level,
                    [pcodes[pi]],
                    f"{self.unit(parent_level, pi)} 内有 {area:.0f} m²"
                    f"（{area / SQM_PER_MU:.2f} 亩）未被任何{LEVEL_NAMES[child_level]}覆盖",
                    part,
                    area,
                )

    def check_overlaps(self, level: str) -> np.ndarray:
        """Report significant overlaps; return every overlap piece, however small."""
        geoms, codes = self.clean_geoms[level], self.frames[level]["code"].astype(object).to_numpy()
        i, j, inter = sibling_overlaps(geoms)
        if not len(i):
            return inter
        keep = significant(inter, self.params.tolerance_m, self.params.min_area_m2)
        for a, b, g in zip(i[keep], j[keep], inter[keep]):
            area = shapely.area(g)
            self.add(
                "overlap",
                level,
                [codes[a], codes[b]],
                f"{self.unit(level, a)} 与 {self.unit(level, b, False)} 重叠 {area:.0f} m²"
                f"（{area / SQM_PER_MU:.2f} 亩）",
                g,
                area,
            )
        return inter

    # households and staffing ----------------------------------------------------------------
    def check_households(self) -> None:
        if "small" not in self.frames or not len(self.project.layer("households")):
            return
        households = self.project.to_metric("households").reset_index(drop=True)
        small = self.frames["small"]
        from gisgrid.assign import locate_points as fast_locate  # uniform box index, faster

        where = fast_locate(
            np.asarray(households.geometry.array, dtype=object), self.clean_geoms["small"]
        )
        codes = small["code"].astype(object).to_numpy()
        ids = households["id"].astype(object).to_numpy()
        stored = households["grid_code"].astype(object).to_numpy()
        pinned = households["pinned"].to_numpy(bool)
        geoms = np.asarray(households.geometry.array, dtype=object)
        # A pinned household outside every grid whose stored grid exists was given that grid
        # on purpose (``assign --snap`` or by hand): it belongs there, it is not a problem.
        known = {c for c in codes if has_code(c)}
        placed = pinned & pd.Series(stored, dtype=object).isin(known).to_numpy()
        for idx in np.flatnonzero((where < 0) & ~placed):
            self.add(
                "household_outside",
                "household",
                [ids[idx]],
                f"住户 {code_ref(ids[idx])} 不在任何小网格内",
                geoms[idx],
            )
        located = np.where(where >= 0, codes[np.maximum(where, 0)], None)
        mismatch = (where >= 0) & ~pinned & (located != stored)
        for idx in np.flatnonzero(mismatch):
            registered = f"登记在网格 {stored[idx]}" if has_code(stored[idx]) else "未登记所属网格"
            self.add(
                "household_mismatch",
                "household",
                [ids[idx], stored[idx], located[idx]],
                f"住户 {code_ref(ids[idx])} {registered}，但位于 {code_ref(located[idx])} 内",
                geoms[idx],
            )

    def check_staffing(self) -> None:
        staffing = self.project.meta.staffing
        assignments = self.project.layer("assignments").reset_index(drop=True)
        cadres = self.project.layer("cadres").drop_duplicates("id").set_index("id")
        no_grid, no_cadre = dangling_assignments(self.project, assignments)
        self.check_dangling(assignments, no_grid, no_cadre)
        live = assignments[~no_grid]  # holders of grids that exist (cadre known or not)

        def holders(role: str) -> pd.Series:
            rows = live[live["role"] == role]
            if not len(rows):
                return pd.Series([], dtype=object)
            return rows.groupby("grid_code")["cadre_id"].apply(list)

        if "large" in self.frames and staffing.get("secretary_per_large_grid", True):
            secretaries = holders("branch_secretary")
            for idx, code in enumerate(self.frames["large"]["code"]):
                if code not in secretaries.index:
                    self.add(
                        "staffing",
                        "large",
                        [code],
                        f"{self.unit('large', idx)} 没有总支书记",
                        self.clean_geoms["large"][idx],
                    )
        if "small" in self.frames:
            leaders = holders("grid_leader")
            must_be_member = staffing.get("leader_must_be_party_member", True)
            member = (
                cadres["party_member"].astype(bool) if len(cadres) else pd.Series([], dtype=bool)
            )
            for idx, code in enumerate(self.frames["small"]["code"]):
                who = leaders.get(code, []) if has_code(code) else []
                if len(who) == 1:
                    cid = who[0]  # a leader missing from the cadres is reported as dangling
                    if must_be_member and cid in member.index and not member[cid]:
                        self.add(
                            "staffing",
                            "small",
                            [code, cid],
                            f"{self.unit('small', idx)} 的网格长 {_cadre_text(cadres, cid)} "
                            "不是党员",
                            self.clean_geoms["small"][idx],
                        )
                elif not who:
                    self.add(
                        "staffing",
                        "small",
                        [code],
                        f"{self.unit('small', idx)} 没有网格长",
                        self.clean_geoms["small"][idx],
                    )
                else:
                    names = "、".join(_cadre_text(cadres, c) for c in who)
                    self.add(
                        "double_leader",
                        "small",
                        [code, *who],
                        f"{self.unit('small', idx)} 有 {len(who)} 名网格长：{names}；"
                        "每个小网格只设一名网格长，请保留一名、把其余的改派到别的网格",
                        self.clean_geoms["small"][idx],
                    )
        if "micro" in self.frames and len(self.project.layer("households")):
            self.check_micro_ratio(staffing)

    def check_dangling(
        self, assignments: pd.DataFrame, no_grid: np.ndarray, no_cadre: np.ndarray
    ) -> None:
        """Report assignments to grids or cadres that do not exist."""
        cadres = self.project.layer("cadres").drop_duplicates("id").set_index("id")
        for idx in np.flatnonzero(no_grid | no_cadre):
            row = assignments.iloc[idx]
            level = row["level"] if row["level"] in LEVEL_NAMES else None
            role = CADRE_ROLES.get(row["role"], row["role"] if has_code(row["role"]) else "")
            place = LEVEL_NAMES[level] if level else "单元"
            cid, code = row["cadre_id"], row["grid_code"]
            geom = None
            if no_grid[idx]:
                target = f"不存在的{place} {code}" if has_code(code) else f"的{place}没有编码"
                who = _cadre_text(cadres, cid) if has_code(cid) else "（无编号）"
                message = (
                    f"干部 {who} 的{role}任命指向{target}；"
                    "请改派到现有网格或删除该任命（repair --fix dangling）"
                )
            else:
                message = (
                    f"{place} {code} 的{role}任命指向不在干部名单中的干部 {code_ref(cid)}；"
                    "请补录该干部或删除该任命（repair --fix dangling）"
                )
                frame = self.frames.get(level) if level else None
                if frame is not None:
                    rows = np.flatnonzero(frame["code"].astype(object).to_numpy() == code)
                    if len(rows):
                        geom = self.clean_geoms[level][rows[0]]
            self.add("dangling_assignment", level or "small", [code, cid], message, geom)

    def check_micro_ratio(self, staffing: dict[str, Any]) -> None:
        households = self.project.layer("households")
        counts = households["micro_code"].value_counts()
        villages = self.project.layer("villages").set_index("code")["kind"].to_dict()
        micro = self.frames["micro"]
        for idx, code in enumerate(micro["code"]):
            village_kind = villages.get(str(code)[:12], "rural")
            ratio = staffing.get(f"micro_households_{village_kind}", 15)
            n = int(counts.get(code, 0))
            if n > ratio * (1 + self.params.micro_slack):
                self.add(
                    "staffing",
                    "micro",
                    [code],
                    f"微网格 {code} 有 {n} 户，超过每名代表约 {ratio} 户的标准",
                    self.clean_geoms["micro"][idx],
                )


def metric_crs_of(project: Any) -> CRS:
    """Return the project's metric CRS; a clear error when nothing has a location yet.

    Raises
    ------
    InputError
        If no layer holds a geometry (a new project), so there is nothing to check or repair.
    """
    try:
        return project.metric_crs
    except ValueError:  # no geometry anywhere: no Gauss-Krüger zone to measure in
        raise InputError(
            "the project has no villages, grids or households yet, so there is nothing to "
            "check or repair; import them first (gisgrid import PROJECT villages FILE)"
        ) from None


def unit_codes(project: Any, level: str | None) -> set[str]:
    """Codes an assignment of ``level`` may name: that level's units (any level's if None).

    The town level also accepts the project's own code (a town polygon may be missing).
    """
    levels = [level] if level in LEVEL_LAYERS else list(LEVEL_LAYERS)
    known: set[str] = set()
    for lv in levels:
        known |= {c for c in project.layer(LEVEL_LAYERS[lv])["code"] if has_code(c)}
        if lv == "town" and has_code(project.meta.code):
            known.add(project.meta.code)
    return known


def dangling_assignments(
    project: Any, assignments: pd.DataFrame | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Masks of assignments naming a unit that does not exist, and a cadre who does not.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project (its level layers and cadres).
    assignments : pandas.DataFrame, optional
        Rows to check (default: the project's ``assignments`` layer).

    Returns
    -------
    tuple of numpy.ndarray of bool
        ``(no_unit, no_cadre)``, one entry per row: the ``grid_code`` is not a unit of the
        row's ``level`` (of any level when the level is blank or unknown); the ``cadre_id``
        is not in the ``cadres`` layer.
    """
    assignments = project.layer("assignments") if assignments is None else assignments
    n = len(assignments)
    no_unit, no_cadre = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if not n:
        return no_unit, no_cadre
    levels = np.array(
        [lv if has_code(lv) else "" for lv in assignments["level"].astype(object)], dtype=object
    )
    codes = assignments["grid_code"].astype(object).to_numpy()
    for level in dict.fromkeys(levels):
        rows = np.flatnonzero(levels == level)
        known = unit_codes(project, level or None)
        no_unit[rows] = [not (has_code(c) and c in known) for c in codes[rows]]
    cadre_ids = {c for c in project.layer("cadres")["id"] if has_code(c)}
    no_cadre = ~assignments["cadre_id"].astype(object).isin(cadre_ids).to_numpy()
    return no_unit, no_cadre


def _cadre_text(cadres: pd.DataFrame, cid: Any) -> str:
    """``"C001（王明）"`` for a cadre in ``cadres`` (indexed by id), else the id."""
    if not has_code(cid):
        return "（无编号）"
    name = cadres["name"].get(cid) if cid in cadres.index and "name" in cadres else None
    return f"{cid}（{name}）" if isinstance(name, str) and name.strip() else str(cid)


def _reason_point(reason: str) -> tuple[float, float] | None:
    match = re.search(r"\[([-\d.eE+]+) ([-\d.eE+]+)\]", reason or "")
    return (float(match.group(1)), float(match.group(2))) if match else None


def _polygonal(geom: Any) -> Any:
    """Return the polygonal part of a geometry (make_valid may give lines or collections)."""
    parts = explode(geom)
    if not parts:
        return shapely.Polygon()
    if len(parts) == 1:
        return parts[0]
    merged = shapely.union_all(parts)  # parts may touch along edges; merge them validly
    return merged if shapely.is_valid(merged) else shapely.make_valid(merged)


def validate(
    project: Any,
    params: ValidationParams | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ValidationResult:
    """Check the project's hierarchy, households and staffing.

    Parameters
    ----------
    project : gisgrid.project.Project
        The project to check (not modified).
    params : ValidationParams, optional
        Tolerances and switches.
    progress, cancelled : callable, optional
        ``progress(fraction, message)`` is called as work proceeds; when ``cancelled()``
        returns True the check stops with :class:`~gisgrid.errors.Cancelled`.

    Returns
    -------
    ValidationResult
        The problems, in the project's metric CRS.

    Examples
    --------
    >>> result = validate(project)  # doctest: +SKIP
    >>> result.counts  # doctest: +SKIP
    {'gap': 1, 'overlap': 2}
    """
    params = params or ValidationParams()
    checker = _Checker(project, params, progress, cancelled)
    problems = checker.run()
    return ValidationResult(problems, checker.crs, params)


def store_problems(project: Any, result: ValidationResult) -> None:
    """Write ``result`` into the project's ``problems`` layer (replacing the previous one)."""
    project.set_layer("problems", result.to_frame())
