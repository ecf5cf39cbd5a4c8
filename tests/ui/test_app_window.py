"""The main window over a small project: layers, styles, table, hierarchy, identify, edits."""

import shutil
import time

import geopandas as gpd
import numpy as np
import pytest
import shapely
from gisgrid.ui import settings as store
from gisgrid.ui.main_window import MainWindow
from PyQt6.QtCore import QItemSelectionModel, QSize, Qt
from PyQt6.QtWidgets import QMessageBox

from gisgrid.errors import Cancelled, InputError
from gisgrid.project import Project

TOWN = "371521103000"
V = ["371521103001", "371521103002"]


def _polys(codes, names, parents, boxes):
    return gpd.GeoDataFrame(
        {"code": codes, "name": names, "parent_code": parents},
        geometry=[shapely.box(*b) for b in boxes],
        crs=4490,
    )


def build_project(path):
    """A town of 2 villages, 2 large and 4 small grids and 24 households."""
    p = Project.create(path, "临河镇", TOWN, overwrite=True)
    p.set_layer("town", _polys([TOWN], ["临河镇"], [""], [(118.70, 37.00, 118.74, 37.02)]))
    halves = [(118.70, 37.00, 118.72, 37.02), (118.72, 37.00, 118.74, 37.02)]
    p.set_layer("villages", _polys(V, ["张家庄村", "东关社区"], [TOWN] * 2, halves))
    p.set_layer("grids_large", _polys([v + "01" for v in V], ["张家庄一", "东关一"], V, halves))
    small = [
        (v + f"01{j + 1:03d}", f"{n}{j + 1}号小网格", v + "01")
        for v, n in zip(V, ["张家庄", "东关"])
        for j in range(2)
    ]
    boxes = [
        (118.70 + 0.02 * i, 37.00 + 0.01 * j, 118.72 + 0.02 * i, 37.01 + 0.01 * j)
        for i in range(2)
        for j in range(2)
    ]
    p.set_layer("grids_small", _polys(*map(list, zip(*small)), boxes))
    rng = np.random.default_rng(1)
    x, y = 118.70 + rng.random(24) * 0.04, 37.00 + rng.random(24) * 0.02
    grid = [
        V[int((a - 118.70) // 0.02)] + f"01{int((b - 37.0) // 0.01) + 1:03d}" for a, b in zip(x, y)
    ]
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {
                "id": [f"H{k:03d}" for k in range(24)],
                "head": [f"王{k}明" for k in range(24)],
                "size": rng.integers(1, 7, 24),
                "village_code": [g[:12] for g in grid],
                "grid_code": grid,
            },
            geometry=gpd.points_from_xy(x, y),
            crs=4490,
        ),
    )
    p.save()
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("built") / "town.gpkg"
    build_project(path)
    return path


@pytest.fixture
def project_path(tmp_path, built):
    shutil.copyfile(built, tmp_path / "town.gpkg")
    return tmp_path / "town.gpkg"


@pytest.fixture
def window(open_window, project_path):
    return open_window(project_path)


def _map_image(window):
    return window.canvas.render_to_image(QSize(300, 200))


