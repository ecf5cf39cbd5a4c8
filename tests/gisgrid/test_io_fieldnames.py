"""Shapefile field names and encodings of real boundary files (issue 13.11).

Shapefile names are cut to 10 bytes (parent_code → parent_cod, VILLAGENAME → VILLAGENAM) and
English or pinyin-initial abbreviations are common (XZQDM 行政区代码, XZQMC 行政区名称); a name
or code that stays empty is said, with the --mapping that fixes it. Taiwan's .dbf files are Big5,
which is nearly always valid GBK too: read as GB18030 it became mojibake without a word.
"""

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from gisgrid.cli import main
from gisgrid.io.encoding import detect_bytes, garbled, plausibility
from gisgrid.io.fields import detect_mapping, truncations
from gisgrid.io.importer import ImportOptions, import_file
from gisgrid.project import Project

TOWN = "371521103000"
CODES = ["371521103201", "371521103202", "371521103203"]
NAMES = ["张家庄村", "李家屯村", "鑫源村"]
TW_NAMES = ["中正里", "大安里", "板橋區新興里"]


def _boxes():
    return [shapely.box(118.70 + 0.01 * i, 37.0, 118.71 + 0.01 * i, 37.01) for i in range(3)]


def shapefile(path, columns: dict, encoding: str = "GBK", cpg: bool = False):
    frame = gpd.GeoDataFrame(columns, geometry=_boxes(), crs=4490)
    pyogrio.write_dataframe(frame, path, encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink()
    return path


@pytest.fixture
def project():
    return Project.create(None, "临河镇", TOWN)


@pytest.mark.parametrize(
    ("layer", "columns", "expected"),
    [
        ("villages", ["OBJECTID", "VILLAGENAM", "VILLAGEID", "parent_cod"],
         {"code": "VILLAGEID", "name": "VILLAGENAM", "parent_code": "parent_cod"}),
        ("villages", ["VILLAGECOD", "villagenam", "TOWNCODE"],
         {"code": "VILLAGECOD", "name": "villagenam", "parent_code": "TOWNCODE"}),
        ("villages", ["NAME", "CODE", "PARENT"],
         {"code": "CODE", "name": "NAME", "parent_code": "PARENT"}),
        ("villages", ["XZQDM", "XZQMC"], {"code": "XZQDM", "name": "XZQMC"}),
        ("town", ["xzqdm", "xzqmc"], {"code": "xzqdm", "name": "xzqmc"}),
        ("grids_large", ["GRIDCODE", "VILLAGECOD", "GRIDNAME"],
         {"code": "GRIDCODE", "name": "GRIDNAME", "parent_code": "VILLAGECOD"}),
        # 上级网格编码 cut to 10 bytes of GBK; 网格编码 fits and wins for the code
        ("grids_small", ["上级网格编", "网格编码", "名称"],
         {"code": "网格编码", "name": "名称", "parent_code": "上级网格编"}),
        ("households", ["户主", "village_co"], {"head": "户主", "village_code": "village_co"}),
    ],
)  # fmt: skip
def test_truncated_and_abbreviated_headers_are_recognised(layer, columns, expected):
    assert detect_mapping(layer, columns) == expected


def test_exact_headers_win_over_truncations():
    # "parent_cod" is only tried once no header names parent_code exactly
    assert detect_mapping("villages", ["CODE", "parent_cod", "PARENT"])["parent_code"] == "PARENT"
    assert truncations("parent_code") == {"parent_cod"}
    assert truncations("上级网格编码") == {"上级网格编", "上级网"}  # GBK, UTF-8


def test_shapefile_with_truncated_english_fields(tmp_path, project):
    path = shapefile(
        tmp_path / "村界.shp",
        {"VILLAGENAM": NAMES, "VILLAGEID": CODES, "parent_cod": [TOWN] * 3},
    )
    report = import_file(project, "villages", path)
    villages = project.layer("villages")
    assert villages["name"].tolist() == NAMES
    assert villages["code"].tolist() == CODES
    assert villages["parent_code"].tolist() == [TOWN] * 3
    assert not any("left empty" in w for w in report.warnings)


def test_empty_name_and_code_are_said_with_the_mapping_that_fixes_them(tmp_path, capsys):
    project_file = tmp_path / "town.gpkg"
    Project.create(project_file, "临河镇", TOWN)
    path = shapefile(tmp_path / "村界.shp", {"CUNZHUANG": NAMES, "BIANHAO": CODES})
    assert main(["import", str(project_file), "villages", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    warnings = json.loads(out)["warnings"]
    name = next(w for w in warnings if w.startswith("no name column"))
    code = next(w for w in warnings if w.startswith("no code column"))
    assert "CUNZHUANG, BIANHAO" in name
    assert '--mapping map.json holding {"name": "CUNZHUANG"}' in name
    assert '{"code": "BIANHAO"}' in code and "number them in the app" in code
    assert "None" not in out and "nan" not in out
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"name": "CUNZHUANG", "code": "BIANHAO"}), encoding="utf-8")
    args = ["import", str(project_file), "villages", str(path), "--mapping", str(mapping)]
    assert main([*args, "--replace", "--json"]) == 0
    assert not any("left empty" in w for w in json.loads(capsys.readouterr().out)["warnings"])
    assert Project.open(project_file).layer("villages")["name"].tolist() == NAMES


