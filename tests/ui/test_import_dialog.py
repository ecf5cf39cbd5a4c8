"""The import dialog driven like a user would: file, detection shown, mapping, import, results."""

import time

import geopandas as gpd
import openpyxl
import pytest
import shapely
from gisgrid.ui import import_dialog as import_module
from gisgrid.ui.i18n import install_language
from gisgrid.ui.import_dialog import ImportDialog

from gisgrid.errors import Cancelled, InputError
from gisgrid.io.importer import ImportOptions
from gisgrid.project import Project
from gisgrid.schema import IMPORT_TARGETS

ROWS = [
    ("张三", "张家庄村1号", 3, 118.705, 37.005),
    ("李四", "张家庄村2号", 4, 118.715, 37.015),
    ("王五", "东关社区3号", 2, 118.725, 37.005),
    ("赵六", "东关社区4号", 5, "abc", 37.015),  # unreadable longitude: skipped, row 5
]
HEADER = ("户主", "地址", "家庭人数", "经度", "纬度")


def _csv(path):
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    return path


def _xlsx(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "农户"
    sheet.append(["临河镇农户台账（2024年）"])
    sheet.merge_cells("A1:E1")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.create_sheet("说明").append(["本表由网格员填写"])
    book.save(path)
    return path


@pytest.fixture
def project(tmp_path):
    p = Project.create(None, "临河镇", "371521103000")  # in memory: quick
    p.set_layer(
        "villages",
        gpd.GeoDataFrame(
            {"code": ["371521103001"], "name": ["张家庄村"], "parent_code": ["371521103000"]},
            geometry=[shapely.box(118.70, 37.0, 118.74, 37.02)],
            crs=4490,
        ),
    )
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {"id": ["H1"], "head": ["老住户"]},
            geometry=[shapely.Point(118.71, 37.01)],
            crs=4490,
        ),
    )
    return p


@pytest.fixture
def window(open_window, project, tmp_path):
    project.save(tmp_path / "p.gpkg")
    return open_window(project.path)


def _open(qtbot, dialog, path, target="households"):
    dialog.set_file(path, target)
    qtbot.waitUntil(lambda: dialog.info is not None or dialog.error is not None, timeout=10000)


@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv-gb18030", "xlsx-title-row"])
def test_import_through_the_dialog(window, qtbot, tmp_path, make, messages):
    path = make(tmp_path / ("hh.csv" if make is _csv else "hh.xlsx"))
    dialog = window.make_import_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _open(qtbot, dialog, path)
    assert dialog.error is None
    # what was detected is shown, and editable
    assert "经度 / 纬度" in dialog.detected.text()
    assert dialog.preview_model.rowCount() == 4
    chosen = {
        dialog.mapping.item(r, 0).data(256): dialog.mapping.cellWidget(r, 1).currentData()
        for r in range(dialog.mapping.rowCount())
    }
    assert chosen["head"] == "户主" and chosen["size"] == "家庭人数" and chosen["phone"] is None
    if make is _xlsx:
        assert dialog.info.header_row == 2
        assert [dialog.source_layer.itemText(i) for i in range(2)] == ["农户", "说明"]
        assert dialog.source_layer.isEnabled()
    else:
        assert "gb18030" in dialog.encoding.itemText(0)
    dialog.set_mapping("address", None)  # the user chooses not to import the addresses
    before = window.stack["households"].data.shape[0]
    with qtbot.waitSignal(dialog.imported, timeout=15000) as blocker:
        dialog.import_button.click()
    assert blocker.args == ["households"]
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    households = window.project.layer("households")
    assert len(households) == 1 + 3 and window.stack["households"].data.shape[0] == before + 3
    assert households["head"].tolist() == ["老住户", "张三", "李四", "王五"]
    assert households["address"].isna().all()
    assert households["size"].tolist()[1:] == [3, 4, 2]
    # the skipped row is listed with its spreadsheet row number and the reason
    skipped = dialog.results.topLevelItem(0)
    assert skipped.text(0) == "跳过的行" and skipped.childCount() == 1
    expected_row = "5" if make is _csv else "6"
    assert skipped.child(0).text(0) == expected_row and "abc" in skipped.child(0).text(1)
    assert "已导入 3 行" in dialog.message.text()
    assert window.isWindowModified() and messages == []
    assert window.hierarchy_panel.model.root.households == 4


