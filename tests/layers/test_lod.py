import numpy as np
import pytest
import shapely
from gisgrid.layers.lod import PointBins, SimplifiedGeometries, aggregate_points


def _wiggly_tiles(n=4, size=1000.0, steps=200):
    """Adjacent tiles sharing wiggly borders, like grids along field edges."""
    rng = np.random.default_rng(1)
    xs = np.linspace(0, size, steps)
    wiggle = rng.normal(0, 3, steps)
    wiggle[0] = wiggle[-1] = 0
    tiles = []
    for i in range(n):
        left = np.column_stack([i * size + wiggle, xs]) if i else np.column_stack([0 * xs, xs])
        right = np.column_stack([(i + 1) * size + wiggle, xs])
        ring = np.vstack([left, right[::-1], left[:1]])
        tiles.append(shapely.Polygon(ring))
    return np.array(tiles)


@pytest.mark.parametrize("preserve", [True, False])
@pytest.mark.parametrize("pixel_size", [2.0, 10.0, 50.0])
def test_simplify_keeps_shapes(pixel_size, preserve):
    tiles = _wiggly_tiles()
    lod = SimplifiedGeometries(tiles, preserve_topology=preserve)
    out = lod.at(pixel_size)
    assert not shapely.is_empty(out).any()
    if preserve:
        assert shapely.is_valid(out).all()
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(tiles).sum()
    area_change = np.abs(shapely.area(out) - shapely.area(tiles)) / shapely.area(tiles)
    assert area_change.max() < 0.02
    # neighbours still meet: the gap/overlap along a shared border stays below a pixel
    assert shapely.hausdorff_distance(out, tiles).max() <= pixel_size


def test_simplify_only_rows_asked():
    tiles = _wiggly_tiles()
    lod = SimplifiedGeometries(tiles)
    out = lod.at(10.0, rows=np.array([1, 2]))
    assert out[0] is None and out[3] is None
    assert shapely.get_num_coordinates(out[1]) < shapely.get_num_coordinates(tiles[1])
    again = lod.at(10.0, rows=np.array([0]))
    assert again is out and out[0] is not None


def test_tiny_feature_never_vanishes():
    speck = shapely.box(0, 0, 0.5, 0.5)
    out = SimplifiedGeometries(np.array([speck])).at(pixel_size=100.0)
    assert out[0].equals(speck)


def test_simplify_cache_and_full_detail():
    tiles = _wiggly_tiles()
    lod = SimplifiedGeometries(tiles, min_tolerance=0.5)
    assert lod.at(0.2) is tiles
    assert lod.at(9.0) is lod.at(10.0)  # same power-of-two bucket
    assert lod.tolerance(10.0) == 4.0
    with pytest.raises(ValueError):
        lod.at(0)


def test_aggregate_counts():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1000, 5000)
    y = rng.uniform(0, 1000, 5000)
    cx, cy, n = aggregate_points(x, y, 100.0)
    assert n.sum() == 5000 and len(n) == 100
    assert ((cx >= 0) & (cx <= 1000)).all()
    with pytest.raises(ValueError):
        aggregate_points(x, y, 0)
    e = aggregate_points(np.array([]), np.array([]), 5)
    assert [a.size for a in e] == [0, 0, 0]


def test_point_bins_cached():
    bins = PointBins(np.arange(100.0), np.zeros(100))
    a = bins.at(pixel_size=1.0)
    assert bins.at(pixel_size=1.1) is a
    assert bins.cell_for(1.0) == 8.0
    assert a[2].sum() == 100
