import itertools

import esda
import numpy as np
import pytest
from libpysal.weights import lat2W

from gisgrid.emerging import bh_adjust, space_time_gi
from gisgrid.hotspots import GiStar, KernelDensity, gi_classes


def textbook_gi_star(x, neighbours):
    """Ord & Getis (1995) Gi* with binary weights, the unit itself included."""
    x = np.asarray(x, float)
    n = len(x)
    mean, s = x.mean(), np.sqrt((x**2).mean() - x.mean() ** 2)
    z = np.empty(n)
    for i in range(n):
        js = sorted(set(neighbours[i]) | {i})
        w = len(js)  # sum of weights = sum of squared weights for binary weights
        z[i] = (x[js].sum() - mean * w) / (s * np.sqrt((n * w - w * w) / (n - 1)))
    return z


@pytest.mark.parametrize("rows, cols", [(4, 4), (3, 5), (6, 6)])
def test_z_scores_equal_the_textbook_formula_and_esda(rows, cols):
    rng = np.random.default_rng(rows * cols)
    y = rng.poisson(4, rows * cols).astype(float)
    w = lat2W(rows, cols, rook=False)
    expected = textbook_gi_star(y, {i: list(w.neighbors[i]) for i in range(w.n)})
    gi = GiStar(permutations=0).fit(y, w)
    np.testing.assert_allclose(gi.z_, expected, rtol=1e-10)
    g = esda.G_Local(y, lat2W(rows, cols, rook=False), transform="B", star=True, permutations=0)
    np.testing.assert_allclose(gi.z_, g.Zs, rtol=1e-12)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_conditional_p_values_match_esda_without_ties():
    rng = np.random.default_rng(3)
    y = rng.normal(10, 2, 100)
    cond = {"fdr": False, "randomization": "conditional"}
    gi = GiStar(permutations=999, seed=7, **cond).fit(y, lat2W(10, 10, rook=False))
    g = esda.G_Local(
        y, lat2W(10, 10, rook=False), transform="B", star=True, permutations=999, seed=7,
        n_jobs=1,
    )  # fmt: skip
    np.testing.assert_allclose(gi.p_, np.minimum(1, 2 * g.p_sim), atol=1e-6)
    np.testing.assert_array_equal(gi.q_, gi.p_)
    again = GiStar(permutations=999, seed=7, **cond).fit(y, lat2W(10, 10, rook=False))
    np.testing.assert_array_equal(again.p_, gi.p_)  # the seed makes it reproducible


def test_planted_cluster_is_hot_at_99_percent():
    rng = np.random.default_rng(11)
    grid = rng.poisson(3, (15, 15)).astype(float)
    grid[3:6, 3:6] += 12
    gi = GiStar(permutations=9999, seed=1).fit(grid.ravel(), lat2W(15, 15, rook=False))
    classes = gi.classes_.reshape(15, 15)
    assert classes[4, 4] == 3
    block = classes[3:6, 3:6]
    assert (block[1, :] == 3).all() and (block[:, 1] == 3).all()  # the centre cross
    assert (block > 0).sum() >= 6 and (block >= 0).all()
    assert (classes[9:, 9:] == 0).all()  # far away: nothing


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_uniform_field_finds_almost_nothing_after_fdr(seed):
    y = np.random.default_rng(seed).poisson(3, 400).astype(float)
    gi = GiStar(permutations=999, seed=seed).fit(y, lat2W(20, 20, rook=False))
    assert (gi.classes_ != 0).sum() <= 2
    raw = GiStar(permutations=999, seed=seed, fdr=False).fit(y, lat2W(20, 20, rook=False))
    assert (raw.classes_ != 0).sum() >= (gi.classes_ != 0).sum()


def test_many_zero_counts_do_not_make_cold_spots():
    # esda's folded p_sim counts ties on one side only: quiet grids would look "cold".
    y = np.zeros((10, 10))
    y[2:5, 2:5] = 6
    gi = GiStar(permutations=999, seed=2).fit(y.ravel(), lat2W(10, 10, rook=False))
    assert (gi.classes_ >= 0).all()
    assert gi.classes_.reshape(10, 10)[3, 3] > 0


def test_constant_values_give_no_spots():
    gi = GiStar(permutations=99, seed=1).fit(np.full(25, 4.0), lat2W(5, 5, rook=False))
    assert (gi.classes_ == 0).all() and (gi.p_ == 1).all()


def test_classes_from_p_values():
    z = np.array([3.0, 2.0, 1.8, 0.5, -1.7, -2.1, -4.0, 2.5])
    p = np.array([0.005, 0.04, 0.09, 0.5, 0.08, 0.03, 0.001, 0.2])
    assert gi_classes(z, p).tolist() == [3, 2, 1, 0, -1, -2, -3, 0]


