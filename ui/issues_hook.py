"""Puts the 诉求 panel and the 热点图 tab into the main window and wires the drill-down.

:func:`install_issues` is the one call ``MainWindow.__init__`` makes. It adds the issues dock
(tabbed with the attribute table), wraps the central map in tabs (地图 / 热点图), and keeps
both views in step with the project: a new project, an import into the issues layer, a grid
clicked or selected on the map (its issues are listed), a grid clicked in the hotspot list
(the same, and the grid is selected on the map).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gisgrid.ui.hotspot_view import HotspotView
from gisgrid.ui.issues_panel import GRID_LAYERS, IssuesPanel, descendant_codes
from PyQt6.QtCore import QEvent, QObject, Qt
from PyQt6.QtWidgets import QDockWidget, QTabWidget

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow


class IssuesHook(QObject):
    """Owns the issues dock and the hotspot tab of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._layer: Any = None
        self._stack: Any = None
        self.panel = IssuesPanel()
        self.dock = QDockWidget(window)
        self.dock.setObjectName("dock_issues")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.table_dock, self.dock)
        window.table_dock.raise_()

        self.hotspots = HotspotView()
        central = window.takeCentralWidget()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(central, "")
        self.tabs.addTab(self.hotspots, "")
        window.setCentralWidget(self.tabs)

        window.actions_.view_menu.addAction(self.dock.toggleViewAction())
        window.issues_panel = self.panel  # type: ignore[attr-defined]
        window.issues_dock = self.dock  # type: ignore[attr-defined]
        window.hotspot_view = self.hotspots  # type: ignore[attr-defined]
        window.central_tabs = self.tabs  # type: ignore[attr-defined]

        window.projectShown.connect(self.project_shown)
        window.canvas.featureIdentified.connect(lambda name, row: self.drill_down(name, [row]))
        window.canvas.selectionChanged.connect(self.drill_down)
        self.hotspots.gridChosen.connect(self._hotspot_grid)
        window.installEventFilter(self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set the dock and tab titles in the current language."""
        self.dock.setWindowTitle(self.tr("Issues"))
        self.tabs.setTabText(0, self.tr("Map"))
        self.tabs.setTabText(1, self.tr("Hotspot map"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Retranslate with the window."""
        if event.type() == QEvent.Type.LanguageChange and watched is getattr(self, "w", None):
            self.retranslate_ui()
        return False

    # -- project and data ---------------------------------------------------------------------
    def project_shown(self) -> None:
        """Show the issues of the project just opened, created or closed."""
        if self._stack is not None:
            self._stack.events.inserted.disconnect(self._inserted)
        self._stack = self.w.stack
        if self._stack is not None:
            self._stack.events.inserted.connect(self._inserted)
        self._watch(self._issues_layer())
        self.panel.set_source(self.w.project, self._layer)
        self.hotspots.set_project(self.w.project)

    def _issues_layer(self) -> Any:
        stack = self.w.stack
        return stack["issues"] if stack is not None and "issues" in stack else None

    def _watch(self, layer: Any) -> None:
        if self._layer is not None:
            self._layer.events.data.disconnect(self._issues_changed)
        self._layer = layer
        if layer is not None:
            layer.events.data.connect(self._issues_changed)

    def _inserted(self, _index: int, layer: Any) -> None:
        if layer.name == "issues":  # the first issues came in
            self._watch(layer)
            self.panel.set_source(self.w.project, layer)
            self.hotspots.refresh()

    def _issues_changed(self, *_: Any) -> None:
        self.panel.refresh()
        self.hotspots.refresh()

    # -- drill-down ---------------------------------------------------------------------------
    def drill_down(self, layer_name: str, rows: list) -> bool:
        """List the issues of the grids at ``rows`` of ``layer_name`` (other layers: no-op)."""
        project = self.w.project
        if project is None or layer_name not in GRID_LAYERS or not rows:
            return False
        polys = project.layer(layer_name)
        picked = polys.iloc[list(rows)]
        codes = descendant_codes(project, layer_name, picked["code"].astype(str))
        names = [str(n) if isinstance(n, str) and n else str(c)
                 for n, c in zip(picked["name"], picked["code"])]  # fmt: skip
        text = "、".join(names[:3]) + ("…" if len(names) > 3 else "")
        self.panel.set_grids(codes, text)
        self.dock.show()
        self.dock.raise_()
        return True

    def _hotspot_grid(self, layer_name: str, code: str, _name: str) -> None:
        project = self.w.project
        if project is None:
            return
        polys = project.layer(layer_name)
        where = (polys["code"].astype(str) == code).to_numpy().nonzero()[0]
        if len(where):
            self.drill_down(layer_name, [int(where[0])])
            self.w.select_feature(layer_name, int(where[0]))


def install_issues(window: MainWindow) -> IssuesHook:
    """Add the issues dock and the hotspot tab to ``window``; returns the hook object."""
    hook = IssuesHook(window)
    window.issues_hook = hook  # type: ignore[attr-defined]
    return hook
