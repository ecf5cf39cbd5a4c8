"""How a layer looks, as data, and the pure function that turns features into colours.

:func:`feature_colors` is the single style encoding shared by every renderer (the Qt canvas,
the folium export and the QGIS QML writer), so the desktop map, the HTML and QGIS cannot drift
apart. Colours are ``'#rrggbb'`` strings; nothing here knows about Qt.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import numpy as np
import pandas as pd

from gisgrid.errors import InputError

StyleKind = Literal["single", "categorized", "graduated"]
Scheme = Literal["natural_breaks", "quantiles", "equal_interval"]
Marker = Literal["circle", "square", "triangle", "diamond"]

KINDS: tuple[str, ...] = ("single", "categorized", "graduated")
SCHEMES: tuple[str, ...] = ("natural_breaks", "quantiles", "equal_interval")
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond")
NO_DATA_COLOR = "#bdbdbd"
NO_DATA_LABEL = "(空)"
NATURAL_BREAKS_SAMPLE = 3_000  # natural breaks are computed on a sample beyond this (as QGIS)

#: Qualitative palettes (ColorBrewer Set3 / Pastel1 / Set1 / Dark2), for categories.
QUALITATIVE: dict[str, list[str]] = {
    "pastel": [
        "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
        "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
    ],
    "soft": [
        "#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc",
        "#e5d8bd", "#fddaec", "#f2f2f2",
    ],
    "bold": [
        "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628",
        "#f781bf", "#999999", "#dede00",
    ],
    "dark": ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"],
}  # fmt: skip

#: Sequential palettes (ColorBrewer, light to dark), interpolated to the number of classes.
SEQUENTIAL: dict[str, list[str]] = {
    "reds": ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],
    "blues": ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    "greens": ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"],
    "ylorrd": ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    "purples": ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
}

PALETTES: dict[str, list[str]] = {**QUALITATIVE, **SEQUENTIAL}


@dataclass(frozen=True)
class LayerStyle:
    """The look of a map layer.

    Parameters
    ----------
    kind : {"single", "categorized", "graduated"}
        One colour for all; one colour per distinct value of ``field``; or classes of the
        numeric ``field`` by ``scheme``.
    field : str or None
        Column that drives categorized / graduated colours.
    scheme : {"natural_breaks", "quantiles", "equal_interval"}
        Classification (mapclassify) for graduated styles.
    k : int
        Number of classes for graduated styles.
    color : str
        Fill (polygons) or marker (points) colour of a single style, ``'#rrggbb'``.
    filled : bool
        False draws polygons as outlines only.
    palette : str
        Name of a palette in :data:`PALETTES`: qualitative for categories, sequential for
        classes.
    outline_color, outline_width : str, float
        Outline colour and width in pixels (points: the marker's edge).
    point_size : float
        Marker diameter in pixels.
    marker : {"circle", "square", "triangle", "diamond"}
        Marker shape of point layers.
    label_field : str or None
        Column whose values label the features, or None for no labels.

    Examples
    --------
    >>> LayerStyle(kind="categorized", field="category", palette="bold").kind
    'categorized'
    """

    kind: StyleKind = "single"
    field: str | None = None
    scheme: Scheme = "natural_breaks"
    k: int = 5
    color: str = "#9ecae1"
    filled: bool = True
    palette: str = "pastel"
    outline_color: str = "#555555"
    outline_width: float = 0.8
    point_size: float = 4.0
    marker: Marker = "circle"
    label_field: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"style kind {self.kind!r} is unknown; choose one of {KINDS}")
        if self.kind != "single" and not self.field:
            raise InputError(f"a {self.kind} style needs a field to classify by")
        if self.scheme not in SCHEMES:
            raise InputError(f"classification {self.scheme!r} is unknown; choose from {SCHEMES}")
        if not 2 <= int(self.k) <= 12:
            raise InputError(f"number of classes {self.k} must be between 2 and 12")
        if self.palette not in PALETTES:
            raise InputError(f"palette {self.palette!r} is unknown; choose from {list(PALETTES)}")
        if self.marker not in MARKERS:
            raise InputError(f"marker {self.marker!r} is unknown; choose from {MARKERS}")
        for name in ("color", "outline_color"):
            _check_hex(getattr(self, name), name)

    def to_dict(self) -> dict[str, Any]:
        """Return the style as plain JSON-able values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LayerStyle:
        """Build a style from :meth:`to_dict` output, ignoring keys it does not know."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class StyleResult:
    """Colours per feature plus legend entries, as returned by :func:`feature_colors`."""

    colors: np.ndarray
    legend: list[tuple[str, str]] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)  # upper bounds of graduated classes

    def __iter__(self):  # allows ``colors, legend = feature_colors(...)``
        return iter((self.colors, self.legend))


def feature_colors(style: LayerStyle, frame: pd.DataFrame) -> StyleResult:
    """Colour each feature of ``frame`` by ``style``.

    Parameters
    ----------
    style : LayerStyle
        The encoding.
    frame : DataFrame
        The features; must hold ``style.field`` for categorized / graduated styles.

    Returns
    -------
    StyleResult
        ``colors`` (object array of ``'#rrggbb'``, one per row), ``legend`` (list of
        ``(label, colour)``) and, for graduated styles, ``breaks``. Unpacks as
        ``colors, legend``.

    Raises
    ------
    InputError
        If the field is missing, or is not numeric for a graduated style.

    Examples
    --------
    >>> import pandas as pd
    >>> s = LayerStyle(kind="categorized", field="c", palette="bold")
    >>> colors, legend = feature_colors(s, pd.DataFrame({"c": ["a", "b", "a"]}))
    >>> list(colors), legend
    (['#e41a1c', '#377eb8', '#e41a1c'], [('a', '#e41a1c'), ('b', '#377eb8')])
    """
    n = len(frame)
    if style.kind == "single":
        return StyleResult(np.full(n, style.color, dtype=object), [("", style.color)])
    if style.field not in frame.columns:
        raise InputError(
            f"style field {style.field!r} is not a column of this layer; "
            f"choose one of {[c for c in frame.columns if c != 'geometry']}"
        )
    if style.kind == "categorized":
        return _categorized(style, frame[style.field])
    return _graduated(style, frame[style.field])


def categories_of(values: pd.Series) -> list[str]:
    """Distinct non-empty values of ``values`` as text, sorted (the categorized order)."""
    text = _as_text(values)
    return sorted({v for v in text if v != NO_DATA_LABEL})


def _categorized(style: LayerStyle, values: pd.Series) -> StyleResult:
    text = _as_text(values)
    cats = categories_of(values)
    palette = PALETTES[style.palette]
    lookup = {c: palette[i % len(palette)] for i, c in enumerate(cats)}
    colors = np.array([lookup.get(v, NO_DATA_COLOR) for v in text], dtype=object)
    legend = [(c, lookup[c]) for c in cats]
    if (text == NO_DATA_LABEL).any():
        legend.append((NO_DATA_LABEL, NO_DATA_COLOR))
    return StyleResult(colors, legend)


def class_breaks(style: LayerStyle, values: pd.Series) -> list[float]:
    """Upper bounds of the graduated classes of ``values`` (mapclassify, by ``style.scheme``).

    Natural breaks of more than :data:`NATURAL_BREAKS_SAMPLE` values are computed on a
    reproducible random sample that includes the minimum and maximum.

    Raises
    ------
    InputError
        If ``values`` are not numeric.
    """
    import mapclassify

    numeric = _numeric(style, values)
    finite = numeric[np.isfinite(numeric)]
    if finite.size == 0:
        return []
    k = min(int(style.k), int(np.unique(finite).size))
    if k < 2:
        return [float(finite.max())]
    classifier = {
        "natural_breaks": mapclassify.NaturalBreaks,
        "quantiles": mapclassify.Quantiles,
        "equal_interval": mapclassify.EqualInterval,
    }[style.scheme]
    values = finite
    if style.scheme == "natural_breaks" and finite.size > NATURAL_BREAKS_SAMPLE:
        # Natural breaks cost grows fast with n (7 s for 300,000 values); like QGIS, classify
        # a fixed random sample (reproducible) that keeps the extremes.
        rng = np.random.default_rng(0)
        sample = rng.choice(finite, NATURAL_BREAKS_SAMPLE - 2, replace=False)
        values = np.concatenate([sample, [finite.min(), finite.max()]])
    state = np.random.get_state()  # mapclassify's natural breaks draw from the global RNG
    np.random.seed(0)  # same data, same classes, on every run and in QGIS and the HTML map
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns when classes collapse
            options = {"initial": 3} if style.scheme == "natural_breaks" else {}  # 6× faster
            bins = classifier(values, k=k, **options).bins
    finally:
        np.random.set_state(state)
    return [float(b) for b in np.unique(bins)]


def _graduated(style: LayerStyle, values: pd.Series) -> StyleResult:
    numeric = _numeric(style, values)
    breaks = class_breaks(style, values)
    colors = np.full(len(numeric), NO_DATA_COLOR, dtype=object)
    if not breaks:
        return StyleResult(colors, [(NO_DATA_LABEL, NO_DATA_COLOR)], [])
    ramp = ramp_colors(style.palette, len(breaks))
    finite = np.isfinite(numeric)
    idx = np.searchsorted(np.asarray(breaks), numeric[finite], side="left")
    colors[finite] = np.asarray(ramp, dtype=object)[np.clip(idx, 0, len(breaks) - 1)]
    lower = float(numeric[finite].min())
    legend = []
    for i, upper in enumerate(breaks):
        lo = lower if i == 0 else breaks[i - 1]
        legend.append((f"{_fmt(lo)} – {_fmt(upper)}", ramp[i]))
    if (~finite).any():
        legend.append((NO_DATA_LABEL, NO_DATA_COLOR))
    return StyleResult(colors, legend, breaks)


def ramp_colors(palette: str, n: int) -> list[str]:
    """Return ``n`` colours spread along ``palette`` (interpolated in RGB).

    Examples
    --------
    >>> ramp_colors("reds", 2)
    ['#fee5d9', '#a50f15']
    """
    stops = np.array([hex_to_rgb(c) for c in PALETTES[palette]], dtype=float)
    if n <= 1:
        return [PALETTES[palette][-1]]
    pos = np.linspace(0, len(stops) - 1, n)
    out = []
    for p in pos:
        i = min(int(np.floor(p)), len(stops) - 2)
        t = p - i
        rgb = stops[i] * (1 - t) + stops[i + 1] * t
        out.append(rgb_to_hex(rgb))
    return out


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``'#rrggbb'`` → ``(r, g, b)``."""
    _check_hex(color, "colour")
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def rgb_to_hex(rgb: Any) -> str:
    """``(r, g, b)`` (0–255, floats rounded) → ``'#rrggbb'``."""
    r, g, b = (int(round(float(v))) for v in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _check_hex(color: object, name: str) -> None:
    ok = isinstance(color, str) and len(color) == 7 and color[0] == "#"
    if ok:
        try:
            int(color[1:], 16)
        except ValueError:
            ok = False
    if not ok:
        raise InputError(f"{name} {color!r} is not a colour like '#3182bd'")


def _as_text(values: pd.Series) -> np.ndarray:
    out = values.astype(object).where(values.notna(), None).to_numpy()
    return np.array(
        [NO_DATA_LABEL if v is None or (isinstance(v, str) and not v.strip()) else str(v)
         for v in out],
        dtype=object,
    )  # fmt: skip


def _numeric(style: LayerStyle, values: pd.Series) -> np.ndarray:
    if values.dtype != bool and pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=float, na_value=np.nan)
    converted = pd.to_numeric(values, errors="coerce") if values.dtype != bool else None
    if converted is None or converted.notna().sum() < values.notna().sum():
        raise InputError(
            f"field {style.field!r} is not numeric; graduated styles need numbers "
            "(use a categorized style for text)"
        )
    return converted.to_numpy(dtype=float, na_value=np.nan)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
