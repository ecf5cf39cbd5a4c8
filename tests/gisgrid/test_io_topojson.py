"""Features without geometry are counted, and numbered as in the file, in every vector format.

Issue 13.10: a TopoJSON of 8,067 villages read through GDAL came in as 7,599 with "skipped 0"
(GDAL drops a feature whose geometry is null) and the feature numbers in warnings were shifted.
"""

import json
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.io.importer import ImportOptions, import_file, inspect_source, read_source
from gisgrid.io.sources import source_kind
from gisgrid.project import Project

CODES = ["371521103201", "371521103202", "371521103203", "371521103204", "371521103205"]
NAMES = ["甲村", "乙村", "丙村", "丁村", "戊村"]


def _square(i: int) -> list[list[float]]:
    x = 118.70 + 0.01 * i
    return [[x, 37.0], [x + 0.01, 37.0], [x + 0.01, 37.01], [x, 37.01], [x, 37.0]]


def _quantised(points: list[list[float]]) -> list[list[int]]:
    """Delta-encode positions on a 0.001° grid from (118, 37), as TopoJSON writers do."""
    q = np.rint((np.array(points) - [118.0, 37.0]) / 0.001).astype(int)
    return np.vstack([q[:1], np.diff(q, axis=0)]).tolist()


def topology(quantised: bool = False) -> dict:
    """Five villages: 2 has a null geometry, 4 no type at all, 5 is a bow-tie (invalid)."""
    bowtie = [[118.74, 37.0], [118.75, 37.01], [118.75, 37.0], [118.74, 37.01], [118.74, 37.0]]
    arcs = [_square(0), _square(2), bowtie]
    features = [
        {"type": "Polygon", "arcs": [[0]]},
        {"type": None},
        {"type": "Polygon", "arcs": [[1]]},
        {},
        {"type": "Polygon", "arcs": [[2]]},
    ]
    for f, name, code in zip(features, NAMES, CODES, strict=True):
        f["properties"] = {"名称": name, "编码": code}
    data = {
        "type": "Topology",
        "objects": {"村界": {"type": "GeometryCollection", "geometries": features}},
        "arcs": [_quantised(a) for a in arcs] if quantised else arcs,
    }
    if quantised:
        data["transform"] = {"scale": [0.001, 0.001], "translate": [118.0, 37.0]}
    return data


def write(path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def project():
    return Project.create(None, "临河镇", "371521103000")


@pytest.mark.parametrize("quantised", [False, True])
@pytest.mark.parametrize("name", ["村界.topojson", "村界.json"])
def test_features_without_geometry_are_skipped_with_their_number(
    tmp_path, project, name, quantised
):
    path = tmp_path / name
    write(path, topology(quantised))
    assert source_kind(path) == "topojson"  # by the content, as GDAL tells it
    report = import_file(project, "villages", path)
    assert (report.read, report.imported) == (5, 3)
    assert report.skipped == [
        {"row": 2, "reason": "no geometry"},
        {"row": 4, "reason": "no geometry"},
    ]
    assert any("features 5;" in w for w in report.warnings)  # the bow-tie, by its own number
    villages = project.layer("villages")
    assert villages["name"].tolist() == ["甲村", "丙村", "戊村"]
    assert villages["code"].tolist() == [CODES[0], CODES[2], CODES[4]]
    assert shapely.equals_exact(villages.geometry.iloc[0], shapely.Polygon(_square(0)), 1e-9)
    text = report.summary()
    assert "跳过 skipped 2" in text and "跳过 feature 2: no geometry" in text


def test_geometries_equal_what_gdal_reads(tmp_path):
    path = tmp_path / "v.json"
    write(path, topology(quantised=True))
    frame, _ = read_source(path, "villages")
    gdal = pyogrio.read_dataframe(path)  # GDAL's driver drops features 2 and 4
    assert len(gdal) == 3
    for ours, theirs in zip(frame.geometry, gdal.geometry, strict=True):
        assert shapely.equals_exact(ours, theirs, tolerance=1e-9)


def test_cli_json_counts_the_skipped(tmp_path, capsys):
    project_file = tmp_path / "town.gpkg"
    Project.create(project_file, "临河镇", "371521103000")
    path = tmp_path / "村界.topojson"
    write(path, topology())
    assert main(["import", str(project_file), "villages", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["read"], out["imported"], out["unit"]) == (5, 3, "feature")
    assert [s["row"] for s in out["skipped"]] == [2, 4]
    assert len(Project.open(project_file).layer("villages")) == 3


def test_several_objects_need_a_layer(tmp_path, project):
    data = topology()
    data["objects"]["镇界"] = {"type": "Polygon", "arcs": [[0]], "properties": {"名称": "临河镇"}}
    path = tmp_path / "all.topojson"
    write(path, data)
    with pytest.raises(InputError, match=r"holds 2 layers \(村界, 镇界\); choose one with --layer"):
        read_source(path, "villages")
    report = import_file(project, "town", path, ImportOptions(layer="镇界"))
    assert report.imported == 1 and project.layer("town")["name"].tolist() == ["临河镇"]
    with pytest.raises(InputError, match="no layer '路网'; its layers are 村界, 镇界"):
        read_source(path, "villages", ImportOptions(layer="路网"))
    info = inspect_source(path, "villages")
    assert info.layers == ["村界", "镇界"] and "holds 2 layers" in info.warnings[0]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"arcs": [[9]]}, "arc 9 does not exist"),
        ({"type": "Blob"}, "unknown geometry"),
    ],
)
def test_damaged_feature_costs_only_itself(tmp_path, project, change, reason):
    data = topology()
    data["objects"]["村界"]["geometries"][0].update(change)
    path = tmp_path / "v.topojson"
    write(path, data)
    report = import_file(project, "villages", path)
    assert report.skipped[0]["row"] == 1 and reason in report.skipped[0]["reason"]
    assert report.imported == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "Topology", "objects": {"v": ', "not valid JSON"),
        ('{"type": "Topology", "objects": {}, "arcs": []}', "holds no objects"),
        ('{"type": "Topology", "objects": {"v": {"type": "GeometryCollection"}}}', "no features"),
    ],
)
def test_unreadable_topology_is_one_line(tmp_path, text, message):
    path = tmp_path / "v.topojson"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        read_source(path, "villages")
    assert "\n" not in str(info.value) and str(info.value).startswith("v.topojson")