def test_open_shows_layers_tree_and_table(window, project_path):
    assert "临河镇" in window.windowTitle() and project_path.name in window.windowTitle()
    assert window.central.currentWidget() is window.canvas
    names = [window.layer_panel.list.item(i).text() for i in range(window.layer_panel.list.count())]
    assert names == ["户", "小网格", "大网格", "村(社区)", "镇(街道)"]  # top layer first
    root = window.hierarchy_panel.model.root
    assert (root.name, root.households) == ("临河镇", 24)
    assert [c.households for c in root.children] == [
        sum(g.startswith(V[0]) for g in window.project.layer("households")["grid_code"]),
        sum(g.startswith(V[1]) for g in window.project.layer("households")["grid_code"]),
    ]
    table = window.attribute_table
    assert window.layer_panel.current_layer().name == "grids_small"  # the grid office's layer
    assert table.current_layer_name() == "grids_small" and table.model.rowCount() == 4
    window.layer_panel.select_layer("households")  # the table follows the layer tree
    assert table.current_layer_name() == "households" and table.model.rowCount() == 24
    headers = [table.model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    assert headers == ["户编号", "户主", "地址"]
    assert window.status.zone == 40
    assert store.recent_files(window.settings)[0] == str(project_path.resolve())


def test_toggle_visibility_changes_layer_and_map(window, qtbot):
    before = _map_image(window)
    item = window.layer_panel.list.item(3)  # villages
    assert item.text() == "村(社区)"
    item.setCheckState(Qt.CheckState.Unchecked)
    layer = window.stack["villages"]
    assert layer.visible is False
    assert _map_image(window) != before
    assert window.project.meta.styles["villages"]["visible"] is False
    layer.visible = True  # the view follows the layer too
    assert item.checkState() == Qt.CheckState.Checked


def test_restyle_through_the_editor_persists(window, project_path, qtbot):
    window.layer_panel.select_layer("grids_small")
    editor = window.layer_panel.style_editor
    before = _map_image(window)
    editor.kind.setCurrentIndex(editor.kind.findData("categorized"))
    editor.field.setCurrentIndex(editor.field.findData("parent_code"))
    style = window.stack["grids_small"].style
    assert (style.kind, style.field) == ("categorized", "parent_code")
    editor.outline_width.setValue(2.5)
    editor.label_field.setCurrentIndex(editor.label_field.findData("code"))
    style = window.stack["grids_small"].style
    assert style.outline_width == 2.5 and window.stack["grids_small"].label_field == "code"
    assert _map_image(window) != before
    assert window.isWindowModified()
    window.layer_panel.opacity.setValue(40)
    assert window.stack["grids_small"].opacity == pytest.approx(0.4)
    assert window.save()
    again = Project.open(project_path).meta.styles["grids_small"]
    assert (again["kind"], again["field"], again["outline_width"]) == (
        "categorized",
        "parent_code",
        2.5,
    )
    assert again["opacity"] == pytest.approx(0.4)


def test_bad_style_is_refused_with_a_message(window):
    window.layer_panel.select_layer("grids_small")
    editor = window.layer_panel.style_editor
    editor.field.setCurrentIndex(editor.field.findData("name"))
    editor.kind.setCurrentIndex(editor.kind.findData("graduated"))  # names are not numbers
    assert window.stack["grids_small"].style.kind != "graduated"
    assert "not numeric" in editor.message.text()
    assert editor.kind.currentData() == window.stack["grids_small"].style.kind


def test_reorder_with_buttons(window):
    window.layer_panel.select_layer("villages")
    window.layer_panel.up.click()
    assert window.stack.names.index("villages") == window.stack.names.index("grids_large") + 1
    assert window.layer_panel.current_layer().name == "villages"
    window.layer_panel.down.click()
    window.layer_panel.down.click()
    assert window.stack.names[:2] == ["villages", "town"]


def test_table_selection_to_layer_and_back(window):
    window.attribute_table.show_layer("households")
    table = window.attribute_table
    layer = window.stack["households"]
    selection = table.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(table.proxy.index(2, 0), flags)
    selection.select(table.proxy.index(5, 0), flags)
    assert layer.selected == frozenset({2, 5})
    layer.selected = frozenset({7})
    rows = [table.proxy.mapToSource(i).row() for i in selection.selectedRows()]
    assert rows == [7]
    assert "已选 1" in table.count_label.text()


def test_table_sort_and_filter(window):
    window.attribute_table.show_layer("households")
    table = window.attribute_table
    size_column = table.model.fields.index("size")
    table.view.sortByColumn(size_column, Qt.SortOrder.DescendingOrder)
    sizes = [int(table.proxy.index(r, size_column).data()) for r in range(table.proxy.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    table.filter_edit.setText("王1")  # 王1明, 王10明 … 王19明
    assert table.proxy.rowCount() == 11
    # selecting in a sorted, filtered view still selects the right features
    table.view.selectRow(0)
    (row,) = window.stack["households"].selected
    assert window.project.layer("households")["head"].iloc[row].startswith("王1")
    table.filter_edit.clear()
    assert table.proxy.rowCount() == 24


def test_hierarchy_node_selects_and_zooms(window):
    scale = window.canvas.scale()
    panel = window.hierarchy_panel
    panel.search.setText("东关2号")
    matches = [n for n in panel.model.root.walk() if n.matches("东关2号")]
    assert len(matches) == 1
    panel.choose(matches[0])
    layer = window.stack["grids_small"]
    assert layer.selected == frozenset({matches[0].row})
    assert window.attribute_table.current_layer_name() == "grids_small"
    assert window.attribute_table.view.selectionModel().selectedRows()[0].row() >= 0
    assert window.canvas.scale() < scale / 1.2  # zoomed in on the grid (with a margin)
    centre = window.canvas.to_lonlat(window.canvas.width() / 2, window.canvas.height() / 2)
    feature = layer.data.geometry.iloc[matches[0].row]
    assert feature.contains(shapely.Point(centre))
    assert panel.proxy.rowCount() == 1  # only the path to the match is shown


def test_identify_panel(window):
    window.canvas.featureIdentified.emit("villages", 1)
    values = window.identify_panel.values()
    assert values["名称"] == "东关社区" and values["编码"] == V[1]
    assert "村(社区)" in window.identify_panel.title.text()


def test_identify_by_clicking_the_map(window, qtbot):
    window.actions_.identify.trigger()
    assert window.canvas.tool == "identify"
    window.layer_panel.select_layer("villages")
    point = window.canvas.to_screen(118.71, 37.005)
    with qtbot.waitSignal(window.canvas.featureIdentified, timeout=3000):
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert window.identify_panel.values()["名称"] == "张家庄村"


def test_attribute_edit_undo_redo(window, messages):
    window.attribute_table.show_layer("households")
    table = window.attribute_table
    column = table.model.fields.index("head")
    index = table.proxy.index(0, column)
    row = table.proxy.mapToSource(index).row()
    old = window.project.layer("households")["head"].iloc[row]
    assert table.proxy.setData(index, "赵六")
    assert window.project.layer("households")["head"].iloc[row] == "赵六"
    assert window.stack["households"].data["head"].iloc[row] == "赵六"
    assert window.isWindowModified() and window.actions_.undo.isEnabled()
    assert window.undo_stack.undoText() == f"户 第 {row + 1} 行：户主"
    window.actions_.undo.trigger()
    assert window.project.layer("households")["head"].iloc[row] == old
    assert table.proxy.index(0, column).data() == old
    window.actions_.redo.trigger()
    assert window.project.layer("households")["head"].iloc[row] == "赵六"
    assert messages == []


def test_bad_edit_shows_message_and_changes_nothing(window, messages):
    window.attribute_table.show_layer("households")
    table = window.attribute_table
    column = table.model.fields.index("size")
    before = window.project.layer("households")["size"].tolist()
    table.proxy.setData(table.proxy.index(0, column), "三口人")
    assert len(messages) == 1 and "is not a whole number" in messages[0]
    assert window.project.layer("households")["size"].tolist() == before
    assert window.undo_stack.count() == 0


def test_language_switch_retranslates(window, qtbot):
    assert window.actions_.file_menu.title() == "文件(&F)"
    assert window.left_tabs.tabText(0) == "图层"
    window.actions_.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.actions_.file_menu.title() == "&File", timeout=3000)
    assert window.left_tabs.tabText(1) == "Hierarchy"
    assert window.layer_panel.list.item(0).text() == "Households"
    assert window.attribute_table.model.headerData(1, Qt.Orientation.Horizontal) == "name"
    assert store.language(window.settings) == "en"
    window.actions_.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.actions_.file_menu.title() == "文件(&F)", timeout=3000)
    assert window.hierarchy_panel.search.placeholderText() == "按名称或编码搜索…"


def test_cancel_a_long_job(window, qtbot):
    def slow(progress, cancelled):
        for i in range(10_000):
            progress(i / 10_000, f"step {i}")
            if cancelled():
                raise Cancelled()
            time.sleep(0.001)
        return "finished"

    finished = []
    task = window.start_task("slow work", slow, on_finished=finished.append)
    assert window.status.progress.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.status.progress.value() > 0, timeout=5000)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        window.status.cancel.click()
    qtbot.waitUntil(lambda: not window._tasks, timeout=5000)
    assert finished == [] and not window.status.progress.isVisibleTo(window)


