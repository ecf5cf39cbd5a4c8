"""Editing grids on the map: draw, split, merge, move a shared vertex, reassign, delete.

Each edit is a command with ``text``, ``layer``, ``do(project)`` and ``undo(project)`` (the
:class:`gisgrid.edits.EditCommand` protocol), so the app can put it on its undo stack. The
new geometry is worked out on the first :meth:`GeoEdit.do`, from the project as it is then;
the command keeps the layers before and after, so undo restores every vertex bit for bit and
redo gives the same result again. Geometry is edited in the stored lon/lat, which keeps the
vertices grids share with untouched neighbours identical; tolerances are given in metres.
After each edit the households in the changed grids are located again
(:func:`gisgrid.assign.assign_households`; pinned households keep their grid).

Examples
--------
>>> edit = SplitGrid("small", "37152110300101001", shapely.LineString([(118.70, 37.0),
...                  (118.71, 37.01)]))  # doctest: +SKIP
>>> edit.do(project); edit.undo(project)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError
from gisgrid.hierarchy import explode, locate_points, sibling_overlaps
from gisgrid.plan import HOUSEHOLD_COLUMN, PARENT_LEVEL, LocalFrame, grid_name
from gisgrid.repair import LayersEdit
from gisgrid.schema import CODE_WIDTHS, LEVEL_LAYERS

#: Child level of each grid level (whose ``parent_code`` follows a merge).
CHILD_LEVEL = {"large": "small", "small": "micro"}


class _PreparedEdit:
    """An edit worked out from the project on its first :meth:`do`, then a swap of layers."""

    _edit: LayersEdit | None = None

    def _prepare(self, project: Any) -> LayersEdit:
        raise NotImplementedError

    def do(self, project: Any) -> None:
        """Apply the edit (worked out from the project the first time)."""
        if self._edit is None:
            self._edit = self._prepare(project)
        self._edit.do(project)

    def undo(self, project: Any) -> None:
        """Restore the layers as they were before :meth:`do`."""
        if self._edit is None:
            raise RuntimeError("undo before do")
        self._edit.undo(project)

    @property
    def edit(self) -> LayersEdit | None:
        """The layer swap, once done (``None`` before the first :meth:`do`)."""
        return self._edit


class GeoEdit(_PreparedEdit):
    """Base of the map edits: compute once on the first :meth:`do`, then swap layers.

    Subclasses implement :meth:`build`, returning the grid layer after the edit and the
    codes whose area changed.
    """

    level: str = "small"

    def __init__(self, level: str) -> None:
        if level not in PARENT_LEVEL:
            raise InputError(f"level {level!r} cannot be edited here; use large, small or micro")
        self.level = level
        self.notes: list[str] = []

    @property
    def layer(self) -> str:
        """The grid layer the edit changes."""
        return LEVEL_LAYERS[self.level]

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu."""
        return self.describe()

    def describe(self) -> str:
        """Return the menu text (overridden by each edit)."""
        return type(self).__name__

    def build(self, project: Any, frame: gpd.GeoDataFrame) -> tuple[pd.DataFrame, list[str]]:
        """Return the grid layer after the edit and the codes whose area changed."""
        raise NotImplementedError

    # -- shared machinery -----------------------------------------------------------------
    def _prepare(self, project: Any) -> LayersEdit:
        frame = project.layer(self.layer).reset_index(drop=True)
        before = {self.layer: project.layer(self.layer)}
        after_grids, changed = self.build(project, frame)
        after_grids = gpd.GeoDataFrame(after_grids, geometry=frame.geometry.name, crs=STORAGE_CRS)
        after = {self.layer: after_grids}
        extra = self.extra_layers(project, after_grids)
        for name, layer in extra.items():
            before[name] = project.layer(name)
            after[name] = layer
        if HOUSEHOLD_COLUMN[self.level] is not None and len(project.layer("households")):
            before["households"] = project.layer("households")
            after["households"] = self._relocate(project, after, changed)
        return LayersEdit(self.describe(), before, after, len(changed), self.notes)

    def extra_layers(self, project: Any, grids: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Other layers the edit changes (e.g. children following a merge)."""
        return {}

    def _relocate(self, project: Any, after: dict[str, pd.DataFrame], changed: list[str]):
        from gisgrid.assign import assign_households

        saved = {name: project.layer(name) for name in after if name != "households"}
        try:
            for name, layer in after.items():
                if name != "households":
                    project.set_layer(name, layer)
            if not len(project.layer("grids_small")):
                return project.layer("households")
            result = assign_households(project, changed_grids=changed)
        finally:
            for name, layer in saved.items():
                project.set_layer(name, layer)
        return result.households

    def frame_of(self, project: Any) -> LocalFrame:
        """Return the local metric frame for tolerances."""
        return LocalFrame.around(project.bounds())


# -- helpers --------------------------------------------------------------------------------
def _row(frame: pd.DataFrame, code: str, layer: str) -> int:
    hits = np.flatnonzero(frame["code"].astype(object).to_numpy() == str(code))
    if len(hits) == 0:
        raise InputError(f"{layer}: no grid with code {code}; pick an existing grid")
    return int(hits[0])


def next_code(parent_code: str, level: str, taken: set[str]) -> str:
    """Return the lowest free code ``parent_code`` + sequence number of ``level``'s width."""
    width = CODE_WIDTHS.get(level, 3)
    for number in range(1, 10**width):
        code = f"{parent_code}{number:0{width}d}"
        if code not in taken:
            return code
    raise InputError(f"{parent_code}: all {10**width - 1} child codes are in use")


def _single_polygon(geom: Any) -> shapely.Polygon:
    parts = explode(geom)
    if not parts:
        return shapely.Polygon()
    return max(parts, key=shapely.area)


def _with(frame: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    geometry = frame.geometry.name
    add = pd.DataFrame(rows)
    if geometry != "geometry" and "geometry" in add:
        add = add.rename(columns={"geometry": geometry})
    add = gpd.GeoDataFrame(add, geometry=geometry, crs=STORAGE_CRS)
    return pd.concat([frame, add], ignore_index=True)


def _households_in(project: Any, geom: Any) -> int:
    hh = project.layer("households")
    if not len(hh) or geom is None or shapely.is_empty(geom):
        return 0
    return int(shapely.contains_xy(geom, hh.geometry.x.to_numpy(), hh.geometry.y.to_numpy()).sum())


def _parent_of(project: Any, level: str, frame: pd.DataFrame, row: int) -> str:
    return str(frame.at[row, "parent_code"]) if pd.notna(frame.at[row, "parent_code"]) else ""


# -- the edits ------------------------------------------------------------------------------
class DrawGrid(GeoEdit):
    """Add a grid drawn on the map, clipped to its parent and to its siblings.

    Parameters
    ----------
    level : str
        ``large``, ``small`` or ``micro``.
    polygon : shapely.Polygon
        The drawn outline, lon/lat (EPSG:4490).
    parent_code : str, optional
        The parent; default: the parent unit the outline overlaps most.
    code, name : str, optional
        Default: the lowest free code under the parent, and "<parent name><n>号网格".
    """

    def __init__(
        self,
        level: str,
        polygon: shapely.Polygon,
        parent_code: str | None = None,
        code: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(level)
        if not isinstance(polygon, shapely.Polygon | shapely.MultiPolygon) or polygon.is_empty:
            raise InputError("draw the new grid as a closed polygon (at least three points)")
        self.polygon = shapely.make_valid(polygon) if not polygon.is_valid else polygon
        self.parent_code = parent_code
        self.code = code
        self.name = name

    def describe(self) -> str:
        """Return the menu text."""
        return f"绘制网格 {self.code or ''}".strip()

    def build(self, project, frame):  # noqa: D102 (documented on GeoEdit)
        parents = project.layer(LEVEL_LAYERS[PARENT_LEVEL[self.level]]).reset_index(drop=True)
        geoms = frame.geometry.to_numpy(dtype=object)
        if self.parent_code is None:
            candidates = np.flatnonzero(
                shapely.intersects(parents.geometry.to_numpy(dtype=object), self.polygon)
            )
        else:
            candidates = [_row(parents, self.parent_code, LEVEL_LAYERS[PARENT_LEVEL[self.level]])]
        if not len(candidates):
            raise InputError("the drawn grid lies outside every parent unit; draw it inside one")
        # the parent where the drawing covers most land no grid holds yet
        free = [self._free(parents.geometry.iloc[int(c)], geoms) for c in candidates]
        best = int(np.argmax([shapely.area(f) for f in free]))
        prow, geom = int(candidates[best]), free[best]
        parent_code = str(parents.at[prow, "code"])
        parts = explode(geom)
        if not parts:
            raise InputError(
                f"nothing is left of the drawn grid inside {parent_code} once existing grids "
                "are cut away; draw over empty land"
            )
        geom = _single_polygon(geom)
        pieces = int(np.sum(shapely.area(parts) >= 0.01 * shapely.area(geom)))
        if pieces > 1:
            self.notes.append(f"the drawn grid fell into {pieces} pieces; kept the largest")
        taken = set(frame["code"].astype(object))
        if self.code is None:
            self.code = next_code(parent_code, self.level, taken)
        elif self.code in taken:
            raise InputError(f"code {self.code} is already used in {self.layer}; choose another")
        name = self.name or grid_name(parents.at[prow, "name"], self.code, self.level)
        row = {"code": self.code, "name": name, "parent_code": parent_code, "geometry": geom}
        return _with(frame, [row]), [self.code]

    def _free(self, parent: Any, geoms: np.ndarray) -> Any:
        geom = shapely.intersection(self.polygon, parent)
        hits = shapely.STRtree(geoms).query(geom, predicate="intersects") if len(geoms) else []
        if len(hits):
            geom = shapely.difference(geom, shapely.union_all(geoms[hits]))
        return geom


class SplitGrid(GeoEdit):
    """Cut a grid in two (or more) along a drawn line that crosses it.

    The piece with most households (then the largest) keeps the code and name; the other
    pieces get the lowest free codes under the same parent.
    """

    def __init__(self, level: str, code: str, line: shapely.LineString) -> None:
        super().__init__(level)
        if not isinstance(line, shapely.LineString | shapely.MultiLineString) or line.is_empty:
            raise InputError("draw the split as a line across the grid")
        self.code = str(code)
        self.line = line
        self.new_codes: list[str] = []

    def describe(self) -> str:
        """Return the menu text."""
        return f"分割网格 {self.code}"

    def build(self, project, frame):  # noqa: D102 (documented on GeoEdit)
        row = _row(frame, self.code, self.layer)
        geom = frame.geometry.iloc[row]
        lines = shapely.union_all([shapely.boundary(geom), self.line])
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
        if len(faces):
            inside = shapely.contains_xy(
                geom, *shapely.get_coordinates(shapely.point_on_surface(faces)).T
            )
            faces = faces[inside]
        if len(faces) < 2:
            raise InputError(
                f"the line does not cut grid {self.code} in two; draw it across the grid from "
                "one edge to another"
            )
        weight = [(_households_in(project, f), shapely.area(f)) for f in faces]
        order = sorted(range(len(faces)), key=lambda i: weight[i], reverse=True)
        out = frame.copy()
        out.iloc[row, out.columns.get_loc(out.geometry.name)] = faces[order[0]]
        parent = _parent_of(project, self.level, frame, row)
        taken = set(frame["code"].astype(object))
        rows = []
        self.new_codes = []
        for i in order[1:]:
            code = next_code(
                parent or self.code[: -CODE_WIDTHS.get(self.level, 3)], self.level, taken
            )
            taken.add(code)
            self.new_codes.append(code)
            name = f"{frame.at[row, 'name'] or self.code}-{len(self.new_codes) + 1}"
            rows.append({"code": code, "name": name, "parent_code": parent, "geometry": faces[i]})
        return _with(out, rows), [self.code, *self.new_codes]


class MergeGrids(GeoEdit):
    """Merge neighbouring sibling grids into one.

    ``keep`` (default: the largest) keeps its code; the children of the others move under it.
    """

    def __init__(self, level: str, codes: list[str], keep: str | None = None) -> None:
        super().__init__(level)
        self.codes = [str(c) for c in codes]
        if len(set(self.codes)) < 2:
            raise InputError("select at least two grids to merge")
        self.keep = keep
        self.removed: list[str] = []

    def describe(self) -> str:
        """Return the menu text."""
        return f"合并网格 {', '.join(self.codes)}"

    def build(self, project, frame):  # noqa: D102 (documented on GeoEdit)
        rows = [_row(frame, c, self.layer) for c in self.codes]
        parents = {str(frame.at[r, "parent_code"]) for r in rows}
        if len(parents) > 1:
            detail = ", ".join(
                f"{frame.at[r, 'code']} in {frame.at[r, 'parent_code']}" for r in rows
            )
            raise InputError(f"only grids of one parent can be merged ({detail})")
        geoms = frame.geometry.to_numpy(dtype=object)[rows]
        merged = shapely.union_all(geoms)
        if len(explode(merged)) != 1:
            raise InputError(
                f"grids {', '.join(self.codes)} do not all touch along a border; merge "
                "neighbouring grids only"
            )
        merged = explode(merged)[0]
        keep = self.keep or self.codes[int(np.argmax(shapely.area(geoms)))]
        if keep not in self.codes:
            raise InputError(f"{keep} is not one of the grids being merged")
        self.keep = keep
        self.removed = [c for c in self.codes if c != keep]
        out = frame.copy()
        keep_row = _row(frame, keep, self.layer)
        out.iloc[keep_row, out.columns.get_loc(out.geometry.name)] = merged
        out = out[~out["code"].isin(self.removed)].reset_index(drop=True)
        return out, list(self.codes)

    def extra_layers(self, project, grids):  # noqa: D102 (documented on GeoEdit)
        child = CHILD_LEVEL.get(self.level)
        if child is None or child not in project.meta.levels:
            return {}
        layer = project.layer(LEVEL_LAYERS[child])
        moved = layer["parent_code"].isin(self.removed)
        if not moved.any():
            return {}
        out = layer.copy()
        out.loc[moved, "parent_code"] = self.keep
        self.notes.append(
            f"{int(moved.sum())} child grid(s) now belong to {self.keep}; renumber them when ready"
        )
        return {LEVEL_LAYERS[child]: out}


class DeleteGrid(GeoEdit):
    """Delete a grid; its area becomes a gap, or joins a neighbour.

    Parameters
    ----------
    to : str, optional
        A sibling that touches it to receive the area, ``"auto"`` for the sibling sharing the
        longest border, or ``None`` to leave a gap (validation reports it).
    """

    def __init__(self, level: str, code: str, to: str | None = None) -> None:
        super().__init__(level)
        self.code = str(code)
        self.to = to

    def describe(self) -> str:
        """Return the menu text."""
        return f"删除网格 {self.code}"

    def build(self, project, frame):  # noqa: D102 (documented on GeoEdit)
        row = _row(frame, self.code, self.layer)
        geoms = frame.geometry.to_numpy(dtype=object)
        geom = geoms[row]
        out = frame.copy()
        changed = [self.code]
        if self.to is not None:
            siblings = np.flatnonzero(
                (frame["parent_code"].astype(object).to_numpy() == frame.at[row, "parent_code"])
                & (np.arange(len(frame)) != row)
            )
            shared = shapely.length(shapely.intersection(shapely.boundary(geom), geoms[siblings]))
            if self.to == "auto":
                if not len(siblings) or shared.max() <= 0:
                    raise InputError(f"grid {self.code} has no neighbour in its parent to join")
                target = int(siblings[int(np.argmax(shared))])
            else:
                target = _row(frame, self.to, self.layer)
                pos = np.flatnonzero(siblings == target)
                if not len(pos) or shared[pos[0]] <= 0:
                    raise InputError(
                        f"grid {self.to} is not a neighbour of {self.code} in the same parent; "
                        "choose a grid that shares a border with it"
                    )
            merged = shapely.union_all([geoms[target], geom])
            out.iloc[target, out.columns.get_loc(out.geometry.name)] = _single_polygon(merged)
            self.to = str(frame.at[target, "code"])
            changed.append(self.to)
        else:
            self.notes.append(f"the area of {self.code} is now a gap; validation will report it")
        out = out.drop(index=row).reset_index(drop=True)
        return out, changed


class MoveVertex(GeoEdit):
    """Move a vertex shared by one or more grids; every grid holding it moves it too.

    The new position snaps to the nearest vertex, then the nearest edge, of neighbouring
    grids and of the parent boundary within ``snap_m`` metres; a vertex on the parent's
    boundary stays on it.

    Parameters
    ----------
    at : tuple of float
        Lon/lat near the vertex to move (the nearest vertex within ``pick_m`` is taken).
    to : tuple of float
        Lon/lat of the new position.
    snap_m, pick_m : float
        Snapping and picking tolerances in metres.
    """

    #: Vertices closer than this (metres) count as the same shared vertex.
    SAME_M = 0.01

    def __init__(
        self,
        level: str,
        at: tuple[float, float],
        to: tuple[float, float],
        snap_m: float = 1.0,
        pick_m: float = 5.0,
    ) -> None:
        super().__init__(level)
        self.at = (float(at[0]), float(at[1]))
        self.to = (float(to[0]), float(to[1]))
        self.snap_m = float(snap_m)
        self.pick_m = float(pick_m)
        self.moved: list[str] = []
        self.snapped: tuple[float, float] | None = None

    def describe(self) -> str:
        """Return the menu text."""
        return f"移动节点（{len(self.moved)} 个网格）" if self.moved else "移动节点"

    def build(self, project, frame):  # noqa: D102 (documented on GeoEdit)
        lf = self.frame_of(project)
        geoms = frame.geometry.to_numpy(dtype=object)
        coords, owner = shapely.get_coordinates(geoms, return_index=True)
        if not len(coords):
            raise InputError(f"{self.layer} has no vertices to move")
        m = lf.forward(coords)
        at = lf.forward(np.array([self.at]))[0]
        dist = np.hypot(*(m - at).T)
        nearest = int(np.argmin(dist))
        if dist[nearest] > self.pick_m:
            raise InputError(
                f"no grid vertex within {self.pick_m:g} m of the point; click on a corner"
            )
        vertex = m[nearest]
        same = np.hypot(*(m - vertex).T) <= self.SAME_M
        rows = sorted(set(owner[same].tolist()))
        target = self._snap(project, lf, frame, rows, vertex)
        self.snapped = tuple(lf.inverse(np.array([target]))[0])
        out = frame.copy()
        col = out.columns.get_loc(out.geometry.name)
        new_xy = np.array(self.snapped)

        def move(xy: np.ndarray) -> np.ndarray:
            hit = np.hypot(*(lf.forward(xy) - vertex).T) <= self.SAME_M
            xy = xy.copy()
            xy[hit] = new_xy
            return xy

        for r in rows:
            geom = shapely.transform(geoms[r], move)
            if not shapely.is_valid(geom) or shapely.area(geom) <= 0:
                raise InputError(
                    f"moving the vertex there would make grid {frame.at[r, 'code']} cross "
                    "itself; move it less far"
                )
            out.iloc[r, col] = geom
        self._check_overlaps(out, rows, lf)
        self.moved = [str(frame.at[r, "code"]) for r in rows]
        return out, list(self.moved)

    def _check_overlaps(self, out: pd.DataFrame, rows: list[int], lf: LocalFrame) -> None:
        """Refuse a move that makes a moved grid cover part of another grid."""
        geoms = out.geometry.to_numpy(dtype=object)
        i, j, pieces = sibling_overlaps(geoms)
        touched = np.isin(i, rows) | np.isin(j, rows)
        for a, b, piece in zip(i[touched], j[touched], pieces[touched]):
            if shapely.area(shapely.transform(piece, lf.forward)) > 0.01:  # m²
                raise InputError(
                    f"moving the vertex there would make grids {out.at[a, 'code']} and "
                    f"{out.at[b, 'code']} overlap; move it less far"
                )

    def _snap(self, project, lf, frame, rows, vertex) -> np.ndarray:
        """Where the vertex goes: ``to`` snapped to neighbours and the parent's boundary."""
        to = lf.forward(np.array([self.to]))[0]
        here = shapely.Point(to)
        others = np.setdiff1d(np.arange(len(frame)), rows)
        ogeoms = frame.geometry.to_numpy(dtype=object)[others]
        ogeoms = shapely.transform(ogeoms, lf.forward) if len(ogeoms) else ogeoms
        ogeoms = [g for g in ogeoms if shapely.dwithin(g, here, self.snap_m)]
        parents = project.layer(LEVEL_LAYERS[PARENT_LEVEL[self.level]])
        codes = {str(frame.at[r, "parent_code"]) for r in rows}
        pgeoms = parents[parents["code"].astype(object).isin(codes)].geometry.to_numpy(dtype=object)
        pboundary = None
        if len(pgeoms):
            pboundary = shapely.union_all(shapely.boundary(shapely.transform(pgeoms, lf.forward)))
        on_parent = pboundary is not None and bool(
            shapely.dwithin(pboundary, shapely.Point(vertex), self.SAME_M)
        )
        lines = [pboundary] if on_parent else [shapely.boundary(g) for g in ogeoms]
        if pboundary is not None and not on_parent:
            lines.append(pboundary)
        # 1. a vertex of a neighbour or of the parent's boundary
        verts = [shapely.get_coordinates(g) for g in lines]
        if verts:
            verts = np.concatenate(verts)
            d = np.hypot(*(verts - to).T)
            if len(d) and d.min() <= self.snap_m:
                return verts[int(np.argmin(d))]
        # 2. the nearest point of an edge (always the parent's edge for a vertex on it)
        best, best_d = None, np.inf if on_parent else self.snap_m
        for line in lines:
            d = shapely.distance(line, here)
            if d <= best_d:
                point = shapely.line_interpolate_point(line, shapely.line_locate_point(line, here))
                best, best_d = shapely.get_coordinates(point)[0], d
        return best if best is not None else to


class ReassignHouseholds(_PreparedEdit):
    """Give selected households to a neighbouring grid and pin them there.

    A household may go to the grid it lies in or to a grid sharing a border with that one.
    """

    def __init__(self, ids: list[str], code: str, level: str = "small") -> None:
        if HOUSEHOLD_COLUMN.get(level) is None:
            raise InputError(f"households are not assigned to {level} grids; use small or micro")
        self.ids = [str(i) for i in ids]
        if not self.ids:
            raise InputError("select the households to reassign")
        self.code = str(code)
        self.level = level

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu."""
        return f"{len(self.ids)} 户改划到 {self.code}"

    @property
    def layer(self) -> str:
        """The layer the edit changes."""
        return "households"

    def _prepare(self, project: Any) -> LayersEdit:
        grids = project.layer(LEVEL_LAYERS[self.level]).reset_index(drop=True)
        target = _row(grids, self.code, LEVEL_LAYERS[self.level])
        hh = project.layer("households")
        ids = hh["id"].astype(object).to_numpy()
        rows = [np.flatnonzero(ids == i) for i in self.ids]
        missing = [i for i, r in zip(self.ids, rows) if not len(r)]
        if missing:
            raise InputError(f"households {', '.join(missing[:5])} not found; reload the layer")
        rows = np.concatenate(rows)
        geoms = grids.geometry.to_numpy(dtype=object)
        where = locate_points(hh.geometry.to_numpy(dtype=object)[rows], geoms)
        tgeom = geoms[target]
        for r, w in zip(rows, where):
            if w == target:
                continue
            if (
                w < 0
                or shapely.length(shapely.intersection(geoms[w].boundary, tgeom.boundary)) <= 0
            ):
                here = "outside every grid" if w < 0 else f"in grid {grids.at[w, 'code']}"
                raise InputError(
                    f"household {ids[r]} lies {here}, which does not border {self.code}; "
                    "reassign households only to a neighbouring grid"
                )
        after = hh.copy()
        column = HOUSEHOLD_COLUMN[self.level]
        col = after.columns.get_loc(column)
        for r in rows:
            after.iloc[r, col] = self.code
        after.iloc[rows, after.columns.get_loc("pinned")] = True
        return LayersEdit(self.text, {"households": hh}, {"households": after}, len(rows))
