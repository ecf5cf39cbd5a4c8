"""The hotspot map as offline HTML: Gi* classes, emerging patterns, rates, heat, issues.

Built from the shared web-map pieces of :mod:`gisgrid.layers.web` (no CDN; escaped text):

* grid choropleths — Gi* class (热点/冷点 99/95/90 %), emerging pattern, issues per 100
  households — with tooltips and popups of counts, z, p and weekly change;
* a heat layer of the issue points (Leaflet.heat: coordinates only, no text);
* the issues themselves, clustered (Leaflet.markercluster), each popup built in the browser
  with ``textContent`` from JSON escaped by :func:`~gisgrid.layers.web.to_js` — a description
  holding ``<script>`` or ``onerror=`` stays text;
* a week slider: grids coloured by the chosen week's count;
* Chinese legends and a layer control.

Issue descriptions are cut to :data:`TEXT_CHARS` characters (and left out above
:data:`TEXT_ISSUES` issues); no names or phone numbers are written, so 100,000 issues stay
within a few MB.
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from gisgrid.layers.style import PALETTES, LayerStyle, feature_colors
from gisgrid.layers.web import (
    features_json,
    geojson_layer,
    legend,
    new_map,
    offline_html,
    template,
)

from gisgrid.emerging import PATTERN_STYLE
from gisgrid.errors import InputError
from gisgrid.io.atomic import atomic_write
from gisgrid.privacy import mask_text

TEXT_CHARS = 60
TEXT_ISSUES = 20_000  # above this many issues, popups show category and date only

#: Gi* class → (legend label, colour); the usual diverging hot/cold palette.
GI_CLASSES: dict[int, tuple[str, str]] = {
    3: ("热点 99% 置信", "#d62f27"),
    2: ("热点 95% 置信", "#ed7551"),
    1: ("热点 90% 置信", "#fab984"),
    0: ("不显著", "#f2f2ee"),
    -1: ("冷点 90% 置信", "#c0d6e4"),
    -2: ("冷点 95% 置信", "#7ba7cc"),
    -3: ("冷点 99% 置信", "#4575b5"),
}

#: Emerging pattern → (legend label, colour), shared with the printed pack.
PATTERNS = PATTERN_STYLE

ISSUES_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 45});
(function (group, rows, names, colors) {
    function info(r) {
        var box = document.createElement("div");
        box.className = "gg-info";
        var head = document.createElement("div");
        head.className = "gg-info-title";
        head.textContent = names[r[2]] + " · " + r[3];
        box.appendChild(head);
        var text = document.createElement("div");
        text.textContent = r[4];
        box.appendChild(text);
        return box;
    }
    function marker(r) {
        var c = colors[r[2]] || "#636363";
        var m = L.circleMarker([r[0], r[1]], {radius: 5, weight: 1, color: "#333",
                                              fillColor: c, fillOpacity: 0.9});
        m.bindPopup(function () { return info(r); });
        return m;
    }
    // Markers are made in chunks between frames, so the map shows at once and the points
    // stream in (100,000 markers in one loop held the page for seconds).
    var CHUNK = 5000;
    function add(start) {
        group.addLayers(rows.slice(start, start + CHUNK).map(marker));
        if (start + CHUNK < rows.length) { setTimeout(function () { add(start + CHUNK); }, 0); }
        else { group.fire("gg:loaded"); }
    }
    add(0);
})({{ this.get_name() }}, {{ this.rows|tojs }}, {{ this.names|tojs }}, {{ this.colors|tojs }});
{% endmacro %}
"""


