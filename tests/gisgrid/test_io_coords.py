"""Coordinate columns: names, number formats, datum hints, encodings and header words."""

import numpy as np
import pandas as pd
import pytest

from gisgrid.io.coords import column_role, datum_hint, parse_numbers, split_combined
from gisgrid.io.encoding import detect_bytes
from gisgrid.io.fields import detect_mapping
from gisgrid.io.ids import stable_ids
from gisgrid.io.tables import pick_header


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("经度", "lon"),
        ("纬度", "lat"),
        ("东经", "lon"),
        ("北纬", "lat"),
        ("lng", "lon"),
        ("Long", "lon"),
        ("X坐标", "lon"),
        ("Y坐标", "lat"),
        ("经度（高德）", "lon"),
        ("百度纬度", "lat"),
        ("BD经度", "lon"),
        ("GPS经度(°)", "lon"),
        ("坐标", "combined"),
        ("经纬度", "combined"),
        ("位置", "combined"),
        ("Location", "combined"),
        ("地址", None),
        ("坐标系", None),
        ("户主", None),
    ],
)
def test_column_roles(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize(
    ("text", "datum"),
    [("高德经度", "gcj02"), ("GCJ-02", "gcj02"), ("火星坐标", "gcj02"), ("百度纬度", "bd09"),
     ("BD09", "bd09"), ("WGS84经度", "wgs84"), ("经度", None)],
)  # fmt: skip
def test_datum_hints(text, datum):
    assert datum_hint(text) == datum


def test_parse_numbers_formats():
    values = pd.Series(["118.71", " 118.72 ", "118.73°", "E118.74", "118°44′24″", "abc", None])
    got = parse_numbers(values)
    np.testing.assert_allclose(got[:5], [118.71, 118.72, 118.73, 118.74, 118 + 44 / 60 + 24 / 3600])
    assert np.isnan(got[5]) and np.isnan(got[6])


def test_split_combined_formats():
    x, y = split_combined(pd.Series(["118.71,36.93", "118.71，36.93", "(118.71; 36.93)", "x"]))
    np.testing.assert_allclose(x[:3], 118.71)
    np.testing.assert_allclose(y[:3], 36.93)
    assert np.isnan(x[3])


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("户主".encode("gbk"), "gb18030"),
        ("户主".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "户主".encode(), "utf-8-sig"),
        (b"name", "utf-8"),
    ],
)
def test_detect_bytes(data, codec):
    assert detect_bytes(data * 20)[0] == codec


def test_pick_header_below_titles():
    rows = [["2026年张家庄村台账", None, None], [None, None, None], ["序号", "户主", "联系电话"]]
    assert pick_header(rows + [[1, "王明", "138"]]) == 2


def test_detect_mapping_per_layer():
    columns = ["网格名称", "网格编码", "上级网格编码", "村名"]
    assert detect_mapping("grids_small", columns) == {
        "code": "网格编码",
        "name": "网格名称",
        "parent_code": "上级网格编码",
    }
    assert detect_mapping("households", ["户主姓名", "手机号", "村名", "身份证号码", "户类型"]) == {
        "head": "户主姓名",
        "phone": "手机号",
        "id_number": "身份证号码",
        "village_code": "村名",
        "tags": "户类型",
    }


def test_stable_ids_are_stable_and_unique():
    frame = pd.DataFrame({"户主": ["王明", "李华", "王明"], "地址": ["东街", "西街", "东街"]})
    ids = stable_ids(frame, "H")
    assert ids.tolist() == stable_ids(frame.copy(), "H").tolist()
    assert ids.is_unique and ids.iloc[2] == ids.iloc[0] + "-2"