def test_failed_job_shows_its_text(window, qtbot, messages):
    def bad(progress, cancelled):
        raise InputError("households.xlsx row 7: no coordinates; fill 经度/纬度")

    window.start_task("bad work", bad)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == ["households.xlsx row 7: no coordinates; fill 经度/纬度"]


def test_error_box_on_a_bad_project_file(settings, qtbot, tmp_path, messages):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    bad = tmp_path / "notes.gpkg"
    bad.write_text("this is not a GeoPackage", encoding="utf-8")
    assert not w.open_project(bad)
    assert len(messages) == 1 and "notes.gpkg" in messages[0] and "Traceback" not in messages[0]
    assert w.project is None and w.central.currentWidget() is w.welcome


def test_unsaved_changes_are_confirmed_on_close(window, monkeypatch):
    window.edit_attribute("households", 0, "head", "钱七")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not window.close()  # cancelled: still open
    assert window.isVisible() and len(asked) == 1
    assert window.close()
    assert len(asked) == 2


def test_save_keeps_edits_and_opening_another_asks(window, project_path, monkeypatch):
    window.edit_attribute("villages", 0, "name", "张庄村")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    other = project_path.with_name("other.gpkg")
    shutil.copyfile(project_path, other)
    assert window.open_project(other)  # answered "Save" for the first project
    assert Project.open(project_path).layer("villages")["name"].iloc[0] == "张庄村"
    assert window.project.path == other.resolve()
    assert store.recent_files(window.settings)[:2] == [
        str(other.resolve()),
        str(project_path.resolve()),
    ]