def test_benjamini_hochberg_against_hand_computation():
    p = np.array([0.01, 0.04, 0.03, 0.5])
    # sorted 0.01, 0.03, 0.04, 0.5 → 0.04, 0.0533, 0.0533, 0.5 (monotone from the top)
    np.testing.assert_allclose(bh_adjust(p), [0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_space_time_gi_equals_brute_force():
    rng = np.random.default_rng(5)
    rows, cols, steps, k = 3, 4, 6, 1
    x = rng.poisson(3, (rows * cols, steps)).astype(float)
    w = lat2W(rows, cols, rook=False)
    z = space_time_gi(x, w.sparse, k)
    flat = x.ravel()  # bin (i, t) → i * steps + t
    nb = {}
    for i in range(rows * cols):
        for t in range(steps):
            nb[i * steps + t] = [
                j * steps + s for j in [i, *w.neighbors[i]] for s in range(max(0, t - k), t + 1)
            ]
    expected = textbook_gi_star(flat, nb).reshape(rows * cols, steps)
    np.testing.assert_allclose(z, expected, rtol=1e-10)
    np.testing.assert_allclose(
        space_time_gi(x, w.sparse, 0)[:, 2],
        textbook_gi_star(
            flat, {b: [j * steps + b % steps for j in [b // steps, *w.neighbors[b // steps]]]
                   for b in range(flat.size)}
        ).reshape(-1, steps)[:, 2],
        rtol=1e-10,
    )  # fmt: skip


def test_kernel_density_keeps_mass_and_peaks_at_the_cluster():
    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(1000, 60, 300), rng.uniform(0, 4000, 100)]
    y = np.r_[rng.normal(3000, 60, 300), rng.uniform(0, 4000, 100)]
    kde = KernelDensity(cell_m=25, bandwidth_m=100).fit(x, y, (0, 0, 4000, 4000))
    a, b, c, d, e, f = kde.transform_
    total = kde.array_.sum() * (a * a) / 1e6  # points per km² × km² per cell
    assert total == pytest.approx(400, rel=0.02)
    row, col = np.unravel_index(np.argmax(kde.array_), kde.array_.shape)
    assert abs(c + (col + 0.5) * a - 1000) < 75 and abs(f + (row + 0.5) * e - 3000) < 75
    auto = KernelDensity(cell_m=25).fit(x, y)
    spread = np.mean([np.std(x), np.std(y)])
    assert auto.bandwidth_ == pytest.approx(400 ** (-1 / 6) * spread)


def test_total_randomisation_matches_the_exact_permutation_distribution():
    # 2×3 lattice: all 720 maps enumerated by hand give the exact two-sided p-values.
    y = np.array([9.0, 4.0, 0.0, 3.0, 1.0, 1.0])
    w = lat2W(2, 3, rook=False)
    hood = [sorted({i, *w.neighbors[i]}) for i in range(6)]
    obs = np.array([y[h].sum() for h in hood])
    maps = np.array(list(itertools.permutations(y)))
    sims = np.stack([maps[:, h].sum(axis=1) for h in hood])  # 6 × 720
    p_hot = (sims >= obs[:, None] - 1e-9).mean(axis=1)
    p_cold = (sims <= obs[:, None] + 1e-9).mean(axis=1)
    exact = np.minimum(1, 2 * np.minimum(p_hot, p_cold))
    gi = GiStar(permutations=40000, seed=3, fdr=False).fit(y, w)
    np.testing.assert_allclose(gi.p_, exact, atol=0.015)


def test_a_busy_grid_with_busy_neighbours():
    # Like the sample's industrial park: 121 issues in one grid, 60 and 22 next door. A hot
    # spot under total randomisation (as its z-score says); esda's conditional randomisation
    # holds the grid's own value fixed, ignores it and gives a larger p-value.
    y = np.random.default_rng(4).poisson(3, 400).astype(float)
    y[[210, 211, 190]] = [121, 60, 22]
    w = lat2W(20, 20, rook=False)
    total = GiStar(permutations=9999, seed=1).fit(y, w)
    cond = GiStar(permutations=9999, seed=1, randomization="conditional").fit(y, w)
    assert total.z_[210] > 5 and total.classes_[210] >= 2
    assert cond.p_[210] > total.p_[210]


def test_total_p_values_track_the_normal_approximation():
    y = np.random.default_rng(9).normal(50, 10, 225)
    w = lat2W(15, 15, rook=False)
    perm = GiStar(permutations=4999, seed=2, fdr=False).fit(y, w)
    norm = GiStar(permutations=0, fdr=False).fit(y, w)
    assert np.corrcoef(np.log(perm.p_), np.log(norm.p_))[0, 1] > 0.95


@pytest.mark.parametrize("n, k", [(6, 4), (40, 5), (2000, 12)])
def test_random_subsets_are_distinct_and_uniform(n, k):
    from gisgrid.hotspots import _random_subsets

    draws = _random_subsets(n, k, 30000, seed=5)
    assert draws.shape == (30000, k)
    ordered = np.sort(draws, axis=1)
    assert not (ordered[:, 1:] == ordered[:, :-1]).any()
    if n <= 40:  # every value equally likely in every position
        freq = np.stack([np.bincount(draws[:, j], minlength=n) for j in range(k)]) / 30000
        assert np.abs(freq - 1 / n).max() < 0.25 / n
