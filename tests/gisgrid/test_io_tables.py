"""Tables: Excel ledgers with title rows and merged cells, CSV encodings, coordinate columns."""

import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer

from gisgrid.errors import Cancelled, InputError
from gisgrid.io.datum import (
    bd09_to_wgs84,
    gcj02_to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from gisgrid.io.importer import ImportOptions, import_file, inspect_source, read_source
from gisgrid.project import Project

GEOD = Geod(ellps="WGS84")
LON = np.array([118.7012, 118.7234, 118.7456, 118.6891])
LAT = np.array([37.0011, 36.9934, 37.0123, 36.9876])
HEADS = ["王小明", "李华", "张伟", "刘洋"]


@pytest.fixture
def project():
    return Project.create(None, "临河镇")


def ledger(path, header, rows, title="张家庄村住户台账"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.cell(1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for j, h in enumerate(header, 1):
        ws.cell(2, j, h)
    for i, row in enumerate(rows, 3):
        for j, v in enumerate(row, 1):
            ws.cell(i, j, v)
    wb.save(path)
    return path


def metres_off(gdf, lon, lat):
    _, _, dist = GEOD.inv(gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy(), lon, lat)
    return np.abs(dist)


@pytest.mark.parametrize(
    ("datum", "forward", "header", "option"),
    [
        ("gcj02", wgs84_to_gcj02, ["经度", "纬度"], "gcj02"),
        ("gcj02", wgs84_to_gcj02, ["经度(高德)", "纬度(高德)"], None),
        ("bd09", wgs84_to_bd09, ["经度", "纬度"], "bd09"),
        ("bd09", wgs84_to_bd09, ["百度经度", "百度纬度"], None),
    ],
)
def test_excel_ledger_with_web_map_points(tmp_path, project, datum, forward, header, option):
    x, y = forward(LON, LAT)
    rows = [
        [h, f"张家庄村{i}号", 13812340000 + i, float(a), float(b)]
        for i, (h, a, b) in enumerate(zip(HEADS, x, y))
    ]
    path = ledger(tmp_path / "台账.xlsx", ["户主", "地址", "联系电话", *header], rows)
    report = import_file(project, "households", path, ImportOptions(coords=option))
    got = project.layer("households")
    assert got["head"].tolist() == HEADS
    assert got["address"].tolist()[1] == "张家庄村1号"
    assert got["phone"].tolist()[0] == "13812340000"
    assert metres_off(got, LON, LAT).max() < 1.0
    assert report.detected["header_row"] == 2
    assert report.detected["coords"]["datum"] == datum
    assert report.detected["coords"]["datum_from"] == ("option" if option else "header")


def test_inverse_datums_are_exact():
    lon = np.linspace(74, 135, 2001)
    lat = np.linspace(4, 53, 2001)
    for fwd, inv in ((wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)):
        x, y = inv(*fwd(lon, lat))
        assert np.abs(x - lon).max() < 1e-7 and np.abs(y - lat).max() < 1e-7
    shifted = np.hypot(*(np.subtract(wgs84_to_gcj02(118.7, 37.0), (118.7, 37.0))))
    assert 0.003 < shifted < 0.01  # GCJ-02 moves points by hundreds of metres


def test_skipped_rows_carry_excel_row_numbers(tmp_path, project):
    rows = [
        ["甲", "1号", 118.70, 37.00],  # row 3
        ["乙", "2号", 37.01, 118.71],  # row 4, swapped
        ["丙", "3号", None, None],  # row 5
        ["丁", "4号", "abc", 37.0],  # row 6
        ["戊", "5号", 0, 0],  # row 7
        [None, None, None, None],  # row 8, blank: ignored
        ["己", "6号", "118.72°", "37.02"],  # row 9
    ]
    path = ledger(tmp_path / "l.xlsx", ["户主", "住址", "东经", "北纬"], rows)
    report = import_file(project, "households", path)
    assert report.read == 6 and report.imported == 3
    assert [s["row"] for s in report.skipped] == [5, 6, 7]
    assert report.skipped[0]["reason"] == "missing coordinates"
    assert "abc" in report.skipped[1]["reason"]
    assert "outside China" in report.skipped[2]["reason"]
    assert any("swapped" in w and "rows 4" in w for w in report.warnings)
    got = project.layer("households")
    assert got["head"].tolist() == ["甲", "乙", "己"]
    np.testing.assert_allclose(got.geometry.x, [118.70, 118.71, 118.72])


def test_header_under_merged_two_row_header(tmp_path, project):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "2026年低保户台账"
    ws.merge_cells("A1:F1")
    ws["A2"], ws["B2"], ws["C2"], ws["E2"], ws["F2"] = (
        "户主姓名",
        "家庭人数",
        "坐标",
        "低保",
        "特困",
    )
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws["C3"], ws["D3"] = "经度", "纬度"
    ws.append(["王明", 3, 118.7, 37.0, "√", None])
    ws.append(["李华", 2, 118.71, 37.01, "√", "√"])
    wb.save(tmp_path / "two.xlsx")
    report = import_file(project, "households", tmp_path / "two.xlsx")
    got = project.layer("households")
    assert report.detected["header_row"] == 3
    assert got["head"].tolist() == ["王明", "李华"]
    assert got["size"].tolist() == [3, 2]
    assert got["tags"].tolist() == ["低保", "低保;特困"]
    assert got["id"].str.match(r"^H[0-9a-f]{16}$").all()
    again, _ = read_source(tmp_path / "two.xlsx", "households")
    assert again["id"].tolist() == got["id"].tolist()  # stable ids


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8", "gbk"])
def test_csv_encodings(tmp_path, project, encoding):
    frame = pd.DataFrame(
        {"户主": HEADS, "家庭住址": ["东街", "西街", "南街", "北街"], "lng": LON, "lat": LAT}
    )
    path = tmp_path / "h.csv"
    path.write_bytes(("临河镇住户名单\n" + frame.to_csv(index=False)).encode(encoding))
    report = import_file(project, "households", path)
    got = project.layer("households")
    assert got["head"].tolist() == HEADS
    assert got["address"].tolist()[0] == "东街"
    assert report.detected["header_row"] == 2
    assert report.skipped == []
    want = {"gb18030": "gb18030", "gbk": "gb18030", "utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}
    assert report.detected["encoding"] == want[encoding]


@pytest.mark.parametrize("sep", [",", "，", " ", ", "])
def test_combined_coordinate_column(tmp_path, project, sep):
    text = [f"{a:.5f}{sep}{b:.5f}" for a, b in zip(LON, LAT)]
    text[2] = f"{LAT[2]:.5f},{LON[2]:.5f}"  # picked from Google: lat first
    path = tmp_path / "c.csv"
    pd.DataFrame({"姓名": HEADS, "位置": text}).to_csv(path, index=False)
    report = import_file(project, "households", path)
    got = project.layer("households")
    np.testing.assert_allclose(got.geometry.x, LON, atol=1e-5)
    np.testing.assert_allclose(got.geometry.y, LAT, atol=1e-5)
    assert report.detected["coords"]["combined"] == "位置"
    assert report.detected["coords"]["swapped_rows"] == 1


def gk_table(tmp_path, prefixed, swap=False):
    epsg = 4528 if prefixed else 4549  # zone 40 with prefix / CM 120E (zone 40) without
    x, y = Transformer.from_crs(4490, epsg, always_xy=True).transform(LON, LAT)
    cols = {"户主": HEADS, "X坐标": y, "Y坐标": x} if swap else {"户主": HEADS, "X": x, "Y": y}
    path = tmp_path / "gk.csv"
    pd.DataFrame(cols).to_csv(path, index=False, float_format="%.4f")
    return path


@pytest.mark.parametrize("swap", [False, True])  # survey order: X = northing
def test_gk_with_zone_prefix(tmp_path, project, swap):
    report = import_file(project, "households", gk_table(tmp_path, True, swap))
    coords = report.detected["coords"]
    assert coords["kind"] == "projected" and coords["gk_zone"] == 40 and coords["zone_prefixed"]
    assert coords["crs"] == "EPSG:4528"
    assert metres_off(project.layer("households"), LON, LAT).max() < 0.01


def test_gk_without_prefix_needs_a_zone(tmp_path, project):
    path = gk_table(tmp_path, False)
    with pytest.raises(InputError, match=r"gk\.csv: projected coordinates without a zone"):
        import_file(project, "households", path)
    report = import_file(project, "households", path, ImportOptions(crs="EPSG:4549"))
    assert report.detected["coords"]["gk_zone"] == 40
    assert metres_off(project.layer("households"), LON, LAT).max() < 0.01
    # the project now has data in zone 40: the zone is taken from it
    report = import_file(project, "households", path, ImportOptions(replace=True))
    assert any("project's zone" in w for w in report.warnings)
    assert metres_off(project.layer("households"), LON, LAT).max() < 0.01


def test_crs_option_transforms_lonlat_of_other_datum(tmp_path, project):
    path = tmp_path / "p.csv"
    pd.DataFrame({"户主": HEADS, "经度": LON, "纬度": LAT}).to_csv(path, index=False)
    with pytest.raises(InputError, match="look like longitude/latitude .* is projected"):
        read_source(path, "households", ImportOptions(crs="EPSG:4549"))
    with pytest.raises(InputError, match="unknown coordinate system 'EPSG:999999'"):
        read_source(path, "households", ImportOptions(crs="EPSG:999999"))
    frame, _ = read_source(path, "households", ImportOptions(crs="EPSG:4326"))
    np.testing.assert_allclose(frame.geometry.x, LON)


@pytest.mark.parametrize("suffix", ["json", "toml"])
def test_mapping_file(tmp_path, project, suffix):
    from gisgrid.io.importer import load_mapping

    path = tmp_path / "m.csv"
    pd.DataFrame(
        {
            "户主名": HEADS,
            "门牌": ["1", "2", "3", "4"],
            "lon": LON,
            "lat": LAT,
            "备注": list("abcd"),
        }
    ).to_csv(path, index=False)
    mfile = tmp_path / f"map.{suffix}"
    if suffix == "json":
        mfile.write_text(json.dumps({"head": "户主名", "address": "门牌"}), encoding="utf-8")
    else:
        mfile.write_text('[mapping]\nhead = "户主名"\naddress = "门牌"\n', encoding="utf-8")
    mapping = load_mapping(mfile)
    import_file(project, "households", path, ImportOptions(mapping=mapping))
    got = project.layer("households")
    assert got["head"].tolist() == HEADS and got["address"].tolist()[0] == "1"
    assert got["备注"].tolist() == list("abcd")  # unknown columns are kept
    with pytest.raises(InputError, match="mapping: column '户主' .* is not in m.csv"):
        read_source(path, "households", ImportOptions(mapping={"head": "户主"}))
    with pytest.raises(InputError, match="mapping: 'boss' is not a field of layer households"):
        read_source(path, "households", ImportOptions(mapping={"boss": "户主名"}))


def test_issue_and_cadre_fields(tmp_path, project):
    path = tmp_path / "i.csv"
    pd.DataFrame(
        {
            "工单编号": ["GD1", "GD2"],
            "受理时间": ["2026-11-02 09:30", "2026-11-03 14:00"],
            "诉求类别": ["人居环境", "道路交通"],
            "诉求内容": ["垃圾未清运", "路灯不亮"],
            "来源": ["12345热线", "网格巡查"],
            "办理状态": ["已办结", "办理中"],
            "经度": [118.70, 118.71],
            "纬度": [37.0, 37.01],
        }
    ).to_csv(path, index=False)
    import_file(project, "issues", path)
    issues = project.layer("issues")
    assert issues["id"].tolist() == ["GD1", "GD2"]
    assert issues["source"].tolist() == ["hotline", "patrol"]
    assert issues["status"].tolist() == ["resolved", "handled"]
    assert issues["reported_at"].iloc[0] == pd.Timestamp("2026-11-02 09:30")
    cadres = tmp_path / "c.csv"
    pd.DataFrame(
        {"姓名": ["赵强"], "职务": ["网格长"], "政治面貌": ["中共党员"], "坐标": ["118.7,37.0"]}
    ).to_csv(cadres, index=False)
    import_file(project, "cadres", cadres)
    row = project.layer("cadres").iloc[0]
    assert (row["name"], row["role"], bool(row["party_member"])) == ("赵强", "grid_leader", True)


def test_text_numbers_and_chinese_dates(tmp_path, project):
    path = tmp_path / "d.csv"
    pd.DataFrame(
        {
            "工单编号": ["A", "B", "C"],
            "受理时间": ["2026年11月2日 9时30分", "2026/11/03 14:05", "不详"],
            "满意度": ["满意", "5分", ""],
            "经度": [118.7] * 3,
            "纬度": [37.0] * 3,
        }
    ).to_csv(path, index=False)
    import_file(project, "issues", path)
    issues = project.layer("issues")
    assert issues["reported_at"].iloc[0] == pd.Timestamp("2026-11-02 09:30")
    assert issues["reported_at"].iloc[1] == pd.Timestamp("2026-11-03 14:05")
    assert pd.isna(issues["reported_at"].iloc[2])
    assert issues["satisfaction"].iloc[:2].tolist() == [4.0, 5.0]
    hh = tmp_path / "h.csv"
    pd.DataFrame({"户主": ["王明"], "人口": ["4人"], "经度": [118.7], "纬度": [37.0]}).to_csv(
        hh, index=False
    )
    import_file(project, "households", hh)
    assert project.layer("households")["size"].tolist() == [4]


def test_assignments_table(tmp_path, project):
    path = tmp_path / "a.csv"
    pd.DataFrame(
        {"干部编号": ["C1"], "职责": ["网格长"], "层级": ["small"], "网格编码": ["1"]}
    ).to_csv(path, index=False)
    report = import_file(project, "assignments", path)
    assert report.imported == 1
    assert project.layer("assignments")["cadre_id"].tolist() == ["C1"]


def test_village_names_become_codes(tmp_path, project):
    villages = project.layer("villages").iloc[:0]
    import geopandas as gpd

    villages = gpd.GeoDataFrame(
        {"code": ["371521103201"], "name": ["张家庄村"], "parent_code": [None], "kind": ["rural"]},
        geometry=[shapely.box(118.6, 36.9, 118.8, 37.1)],
        crs=4490,
    )
    project.set_layer("villages", villages)
    path = tmp_path / "v.csv"
    pd.DataFrame(
        {"户主": ["王明"], "所属村": ["张家庄村"], "经度": [118.7], "纬度": [37.0]}
    ).to_csv(path, index=False)
    import_file(project, "households", path)
    assert project.layer("households")["village_code"].tolist() == ["371521103201"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("blank.csv", b"\n\n", "blank.csv: the file is empty"),
        ("header.csv", "户主,经度,纬度\n".encode(), "header.csv: no rows to import"),
        (
            "nocoord.csv",
            "户主,地址\n王明,东街\n".encode(),
            "nocoord.csv: no geometry and no coordinate",
        ),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0",
            r"old.xls: unsupported file type .xls; .*save it as .xlsx",
        ),
        ("bad.xlsx", b"not a zip", "bad.xlsx: not a valid workbook"),
        ("bad.kmz", b"not a zip", "bad.kmz: not a valid KMZ"),
        ("bad.kml", b"<kml><Placemark>", "bad.kml: not valid KML"),
        ("bin.csv", bytes([0x81, 0x20, 0xFF, 0x30]) * 50, "bin.csv: cannot tell its text encoding"),
    ],
)
def test_bad_tables(tmp_path, project, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_file(project, "households", path)
    assert len(project.layer("households")) == 0


def test_table_into_polygon_layer_refused(tmp_path, project):
    path = tmp_path / "v.csv"
    pd.DataFrame({"名称": ["甲"], "经度": [118.7], "纬度": [37.0]}).to_csv(path, index=False)
    with pytest.raises(
        InputError, match="v.csv: a table holds points, but villages needs polygons"
    ):
        import_file(project, "villages", path)


def test_progress_cancel_append_replace_and_inspect(tmp_path, project):
    path = tmp_path / "p.csv"
    pd.DataFrame({"户主": HEADS, "经度": LON, "纬度": LAT}).to_csv(path, index=False)
    seen = []
    import_file(project, "households", path, progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    again = import_file(project, "households", path)  # the same rows: updated, not doubled
    assert len(project.layer("households")) == 4
    assert any("4 id(s) already in the layer were updated" in n for n in again.notes)
    with pytest.raises(Cancelled):
        import_file(project, "households", path, cancelled=lambda: True)
    assert len(project.layer("households")) == 4
    import_file(project, "households", path, ImportOptions(replace=True))
    assert len(project.layer("households")) == 4
    info = inspect_source(path, "households")
    assert info.columns == ["户主", "经度", "纬度"] and info.mapping == {"head": "户主"}
    assert info.coords["lon"] == "经度" and info.header_row == 1 and info.encoding == "utf-8"
    assert len(info.preview) == 4


def test_csv_two_header_rows_and_ragged_lines(tmp_path, project):
    path = tmp_path / "two.csv"
    path.write_text(
        "临河镇住户表,,\n户主,坐标,坐标\n户主,经度,纬度\n王明,118.7,37.0\n李华,118.71,37.01\n",
        encoding="utf-8",
    )
    report = import_file(project, "households", path)
    assert report.detected["header_row"] == 3
    assert project.layer("households")["head"].tolist() == ["王明", "李华"]
    bad = tmp_path / "ragged.csv"
    bad.write_text(
        "户主,经度,纬度\n王明,118.7,37.0\n李华,118.71,37.01,多余,多余\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="ragged.csv: cannot read it as CSV"):
        read_source(bad, "households")


def test_workbook_sheet_choice(tmp_path, project):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本表由网格办填写"
    ws = wb.create_sheet("住户")
    ws.append(["户主", "经度", "纬度"])
    ws.append(["王明", 118.7, 37.0])
    ws = wb.create_sheet("干部")
    ws.append(["姓名", "职务", "经度", "纬度"])
    ws.append(["赵强", "网格员", 118.71, 37.01])
    wb.save(path)
    # two different tables (说明 holds none): the user chooses, nothing is imported in part
    with pytest.raises(InputError, match=r"2 different tables \(住户: 户主.*; 干部: 姓名.*--layer"):
        import_file(project, "households", path)
    assert len(project.layer("households")) == 0
    report = import_file(project, "households", path, ImportOptions(layer="住户"))
    assert report.detected["sheet"] == "住户" and report.imported == 1
    import_file(project, "cadres", path, ImportOptions(layer="干部"))
    assert project.layer("cadres")["role"].tolist() == ["grid_worker"]
    with pytest.raises(InputError, match="no sheet '路'; its sheets are 说明, 住户, 干部"):
        read_source(path, "households", ImportOptions(layer="路"))


def test_datum_hint_from_title_not_from_other_columns(tmp_path, project):
    x, y = wgs84_to_gcj02(LON, LAT)
    rows = [[h, "链接", float(a), float(b)] for h, a, b in zip(HEADS, x, y)]
    path = ledger(tmp_path / "t.xlsx", ["户主", "高德地图链接", "经度", "纬度"], rows)
    report = import_file(project, "households", path)
    assert report.detected["coords"]["datum"] == "cgcs2000"
    path = ledger(
        tmp_path / "g.xlsx",
        ["户主", "备注", "经度", "纬度"],
        rows,
        title="住户台账（坐标取自高德地图）",
    )
    report = import_file(project, "households", path, ImportOptions(replace=True))
    assert report.detected["coords"]["datum"] == "gcj02"
    assert metres_off(project.layer("households"), LON, LAT).max() < 1.0


def test_csv_with_wkt_polygons(tmp_path, project):
    path = tmp_path / "grids.csv"
    polys = [shapely.box(118.7, 37.0, 118.71, 37.01), shapely.box(118.71, 37.0, 118.72, 37.01)]
    pd.DataFrame(
        {"WKT": [p.wkt for p in polys] + ["POLYGON ((broken"], "网格名称": ["一", "二", "三"]}
    ).to_csv(path, index=False)
    report = import_file(project, "grids_small", path)
    got = project.layer("grids_small")
    assert got["name"].tolist() == ["一", "二"]
    assert got.geometry.iloc[1].equals(polys[1])
    assert report.skipped == [{"row": 4, "reason": "no geometry"}]
    assert report.detected["geometry_column"] == "WKT"


def test_inspect_reports_what_needs_a_choice(tmp_path):
    path = gk_table(tmp_path, False)
    info = inspect_source(path, "households")
    assert any("pass --crs EPSG:45xx" in w for w in info.warnings)
    from gisgrid.crs import gk_crs

    info = inspect_source(path, "households", project_crs=gk_crs(40))
    assert info.coords["kind"] == "projected" and info.coords["gk_zone"] == 40
    assert info.coords["lon"] == "X" and info.mapping == {"head": "户主"}
    x, y = wgs84_to_bd09(LON, LAT)
    rows = [[h, float(a), float(b)] for h, a, b in zip(HEADS, x, y)]
    book = ledger(tmp_path / "b.xlsx", ["户主姓名", "BD经度", "BD纬度"], rows)
    info = inspect_source(book, "households")
    assert info.header_row == 2 and info.layers == ["台账"]
    assert info.coords["datum"] == "bd09" and info.coords["swapped_rows"] == 0
    assert list(info.preview.columns) == ["户主姓名", "BD经度", "BD纬度"]


def test_merged_cells_without_openpyxl_internals(tmp_path):
    from gisgrid.io import tables

    path = ledger(tmp_path / "m.xlsx", ["户主", "经度", "纬度"], [["王明", 118.7, 37.0]])

    class Sheet:  # what a future openpyxl might give: no private archive attributes
        title = "台账"
        parent = object()

    assert tables._merged_ranges(Sheet(), path) == [(1, 1, 3, 1)]


@pytest.mark.parametrize("titles", ["", "2026年住户台账\n\n"])  # header on row 1, or lower down
def test_csv_text_columns_keep_leading_zeros(tmp_path, project, titles):
    """pandas' pyarrow engine parsed header=None columns as numbers: 0546… lost its 0."""
    path = tmp_path / "住户.csv"
    path.write_text(
        titles + "户编号,户主,联系电话,经度,纬度\n0001,王明,05468123456,118.70,37.0\n"
        "0002,李华,,118.71,37.0\n",
        encoding="utf-8",
    )
    import_file(project, "households", path)
    households = project.layer("households")
    assert households["id"].tolist() == ["0001", "0002"]
    assert households["phone"].tolist()[0] == "05468123456"
