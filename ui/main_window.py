"""The main window, with its menus, toolbar, status bar, undo stack and project life cycle.

Map canvas in the middle, layer/hierarchy tabs left, attribute table below, identify panel
right.

It only wires widgets to core calls: opening and saving go to :class:`gisgrid.project.Project`,
edits are :mod:`gisgrid.edits` commands on a ``QUndoStack``, long work runs on
:class:`gisgrid.ui.worker.Task`.
"""

from __future__ import annotations

import logging
import math
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gisgrid.layers.registry import DRAW_ORDER, LayerStack, layer_for
from gisgrid.layers.saved import store_style
from gisgrid.ui import settings as store
from gisgrid.ui.actions import MainActions
from gisgrid.ui.assignment_control import install_assignment
from gisgrid.ui.attribute_table import AttributeTable
from gisgrid.ui.autosave import install_autosave
from gisgrid.ui.canvas import MapCanvas
from gisgrid.ui.edit_tools import install_editing
from gisgrid.ui.hierarchy_panel import HierarchyPanel
from gisgrid.ui.identify_panel import IdentifyPanel
from gisgrid.ui.import_dialog import ImportDialog
from gisgrid.ui.issues_hook import install_issues
from gisgrid.ui.layer_panel import LayerPanel
from gisgrid.ui.names import column_title, layer_title
from gisgrid.ui.problems_panel import ProblemsPanel
from gisgrid.ui.project_lock import install_project_lock
from gisgrid.ui.report_dialog import install_report
from gisgrid.ui.status import StatusBar
from gisgrid.ui.worker import Task, unexpected_text
from PyQt6.QtCore import QCoreApplication, QEvent, QSettings, Qt, pyqtSignal
from PyQt6.QtGui import QCloseEvent, QUndoCommand, QUndoStack
from PyQt6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from gisgrid.edits import EditCommand, SetAttribute
from gisgrid.errors import GisgridError
from gisgrid.hierarchy import store_problems, validate
from gisgrid.hierarchy_tree import build_tree
from gisgrid.project import Project
from gisgrid.repair import plan_fix
from gisgrid.schema import LEVEL_LAYERS
from gisgrid.stats import export_unit_statistics

log = logging.getLogger(__name__)
HIERARCHY_INPUTS = set(LEVEL_LAYERS.values()) | {"households"}
POINT_ZOOM_DEGREES = 0.006  # about 600 m at 37°N
ZOOM_PADDING = 0.25  # share of a feature's size shown around it when zooming to it
START_LAYERS = ("grids_small", "grids_large", "villages")
EMPTY_MAP_CRS = "EPSG:4549"  # CGCS2000 / 3-degree GK CM 120E: only used while there is no data


def _edit_text(edit: EditCommand) -> str:
    """Return the Undo/Redo menu text of ``edit``, in the interface language."""
    if isinstance(edit, SetAttribute):
        return QCoreApplication.translate("EditUndoCommand", "{layer}, row {row}: {column}").format(
            layer=layer_title(edit.layer),
            row=edit.row + 1,
            column=column_title(edit.layer, edit.column),
        )
    return edit.text


class EditUndoCommand(QUndoCommand):
    """Puts a core :class:`~gisgrid.edits.EditCommand` on the Qt undo stack.

    The edit is already done when the command is pushed (so a bad value fails before it
    reaches the stack); the first ``redo`` that ``QUndoStack.push`` calls is skipped.
    """

    def __init__(self, window: MainWindow, edit: EditCommand) -> None:
        super().__init__(_edit_text(edit))
        self._window = window
        self._edit = edit
        self._done = True

    def redo(self) -> None:
        """Do the edit again (skipped right after the push)."""
        if self._done:
            self._done = False
            return
        self._window.apply_edit(self._edit, self._edit.do)

    def undo(self) -> None:
        """Undo the edit."""
        self._window.apply_edit(self._edit, self._edit.undo)


class RepairUndoCommand(EditUndoCommand):
    """A repair from the health check: after doing or undoing it, the check runs again."""

    def redo(self) -> None:
        """Repair again (skipped right after the push) and re-check."""
        first = self._done
        super().redo()
        if not first:
            self._window.check_hierarchy()

    def undo(self) -> None:
        """Restore the geometry and re-check."""
        super().undo()
        self._window.check_hierarchy()


