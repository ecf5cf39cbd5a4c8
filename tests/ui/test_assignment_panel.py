"""The 干部分配 dock: load bars, grid teams, assign by list and by drop, proposals, coverage."""

import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from gisgrid.ui.cadre_list import CADRE_MIME, ID_ROLE, OVER_ROLE
from PyQt6.QtCore import QMimeData, QPointF, QRect, QSize, Qt
from PyQt6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter
from PyQt6.QtWidgets import QApplication, QDialog, QStyleOptionViewItem
from shapely.geometry import Point

from gisgrid.cadres import cadre_loads
from gisgrid.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_support"))
import coverage_case  # noqa: E402

V1, V2 = coverage_case.V1, coverage_case.V2
UNLED = V1 + "02001"  # the grid without a leader in the coverage case


def build(path):
    """The coverage township plus a non-member, a secretary, a liaison and tight limits."""
    coverage_case.build(path)
    p = Project.open(path)
    cadres = p.layer("cadres")
    extra = coverage_case._frame(
        {
            "id": ["c6", "s1", "l1"],
            "name": ["钱非党", "郑书记", "冯联络"],
            "phone": ["13100000000"] * 3,
            "role": ["grid_leader", "branch_secretary", "village_liaison"],
            "party_member": [False, True, True],
        },
        [Point(300, 900), Point(500, 300), Point(1500, 600)],
    )
    frame = pd.concat([cadres, extra], ignore_index=True)
    frame["max_grids"] = np.where(frame["id"] == "c1", 1, 0)  # c1 leads 2 grids: over
    p.set_layer("cadres", frame)
    rows = p.layer("assignments")
    more = pd.DataFrame(
        {"cadre_id": ["s1", "l1"], "role": ["branch_secretary", "village_liaison"],
         "level": ["large", "village"], "grid_code": [V1 + "02", V1]}
    )  # fmt: skip
    p.set_layer("assignments", pd.concat([rows, more], ignore_index=True))
    p.save()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("assign_ui") / "town.gpkg"
    build(path)
    return path


@pytest.fixture
def window(open_window, tmp_path, built, messages):
    shutil.copyfile(built, tmp_path / "town.gpkg")
    w = open_window(tmp_path / "town.gpkg")
    w.errors = messages
    w.assignment.refresh()
    return w


def _leaders(window, code):
    a = window.project.layer("assignments")
    return sorted(a[(a["grid_code"] == code) & (a["role"] == "grid_leader")]["cadre_id"])


def _map_part(image):
    """The map above the scale bar, as bytes."""
    part = image.copy(0, 0, image.width(), image.height() - 40)
    return bytes(part.constBits().asarray(part.sizeInBytes()))


def _bars(panel):
    """Cadre id → the texts of its households and grids load bars and whether each is over."""
    model, out = panel.cadres.model(), {}
    for row in range(model.rowCount()):
        cells = [model.index(row, c) for c in (3, 4)]
        out[model.index(row, 0).data(ID_ROLE)] = [(c.data(), c.data(OVER_ROLE)) for c in cells]
    return out


