"""Every project shape an office has, opened in the app, through the work behind each menu action.

Each shape of ``project_shapes.SHAPES`` is opened in the main window (offscreen) and put
through the app's own code paths: the health check (网格体检) and its repairs, the planning
dialog (自动划分网格), the cadre proposal and households → grids, the export dialog
(PDF/HTML/roster), the weekly pack dialog (周调度材料), the issues panel figures, the hotspot
tab and the figures export of the hierarchy tab. A test fails when an exception escapes
(pytest-qt fails the test for exceptions in slots and virtual methods), when a message shows
a Python exception instead of a sentence, or when a panel shows "None", "nan" or "NaT".

The slower actions (page previews, PDF/HTML, the weekly pack, planning every level, undoing a
repair, hotspots) run on the shapes :data:`EXPENSIVE` names, to keep the file to about a
minute; ``GISGRID_APP_SHAPES=full`` runs every action on every shape (a few minutes).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from gisgrid.ui import hotspot_view, worker
from gisgrid.ui.export_dialog import ExportDialog
from project_shapes import SHAPES, build_shape
from PyQt6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PyQt6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gisgrid.repair import fix_for
from gisgrid.schema import LEVEL_LAYERS

#: The slower actions and the shapes they run on (every shape gets the others): the printed
#: exports and the weekly pack take seconds each. GISGRID_APP_SHAPES=full runs all on all.
EXPENSIVE = {
    "printed export": ("only_villages", "invalid_polygons"),  # page preview, PDF, HTML
    "weekly pack": ("only_villages", "no_cadres"),
    "plan every level": ("only_villages", "five_levels"),
    "repair undo": ("invalid_polygons", "bloated_grid", "town_without_code"),  # each re-checks
    "hotspots": (
        "complete",
        "issues_without_location",
        "county",
        "five_levels",
        "invalid_polygons",
        "only_villages",
        "no_issues",
    ),
}
EVERYTHING = os.environ.get("GISGRID_APP_SHAPES") == "full"
#: Words a person must never read in a panel (missing values printed as Python sees them).
RAW_MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT)(?![A-Za-z])")
#: What a Python exception looks like when it reaches a message instead of a sentence.
RAW_ERROR = re.compile(
    r"Traceback|意外错误|Unexpected error|\b[A-Z][A-Za-z]*(Error|Exception)\b|dtype\("
)
MAX_ROWS = 12  # rows of each table or tree read for the text checks
WAIT_MS = 60000


# -- reading what a person sees -------------------------------------------------------------------
def _model_texts(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> list[str]:
    texts = []
    rows = min(model.rowCount(parent), MAX_ROWS)
    listing = isinstance(model, QAbstractListModel)  # its columnCount is private in PyQt
    columns = 1 if listing else model.columnCount(parent)
    for section in range(columns):
        if depth == 0:
            texts.append(str(model.headerData(section, Qt.Orientation.Horizontal) or ""))
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    texts.append(value)
        first = model.index(row, 0, parent)
        if not listing and depth < 5 and model.rowCount(first) > 0:
            texts += _model_texts(model, first, depth + 1)
    return texts


def _tree_item_texts(item: QTreeWidgetItem) -> list[str]:
    texts = [item.text(c) for c in range(item.columnCount())]
    for i in range(min(item.childCount(), MAX_ROWS)):
        texts += _tree_item_texts(item.child(i))
    return texts


def visible_texts(widget: QWidget) -> list[str]:
    """Return the texts ``widget`` and its children show: labels, buttons, combos, tables."""
    texts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            texts.append(child.text())
        elif isinstance(child, QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(min(child.count(), MAX_ROWS))]
        if isinstance(child, QTreeWidget):
            root = child.invisibleRootItem()
            for i in range(min(root.childCount(), MAX_ROWS)):
                texts += _tree_item_texts(root.child(i))
        elif isinstance(child, QTableWidget):
            for r in range(min(child.rowCount(), MAX_ROWS)):
                texts += [child.item(r, c).text() for c in range(child.columnCount())
                          if child.item(r, c) is not None]  # fmt: skip
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            texts += _model_texts(child.model(), QModelIndex())
    return [t for t in texts if t]


class Seen:
    """What went wrong on one shape, as ``action: text`` lines (the test fails when any)."""

    def __init__(self, shape: str, messages: list[str]) -> None:
        self.shape = shape
        self.messages = messages  # critical message boxes, captured
        self.problems: list[str] = []
        self.log: list[str] = []  # what each action said, for the report of a failure
        self._read = 0

    def said(self, action: str, text: str) -> None:
        """Log the message ``action`` left (a dialog's message line, a status text)."""
        if text:
            self.log.append(f"{action}: {text[:300]}")

    def error_boxes(self, action: str) -> list[str]:
        """Check the message boxes shown since the last call; return their texts."""
        new = self.messages[self._read :]
        self._read = len(self.messages)
        for text in new:
            self.said(action, f"[box] {text}")
            self.text(action, text, "message box")
        return new

    def text(self, action: str, text: str, where: str) -> None:
        """Note ``text`` if it shows a raw exception or a missing value."""
        if RAW_ERROR.search(text):
            self.problems.append(f"{action}: {where} shows an exception: {text[:300]}")
        elif RAW_MISSING.search(text):
            self.problems.append(f"{action}: {where} shows a raw missing value: {text[:300]}")

    def widget(self, action: str, widget: QWidget, where: str) -> None:
        """Check every text ``widget`` shows."""
        for text in visible_texts(widget):
            self.text(action, text, where)


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory):
    """Folder the shapes are built in once (each test works on its own copy)."""
    return tmp_path_factory.mktemp("shapes")