class MainWindow(QMainWindow):
    """The application window over one project at a time."""

    projectShown = pyqtSignal()  # a project was opened, created or closed (panels re-read it)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else store.app_settings()
        self.quiet = False  # True: errors are printed, not shown (unattended screenshots)
        self.project: Project | None = None
        self.stack: LayerStack | None = None
        self._tasks: set[Task] = set()
        self.check_result: Any = None  # the last hierarchy check
        self._styled_layers: list[Any] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())

        self.canvas = MapCanvas()
        self.welcome = QLabel()
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.welcome.setStyleSheet("color: #555; font-size: 15px; background: #fafafa;")
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.canvas)
        self.setCentralWidget(self.central)

        self.layer_panel = LayerPanel()
        self.hierarchy_panel = HierarchyPanel()
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.layer_panel, "")
        self.left_tabs.addTab(self.hierarchy_panel, "")
        self.attribute_table = AttributeTable()
        self.identify_panel = IdentifyPanel()
        self.layers_dock = self._dock(
            "layers", self.left_tabs, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.table_dock = self._dock(
            "attributes", self.attribute_table, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.identify_dock = self._dock(
            "identify", self.identify_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.problems_panel = ProblemsPanel()
        self.problems_dock = self._dock(
            "problems", self.problems_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.identify_dock, self.problems_dock)
        self.identify_dock.raise_()
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.actions_ = MainActions(self)
        install_project_lock(self)  # one writer per project file; read-only when held elsewhere
        install_issues(self)  # 诉求 dock, 热点图 tab, grid drill-down
        install_assignment(self)  # 干部分配 dock, coverage map mode, export dialog
        install_editing(self)  # 编辑网格 tools and toolbar, Tools → 自动划分网格…
        install_report(self)  # Tools → 周调度材料 (weekly meeting pack) dialog
        install_autosave(self)  # recovery copies every few minutes; offered after a crash

        self.layer_panel.zoomRequested.connect(self.canvas.zoom_to_layer)
        self.hierarchy_panel.nodeChosen.connect(self.select_feature)
        self.attribute_table.editRequested.connect(self.edit_attribute)
        self.canvas.cursorMoved.connect(self.status.set_position)
        self.canvas.scaleChanged.connect(self.status.set_scale)
        self.canvas.featureIdentified.connect(self.identify)
        self.canvas.selectionChanged.connect(self._map_selection)
        self.layer_panel.currentLayerChanged.connect(self._current_layer_changed)
        self.status.cancelRequested.connect(self.cancel_tasks)
        self.hierarchy_panel.exportRequested.connect(self.export_statistics)
        self.problems_panel.problemChosen.connect(self.show_problem)
        self.problems_panel.fixRequested.connect(self.fix_problems)
        self.problems_panel.recheckRequested.connect(self.check_hierarchy)
        self.canvas.basemapFailed.connect(lambda text: self.status.showMessage(text, 10000))

        self.resize(1360, 860)
        self.resizeDocks(
            [self.layers_dock, self.identify_dock], [330, 240], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.table_dock], [250], Qt.Orientation.Vertical)
        self.retranslate_ui()
        self._restore_window_state()
        self.canvas_settings_changed()
        self._show_project()

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- language -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every visible text in the current language (called on LanguageChange)."""
        self.left_tabs.setTabText(0, self.tr("Layers"))
        self.left_tabs.setTabText(1, self.tr("Hierarchy"))
        self.layers_dock.setWindowTitle(self.tr("Layers and hierarchy"))
        self.table_dock.setWindowTitle(self.tr("Attribute table"))
        self.identify_dock.setWindowTitle(self.tr("Identify"))
        self.problems_dock.setWindowTitle(self.tr("Check results"))
        self.welcome.setText(
            self.tr(
                "<h2>gisgrid grid management</h2><p>Open a project with <b>File → Open</b>, "
                "or create one with <b>File → New</b> and bring in your village and grid "
                "files with <b>File → Import</b>.</p>"
            )
        )
        self.actions_.retranslate_ui()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_title(self) -> None:
        name = self.project.meta.name if self.project is not None else ""
        path = self.project.path.name if self.project and self.project.path else ""
        title = self.tr("gisgrid grid management")
        if name:
            title = f"{name} ({path or self.tr('not saved')})[*] — {title}"
            title = self.project_lock.title(title)
        self.setWindowTitle(title)
        self.setWindowModified(self.is_modified())

    def is_modified(self) -> bool:
        """Whether the project has changes not yet saved."""
        return self.project is not None and (self.project.modified or not self.undo_stack.isClean())

    # -- messages -----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show an error's text (never a traceback) in a message box."""
        if self.quiet:
            print(text, file=sys.stderr)
            return
        QMessageBox.critical(self, self.tr("gisgrid"), text)

    def guarded(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function``; a :class:`GisgridError` is shown to the user and None returned."""
        try:
            return function(*args)
        except GisgridError as exc:
            self.show_error(str(exc))
        except KeyError as exc:  # e.g. an unknown layer name: its message is for the user
            self.show_error(str(exc.args[0]) if exc.args else repr(exc))
        return None

    # -- project life cycle ---------------------------------------------------------------
    def open_project(self, path: str | Path) -> bool:
        """Open the project at ``path`` (after asking about unsaved changes)."""
        if not self.maybe_save():
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            project = self.project_lock.open(path)  # takes the lock, or asks: read-only?
        finally:
            QApplication.restoreOverrideCursor()
        if project is None:
            return False
        self.set_project(project)
        store.add_recent_file(self.settings, project.path)
        return True

    def new_project(
        self, path: str | Path, name: str, code: str = "", levels: list[str] | None = None
    ) -> bool:
        """Create an empty project at ``path`` (hierarchy ``levels``, default 4) and show it."""
        if not self.maybe_save():
            return False
        project = self.guarded(
            lambda: Project.create(path, name, code, levels=levels, overwrite=True)
        )
        if project is None:
            return False
        self.set_project(project)
        store.add_recent_file(self.settings, project.path)
        return True

    def set_project(self, project: Project | None) -> None:
        """Show ``project`` (None: the welcome page)."""
        self.project = project
        self.undo_stack.clear()
        self.stack = LayerStack.from_project(project) if project is not None else None
        self._show_project()

    def _show_project(self) -> None:
        project, stack = self.project, self.stack
        for layer in self._styled_layers:
            for signal in (layer.events.style, layer.events.visible, layer.events.opacity):
                signal.disconnect(self._layer_state_changed)
        self._styled_layers = []
        if stack is not None:
            for layer in stack:
                self._watch_layer(layer)
            stack.events.inserted.connect(lambda _i, layer: self._watch_layer(layer))
        zone = self._zone()
        self.canvas.set_stack(stack if stack is not None else LayerStack(), self._metric_crs())
        self.layer_panel.set_stack(stack)
        self.attribute_table.set_stack(stack)
        self.identify_panel.set_stack(stack)
        self.hierarchy_panel.set_root(build_tree(project) if project is not None else None)
        self.problems_panel.show_result(None)
        self.status.set_zone(zone)
        self.central.setCurrentWidget(self.canvas if project is not None else self.welcome)
        self.actions_.update_enabled()
        if stack is not None and len(stack):
            self.canvas.zoom_full()
            for name in START_LAYERS:  # the layer a grid office works with most
                if name in stack:
                    self.layer_panel.select_layer(name)
                    break
        self._update_title()
        self.projectShown.emit()

    def _zone(self) -> int | None:
        """Gauss-Krüger zone of the project's data (None without data)."""
        if self.project is None or self.stack is None or not len(self.stack):
            return None
        return self.project.gk_zone

    def _metric_crs(self) -> Any:
        """Return the CRS the canvas draws in (the project zone; a placeholder without data)."""
        if self._zone() is None:
            return EMPTY_MAP_CRS
        assert self.project is not None
        return self.project.metric_crs

    def _watch_layer(self, layer: Any) -> None:
        for signal in (layer.events.style, layer.events.visible, layer.events.opacity):
            signal.connect(self._layer_state_changed)
        self._styled_layers.append(layer)

    def _layer_state_changed(self, *_: Any) -> None:
        """Keep a layer's changed style, visibility or opacity in the project."""
        if self.project is None or self.stack is None:
            return
        for layer in self.stack:
            store_style(self.project, layer)
        self._update_title()

    def save(self) -> bool:
        """Save to the project's file (asks for one if it has none)."""
        if self.project is None:
            return False
        if self.project.path is None or self.project_lock.read_only:
            return self.actions_.save_as_dialog()
        return self.save_as(self.project.path)

    def save_as(self, path: str | Path) -> bool:
        """Save the project to ``path`` and make that its file."""
        if self.project is None:
            return False
        if self.stack is not None:
            for layer in self.stack:
                store_style(self.project, layer)
        saved = self.guarded(self.project_lock.save, path)  # Save As moves the lock
        if saved is None:
            return False
        self.undo_stack.setClean()
        store.add_recent_file(self.settings, saved)
        self.status.showMessage(self.tr("Saved {path}").format(path=saved), 5000)
        self._update_title()
        return True

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False means the user cancelled."""
        if not self.is_modified():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The project has unsaved changes. Save them first?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Confirm unsaved changes, stop work, remember the window layout."""
        if not self.maybe_save():
            event.ignore()
            return
        self.cancel_tasks()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.project_lock.release()
        event.accept()

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def make_import_dialog(self) -> ImportDialog | None:
        """Return an import dialog over the project, wired to refresh what it changes."""
        if self.project is None:
            return None
        dialog = ImportDialog(self.project, self)
        dialog.imported.connect(self.layer_data_changed)
        return dialog

    def canvas_settings_changed(self) -> None:
        """Pass the basemap setting to the canvas (tiles are optional and off by default)."""
        basemap = store.BasemapSettings.load(self.settings)
        self.canvas.set_basemap(basemap.tile_url if basemap.enabled and basemap.url else None)

    # -- layers changed by work -----------------------------------------------------------
    def layer_data_changed(self, name: str) -> None:
        """Project layer ``name`` was replaced (import, edit): update map, table and tree."""
        if self.project is None or self.stack is None:
            return
        if name in self.stack:
            layer = self.stack[name]
            selected = layer.selected
            layer.data = self.project.layer(name)
            if selected and max(selected) < len(layer.data):
                layer.selected = selected
        elif name in DRAW_ORDER and len(self.project.layer(name)):
            position = sum(1 for n in DRAW_ORDER[: DRAW_ORDER.index(name)] if n in self.stack)
            self.stack.insert(position, layer_for(self.project, name))
            self.attribute_table.set_stack(self.stack)
        if name in HIERARCHY_INPUTS:
            self.hierarchy_panel.set_root(build_tree(self.project))
        zone = self._zone()
        if zone != self.status.zone:  # first data, or data in another zone: redraw there
            self.canvas.set_stack(self.stack, self._metric_crs())
            self.status.set_zone(zone)
        self._update_title()

    # -- edits ----------------------------------------------------------------------------
    def edit_attribute(self, layer: str, row: int, column: str, value: Any) -> bool:
        """Set one attribute as an undoable edit; a bad value is shown and nothing changes."""
        if self.project is None:
            return False
        try:
            edit = SetAttribute(layer, row, column, value)
            edit.do(self.project)
        except GisgridError as exc:
            self.show_error(str(exc))
            return False
        self.undo_stack.push(EditUndoCommand(self, edit))
        self.layer_data_changed(layer)
        return True

    def apply_edit(self, edit: EditCommand, step: Callable[[Project], None]) -> None:
        """Run ``edit.do`` or ``edit.undo`` on the project and refresh its layer."""
        if self.project is None:
            return
        try:
            step(self.project)
        except GisgridError as exc:
            self.show_error(str(exc))
            return
        for name in getattr(edit, "layers", [edit.layer]):  # repairs change several layers
            self.layer_data_changed(name)

    # -- selection, identify ----------------------------------------------------------------
    def select_feature(self, layer_name: str, row: int) -> None:
        """Select feature ``row`` of ``layer_name`` alone and zoom the map to it."""
        if self.stack is None or layer_name not in self.stack:
            return
        for layer in self.stack:
            if layer.name != layer_name and layer.selected:
                layer.selected = frozenset()
        layer = self.stack[layer_name]
        layer.selected = frozenset({row})
        self.attribute_table.show_layer(layer_name)
        minx, miny, maxx, maxy = layer.rows_bounds([row])
        if maxx - minx < POINT_ZOOM_DEGREES / 10 and maxy - miny < POINT_ZOOM_DEGREES / 10:
            self.zoom_to_point((minx + maxx) / 2, (miny + maxy) / 2)  # a point: its surroundings
            return
        padx, pady = (maxx - minx) * ZOOM_PADDING, (maxy - miny) * ZOOM_PADDING  # surroundings
        self.canvas.zoom_to_bounds((minx - padx, miny - pady, maxx + padx, maxy + pady))

    def _current_layer_changed(self, name: str | None) -> None:
        """Make the layer chosen in the layer tree the one the map tools and the table use."""
        self.canvas.set_active_layer(name)
        if name is not None:
            self.attribute_table.show_layer(name)

    def _map_selection(self, layer_name: str, rows: list) -> None:
        """Show the layer of a map selection in the table (the table syncs the rows itself)."""
        if rows:
            self.attribute_table.show_layer(layer_name)
        self.status.showMessage(self.tr("{n} features selected").format(n=len(rows)), 4000)

    def identify(self, layer_name: str, row: int) -> None:
        """Show feature ``row`` of ``layer_name`` in the identify panel."""
        self.identify_panel.show_feature(layer_name, row)
        self.identify_dock.show()
        self.identify_dock.raise_()

    def zoom_to_point(self, lon: float, lat: float) -> None:
        """Show the surroundings (about 600 m across) of a lon/lat point."""
        half = POINT_ZOOM_DEGREES / 2
        self.canvas.zoom_to_bounds((lon - half, lat - half, lon + half, lat + half))

    # -- checks -------------------------------------------------------------------------------
    def check_hierarchy(self) -> Task | None:
        """Check nesting, gaps, overlaps, codes and households on a worker; list the problems."""
        if self.project is None:
            return None
        showing = bool(self.status.currentMessage())  # e.g. what a repair did: left on show
        return self.start_task(
            self.tr("Checking the hierarchy"),
            validate,
            self.project,
            on_finished=self._checked,
            done="" if showing else self.tr("Hierarchy checked"),
        )

    def _checked(self, result: Any) -> None:
        self.check_result = result
        if self.project is not None:
            store_problems(self.project, result)  # the map shows them as a layer
            self.layer_data_changed("problems")
        self.problems_panel.show_result(result)
        self.problems_dock.show()
        self.problems_dock.raise_()

    def export_statistics(self, path: str | Path | None = None) -> Task | None:
        """Write area, households, population, cadres and issues per unit to an Excel file."""
        if self.project is None:
            return None
        if path is None:
            start = str(Path(self.project.path or "统计.gpkg").with_name("网格统计.xlsx"))
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export figures"), start, self.tr("Excel workbook (*.xlsx)")
            )
            if not path:
                return None
        return self.start_task(
            self.tr("Exporting figures"),
            export_unit_statistics,
            self.project,
            path,
            on_finished=lambda out: self.status.showMessage(
                self.tr("Wrote {path}").format(path=out), 8000
            ),
        )

    def show_problem(self, index: int) -> None:
        """Select problem ``index`` of the last check on the map and zoom to it."""
        if self.check_result is None or self.stack is None:
            return
        problem = self.check_result.problems[index]
        if "problems" in self.stack and problem.geometry is not None:
            self.select_feature("problems", index)
        elif math.isfinite(problem.x) and math.isfinite(problem.y):
            self.zoom_to_point(problem.x, problem.y)

    def fix_problems(self, indices: list) -> bool:
        """Repair the chosen problems of the last check as one undoable command."""
        if self.project is None or self.check_result is None:
            return False
        problems = [self.check_result.problems[i] for i in indices]
        try:
            command = plan_fix(self.project, problems, result=self.check_result)
            command.do(self.project)
        except GisgridError as exc:
            self.show_error(str(exc))
            return False
        except Exception as exc:  # a defect: logged, one line shown, the check runs again
            log.error("repair failed:\n%s", traceback.format_exc())
            self.show_error(unexpected_text(exc))
            self.check_hierarchy()
            return False
        self.undo_stack.push(RepairUndoCommand(self, command))
        for name in command.layers:
            self.layer_data_changed(name)
        self.status.showMessage(command.text, 6000)
        self.check_hierarchy()
        return True

    # -- long work ----------------------------------------------------------------------------
    def start_task(
        self,
        title: str,
        function: Callable[..., Any],
        *args: Any,
        on_finished: Callable[[Any], None] | None = None,
        done: str | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``function`` on a worker with the status-bar progress bar and Cancel.

        ``title`` labels the progress bar; ``done`` is shown when the work has ended ("Done"
        when None, nothing when ""), before ``on_finished`` runs, whose own message wins.
        """
        task = Task(function, *args, parent=self, **kwargs)
        self._tasks.add(task)
        self.status.start_progress(title)
        task.progress.connect(self.status.set_progress)
        ended = self.tr("Done") if done is None else done
        task.finished.connect(lambda _r: self.status.end_progress(ended))
        if on_finished is not None:
            task.finished.connect(on_finished)
        task.failed.connect(lambda text: (self.status.end_progress(), self.show_error(text)))
        task.cancelled.connect(lambda: self.status.end_progress(self.tr("Cancelled")))
        task.done.connect(lambda: self._tasks.discard(task))
        task.start()
        return task

    def cancel_tasks(self) -> None:
        """Ask every running task to stop."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            self.status.cancel.setEnabled(False)
