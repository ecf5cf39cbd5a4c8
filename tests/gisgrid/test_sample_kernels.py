"""The sample generator's building blocks on tiny inline data: cells, regions, names, county."""

from datetime import date

import numpy as np
import pytest
import shapely
from gisgrid.sample_data import names as nm
from gisgrid.sample_data import partition as pt
from gisgrid.sample_data.layout import _split_larges, build_layout
from gisgrid.sample_data.township import county_towns
from scipy.sparse import csgraph


def _squares(nx, ny, size=10.0):
    """A coverage of nx × ny unit squares, row by row."""
    return np.array(
        [shapely.box(i * size, j * size, (i + 1) * size, (j + 1) * size)
         for j in range(ny) for i in range(nx)]
    )  # fmt: skip


def test_adjacency_of_a_square_grid_is_rook_with_shared_lengths():
    adj = pt.cell_adjacency(_squares(3, 2))
    assert adj.shape == (6, 6)
    assert adj.nnz == 2 * 7  # 4 horizontal + 3 vertical neighbour pairs, both ways
    assert adj[0, 1] == pytest.approx(10.0) and adj[0, 3] == pytest.approx(10.0)
    assert adj[0, 4] == 0  # corner contact is not adjacency


def test_voronoi_cells_tile_the_boundary():
    rng = np.random.default_rng(0)
    boundary = shapely.Polygon([(0, 0), (100, 0), (120, 60), (50, 90), (-10, 50)])
    seeds = rng.uniform(0, 100, (60, 2))
    seeds = seeds[shapely.contains_xy(boundary, seeds[:, 0], seeds[:, 1])]
    cells = pt.voronoi_cells(np.vstack([seeds, seeds[:3]]), boundary)  # duplicates allowed
    assert len(cells) >= len(seeds) - 1
    assert (shapely.get_type_id(cells) == shapely.GeometryType.POLYGON).all()
    assert shapely.coverage_is_valid(cells)
    union = shapely.coverage_union_all(cells)  # equal up to the 1 cm precision grid
    assert shapely.hausdorff_distance(union, boundary) < 0.02
    assert union.symmetric_difference(boundary).area < 0.005 * boundary.length


@pytest.mark.parametrize(("k", "nx", "ny"), [(1, 4, 4), (2, 4, 4), (5, 10, 6), (7, 9, 9)])
def test_balanced_parts_are_contiguous_and_balanced(k, nx, ny):
    cells = _squares(nx, ny)
    adj = pt.cell_adjacency(cells)
    graph = pt._Graph(adj)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    weights = np.ones(len(cells))
    nodes = np.arange(len(cells))
    parts = pt.balanced_parts(nodes, k, graph, weights, centroids, np.random.default_rng(1), 1.0)
    assert len(parts) == k
    assert sorted(np.concatenate(parts).tolist()) == nodes.tolist()
    sizes = np.array([len(p) for p in parts])
    assert sizes.max() <= np.ceil(len(cells) / k) * 1.5
    for part in parts:
        ncomp, _ = csgraph.connected_components(adj[part][:, part], directed=False)
        assert ncomp == 1
        assert shapely.coverage_union_all(cells[part]).geom_type == "Polygon"


def test_balanced_parts_rejects_impossible_splits():
    cells = _squares(2, 1)
    graph = pt._Graph(pt.cell_adjacency(cells))
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="cannot split 2 cells into 3"):
        pt.balanced_parts(np.arange(2), 3, graph, np.ones(2), centroids, rng, 1.0)
    with pytest.raises(ValueError, match="at least 1"):
        pt.balanced_parts(np.arange(2), 0, graph, np.ones(2), centroids, rng, 1.0)


def test_make_connected_hands_stray_pieces_to_a_neighbour():
    cells = _squares(5, 1)
    adj = pt.cell_adjacency(cells)
    labels = np.array([0, 1, 0, 0, 1])  # label 0 has a stray cell 0; label 1 two pieces
    pt.make_connected(labels, adj, np.ones(5))
    for lab in np.unique(labels):
        idx = np.flatnonzero(labels == lab)
        assert csgraph.connected_components(adj[idx][:, idx], directed=False)[0] == 1


def test_dijkstra_labels_grow_connected_territories():
    cells = _squares(8, 8)
    adj = pt.cell_adjacency(cells)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    labels = pt.dijkstra_labels(
        adj, centroids, np.array([0, 63]), np.array([5, 9]), np.random.default_rng(2)
    )
    assert set(labels) == {5, 9} and labels[0] == 5 and labels[63] == 9


@pytest.mark.parametrize(
    ("body", "check"),
    [("11010519491231002", "X"), ("44030819900101123", None), ("37052319550616346", "3")],
)
def test_id_check_character(body, check):
    got = nm.id_check_char(body)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights)) + (10 if got == "X" else int(got))
    assert total % 11 == 1  # ISO 7064 MOD 11-2
    if check is not None:
        assert got == check


