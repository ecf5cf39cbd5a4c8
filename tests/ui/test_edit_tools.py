"""Grid editing tools driven with simulated mouse input on the canvas (offscreen)."""

import numpy as np
import pytest
import shapely
from block_case import LARGE, build_block
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QInputDialog, QMessageBox

SMALL = [LARGE + f"{k:03d}" for k in (1, 2, 3)]


def build_edit_project(path):
    """One large grid; two small grids share an edge on its left, one island top right."""
    small = [
        shapely.box(118.70, 37.00, 118.71, 37.01),
        shapely.box(118.70, 37.01, 118.71, 37.02),
        shapely.box(118.715, 37.015, 118.72, 37.02),
    ]
    return build_block(
        path, SMALL, ["一号", "二号", "三号"], small,
        households=40, seed=3, surname="李", origin=(118.70, 37.00), span=0.02,
    )  # fmt: skip


@pytest.fixture
def window(open_window, tmp_path):
    build_edit_project(tmp_path / "edit.gpkg")
    w = open_window(tmp_path / "edit.gpkg")
    w.canvas.zoom_to_bounds((118.699, 36.999, 118.721, 37.021))
    return w


def _px(window, lon, lat):
    p = window.canvas.to_screen(lon, lat)
    return QPoint(round(p.x()), round(p.y()))


def _click(qtbot, window, lon, lat):
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=_px(window, lon, lat))


def _grids(window):
    return window.project.layer("grids_small")


def _geoms_wkb(frame):
    return {c: g.wkb for c, g in zip(frame["code"], frame.geometry)}


def _select(window, layer, rows):
    window.stack[layer].selected = frozenset(rows)


def test_tools_are_in_toolbar_menu_and_translated(window):
    tools = window.edit_tools
    texts = [a.text() for a in tools.toolbar.actions()]
    assert texts == ["绘制网格", "分割", "合并", "移动节点", "调整住户", "删除网格"]
    assert tools.menu.title() == "编辑网格"
    assert tools.plan in window.actions_.tools_menu.actions()
    assert tools.plan.text() == "自动划分网格…"
    assert all(a.isEnabled() for a in tools.toolbar.actions())
    assert tools.grid_layer() == "grids_small"  # the current layer when the window opens
    window.layer_panel.select_layer("grids_large")
    assert tools.grid_layer() == "grids_large"
    window.layer_panel.select_layer("households")
    _select(window, "grids_small", [0])
    assert tools.grid_layer() == "grids_small"  # households current: the grid selection
    tools.vertex.trigger()
    assert window.status.currentMessage().startswith("小网格：拖动")
    tools.draw.trigger()
    window.set_project(None)  # closing the project leaves the tool and disables them
    assert tools.mode is None and not any(a.isEnabled() for a in tools.toolbar.actions())
    assert not tools.plan.isEnabled()


@pytest.mark.parametrize("finish", ["double-click", "enter"])
def test_draw_grid_with_clicks_then_undo(qtbot, window, finish):
    before = _geoms_wkb(_grids(window))
    window.edit_tools.draw.trigger()
    assert window.edit_tools.mode == "draw"
    corners = [(118.712, 37.001), (118.719, 37.001), (118.719, 37.012), (118.712, 37.012)]
    for lon, lat in corners[:-1]:
        _click(qtbot, window, lon, lat)
    assert len(window.edit_tools.points) == 3
    assert len(window.edit_tools.overlay.points) == 3  # the rubber band shows them
    if finish == "double-click":
        qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton, pos=_px(window, *corners[3]))
    else:
        _click(qtbot, window, *corners[3])
        qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    grids = _grids(window)
    assert len(grids) == 4 and len(window.stack["grids_small"].data) == 4
    new = grids.iloc[-1]
    assert new["code"] == LARGE + "004" and new["parent_code"] == LARGE
    drawn = shapely.Polygon(corners)
    assert new.geometry.area == pytest.approx(drawn.area, rel=0.02)  # clicks land on pixels
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert _geoms_wkb(_grids(window)) == before
    assert len(window.stack["grids_small"].data) == 3
    window.undo_stack.redo()
    assert len(_grids(window)) == 4


def test_draw_is_clipped_to_siblings_and_esc_cancels(qtbot, window):
    tools = window.edit_tools
    tools.set_mode("draw")
    _click(qtbot, window, 118.705, 37.005)
    _click(qtbot, window, 118.708, 37.005)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert tools.points == [] and tools.mode == "draw"
    for lon, lat in [(118.705, 37.001), (118.714, 37.001), (118.714, 37.009), (118.705, 37.009)]:
        _click(qtbot, window, lon, lat)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Enter)
    new = _grids(window).geometry.iloc[-1]
    assert new.bounds[0] == pytest.approx(118.71)  # cut away where grid 001 already is
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert tools.mode is None and not tools.draw.isChecked()


