"""Where issues cluster: counts and rates per grid, Getis-Ord Gi*, emerging hot spots, KDE.

Array kernels and estimators (:class:`GiStar`, :class:`KernelDensity`,
:class:`gisgrid.emerging.EmergingHotspots`) take numpy arrays and weights; :func:`hotspots`
is the project adapter the CLI and the app call.

Gi* (Getis & Ord 1992; Ord & Getis 1995) is esda's ``G_Local(star=True)`` on **binary**
weights (libpysal Queen contiguity by default, or a distance band), with the grid itself in
its neighbourhood; ``gi_z`` is esda's analytical ``Zs``.

p-values come from permutations (``permutations``, reproducible with ``seed``), by one of two
randomisation schemes:

* ``"total"`` (default): the whole map of values is permuted and every grid's neighbourhood
  sum recomputed (one sparse product per batch of permutations). This is the randomisation
  under which Getis and Ord derive the moments of Gi*, so it tests the same thing as the
  z-score: a grid with many issues in a busy neighbourhood is a hot spot.
* ``"conditional"``: esda's conditional randomisation, which keeps the grid's own value
  fixed and permutes only its neighbours (Anselin 1995). For Gi* that makes the grid's own
  count irrelevant to its p-value — the industrial-park grid with 121 issues and ordinary
  neighbours is "not significant" — which is why it is not the default.

In both, each tail counts its ties (a simulated sum equal to the observed one):
``p_hot = (1 + #{sim >= obs}) / (P + 1)``, ``p_cold = (1 + #{sim <= obs}) / (P + 1)``, two-
sided ``p = min(1, 2 * min(p_hot, p_cold))``. esda's own ``p_sim`` folds the tails and puts
ties on the "larger" side only, so with issue counts (many zeros, many exact ties) quiet grids
come out as significant *cold* spots; without ties the conditional p equals ``2 * p_sim``.
With ``fdr`` the p-values are adjusted by Benjamini-Hochberg over all grids before classing:
``gi_class`` = ±3 (adjusted p <= 0.01), ±2 (<= 0.05), ±1 (<= 0.10), 0 otherwise, signed by
the smaller tail. Permutation p-values cannot go below 2/(P+1): with FDR over hundreds of
grids use enough permutations (default 99,999; cheap, see :meth:`GiStar._total`), or 99 %
is out of reach.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage, sparse

from gisgrid.assign import locate_xy
from gisgrid.emerging import EmergingHotspots, bh_adjust
from gisgrid.errors import InputError
from gisgrid.privacy import mask_citizen_text, personal_names
from gisgrid.progress import stepper

__all__ = [
    "CLASS_LABELS",
    "GiStar",
    "HotspotParams",
    "HotspotResult",
    "KernelDensity",
    "MIN_STEPS",
    "contiguity",
    "distance_band",
    "gi_classes",
    "hotspots",
]

#: gi_class → label (Esri's wording in Chinese and English).
CLASS_LABELS = {
    3: "热点 99% Hot Spot - 99% Confidence",
    2: "热点 95% Hot Spot - 95% Confidence",
    1: "热点 90% Hot Spot - 90% Confidence",
    0: "不显著 Not Significant",
    -1: "冷点 90% Cold Spot - 90% Confidence",
    -2: "冷点 95% Cold Spot - 95% Confidence",
    -3: "冷点 99% Cold Spot - 99% Confidence",
}
#: Time steps the emerging hot spot analysis needs at least (fewer: no trend classes).
MIN_STEPS = 4
_SIM_CELLS = 2e7  # simulated values held at once (160 MB); more permutations run in batches
LEVEL_LAYER = {"small": "grids_small", "large": "grids_large", "micro": "grids_micro"}


def gi_classes(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Classes -3 … 3 from z-scores and (two-sided, maybe adjusted) p-values."""
    z, p = np.asarray(z, float), np.asarray(p, float)
    level = np.select([p <= 0.01, p <= 0.05, p <= 0.10], [3, 2, 1], 0)
    return (np.sign(np.nan_to_num(z)) * level).astype(np.int8)