def _shape_file(shapes_dir: Path, name: str, tmp_path: Path) -> Path:
    built = shapes_dir / f"{name}.gpkg"
    if not built.exists():
        build_shape(name, built)
    path = tmp_path / f"{name}.gpkg"
    shutil.copyfile(built, path)
    return path


@pytest.fixture
def no_web_view(monkeypatch):
    """The hotspot tab without Chromium (its fallback path): the figures are what is tested."""

    def refuse(parent=None):
        raise RuntimeError("地图视图在测试中不启动")

    monkeypatch.setattr(hotspot_view, "create_web_view", refuse)


@pytest.fixture
def quiet_boxes(monkeypatch):
    """Questions and notices answered without a person: Discard, Ok."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)


def _idle(window) -> bool:
    plan = window.edit_tools.plan_dialog
    return (
        not window._tasks
        and not worker._DETACHED
        and window.issues_panel._flag_task is None
        and window.hotspot_view._task is None
        and (plan is None or plan.task is None)
    )


def wait_idle(qtbot, window) -> None:
    """Wait until every worker of the window and its dialogs has ended and reported."""
    qtbot.waitUntil(lambda: _idle(window), timeout=WAIT_MS)
    qtbot.wait(10)  # queued reports of the last task


# -- the actions ---------------------------------------------------------------------------------
def open_shape(qtbot, window, seen: Seen, tables: bool = False) -> None:
    """The panels of a project just opened: hierarchy tree, layers, issues figures (tables)."""
    wait_idle(qtbot, window)
    seen.error_boxes("open")
    for layer in list(window.stack or []) if tables else []:
        window.attribute_table.show_layer(layer.name)
        seen.widget("open", window.attribute_table, f"attribute table of {layer.name}")
    seen.widget("open", window.hierarchy_panel, "hierarchy tree")
    seen.widget("open", window.layer_panel, "layer list")
    seen.said("issues panel", window.issues_panel.figures.text())
    seen.widget("issues panel", window.issues_panel, "issues panel")
    seen.widget("assignment panel", window.assignment.panel, "cadre assignment panel")


def health_check(qtbot, window, seen: Seen, undo: bool) -> None:
    """Tools → 网格体检, then Fix all of each fixable kind (with ``undo``: the first undone
    and redone)."""
    window.check_hierarchy()
    wait_idle(qtbot, window)
    refused = seen.error_boxes("check")
    seen.said("check", window.problems_panel.summary.text())
    seen.widget("check", window.problems_panel, "check results")
    if window.check_result is None:  # refused (in a sentence, checked above) or lost
        if not refused:
            seen.problems.append("check: no result and no message")
        return
    kinds = dict.fromkeys(p.kind for p in window.check_result.problems if fix_for(p) is not None)
    undone = not undo
    for kind in kinds:
        result = window.check_result
        indices = [i for i, p in enumerate(result.problems)
                   if p.kind == kind and fix_for(p) is not None]  # fmt: skip
        if not indices:
            continue
        before = {name: _grid_counts(window, name) for name in LEVEL_LAYERS.values()}
        done = window.fix_problems(indices)
        wait_idle(qtbot, window)
        action = f"repair {kind}"
        seen.error_boxes(action)
        seen.widget(action, window.problems_panel, "check results")
        if not done:
            continue
        seen.said(action, window.undo_stack.undoText())
        for name, (count, empty) in before.items():
            after, now_empty = _grid_counts(window, name)
            if (after < count and kind != "empty") or now_empty > empty:
                seen.problems.append(
                    f"{action}: {name} lost grids ({count} → {after}, empty {empty} → {now_empty})"
                )
        if not undone:
            undone = True
            window.undo_stack.undo()
            wait_idle(qtbot, window)
            window.undo_stack.redo()
            wait_idle(qtbot, window)
            seen.error_boxes(f"{action} undo/redo")


def _grid_counts(window, name: str) -> tuple[int, int]:
    """Features of layer ``name`` and how many of them have an empty or no geometry."""
    grids = window.project.layer(name)
    return len(grids), int(grids.geometry.is_empty.sum() + grids.geometry.isna().sum())


def plan(qtbot, window, seen: Seen, levels: int) -> None:
    """Tools → 自动划分网格: the level offered first (or ``levels`` levels), first parent.

    Each proposal is drawn, applied and undone.
    """
    dialog = window.edit_tools.open_plan_dialog()
    first = dialog.level_box.currentIndex()  # the level the dialog offers first
    order = [first] + [k for k in range(dialog.level_box.count()) if k != first]
    try:
        for k in order[:levels]:
            dialog.level_box.setCurrentIndex(k)
            level = dialog.level
            dialog.parent_box.setCurrentIndex(1 if dialog.parent_box.count() > 1 else 0)
            action = f"plan {level} in {dialog.parent_code()}"
            dialog.run()
            wait_idle(qtbot, window)
            seen.error_boxes(action)
            seen.said(action, dialog.progress_text.text())
            seen.widget(action, dialog, "plan dialog")
            if dialog.result is None:
                continue
            seen.said(action, f"{len(dialog.result.grids)} grids proposed")
            dialog.preview.grab()  # paints the proposal
            count = window.undo_stack.index()
            if dialog.apply():
                wait_idle(qtbot, window)
                seen.error_boxes(f"{action} apply")
                window.undo_stack.undo()
                wait_idle(qtbot, window)
                seen.error_boxes(f"{action} undo")
                assert window.undo_stack.index() == count
            dialog = window.edit_tools.open_plan_dialog()
    finally:
        dialog.close()


def proposals(qtbot, window, seen: Seen) -> None:
    """Tools → 干部分配建议 and 住户归入网格: the diffs shown, then applied."""
    control = window.assignment
    for action, start in (
        ("cadre proposal", control.propose),
        ("households → grids", control.assign_households),
    ):
        control.dialog = None
        start()
        wait_idle(qtbot, window)
        seen.error_boxes(action)
        dialog = control.dialog
        if dialog is None:
            continue
        seen.said(action, dialog.message.text())
        seen.widget(action, dialog, "proposal dialog")
        if dialog.apply_button().isEnabled():
            dialog.accept()
            wait_idle(qtbot, window)
            seen.error_boxes(f"{action} apply")
            seen.widget(action, control.panel, "cadre assignment panel")
        dialog.close()


def statistics(qtbot, window, seen: Seen, tmp_path: Path) -> None:
    """The hierarchy tab's Export figures to Excel."""
    window.export_statistics(tmp_path / "网格统计.xlsx")
    wait_idle(qtbot, window)
    if not seen.error_boxes("figures export"):
        assert (tmp_path / "网格统计.xlsx").exists()