def test_split_selected_grid_with_a_line_then_undo_restores_exactly(qtbot, window):
    before = _geoms_wkb(_grids(window))
    hh_before = window.project.layer("households")["grid_code"].tolist()
    _select(window, "grids_small", [0])
    window.edit_tools.split.trigger()
    _click(qtbot, window, 118.699, 37.004)
    qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton, pos=_px(window, 118.7115, 37.006))
    grids = _grids(window)
    assert len(grids) == 4
    pieces = grids[grids["code"].isin([SMALL[0], LARGE + "004"])]
    assert len(pieces) == 2
    assert shapely.area(pieces.geometry.to_numpy()).sum() == pytest.approx(1e-4, rel=1e-6)
    assert window.hierarchy_panel.model.root is not None
    window.undo_stack.undo()
    assert _geoms_wkb(_grids(window)) == before
    assert window.project.layer("households")["grid_code"].tolist() == hh_before


def test_merge_selected_neighbours(window):
    _select(window, "grids_small", [0, 1])
    assert window.edit_tools.merge_selected()
    grids = _grids(window)
    assert len(grids) == 2
    merged = grids.geometry.iloc[int(np.flatnonzero(grids["code"].isin(SMALL[:2]))[0])]
    assert merged.equals(shapely.box(118.70, 37.00, 118.71, 37.02))
    codes = set(window.project.layer("households")["grid_code"].dropna())
    assert len(codes & set(SMALL[:2])) == 1  # every household of both now in the one grid
    window.undo_stack.undo()
    assert len(_grids(window)) == 3


def test_merge_non_neighbours_shows_message_and_changes_nothing(window, messages):
    before = _geoms_wkb(_grids(window))
    _select(window, "grids_small", [0, 2])
    assert not window.edit_tools.merge_selected()
    assert len(messages) == 1 and "do not all touch" in messages[0]
    assert _geoms_wkb(_grids(window)) == before and window.undo_stack.count() == 0


def test_drag_shared_vertex_moves_both_grids_and_undo_restores(qtbot, window):
    before = _geoms_wkb(_grids(window))
    window.edit_tools.vertex.trigger()
    start, end = _px(window, 118.71, 37.01), _px(window, 118.7125, 37.0105)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(window.canvas, pos=end)
    assert window.edit_tools.overlay.cursor is not None  # rubber band to the cursor
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=end)
    after = _geoms_wkb(_grids(window))
    assert after[SMALL[0]] != before[SMALL[0]] and after[SMALL[1]] != before[SMALL[1]]
    assert after[SMALL[2]] == before[SMALL[2]]
    grids = _grids(window)
    a, b = grids.geometry.iloc[0], grids.geometry.iloc[1]
    assert shapely.intersection(a, b).area == pytest.approx(0, abs=1e-14)  # still no overlap
    assert a.boundary.intersection(b.boundary).length > 0.0099  # the shared edge is kept
    window.undo_stack.undo()
    assert _geoms_wkb(_grids(window)) == before


@pytest.mark.parametrize("answer", ["join", "gap", "cancel"])
def test_delete_selected_grid_and_undo(window, monkeypatch, answer):
    before = _geoms_wkb(_grids(window))

    def exec_(box):  # the user's answer instead of a modal box
        if answer == "cancel":
            target = box.button(QMessageBox.StandardButton.Cancel)
        else:
            want = {"join": "并入相邻网格", "gap": "留作空白"}[answer]
            target = next(b for b in box.buttons() if b.text() == want)
        monkeypatch.setattr(box, "clickedButton", lambda: target)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    _select(window, "grids_small", [1])
    done = window.edit_tools.delete_selected()
    codes = list(_grids(window)["code"])
    if answer == "cancel":
        assert not done and codes == SMALL
        return
    assert done and SMALL[1] not in codes
    first = _grids(window).geometry.iloc[0]
    expected = shapely.box(118.70, 37.00, 118.71, 37.02 if answer == "join" else 37.01)
    assert first.equals(expected)  # same area (a joined outline keeps its old corners)
    window.undo_stack.undo()
    assert _geoms_wkb(_grids(window)) == before


