"""The reusable web-map pieces: to_js escaping, styled GeoJSON, legend, offline inlining."""

import json
import re
import shutil
import subprocess

import folium
import geopandas as gpd
import pytest
from folium import plugins
from gisgrid.layers.polygon import PolygonLayer
from gisgrid.layers.style import LayerStyle, feature_colors
from gisgrid.layers.web import (
    Legend,
    StyledGeoJson,
    geojson_layer,
    legend,
    new_map,
    offline_html,
    to_js,
)
from gisgrid.layers.web_assets import asset
from shapely.geometry import Point, box

from gisgrid.errors import InputError

EXTERNAL = re.compile(r"""<(script|link)\b[^>]*(src|href)\s*=\s*["']?(https?:)?//""", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "\"'`\\",
        "{{ 7*7 }} {% if %} {# c #}",
        "line\u2028break & <b>",
        "王*明",
    ],
)
def test_to_js_round_trips_and_is_inert(text):
    out = to_js({"k": text, "n": [1, 2.5, None]})
    assert json.loads(out) == {"k": text, "n": [1, 2.5, None]}
    for bad in ("<", ">", "'", "&", "{{", "{%", "{#", "\u2028"):
        assert bad not in out


def _squares():
    frame = gpd.GeoDataFrame(
        {"name": ["甲", "乙", "丙"], "pop": [5, 50, 500]},
        geometry=[box(118.70, 37.00, 118.71, 37.01), box(118.71, 37.00, 118.72, 37.01),
                  box(118.72, 37.00, 118.73, 37.01)],
        crs=4490,
    )  # fmt: skip
    return frame


def _features(html):
    match = re.search(r"\}\)\((\{.*?\})\), \{\n", html, re.S)
    return json.loads(match.group(1))["features"]


@pytest.mark.parametrize("from_layer", [True, False])
def test_geojson_layer_uses_the_shared_style_colours(from_layer):
    frame = _squares()
    style = LayerStyle(kind="graduated", field="pop", k=3, palette="reds")
    layer = PolygonLayer("grids_small", frame, title="小网格", style=style)
    source = layer if from_layer else frame
    m = new_map(tuple(frame.total_bounds))
    geojson_layer(source, None if from_layer else style, title_fields=["name"],
                  popup_fields=[("pop", "人口")]).add_to(m)  # fmt: skip
    html = offline_html(m)
    fills = [f["properties"]["__fill"] for f in _features(html)]
    assert fills == list(feature_colors(style, frame).colors)
    assert set(_features(html)[0]["properties"]) == {"name", "pop", "__fill"}
    assert isinstance(m._children[next(reversed(m._children))], StyledGeoJson)


def test_only_listed_columns_reach_the_page():
    frame = _squares().assign(phone=["13812341234"] * 3)
    m = new_map()
    geojson_layer(frame, LayerStyle(), tooltip_fields=[("name", "名称")]).add_to(m)
    assert "13812341234" not in offline_html(m)


def test_points_and_legend_render_with_escaped_text():
    pts = gpd.GeoDataFrame({"c": ["x"]}, geometry=[Point(118.7, 37.0)], crs=4490)
    m = new_map((118.6, 36.9, 118.8, 37.1))
    geojson_layer(pts, LayerStyle(color="#e41a1c")).add_to(m)
    legend([("</script>甲", "#e41a1c"), ("{{ 1+1 }}", "#377eb8")], title="图例'").add_to(m)
    html = offline_html(m)
    assert "</script>甲" not in html and "{{ 1+1 }}" not in html
    assert "\\u003c/script\\u003e甲" in html and "gg-legend" in html
    assert isinstance(legend([]), Legend)
    with pytest.raises(InputError, match="Leaflet corner"):
        legend([], position="middle")


