"""Web maps with folium that work offline: styled GeoJSON layers, popups, legend, inlining.

The pieces, reused by every HTML export (coverage maps, issue hotspots, the weekly pack):

* :func:`geojson_layer` turns a :class:`~gisgrid.layers.base.MapLayer` or a GeoDataFrame plus a
  :class:`~gisgrid.layers.style.LayerStyle` into a folium layer coloured by
  :func:`~gisgrid.layers.style.feature_colors` — the same colours as the desktop and print maps;
* :class:`StyledGeoJson`, :class:`Legend`: small folium/branca elements over Jinja templates;
* :func:`offline_html` renders a map with Leaflet and its plugins inlined — no CDN at all.

Text reaches JavaScript only through :func:`to_js`: JSON with ``<``, ``>``, ``&``, ``'``
escaped, and braces inside strings escaped too, because branca renders every script a second
time as a Jinja template (a grid named ``{{ 7*7 }}`` would otherwise print ``49``). Tooltips
and popups are built in the browser with ``textContent``, never ``innerHTML``.

folium and branca are imported inside functions: importing this module costs nothing, and
``gisgrid.layers`` stays usable without them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from gisgrid.layers.base import MapLayer
from gisgrid.layers.style import LayerStyle, feature_colors
from gisgrid.layers.web_assets import FOLLOWERS, UNUSED, asset
from gisgrid.layers.web_templates import GEOJSON_JS, LEGEND

from gisgrid.errors import InputError
from gisgrid.export.drawable import drawable_geometries, rounded

FILL_KEY = "__fill"
LABEL_KEY = "__label_at"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_EXTERNAL = re.compile(r"""<(?:script|link)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def to_js(value: Any) -> str:
    r"""Return ``value`` as a JavaScript literal that is safe inside ``<script>`` and a Jinja pass.

    Examples
    --------
    >>> to_js({"name": "</script>{{x}}"})
    '{"name":"\\u003c/script\\u003e\\u007b\\u007bx\\u007d\\u007d"}'
    """
    text = json.dumps(
        value, ensure_ascii=False, allow_nan=False, default=_json_default, separators=(",", ":")
    )
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _JSON_STRING.sub(
        lambda m: m.group(0).replace("{", "\\u007b").replace("}", "\\u007d"), text
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


@functools.cache
def _env():
    import jinja2

    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters["tojs"] = to_js
    return env


def template(source: str):
    """Return a Jinja template whose ``tojs`` filter is :func:`to_js` (for ``_template``)."""
    return _env().from_string(source)


# -- elements (built on first use, so folium is imported only when a web map is made) ---------
@functools.cache
def _classes() -> dict[str, type]:
    from branca.element import Element, MacroElement
    from folium.map import Layer

    class StyledGeoJson(Layer):
        """GeoJSON features coloured per feature, with escaped tooltips and popups.

        Parameters
        ----------
        data : dict
            A GeoJSON FeatureCollection in EPSG:4326 (or the compact point columns of
            :func:`features_json`); a feature's fill colour is its ``__fill`` property.
        base_style : dict
            Leaflet path options shared by all features (outline colour, weight, opacity).
        title_fields : list of str
            Properties joined as the tooltip/popup heading.
        tooltip_fields, popup_fields : list of (key, label)
            Rows shown on hover and on click.
        name : str
            Name in the layer control.
        label_fields : list of str
            Properties shown as permanent labels (one line each) at ``__label_at`` while the
            polygon is big enough on screen and the label collides with no bigger one.
        """

        _template = template(GEOJSON_JS)

        def __init__(self, data, base_style, title_fields=(), tooltip_fields=(),
                     popup_fields=(), name=None, radius=5.0, show=True, control=True,
                     label_fields=()):  # fmt: skip
            super().__init__(name=name, overlay=True, control=control, show=show)
            self._name = "StyledGeoJson"
            self.data = data
            self.base_style = dict(base_style)
            self.fill_key = FILL_KEY
            self.title_fields = list(title_fields)
            self.tooltip_fields = [list(f) for f in tooltip_fields]
            self.popup_fields = [list(f) for f in popup_fields]
            self.radius = float(radius)
            self.label_fields = list(label_fields)
            self.label_at = LABEL_KEY

    class Legend(MacroElement):
        """A legend box: a title and ``(label, '#rrggbb')`` rows, as a Leaflet control."""

        _template = template(LEGEND)

        def __init__(self, entries, title="", position="bottomright"):
            super().__init__()
            self._name = "Legend"
            if position not in ("topleft", "topright", "bottomleft", "bottomright"):
                raise InputError(f"legend position {position!r} is not a Leaflet corner")
            self.entries = [[str(label), str(color)] for label, color in entries]
            self.title = str(title)
            self.position = position

    class Raw(Element):
        """Text put into the page as it is (never parsed as a template)."""

        def __init__(self, text: str):
            super().__init__()
            self._text = text

        def render(self, **kwargs) -> str:
            return self._text

    return {"StyledGeoJson": StyledGeoJson, "Legend": Legend, "Raw": Raw}


def __getattr__(name: str) -> Any:
    # ``from gisgrid.layers.web import Legend`` builds the classes (and imports folium) lazily.
    if name in ("StyledGeoJson", "Legend"):
        return _classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- builders ---------------------------------------------------------------------------------
def features_json(
    frame: gpd.GeoDataFrame, properties: Sequence[str], colors=None, label_points: bool = False
) -> dict:
    """Return a GeoJSON FeatureCollection (EPSG:4326, 6 decimals) of ``frame``'s ``properties``.

    Values are made JSON-safe (numpy numbers, NaN → null); ``colors`` become ``__fill``;
    ``label_points`` adds each feature's label anchor (a point inside it) as ``__label_at``.
    A layer of points only comes back in the compact column form of :func:`_compact_points`,
    which the page turns back into the same FeatureCollection.
    """
    if frame.crs is None:
        raise InputError("web maps need a layer with a coordinate system; set its CRS first")
    missing = [p for p in properties if p not in frame.columns]
    if missing:
        raise InputError(f"web map: columns {missing} are not in the layer; have {list(frame)}")
    geoms = drawable_geometries(frame.geometry.to_crs(4326).to_numpy())  # invalid: a copy
    keep = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    columns = {p: [_plain(v) for v in frame[p].to_numpy(dtype=object)[keep]] for p in properties}
    if colors is not None:
        columns[FILL_KEY] = [str(c) for c in np.asarray(colors, dtype=object)[keep]]
    if keep.size and (shapely.get_type_id(geoms[keep]) == 0).all() and not label_points:
        return _compact_points(geoms[keep], columns)
    shapes = _geometry_dicts(geoms[keep])
    if label_points:
        at = shapely.point_on_surface(geoms[keep])
        lat = np.round(shapely.get_y(at), 6).tolist()
        lon = np.round(shapely.get_x(at), 6).tolist()
        columns[LABEL_KEY] = [[a, b] for a, b in zip(lat, lon)]
    names = list(columns)
    features = [
        {
            "type": "Feature",
            "properties": dict(zip(names, values)),
            "geometry": shape,
        }
        for shape, *values in zip(shapes, *columns.values())
    ]
    return {"type": "FeatureCollection", "features": features}


def _compact_points(points: np.ndarray, columns: dict[str, list]) -> dict:
    """Encode points as columns (``x``, ``y``, one list per property) for the page.

    The browser rebuilds the FeatureCollection; the page is about a quarter of the size, which
    matters for issue maps with 100 000 points.

    Columns with few distinct values are dictionary-encoded as ``{"values", "codes"}``.
    """
    encoded: dict[str, Any] = {}
    for name, values in columns.items():
        distinct = dict.fromkeys(v for v in values if isinstance(v, str))
        if (
            len(values) > 16
            and len(distinct) * 4 < len(values)
            and all(v is None or isinstance(v, str) for v in values)
        ):
            lookup = {v: i for i, v in enumerate(distinct)}
            codes = [-1 if v is None else lookup[v] for v in values]
            encoded[name] = {"values": list(distinct), "codes": codes}
        else:
            encoded[name] = values
    return {
        "compact": "points",
        "x": np.round(shapely.get_x(points), 6).tolist(),
        "y": np.round(shapely.get_y(points), 6).tolist(),
        "columns": encoded,
    }


def _geometry_dicts(geoms: np.ndarray) -> list[dict]:
    """GeoJSON geometry objects at 6 decimals (about 0.1 m); points without a round trip."""
    out: list[dict | None] = [None] * len(geoms)
    points = shapely.get_type_id(geoms) == 0
    if points.any():
        xs = np.round(shapely.get_x(geoms[points]), 6).tolist()
        ys = np.round(shapely.get_y(geoms[points]), 6).tolist()
        for i, x, y in zip(np.flatnonzero(points), xs, ys):
            out[i] = {"type": "Point", "coordinates": [x, y]}
    rest = np.flatnonzero(~points)
    if rest.size:
        text = shapely.to_geojson(rounded(geoms[rest], 1e-6))
        for i, t in zip(rest, text):
            out[i] = json.loads(t)
    return out  # type: ignore[return-value]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value if isinstance(value, str | int | float | bool) else str(value)


def geojson_layer(
    source: MapLayer | gpd.GeoDataFrame,
    style: LayerStyle | None = None,
    *,
    name: str | None = None,
    title_fields: Sequence[str] = (),
    tooltip_fields: Sequence[tuple[str, str]] = (),
    popup_fields: Sequence[tuple[str, str]] = (),
    colors: Sequence[str] | None = None,
    label_fields: Sequence[str] | None = None,
    fill_opacity: float = 0.75,
    show: bool = True,
):
    """Return a folium layer of ``source`` coloured by ``style`` (the shared style encodings).

    Parameters
    ----------
    source : MapLayer or GeoDataFrame
        Features; a :class:`MapLayer` brings its style, title and opacity.
    style : LayerStyle, optional
        Overrides the layer's style (required for a GeoDataFrame, else the default style).
    name : str, optional
        Name in the layer control (default: the layer title).
    title_fields : sequence of str
        Columns joined as the tooltip/popup heading.
    tooltip_fields, popup_fields : sequence of (column, label)
        Rows shown on hover / click. Only these columns are written to the page, so nothing
        else (phones, household names) can leak into it.
    colors : sequence of str, optional
        Precomputed fill colours (as from :func:`feature_colors`), one per row.
    label_fields : sequence of str, optional
        Columns shown as permanent labels (one line each) on polygons big enough on screen;
        default the style's ``label_field``; ``()`` for none.
    fill_opacity : float
        Fill opacity of filled styles (times the layer's opacity).
    show : bool
        Whether the layer is on when the page opens.

    Returns
    -------
    StyledGeoJson
        Add it to a ``folium.Map`` or ``FeatureGroup``.
    """
    if isinstance(source, MapLayer):
        frame, style = source.data, style or source.style
        name, opacity = name or source.title, source.opacity
    else:
        frame, style, opacity = source, style or LayerStyle(), 1.0
    if colors is None:
        colors = feature_colors(style, frame).colors
    if label_fields is None:
        label_fields = [style.label_field] if style.label_field else []
    keys = list(dict.fromkeys([*title_fields, *(k for k, _ in tooltip_fields),
                               *(k for k, _ in popup_fields), *label_fields]))  # fmt: skip
    data = features_json(
        frame, keys, colors if style.filled else None, label_points=bool(label_fields)
    )
    point = all(t in ("Point", "MultiPoint") for t in frame.geom_type.dropna().unique())
    base = {
        "color": style.outline_color,
        "weight": float(style.outline_width),
        "opacity": opacity,
        "fill": bool(style.filled),
        "fillColor": style.color,
        "fillOpacity": fill_opacity * opacity if style.filled else 0.0,
    }
    if point:
        base.update(fillOpacity=0.9 * opacity, fill=True, point=True)
    return _classes()["StyledGeoJson"](
        data,
        base,
        title_fields=title_fields,
        tooltip_fields=tooltip_fields,
        popup_fields=popup_fields,
        name=name,
        radius=style.point_size / 2 + 1,
        show=show,
        label_fields=label_fields,
    )


def legend(entries: Sequence[tuple[str, str]], title: str = "", position: str = "bottomright"):
    """Return a :class:`Legend` element from ``(label, colour)`` pairs (e.g. a style's legend)."""
    return _classes()["Legend"](entries, title=title, position=position)


def new_map(bounds: tuple[float, float, float, float] | None = None, **options):
    """Return a folium map with no tiles (offline), ``maxZoom=18``, fitted to lon/lat bounds.

    For tens of thousands of points pass ``prefer_canvas=True`` (SVG gets slow there).

    Extra ``options`` go to ``folium.Map``.
    """
    import folium

    options.setdefault("control_scale", True)
    options.setdefault("zoomSnap", 0.25)  # fit a village snugly, not at the next whole zoom
    options.setdefault("prefer_canvas", False)
    m = folium.Map(tiles=None, maxZoom=18, **options)
    if bounds is not None and np.all(np.isfinite(bounds)):
        minx, miny, maxx, maxy = bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


# -- offline rendering ------------------------------------------------------------------------
def _walk(element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def offline_html(fmap) -> str:
    """Render ``fmap`` to one self-contained HTML page with no network references.

    Leaflet (and markercluster / heat when used) are inlined from local packages; folium's
    default jQuery, Bootstrap and Font Awesome links are dropped, as gisgrid's elements need
    only Leaflet.

    Raises
    ------
    InputError
        If the map uses a plugin with no local copy, or awesome-markers icons
        (``folium.Icon``), which need web fonts.
    """
    from folium.map import Icon

    root = fmap.get_root()
    needed: list[str] = []
    for element in _walk(root):
        if isinstance(element, Icon):
            raise InputError(
                "offline web maps cannot show folium.Icon markers (they load web fonts); "
                "use circle markers"
            )
        for attr in ("default_css", "default_js"):
            links = getattr(element, attr, None)
            if not links:
                continue
            for link_name, url in links:
                if link_name in UNUSED:
                    continue
                try:
                    asset(link_name)
                except KeyError:
                    raise InputError(
                        f"offline web maps: no local copy of {link_name!r} ({url}); "
                        "leave that plugin out"
                    ) from None
                needed.append(link_name)
            setattr(element, attr, [])  # the instance no longer asks for CDN links
    raw = _classes()["Raw"]
    ordered = list(dict.fromkeys(n for name in needed for n in (name, *FOLLOWERS.get(name, ()))))
    for name in ordered:
        item = asset(name)
        tag = "style" if item.kind == "css" else "script"
        root.header.add_child(raw(f"<{tag}>\n{item.text}\n</{tag}>"), name=f"offline-{name}")
    html = root.render()
    external = _EXTERNAL.findall(html)
    if external:
        raise InputError(f"offline web map still links to the network: {external[:3]}")
    return html