def test_window_layout_is_remembered(settings, qtbot, project_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(700, 660)
    first.show()
    first.table_dock.hide()
    size = first.size()
    first.close()
    assert settings.value("window/geometry") is not None
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == size and size.width() == 700
    assert not second.table_dock.isVisible()


def test_new_project_starts_empty(settings, qtbot, tmp_path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert w.new_project(tmp_path / "new.gpkg", "新镇")
    assert w.project.meta.name == "新镇" and len(w.stack) == 0
    assert w.hierarchy_panel.model.root.name == "新镇"
    assert (tmp_path / "new.gpkg").exists()


def test_startup_project_choice(settings, project_path):
    from gisgrid.ui.app import parse_args, startup_project

    assert startup_project(parse_args([]), settings) is None  # nothing recent: welcome page
    store.add_recent_file(settings, project_path)
    assert startup_project(parse_args([]), settings) == str(project_path.resolve())
    assert startup_project(parse_args(["x.gpkg"]), settings) == "x.gpkg"
    assert startup_project(parse_args(["--screenshot", "s.png"]), settings) is None


def test_recent_menu_lists_projects(window, project_path):
    window.actions_._fill_recent()
    texts = [a.text() for a in window.actions_.recent_menu.actions()]
    assert len(texts) == 1 and project_path.name in texts[0]


def test_drag_reorder_in_the_layer_list(window):
    model = window.layer_panel.list.model()
    from PyQt6.QtCore import QModelIndex

    # drag the top item (households) below villages: list order is top first
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 4)
    assert window.stack.names.index("households") < window.stack.names.index("grids_large")
    names = [window.layer_panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(5)]
    assert names == list(reversed(window.stack.names))


def test_status_bar_shows_position_and_scale(window):
    window.canvas.cursorMoved.emit(118.712345, 37.004321, 562345.6, 4096543.2)
    text = window.status.position_label.text()
    assert "经度 118.712345" in text and "纬度 37.004321" in text
    assert "高斯 40 带" in text and "562,345.6" in text
    window.canvas.scaleChanged.emit(25000.0)
    assert window.status.scale_label.text() == "比例尺 1:25,000"


def test_check_hierarchy_lists_problems_and_zooms(window, qtbot):
    codes = window.project.layer("grids_small")["code"].tolist()
    window.edit_attribute("grids_small", 1, "code", codes[0])  # two grids with one code
    task = window.check_hierarchy()
    assert task is not None and window.status.progress.isVisibleTo(window)
    panel = window.problems_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0, timeout=20000)
    kinds = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert "编码重复" in kinds
    assert "编码重复" in panel.summary.text() and window.problems_dock.isVisible()
    assert "problems" in window.stack  # the problems are drawn as a layer
    scale = window.canvas.scale()
    group = panel.kind_item("duplicate_code")
    panel.tree.setCurrentItem(group.child(0))
    assert window.canvas.scale() != scale  # zoomed to the two grids sharing the code
    assert window.stack["problems"].selected == frozenset({group.child(0).data(0, 256)})


def _check(window, qtbot):
    window.check_result = None
    window.check_hierarchy()
    qtbot.waitUntil(lambda: window.check_result is not None, timeout=20000)
    return window.check_result


