import geopandas as gpd
import numpy as np
import pytest
import shapely
from gisgrid.layers.point import PointLayer
from gisgrid.layers.polygon import PolygonLayer
from gisgrid.layers.registry import DRAW_ORDER, LayerStack, layer_for
from gisgrid.layers.style import LayerStyle

from gisgrid.errors import InputError
from gisgrid.project import Project


def _grids():
    return gpd.GeoDataFrame(
        {
            "code": ["37152110300101001", "37152110300101002", "37152110300101003"],
            "name": ["一网格", "二网格", "三网格"],
            "parent_code": ["37152110300101"] * 3,
        },
        geometry=[
            shapely.box(118.70, 37.00, 118.71, 37.01),
            shapely.box(118.71, 37.00, 118.72, 37.01),
            shapely.box(118.70, 37.01, 118.72, 37.02),
        ],
        crs=4490,
    )


def _points():
    return gpd.GeoDataFrame(
        {"id": ["H1", "H2", "H3"], "size": [3, 5, 2]},
        geometry=gpd.points_from_xy([118.705, 118.715, 118.7151], [37.005, 37.005, 37.0051]),
        crs=4490,
    )


@pytest.fixture
def grids():
    return PolygonLayer("grids_small", _grids(), title="小网格")


@pytest.mark.parametrize(
    ("attr", "value", "signal"),
    [
        ("visible", False, "visible"),
        ("opacity", 0.4, "opacity"),
        ("style", LayerStyle(color="#ff0000"), "style"),
        ("label_field", "code", "label_field"),
        ("selected", {1, 2}, "selected"),
    ],
)
def test_setters_emit(grids, attr, value, signal):
    got = []
    getattr(grids.events, signal).connect(lambda *a: got.append(a))
    setattr(grids, attr, value)
    assert len(got) == 1
    setattr(grids, attr, value)  # unchanged: no second event
    assert len(got) == 1


def test_data_setter_emits_and_clears_selection(grids):
    got = []
    grids.selected = {0}
    grids.events.data.connect(lambda: got.append("data"))
    grids.events.selected.connect(lambda rows: got.append(rows))
    grids.data = _grids().iloc[:2]
    assert got == [frozenset(), "data"]
    assert len(grids.data) == 2


def test_label_field_lives_in_style(grids):
    styles = []
    grids.events.style.connect(styles.append)
    grids.label_field = "code"
    assert grids.style.label_field == "code" and styles[-1].label_field == "code"


@pytest.mark.parametrize(
    ("attr", "value", "error"),
    [
        ("opacity", 1.5, InputError),
        ("label_field", "nope", InputError),
        ("style", LayerStyle(kind="categorized", field="nope"), InputError),
        ("selected", {7}, IndexError),
    ],
)
def test_bad_values(grids, attr, value, error):
    with pytest.raises(error):
        setattr(grids, attr, value)


def test_needs_storage_crs():
    with pytest.raises(InputError, match="EPSG:4490"):
        PolygonLayer("grids_small", _grids().to_crs(4547))


def test_picking_polygons(grids):
    assert grids.feature_at(118.705, 37.005) == 0
    assert grids.feature_at(118.715, 37.015) == 2
    assert grids.feature_at(118.80, 37.005) is None
    assert grids.feature_at(118.7225, 37.005, tolerance_deg=0.005) == 1
    assert grids.features_in((118.704, 37.004, 118.716, 37.006)) == [0, 1]
    assert grids.features_in(shapely.box(118.711, 37.015, 118.712, 37.016)) == [2]


def test_picking_points():
    layer = PointLayer("households", _points())
    assert layer.feature_at(118.71508, 37.00508, tolerance_deg=0.001) == 2
    assert layer.feature_at(118.7149, 37.0049, tolerance_deg=0.001) == 1
    assert layer.feature_at(118.70, 37.0, tolerance_deg=0.001) is None
    assert layer.features_in((118.71, 37.0, 118.72, 37.01)) == [1, 2]
    assert layer.bounds == pytest.approx((118.705, 37.005, 118.7151, 37.0051))


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.gpkg", "临河镇")
    p.set_layer("grids_small", _grids())
    p.set_layer("households", _points())
    p.set_layer(
        "villages",
        gpd.GeoDataFrame(
            {"code": ["371521103001"], "name": ["张家庄村"]},
            geometry=[shapely.box(118.70, 37.0, 118.72, 37.02)],
            crs=4490,
        ),
    )
    p.set_layer(
        "issues",
        gpd.GeoDataFrame(
            {"id": ["T1", "T2"], "category": ["社会治安", "人居环境"]},
            geometry=gpd.points_from_xy([118.701, 118.702], [37.001, 37.002]),
            crs=4490,
        ),
    )
    return p


def test_stack_from_project_in_draw_order(project):
    stack = LayerStack.from_project(project)
    assert stack.names == ["villages", "grids_small", "households", "issues"]
    assert stack.names == [n for n in DRAW_ORDER if n in stack.names]
    assert type(stack["households"]) is PointLayer
    assert type(stack["grids_small"]) is PolygonLayer
    assert stack["grids_small"].title == "小网格"
    assert stack["issues"].style.kind == "categorized"
    assert stack["issues"].style.field == "category"
    assert np.allclose(stack.bounds(), (118.70, 37.0, 118.72, 37.02))


def test_stack_move_insert_remove(project):
    stack = LayerStack.from_project(project)
    events = []
    stack.events.moved.connect(lambda *a: events.append(("moved", *a)))
    stack.events.removed.connect(lambda i, layer: events.append(("removed", i, layer.name)))
    stack.events.inserted.connect(lambda i, layer: events.append(("inserted", i, layer.name)))
    stack.move("issues", 0)
    assert stack.names[0] == "issues"
    layer = stack.remove("villages")
    stack.insert(1, layer)
    assert stack.names == ["issues", "villages", "grids_small", "households"]
    assert events == [("moved", "issues", 3, 0), ("removed", 1, "villages"),
                      ("inserted", 1, "villages")]  # fmt: skip
    with pytest.raises(InputError, match="already has"):
        stack.append(layer)
    with pytest.raises(KeyError, match="no layer"):
        stack["town"]


def test_layer_for_rejects_tables(project):
    with pytest.raises(InputError, match="cannot be drawn"):
        layer_for(project, "assignments")


def test_selection_bounds(project):
    stack = LayerStack.from_project(project)
    assert np.isnan(stack.selection_bounds()[0])
    stack["grids_small"].selected = {0}
    stack["households"].selected = {1}
    assert stack.selection_bounds() == pytest.approx((118.70, 37.0, 118.715, 37.01))
