"""Vector sources: Shapefile encodings, GeoPackage layers, GeoJSON, KML/KMZ folders, CRS."""

import zipfile

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gisgrid.crs import gk_crs
from gisgrid.errors import InputError
from gisgrid.io.importer import ImportOptions, import_file, inspect_source, read_source
from gisgrid.project import Project

NAMES = ["张家庄村", "东关社区", "鑫源村"]  # 鑫 is outside GB2312 but inside GBK
CODES = ["371521103201", "371521103001", "371521103202"]


def villages_frame(crs=4490):
    boxes = [shapely.box(118.70 + 0.01 * i, 37.0, 118.71 + 0.01 * i, 37.01) for i in range(3)]
    frame = gpd.GeoDataFrame(
        {"名称": NAMES, "编码": CODES, "类型": ["村", "社区", "村"]}, geometry=boxes, crs=4490
    )
    return frame.to_crs(crs)


@pytest.fixture
def project():
    return Project.create(None, "临河镇")


def gbk_shapefile(tmp_path, ldid=None):
    path = tmp_path / "村界.shp"
    pyogrio.write_dataframe(villages_frame(), path, encoding="GBK")
    path.with_suffix(".cpg").unlink()
    if ldid is not None:
        dbf = path.with_suffix(".dbf")
        data = bytearray(dbf.read_bytes())
        data[29] = ldid
        dbf.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("ldid", [None, 0x57, 0x4D])  # none, "ANSI" (untrusted), GBK
def test_gbk_shapefile_without_cpg_gives_chinese(tmp_path, project, ldid):
    path = gbk_shapefile(tmp_path, ldid)
    report = import_file(project, "villages", path)
    villages = project.layer("villages")
    assert villages["name"].tolist() == NAMES
    assert villages["code"].tolist() == CODES
    assert villages["kind"].tolist() == ["rural", "urban", "rural"]
    assert report.detected["encoding"] == "gb18030"
    assert report.imported == 3 and report.skipped == []
    assert set(villages.geom_type) == {"Polygon"}


def test_cpg_is_honoured(tmp_path, project):
    path = tmp_path / "u.shp"
    pyogrio.write_dataframe(villages_frame(), path)  # UTF-8 with a .cpg
    report = import_file(project, "villages", path)
    assert project.layer("villages")["name"].tolist() == NAMES
    assert report.detected["encoding_from"].startswith(".cpg")


def test_wrong_cpg_is_overruled_by_the_text(tmp_path, project):
    path = gbk_shapefile(tmp_path)
    path.with_suffix(".cpg").write_text("UTF-8")  # some tools write this over GBK data
    report = import_file(project, "villages", path)
    assert project.layer("villages")["name"].tolist() == NAMES
    assert any("does not fit the text" in w for w in report.warnings)


def test_encoding_option_overrides(tmp_path, project):
    path = gbk_shapefile(tmp_path)
    import_file(project, "villages", path, ImportOptions(encoding="gbk"))
    assert project.layer("villages")["name"].tolist() == NAMES
    with pytest.raises(InputError, match=r"村界\.shp: the \.dbf text is not valid utf-8"):
        read_source(path, "villages", ImportOptions(encoding="utf-8"))
    with pytest.raises(InputError, match="unknown text encoding 'klingon'"):
        read_source(path, "villages", ImportOptions(encoding="klingon"))


@pytest.mark.parametrize("part", [".dbf", ".shx"])
def test_missing_shapefile_part(tmp_path, part):
    path = gbk_shapefile(tmp_path)
    path.with_suffix(part).unlink()
    with pytest.raises(InputError, match=rf"村界{part} missing beside it"):
        read_source(path, "villages")


def test_projected_shapefile_with_prj(tmp_path, project):
    path = tmp_path / "gk.shp"
    pyogrio.write_dataframe(villages_frame(4549), path, encoding="UTF-8")
    report = import_file(project, "villages", path)
    got = project.layer("villages").geometry
    want = villages_frame().geometry
    assert report.detected["coords"]["gk_zone"] == 40
    assert all(a.equals_exact(b, 1e-7) for a, b in zip(got.normalize(), want.normalize()))


def test_shapefile_without_prj_in_gk_zone_with_prefix(tmp_path, project):
    path = tmp_path / "noprj.shp"
    pyogrio.write_dataframe(villages_frame(4528), path, encoding="UTF-8")
    path.with_suffix(".prj").unlink()
    report = import_file(project, "villages", path)
    assert report.detected["coords"]["crs"] == "EPSG:4528"
    np.testing.assert_allclose(project.layer("villages").total_bounds, [118.7, 37, 118.73, 37.01])