# -- weights --------------------------------------------------------------------------------
#: libpysal's warnings about the shape of the weights (islands, disconnected components).
_WEIGHTS_WORDS = r"(?s).*(not fully connected|islands?)"


def contiguity(polygons: np.ndarray):
    """Return libpysal Queen contiguity weights of ``polygons`` (shared edge or vertex)."""
    from libpysal.weights import Queen

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands are reported by the caller
        frame = gpd.GeoDataFrame(geometry=list(polygons))
        return Queen.from_dataframe(frame, use_index=False, silence_warnings=True)


def distance_band(x: np.ndarray, y: np.ndarray, threshold_m: float):
    """Binary distance-band weights on metric coordinates (neighbours within ``threshold_m``)."""
    from libpysal.weights import DistanceBand

    if not threshold_m or threshold_m <= 0:
        raise InputError("the distance band must be a positive number of metres")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return DistanceBand(
            np.column_stack([x, y]),
            threshold=float(threshold_m),
            binary=True,
            silence_warnings=True,
        )


# -- estimators -----------------------------------------------------------------------------
@dataclass
class GiStar:
    """Local Getis-Ord Gi* with permutation inference and FDR (estimator contract).

    Parameters
    ----------
    permutations : int
        Random permutations (0 = analytical normal p-values only).
    seed : int, optional
        Makes the permutations reproducible.
    fdr : bool
        Adjust p-values by Benjamini-Hochberg before classing.
    randomization : str
        ``"total"`` (permute the whole map) or ``"conditional"`` (esda's: the grid's own value
        fixed); see the module docstring.

    Attributes
    ----------
    z_ : ndarray
        Analytical z-scores (esda ``Zs``).
    p_ : ndarray
        Two-sided p-values (permutation-based when ``permutations`` > 0).
    q_ : ndarray
        FDR-adjusted p-values (equal to ``p_`` when ``fdr`` is False).
    classes_ : ndarray of int8
        -3 … 3 (see :data:`CLASS_LABELS`).

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> y = np.ones((10, 10)); y[2:5, 2:5] = 10  # a 3×3 cluster on a 10×10 lattice
    >>> gi = GiStar(permutations=9999, seed=1).fit(y.ravel(), lat2W(10, 10, rook=False))
    >>> int(gi.classes_[33]), int(gi.classes_[0])  # its centre: 99 %; a far corner: nothing
    (3, 0)
    """

    permutations: int = 99999
    seed: int | None = 12345
    fdr: bool = True
    randomization: str = "total"

    def fit(self, y: np.ndarray, w) -> GiStar:
        """Compute Gi* for values ``y`` on weights ``w`` (libpysal W); return self."""
        if self.randomization not in ("total", "conditional"):
            raise ValueError(f"randomization {self.randomization!r}: total or conditional")
        y = np.asarray(y, dtype=float)
        if len(y) != w.n:
            raise ValueError(f"{len(y)} values but the weights have {w.n} units")
        if len(y) < 3 or np.nanstd(y) == 0:
            self.z_ = np.zeros(len(y))
            self.p_ = np.ones(len(y))
            sign = np.zeros(len(y))
        else:
            conditional = self.randomization == "conditional"
            g = self._esda(y, w, self.permutations if conditional else 0, self.seed)
            self.z_ = np.nan_to_num(np.asarray(g[0].Zs, dtype=float))
            if not self.permutations:
                self.p_ = 2.0 * np.asarray(g[0].p_norm, dtype=float)
                sign = np.sign(self.z_)
            else:
                ge, le = g[1:] if conditional else self._total(y, g[0].w)
                self.p_, sign = _two_sided(ge, le, self.permutations)
        self.q_ = bh_adjust(self.p_) if self.fdr else self.p_.copy()
        self.classes_ = gi_classes(sign, self.q_)
        return self

    def _total(self, y: np.ndarray, w_star) -> tuple[np.ndarray, np.ndarray]:
        """Tail counts under permutation of the whole map.

        With binary weights, a grid's neighbourhood sum under a random permutation of the map
        is the sum of a uniformly random subset of the values whose size is the
        neighbourhood's (the grid included). So one set of P random subsets of the largest
        size serves every grid: its prefixes are random subsets of every smaller size, and
        each grid is ranked against the sums of its own size. The p-values are exact
        permutation p-values for each grid (the grids share their random draws, as esda's
        conditional randomisation does).
        """
        a = sparse.csr_matrix(w_star.sparse, dtype=float)
        obs = a @ y
        sizes = np.diff(a.indptr)  # neighbourhood sizes, the grid itself included
        draws = _random_subsets(len(y), int(sizes.max()), self.permutations, self.seed)
        sums = np.cumsum(y[draws], axis=1)  # P × K: column k-1 holds sums of k values
        tol = 1e-9 * np.abs(obs) + 1e-12
        ge = np.zeros(len(y))
        le = np.zeros(len(y))
        for k in np.unique(sizes):
            col = np.sort(sums[:, k - 1])
            sel = sizes == k
            ge[sel] = len(col) - np.searchsorted(col, obs[sel] - tol[sel], side="left")
            le[sel] = np.searchsorted(col, obs[sel] + tol[sel], side="right")
        return ge, le

    @staticmethod
    def _esda(y: np.ndarray, w, perms: int, seed: int | None):
        """Run esda's G_Local; with ``perms``, also the conditional tail counts (batched)."""
        import esda

        ge = np.zeros(len(y))
        le = np.zeros(len(y))
        batch = max(1, min(perms, int(_SIM_CELLS // len(y)))) if perms else 0
        done, round_, first = 0, 0, None
        while first is None or done < perms:
            m = min(batch, perms - done)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                warnings.simplefilter("ignore", DeprecationWarning)  # esda's crand notice
                # esda rebuilds the weights; libpysal's word on islands and disconnected
                # parts is said in plain words by hotspots() (HotspotResult.warnings)
                warnings.filterwarnings("ignore", _WEIGHTS_WORDS, UserWarning)
                g = esda.G_Local(
                    y, w, transform="B", star=True, permutations=m,
                    seed=None if seed is None else int(seed) + round_,
                    keep_simulations=bool(m), n_jobs=1,
                )  # fmt: skip
            first = first or g
            if m:
                sims = np.asarray(g.rGs, dtype=float).reshape(len(y), m)
                obs = np.asarray(g.Gs, dtype=float)[:, None]
                tol = 1e-9 * np.abs(obs) + 1e-15
                ge += (sims >= obs - tol).sum(axis=1)
                le += (sims <= obs + tol).sum(axis=1)
            done += m
            round_ += 1
        return first, ge, le


def _random_subsets(n: int, k: int, count: int, seed: int | None) -> np.ndarray:
    """``count`` uniformly random ordered ``k``-subsets of ``range(n)`` (rows, no repeats)."""
    rng = np.random.default_rng(seed)
    if k * k > n or count * n <= 2_000_000:  # small maps: shuffle whole rows
        rows = []
        for start in range(0, count, max(1, int(_SIM_CELLS // n))):
            m = min(count - start, max(1, int(_SIM_CELLS // n)))
            rows.append(rng.permuted(np.broadcast_to(np.arange(n), (m, n)), axis=1)[:, :k])
        return np.concatenate(rows)
    # Large maps: draw with replacement and redraw the rare rows holding a repeat; given no
    # repeat, an ordered draw with replacement is uniform over ordered distinct k-tuples.
    draws = rng.integers(0, n, (count, k))
    while True:
        ordered = np.sort(draws, axis=1)
        bad = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
        if not bad.any():
            return draws
        draws[bad] = rng.integers(0, n, (int(bad.sum()), k))


def _two_sided(ge: np.ndarray, le: np.ndarray, perms: int) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided permutation p-value and the sign of the smaller tail."""
    p_hot = (1.0 + ge) / (perms + 1.0)
    p_cold = (1.0 + le) / (perms + 1.0)
    p = np.minimum(1.0, 2.0 * np.minimum(p_hot, p_cold))
    sign = np.where(p_hot < p_cold, 1.0, np.where(p_cold < p_hot, -1.0, 0.0))
    return p, sign


@dataclass
class KernelDensity:
    """Gaussian kernel density of points on a metric raster (binned, then smoothed).

    Points are counted into square cells of ``cell_m`` metres and smoothed with a Gaussian
    filter of standard deviation ``bandwidth_m`` (``scipy.ndimage.gaussian_filter``, which
    equals a Gaussian KDE evaluated at cell centres up to the binning). Without a bandwidth,
    Scott's rule for two dimensions is used: ``h = n^(-1/6) * mean(std_x, std_y)``, at least
    two cells. Values are points per km².

    Attributes
    ----------
    array_ : ndarray (rows, cols)
        Density, north row first.
    transform_ : tuple
        Affine ``(a, b, c, d, e, f)``: x = a*col + b*row + c, y = d*col + e*row + f at cell
        corners (the rasterio/GDAL order).
    bandwidth_ : float
        Bandwidth used, metres.
    """

    cell_m: float = 50.0
    bandwidth_m: float | None = None
    max_cells: int = 4_000_000

    def fit(self, x: np.ndarray, y: np.ndarray, bounds=None) -> KernelDensity:
        """Estimate the surface of points ``(x, y)`` (metres) over ``bounds`` or their extent."""
        x, y = np.asarray(x, float), np.asarray(y, float)
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
        if len(x) == 0:
            raise InputError("no located issues to draw a density surface from")
        h = self.bandwidth_m
        if h is None:
            spread = np.mean([np.std(x), np.std(y)]) if len(x) > 1 else 0.0
            h = len(x) ** (-1 / 6) * spread
        h = max(float(h), 2 * self.cell_m)
        pad = 3 * h
        x0, y0, x1, y1 = bounds if bounds is not None else (x.min(), y.min(), x.max(), y.max())
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        cell = float(self.cell_m)
        cols = int(np.ceil((x1 - x0) / cell))
        rows = int(np.ceil((y1 - y0) / cell))
        if rows * cols > self.max_cells:
            cell = float(np.sqrt((x1 - x0) * (y1 - y0) / self.max_cells))
            cols, rows = int(np.ceil((x1 - x0) / cell)), int(np.ceil((y1 - y0) / cell))
        col = np.clip(((x - x0) / cell).astype(int), 0, cols - 1)
        row = np.clip(((y1 - y) / cell).astype(int), 0, rows - 1)
        counts = np.zeros((rows, cols))
        np.add.at(counts, (row, col), 1.0)
        smooth = ndimage.gaussian_filter(counts, sigma=h / cell, mode="constant", truncate=4.0)
        self.array_ = smooth / (cell * cell) * 1e6
        self.transform_ = (cell, 0.0, x0, 0.0, -cell, y1)
        self.bandwidth_ = h
        self.cell_ = cell
        return self


# -- the project adapter ------------------------------------------------------------------------
@dataclass
class HotspotParams:
    """What :func:`hotspots` computes.

    Parameters
    ----------
    date_from, date_to : date, optional
        Issues received in this period (inclusive); default all.
    level : str
        Grid level: ``small`` (default), ``large`` or ``micro``.
    categories : list of str, optional
        Only these categories.
    value : str
        ``count`` (default) or ``rate`` (per 100 households) as the Gi* variable.
    weights : str
        ``queen`` (default) or ``distance`` (with ``distance_m``).
    distance_m : float, optional
        Distance band between grid centroids, metres.
    permutations, seed, fdr, randomization
        See :class:`GiStar`.
    emerging : bool
        Run the emerging hot spot analysis over weekly bins.
    bin_days : int
        Days per time step (7 = weeks), counted back from ``date_to``.
    time_steps_k, alpha, trend_alpha
        See :class:`gisgrid.emerging.EmergingHotspots`.
    kde_cell_m, kde_bandwidth_m
        See :class:`KernelDensity`.
    """

    date_from: date | None = None
    date_to: date | None = None
    level: str = "small"
    categories: list[str] | None = None
    value: str = "count"
    weights: str = "queen"
    distance_m: float | None = None
    permutations: int = 99999
    seed: int | None = 12345
    fdr: bool = True
    randomization: str = "total"
    emerging: bool = True
    bin_days: int = 7
    time_steps_k: int = 1
    alpha: float = 0.05
    trend_alpha: float = 0.05
    kde: bool = True
    kde_cell_m: float = 50.0
    kde_bandwidth_m: float | None = None


@dataclass
class HotspotResult:
    """Figures per grid, the weekly cube and the density surface.

    Attributes
    ----------
    grids : GeoDataFrame
        One row per grid (EPSG:4490): ``code``, ``name``, ``count``, ``households``,
        ``rate``, ``gi_z``, ``gi_p``, ``gi_q``, ``gi_class``, ``trend``, ``trend_tau``,
        ``trend_p``, ``last_week``, ``prev_week``, ``change``.
    weeks : list of (date, date)
        First and last day of each time step.
    cube : ndarray (grids × steps)
        Issue counts per time step.
    emerging : EmergingHotspots or None
    density : KernelDensity or None
        In ``crs`` metres.
    """

    params: dict[str, Any]
    grids: gpd.GeoDataFrame
    issues: gpd.GeoDataFrame
    weeks: list[tuple[date, date]]
    cube: np.ndarray
    emerging: EmergingHotspots | None
    density: KernelDensity | None
    crs: Any
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"params", "grids": [{code, count, households, rate, gi_z, …}], …}``."""
        cols = ["code", "name", "count", "households", "rate", "gi_z", "gi_p", "gi_q"]
        cols += ["gi_class", "trend", "change"]
        table = pd.DataFrame(self.grids[cols])
        for c in ("rate", "gi_z", "gi_p", "gi_q"):
            table[c] = table[c].astype(float).round(6)
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        summary = self.grids["gi_class"].value_counts().sort_index(ascending=False)
        trends = self.grids["trend"].dropna().value_counts()
        return {
            "params": self.params,
            "weeks": [[a.isoformat(), b.isoformat()] for a, b in self.weeks],
            "summary": {
                "issues": int(self.grids["count"].sum()),
                "gi_class": {str(int(k)): int(v) for k, v in summary.items()},
                "trend": {str(k): int(v) for k, v in trends.items()},
            },
            "warnings": list(self.warnings),
            "grids": records,
        }

def _select_issues(project: Any, params: HotspotParams) -> tuple[gpd.GeoDataFrame, date, date]:
    issues = project.layer("issues")
    if len(issues) == 0:
        raise InputError("the project has no issues; import some with `gisgrid issues import`")
    rep = pd.to_datetime(issues["reported_at"])
    first = params.date_from or rep.min().date()
    last = params.date_to or rep.max().date()
    if first > last:
        raise InputError(f"--from {first} is after --to {last}")
    keep = (rep >= pd.Timestamp(first)) & (rep < pd.Timestamp(last) + pd.Timedelta(days=1))
    if params.categories:
        unknown = set(params.categories) - set(project.meta.categories) - {"其他"}
        if unknown:
            raise InputError(
                f"unknown category {sorted(unknown)[0]!r}; the project's categories are "
                f"{', '.join(project.meta.categories)}"
            )
        keep &= issues["category"].isin(params.categories)
    chosen = issues[keep.to_numpy()]
    if len(chosen) == 0:
        raise InputError(f"no issues between {first} and {last}; choose other dates or categories")
    return chosen, first, last


def _weights(grids_m: gpd.GeoDataFrame, params: HotspotParams, notes: list[str]):
    if params.weights == "queen":
        w = contiguity(grids_m.geometry.to_numpy())
    elif params.weights == "distance":
        if params.distance_m is None:
            raise InputError("distance weights need a band: give distance_m (metres)")
        c = shapely.centroid(grids_m.geometry.to_numpy())
        w = distance_band(shapely.get_x(c), shapely.get_y(c), params.distance_m)
    else:
        raise InputError(f"weights {params.weights!r}: choose queen or distance")
    islands = list(getattr(w, "islands", []) or [])
    if islands:
        codes = grids_m["code"].astype(str).to_numpy()[islands[:5]]
        notes.append(
            f"{len(islands)} grid(s) have no neighbours (e.g. {', '.join(codes)}); their Gi* "
            "uses only themselves"
        )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _WEIGHTS_WORDS, UserWarning)
        parts = int(getattr(w, "n_components", 1) or 1) - len(islands)
    if parts > 1:
        notes.append(
            f"the grids form {parts} groups that do not touch each other (e.g. separate "
            "towns or a grid set apart); Gi* compares each grid only with its own group"
        )
    return w


def _bins(first: date, last: date, days: int) -> list[tuple[date, date]]:
    """Return steps of ``days`` days counted back from ``last``; a partial first step is dropped."""
    out = []
    end = last
    while end - timedelta(days=days - 1) >= first:
        out.append((end - timedelta(days=days - 1), end))
        end -= timedelta(days=days)
    return out[::-1]


def hotspots(
    project: Any,
    params: HotspotParams | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> HotspotResult:
    """Compute counts, rates, Gi*, emerging hot spots, density and weekly change per grid.

    Raises
    ------
    InputError
        No grids at the level, no issues in the period, unknown category or weights.
    Cancelled
        When ``cancelled()`` turned True.
    """
    params = params or HotspotParams()
    step = stepper(progress, cancelled)
    notes: list[str] = []
    if params.level not in LEVEL_LAYER:
        raise InputError(f"--level {params.level!r}: choose small, large or micro")
    if params.value not in ("count", "rate"):
        raise InputError(f"value {params.value!r}: choose count or rate")
    layer = LEVEL_LAYER[params.level]
    grids = project.layer(layer)
    if len(grids) == 0:
        raise InputError(f"the project has no {layer}; import or draw the grids first")
    step(0.02, "selecting issues")
    issues, first, last = _select_issues(project, params)
    crs = project.metric_crs
    grids_m = grids.to_crs(crs).reset_index(drop=True)
    polys = grids.geometry.to_numpy()
    step(0.08, "issues → grids")
    pts = issues.geometry.to_numpy()
    has = ~(shapely.is_missing(pts) | shapely.is_empty(pts))
    idx = np.full(len(issues), -1)
    if has.any():
        idx[has] = locate_xy(shapely.get_x(pts[has]), shapely.get_y(pts[has]), polys)
    outside = int((idx < 0).sum())
    if outside:
        notes.append(f"{outside} 件诉求无位置或不在网格内，未计入热点分析")
    n = len(grids)
    counts = np.bincount(idx[idx >= 0], minlength=n).astype(float)
    hh = project.layer("households")
    hh_pts = hh.geometry.to_numpy() if len(hh) else np.zeros(0, object)
    hh_idx = locate_xy(shapely.get_x(hh_pts), shapely.get_y(hh_pts), polys) if len(hh) else []
    hh_idx = np.asarray(hh_idx, dtype=int)  # no households: an empty int array for bincount
    households = np.bincount(np.asarray(hh_idx)[np.asarray(hh_idx) >= 0], minlength=n)
    if params.value == "rate" and not households.any():
        raise InputError(
            "没有住户数据，无法按户计算诉求率；请先导入住户，或用 --value count"
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(households > 0, 100.0 * counts / households, np.nan)
    step(0.15, "neighbours")
    w = _weights(grids_m, params, notes)
    step(0.35, "Gi*")
    y = counts if params.value == "count" else np.nan_to_num(rate)
    if params.randomization not in ("total", "conditional"):
        raise InputError(f"randomization {params.randomization!r}: choose total or conditional")
    gi = GiStar(params.permutations, params.seed, params.fdr, params.randomization).fit(y, w)
    if params.permutations and params.fdr:
        floor = 2.0 / (params.permutations + 1)
        at_floor = int((gi.p_ <= floor * (1 + 1e-9)).sum())
        if at_floor and (gi.q_[gi.p_ <= floor * (1 + 1e-9)] > 0.01).any():
            notes.append(
                f"{at_floor} grid(s) reached the smallest p-value {params.permutations} "
                "permutations can give; after the FDR correction they cannot reach 99 % — "
                "run more permutations (e.g. 10 times as many) to tell them apart"
            )
    step(0.65, "weekly bins")
    # Steps before the ledger's first record hold no data, not zero issues: counting them would
    # make every grid busy in the first weeks of data a "new hot spot".
    ledger_start = pd.to_datetime(project.layer("issues")["reported_at"]).min()
    observed = max(first, ledger_start.date()) if pd.notna(ledger_start) else first
    weeks = _bins(observed, last, params.bin_days)
    rep = pd.to_datetime(issues["reported_at"]).dt.normalize().to_numpy()
    cube = np.zeros((n, len(weeks)))
    if weeks:
        start = np.datetime64(weeks[0][0], "D")
        step_no = ((rep.astype("datetime64[D]") - start).astype(int)) // params.bin_days
        ok = (idx >= 0) & (step_no >= 0) & (step_no < len(weeks))
        np.add.at(cube, (idx[ok], step_no[ok]), 1.0)
    emerging = None
    trend = np.full(n, None, dtype=object)
    if params.emerging and len(weeks) >= MIN_STEPS:
        emerging = EmergingHotspots(
            params.time_steps_k, params.alpha, params.trend_alpha, params.fdr
        ).fit(cube, w.sparse)
        trend = emerging.labels_
    elif params.emerging:
        since = f"（诉求记录自 {observed} 起）" if observed > first else ""
        notes.append(
            f"时段过短，未做时空热点趋势分析：需至少 {MIN_STEPS} 个 {params.bin_days} 天的"
            f"完整时段，{first} 至 {last}{since}只有 {len(weeks)} 个；只按 Gi* 判断热点"
        )
    last_week = cube[:, -1] if weeks else np.zeros(n)
    prev_week = cube[:, -2] if len(weeks) > 1 else np.full(n, np.nan)
    density = None
    if params.kde and has.any():
        step(0.85, "density")
        metric = issues[has].to_crs(crs).geometry.to_numpy()
        mx, my = shapely.get_x(metric), shapely.get_y(metric)
        density = KernelDensity(params.kde_cell_m, params.kde_bandwidth_m).fit(
            mx, my, tuple(grids_m.total_bounds)
        )
    out = gpd.GeoDataFrame(
        {
            "code": grids["code"].astype(str).to_numpy(),
            "name": grids["name"].astype(object).to_numpy(),
            "count": counts.astype(int),
            "households": households.astype(int),
            "rate": rate,
            "gi_z": gi.z_,
            "gi_p": gi.p_,
            "gi_q": gi.q_,
            "gi_class": gi.classes_.astype(int),
            "trend": trend,
            "trend_tau": emerging.trend_tau_ if emerging is not None else np.nan,
            "trend_p": emerging.trend_p_ if emerging is not None else np.nan,
            "last_week": last_week.astype(int),
            "prev_week": prev_week,
            "change": last_week - prev_week,
        },
        geometry=polys,
        crs=grids.crs,
    )
    step(0.98, "done")
    record = asdict(params)
    record.update(date_from=first.isoformat(), date_to=last.isoformat(), crs=crs.to_string())
    return HotspotResult(
        params=record,
        grids=out,
        # citizens' text leaves the core with phone/ID numbers and residents' names masked
        issues=mask_citizen_text(issues.assign(_grid=idx), personal_names(project)),
        weeks=weeks,
        cube=cube,
        emerging=emerging,
        density=density,
        crs=crs,
        warnings=notes,
    )

