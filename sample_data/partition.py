"""Geometry kernels of the sample generator: a fine cell partition and regions built from it.

Every level of the sample hierarchy is a union of the same fine cells (clipped Voronoi cells
of a few thousand seed points), so shared borders coincide exactly and every level nests in
the one above by construction. Regions are grown on the cells' adjacency graph:
multi-source Dijkstra for village territories, recursive balanced bisection for grids.

The balanced bisection is written here rather than taken from pymetis or spopt: METIS can
leave parts disconnected under tight balance (see SETUP.md) and spopt needs seconds per few
hundred units; growing one side from an extreme cell keeps each part contiguous by
construction and costs one heap pass per level of the recursion. A last pass
(:func:`rebalance`) trades border cells between sibling parts to even out what the
bisection's coarse steps left uneven.
"""

from __future__ import annotations

import heapq

import numpy as np
import shapely
from scipy import sparse
from scipy.sparse import csgraph

#: Coordinates are snapped to this grid (metres) so neighbouring cells share exact vertices.
GRID_SIZE = 0.01


def voronoi_cells(seeds: np.ndarray, boundary: shapely.Polygon) -> np.ndarray:
    """Return the Voronoi cells of ``seeds`` clipped to ``boundary`` as single polygons.

    Parameters
    ----------
    seeds : ndarray of shape (n, 2)
        Seed coordinates in metres; duplicates are allowed (they share a cell).
    boundary : Polygon
        The area to tile, in the same CRS.

    Returns
    -------
    ndarray of Polygon
        Cells that tile ``boundary`` exactly (a valid coverage); a cell cut in two by a
        concave boundary becomes two cells.
    """
    points = shapely.multipoints(np.unique(seeds, axis=0))
    diagram = shapely.voronoi_polygons(points, extend_to=boundary)
    cells = shapely.intersection(shapely.get_parts(diagram), boundary, grid_size=GRID_SIZE)
    parts = shapely.get_parts(cells)
    parts = parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]
    return parts[shapely.area(parts) > 0.0]


def cell_adjacency(cells: np.ndarray) -> sparse.csr_matrix:
    """Return the symmetric matrix of shared border length (metres) between cells.

    Cells of a coverage share identical edges, so neighbours are found by hashing edge
    segments instead of by pairwise geometric intersection.
    """
    coords, owner = shapely.get_coordinates(shapely.get_exterior_ring(cells), return_index=True)
    same = owner[:-1] == owner[1:]
    a = np.round(coords[:-1][same] / GRID_SIZE).astype(np.int64)
    b = np.round(coords[1:][same] / GRID_SIZE).astype(np.int64)
    cell = owner[:-1][same]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    keys = np.concatenate([lo, hi], axis=1)
    _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    shared = counts[inverse] == 2
    order = np.argsort(inverse[shared], kind="stable")
    seg_cells = cell[shared][order].reshape(-1, 2)
    lengths = np.hypot(*(hi - lo)[shared][order][::2].T) * GRID_SIZE
    i, j = seg_cells[:, 0], seg_cells[:, 1]
    n = len(cells)
    m = sparse.coo_matrix((lengths, (i, j)), shape=(n, n)).tocsr()
    return (m + m.T).tocsr()


def dijkstra_labels(
    adjacency: sparse.csr_matrix,
    centroids: np.ndarray,
    sources: np.ndarray,
    source_labels: np.ndarray,
    rng: np.random.Generator,
    roughness: float = 0.6,
) -> np.ndarray:
    """Label every cell with the label of its nearest source along noisy graph paths.

    Edge costs are centroid distances times a log-normal factor, so territories are compact
    but their borders wander. Each label's cells form one tree of shortest paths per source.
    """
    coo = sparse.triu(adjacency, k=1).tocoo()
    dist = np.hypot(*(centroids[coo.row] - centroids[coo.col]).T)
    cost = dist * np.exp(rng.normal(0.0, roughness, len(dist)))
    graph = sparse.coo_matrix((cost, (coo.row, coo.col)), shape=adjacency.shape).tocsr()
    _, _, reached = csgraph.dijkstra(
        graph, directed=False, indices=sources, min_only=True, return_predecessors=True
    )
    label_of = np.full(adjacency.shape[0], -1, dtype=np.int64)
    label_of[sources] = source_labels
    labels = label_of[reached]
    if (reached < 0).any():
        raise ValueError("some cells are not connected to any source")
    return labels


