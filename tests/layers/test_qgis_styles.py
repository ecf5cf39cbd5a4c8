import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import pyogrio
import pytest
import shapely
from gisgrid.layers.qgis import style_qml
from gisgrid.layers.registry import LayerStack
from gisgrid.layers.saved import store_style, store_styles
from gisgrid.layers.style import LayerStyle

from gisgrid.io.qgis_styles import read_layer_styles, write_layer_styles
from gisgrid.project import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "styled.gpkg", "临河镇")
    p.set_layer(
        "grids_small",
        gpd.GeoDataFrame(
            {"code": ["a1", "a2", "a3"], "name": ["一网格", "二网格", "三网格"],
             "parent_code": ["a", "a", "b"]},
            geometry=[shapely.box(118.70 + i * 0.01, 37.0, 118.71 + i * 0.01, 37.01)
                      for i in range(3)],
            crs=4490,
        ),
    )  # fmt: skip
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {"id": ["H1", "H2", "H3", "H4"], "size": [1, 3, 4, 9]},
            geometry=gpd.points_from_xy([118.701, 118.702, 118.703, 118.704], [37.001] * 4),
            crs=4490,
        ),
    )
    p.save()
    return p


def _parse(qml):
    assert qml.startswith("<!DOCTYPE qgis")
    return ET.fromstring(qml.split("\n", 1)[1])


@pytest.mark.parametrize(
    ("style", "renderer", "n_symbols"),
    [
        (LayerStyle(color="#ff0000"), "singleSymbol", 1),
        (LayerStyle(kind="categorized", field="parent_code"), "categorizedSymbol", 2),
        (LayerStyle(kind="graduated", field="size", k=3), "graduatedSymbol", 3),
    ],
)
def test_qml_renderers(style, renderer, n_symbols):
    frame = gpd.GeoDataFrame(
        {"parent_code": ["a", "a", "b", "a"], "size": [1, 3, 4, 9]},
        geometry=gpd.points_from_xy([0, 1, 2, 3], [0] * 4),
        crs=4490,
    )
    root = _parse(style_qml(style, frame, "polygon", 0.5))
    r = root.find("renderer-v2")
    assert r.get("type") == renderer
    assert len(r.find("symbols")) == n_symbols
    assert root.find("layerOpacity").text == "0.5"
    if renderer == "categorizedSymbol":
        assert [c.get("value") for c in r.iter("category")] == ["a", "b"]
    if renderer == "graduatedSymbol":
        assert [float(x.get("upper")) for x in r.iter("range")] == [1.0, 4.0, 9.0]
        assert r.find("classificationMethod").get("id") == "Jenks"
    fill = r.find("symbols/symbol/layer")
    assert fill.get("class") == "SimpleFill"


def test_saved_project_carries_qgis_styles(project):
    stack = LayerStack.from_project(project)
    stack["households"].style = LayerStyle(
        kind="graduated", field="size", scheme="quantiles", k=2, palette="reds"
    )
    stack["grids_small"].opacity = 0.7
    store_styles(project, stack)
    project.save()

    styles = read_layer_styles(project.path)
    assert set(styles) == {"grids_small", "households"}
    households = _parse(styles["households"]).find("renderer-v2")
    assert households.get("type") == "graduatedSymbol" and households.get("attr") == "size"
    assert households.find("symbols/symbol").get("type") == "marker"
    grids = _parse(styles["grids_small"])
    assert grids.find("labeling/settings/text-style").get("fieldName") == "name"
    with sqlite3.connect(project.path) as con:
        row = con.execute(
            "SELECT f_geometry_column, styleName, useAsDefault FROM layer_styles"
            " WHERE f_table_name = 'households'"
        ).fetchone()
        kind = con.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
    con.close()
    assert row == ("geom", "gisgrid", 1)
    assert kind == ("attributes",)
    # GDAL still sees a sound GeoPackage with the layers.
    assert {"grids_small", "households"} <= {n for n, _ in pyogrio.list_layers(project.path)}

    reopened = Project.open(project.path)
    again = LayerStack.from_project(reopened)
    assert again["households"].style == stack["households"].style
    assert again["grids_small"].opacity == pytest.approx(0.7)


def test_restyle_replaces_row(project):
    stack = LayerStack.from_project(project)
    store_style(project, stack["grids_small"])
    project.save()
    stack["grids_small"].style = LayerStyle(kind="categorized", field="parent_code")
    store_style(project, stack["grids_small"])
    project.save()
    with sqlite3.connect(project.path) as con:
        rows = con.execute(
            "SELECT styleQML FROM layer_styles WHERE f_table_name = 'grids_small'"
        ).fetchall()
    con.close()
    assert len(rows) == 1
    assert _parse(rows[0][0]).find("renderer-v2").get("type") == "categorizedSymbol"


def test_writer_skips_unknown_tables(project):
    assert write_layer_styles(project.path, {"nope": "<qgis/>"}) == []
    assert write_layer_styles(project.path, {}) == []


def test_stale_saved_style_falls_back(project):
    project.meta.styles["grids_small"] = {"kind": "categorized", "field": "gone"}
    with pytest.warns(UserWarning, match="gone"):
        stack = LayerStack.from_project(project)
    assert stack["grids_small"].style.field is None


def test_stored_qml_follows_data_and_style(project):
    stack = LayerStack.from_project(project)
    grids = stack["grids_small"]
    grids.style = LayerStyle(kind="categorized", field="parent_code")
    store_style(project, grids)
    first = project.meta.styles["grids_small"]["qml"]
    assert first.count("<category ") == 2
    grids.data = grids.data.iloc[:2]  # only parent "a" left
    store_style(project, grids)
    assert project.meta.styles["grids_small"]["qml"].count("<category ") == 1
    grids.opacity = 0.3
    store_style(project, grids)
    assert "<layerOpacity>0.3</layerOpacity>" in project.meta.styles["grids_small"]["qml"]