def _frame_with_a_gap() -> gpd.GeoDataFrame:
    geoms = [shapely.Polygon(_square(i)) for i in range(3)]
    geoms[1] = None
    return gpd.GeoDataFrame({"名称": NAMES[:3], "编码": CODES[:3]}, geometry=geoms, crs=4490)


def _kml(path) -> None:
    marks = []
    for i, name in enumerate(NAMES[:3]):
        ring = " ".join(f"{x},{y}" for x, y in _square(i))
        shape = (
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
            "</LinearRing></outerBoundaryIs></Polygon>"
        )
        marks.append(f"<Placemark><name>{name}</name>{'' if i == 1 else shape}</Placemark>")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document>{''.join(marks)}</Document></kml>",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("v.shp", 2),
        ("v.gpkg", 2),
        ("v.geojson", 2),
        ("v.kml", 2),
        ("v.topojson", 2),
        ("v.csv", 3),  # a table: the CSV row number, header on row 1
    ],
)
def test_every_format_counts_a_feature_without_geometry(tmp_path, project, name, row):
    path = tmp_path / name
    frame = _frame_with_a_gap()
    if name.endswith(".kml"):
        _kml(path)
    elif name.endswith(".topojson"):
        data = topology()
        del data["objects"]["村界"]["geometries"][3:]
        write(path, data)
    elif name.endswith(".csv"):
        wkt = [g.wkt if g is not None else "" for g in frame.geometry]
        pd.DataFrame({"名称": frame["名称"], "WKT": wkt}).to_csv(path, index=False)
    else:
        pyogrio.write_dataframe(frame, path)
    report = import_file(project, "villages", path)
    assert (report.read, report.imported) == (3, 2)
    assert report.skipped == [{"row": row, "reason": "no geometry"}]


def test_geopackage_features_are_numbered_by_fid(tmp_path, project):
    """After rows were deleted the fid QGIS shows is what the report names."""
    path = tmp_path / "v.gpkg"
    geoms = [shapely.Polygon(_square(i)) for i in range(5)]
    geoms[3] = None
    frame = gpd.GeoDataFrame({"名称": NAMES, "编码": CODES}, geometry=geoms, crs=4490)
    pyogrio.write_dataframe(frame, path, layer="v")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM v WHERE fid IN (1, 2)")
    report = import_file(project, "villages", path)
    assert report.skipped == [{"row": 4, "reason": "no geometry"}]
    assert project.layer("villages")["name"].tolist() == ["丙村", "戊村"]


def test_kml_folder_keeps_the_placemark_number_in_the_file(tmp_path, project):
    ring = " ".join(f"{x},{y}" for x, y in _square(0))
    poly = (
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
        "</LinearRing></outerBoundaryIs></Polygon>"
    )
    path = tmp_path / "v.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document><Folder><name>道路</name><Placemark>{poly}</Placemark></Folder>"
        f"<Folder><name>村界</name><Placemark><name>甲村</name>{poly}</Placemark>"
        "<Placemark><name>乙村</name></Placemark></Folder></Document></kml>",
        encoding="utf-8",
    )
    report = import_file(project, "villages", path, ImportOptions(layer="村界"))
    assert report.skipped == [{"row": 3, "reason": "no geometry"}]
