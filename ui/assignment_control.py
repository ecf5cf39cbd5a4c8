"""Wires the 干部分配 panel, the coverage map mode and the export dialog into the main window.

:func:`install_assignment` is the one call the window makes. Every change of the
``assignments`` (or ``households``) layer is a core edit (:func:`gisgrid.cadres.assign_cadre`,
:func:`~gisgrid.cadres.unassign_cadre`, a proposal's or a household assignment's command)
pushed on the window's undo stack; proposals run on a worker and are shown as a diff first.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
from gisgrid.ui.assignment_dialogs import HouseholdsDialog, ProposalDialog
from gisgrid.ui.assignment_panel import CADRE_MIME, AssignmentPanel
from gisgrid.ui.coverage_mode import CoverageMode
from gisgrid.ui.edit_tools import push_done_edit
from gisgrid.ui.export_dialog import ExportDialog
from PyQt6.QtCore import QEvent, QObject, Qt, QTimer
from PyQt6.QtGui import QAction, QActionGroup, QDropEvent
from PyQt6.QtWidgets import QDockWidget, QMenu

from gisgrid.assign import assign_households
from gisgrid.cadre_proposal import propose_cadres
from gisgrid.cadres import assign_cadre, cadre_loads, unassign_cadre, unit_households
from gisgrid.errors import GisgridError
from gisgrid.grid_team import grid_team, team_units
from gisgrid.schema import LEVEL_LAYERS, empty

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

#: Layer whose feature under a drop point receives a cadre of each role.
DROP_LAYERS = {
    "grid_leader": LEVEL_LAYERS["small"],
    "grid_worker": LEVEL_LAYERS["small"],
    "branch_secretary": LEVEL_LAYERS["large"],
    "village_liaison": LEVEL_LAYERS["village"],
}


class AssignmentControl(QObject):
    """The assignment dock, coverage mode and export dialog of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.panel = AssignmentPanel()
        self.dock = QDockWidget(window)
        self.dock.setObjectName("dock_assignment")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.identify_dock, self.dock)
        window.identify_dock.raise_()
        self.coverage = CoverageMode(window)
        self.dialog: Any = None  # the last proposal / households / export dialog
        self._pending = False

        self.propose_action = QAction(window)
        self.propose_action.triggered.connect(self.propose)
        self.households_action = QAction(window)
        self.households_action.triggered.connect(self.assign_households)
        self.export_action = QAction(window)
        self.export_action.triggered.connect(self.open_export)
        self.coverage_menu = QMenu(window)
        self.coverage_group = QActionGroup(window)
        self.coverage_actions: dict[str, QAction] = {}
        for mode in ("", "leader", "load"):
            action = QAction(window)
            action.setCheckable(True)
            action.setChecked(mode == "")
            action.triggered.connect(partial(self.coverage.set_mode, mode))
            self.coverage_group.addAction(action)
            self.coverage_menu.addAction(action)
            self.coverage_actions[mode] = action
        menus = window.actions_
        menus.tools_menu.addSeparator()
        menus.tools_menu.addActions([self.propose_action, self.households_action])
        menus.tools_menu.addAction(self.export_action)
        menus.view_menu.addSeparator()
        menus.view_menu.addMenu(self.coverage_menu)
        menus.view_menu.addAction(self.dock.toggleViewAction())

        self.panel.gridChosen.connect(self._grid_chosen)
        self.panel.assignRequested.connect(self.assign)
        self.panel.unassignRequested.connect(self.unassign)
        self.panel.proposeRequested.connect(self.propose)
        self.panel.householdsRequested.connect(self.assign_households)
        self.panel.coverageRequested.connect(self.coverage.set_mode)
        self.coverage.modeChanged.connect(self._mode_changed)
        window.canvas.selectionChanged.connect(self._map_selection)
        # a bound slot, not a lambda: Qt drops the connection when this object is destroyed
        # (a lambda outliving a closed window's controller crashed the process)
        window.undo_stack.indexChanged.connect(self._undo_index_changed)
        window.projectShown.connect(self._project_shown)
        window.canvas.setAcceptDrops(True)
        window.canvas.installEventFilter(self)
        window.installEventFilter(self)
        self.retranslate_ui()
        self.schedule_refresh()

    # -- language -------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set the dock, menu and action texts in the current language."""
        self.dock.setWindowTitle(self.tr("Cadre assignment"))
        self.propose_action.setText(self.tr("&Propose cadre assignments…"))
        self.households_action.setText(self.tr("Assign &households to grids…"))
        self.export_action.setText(self.tr("&Export grid responsibility map…"))
        self.coverage_menu.setTitle(self.tr("&Coverage map"))
        self.coverage_actions[""].setText(self.tr("Off"))
        self.coverage_actions["leader"].setText(self.tr("Colour grids by leader"))
        self.coverage_actions["load"].setText(self.tr("Colour grids by households"))

    def _undo_index_changed(self, _index: int) -> None:
        self.schedule_refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Take cadres dropped on the canvas; retranslate on a language change."""
        kind = event.type()
        window = getattr(self, "w", None)  # None while the window is being torn down
        canvas = getattr(window, "canvas", None)
        if window is None or canvas is None:
            return False
        if watched is window and kind == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif watched is canvas and kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasFormat(CADRE_MIME) and window.project is not None:
                event.acceptProposedAction()
                return True
        elif watched is canvas and kind == QEvent.Type.Drop:
            drop: QDropEvent = event  # type: ignore[assignment]
            if drop.mimeData().hasFormat(CADRE_MIME):
                cadre = bytes(drop.mimeData().data(CADRE_MIME)).decode("utf-8")
                position = drop.position()
                if self.drop_cadre(cadre, position.x(), position.y()):
                    drop.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    # -- showing --------------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Refresh the panel once control returns to the event loop (edits come in bursts)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Show the project's cadres, loads, grids and the selected grid's team again."""
        self._pending = False
        project = self.w.project
        enabled = project is not None
        for action in (self.propose_action, self.households_action, self.export_action):
            action.setEnabled(enabled)
        self.coverage_menu.setEnabled(enabled)
        if project is None:
            self.panel.show_cadres(empty("cadres"), pd.DataFrame(columns=["over"]))
            self.panel.show_grids([])
            self.panel.show_team(None, [], 0, {})
            return
        self.w.guarded(self._refresh, project)

    def _refresh(self, project: Any) -> None:
        self.panel.show_cadres(project.layer("cadres"), cadre_loads(project))
        grids = project.layer("grids_small")
        codes = grids["code"].astype(object).tolist()
        self.panel.show_grids(list(zip(codes, grids["name"].astype(object).tolist())))
        self.show_grid(self.panel.grid if self.panel.grid in codes else None)
        if self.coverage.mode:
            self.coverage.refresh()

    def show_grid(self, code: str | None) -> None:
        """Show small grid ``code``'s team in the panel (None: no grid)."""
        project = self.w.project
        if project is None or not code:
            self.panel.show_team(None, [], 0, {})
            return
        households = int(unit_households(project).get(code, 0))
        units = team_units(project, code)
        names: dict[str, str] = {}
        for level in ("small", "large", "village"):
            frame = project.layer(LEVEL_LAYERS[level])
            hit = frame[frame["code"].isin(list(units.values())) & frame["name"].notna()]
            names.update(zip(hit["code"].astype(str), hit["name"].astype(str)))
        self.panel.show_team(code, grid_team(project, code), households, units, names)

    def _project_shown(self) -> None:
        """Another project (or none) is shown: its grids start in their own style."""
        self.coverage.set_mode("")
        self.schedule_refresh()

    def _grid_chosen(self, code: str) -> None:
        project = self.w.project
        if project is None:
            return
        rows = (project.layer("grids_small")["code"] == code).to_numpy().nonzero()[0]
        if len(rows):
            self.w.select_feature("grids_small", int(rows[0]))
        self.w.guarded(self.show_grid, code)

    def _map_selection(self, layer_name: str, rows: list) -> None:
        if layer_name != "grids_small" or not rows or self.w.stack is None:
            return
        layer = self.w.stack[layer_name]
        self.w.guarded(self.show_grid, str(layer.data["code"].iloc[int(rows[0])]))

    def _mode_changed(self, mode: str) -> None:
        self.coverage_actions.get(mode, self.coverage_actions[""]).setChecked(True)
        index = self.panel.coverage_combo.findData(mode)
        self.panel.coverage_combo.setCurrentIndex(max(index, 0))

    # -- edits ----------------------------------------------------------------------------
    def _push(self, edit: Any) -> bool:
        """Do ``edit`` on the project and put it on the undo stack; errors are shown."""
        if self.w.project is None:
            return False
        try:
            edit.do(self.w.project)
        except GisgridError as exc:
            self.w.show_error(str(exc))
            return False
        push_done_edit(self.w, edit)
        self.schedule_refresh()
        return True

    def assign(self, cadre_id: str, unit: str, role: str) -> bool:
        """Give ``cadre_id`` the duty ``role`` on unit ``unit`` as one undoable edit."""
        if self.w.project is None:
            return False
        edit = self.w.guarded(
            assign_cadre, self.w.project, cadre_id, unit, role, role != "grid_worker"
        )
        return edit is not None and self._push(edit)

    def unassign(self, cadre_id: str, unit: str, role: str) -> bool:
        """Take duty ``role`` on ``unit`` away from ``cadre_id`` as one undoable edit."""
        if self.w.project is None:
            return False
        edit = self.w.guarded(unassign_cadre, self.w.project, cadre_id, unit, role)
        return edit is not None and self._push(edit)

    def drop_cadre(self, cadre_id: str, x: float, y: float, role: str | None = None) -> bool:
        """Assign ``cadre_id`` to the unit under canvas pixel ``(x, y)`` (the panel's role)."""
        role = role or self.panel.current_role()
        stack, name = self.w.stack, DROP_LAYERS.get(role, LEVEL_LAYERS["small"])
        if self.w.project is None or stack is None or name not in stack:
            return False
        lon, lat = self.w.canvas.to_lonlat(x, y)
        layer = stack[name]
        row = layer.feature_at(lon, lat)
        if row is None:
            self.w.status.showMessage(self.tr("No grid under the drop point."), 5000)
            return False
        code = str(layer.data["code"].iloc[row])
        if not self.assign(cadre_id, code, role):
            return False
        if name == "grids_small":
            self.w.guarded(self.show_grid, code)
        return True

    # -- proposals ------------------------------------------------------------------------
    def propose(self) -> Any:
        """Run the optimised proposal on a worker; its diff opens in a dialog."""
        if self.w.project is None:
            return None
        return self.w.start_task(
            self.tr("Proposing cadre assignments"),
            propose_cadres,
            self.w.project,
            on_finished=self._show_proposal,
        )

    def _show_proposal(self, proposal: Any) -> None:
        dialog = ProposalDialog(proposal, self.w)
        dialog.accepted.connect(partial(self.apply_proposal, proposal))
        self.dialog = dialog
        dialog.open()

    def apply_proposal(self, proposal: Any) -> bool:
        """Apply ``proposal`` as one undoable command (if the assignments did not change)."""
        if self.w.project is None:
            return False
        if not proposal.before.equals(self.w.project.layer("assignments")):
            self.w.show_error(
                self.tr("The assignments changed since the proposal was made; propose again.")
            )
            return False
        return self._push(proposal.command())

    def assign_households(self) -> Any:
        """Locate households in the grids on a worker; what changes opens in a dialog."""
        if self.w.project is None:
            return None
        return self.w.start_task(
            self.tr("Assigning households to grids"),
            assign_households,
            self.w.project,
            on_finished=self._show_households,
        )

    def _show_households(self, result: Any) -> None:
        dialog = HouseholdsDialog(result, self.w)
        dialog.accepted.connect(partial(self.apply_households, result))
        self.dialog = dialog
        dialog.open()

    def apply_households(self, result: Any) -> bool:
        """Write the households' new grids as one undoable command."""
        if self.w.project is None:
            return False
        if not result.before.equals(self.w.project.layer("households")):
            self.w.show_error(
                self.tr("The households changed since they were located; run it again.")
            )
            return False
        return self._push(result.command())

    # -- export ---------------------------------------------------------------------------
    def open_export(self) -> ExportDialog | None:
        """Open the export dialog over the project (output next to the project file)."""
        project = self.w.project
        if project is None:
            return None
        dialog = ExportDialog(project, self.w)
        if project.path is not None:
            dialog.set_output(project.path.with_name(f"{project.meta.name}网格责任图.pdf"))
        self.dialog = dialog
        dialog.open()
        dialog.update_preview()
        return dialog


def install_assignment(window: MainWindow) -> AssignmentControl:
    """Add the 干部分配 dock, the coverage map mode and the export dialog to ``window``."""
    control = AssignmentControl(window)
    window.assignment = control  # type: ignore[attr-defined]
    return control