def test_people_and_numbers_are_deterministic_and_well_formed():
    def draw(seed):
        rng = np.random.default_rng(seed)
        male = rng.random(200) < 0.5
        ages = rng.integers(20, 90, 200)
        birth = nm.birth_dates(rng, ages, date(2026, 11, 20))
        return (
            nm.person_names(rng, male, np.array([b.year for b in birth])),
            nm.mobile_numbers(rng, 200),
            nm.id_numbers(rng, birth, male, nm.regions(rng, 200)),
            male,
        )

    names, phones, ids, male = draw(7)
    again = draw(7)
    assert (names == again[0]).all() and (ids == again[2]).all()
    assert len(set(phones)) == 200 and all(len(p) == 11 and p[0] == "1" for p in phones)
    assert all(nm.id_check_char(i[:17]) == i[17] for i in ids)
    assert all((int(i[16]) % 2 == 1) == m for i, m in zip(ids, male))
    assert all(2 <= len(n) <= 4 for n in names)
    villages = nm.village_names(np.random.default_rng(3), 40)
    assert len(set(villages)) == 40 and all(v.endswith("村") and not v.endswith("村村")
                                             for v in villages)  # fmt: skip


def test_county_towns_tile_the_county():
    seats, outlines = county_towns(np.array([400_000.0, 4_080_000.0]), 6, np.random.default_rng(4))
    assert len(outlines) == 6
    assert (shapely.get_type_id(outlines) == shapely.GeometryType.POLYGON).all()
    assert shapely.contains_xy(outlines, seats[:, 0], seats[:, 1]).all()
    i, j = shapely.STRtree(outlines).query(outlines, predicate="intersects")
    keep = i < j
    assert shapely.area(shapely.intersection(outlines[i[keep]], outlines[j[keep]])).max() < 1.0
    total = shapely.area(outlines).sum()
    assert total == pytest.approx(shapely.union_all(outlines).area, rel=1e-6)
    assert 500e6 < total < 700e6


def test_a_county_town_fills_its_given_outline():
    seats, outlines = county_towns(np.array([400_000.0, 4_080_000.0]), 3, np.random.default_rng(5))
    layout = build_layout(seats[0], seed=3, town=0, outline=outlines[0])
    # Equal up to the 1 cm precision grid the cells are snapped to.
    assert shapely.hausdorff_distance(layout.town_polygon, outlines[0]) < 0.02
    assert layout.town_polygon.symmetric_difference(outlines[0]).area < 0.005 * outlines[0].length
    assert len(layout.small_polygons) == 662
    assert len(layout.village_polygons) == 41


def test_split_larges_moves_an_impossible_grid_to_the_busiest_neighbour():
    # Large grid 0: a star of four cells (no split into 2 + 2 contiguous halves exists);
    # large grid 1: a 3 × 2 block far away.
    star = [shapely.box(x, y, x + 10, y + 10) for x, y in [(10, 10), (0, 10), (20, 10), (10, 0)]]
    block = [shapely.box(100 + 10 * i, 10 * j, 110 + 10 * i, 10 + 10 * j)
             for j in range(2) for i in range(3)]  # fmt: skip
    cells = np.array(star + block)
    graph = pt._Graph(pt.cell_adjacency(cells))
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    large = np.array([0] * 4 + [1] * 6)
    parts = _split_larges(
        large, np.array([4, 2]), np.array([40.0, 60.0]), graph, np.ones(10), centroids,
        np.random.default_rng(0),
    )  # fmt: skip
    assert len(parts[0]) + len(parts[1]) == 6
    assert len(parts[0]) < 4 and len(parts[1]) > 2
    assert sorted(np.concatenate(parts[0] + parts[1]).tolist()) == list(range(10))


@pytest.mark.parametrize(
    ("labels", "parent", "expected"),
    [
        ([0, 0, 0, 0, 0, 1], [0, 0], [3, 3]),  # border cells move until the halves are even
        ([0, 0, 0, 0, 0, 1], [0, 1], [5, 1]),  # different parents never trade
    ],
)
def test_rebalance_moves_border_cells_between_siblings(labels, parent, expected):
    cells = _squares(6, 1)
    graph = pt._Graph(pt.cell_adjacency(cells))
    labels = np.array(labels)
    pt.rebalance(labels, np.array(parent), graph, np.ones(6), min_gap=1.0)
    assert np.bincount(labels, minlength=2).tolist() == expected
    for lab in (0, 1):
        idx = np.flatnonzero(labels == lab)
        assert csgraph.connected_components(graph.csr[idx][:, idx], directed=False)[0] == 1
