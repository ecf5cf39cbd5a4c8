"""Geometry kernels of grid planning: a fine tessellation of the parent and its adjacency graph.

Planning needs polygons that cover the parent exactly and a graph to partition. Both come
from one tessellation: the Voronoi diagram of the households (plus filler seeds in empty
areas, so fields and woods are shared out compactly), noded together with the parent's
boundary and any barrier lines (roads, rivers) and polygonised. Polygonising the noded
linework (rather than clipping each cell on its own) gives faces whose shared edges are
bit-identical, so a part is the exact ``shapely.coverage_union_all`` of its faces and the
parts together are exactly the parent. All coordinates are metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy import sparse
from scipy.spatial import cKDTree

from gisgrid.hierarchy import explode, locate_points

#: Share of a barrier edge's length that counts as border when weighing graph edges: cutting
#: along a road is 50 times cheaper than cutting through a block.
BARRIER_FACTOR = 0.02


@dataclass
class Tessellation:
    """Faces tiling a parent, with household counts and the weighted adjacency graph.

    Attributes
    ----------
    faces : ndarray of Polygon
        Faces that tile the parent exactly (a valid coverage).
    households : ndarray of int
        Households inside each face.
    household_face : ndarray of int
        Face index of each input household (``-1`` if outside the parent).
    border : scipy.sparse.csr_matrix
        Symmetric matrix of shared border length (m) between faces.
    barrier : scipy.sparse.csr_matrix
        Symmetric matrix of the part of that border lying on a barrier line.
    """

    faces: np.ndarray
    households: np.ndarray
    household_face: np.ndarray
    border: sparse.csr_matrix
    barrier: sparse.csr_matrix

    @property
    def n(self) -> int:
        """Number of faces."""
        return len(self.faces)

    def distances(self) -> sparse.csr_matrix:
        """Distance between the centres of neighbouring faces (m), on the border graph.

        A step across a barrier counts 50 times its length, so empty land is shared out on
        the near side of roads and rivers.
        """
        coo = self.border.tocoo()
        centres = shapely.get_coordinates(shapely.point_on_surface(self.faces))
        d = np.hypot(*(centres[coo.row] - centres[coo.col]).T)
        barrier = np.asarray(self.barrier[coo.row, coo.col]).ravel()
        d = d * (1.0 + 49.0 * barrier / np.maximum(coo.data, 1e-9))
        return sparse.coo_matrix(
            (np.maximum(d, 1e-6), (coo.row, coo.col)), self.border.shape
        ).tocsr()

    def edge_weights(self) -> sparse.csr_matrix:
        """Border length with barrier stretches discounted by :data:`BARRIER_FACTOR`."""
        weights = self.border - (1.0 - BARRIER_FACTOR) * self.barrier
        weights.data = np.maximum(weights.data, 1e-3)
        return weights.tocsr()


def filler_seeds(area: shapely.Geometry, points: np.ndarray, n_fill: int) -> np.ndarray:
    """Seeds on a square lattice inside ``area``, away from ``points``.

    About ``n_fill`` lattice points are laid over ``area``; those closer than half a lattice
    step to a household are dropped, so empty land gets cells of the lattice's size while
    built-up land keeps one cell per household.
    """
    if n_fill <= 0 or shapely.is_empty(area) or shapely.area(area) <= 0:
        return np.empty((0, 2))
    x0, y0, x1, y1 = shapely.bounds(area)
    step = float(np.sqrt(shapely.area(area) / n_fill))
    gx, gy = np.meshgrid(np.arange(x0 + step / 2, x1, step), np.arange(y0 + step / 2, y1, step))
    lattice = np.column_stack([gx.ravel(), gy.ravel()])
    lattice = lattice[shapely.contains_xy(area, lattice[:, 0], lattice[:, 1])]
    if len(points) and len(lattice):
        dist, _ = cKDTree(points).query(lattice)
        lattice = lattice[dist > step / 2]
    return lattice


def tessellate(
    area: shapely.Geometry,
    points: np.ndarray,
    barriers: shapely.Geometry | None = None,
    n_fill: int = 0,
) -> Tessellation:
    """Tile ``area`` into faces around ``points`` (households) and filler seeds.

    Parameters
    ----------
    area : Polygon or MultiPolygon
        The land to share out (the parent minus locked grids), in metres.
    points : ndarray of shape (n, 2)
        Household coordinates; several households may share a point.
    barriers : geometry, optional
        Lines the faces are cut along (roads, rivers).
    n_fill : int
        Approximate number of filler seeds over the area (see :func:`filler_seeds`).

    Returns
    -------
    Tessellation
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    inside = shapely.contains_xy(area, points[:, 0], points[:, 1]) if len(points) else []
    seeds = np.concatenate([points[inside], filler_seeds(area, points, n_fill)])
    linework = [shapely.boundary(area)]
    if len(seeds) >= 2:
        seeds = np.unique(np.round(seeds, 3), axis=0)
    if len(seeds) >= 2:
        cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=area)
        linework.append(shapely.boundary(shapely.get_parts(cells)))
    if barriers is not None and not shapely.is_empty(barriers):
        cut = shapely.intersection(barriers, shapely.buffer(area, 1.0))
        linework.append(shapely.get_parts(shapely.line_merge(shapely.union_all(cut))))
    lines = np.concatenate([np.atleast_1d(np.asarray(g, dtype=object)) for g in linework])
    noded = shapely.union_all(lines[~shapely.is_empty(lines)])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    if len(faces):
        rep = shapely.get_coordinates(shapely.point_on_surface(faces))
        faces = faces[shapely.contains_xy(area, rep[:, 0], rep[:, 1])]
    household_face = (
        locate_points(shapely.points(points), faces) if len(points) else np.zeros(0, np.int64)
    )
    households = np.bincount(household_face[household_face >= 0], minlength=len(faces))
    border, barrier = face_adjacency(faces, barriers)
    return Tessellation(faces, households.astype(np.int64), household_face, border, barrier)


