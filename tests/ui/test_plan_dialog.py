"""Tools → 自动划分网格…: plan on a worker, look at the proposal, apply undoably or close."""

import pytest
import shapely
from block_case import LARGE, build_block


def build_plan_project(path):
    """One large grid cut into two small grids; 60 households spread over it."""
    halves = [shapely.box(118.70, 37.00, 118.71, 37.02), shapely.box(118.71, 37.00, 118.72, 37.02)]
    codes = [LARGE + "001", LARGE + "002"]
    return build_block(
        path, codes, ["西片", "东片"], halves,
        households=60, seed=7, surname="赵", origin=(118.7005, 37.0005), span=0.019,
    )  # fmt: skip


@pytest.fixture
def window(open_window, tmp_path):
    build_plan_project(tmp_path / "plan.gpkg")
    w = open_window(tmp_path / "plan.gpkg")
    yield w
    if w.edit_tools.plan_dialog is not None:
        w.edit_tools.plan_dialog.close()


def _wkb(window):
    grids = window.project.layer("grids_small")
    return {c: g.wkb for c, g in zip(grids["code"], grids.geometry)}


def _planned(qtbot, window, count=3, **set_up):
    window.stack["grids_large"].selected = frozenset({0})  # the parent, picked on the map
    dialog = window.edit_tools.open_plan_dialog()
    assert dialog.parent_code() == LARGE and dialog.level == "small"
    dialog.count.setValue(count)
    for name, value in set_up.items():
        getattr(dialog, name).setText(value)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    return dialog


def test_plan_shows_proposal_and_apply_is_one_undoable_command(qtbot, window, tmp_path):
    before = _wkb(window)
    hh_before = window.project.layer("households")["grid_code"].tolist()
    dialog = _planned(qtbot, window)
    r = dialog.result
    assert len(r.grids) == 3 and r.contiguous
    assert dialog.table.rowCount() == 3
    assert sum(int(dialog.table.item(i, 2).text()) for i in range(3)) == 60
    assert len(dialog.preview.proposed) == 3 and len(dialog.preview.today) == 2
    assert len(dialog.preview.points) == 60  # the households, drawn in both maps
    assert "紧凑度" in dialog.figures.text() and str(r.households_moved) in dialog.figures.text()
    assert _wkb(window) == before  # only proposed so far
    dialog.resize(1000, 620)
    assert dialog.grab().save(str(tmp_path / "plan.png"))
    assert dialog.apply()
    grids = window.project.layer("grids_small")
    assert len(grids) == 3 and set(grids["parent_code"]) == {LARGE}
    assert len(window.stack["grids_small"].data) == 3
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert _wkb(window) == before
    assert window.project.layer("households")["grid_code"].tolist() == hh_before
    window.undo_stack.redo()
    assert len(window.project.layer("grids_small")) == 3


def test_closing_without_apply_changes_nothing(qtbot, window):
    before = _wkb(window)
    dialog = _planned(qtbot, window, count=4)
    dialog.reject()
    assert _wkb(window) == before and window.undo_stack.count() == 0


def test_locked_grid_is_kept(qtbot, window):
    before = _wkb(window)
    dialog = _planned(qtbot, window, count=3, locked=LARGE + "001")
    assert dialog.result.grids["locked"].sum() == 1
    dialog.apply()
    assert _wkb(window)[LARGE + "001"] == before[LARGE + "001"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("locked", "999", "999"), ("parent", "123", "123")],
)
def test_bad_input_shows_one_line_message(qtbot, window, messages, field, value, expected):
    dialog = window.edit_tools.open_plan_dialog()
    if field == "locked":
        dialog.locked.setText(value)
    else:
        dialog.parent_box.setEditText(value)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert len(messages) == 1 and expected in messages[0] and "\n" not in messages[0]
    assert dialog.result is None and not dialog.apply_button.isEnabled()


@pytest.mark.parametrize("change", ["edit", "edit, undo, other edit", "other project"])
def test_apply_refused_after_the_project_changed(qtbot, window, messages, tmp_path, change):
    if change == "edit, undo, other edit":  # same undo position, another command
        window.stack["grids_small"].selected = frozenset({1})
        assert window.edit_tools.delete_selected(join=False)
    dialog = _planned(qtbot, window)
    if change == "other project":
        window.set_project(build_plan_project(tmp_path / "other.gpkg"))  # no save question
    else:
        if change != "edit":
            window.undo_stack.undo()
        window.stack["grids_small"].selected = frozenset({0})
        assert window.edit_tools.delete_selected(join=False)
    before = _wkb(window)
    assert not dialog.apply()
    assert _wkb(window) == before
    assert messages and "重新生成" in messages[0]


def test_whole_town_mode_and_target(qtbot, window):
    dialog = window.edit_tools.open_plan_dialog()
    dialog.parent_box.setCurrentIndex(0)
    assert dialog.parent_code() == "all"
    dialog.target_radio.setChecked(True)
    dialog.target.setValue(15)
    assert dialog.params().count is None and dialog.params().target == 15
    dialog.run()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert len(dialog.result.grids) == 4 and dialog.result.target == pytest.approx(15)