def _painted_colours(view, row, column):
    """The colours the load-bar delegate paints for one cell, as '#rrggbb' names."""
    index = view.model().index(row, column)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 80, 18)
    option.font = view.font()
    image = QImage(80, 18, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    view.itemDelegateForColumn(column).paint(painter, option, index)
    painter.end()
    return {image.pixelColor(x, y).name() for x in range(80) for y in range(18)}


def test_load_bars_follow_the_core(window):
    loads = cadre_loads(window.project)
    bars = _bars(window.assignment.panel)
    assert set(bars) == set(loads.index)
    for cid, ((households, _), (grids, over)) in bars.items():
        assert households == f"{loads.loc[cid, 'households']}/{loads.loc[cid, 'max_households']}"
        assert grids == f"{loads.loc[cid, 'grids']}/{loads.loc[cid, 'max_grids']}"
        assert over == bool(loads.loc[cid, "grids"] > loads.loc[cid, "max_grids"])
    assert bars["c1"][1][1] and not bars["c2"][1][1]
    view = window.assignment.panel.cadres
    c1, c2 = (view.model().row_of(c) for c in ("c1", "c2"))
    assert "#f28b82" in _painted_colours(view, c1, 4)  # over the limit: a red bar
    assert "#f28b82" not in _painted_colours(view, c2, 4)


def test_drag_carries_the_cadre_id(window):
    model = window.assignment.panel.cadres.model()
    row = model.row_of("c3")
    mime = model.mimeData([model.index(row, 0)])
    assert bytes(mime.data(CADRE_MIME)) == b"c3"
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_thousands_of_cadres_are_listed(open_window, tmp_path, qtbot):
    """A county-sized dock: every cadre listed with their load, the chooser offers them all."""
    build(tmp_path / "many.gpkg")
    p = Project.open(tmp_path / "many.gpkg")
    n = 3000
    grids = p.layer("grids_small")["code"].tolist()
    total = len(p.layer("cadres")) + n
    extra = coverage_case._frame(
        {"id": [f"m{i}" for i in range(n)], "name": [f"干部{i}" for i in range(n)],
         "phone": ["13100000000"] * n, "role": ["grid_worker"] * n,
         "party_member": [i % 2 == 0 for i in range(n)]},
        [Point(100 + i % 1800, 100 + i // 1800 * 50) for i in range(n)],
    )  # fmt: skip
    p.set_layer("cadres", pd.concat([p.layer("cadres"), extra], ignore_index=True))
    work = pd.DataFrame(
        {"cadre_id": [f"m{i}" for i in range(n)], "role": ["grid_worker"] * n,
         "level": ["small"] * n, "grid_code": [grids[i % len(grids)] for i in range(n)]}
    )  # fmt: skip
    p.set_layer("assignments", pd.concat([p.layer("assignments"), work], ignore_index=True))
    p.save()
    w = open_window(tmp_path / "many.gpkg")
    w.assignment.refresh()
    panel = w.assignment.panel
    loads = cadre_loads(w.project)
    assert panel.cadres.model().rowCount() == len(loads) == total
    assert panel.cadre_combo.count() == total
    bars = _bars(panel)
    last = f"m{n - 1}"
    assert bars[last][1] == (f"1/{loads.loc[last, 'max_grids']}", False)
    assert bars[last][0][0] == f"{loads.loc[last, 'households']}/" + str(
        loads.loc[last, "max_households"]
    )
    row = panel.cadres.model().row_of(last)
    assert panel.cadres.model().index(row, 0).data() == f"干部{n - 1}"
    panel.cadre_combo.setCurrentIndex(panel.cadre_combo.findData(last))
    assert panel.cadre_combo.currentText().startswith(f"干部{n - 1} · ")
    # a selected cadre stays selected when the list is shown again
    panel.cadres.setCurrentIndex(panel.cadres.model().index(row, 0))
    w.assignment.refresh()
    assert panel.current_cadre() == last
    assert f"{total} " in panel.summary.text()


def test_selecting_a_grid_shows_its_team(window, qtbot):
    panel = window.assignment.panel
    layer = window.stack["grids_small"]
    row = int(np.flatnonzero(layer.data["code"] == V1 + "02002")[0])
    window.canvas.selectionChanged.emit("grids_small", [row])
    team = {
        panel.team.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1): panel.team.topLevelItem(
            i
        ).text(1)
        for i in range(panel.team.topLevelItemCount())
    }
    assert team == {
        "grid_leader": "李建国",
        "branch_secretary": "郑书记",
        "village_liaison": "冯联络",
    }
    assert panel.grid == V1 + "02002"
    # picking in the panel selects the grid on the map
    panel.grid_combo.setCurrentIndex(panel.grid_combo.findData(UNLED))
    panel.grid_combo.activated.emit(panel.grid_combo.currentIndex())
    assert panel.grid == UNLED
    assert layer.selected == frozenset(np.flatnonzero(layer.data["code"] == UNLED).tolist())
    missing = [panel.team.topLevelItem(i) for i in range(panel.team.topLevelItemCount())]
    red = [i.foreground(1).color().name() for i in missing if i.text(2) == "北坡网格"]
    assert red == ["#ff0000"]  # no leader, shown by the grid's name


def test_assign_from_list_then_undo_redo(window):
    panel = window.assignment.panel
    window.assignment._grid_chosen(UNLED)
    panel.role_combo.setCurrentIndex(panel.role_combo.findData("grid_leader"))
    panel.cadre_combo.setCurrentIndex(panel.cadre_combo.findData("c5"))
    panel.assign_button.click()
    assert _leaders(window, UNLED) == ["c5"]
    window.assignment.refresh()
    assert _bars(panel)["c5"][1][0].startswith("2/")
    window.undo_stack.undo()
    assert _leaders(window, UNLED) == []
    window.undo_stack.redo()
    assert _leaders(window, UNLED) == ["c5"]
    # a non-member cannot lead: the core's message is shown, nothing changes
    panel.cadre_combo.setCurrentIndex(panel.cadre_combo.findData("c6"))
    panel.assign_button.click()
    assert _leaders(window, UNLED) == ["c5"] and "party member" in window.errors[-1]
    # unassign the selected team member
    window.assignment.show_grid(UNLED)
    panel.team.setCurrentItem(panel.team.topLevelItem(0))
    panel.unassign_button.click()
    assert _leaders(window, UNLED) == []
    window.undo_stack.undo()
    assert _leaders(window, UNLED) == ["c5"]


def test_drop_a_cadre_on_the_map(window, qtbot):
    layer = window.stack["grids_small"]
    geom = layer.data.geometry[layer.data["code"] == UNLED].iloc[0]
    c = geom.representative_point()
    point = window.canvas.to_screen(c.x, c.y)
    mime = QMimeData()
    mime.setData("application/x-gisgrid-cadre", b"c3")
    enter = QDragEnterEvent(
        point.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.canvas, enter)  # a real drag enters before it drops
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.canvas, event)
    assert _leaders(window, UNLED) == ["c3"]
    assert window.assignment.panel.grid == UNLED
    window.undo_stack.undo()
    assert _leaders(window, UNLED) == []
    window.undo_stack.redo()
    assert _leaders(window, UNLED) == ["c3"]


def test_proposal_dialog_applies_the_diff_and_undo_reverts(window, qtbot):
    before = window.project.layer("assignments").copy()
    task = window.assignment.propose()
    qtbot.waitUntil(lambda: isinstance(window.assignment.dialog, QDialog), timeout=20000)
    dialog = window.assignment.dialog
    assert dialog.table.rowCount() >= 1
    texts = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert UNLED in texts  # the uncovered grid gets a leader
    assert dialog.apply_button().isEnabled()
    dialog.apply_button().click()
    after = window.project.layer("assignments")
    assert _leaders(window, UNLED) != []
    assert not after.equals(before)
    window.undo_stack.undo()
    assert window.project.layer("assignments").equals(before)
    assert task is not None


def test_households_dialog(window, qtbot):
    hh = window.project.layer("households")
    hh.loc[0, "grid_code"] = V2 + "01003"  # wrong on purpose
    window.project.set_layer("households", hh)
    window.assignment.assign_households()
    qtbot.waitUntil(lambda: isinstance(window.assignment.dialog, QDialog), timeout=20000)
    dialog = window.assignment.dialog
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == V2 + "01003"
    dialog.apply_button().click()
    assert window.project.layer("households").loc[0, "grid_code"] == V1 + "01001"
    window.undo_stack.undo()
    assert window.project.layer("households").loc[0, "grid_code"] == V2 + "01003"


@pytest.mark.parametrize("mode", ["leader", "load"])
def test_coverage_mode_colours_and_restores(window, qtbot, mode):
    layer = window.stack["grids_small"]
    old_style = layer.style
    old = window.canvas.render_to_image(QSize(300, 200))
    panel = window.assignment.panel
    panel.coverage_combo.setCurrentIndex(panel.coverage_combo.findData(mode))
    panel.coverage_combo.activated.emit(panel.coverage_combo.currentIndex())
    assert window.assignment.coverage.mode == mode
    assert layer.style.field == ("leader_id" if mode == "leader" else "households")
    coloured = window.canvas.render_to_image(QSize(300, 200))
    assert _map_part(coloured) != _map_part(old)
    assert window.assignment.coverage_actions[mode].isChecked()
    # an assignment while in the mode recolours (leader mode) and keeps the mode
    window.assignment.assign("c5", UNLED, "grid_leader")
    QApplication.processEvents()
    assert "leader_id" in layer.data.columns and layer.style.field is not None
    window.assignment.coverage_actions[""].trigger()
    assert layer.style == old_style and "leader_id" not in layer.data.columns
    new = window.canvas.render_to_image(QSize(300, 200))
    assert _map_part(new) == _map_part(old)  # the scale bar corner may differ by a pixel
    assert panel.coverage_combo.currentData() == ""


def test_screenshot(window, tmp_path):
    window.assignment.dock.show()
    window.assignment.dock.raise_()
    window.assignment._grid_chosen(V1 + "02002")
    QApplication.processEvents()
    shot = Path("/tmp/assignment_panel.png")
    window.grab().save(str(shot))
    assert shot.exists()