def make_connected(labels: np.ndarray, adjacency: sparse.csr_matrix, weights: np.ndarray) -> None:
    """Relabel, in place, every piece of a label cut off from its main piece.

    A stray piece joins the neighbouring label it shares the longest border with; repeated
    until every label is one connected set of cells.
    """
    for _ in range(50):
        coo = adjacency.tocoo()
        keep = labels[coo.row] == labels[coo.col]
        inner = sparse.coo_matrix(
            (np.ones(keep.sum()), (coo.row[keep], coo.col[keep])), shape=adjacency.shape
        )
        ncomp, comp = csgraph.connected_components(inner, directed=False)
        comp_weight = np.bincount(comp, weights=weights + 1e-9, minlength=ncomp)
        comp_label = np.zeros(ncomp, dtype=np.int64)
        comp_label[comp] = labels
        order = np.lexsort((-comp_weight, comp_label))
        main = np.zeros(ncomp, dtype=bool)
        first = np.r_[True, comp_label[order][1:] != comp_label[order][:-1]]
        main[order[first]] = True
        stray = ~main[comp]
        if not stray.any():
            return
        # Border length between each stray component and each neighbouring label.
        cross = stray[coo.row] & (labels[coo.row] != labels[coo.col])
        src_comp = comp[coo.row[cross]]
        dst_label = labels[coo.col[cross]]
        length = coo.data[cross]
        pair = src_comp * (labels.max() + 1) + dst_label
        uniq, inv = np.unique(pair, return_inverse=True)
        total = np.bincount(inv, weights=length)
        best = {}
        for p, t in zip(uniq.tolist(), total.tolist()):
            c, lab = divmod(p, labels.max() + 1)
            if c not in best or t > best[c][0]:
                best[c] = (t, lab)
        new_comp_label = comp_label.copy()
        for c, (_, lab) in best.items():
            new_comp_label[c] = lab
        labels[:] = new_comp_label[comp]
    raise RuntimeError("could not make the regions contiguous")


class _Graph:
    """The cell graph: its sparse matrix and each cell's neighbour array, for the growth loop."""

    def __init__(self, adjacency: sparse.csr_matrix) -> None:
        self.csr = adjacency
        self.neighbours = np.split(adjacency.indices, adjacency.indptr[1:-1])


def balanced_parts(
    nodes: np.ndarray,
    k: int,
    graph: _Graph,
    weights: np.ndarray,
    centroids: np.ndarray,
    rng: np.random.Generator,
    jitter: float,
) -> list[np.ndarray]:
    """Split the connected cell set ``nodes`` into ``k`` contiguous parts of near-equal weight.

    Recursive bisection: one side grows from the cell at one end of the set's long axis,
    taking cells in order of position along the axis plus noise (so cuts are ragged), until
    it holds its share of the weight; pieces the other side is left with beyond its main one
    are handed back to the growing side, which they necessarily touch.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if len(nodes) < k:
        raise ValueError(f"cannot split {len(nodes)} cells into {k} parts")
    if k == 1:
        return [nodes]
    k1 = k // 2
    side = _bisect(nodes, k1 / k, k1, k - k1, graph, weights, centroids, rng, jitter)
    a, b = nodes[side], nodes[~side]
    return balanced_parts(a, k1, graph, weights, centroids, rng, jitter) + balanced_parts(
        b, k - k1, graph, weights, centroids, rng, jitter
    )


def _bisect(
    nodes: np.ndarray,
    share: float,
    min_a: int,
    min_b: int,
    graph: _Graph,
    weights: np.ndarray,
    centroids: np.ndarray,
    rng: np.random.Generator,
    jitter: float,
) -> np.ndarray:
    """Return a mask of ``nodes``: the side holding ``share`` of the weight (both contiguous)."""
    xy = centroids[nodes]
    w = weights[nodes]
    centred = xy - np.average(xy, axis=0, weights=w + 1e-9)
    _, vecs = np.linalg.eigh(np.cov(centred.T, aweights=w + 1e-3))
    axis = np.arctan2(vecs[1, -1], vecs[0, -1])
    local = {int(n): i for i, n in enumerate(nodes.tolist())}
    best, best_gap = None, np.inf
    for attempt in range(12):
        # First along the long axis (compact halves); then other directions if a side
        # came out too small in cells.
        angle = axis + rng.normal(0.0, 0.25) + (attempt % 4) * np.pi / 4
        proj = centred @ np.array([np.cos(angle), np.sin(angle)])
        if attempt % 8 >= 4:
            proj = -proj
        priority = proj + rng.normal(0.0, jitter, len(nodes))
        taken = _grow(
            nodes, int(np.argmin(proj)), priority, share * w.sum(), min_a, min_b, graph, w, local
        )
        n_a = int(taken.sum())
        if n_a >= min_a and len(nodes) - n_a >= min_b:
            # Imbalance per part: weight per part on each side, relative to the mean.
            w_a = w[taken].sum()
            gap = abs(w_a / min_a - (w.sum() - w_a) / min_b) / (w.sum() / (min_a + min_b))
            if gap < best_gap:
                best, best_gap = taken, gap
            if best_gap < 0.05 or (attempt >= 3 and best is not None):
                break
    if best is None:
        raise ValueError(f"cannot split {len(nodes)} cells into parts of {min_a} and {min_b}")
    return best


def _grow(
    nodes: np.ndarray,
    start: int,
    priority: np.ndarray,
    target: float,
    min_a: int,
    min_b: int,
    graph: _Graph,
    w: np.ndarray,
    local: dict[int, int],
) -> np.ndarray:
    """Grow one side from ``start`` by priority up to ``target``; give it the other's strays."""
    taken = np.zeros(len(nodes), dtype=bool)
    heap = [(priority[start], start)]
    queued = {start}
    acc, count = 0.0, 0
    limit = len(nodes) - min_b
    while heap and count < limit:
        _, i = heapq.heappop(heap)
        if count >= min_a and acc + w[i] / 2 > target:
            break
        taken[i] = True
        acc += w[i]
        count += 1
        for nb in graph.neighbours[nodes[i]].tolist():
            j = local.get(nb)
            if j is not None and j not in queued:
                queued.add(j)
                heapq.heappush(heap, (priority[j], j))
    rest = np.flatnonzero(~taken)
    sub = graph.csr[nodes[rest]][:, nodes[rest]]
    ncomp, comp = csgraph.connected_components(sub, directed=False)
    if ncomp > 1:
        comp_w = np.bincount(comp, weights=w[rest] + 1e-6)
        comp_n = np.bincount(comp)
        main = int(np.argmax(comp_w + 1e9 * (comp_n >= min_b)))
        taken[rest[comp != main]] = True
    return taken


