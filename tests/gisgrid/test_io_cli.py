"""`gisgrid import` end to end: JSON report, and bad input leaving the project file as it was."""

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from gisgrid.cli import main
from gisgrid.project import Project


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "town.gpkg"
    Project.create(path, "临河镇", "371521103000")
    return path


def test_import_json_report(tmp_path, project_file, capsys):
    csv = tmp_path / "住户.csv"
    pd.DataFrame(
        {
            "户主": ["王明", "李华", "张伟"],
            "经度": [118.7, None, 118.72],
            "纬度": [37.0, 37.01, 37.02],
        }
    ).to_csv(csv, index=False, encoding="gb18030")
    code = main(["import", str(project_file), "households", str(csv), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"read", "imported", "skipped", "warnings", "detected"} <= set(out)
    assert (out["read"], out["imported"]) == (3, 2)
    assert out["skipped"] == [{"row": 3, "reason": "missing coordinates (经度 empty)"}]
    assert out["detected"]["encoding"] == "gb18030"
    saved = Project.open(project_file).layer("households")
    assert saved["head"].tolist() == ["王明", "张伟"]

    code = main(["import", str(project_file), "households", str(csv), "--coords", "gcj02"])
    text = capsys.readouterr().out
    assert code == 0 and "imported 2" in text and "row 3" in text
    # the same households again (ids made from the same rows): updated, not doubled
    assert "2 id(s) already in the layer were updated" in text
    again = Project.open(project_file).layer("households")
    assert len(again) == 2 and not again.geometry.geom_equals(saved.geometry).any()
    code = main(["import", str(project_file), "households", str(csv), "--replace", "--json"])
    assert code == 0 and len(Project.open(project_file).layer("households")) == 2


def _bad_inputs(tmp_path):
    """Each bad input: (file, extra CLI args, words the message must contain)."""
    cases = []
    boxes = gpd.GeoDataFrame(
        {"名称": ["甲"]}, geometry=[shapely.box(118.7, 37, 118.71, 37.01)], crs=4490
    )
    for part in (".dbf", ".shx"):
        shp = tmp_path / f"no{part[1:]}.shp"
        pyogrio.write_dataframe(boxes, shp)
        shp.with_suffix(part).unlink()
        cases.append((shp, [], f"no{part[1:]}{part} missing"))
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    cases.append((empty, [], "empty.geojson: the file is empty"))
    nocoord = tmp_path / "nocoord.csv"
    nocoord.write_text("户主,地址\n王明,东街\n", encoding="utf-8")
    cases.append((nocoord, [], "no geometry and no coordinate columns"))
    lonlat = tmp_path / "lonlat.csv"
    lonlat.write_text("户主,经度,纬度\n王明,118.7,37.0\n", encoding="utf-8")
    cases.append((lonlat, ["--crs", "EPSG:4549"], "is projected"))
    cases.append((lonlat, ["--crs", "EPSG:12345678"], "unknown coordinate system"))
    cases.append((lonlat, ["--encoding", "nope"], "unknown text encoding 'nope'"))
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("户主,经度,纬度\n王明,118.7,37.0\n".encode("gbk"))
    cases.append((gbk, ["--encoding", "utf-8"], "not valid utf-8"))
    far = tmp_path / "far.csv"
    far.write_text("户主,经度,纬度\n王明,0,0\n", encoding="utf-8")
    cases.append((far, [], "none of the 1 rows could be imported (row 2: coordinates (0, 0) fall"))
    two = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(boxes, two, layer="a")
    pyogrio.write_dataframe(boxes, two, layer="b")
    cases.append((two, [], "holds 2 layers (a, b); choose one with --layer"))
    poly = tmp_path / "poly.geojson"
    boxes.to_file(poly)
    cases.append((poly, [], "wrong geometry type: polygon geometry; households needs points"))
    binary = tmp_path / "bin.csv"
    binary.write_bytes(bytes([0x81, 0x20, 0xFF, 0x30]) * 50)
    cases.append((binary, [], "cannot tell its text encoding; pass --encoding"))
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.4")
    cases.append((doc, [], "unsupported file type .pdf"))
    kmz = tmp_path / "bomb.kmz"
    with zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", "<kml>" + " " * 3_000_000 + "</kml>")
    cases.append((kmz, [], "zip bomb"))
    cases.append((tmp_path / "missing.csv", [], "missing.csv: file not found"))
    return cases


def test_bad_input_leaves_project_file_unchanged(tmp_path, project_file, capsys):
    ok = tmp_path / "ok.csv"
    ok.write_text("户主,经度,纬度\n王明,118.7,37.0\n", encoding="utf-8")
    assert main(["import", str(project_file), "households", str(ok)]) == 0
    before = project_file.read_bytes()
    capsys.readouterr()
    for path, extra, words in _bad_inputs(tmp_path):
        code = main(["import", str(project_file), "households", str(path), *extra])
        err = capsys.readouterr().err
        assert code == 2, (path.name, err)
        assert words in err, (path.name, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert project_file.read_bytes() == before, path.name
    leftovers = [p.name for p in tmp_path.iterdir() if "gisgrid-tmp" in p.name]
    assert leftovers == []


def test_gk_without_zone_into_empty_project(tmp_path, project_file, capsys):
    gk = tmp_path / "gk.csv"
    gk.write_text("户主,X,Y\n王明,512345.1,4098765.2\n", encoding="utf-8")
    before = project_file.read_bytes()
    assert main(["import", str(project_file), "households", str(gk)]) == 2
    assert "pass --crs EPSG:45xx" in capsys.readouterr().err
    assert project_file.read_bytes() == before
    assert main(["import", str(project_file), "households", str(gk), "--crs", "EPSG:4548"]) == 0
    ((x, y),) = Project.open(project_file).layer("households").geometry.get_coordinates().to_numpy()
    assert 116.5 < x < 117.5 and 36.9 < y < 37.1