def test_coordinate_system_override(project, qtbot, tmp_path, settings):
    path = _csv(tmp_path / "hh.csv")
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    _open(qtbot, dialog, path)
    assert "CGCS2000" in dialog.detected.text()
    dialog.datum.setCurrentIndex(dialog.datum.findData("gcj02"))  # picked on Gaode maps
    dialog.replace.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=15000):
        dialog.start_import()
    households = project.layer("households")
    assert len(households) == 3  # replaced
    first = households.geometry.iloc[0]
    # GCJ-02 → CGCS2000 moves points by a few hundred metres in this region
    assert 0.001 < abs(first.x - 118.705) + abs(first.y - 37.005) < 0.02


def test_gauss_kruger_override_builds_the_crs(project, qtbot, settings):
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.datum.setCurrentIndex(dialog.datum.findData("gk"))
    dialog.zone.setValue(39)
    assert dialog.zone.isEnabled() and not dialog.epsg.isEnabled()
    assert dialog.options().crs == "EPSG:4548"  # CGCS2000 / 3-degree GK CM 117E
    dialog.datum.setCurrentIndex(dialog.datum.findData("epsg"))
    dialog.epsg.setText("EPSG:4528")
    assert dialog.options().crs == "EPSG:4528" and dialog.options().coords is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.csv", ""), ("broken.shp", "not a shapefile"), ("hh.txt", "no coordinates here\n1\n")],
)
def test_bad_file_shows_a_message(project, qtbot, tmp_path, settings, messages, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    _open(qtbot, dialog, path)
    if dialog.error is None:  # readable, but nothing to place: the import itself must fail
        dialog.start_import()
        qtbot.waitUntil(lambda: dialog.error is not None, timeout=10000)
        assert dialog.report is None
    assert messages and messages[-1] == dialog.error
    assert name in messages[-1] and "Traceback" not in messages[-1]
    assert len(project.layer("households")) == 1  # untouched


def test_cancel_an_import(project, qtbot, tmp_path, settings, monkeypatch):
    def slow_import(project, target, path, options, progress, cancelled):
        for i in range(5000):
            progress(i / 5000, "reading")
            if cancelled():
                raise Cancelled()
            time.sleep(0.002)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(import_module, "import_file", slow_import)  # run_import calls it
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    _open(qtbot, dialog, _csv(tmp_path / "hh.csv"))
    task = dialog.start_import()
    assert dialog.cancel_button.isEnabled() and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=5000)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isEnabled(), timeout=5000)
    assert dialog.message.text() == "已取消导入，项目未改动。"
    assert len(project.layer("households")) == 1


def test_dialog_in_english(project, qtbot, settings):
    install_language("en")
    try:
        dialog = ImportDialog(project)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Import data"
        assert dialog.target.currentText() == "Households"
    finally:
        install_language("zh_CN")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "导入数据", timeout=3000)


def test_gauss_kruger_with_zone_prefix(project, qtbot, tmp_path, settings):
    path = tmp_path / "survey.csv"
    path.write_text(
        "户主,X坐标,Y坐标\n张三,40562345.2,4096543.1\n李四,40562845.9,4096943.7\n", encoding="utf-8"
    )
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    _open(qtbot, dialog, path)
    assert "40" in dialog.detected.text()  # the zone was recognised
    dialog.datum.setCurrentIndex(dialog.datum.findData("gk"))
    assert dialog.zone.value() == 40
    assert dialog.options().crs == "EPSG:4528"  # zone 40 with the zone number in the easting
    with qtbot.waitSignal(dialog.imported, timeout=15000):
        dialog.start_import()
    point = project.layer("households").geometry.iloc[-2]
    assert 120.5 < point.x < 121.0 and 36.5 < point.y < 37.5  # zone 40: CM 120°E


def test_computed_layers_are_not_import_targets(project, qtbot, settings, tmp_path):
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    targets = [dialog.target.itemData(i) for i in range(dialog.target.count())]
    assert targets == list(IMPORT_TARGETS) and "problems" not in targets
    with pytest.raises(InputError, match="problems is computed by gisgrid validate"):
        import_module.run_import(
            project, "problems", str(_csv(tmp_path / "p.csv")), ImportOptions(), [], None, None
        )
    assert len(project.layer("problems")) == 0