def export(qtbot, window, seen: Seen, tmp_path: Path, formats: tuple[str, ...]) -> None:
    """Tools → 导出网格责任图 in ``formats``, with its preview."""
    dialog = window.assignment.open_export()
    try:
        wait_idle(qtbot, window)
        seen.said("export preview", dialog.preview.text() or dialog.preview_note.text())
        seen.widget("export preview", dialog, "export dialog")
        for key in formats:
            dialog.format.setCurrentIndex(dialog.format.findData(key))
            dialog.set_output(tmp_path / "网格责任图")
            dialog.start_export()
            wait_idle(qtbot, window)
            seen.said(f"export {key}", dialog.message.text())
            seen.widget(f"export {key}", dialog, "export dialog")
            if dialog.message.styleSheet().find("b00020") < 0:  # not an error: the file is there
                assert Path(dialog.path.text()).exists(), dialog.message.text()
    finally:
        dialog._timer.stop()
        dialog.close()
        wait_idle(qtbot, window)


def weekly_pack(qtbot, window, seen: Seen, tmp_path: Path) -> None:
    """Tools → 周调度材料: preview of page 1 and the pack."""
    dialog = window.report_hook.open_dialog()
    try:
        wait_idle(qtbot, window)
        seen.said("weekly pack preview", dialog.preview.text() or dialog.preview_note.text())
        seen.widget("weekly pack preview", dialog, "weekly pack dialog")
        dialog.folder.setText(str(tmp_path / "周调度材料"))
        dialog.start_build()
        wait_idle(qtbot, window)
        seen.said("weekly pack", dialog.message.text())
        seen.widget("weekly pack", dialog, "weekly pack dialog")
    finally:
        dialog._timer.stop()
        dialog.close()
        wait_idle(qtbot, window)


