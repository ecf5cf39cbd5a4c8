"""App defects the project shapes showed, each pinned on a small shape of its kind.

- The planning dialog offers the level to build next (large grids in a project of villages
  only), every grid level (a level the project lacks is added when applied, undone with it),
  and never shows "nan" for figures a plan by area does not have.
- Households → grids in a five-level project lists the micro grids households move into.
- A repair that fails unexpectedly is one line in a box, and the check runs again.
- The status bar says what ended ("层级检查完成", the file written), not "完成：正在…".
"""

import shutil

import pytest
from gisgrid.ui.assignment_dialogs import HouseholdsDialog
from project_shapes import build_shape

from gisgrid.assign import assign_households


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    """Build each shape once; return a function copying one to a test's folder."""
    folder = tmp_path_factory.mktemp("fix_shapes")

    def copy(name, tmp_path):
        built = folder / f"{name}.gpkg"
        if not built.exists():
            build_shape(name, built)
        shutil.copyfile(built, tmp_path / built.name)
        return tmp_path / built.name

    return copy


def _plan(qtbot, dialog):
    dialog.run()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    return dialog.result


def _texts(dialog):
    table = dialog.table
    cells = [table.item(r, c).text() for r in range(table.rowCount())
             for c in range(table.columnCount())]  # fmt: skip
    return cells + [dialog.figures.text(), dialog.progress_text.text()]


def test_villages_only_plans_large_grids_first(qtbot, open_window, shapes, tmp_path, messages):
    window = open_window(shapes("only_villages", tmp_path))
    dialog = window.edit_tools.open_plan_dialog()
    try:
        assert dialog.level == "large"
        villages = window.project.layer("villages")
        assert dialog.parent_code() == villages["code"].iloc[0]
        result = _plan(qtbot, dialog)
        assert not messages and result is not None and len(result.grids) == 4
        assert dialog.apply()
        assert len(window.project.layer("grids_large")) == 4
        assert "grids_large" in window.stack
        window.undo_stack.undo()
        assert len(window.project.layer("grids_large")) == 0
    finally:
        dialog.close()
    window.export_statistics(tmp_path / "网格统计.xlsx")
    qtbot.waitUntil(lambda: not window._tasks, timeout=60000)
    assert window.status.currentMessage().startswith("已写入")  # the file, not "Done"


def test_micro_level_offered_and_added_with_undo(qtbot, open_window, shapes, tmp_path, messages):
    window = open_window(shapes("complete", tmp_path))
    assert "micro" not in window.project.meta.levels
    dialog = window.edit_tools.open_plan_dialog()
    try:
        assert dialog.level == "small"  # a complete hierarchy: the level re-planned most
        items = {dialog.level_box.itemData(i): dialog.level_box.itemText(i)
                 for i in range(dialog.level_box.count())}  # fmt: skip
        assert list(items) == ["large", "small", "micro"]
        assert items["micro"] == "微网格（应用后项目新增此层级）" and items["small"] == "小网格"
        dialog.level_box.setCurrentIndex(2)
        dialog.count.setValue(2)
        assert _plan(qtbot, dialog) is not None and not messages
        assert dialog.apply()
        assert window.project.meta.levels[-1] == "micro"
        assert len(window.project.layer("grids_micro")) == 2
        levels = [c.level for c in window.hierarchy_panel.model.root.children[0].children]
        assert levels  # the tree is rebuilt over the new level
        window.undo_stack.undo()
        assert "micro" not in window.project.meta.levels
    finally:
        dialog.close()


def test_plan_by_area_shows_no_raw_missing_values(qtbot, open_window, shapes, tmp_path, messages):
    window = open_window(shapes("no_households", tmp_path))
    dialog = window.edit_tools.open_plan_dialog()
    try:
        assert _plan(qtbot, dialog) is not None and not messages
        texts = _texts(dialog)
        assert not [t for t in texts if "nan" in t or "None" in t], texts
        assert "按面积" in dialog.progress_text.text()
        dialog.preview.grab()  # the labels of grids without households are painted
    finally:
        dialog.close()


def test_five_level_households_dialog_lists_micro_grids(qtbot, shapes, tmp_path):
    from gisgrid.project import Project

    project = Project.open(shapes("five_levels", tmp_path))
    result = assign_households(project)
    assert result.changed > 0  # micro codes filled in: grid_code itself stays
    dialog = HouseholdsDialog(result)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == result.changed
    before, after = dialog.table.item(0, 1).text(), dialog.table.item(0, 2).text()
    assert before == "—" or len(before) == 17
    assert len(after) == 19 and after.startswith(before if before != "—" else after[:17])
    assert dialog.apply_button().isEnabled()


def test_unexpected_repair_failure_is_one_line(qtbot, open_window, shapes, tmp_path, messages,
                                               monkeypatch):  # fmt: skip
    from gisgrid.ui import main_window

    window = open_window(shapes("bloated_grid", tmp_path))
    window.check_hierarchy()
    qtbot.waitUntil(lambda: window.check_result is not None, timeout=60000)
    assert window.status.currentMessage() == "层级检查完成"  # not "完成：正在检查层级"
    overlaps = [i for i, p in enumerate(window.check_result.problems) if p.kind == "overlap"]
    assert overlaps

    def broken(*_a, **_k):
        raise TypeError("Invalid value for dtype 'str'.\nSecond line")

    monkeypatch.setattr(main_window, "plan_fix", broken)
    before = window.project.layer("grids_small").geometry.to_wkb().tolist()
    assert not window.fix_problems(overlaps)
    assert messages == ["意外错误：TypeError: Invalid value for dtype 'str'."]
    assert window.project.layer("grids_small").geometry.to_wkb().tolist() == before
    assert window.undo_stack.count() == 0
    qtbot.waitUntil(lambda: not window._tasks, timeout=60000)  # checked again