def test_geopackage_layer_choice(tmp_path, project):
    path = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(villages_frame(), path, layer="村")
    points = gpd.GeoDataFrame(
        {"户主": ["王明"]}, geometry=gpd.points_from_xy([118.705], [37.005]), crs=4490
    )
    pyogrio.write_dataframe(points, path, layer="住户")
    with pytest.raises(InputError, match=r"two\.gpkg holds 2 layers \(村, 住户\); choose one"):
        read_source(path, "villages")
    with pytest.raises(InputError, match="no layer '路'"):
        read_source(path, "villages", ImportOptions(layer="路"))
    info = inspect_source(path, "villages")  # the dialog still gets the layers to choose from
    assert info.layers == ["村", "住户"] and "holds 2 layers" in info.warnings[0]
    import_file(project, "villages", path, ImportOptions(layer="村"))
    import_file(project, "households", path, ImportOptions(layer="住户"))
    assert project.layer("villages")["name"].tolist() == NAMES
    assert project.layer("households")["head"].tolist() == ["王明"]


def test_geojson_invalid_and_duplicate_are_warnings(tmp_path, project):
    frame = villages_frame()
    frame.loc[2, "编码"] = CODES[0]  # duplicate code
    bowtie = shapely.Polygon([(118.7, 37.0), (118.71, 37.01), (118.71, 37.0), (118.7, 37.01)])
    frame.loc[1, "geometry"] = bowtie
    path = tmp_path / "v.geojson"
    frame.to_file(path, driver="GeoJSON")
    report = import_file(project, "villages", path)
    assert report.imported == 3
    assert any("invalid polygon" in w and "features 2" in w for w in report.warnings)
    assert any("share a code" in w and "371521103201" in w for w in report.warnings)


def test_points_into_polygon_layer_refused(tmp_path, project):
    path = tmp_path / "pts.geojson"
    gpd.GeoDataFrame(geometry=gpd.points_from_xy([118.7], [37.0]), crs=4326).to_file(path)
    with pytest.raises(InputError, match="pts.geojson: wrong geometry type: point geometry"):
        import_file(project, "villages", path)
    assert len(project.layer("villages")) == 0


