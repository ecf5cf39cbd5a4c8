"""The sample township's geometry: its cells and the town → village → large → small tree.

Built in metres in the Gauss-Krüger plane. Every polygon of every level is a union of fine
cells, so each level tiles its parent exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from gisgrid.sample_data import partition as pt
from gisgrid.sample_data.settlements import (
    Households,
    place_households,
    town_outline,
    village_seats,
)
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

N_COMMUNITIES = 5
N_RURAL = 36
N_LARGE_EXTRA = 5  # villages that hold two large grids
N_SMALL = 662
FARM_SPACING = 180.0  # metres between seeds of the farmland cells


@dataclass
class Layout:
    """A township's cells, households and hierarchy, in metres.

    ``*_of_cell`` arrays give each fine cell's index at that level; ``village_of_large`` and
    ``large_of_small`` link the levels; polygons are in the same order as their indices.
    """

    centre: np.ndarray
    seat: np.ndarray
    square: np.ndarray
    opens: np.ndarray
    cells: np.ndarray
    households: Households
    cell_of_household: np.ndarray
    village_of_cell: np.ndarray
    large_of_cell: np.ndarray
    small_of_cell: np.ndarray
    village_kind: np.ndarray  # "urban" / "rural"
    village_direction: list[str]
    village_of_large: np.ndarray
    large_of_small: np.ndarray
    town_polygon: shapely.Polygon
    village_polygons: np.ndarray
    large_polygons: np.ndarray
    small_polygons: np.ndarray
    adjacency_small: sparse.csr_matrix  # shared border length (m) between small grids

    @property
    def small_of_household(self) -> np.ndarray:
        """Index of the small grid holding each household."""
        return self.small_of_cell[self.cell_of_household]


def _rng(seed: int, town: int, stage: int) -> np.random.Generator:
    return np.random.default_rng([seed, town, stage])


def _seeds(hh: Households, outline: shapely.Polygon, rng: np.random.Generator) -> np.ndarray:
    """Return cell seeds: one per 40 m of houses, one per stairwell (单元), few in fields."""
    houses = hh.kind != 1
    keys = np.floor(hh.xy[houses] / 40.0).astype(np.int64)
    _, first = np.unique(keys, axis=0, return_index=True)
    flats = hh.kind == 1
    _, unit = np.unique(np.column_stack([hh.a[flats], hh.b[flats]]), axis=0, return_inverse=True)
    unit = unit.ravel()
    size = np.bincount(unit)
    centre = np.column_stack([np.bincount(unit, weights=hh.xy[flats][:, k]) / size for k in (0, 1)])
    dense = np.vstack([hh.xy[houses][np.sort(first)], centre])
    minx, miny, maxx, maxy = outline.buffer(FARM_SPACING * 2).bounds
    gx, gy = np.meshgrid(
        np.arange(minx, maxx, FARM_SPACING), np.arange(miny, maxy, FARM_SPACING * 0.87)
    )
    gx = gx + (np.arange(gx.shape[0]) % 2)[:, None] * FARM_SPACING / 2  # hexagonal-ish
    farm = np.column_stack([gx.ravel(), gy.ravel()])
    farm = farm + rng.normal(0.0, FARM_SPACING * 0.22, farm.shape)
    near, _ = cKDTree(hh.xy).query(farm, distance_upper_bound=60.0)
    farm = farm[np.isinf(near)]
    return np.vstack([dense, farm])


def build_layout(
    centre: np.ndarray,
    seed: int,
    town: int = 0,
    area_m2: float = 100e6,
    outline: shapely.Polygon | None = None,
) -> Layout:
    """Build the cells, households and the four-level hierarchy of one township.

    Parameters
    ----------
    centre : ndarray (2,)
        Town centre in metres (Gauss-Krüger).
    seed, town : int
        Seed of the sample and index of the town (county scale), together fixing the result.
    area_m2 : float
        Approximate area of the town, when it makes its own outline.
    outline : Polygon, optional
        The town's outline (county scale: towns tile the county); ``centre`` is then the
        town seat and the town is exactly this polygon.
    """
    rng = _rng(seed, town, 0)
    given = outline is not None
    if outline is None:
        outline = town_outline(centre, area_m2 * rng.uniform(0.95, 1.05), rng)
        seat = centre + rng.normal(0.0, 350.0, 2)
        bound = outline.buffer(FARM_SPACING * 3)
    else:
        seat = np.asarray(centre, dtype=float)
        bound = outline
    seats = village_seats(outline, seat, N_RURAL, 1500.0, rng)
    total = float(np.clip(rng.uniform(14_000, 17_000) * outline.area / 100e6, 12_500, 19_000))
    seat_hh = int(rng.uniform(3_300, 4_000))
    sizes = rng.lognormal(0.0, 0.4, N_RURAL)
    sizes = np.maximum(110, np.round(sizes / sizes.sum() * (total - seat_hh))).astype(int)
    hh, square, opens = place_households(outline, seats, seat, sizes, seat_hh, _rng(seed, town, 1))

    rng = _rng(seed, town, 2)
    cells = pt.voronoi_cells(_seeds(hh, outline, rng), bound)
    tree = shapely.STRtree(cells)
    pidx, cidx = tree.query(shapely.points(hh.xy), predicate="within")
    holder = np.full(len(hh.xy), -1)
    holder[pidx] = cidx
    if given:  # the cells tile the given outline already
        keep = np.ones(len(cells), dtype=bool)
    else:  # the town is the cells whose centre lies in its outline: a ragged border
        keep = shapely.contains_xy(outline, *shapely.get_coordinates(shapely.centroid(cells)).T)
        keep[holder[holder >= 0]] = True
    cells, holder = _select(cells, keep, holder)
    hh, holder = _drop_households(hh, holder)

    adjacency = pt.cell_adjacency(cells)
    # Keep the largest connected piece only (a star-shaped outline almost always gives one).
    ncomp, comp = csgraph.connected_components(adjacency, directed=False)
    if ncomp > 1:
        main = np.bincount(comp).argmax()
        cells, holder = _select(cells, comp == main, holder)
        hh, holder = _drop_households(hh, holder)
        adjacency = pt.cell_adjacency(cells)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    area_ha = shapely.area(cells) / 1e4
    hh_count = np.bincount(holder, minlength=len(cells)).astype(float)
    graph = pt._Graph(adjacency)

    # Villages: territories grown from their houses; the seat is one region, split after.
    source = holder.copy()
    label = np.where(hh.home < 0, N_RURAL, hh.home)
    uniq, first = np.unique(source, return_index=True)
    territory = pt.dijkstra_labels(adjacency, centroids, uniq, label[first], rng)
    pt.make_connected(territory, adjacency, hh_count)
    seat_cells = np.flatnonzero(territory == N_RURAL)
    comm = _communities(seat_cells, seat, hh, adjacency, centroids, hh_count, graph, rng)
    village = np.empty(len(cells), dtype=np.int64)
    village[seat_cells] = comm
    community_dirs = list(_SECTORS)
    rural = territory != N_RURAL
    village[rural] = territory[rural] + N_COMMUNITIES
    village = _renumber(village, centroids, N_COMMUNITIES)
    community_dirs = [community_dirs[i] for i in village.renumber_order[:N_COMMUNITIES]]
    village = village.labels
    n_vill = N_COMMUNITIES + N_RURAL

    # Large grids: the villages with most households hold two.
    v_hh = np.bincount(village, weights=hh_count, minlength=n_vill)
    two = set(np.argsort(-v_hh)[:N_LARGE_EXTRA].tolist())
    weight = hh_count + 0.03 * area_ha
    large = np.empty(len(cells), dtype=np.int64)
    village_of_large = []
    for v in range(n_vill):
        nodes = np.flatnonzero(village == v)
        k = 2 if v in two else 1
        for part in pt.balanced_parts(nodes, k, graph, weight, centroids, rng, 60.0):
            large[part] = len(village_of_large)
            village_of_large.append(v)
    village_of_large = np.array(village_of_large)

    # Small grids: numbers shared out by households (largest remainder), then bisection.
    l_hh = np.bincount(large, weights=hh_count, minlength=len(village_of_large))
    l_cells = np.bincount(large, minlength=len(village_of_large))
    quota = _apportion(l_hh, N_SMALL, 2, l_cells)
    parts = _split_larges(large, quota, l_hh, graph, weight, centroids, rng)
    small = np.empty(len(cells), dtype=np.int64)
    large_of_small = []
    for lg in range(len(village_of_large)):
        for part in parts[lg]:
            small[part] = len(large_of_small)
            large_of_small.append(lg)
    large_of_small = np.array(large_of_small)
    pt.rebalance(small, large_of_small, graph, weight, min_gap=4.0)

    small_polys = pt.dissolve(cells, small, len(large_of_small))
    large_polys = pt.dissolve(small_polys, large_of_small, len(village_of_large))
    village_polys = pt.dissolve(large_polys, village_of_large, n_vill)
    town_poly = shapely.coverage_union_all(village_polys)
    adj_small = _label_adjacency(adjacency, small, len(large_of_small))
    kinds = np.array(["urban"] * N_COMMUNITIES + ["rural"] * N_RURAL)
    return Layout(
        centre=centre,
        seat=seat,
        square=square,
        opens=opens,
        cells=cells,
        households=hh,
        cell_of_household=holder,
        village_of_cell=village,
        large_of_cell=large,
        small_of_cell=small,
        village_kind=kinds,
        village_direction=community_dirs,
        village_of_large=village_of_large,
        large_of_small=large_of_small,
        town_polygon=town_poly,
        village_polygons=village_polys,
        large_polygons=large_polys,
        small_polygons=small_polys,
        adjacency_small=adj_small,
    )


#: The seat's communities in the order :func:`_communities` grows them.
_SECTORS = ("centre", "east", "north", "west", "south")


def _communities(
    seat_cells: np.ndarray,
    seat: np.ndarray,
    hh: Households,
    adjacency: sparse.csr_matrix,
    centroids: np.ndarray,
    hh_count: np.ndarray,
    graph: pt._Graph,
    rng: np.random.Generator,
) -> np.ndarray:
    """Split the town seat into a central community and four around it (东关, 西关 …).

    Territories grow from the centre and from four points out towards the compass
    directions (in the order of ``_SECTORS``), then border cells are traded until household
    numbers are comparable.
    """
    seat_xy = hh.xy[hh.home < 0]
    reach = np.percentile(np.hypot(*(seat_xy - seat).T), 80)
    angle = rng.uniform(-0.25, 0.25) + np.arange(4) * np.pi / 2
    anchors = np.vstack(
        [seat, seat + 0.6 * reach * np.column_stack([np.cos(angle), np.sin(angle)])]
    )
    local = centroids[seat_cells]
    sources = np.array([np.argmin(np.hypot(*(local - a).T)) for a in anchors])
    sub = adjacency[seat_cells][:, seat_cells]
    labels = pt.dijkstra_labels(sub, local, sources, np.arange(len(anchors)), rng, 0.4)
    pt.make_connected(labels, sub, hh_count[seat_cells])
    full = np.full(len(centroids), -1)
    full[seat_cells] = labels
    # Trade cells on the whole graph (cells outside the seat carry label -1 and never move).
    owner = np.where(full >= 0, full, len(anchors))
    parent = np.r_[np.zeros(len(anchors), dtype=np.int64), 1]
    pt.rebalance(owner, parent, graph, hh_count + 0.5, min_gap=40.0, rounds=300)
    return owner[seat_cells]


def _split_larges(
    large: np.ndarray,
    quota: np.ndarray,
    households: np.ndarray,
    graph: pt._Graph,
    weight: np.ndarray,
    centroids: np.ndarray,
    rng: np.random.Generator,
) -> list[list[np.ndarray]]:
    """Split each large grid into its quota of small grids.

    A large grid whose cells cannot make that many contiguous parts gives a grid to the
    large grid with the most households per grid, so the town total stays fixed.
    """
    quota = quota.copy()
    parts: list[list[np.ndarray] | None] = [None] * len(quota)
    pending = list(range(len(quota)))
    while pending:
        lg = pending.pop(0)
        nodes = np.flatnonzero(large == lg)
        try:
            parts[lg] = pt.balanced_parts(
                nodes, int(quota[lg]), graph, weight, centroids, rng, 25.0
            )
        except ValueError:
            if quota[lg] <= 1:
                raise
            quota[lg] -= 1
            load = households / quota
            load[lg] = -1.0
            receiver = int(np.argmax(load))
            quota[receiver] += 1
            pending = [p for p in pending if p != receiver] + [lg, receiver]
            parts[receiver] = None
    return parts  # type: ignore[return-value]


def _select(cells: np.ndarray, keep: np.ndarray, holder: np.ndarray):
    new_index = np.cumsum(keep) - 1
    holder = np.where((holder >= 0) & keep[np.maximum(holder, 0)], new_index[holder], -1)
    return cells[keep], holder


def _drop_households(hh: Households, holder: np.ndarray):
    ok = holder >= 0
    fields = Households.__dataclass_fields__
    return Households(**{f: getattr(hh, f)[ok] for f in fields}), holder[ok]


@dataclass
class _Renumbered:
    labels: np.ndarray
    renumber_order: np.ndarray


def _renumber(labels: np.ndarray, centroids: np.ndarray, n_first: int) -> _Renumbered:
    """Renumber communities, then villages, north to south in east-west bands, like real codes."""
    n = labels.max() + 1
    cx = np.bincount(labels, weights=centroids[:, 0], minlength=n) / np.bincount(labels)
    cy = np.bincount(labels, weights=centroids[:, 1], minlength=n) / np.bincount(labels)
    band = np.floor((cy.max() - cy) / 2000.0)
    snake = np.where(band % 2 == 0, cx, -cx)
    order = np.r_[
        np.lexsort((snake[:n_first], band[:n_first])),
        n_first + np.lexsort((snake[n_first:], band[n_first:])),
    ]
    new_of_old = np.empty(n, dtype=np.int64)
    new_of_old[order] = np.arange(n)
    return _Renumbered(new_of_old[labels], order)


def _apportion(weights: np.ndarray, total: int, minimum: int, maximum: np.ndarray) -> np.ndarray:
    """Share ``total`` seats by ``weights`` (largest remainder), each between the bounds."""
    raw = weights / weights.sum() * total
    seats = np.clip(np.floor(raw).astype(int), minimum, maximum)
    while seats.sum() != total:
        gap = raw - seats
        if seats.sum() < total:
            gap[seats >= maximum] = -np.inf
            seats[np.argmax(gap)] += 1
        else:
            gap[seats <= minimum] = np.inf
            seats[np.argmin(gap)] -= 1
    return seats


def _label_adjacency(adjacency, labels: np.ndarray, n: int):
    coo = adjacency.tocoo()
    a, b = labels[coo.row], labels[coo.col]
    m = a != b
    out = sparse.coo_matrix((coo.data[m], (a[m], b[m])), shape=(n, n)).tocsr()
    out.sum_duplicates()
    return out
