r"""Emerging hot spots: space-time Getis-Ord Gi* per bin, Mann-Kendall trend, pattern classes.

Method (after Esri's *Emerging Hot Spot Analysis*, "How Emerging Hot Spot Analysis works",
https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm)

1. **Space-time Gi\*** per bin. The neighbourhood of location *i* at time step *t* is every
   location in *i*'s spatial neighbourhood (its contiguity neighbours and *i* itself) at
   steps *t-k … t* (``k`` = neighbourhood time steps, default 1, as Esri's "Neighborhood Time
   Step"). Weights are binary; mean and standard deviation are those of the whole cube, as
   in the published method. With ``k = 0`` this is a plain spatial Gi\* per bin (but still
   against the cube-wide mean, so quiet weeks read as cold).
2. **Significance** of each bin from its z-score (two-sided normal p-value), corrected for
   multiple testing over all bins with the Benjamini-Hochberg false discovery rate (Esri
   applies an FDR correction too); a bin is a significant hot (cold) spot when its adjusted
   p-value is at most ``alpha`` and z > 0 (z < 0).
3. **Trend**: Mann-Kendall test on each location's series of Gi\* z-scores, with the tie
   correction of the variance, the continuity-corrected statistic and a two-sided p-value
   (the same numbers as ``pymannkendall.original_test``; computed here for all locations at
   once because a per-location Python call is the slow part at county scale).
4. **Classes**, exactly as the page defines them (``n`` time steps, "hot" = significant hot
   spot bin, 90 % = share of the ``n`` bins):

   ========================  =============================================================
   new_hot_spot              hot in the final step and never hot before
   consecutive_hot_spot      a single uninterrupted run of >= 2 hot bins ending with the
                             final step, never hot before that run, and < 90 % of bins hot
   intensifying_hot_spot     >= 90 % of bins hot, the final one included, and a significant
                             upward trend of z
   persistent_hot_spot       >= 90 % of bins hot, no significant trend (the final bin hot —
                             when it is not, the location is historical, below)
   diminishing_hot_spot      >= 90 % of bins hot, the final one included, and a significant
                             downward trend of z
   sporadic_hot_spot         hot in the final step, hot on and off before (< 90 % hot), and
                             never a significant cold spot
   oscillating_hot_spot      hot in the final step, a significant cold spot in some earlier
                             step, and < 90 % of bins hot
   historical_hot_spot       not hot in the final step, yet >= 90 % of bins hot
   ========================  =============================================================

   Cold spots mirror them (``*_cold_spot``, trends reversed: intensifying = significant
   downward trend). Everything else is ``no_pattern``. Where the page's wording lets two
   classes apply, the first in this order wins: new, consecutive, intensifying, persistent,
   diminishing, sporadic, oscillating (the page's own order), then historical; so a location
   whose final bin is not hot is historical rather than persistent (the historical definition
   is about exactly that case), and a location significant in the final step takes a class of
   that kind (hot now after a mostly cold history: oscillating hot spot).

   The trend is tested on the steps whose space-time window is complete (from step ``k``
   on): the first ``k`` steps have fewer neighbours in time, hence smaller z-scores, which
   would otherwise make every steady hot spot read as intensifying.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

__all__ = [
    "PATTERNS",
    "PATTERN_STYLE",
    "EmergingHotspots",
    "bh_adjust",
    "classify_series",
    "mann_kendall",
    "space_time_gi",
]

PATTERNS = (
    "new", "consecutive", "intensifying", "persistent", "diminishing",
    "sporadic", "oscillating", "historical",
)  # fmt: skip
NO_PATTERN = "no_pattern"

#: Emerging pattern → (Chinese legend label, colour): one palette for every map (the
#: printed weekly pack, the HTML views and the app), reds for hot and blues for cold.
PATTERN_STYLE: dict[str, tuple[str, str]] = {
    "new_hot_spot": ("新热点", "#fdd0a2"),
    "consecutive_hot_spot": ("连续热点", "#fdae6b"),
    "intensifying_hot_spot": ("加剧热点", "#a50f15"),
    "persistent_hot_spot": ("持续热点", "#de2d26"),
    "diminishing_hot_spot": ("减弱热点", "#fb6a4a"),
    "sporadic_hot_spot": ("零星热点", "#fee0d2"),
    "oscillating_hot_spot": ("振荡热点", "#c994c7"),
    "historical_hot_spot": ("历史热点", "#bcaaa4"),
    "new_cold_spot": ("新冷点", "#c6dbef"),
    "consecutive_cold_spot": ("连续冷点", "#9ecae1"),
    "intensifying_cold_spot": ("加剧冷点", "#08306b"),
    "persistent_cold_spot": ("持续冷点", "#2171b5"),
    "diminishing_cold_spot": ("减弱冷点", "#6baed6"),
    "sporadic_cold_spot": ("零星冷点", "#deebf7"),
    "oscillating_cold_spot": ("振荡冷点", "#9e9ac8"),
    "historical_cold_spot": ("历史冷点", "#a4b4bd"),
    NO_PATTERN: ("无明显模式", "#f2f2ee"),
}


def _binary_with_self(adjacency: sparse.spmatrix | np.ndarray) -> sparse.csr_matrix:
    a = sparse.csr_matrix(adjacency, dtype=float)
    a.data[:] = 1.0
    a = a.tolil()
    a.setdiag(1.0)
    return a.tocsr()


def space_time_gi(values: np.ndarray, adjacency, k: int = 1) -> np.ndarray:
    r"""Space-time Gi\* z-scores of a cube ``values`` (locations × time steps).

    Parameters
    ----------
    values : ndarray, shape (n, T)
        Counts (or rates) per location and time step.
    adjacency : sparse matrix or ndarray, shape (n, n)
        Spatial neighbours (nonzero = neighbour); self-neighbourhood is added.
    k : int
        Previous time steps in the neighbourhood.

    Returns
    -------
    ndarray, shape (n, T)
        z-scores (0 where the cube is constant).
    """
    x = np.asarray(values, dtype=float)
    n, t_steps = x.shape
    a = _binary_with_self(adjacency)
    spatial = np.asarray(a @ x)  # sum over the spatial neighbourhood, per step
    card = np.asarray(a.sum(axis=1)).ravel()
    csum = np.cumsum(np.pad(spatial, ((0, 0), (1, 0))), axis=1)
    lo = np.maximum(np.arange(t_steps) - k, 0)
    hi = np.arange(t_steps) + 1
    window_sum = csum[:, hi] - csum[:, lo]
    weight = card[:, None] * (hi - lo)[None, :]
    big_n = x.size
    mean = x.mean()
    std = np.sqrt((x**2).mean() - mean**2)
    if not np.isfinite(std) or std <= 1e-12 * max(1.0, abs(mean)):
        return np.zeros_like(x)
    denom = std * np.sqrt((big_n * weight - weight**2) / (big_n - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (window_sum - mean * weight) / denom
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


def bh_adjust(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (any shape; NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def mann_kendall(series: np.ndarray, chunk: int = 2048) -> tuple[np.ndarray, ...]:
    """Mann-Kendall trend test of each row of ``series``.

    Returns
    -------
    tuple of ndarray
        ``(s, tau, z, p)``: the S statistic, Kendall's tau (S / (n(n-1)/2)), the
        continuity-corrected z with tie-corrected variance, and the two-sided p-value.
    """
    x = np.asarray(series, dtype=float)
    rows, n = x.shape
    s = np.zeros(rows)
    iu = np.triu_indices(n, 1)
    for start in range(0, rows, chunk):
        block = x[start : start + chunk]
        diff = block[:, iu[1]] - block[:, iu[0]]
        s[start : start + chunk] = np.sign(diff).sum(axis=1)
    ordered = np.sort(x, axis=1)
    new_group = np.ones((rows, n), dtype=bool)
    new_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    gid = np.cumsum(new_group, axis=1) - 1
    flat = (np.arange(rows)[:, None] * n + gid).ravel()
    sizes = np.bincount(flat, minlength=rows * n).reshape(rows, n).astype(float)
    ties = (sizes * (sizes - 1) * (2 * sizes + 5)).sum(axis=1)
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var), np.where(s < 0, (s + 1) / np.sqrt(var), 0.0))
    z = np.nan_to_num(z)
    p = 2 * stats.norm.sf(np.abs(z))
    tau = s / (0.5 * n * (n - 1))
    return s, tau, z, p


def classify_series(
    hot: np.ndarray, cold: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray, alpha: float
) -> np.ndarray:
    r"""Pattern names for locations from their significant hot/cold bins and z-score trend.

    Parameters
    ----------
    hot, cold : ndarray of bool, shape (n, T)
        Significant hot / cold spot bins, oldest first.
    trend_z, trend_p : ndarray, shape (n,)
        Mann-Kendall z and p-value of each location's Gi\* z-scores.
    alpha : float
        Significance level of the trend.

    Returns
    -------
    ndarray of str
        e.g. ``"persistent_hot_spot"``, ``"new_cold_spot"``, ``"no_pattern"``.
    """
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    n_loc, t_steps = hot.shape
    labels = np.full(n_loc, NO_PATTERN, dtype=object)
    stages: list[list[tuple[str, np.ndarray]]] = []
    later: list[tuple[str, np.ndarray]] = []
    up = (trend_p < alpha) & (trend_z > 0)
    down = (trend_p < alpha) & (trend_z < 0)
    for sig, other, kind, rising, falling in (
        (hot, cold, "hot", up, down),
        (cold, hot, "cold", down, up),
    ):
        final = sig[:, -1]
        share = sig.sum(axis=1) / t_steps
        # Length of the run of significant bins ending with the final step.
        broken = ~sig[:, ::-1]
        run = np.where(broken.any(axis=1), broken.argmax(axis=1), t_steps)
        before_run = sig.sum(axis=1) - run  # significant bins before that run
        ever_other = other.any(axis=1)
        rules = [
            ("new", final & (sig.sum(axis=1) == 1)),
            ("consecutive", final & (run >= 2) & (before_run == 0) & (share < 0.9)),
            ("intensifying", final & (share >= 0.9) & rising),
            ("persistent", final & (share >= 0.9) & ~rising & ~falling),
            ("diminishing", final & (share >= 0.9) & falling),
            ("sporadic", final & (share < 0.9) & ~ever_other),
            ("oscillating", final & (share < 0.9) & ever_other),
            ("historical", ~final & (share >= 0.9)),
        ]
        stages.append([(f"{name}_{kind}_spot", mask) for name, mask in rules[:-1]])
        later.append((f"historical_{kind}_spot", rules[-1][1]))
    # A location significant in the final step takes a class of that kind first (hot now
    # after a cold history is an oscillating hot spot, not a historical cold spot).
    for name, mask in [*stages[0], *stages[1], *later]:
        pick = (labels == NO_PATTERN) & mask
        labels[pick] = name
    return labels


@dataclass
class EmergingHotspots:
    r"""Emerging hot spot analysis of a locations × time-steps cube (estimator contract).

    Parameters
    ----------
    k : int
        Previous time steps in the space-time neighbourhood (0 = per-step spatial Gi\*).
    alpha : float
        FDR level for a significant hot/cold bin.
    trend_alpha : float
        Significance level of the Mann-Kendall trend.
    fdr : bool
        Adjust bin p-values with Benjamini-Hochberg (else use raw p-values).

    Attributes
    ----------
    z_, p_ : ndarray (n, T)
        Gi\* z-score and (adjusted) p-value of every bin.
    bins_ : ndarray of int8 (n, T)
        +1 significant hot, -1 significant cold, 0 neither.
    trend_tau_, trend_z_, trend_p_ : ndarray (n,)
        Mann-Kendall results on each location's z-scores.
    labels_ : ndarray of str (n,)
        Pattern names (see the module docstring).

    Examples
    --------
    Thirty locations on a line, the first three busy every week:

    >>> import numpy as np
    >>> from scipy import sparse
    >>> line = sparse.diags([np.ones(29), np.ones(29)], [-1, 1])
    >>> cube = np.ones((30, 20)); cube[:3] = 9
    >>> EmergingHotspots().fit(cube, line).labels_[:4].tolist()
    ['persistent_hot_spot', 'persistent_hot_spot', 'persistent_hot_spot', 'no_pattern']
    """

    k: int = 1
    alpha: float = 0.05
    trend_alpha: float = 0.05
    fdr: bool = True

    def fit(self, values: np.ndarray, adjacency) -> EmergingHotspots:
        """Compute bins, trends and classes; return self."""
        x = np.asarray(values, dtype=float)
        if x.ndim != 2 or x.shape[1] < 2:
            raise ValueError("values must be locations × time steps with at least two steps")
        if adjacency.shape != (x.shape[0], x.shape[0]):
            raise ValueError(
                f"adjacency is {adjacency.shape[0]}×{adjacency.shape[1]} but there are "
                f"{x.shape[0]} locations"
            )
        self.z_ = space_time_gi(x, adjacency, self.k)
        p = 2 * stats.norm.sf(np.abs(self.z_))
        self.p_ = bh_adjust(p) if self.fdr else p
        sig = self.p_ <= self.alpha
        self.bins_ = np.where(sig, np.sign(self.z_), 0).astype(np.int8)
        # The first k steps lack part of their time window, so their z-scores are smaller in
        # magnitude; the trend is tested on the steps with a complete window, lest every
        # steady hot spot look intensifying.
        full = self.z_[:, min(self.k, x.shape[1] - 2) :]
        _, self.trend_tau_, self.trend_z_, self.trend_p_ = mann_kendall(full)
        self.labels_ = classify_series(
            self.bins_ > 0, self.bins_ < 0, self.trend_z_, self.trend_p_, self.trend_alpha
        )
        return self