WEEKS_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson({{ this.data|tojs }}, {
    style: {color: "#7a7a7a", weight: 0.6, fillOpacity: 0.8, fillColor: "#f2f2ee"}
});
(function (layer, weeks, counts, ramp, breaks) {
    function color(v) {
        if (!v) { return "#f2f2ee"; }
        for (var i = 0; i < breaks.length; i++) { if (v <= breaks[i]) { return ramp[i]; } }
        return ramp[ramp.length - 1];
    }
    var week = weeks.length - 1;
    function paint() {
        layer.eachLayer(function (item) {
            var row = counts[item.feature.properties.i];
            item.setStyle({fillColor: color(row[week])});
            item.feature.properties.n = row[week];
        });
        label.textContent = weeks[week][0] + " – " + weeks[week][1];
    }
    var box = L.DomUtil.create("div", "gg-legend");
    var head = L.DomUtil.create("div", "gg-legend-title", box);
    head.textContent = "每周诉求数";
    var slider = L.DomUtil.create("input", "", box);
    slider.type = "range"; slider.min = 0; slider.max = weeks.length - 1; slider.value = week;
    slider.style.width = "220px";
    var label = L.DomUtil.create("div", "", box);
    L.DomEvent.disableClickPropagation(box);
    slider.addEventListener("input", function () { week = Number(slider.value); paint(); });
    var control = L.control({position: "topleft"});
    control.onAdd = function () { return box; };
    layer.bindTooltip(function (item) {
        var p = item.feature.properties;
        var tip = document.createElement("div");
        tip.className = "gg-info";
        tip.textContent = p.name + " " + p.code + "：" + p.n + " 件";
        return tip;
    }, {sticky: true});
    layer.on("add", function () { control.addTo(layer._map); paint(); });
    layer.on("remove", function () { control.remove(); });
})({{ this.get_name() }}, {{ this.weeks|tojs }}, {{ this.counts|tojs }},
   {{ this.ramp|tojs }}, {{ this.breaks|tojs }});
{% endmacro %}
"""


@functools.cache
def _week_layer_class() -> type:
    from folium.map import Layer

    class WeekCounts(Layer):
        """Grids coloured by one week's issue count, with a slider to pick the week."""

        _template = template(WEEKS_JS)

        def __init__(self, grids, weeks, cube, name: str, show: bool = False):
            super().__init__(name=name, overlay=True, control=True, show=show)
            self._name = "WeekCounts"
            frame = grids[["code", "name", "geometry"]].copy()
            frame["i"] = np.arange(len(frame))
            self.data = features_json(frame, ["code", "name", "i"])
            self.weeks = [[a.isoformat(), b.isoformat()] for a, b in weeks]
            self.counts = np.asarray(cube, dtype=int).tolist()
            top = max(1, int(np.asarray(cube).max()))
            self.breaks = sorted({int(np.ceil(top * q)) for q in (0.2, 0.4, 0.6, 0.8, 1.0)})
            self.ramp = PALETTES["ylorrd"][-len(self.breaks) :]

    return WeekCounts


@functools.cache
def _issue_layer_class() -> type:
    from folium.map import Layer

    class IssueCluster(Layer):
        """Clustered issue markers; popups are built with ``textContent`` (escaped data)."""

        _template = template(ISSUES_JS)
        default_js = [("markerclusterjs", "markercluster.js")]
        default_css = [
            ("markerclustercss", "MarkerCluster.css"),
            ("markerclusterdefaultcss", "MarkerCluster.Default.css"),
        ]

        def __init__(self, rows: list, names: list[str], colors: list[str], name: str,
                     show: bool = False):  # fmt: skip
            super().__init__(name=name, overlay=True, control=True, show=show)
            self._name = "IssueCluster"
            self.rows = rows
            self.names = names
            self.colors = colors

    return IssueCluster


def issue_rows(
    issues: pd.DataFrame, max_text_issues: int = TEXT_ISSUES
) -> tuple[list[list[Any]], list[str]]:
    """Compact issue records for the page, and the category names they index.

    Each row is ``[lat, lon, category index, "YYYY-MM-DD", text]`` for a located issue; the
    text is the description cut to :data:`TEXT_CHARS` characters, or ``""`` when there are
    more than ``max_text_issues`` issues (keeping 100,000 issues within a few MB).
    """
    frame = issues[issues.geometry.notna() & ~issues.geometry.is_empty].to_crs(4326)
    cats = frame["category"].astype(object).where(frame["category"].notna(), "其他")
    names = sorted(set(cats))
    index = {c: i for i, c in enumerate(names)}
    if len(frame) <= max_text_issues and "description" in frame:
        text = frame["description"].astype(object).where(frame["description"].notna(), "")
        text = mask_text(text).map(lambda t: str(t)[:TEXT_CHARS])  # numbers masked again
    else:
        text = pd.Series([""] * len(frame), index=frame.index)
    when = pd.to_datetime(frame["reported_at"]).dt.strftime("%Y-%m-%d").fillna("")
    lat = np.round(frame.geometry.y.to_numpy(), 5)
    lon = np.round(frame.geometry.x.to_numpy(), 5)
    rows = [
        [float(a), float(b), index[c], str(d), str(t)]
        for a, b, c, d, t in zip(lat, lon, cats, when, text)
    ]
    return rows, names


