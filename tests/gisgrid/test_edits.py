import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gisgrid.edits import CompoundEdit, SetAttribute, coerce_value
from gisgrid.errors import InputError
from gisgrid.project import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "e.gpkg", "临河镇", "371521103000")
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {
                "id": ["H1", "H2"],
                "head": ["王小明", None],
                "size": [3, 5],
                "pinned": [False, True],
                "note": [1.5, 2.5],
            },
            geometry=gpd.points_from_xy([118.705, 118.715], [37.005, 37.005]),
            crs=4490,
        ),
    )
    p.save()
    return p


@pytest.mark.parametrize(
    ("column", "typed", "stored"),
    [
        ("head", "李华", "李华"),
        ("size", "7", 7),
        ("size", "", 0),
        ("pinned", "是", True),
        ("pinned", "false", False),
        ("note", "3.25", 3.25),
    ],
)
def test_set_attribute_do_undo_redo(project, column, typed, stored):
    before = project.layer("households")[column].iloc[0]
    cmd = SetAttribute("households", 0, column, typed)
    cmd.do(project)
    assert project.modified
    assert project.layer("households")[column].iloc[0] == stored
    assert project.layer("households")["id"].tolist() == ["H1", "H2"]  # other cells kept
    cmd.undo(project)
    assert project.layer("households")[column].iloc[0] == before
    cmd.do(project)
    assert project.layer("households")[column].iloc[0] == stored


def test_missing_value_restored_as_missing(project):
    cmd = SetAttribute("households", 1, "head", "赵六")
    cmd.do(project)
    assert project.layer("households")["head"].iloc[1] == "赵六"
    cmd.undo(project)
    assert pd.isna(project.layer("households")["head"].iloc[1])


def test_edit_survives_save(project):
    SetAttribute("households", 1, "size", 9).do(project)
    project.save()
    assert Project.open(project.path).layer("households")["size"].tolist() == [3, 9]


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (0, "size", "三", "households row 1, column size: '三' is not a whole number"),
        (0, "size", "2.5", "is not a whole number"),
        (0, "pinned", "maybe", "is not yes/no"),
        (5, "head", "x", "row 6 does not exist"),
        (0, "nosuch", "x", "no column 'nosuch'"),
        (0, "geometry", "x", "geometry cannot be edited"),
        (0, "note", "abc", "is not a number"),
    ],
)
def test_bad_edits_raise_input_error(project, row, column, value, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SetAttribute("households", row, column, value).do(project)
    assert project.layer("households")["size"].tolist() == [3, 5]


def test_undo_before_do_is_an_error(project):
    with pytest.raises(RuntimeError):
        SetAttribute("households", 0, "head", "x").undo(project)


def test_compound_edit_rolls_back_on_failure(project):
    good = SetAttribute("households", 0, "head", "甲")
    bad = SetAttribute("households", 9, "head", "乙")
    with pytest.raises(InputError):
        CompoundEdit([good, bad], "paste").do(project)
    assert project.layer("households")["head"].iloc[0] == "王小明"


def test_compound_edit_undo(project):
    edit = CompoundEdit(
        [SetAttribute("households", 0, "size", 1), SetAttribute("households", 1, "size", 2)]
    )
    edit.do(project)
    assert project.layer("households")["size"].tolist() == [1, 2]
    assert edit.layer == "households" and edit.text == "2 edits"
    edit.undo(project)
    assert project.layer("households")["size"].tolist() == [3, 5]


def test_polygon_layer_edit(project):
    project.set_layer(
        "villages",
        gpd.GeoDataFrame(
            {"code": ["371521103001"], "name": ["张家庄村"], "parent_code": ["371521103000"]},
            geometry=[shapely.box(118.7, 37.0, 118.71, 37.01)],
            crs=4490,
        ),
    )
    cmd = SetAttribute("villages", 0, "name", "  新村  ")
    assert cmd.text == "villages row 1: name"
    cmd.do(project)
    assert project.layer("villages")["name"].iloc[0] == "新村"
    assert (
        project.layer("villages").geometry.iloc[0].equals(shapely.box(118.7, 37.0, 118.71, 37.01))
    )


def test_coerce_datetime():
    value = coerce_value("issues", "reported_at", "2024-05-01 08:30")
    assert value.year == 2024 and value.hour == 8
    with pytest.raises(InputError, match="is not a date"):
        coerce_value("issues", "reported_at", "yesterday-ish", row=0)