def face_adjacency(
    faces: np.ndarray, barriers: shapely.Geometry | None = None
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Shared border length between faces of an exact coverage, and the barrier share of it.

    Faces from one polygonised linework share edges with identical coordinates, so each
    segment is matched with its twin by sorting normalised segment keys — no overlay needed.
    """
    n = len(faces)
    rings, ring_face = shapely.get_rings(faces, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[1:] == ring_of[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    face = ring_face[ring_of[:-1][same]]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    keys = np.column_stack([lo, hi])
    order = np.lexsort(keys.T[::-1])
    keys, face = keys[order], face[order]
    twin = np.all(keys[1:] == keys[:-1], axis=1) & (face[1:] != face[:-1])
    first = np.flatnonzero(twin)
    i, j = face[first], face[first + 1]
    seg = keys[first]
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    on_barrier = np.zeros(len(first))
    if barriers is not None and not shapely.is_empty(barriers) and len(first):
        mid = shapely.points((seg[:, 0] + seg[:, 2]) / 2, (seg[:, 1] + seg[:, 3]) / 2)
        on_barrier = np.where(shapely.dwithin(barriers, mid, 1e-6), length, 0.0)
    shape = (n, n)
    rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
    border = sparse.coo_matrix((np.tile(length, 2), (rows, cols)), shape=shape).tocsr()
    barrier = sparse.coo_matrix((np.tile(on_barrier, 2), (rows, cols)), shape=shape).tocsr()
    border.sum_duplicates()
    barrier.sum_duplicates()
    return border, barrier


def dissolve(faces: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Union the faces of each label ``0..k-1`` (an exact coverage union); empty if none."""
    out = np.empty(k, dtype=object)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    for part in range(k):
        members = faces[order[bounds[part] : bounds[part + 1]]]
        if len(members) == 0:
            out[part] = shapely.Polygon()
            continue
        merged = shapely.coverage_union_all(members)
        if not shapely.is_valid(merged):  # not expected for a polygonised coverage
            merged = shapely.union_all(members)
        out[part] = _single(merged)
    return out


def _single(geom: shapely.Geometry) -> shapely.Geometry:
    parts = explode(geom)
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return shapely.Polygon()
    return shapely.MultiPolygon(parts)


def polsby_popper(geoms: np.ndarray) -> np.ndarray:
    """Polsby-Popper compactness ``4πA / P²`` (1 for a circle); 0 for empty geometries."""
    geoms = np.asarray(geoms, dtype=object)
    area = shapely.area(geoms)
    perimeter = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(perimeter > 0, 4 * np.pi * area / perimeter**2, 0.0)
    return score