def _class_colors(values, table: dict) -> tuple[list[str], list[tuple[str, str]]]:
    colors = [table.get(v, table.get(0, ("", "#f2f2ee")))[1] for v in values]
    present = set(values)
    entries = [(label, color) for key, (label, color) in table.items() if key in present]
    return colors, entries


def hotspot_map(result, title: str = "诉求热点"):
    """Build the folium map of a :class:`gisgrid.hotspots.HotspotResult`."""
    import folium
    from folium.plugins import HeatMap

    grids = result.grids.copy()
    if len(grids) == 0:
        raise InputError("no grids to draw")
    grids["gi_label"] = [GI_CLASSES[int(c)][0] for c in grids["gi_class"]]
    grids["trend_label"] = [PATTERNS.get(t, ("—", ""))[0] for t in grids["trend"]]
    for col in ("gi_z", "gi_p", "rate"):
        grids[col] = grids[col].astype(float).round(3)
    m = new_map(tuple(float(v) for v in grids.total_bounds))
    popup = [("count", "诉求数"), ("households", "户数"), ("rate", "每百户诉求"),
             ("gi_z", "Gi* z 值"), ("gi_p", "p 值"), ("gi_label", "热点分级"),
             ("trend_label", "时空模式"), ("last_week", "最近一周"),
             ("change", "周环比变化")]  # fmt: skip
    common = dict(title_fields=["code", "name"], popup_fields=popup, label_fields=())
    outline = LayerStyle(outline_color="#7a7a7a", outline_width=0.6)

    colors, entries = _class_colors(list(grids["gi_class"].astype(int)), GI_CLASSES)
    tips = [("gi_label", "热点分级"), ("count", "诉求数")]
    geojson_layer(grids, outline, name="Gi* 热点分级", colors=colors, tooltip_fields=tips,
                  **common).add_to(m)  # fmt: skip
    legend(entries, title=f"{title} · Gi* 热点分级", position="bottomright").add_to(m)
    if grids["trend"].notna().any():
        colors, entries = _class_colors(list(grids["trend"]), PATTERNS)
        geojson_layer(grids, outline, name="时空热点模式", colors=colors, show=False,
                      tooltip_fields=[("trend_label", "时空模式")], **common).add_to(m)  # fmt: skip
        legend(entries, title="时空热点模式", position="bottomleft").add_to(m)
    rate_style = LayerStyle(kind="graduated", field="rate", palette="ylorrd", k=5,
                            outline_color="#7a7a7a", outline_width=0.6)  # fmt: skip
    rate = feature_colors(rate_style, grids)
    geojson_layer(grids, rate_style, name="每百户诉求数", colors=rate.colors, show=False,
                  tooltip_fields=[("rate", "每百户诉求")], **common).add_to(m)  # fmt: skip
    if result.weeks:
        _week_layer_class()(grids, result.weeks, result.cube, name="每周诉求数（周滑块）").add_to(m)
    rows, names = issue_rows(result.issues)
    if rows:
        HeatMap([[r[0], r[1]] for r in rows], name="诉求热力图", radius=14, blur=18,
                show=False).add_to(m)  # fmt: skip
        palette = LayerStyle(kind="categorized", field="c", palette="bold")
        colors = list(feature_colors(palette, pd.DataFrame({"c": names})).colors)
        _issue_layer_class()(rows, names, colors, name=f"诉求点 ({len(rows)})").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def hotspot_html(result, title: str = "诉求热点") -> str:
    """Render the hotspot map as one self-contained HTML page that works with no network."""
    html = offline_html(hotspot_map(result, title))
    return html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)


def write_hotspot_html(result, path: str | Path, title: str = "诉求热点") -> Path:
    """Write :func:`hotspot_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{path.name}: the map is written as .html")
    html = hotspot_html(result, title)
    try:
        with atomic_write(path) as tmp:  # a reader never sees half a page; mode by the umask
            tmp.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    return path