def hotspots(qtbot, window, seen: Seen) -> None:
    """The 热点图 tab: run (when there are dated issues) and its grid list."""
    view = window.hotspot_view
    window.central_tabs.setCurrentWidget(view)
    view.permutations = 99
    if view.run_button.isEnabled():
        view.run()
        wait_idle(qtbot, window)
        seen.error_boxes("hotspots")
        seen.said("hotspots", view.message.text())
    seen.widget("hotspots", view, "hotspot tab")
    window.central_tabs.setCurrentIndex(0)


# -- the test --------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_through_the_app(
    shape, shapes_dir, tmp_path, qtbot, open_window, messages, quiet_boxes, no_web_view,
    finish_tasks, monkeypatch,
):  # fmt: skip
    def runs(action: str) -> bool:
        return EVERYTHING or shape in EXPENSIVE[action]

    path = _shape_file(shapes_dir, shape, tmp_path)
    window = open_window(path)
    seen = Seen(shape, messages)
    open_shape(qtbot, window, seen)
    health_check(qtbot, window, seen, undo=runs("repair undo"))
    plan(qtbot, window, seen, levels=3 if runs("plan every level") else 1)
    proposals(qtbot, window, seen)
    statistics(qtbot, window, seen, tmp_path)
    if not runs("printed export"):  # the roster only: no page preview
        monkeypatch.setattr(ExportDialog, "update_preview", lambda self: None)
    printed = ("pdf", "html") if runs("printed export") else ()
    export(qtbot, window, seen, tmp_path, (*printed, "xlsx"))
    if runs("weekly pack"):
        weekly_pack(qtbot, window, seen, tmp_path)
    if runs("hotspots"):
        hotspots(qtbot, window, seen)
    open_shape(qtbot, window, seen, tables=True)  # the panels after all that work
    print(f"{shape}:", *seen.log, sep="\n  ")  # what each action said (shown on failure, -s)
    assert not seen.problems, f"{shape}:\n" + "\n".join(seen.problems)
