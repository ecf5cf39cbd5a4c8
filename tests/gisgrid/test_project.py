import sqlite3

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from gisgrid.errors import ProjectError
from gisgrid.project import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "t.gpkg", "临河镇", "371521103000")
    villages = gpd.GeoDataFrame(
        {
            "code": ["371521103001", "371521103002"],
            "name": ["张家庄村", "东关社区"],
            "parent_code": ["371521103000"] * 2,
            "kind": ["rural", "urban"],
        },
        geometry=[
            shapely.box(118.70, 37.0, 118.71, 37.01),
            shapely.box(118.71, 37.0, 118.72, 37.01),
        ],
        crs=4490,
    )
    households = gpd.GeoDataFrame(
        {
            "id": ["H1", "H2"],
            "head": ["王小明", "李华"],
            "phone": ["13812341234", None],
            "size": [3, 5],
            "tags": ["低保;独居老人", ""],
            "pinned": [True, False],
        },
        geometry=gpd.points_from_xy([118.705, 118.715], [37.005, 37.005]),
        crs=4490,
    )
    issues = gpd.GeoDataFrame(
        {
            "id": ["T1"],
            "description": ['路灯不亮 <script>alert("x")</script>'],
            "reported_at": [pd.Timestamp("2026-11-20 09:30")],
            "satisfaction": [float("nan")],
        },
        geometry=gpd.points_from_xy([118.705], [37.005]),
        crs=4490,
    )
    p.set_layer("villages", villages)
    p.set_layer("households", households)
    p.set_layer("issues", issues)
    p.save()
    return p


def test_round_trip_is_lossless(project):
    reopened = Project.open(project.path)
    for name in ("villages", "households", "issues", "cadres", "assignments", "town"):
        assert_geodataframe_equal(reopened.layer(name), project.layer(name)) if isinstance(
            project.layer(name), gpd.GeoDataFrame
        ) else pd.testing.assert_frame_equal(reopened.layer(name), project.layer(name))
    assert reopened.meta == project.meta
    assert reopened.layer("households").loc[0, "head"] == "王小明"
    assert reopened.layer("households").loc[0, "pinned"]
    assert pd.isna(reopened.layer("households").loc[1, "phone"])


def test_stored_crs_is_cgcs2000_and_metric_zone_from_data(project):
    reopened = Project.open(project.path)
    assert reopened.layer("villages").crs.to_epsg() == 4490
    assert reopened.metric_crs.to_epsg() == 4549  # CGCS2000 3-degree GK CM 120E (zone 40)
    metric = reopened.to_metric("villages")
    assert metric.area.iloc[0] == pytest.approx(890 * 1110, rel=0.02)  # ~0.01° × 0.01° at 37°N


def test_info_counts(project):
    info = Project.open(project.path).info()
    assert info["levels"] == {"town": 0, "villages": 2, "grids_large": 0, "grids_small": 0}
    assert (info["households"], info["issues"], info["crs"]) == (2, 1, "EPSG:4490")
    assert info["issues_from"] == "2026-11-20T09:30:00"


def test_save_keeps_foreign_tables_and_only_rewrites_changes(project):
    with sqlite3.connect(project.path) as con:
        con.execute("CREATE TABLE layer_notes (txt TEXT)")
        con.execute("INSERT INTO layer_notes VALUES ('kept')")
    con.close()
    reopened = Project.open(project.path)
    reopened.meta.name = "新名字镇"
    reopened.mark_meta_changed()
    reopened.save()
    with sqlite3.connect(project.path) as con:
        assert con.execute("SELECT txt FROM layer_notes").fetchone() == ("kept",)
    con.close()
    assert Project.open(project.path).meta.name == "新名字镇"


def test_failed_save_leaves_old_file(project, monkeypatch):
    before = project.path.read_bytes()
    reopened = Project.open(project.path)
    reopened.set_layer("households", reopened.layer("households").iloc[:1])

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("gisgrid.project._write_meta", boom)
    with pytest.raises(ProjectError, match="previous file is unchanged"):
        reopened.save()
    assert project.path.read_bytes() == before
    assert not list(project.path.parent.glob(".*gisgrid-tmp*"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "not found"), (b"hello", "cannot be read"), ("plain_gpkg", "not a gisgrid project")],
)
def test_open_bad_files_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "x.gpkg"
    if content == "plain_gpkg":
        gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(0, 0)], crs=4326).to_file(path)
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        Project.open(path)


def test_bad_admin_code_rejected(tmp_path):
    with pytest.raises(ProjectError, match="12-digit"):
        Project.create(tmp_path / "x.gpkg", "镇", "3715")


def test_create_refuses_to_overwrite(project):
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project.path, "again")