def test_empty_code_column_is_said(tmp_path, project):
    path = shapefile(tmp_path / "v.shp", {"名称": NAMES, "编码": ["", "", ""]})
    report = import_file(project, "villages", path)
    assert any(w.startswith("column '编码' for code is empty") for w in report.warnings)


def test_big5_dbf_without_cpg_is_read_as_big5(tmp_path, project):
    path = shapefile(tmp_path / "tw.shp", {"VILLNAME": TW_NAMES, "VILLCODE": CODES}, "big5")
    report = import_file(project, "villages", path, ImportOptions(mapping={"name": "VILLNAME"}))
    assert project.layer("villages")["name"].tolist() == TW_NAMES
    assert report.detected["encoding"] == "big5"
    assert "Big5" in report.detected["encoding_from"]
    assert not any("garbled" in w for w in report.warnings)


def test_text_forced_into_the_wrong_encoding_is_said_to_look_garbled(tmp_path, project):
    path = shapefile(tmp_path / "tw.shp", {"NAME": TW_NAMES, "CODE": CODES}, "big5")
    report = import_file(project, "villages", path, ImportOptions(encoding="gbk"))
    warning = next(w for w in report.warnings if "garbled" in w)
    assert warning.startswith("tw.shp: the text read as gb18030 looks garbled")
    assert "--encoding big5" in warning


def test_big5_csv_is_detected(tmp_path):
    from gisgrid.io.tables import read_csv

    path = tmp_path / "tw.csv"
    pd.DataFrame({"里名": TW_NAMES * 3, "人口": [1, 2, 3] * 3}).to_csv(
        path, index=False, encoding="big5"
    )
    table = read_csv(path, None)
    assert table.encoding == "big5" and table.frame["里名"].tolist()[:3] == TW_NAMES


@pytest.mark.parametrize(
    "names",
    [NAMES, ["临河镇", "王家村", "李家村", "北关社区"], ["犇牛村", "淼泉村", "垚山社区"]],
)
def test_gbk_text_that_is_also_valid_big5_stays_gb18030(names):
    data = " ".join(names).encode("gbk")
    assert detect_bytes(data)[0] == "gb18030"
    assert garbled(data, "gb18030") is None
    assert plausibility(data, "gb18030") > 0.8


def test_too_little_text_to_tell_stays_gb18030():
    assert detect_bytes("中心里".encode("big5"))[0] == "gb18030"  # three characters
    assert plausibility("中心里".encode("big5"), "big5") is None


def test_big5_ledger_with_traditional_headers_is_imported(tmp_path):
    path = tmp_path / "住戶.csv"
    text = "戶主,經度,緯度,聯繫電話\n王大明,118.701,36.901,0912345678\n李小華,118.702,36.902,\n"
    path.write_bytes(text.encode("big5"))
    project = Project.create(None, "臨河鎮")
    report = import_file(project, "households", path)
    households = project.layer("households")
    assert report.detected["encoding"] == "big5"
    assert households["head"].tolist() == ["王大明", "李小華"]
    assert households["phone"].tolist()[0] == "0912345678"
    assert report.detected["coords"]["lon"] == "經度"