def test_plugins_are_inlined_and_cdn_extras_dropped():
    m = new_map((118.6, 36.9, 118.8, 37.1))
    cluster = plugins.MarkerCluster().add_to(m)
    folium.CircleMarker([37.0, 118.7], radius=4).add_to(cluster)
    folium.Marker([37.01, 118.71]).add_to(m)  # default icon: Leaflet's own images
    plugins.HeatMap([[37.0, 118.7, 1.0]]).add_to(m)
    html = offline_html(m)
    assert not EXTERNAL.search(html)
    assert "markerClusterGroup" in html and "simpleheat" in html
    assert "jquery" not in html.lower() and "bootstrap.min" not in html
    assert "L.Icon.Default.mergeOptions" in html
    assert html.index("Leaflet 1.9.3") < html.index("L.Icon.Default.mergeOptions")


def test_offline_rendering_refuses_what_needs_the_network():
    m = new_map()
    folium.Marker([37.0, 118.7], icon=folium.Icon(icon="home")).add_to(m)
    with pytest.raises(InputError, match="folium.Icon"):
        offline_html(m)
    m = new_map()
    plugins.Fullscreen().add_to(m)
    with pytest.raises(InputError, match="no local copy"):
        offline_html(m)


def test_leaflet_css_images_are_data_uris():
    css = asset("leaflet_css").text
    assert "url(images/" not in css and css.count("data:image/png;base64,") >= 3
    assert "</" not in asset("leaflet").text


def test_web_map_needs_a_crs_and_known_columns():
    frame = _squares()
    with pytest.raises(InputError, match="not in the layer"):
        geojson_layer(frame, LayerStyle(), popup_fields=[("nope", "无")])
    with pytest.raises(InputError, match="coordinate system"):
        geojson_layer(frame.set_crs(None, allow_override=True), LayerStyle())


@pytest.mark.parametrize(("label_fields", "expected"), [(None, ["name"]), ((), [])])
def test_labels_default_to_the_style_label_field(label_fields, expected):
    frame = _squares()
    style = LayerStyle(label_field="name")
    layer = geojson_layer(frame, style, label_fields=label_fields)
    assert layer.label_fields == expected
    props = [f["properties"] for f in layer.data["features"]]
    if expected:
        for (lat, lon), geom in zip((p["__label_at"] for p in props), frame.geometry):
            assert geom.contains(Point(lon, lat))
    else:
        assert all("__label_at" not in p for p in props)


def _points(n=40):
    import numpy as np

    rng = np.random.default_rng(3)
    return gpd.GeoDataFrame(
        {"category": rng.choice(["社会治安", "人居环境"], n), "id": [f"w{i}" for i in range(n)]},
        geometry=[Point(118.7 + rng.random() * 0.05, 37.0 + rng.random() * 0.05) for _ in range(n)],
        crs=4490,
    )


def test_point_layers_travel_as_compact_columns():
    pts = _points()
    style = LayerStyle(kind="categorized", field="category", palette="bold")
    layer = geojson_layer(pts, style, title_fields=["id"], tooltip_fields=[("category", "类别")])
    data = layer.data
    assert data["compact"] == "points" and len(data["x"]) == 40
    cat = data["columns"]["category"]
    assert set(cat["values"]) == {"社会治安", "人居环境"} and len(cat["codes"]) == 40
    fills = data["columns"]["__fill"]
    decoded = [fills["values"][c] for c in fills["codes"]]
    assert decoded == list(feature_colors(style, pts).colors)
    assert data["columns"]["id"][:2] == ["w0", "w1"]  # unique values stay plain


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed")
def test_points_cluster_and_heat_render_offline(tmp_path):
    pts = _points()
    m = new_map(tuple(pts.total_bounds))
    style = LayerStyle(kind="categorized", field="category", palette="bold")
    geojson_layer(pts, style, title_fields=["id"]).add_to(m)
    cluster = plugins.MarkerCluster().add_to(m)
    for p in pts.geometry[:5]:
        folium.CircleMarker([p.y, p.x], radius=3).add_to(cluster)
    plugins.HeatMap([[p.y, p.x] for p in pts.geometry]).add_to(m)
    page = tmp_path / "pts.html"
    page.write_text(offline_html(m), encoding="utf-8")
    cmd = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
        "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000", "--window-size=900,700",
        "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert dom.count("leaflet-interactive") >= 40  # the compact points were decoded and drawn
    assert "marker-cluster" in dom and "leaflet-heatmap-layer" in dom
