"""Jinja templates of the web-map elements in :mod:`gisgrid.layers.web`.

Every value reaches JavaScript through the ``tojs`` filter (:func:`gisgrid.layers.web.to_js`);
text is put into the page with ``textContent``, never as HTML.
"""

GEOJSON_JS = """
{% macro header(this, kwargs) %}
<style>
.gg-label { width: 0; height: 0; }
.gg-label > div { position: absolute; left: 0; top: 0; transform: translate(-50%, -50%);
  white-space: pre; text-align: center; font: 11px/1.25 "Noto Sans CJK SC", "Microsoft YaHei",
  "PingFang SC", sans-serif; color: #1a1a1a; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.gg-label > div::first-line { font-weight: bold; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson((function (d) {
    if (d.compact !== "points") { return d; }
    var keys = Object.keys(d.columns), features = new Array(d.x.length);
    var cols = keys.map(function (k) { return d.columns[k]; });
    for (var i = 0; i < d.x.length; i++) {
        var p = {};
        for (var j = 0; j < keys.length; j++) {
            var c = cols[j];
            p[keys[j]] = Array.isArray(c) ? c[i] : (c.codes[i] < 0 ? null : c.values[c.codes[i]]);
        }
        features[i] = {type: "Feature", properties: p,
                       geometry: {type: "Point", coordinates: [d.x[i], d.y[i]]}};
    }
    return {type: "FeatureCollection", features: features};
})({{ this.data|tojs }}), {
    style: function (feature) {
        var s = Object.assign({}, {{ this.base_style|tojs }});
        var fill = feature.properties[{{ this.fill_key|tojs }}];
        if (fill) { s.fillColor = fill; if (s.point) { s.color = s.color || fill; } }
        return s;
    },
    pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: {{ this.radius|tojs }}});
    }
});
(function (layer, title, tip, rows) {
    function info(p, full) {
        var box = document.createElement("div");
        box.className = "gg-info";
        var head = document.createElement("div");
        head.className = "gg-info-title";
        head.textContent = title.map(function (k) { return p[k]; })
            .filter(function (v) { return v !== null && v !== undefined && v !== ""; })
            .join(" ");
        box.appendChild(head);
        var keys = full ? rows : tip;
        if (keys.length) {
            var table = document.createElement("table");
            keys.forEach(function (f) {
                var v = p[f[0]];
                if (v === null || v === undefined || v === "") { return; }
                var tr = table.insertRow();
                var th = document.createElement("th");
                th.textContent = f[1];
                tr.appendChild(th);
                tr.insertCell().textContent = String(v);
            });
            box.appendChild(table);
        }
        return box;
    }
    layer.eachLayer(function (item) {
        var p = item.feature.properties;
        if (title.length || tip.length) {
            item.bindTooltip(function () { return info(p, false); }, {sticky: true});
        }
        if (rows.length) { item.bindPopup(function () { return info(p, true); }); }
    });
})({{ this.get_name() }}, {{ this.title_fields|tojs }}, {{ this.tooltip_fields|tojs }},
   {{ this.popup_fields|tojs }});
{% if this.label_fields %}
(function (layer, keys, at) {
    // Permanent labels, shown only while their polygon is big enough on screen to hold them
    // and they do not collide with a label already placed (bigger polygons go first).
    var labels = [];
    layer.eachLayer(function (item) {
        var p = item.feature.properties;
        var text = keys.map(function (k) { return p[k]; })
            .filter(function (v) { return v !== null && v !== undefined && v !== ""; });
        if (!text.length || !p[at] || typeof item.getBounds !== "function") { return; }
        var node = document.createElement("div");
        node.textContent = text.join("\\n");
        var icon = L.divIcon({className: "gg-label", html: node, iconSize: [0, 0]});
        var b = item.getBounds();
        labels.push({
            item: item,
            marker: L.marker(p[at], {icon: icon, interactive: false, keyboard: false}),
            at: L.latLng(p[at]),
            w: Math.max.apply(null, text.map(function (t) { return String(t).length; })) * 9 + 8,
            h: text.length * 14 + 6,
            size: (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest())
        });
    });
    labels.sort(function (a, b) { return b.size - a.size; });
    function refresh() {
        var map = layer._map, placed = [];
        labels.forEach(function (l) {
            var show = false;
            if (map) {
                var b = l.item.getBounds();
                var sw = map.latLngToLayerPoint(b.getSouthWest());
                var ne = map.latLngToLayerPoint(b.getNorthEast());
                var c = map.latLngToLayerPoint(l.at);
                var box = [c.x - l.w / 2, c.y - l.h / 2, c.x + l.w / 2, c.y + l.h / 2];
                show = Math.abs(ne.x - sw.x) > l.w && Math.abs(sw.y - ne.y) > l.h
                    && !placed.some(function (o) {
                        return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
                    });
                if (show) { placed.push(box); }
            }
            if (show) { l.marker.addTo(map); } else { l.marker.remove(); }
        });
    }
    layer.on("add", function () { layer._map.on("zoomend", refresh); refresh(); });
    layer.on("remove", function (e) { e.target._map && e.target._map.off("zoomend", refresh);
        labels.forEach(function (l) { l.marker.remove(); }); });
})({{ this.get_name() }}, {{ this.label_fields|tojs }}, {{ this.label_at|tojs }});
{% endif %}
{% endmacro %}
"""

LEGEND = """
{% macro header(this, kwargs) %}
<style>
.gg-legend { background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.45 "Noto Sans CJK SC",
  "Microsoft YaHei", "PingFang SC", sans-serif; max-height: 60vh; overflow-y: auto; }
.gg-legend-title { font-weight: bold; margin-bottom: 3px; }
.gg-legend-row { white-space: nowrap; }
.gg-legend-swatch { display: inline-block; width: 14px; height: 10px; margin-right: 6px;
  border: 1px solid #666; vertical-align: -1px; }
.gg-info { font: 12px/1.4 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.gg-info-title { font-weight: bold; margin-bottom: 2px; }
.gg-info th { text-align: left; padding-right: 8px; color: #555; font-weight: normal; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (title, entries) {
    var legend = L.control({position: {{ this.position|tojs }}});
    legend.onAdd = function () {
        var box = L.DomUtil.create("div", "gg-legend");
        if (title) {
            var head = L.DomUtil.create("div", "gg-legend-title", box);
            head.textContent = title;
        }
        entries.forEach(function (e) {
            var row = L.DomUtil.create("div", "gg-legend-row", box);
            var sw = L.DomUtil.create("span", "gg-legend-swatch", row);
            sw.style.background = e[1];
            row.appendChild(document.createTextNode(e[0]));
        });
        L.DomEvent.disableScrollPropagation(box);
        return box;
    };
    legend.addTo({{ this._parent.get_name() }});
})({{ this.title|tojs }}, {{ this.entries|tojs }});
{% endmacro %}
"""
