import numpy as np
import pymannkendall as mk
import pytest
from libpysal.weights import lat2W

from gisgrid.emerging import EmergingHotspots, classify_series, mann_kendall

UP, DOWN, FLAT = (3.0, 0.001), (-3.0, 0.001), (0.5, 0.6)


def bins(text):
    """'..HHC' → hot and cold masks (H hot, C cold, . neither), oldest first."""
    return np.array([c == "H" for c in text]), np.array([c == "C" for c in text])


def mirror(text):
    return text.translate(str.maketrans("HC", "CH"))


# Ten time steps, so "90 %" is nine bins.
CASES = [
    (".........H", FLAT, "new"),
    ("C........H", FLAT, "new"),  # never hot before; new comes first in the page's order
    (".......HHH", FLAT, "consecutive"),
    ("........HH", UP, "consecutive"),
    ("HHHHHHHHHH", UP, "intensifying"),
    (".HHHHHHHHH", UP, "intensifying"),  # 90 % including the final step
    ("HHHHHHHHHH", FLAT, "persistent"),
    (".HHHHHHHHH", FLAT, "persistent"),  # a run of nine ending now is 90 %: not consecutive
    ("HHHHHHHHHH", DOWN, "diminishing"),
    ("HHHH.HHHHH", DOWN, "diminishing"),
    ("H.H..H...H", FLAT, "sporadic"),
    ("H.......HH", UP, "sporadic"),  # hot before the final run: not consecutive
    ("HHHHHHH..H", FLAT, "sporadic"),  # 80 % only
    ("C.H......H", FLAT, "oscillating"),
    ("CCCCCCCCHH", FLAT, "consecutive"),  # never hot before the run (cold does not count)
    ("HHCHHHHH.H", UP, "oscillating"),
    ("HHHHHHHHH.", FLAT, "historical"),
    ("HHHHHHHHH.", DOWN, "historical"),  # not hot now: historical, whatever the trend
    ("HHHHHHHH..", FLAT, "none"),  # 80 % and not hot now
    ("HH........", FLAT, "none"),
    ("..........", FLAT, "none"),
    ("HHHHHHHHHC", FLAT, "new-other"),  # cold now, never cold before: a new *cold* spot
    ("HHCHHHHHHC", FLAT, "oscillating-other"),  # cold now and before, hot in between
]


@pytest.mark.parametrize("kind", ["hot", "cold"])
@pytest.mark.parametrize("text, trend, name", CASES)
def test_each_pattern_on_a_hand_made_series(text, trend, name, kind):
    if kind == "cold":
        text = mirror(text)
        trend = (-trend[0], trend[1])  # intensifying cold = significant downward trend
    hot, cold = bins(text)
    label = classify_series(
        hot[None], cold[None], np.array([trend[0]]), np.array([trend[1]]), alpha=0.05
    )[0]
    expected = "no_pattern" if name == "none" else f"{name}_{kind}_spot"
    if name.endswith("-other"):
        expected = f"{name[:-6]}_{'cold' if kind == 'hot' else 'hot'}_spot"
    assert label == expected


def test_trend_threshold_is_strict():
    hot, cold = bins("HHHHHHHHHH")
    at = classify_series(hot[None], cold[None], np.array([2.0]), np.array([0.05]), 0.05)
    below = classify_series(hot[None], cold[None], np.array([2.0]), np.array([0.049]), 0.05)
    assert at[0] == "persistent_hot_spot" and below[0] == "intensifying_hot_spot"


def test_mann_kendall_equals_pymannkendall_with_ties():
    rng = np.random.default_rng(4)
    series = np.round(rng.normal(0, 1.5, (12, 30)))  # plenty of ties
    series[0] = 0
    series[1] = np.arange(30)
    s, tau, z, p = mann_kendall(series)
    for i, row in enumerate(series):
        ref = mk.original_test(row)
        assert s[i] == ref.s and tau[i] == pytest.approx(ref.Tau)
        assert z[i] == pytest.approx(ref.z, abs=1e-12) and p[i] == pytest.approx(ref.p)


def test_planted_patterns_on_a_lattice():
    rng = np.random.default_rng(8)
    w = lat2W(12, 12, rook=False)
    cube = rng.poisson(2, (144, 30)).astype(float)
    persistent = [14, 15, 26, 27]  # rows 1-2, cols 2-3
    cube[persistent] += 9
    new = [116, 117, 128, 129]  # rows 9-10, cols 8-9: appears in the last three weeks
    cube[new, -3:] += 12
    rising = [68, 69, 80, 81]  # rows 5-6, cols 8-9: grows all year
    cube[rising] += np.linspace(6, 20, 30)
    ehs = EmergingHotspots().fit(cube, w.sparse)
    labels = list(ehs.labels_[persistent])
    # Four noisy series tested at 5 %: allow one chance trend, but all must stay hot classes.
    assert labels.count("persistent_hot_spot") >= 3
    assert set(labels) <= {"persistent_hot_spot", "intensifying_hot_spot", "diminishing_hot_spot"}
    assert set(ehs.labels_[new]) <= {"consecutive_hot_spot", "new_hot_spot"}
    assert set(ehs.labels_[rising]) == {"intensifying_hot_spot"}
    far = [0, 143, 11, 132]
    assert all(not label.endswith("hot_spot") for label in ehs.labels_[far])
    assert ehs.z_.shape == cube.shape and set(np.unique(ehs.bins_)) <= {-1, 0, 1}


def test_bad_cube_shapes():
    w = lat2W(3, 3)
    with pytest.raises(ValueError, match="time steps"):
        EmergingHotspots().fit(np.ones((9, 1)), w.sparse)
    with pytest.raises(ValueError, match="locations"):
        EmergingHotspots().fit(np.ones((8, 5)), w.sparse)