def test_3d_polygons_become_2d(tmp_path, project):
    poly = shapely.Polygon([(118.7, 37, 5), (118.71, 37, 5), (118.71, 37.01, 5), (118.7, 37, 5)])
    path = tmp_path / "z.gpkg"
    gpd.GeoDataFrame({"名称": ["甲"]}, geometry=[poly], crs=4490).to_file(path)
    import_file(project, "grids_small", path)
    assert not project.layer("grids_small").has_z.any()


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>奥维导出</name>
<Folder><name>住户</name>
<Placemark><name>王明</name><description>东街1号</description>
<ExtendedData><Data name="联系电话"><value>13812341234</value></Data>
<Data name="人口"><value>4</value></Data></ExtendedData>
<Point><coordinates>118.705,37.005,12.5</coordinates></Point></Placemark>
<Placemark><name>李华</name><Point><coordinates>118.715,37.005</coordinates></Point></Placemark>
</Folder>
<Folder><name>网格</name>
<Placemark><name>一网格</name><ExtendedData><Data name="编码"><value>37152110320101</value></Data>
<Data name="名称"><value>第一网格</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
118.70,37.0,0 118.71,37.0,0 118.71,37.01,0 118.70,37.01,0 118.70,37.0,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>二网格</name><LineString><coordinates>
118.71,37.0 118.72,37.0 118.72,37.01 118.71,37.01 118.71,37.0</coordinates></LineString></Placemark>
</Folder></Document></kml>
"""


@pytest.fixture
def kmz(tmp_path):
    path = tmp_path / "导出.kmz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", KML)
    return path


def test_kmz_two_folders(kmz, project):
    info = inspect_source(kmz, "households")
    assert info.layers == ["住户", "网格"]
    report = import_file(project, "households", kmz)  # all folders: the polygons are skipped
    households = project.layer("households")
    assert households["head"].tolist() == ["王明", "李华"]
    assert households["phone"].tolist()[0] == "13812341234"
    assert households["size"].tolist() == [4, 0]
    assert households["Description"].tolist()[0] == "东街1号"
    assert report.skipped == [
        {"row": 3, "reason": "polygon geometry; households needs points"},
        {"row": 4, "reason": "line geometry; households needs points"},
    ]
    np.testing.assert_allclose(households.geometry.x, [118.705, 118.715])
    assert not households.has_z.any()

    report = import_file(project, "grids_large", kmz, ImportOptions(layer="网格"))
    grids = project.layer("grids_large")
    assert grids["code"].tolist()[0] == "37152110320101"
    assert grids["name"].tolist() == ["一网格", "二网格"]  # the placemark names
    assert grids["名称"].tolist()[0] == "第一网格"  # other ExtendedData kept, Chinese names intact
    assert set(grids.geom_type) == {"Polygon"}  # the closed LineString became a polygon
    assert any("closed line" in w for w in report.warnings)


def test_plain_kml(tmp_path, project):
    path = tmp_path / "a.kml"
    path.write_text(KML.replace("118.715,37.005", "118.715, 37.005"), encoding="utf-8")
    import_file(project, "households", path, ImportOptions(layer="住户"))
    assert len(project.layer("households")) == 2


def test_kmz_zip_bomb_refused(tmp_path):
    path = tmp_path / "bomb.kmz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", KML + " " * 20_000_000)
    with pytest.raises(InputError, match="zip bomb"):
        read_source(path, "households")


def test_zipped_shapefile(tmp_path, project):
    gbk_shapefile(tmp_path)
    archive = tmp_path / "村界.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("村界.*"):
            if part.suffix != ".zip":
                zf.write(part, f"数据/{part.name}")
    report = import_file(project, "villages", archive)
    assert project.layer("villages")["name"].tolist() == NAMES
    assert report.detected["archive_member"] == "数据/村界.shp"
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("说明.csv", "户主,经度,纬度\n王明,118.7,37\n")
    with pytest.raises(InputError, match=r"村界\.zip holds 2 files \(村界\.shp, 说明\.csv\)"):
        read_source(archive, "villages")
    frame, _ = read_source(archive, "households", ImportOptions(layer="说明"))
    assert frame["head"].tolist() == ["王明"]


def test_vector_crs_problems(tmp_path, project):
    lonlat = tmp_path / "v.geojson"
    villages_frame().to_file(lonlat)
    with pytest.raises(InputError, match="v.geojson: the coordinates are longitude/latitude but"):
        read_source(lonlat, "villages", ImportOptions(crs="EPSG:4549"))
    plain = tmp_path / "plain.shp"
    pyogrio.write_dataframe(villages_frame(4549), plain, encoding="UTF-8")
    plain.with_suffix(".prj").unlink()
    with pytest.raises(InputError, match=r"plain\.shp: projected coordinates with no .*--crs"):
        read_source(plain, "villages")
    frame, report = read_source(plain, "villages", ImportOptions(crs="EPSG:4549"))
    np.testing.assert_allclose(frame.total_bounds, [118.7, 37, 118.73, 37.01])
    frame, report = read_source(plain, "villages", project_crs=gk_crs(40))
    assert any("project's zone" in w for w in report.warnings)
    wrong = tmp_path / "wrong.shp"  # a .prj that does not fit the numbers
    pyogrio.write_dataframe(villages_frame(4549).set_crs(4326, allow_override=True), wrong)
    with pytest.raises(InputError, match=r"wrong\.shp: .* is longitude/latitude but the numbers"):
        read_source(wrong, "villages")
    frame, _ = read_source(wrong, "villages", ImportOptions(crs="EPSG:4549"))
    np.testing.assert_allclose(frame.total_bounds, [118.7, 37, 118.73, 37.01])


def test_vector_points_in_gcj02(tmp_path, project):
    from pyproj import Geod

    from gisgrid.io.datum import wgs84_to_gcj02

    lon, lat = np.array([118.7012, 118.7234]), np.array([37.0011, 36.9934])
    x, y = wgs84_to_gcj02(lon, lat)
    path = tmp_path / "高德.geojson"
    gpd.GeoDataFrame(
        {"户主": ["王明", "李华"]}, geometry=gpd.points_from_xy(x, y), crs=4326
    ).to_file(path)
    report = import_file(project, "households", path, ImportOptions(coords="gcj02"))
    got = project.layer("households").geometry
    _, _, dist = Geod(ellps="WGS84").inv(got.x.to_numpy(), got.y.to_numpy(), lon, lat)
    assert np.abs(dist).max() < 1.0
    assert report.detected["coords"]["datum"] == "gcj02"
