"""Menus, toolbar and the dialogs behind them, for :class:`gisgrid.ui.main_window.MainWindow`."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gisgrid.ui import settings as store
from gisgrid.ui.i18n import LANGUAGES, current_language, install_language
from gisgrid.ui.new_project_dialog import NewProjectDialog
from gisgrid.ui.settings_dialog import SettingsDialog
from PyQt6.QtCore import QObject, Qt
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStyle, QToolBar

from gisgrid import __version__

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

PROJECT_FILTER = "GeoPackage (*.gpkg)"


class MainActions(QObject):
    """Creates the window's actions, menus and toolbar, and runs the dialogs they open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        style = window.style()

        def act(icon: QStyle.StandardPixmap | None = None, shortcut=None, slot=None) -> QAction:
            action = QAction(window)
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if slot is not None:
                action.triggered.connect(slot)
            return action

        sp = QStyle.StandardPixmap
        self.new = act(sp.SP_FileIcon, QKeySequence.StandardKey.New, self.new_dialog)
        self.open = act(sp.SP_DialogOpenButton, QKeySequence.StandardKey.Open, self.open_dialog)
        self.save = act(sp.SP_DialogSaveButton, QKeySequence.StandardKey.Save, window.save)
        self.save_as = act(None, QKeySequence.StandardKey.SaveAs, self.save_as_dialog)
        self.import_ = act(sp.SP_ArrowDown, "Ctrl+I", self.import_dialog)
        self.quit = act(None, QKeySequence.StandardKey.Quit, window.close)
        self.undo = window.undo_stack.createUndoAction(window)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo.setIcon(style.standardIcon(sp.SP_ArrowBack))
        self.redo = window.undo_stack.createRedoAction(window)
        self.redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo.setIcon(style.standardIcon(sp.SP_ArrowForward))
        self.zoom_full = act(sp.SP_DesktopIcon, "Ctrl+0", window.canvas.zoom_full)
        self.zoom_layer = act(None, None, self._zoom_layer)
        self.zoom_selection = act(None, "Ctrl+J", window.canvas.zoom_to_selection)
        self.tools = QActionGroup(window)
        self.pan = act(None, "P", partial(window.canvas.set_tool, "pan"))
        self.select = act(None, "S", partial(window.canvas.set_tool, "select"))
        self.identify = act(None, "I", partial(window.canvas.set_tool, "identify"))
        for tool in (self.pan, self.select, self.identify):
            tool.setCheckable(True)
            self.tools.addAction(tool)
        self.pan.setChecked(True)
        self.check = act(sp.SP_DialogApplyButton, "F7", window.check_hierarchy)
        self.settings = act(None, None, self.settings_dialog)
        self.about = act(sp.SP_MessageBoxInformation, None, self.about_dialog)
        self.languages = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = act(None, None, partial(self.set_language, code))
            action.setCheckable(True)
            self.languages.addAction(action)
            self.language_actions[code] = action

        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for item in (self.new, self.open, self.save, self.save_as, None, self.recent_menu):
            self._add(self.file_menu, item)
        for item in (None, self.import_, None, self.quit):
            self._add(self.file_menu, item)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.undo, self.redo])
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([self.zoom_full, self.zoom_layer, self.zoom_selection])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.pan, self.select, self.identify])
        self.view_menu.addSeparator()
        self.dock_actions = [
            dock.toggleViewAction()
            for dock in (
                window.layers_dock,
                window.table_dock,
                window.identify_dock,
                window.problems_dock,
            )
        ]
        self.view_menu.addActions(self.dock_actions)
        self.tools_menu = bar.addMenu("")
        self.tools_menu.addAction(self.check)
        self.settings_menu = bar.addMenu("")
        self.language_menu = QMenu(window)
        self.language_menu.addActions(list(self.language_actions.values()))
        self.settings_menu.addMenu(self.language_menu)
        self.settings_menu.addAction(self.settings)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about)

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("toolbar_main")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setMovable(False)
        for item in (self.new, self.open, self.save, None, self.import_, None, self.undo):
            self._add(self.toolbar, item)
        for item in (self.redo, None, self.zoom_full, self.zoom_selection, None):
            self._add(self.toolbar, item)
        for item in (self.pan, self.select, self.identify, None, self.check):
            self._add(self.toolbar, item)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    @staticmethod
    def _add(container: QMenu | QToolBar, item: QAction | QMenu | None) -> None:
        if item is None:
            container.addSeparator()
        elif isinstance(item, QMenu):
            container.addMenu(item)  # type: ignore[union-attr]
        else:
            container.addAction(item)

    def retranslate_ui(self) -> None:
        """Set every menu and action text in the current language."""
        texts = {
            self.new: self.tr("&New project…"),
            self.open: self.tr("&Open project…"),
            self.save: self.tr("&Save"),
            self.save_as: self.tr("Save &as…"),
            self.import_: self.tr("&Import…"),
            self.quit: self.tr("&Quit"),
            self.zoom_full: self.tr("Zoom to &full extent"),
            self.zoom_layer: self.tr("Zoom to &layer"),
            self.zoom_selection: self.tr("Zoom to &selection"),
            self.pan: self.tr("&Pan"),
            self.select: self.tr("Se&lect"),
            self.identify: self.tr("&Identify"),
            self.settings: self.tr("&Settings…"),
            self.check: self.tr("&Grid health check"),
            self.about: self.tr("&About gisgrid"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setIconText(re.sub(r"\(&\w\)|&", "", text).rstrip("…"))
        self.import_.setToolTip(self.tr("Import villages, grids, households or issues from a file"))
        self.check.setToolTip(
            self.tr("Check nesting, gaps, overlaps, codes and households of the grid hierarchy")
        )
        self.undo_stack_texts()
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("&Recent projects"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.settings_menu.setTitle(self.tr("Se&ttings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        for code, action in self.language_actions.items():
            action.setText(LANGUAGES[code])
            action.setChecked(code == current_language())

    def undo_stack_texts(self) -> None:
        """Undo/redo texts follow the language (QUndoStack prefixes them itself)."""
        self.w.undo_stack.setUndoLimit(200)
        self.undo.setIconText(self.tr("Undo"))
        self.redo.setIconText(self.tr("Redo"))

    def update_enabled(self) -> None:
        """Enable what needs an open project."""
        has = self.w.project is not None
        for action in (self.save, self.save_as, self.import_, self.zoom_full, self.zoom_layer):
            action.setEnabled(has)
        self.check.setEnabled(has)
        self.zoom_selection.setEnabled(has)

    # -- slots ----------------------------------------------------------------------------
    def _zoom_layer(self) -> None:
        layer = self.w.layer_panel.current_layer()
        if layer is not None:
            self.w.canvas.zoom_to_layer(layer.name)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = store.recent_files(self.w.settings)
        for i, path in enumerate(files, 1):
            action = self.recent_menu.addAction(f"&{i} {Path(path).name}   ({path})")
            action.triggered.connect(partial(self.w.open_project, path))
        if not files:
            empty = self.recent_menu.addAction(self.tr("(no recent projects)"))
            empty.setEnabled(False)

    def _start_dir(self) -> str:
        files = store.recent_files(self.w.settings)
        return str(Path(files[0]).parent) if files else str(Path.home())

    def open_dialog(self) -> None:
        """Ask for a project file and open it."""
        path, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Open project"), self._start_dir(), PROJECT_FILTER
        )
        if path:
            self.w.open_project(path)

    def new_dialog(self) -> bool:
        """Ask for the township's name, code and levels, then a file; create the project."""
        dialog = NewProjectDialog(self.w)
        if not dialog.exec():
            return False
        choice = dialog.choice()
        path, _ = QFileDialog.getSaveFileName(
            self.w,
            self.tr("New project"),
            str(Path(self._start_dir()) / f"{choice.name}.gpkg"),
            PROJECT_FILTER,
        )
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return self.w.new_project(path, choice.name, choice.code, choice.levels)

    def save_as_dialog(self) -> bool:
        """Ask for a file and save the project there."""
        if self.w.project is None:
            return False
        start = self.w.project.path or Path(self._start_dir()) / f"{self.w.project.meta.name}.gpkg"
        path, _ = QFileDialog.getSaveFileName(
            self.w, self.tr("Save project as"), str(start), PROJECT_FILTER
        )
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return self.w.save_as(path)

    def import_dialog(self) -> None:
        """Open the import dialog over the current project."""
        dialog = self.w.make_import_dialog()
        if dialog is not None:
            dialog.exec()

    def settings_dialog(self) -> None:
        """Edit settings; a new language applies at once."""
        dialog = SettingsDialog(self.w.settings, self.w)
        if dialog.exec():
            self.set_language(dialog.chosen_language())
            self.w.canvas_settings_changed()

    def set_language(self, code: str) -> None:
        """Switch the interface language now and remember it."""
        store.set_language(self.w.settings, code)
        if code != current_language():
            install_language(code)  # Qt sends LanguageChange: everything retranslates

    def about_dialog(self) -> None:
        """Version and purpose."""
        QMessageBox.about(
            self.w,
            self.tr("About gisgrid"),
            self.tr(
                "<h3>gisgrid {version}</h3><p>Grid management for township offices: "
                "villages and grids, cadres and households, citizen-issue hotspots.</p>"
                "<p>Works offline; projects are GeoPackage files that QGIS opens too.</p>"
            ).format(version=__version__),
        )