def rebalance(
    labels: np.ndarray,
    parent: np.ndarray,
    graph: _Graph,
    weights: np.ndarray,
    min_gap: float,
    rounds: int = 40,
) -> int:
    """Move border cells from heavier to lighter neighbouring parts, in place.

    Parts are the values of ``labels``; only parts with the same ``parent[label]`` trade
    cells. A cell moves when that narrows a gap of more than ``min_gap`` between the two
    parts and the donor stays contiguous (the receiver, which the cell touches, always does).

    Returns
    -------
    int
        How many cells moved.
    """
    coo = sparse.triu(graph.csr, k=1).tocoo()
    moved = 0
    for _ in range(rounds):
        totals = np.bincount(labels, weights=weights)
        a, b = labels[coo.row], labels[coo.col]
        cross = (a != b) & (parent[a] == parent[b])
        row, col, a, b = coo.row[cross], coo.col[cross], a[cross], b[cross]
        # Orient each border edge from the heavier part's cell to the lighter part.
        flip = totals[a] < totals[b]
        cell = np.where(flip, col, row)
        donor, receiver = np.where(flip, b, a), np.where(flip, a, b)
        gap = totals[donor] - totals[receiver]
        w = weights[cell]
        useful = (gap > min_gap) & (w > 0) & (w < gap)
        if not useful.any():
            break
        # Widest gaps first; for each, the cell that best halves it.
        idx = np.flatnonzero(useful)
        order = idx[np.lexsort((np.abs(gap[idx] - 2 * w[idx]), -gap[idx]))]
        busy: set[int] = set()
        round_moves = 0
        for e in order.tolist():
            d, r, c = int(donor[e]), int(receiver[e]), int(cell[e])
            if d in busy or r in busy or labels[c] != d:
                continue
            members = np.flatnonzero(labels == d)
            rest = members[members != c]
            if len(rest) == 0:
                continue
            ncomp, _ = csgraph.connected_components(graph.csr[rest][:, rest], directed=False)
            if ncomp != 1:
                continue
            labels[c] = r
            busy.update((d, r))
            round_moves += 1
        moved += round_moves
        if not round_moves:
            break
    return moved


def dissolve(cells: np.ndarray, labels: np.ndarray, n_labels: int) -> np.ndarray:
    """Union the cells of each label (0 … n_labels-1) into one polygon per label."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n_labels + 1))
    out = np.empty(n_labels, dtype=object)
    for lab in range(n_labels):
        group = cells[order[bounds[lab] : bounds[lab + 1]]]
        out[lab] = shapely.coverage_union_all(group)
    return out