def test_reassign_selected_households_to_neighbour(window, monkeypatch):
    hh = window.project.layer("households")
    rows = list(np.flatnonzero(hh["grid_code"].astype(object).to_numpy() == SMALL[0])[:2])
    _select(window, "households", rows)
    window.edit_tools._current_layer = "grids_small"
    offered = []

    def get_item(parent, title, label, items, *a, **k):
        offered.extend(items)
        return next(i for i in items if i.startswith(SMALL[1])), True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    assert window.edit_tools.reassign_selected()
    assert {i.split()[0] for i in offered} == set(SMALL[:2])  # home grid and its neighbour
    after = window.project.layer("households")
    assert after["grid_code"].iloc[rows].tolist() == [SMALL[1]] * 2
    assert after["pinned"].iloc[rows].all()
    window.undo_stack.undo()
    assert window.project.layer("households")["grid_code"].iloc[rows].tolist() == [SMALL[0]] * 2


def test_split_without_selection_cuts_the_one_grid_crossed(qtbot, window):
    window.edit_tools.set_mode("split")
    _click(qtbot, window, 118.705, 37.021)
    _click(qtbot, window, 118.705, 37.0095)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    grids = _grids(window)
    assert len(grids) == 4 and grids["code"].iloc[-1] == LARGE + "004"
    assert grids.geometry.iloc[1].bounds[1] == pytest.approx(37.01)  # only 二号 was cut


@pytest.mark.parametrize(
    "line",
    [
        [(118.705, 37.005), (118.706, 37.006)],  # inside one grid: cuts nothing
        [(118.705, 36.999), (118.705, 37.021)],  # across two grids: which one?
    ],
)
def test_split_needs_one_crossed_or_selected_grid(qtbot, window, messages, line):
    window.edit_tools.set_mode("split")
    for lon, lat in line:
        _click(qtbot, window, lon, lat)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert len(messages) == 1 and "选" in messages[0]
    assert len(_grids(window)) == 3 and window.undo_stack.count() == 0


def test_screenshot_while_drawing(qtbot, window, tmp_path):
    window.edit_tools.set_mode("draw")
    for lon, lat in [(118.712, 37.002), (118.719, 37.003), (118.718, 37.011)]:
        _click(qtbot, window, lon, lat)
    qtbot.mouseMove(window.canvas, pos=_px(window, 118.713, 37.012))
    image = window.grab()
    assert image.save(str(tmp_path / "draw.png"))


def test_editing_tools_share_the_map_tool_group(window):
    tools, actions = window.edit_tools, window.actions_
    tools.draw.trigger()
    assert tools.mode == "draw" and not actions.pan.isChecked()
    tools.split.trigger()
    assert tools.mode == "split" and not tools.draw.isChecked()
    actions.select.trigger()
    assert tools.mode is None and window.canvas.tool == "select"
    tools.vertex.trigger()
    tools.stop()
    assert tools.mode is None and actions.select.isChecked()


def test_move_tool_rings_the_vertex_under_the_cursor_and_grabs_it(qtbot, window, tmp_path):
    before = _geoms_wkb(_grids(window))
    window.edit_tools.set_mode("vertex")
    near = _px(window, 118.71, 37.01) + QPoint(4, -3)  # a few pixels off the corner
    qtbot.mouseMove(window.canvas, pos=near)
    ring = window.edit_tools.overlay.marker
    assert (
        ring is not None and (ring - window.canvas.to_screen(118.71, 37.01)).manhattanLength() < 1
    )
    qtbot.mouseMove(window.canvas, pos=_px(window, 118.705, 37.005))
    assert window.edit_tools.overlay.marker is None  # nothing to grab in the middle of a grid
    qtbot.mouseMove(window.canvas, pos=near)
    end = _px(window, 118.708, 37.0115)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=near)
    qtbot.mouseMove(window.canvas, pos=end)
    assert len(window.edit_tools.overlay.spokes) == 4  # both grids' edges follow the drag
    assert window.grab().save(str(tmp_path / "vertex.png"))
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=end)
    after = _geoms_wkb(_grids(window))
    assert after[SMALL[0]] != before[SMALL[0]] and after[SMALL[1]] != before[SMALL[1]]
    moved = window.edit_tools.w.undo_stack.command(0).text()
    assert "移动节点" in moved


def test_check_results_follow_edits_and_undo(qtbot, window):
    window.check_hierarchy()
    qtbot.waitUntil(lambda: window.check_result is not None, timeout=20000)

    def gap_area(result):
        return sum(p.area_m2 for p in result.problems if p.kind == "gap")

    first = window.check_result
    _select(window, "grids_small", [1])
    assert window.edit_tools.delete_selected(join=False)
    qtbot.waitUntil(lambda: window.check_result is not first, timeout=20000)
    second = window.check_result
    assert gap_area(second) > gap_area(first) + 1e5  # the deleted grid's ~1 km² is a gap
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.check_result is not second, timeout=20000)
    assert gap_area(window.check_result) == pytest.approx(gap_area(first))