def test_fix_a_gap_from_the_panel_then_undo(window, qtbot):
    grids = window.project.layer("grids_small")
    shrunk = grids.copy()
    shrunk.loc[0, "geometry"] = shapely.box(118.70, 37.00, 118.715, 37.01)  # leaves a gap
    window.project.set_layer("grids_small", shrunk)
    window.layer_data_changed("grids_small")
    result = _check(window, qtbot)
    assert result.counts.get("gap") == 1
    panel = window.problems_panel
    gap_row = panel.kind_item("gap").child(0)
    panel.tree.setCurrentItem(gap_row)
    assert panel.fix_button.isEnabled()
    before = window.project.layer("grids_small").geometry.copy()
    panel.fix_button.click()
    qtbot.waitUntil(lambda: window.check_result is not result, timeout=20000)
    assert "gap" not in window.check_result.counts
    assert panel.kind_item("gap") is None
    assert window.undo_stack.count() == 1 and "空隙" in window.undo_stack.undoText()
    window.check_result = None
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.check_result is not None, timeout=20000)
    assert window.check_result.counts.get("gap") == 1
    restored = window.project.layer("grids_small").geometry
    assert all(a.equals_exact(b, 0) for a, b in zip(restored, before))


def test_fix_all_of_a_kind_and_no_fix_for_staffing(window, qtbot):
    grids = window.project.layer("grids_small")
    broken = grids.copy()
    broken.loc[0, "geometry"] = shapely.Polygon(
        [(118.70, 37.00), (118.72, 37.01), (118.72, 37.00), (118.70, 37.01)]
    )  # bow-tie
    broken.loc[3, "parent_code"] = "37152110300299"  # no such large grid
    window.project.set_layer("grids_small", broken)
    window.layer_data_changed("grids_small")
    result = _check(window, qtbot)
    assert result.counts.get("invalid") == 1 and result.counts.get("orphan") == 1
    panel = window.problems_panel
    panel.tree.setCurrentItem(panel.kind_item("staffing"))
    assert not panel.fix_kind_button.isEnabled()  # cadres are a person's decision
    panel.tree.setCurrentItem(panel.kind_item("invalid"))
    assert panel.fix_kind_button.isEnabled()
    panel.fix_kind_button.click()
    qtbot.waitUntil(lambda: window.check_result is not result, timeout=20000)
    assert "invalid" not in window.check_result.counts
    assert shapely.is_valid(window.project.layer("grids_small").geometry.iloc[0])
    second = window.check_result
    panel.tree.setCurrentItem(panel.kind_item("orphan"))
    panel.fix_kind_button.click()
    qtbot.waitUntil(lambda: window.check_result is not second, timeout=20000)
    assert "orphan" not in window.check_result.counts
    assert window.project.layer("grids_small")["parent_code"].iloc[3] == V[1] + "01"


def test_hierarchy_shows_figures_and_exports_them(window, qtbot, tmp_path):
    import openpyxl

    model = window.hierarchy_panel.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[3:] == ["户数", "人口", "面积(亩)", "干部", "诉求"]
    root = model.index(0, 0)
    population = int(window.project.layer("households")["size"].sum())
    assert model.data(model.index(0, 4)) == f"{population:,}"
    out = tmp_path / "网格统计.xlsx"
    task = window.export_statistics(out)
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    book = openpyxl.load_workbook(out)
    assert "小网格" in book.sheetnames and book["小网格"].max_row == 5
    assert root.isValid()


def test_select_a_household_zooms_to_its_surroundings(window):
    window.select_feature("households", 3)
    assert window.stack["households"].selected == frozenset({3})
    assert window.attribute_table.current_layer_name() == "households"
    point = window.stack["households"].data.geometry.iloc[3]
    centre = window.canvas.to_lonlat(window.canvas.width() / 2, window.canvas.height() / 2)
    assert centre == pytest.approx((point.x, point.y), abs=1e-4)
    assert 100 < window.canvas.scale() < 20000


def test_selecting_on_the_map_shows_rows_in_the_table(window, qtbot):
    window.actions_.select.trigger()
    window.layer_panel.select_layer("villages")
    window.attribute_table.show_layer("households")
    point = window.canvas.to_screen(118.73, 37.01)
    with qtbot.waitSignal(window.canvas.selectionChanged, timeout=3000):
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert window.stack["villages"].selected == frozenset({1})
    table = window.attribute_table
    assert table.current_layer_name() == "villages"
    rows = [table.proxy.mapToSource(i).row() for i in table.view.selectionModel().selectedRows()]
    assert rows == [1]


def test_enter_in_the_search_box_goes_to_the_first_match(window, qtbot):
    panel = window.hierarchy_panel
    panel.search.setText(V[1] + "01002")  # a small grid's code
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    (row,) = window.stack["grids_small"].selected
    assert window.project.layer("grids_small")["code"].iloc[row] == V[1] + "01002"
