"""Map tools that edit grids: draw, split, merge, move a shared vertex, reassign, delete.

The tools only capture mouse input and build the core commands of :mod:`gisgrid.geoedit`
(which clip, snap and keep undo data); every edit is done once, pushed on the window's undo
stack and the layers it changed are refreshed. A tool captures the canvas's mouse through an
event filter, so the canvas itself is unchanged; the rubber band is drawn by a transparent
overlay widget over the canvas. :func:`install_editing` is the one call the window makes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from gisgrid.ui.names import layer_title
from gisgrid.ui.plan_dialog import PlanDialog
from PyQt6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PyQt6.QtGui import QAction, QActionGroup, QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PyQt6.QtWidgets import QInputDialog, QMessageBox, QToolBar, QWidget

from gisgrid.errors import GisgridError
from gisgrid.geoedit import (
    DeleteGrid,
    DrawGrid,
    MergeGrids,
    MoveVertex,
    ReassignHouseholds,
    SplitGrid,
)
from gisgrid.schema import LEVEL_LAYERS

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

#: Grid layer name → level, for the layers the tools edit.
GRID_LEVELS = {LEVEL_LAYERS[lv]: lv for lv in ("large", "small", "micro")}
MODES = ("draw", "split", "vertex")
SNAP_PIXELS = 8.0  # snapping tolerance of a moved vertex, in screen pixels
PICK_PIXELS = 10.0  # how near a press must be to a vertex to grab it
SAME_PIXELS = 3.0  # a click this near the last vertex adds no new one
RUBBER = QColor("#d84315")


def push_done_edit(window: Any, edit: Any) -> None:
    """Put ``edit``, already done on the project, on ``window``'s undo stack.

    Every layer it changed is refreshed, and the status bar says what it did (and its notes).
    """
    from gisgrid.ui.main_window import EditUndoCommand  # main_window imports this module

    window.undo_stack.push(EditUndoCommand(window, edit))
    for name in edit.layers:
        window.layer_data_changed(name)
    notes = "; ".join(edit.notes)
    window.status.showMessage(edit.text + (f" — {notes}" if notes else ""), 8000)


class BoundEdit:
    """A :mod:`gisgrid.geoedit` command seen through the window's edit protocol.

    ``layers`` lists every layer the done edit swapped (the grids and the households they
    hold, children after a merge), so undo and redo refresh all of them.
    """

    def __init__(self, edit: Any, after: Any = None) -> None:
        self.edit = edit
        self.after = after  # called after every do and undo (e.g. to check again)

    @property
    def text(self) -> str:
        """Undo/Redo menu text."""
        return self.edit.text

    @property
    def layer(self) -> str:
        """The main layer the edit changes."""
        return self.edit.layer

    @property
    def layers(self) -> list[str]:
        """Every layer the edit changes (known once it is done)."""
        inner = getattr(self.edit, "_edit", None)
        return list(inner.layers) if inner is not None else [self.edit.layer]

    @property
    def notes(self) -> list[str]:
        """Notes of the core edit (e.g. "kept the largest piece")."""
        inner = getattr(self.edit, "_edit", None)
        return list(inner.notes) if inner is not None else []

    def do(self, project: Any) -> None:
        """Do the edit."""
        self.edit.do(project)
        if self.after is not None:
            self.after()

    def undo(self, project: Any) -> None:
        """Undo the edit."""
        self.edit.undo(project)
        if self.after is not None:
            self.after()


class SketchOverlay(QWidget):
    """Transparent widget over the canvas that draws the line or polygon being sketched."""

    def __init__(self, canvas: QWidget) -> None:
        super().__init__(canvas)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.points: list[QPointF] = []
        self.cursor: QPointF | None = None
        self.closed = False
        self.marker: QPointF | None = None  # the vertex the move tool would grab
        self.spokes: list[QPointF] = []  # ends of the edges that follow a dragged vertex
        self.resize(canvas.size())

    def show_sketch(self, points: list[QPointF], cursor: QPointF | None, closed: bool) -> None:
        """Draw ``points`` (screen pixels), a segment to ``cursor``, closed as a polygon."""
        self.points, self.cursor, self.closed = points, cursor, closed
        self.resize(self.parentWidget().size())
        self.raise_()
        self.update()

    def show_marker(self, marker: QPointF | None) -> None:
        """Ring the vertex at ``marker`` (screen pixels; None: no ring)."""
        if marker != self.marker:
            self.marker = marker
            self.raise_()
            self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """Draw the sketch: filled polygon or line, vertices as small squares."""
        pts = list(self.points) + ([self.cursor] if self.cursor is not None else [])
        if not pts and self.marker is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.spokes and self.cursor is not None:
            painter.setPen(QPen(RUBBER, 2, Qt.PenStyle.DashLine))
            for end in self.spokes:
                painter.drawLine(end, self.cursor)
        if self.marker is not None:
            painter.setPen(QPen(RUBBER, 2))
            painter.setBrush(QColor(255, 255, 255, 160))
            painter.drawEllipse(self.marker, 6, 6)
        painter.setPen(QPen(RUBBER, 2, Qt.PenStyle.DashLine))
        if self.closed and len(pts) >= 3:
            painter.setBrush(QColor(216, 67, 21, 45))
            painter.drawPolygon(pts)
        else:
            painter.drawPolyline(pts)
        painter.setPen(QPen(RUBBER, 1))
        painter.setBrush(QColor("white"))
        for p in self.points:
            painter.drawRect(int(p.x()) - 3, int(p.y()) - 3, 6, 6)
        painter.end()


class EditTools(QObject):
    """The grid editing tools of one window: actions, toolbar and the mouse capture."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.canvas = window.canvas
        self.overlay = SketchOverlay(self.canvas)
        self.mode: str | None = None
        self.points: list[tuple[float, float]] = []  # lon/lat of the sketch
        self._grab: tuple[float, float] | None = None  # vertex being dragged
        self._skip_release = False
        self._current_layer: str | None = None
        self._vertices: tuple[Any, np.ndarray] | None = None  # (layer data, its vertices)

        # one group with pan / select / identify: a map has one active tool at a time
        self.group: QActionGroup = window.actions_.tools
        self.draw = self._action("Ctrl+Shift+N", checkable=True)
        self.split = self._action("Ctrl+Shift+K", checkable=True)
        self.vertex = self._action("Ctrl+Shift+V", checkable=True)
        self.merge = self._action("Ctrl+Shift+M", slot=self.merge_selected)
        self.reassign = self._action(None, slot=self.reassign_selected)
        self.delete = self._action("Ctrl+Shift+D", slot=self.delete_selected)
        for action, mode in ((self.draw, "draw"), (self.split, "split"), (self.vertex, "vertex")):
            self.group.addAction(action)
            action.toggled.connect(lambda on, m=mode: self._toggled(m, on))
        self.actions = [self.draw, self.split, self.merge, self.vertex, self.reassign, self.delete]

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("toolbar_edit_grids")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions(self.actions)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        menu = window.actions_.edit_menu
        self.menu_separator = menu.addSeparator()
        self.menu = menu.addMenu("")
        self.menu.addActions(self.actions)
        self.plan = self._action(None, slot=self.open_plan_dialog)
        window.actions_.tools_menu.addAction(self.plan)
        self.plan_dialog: PlanDialog | None = None

        window.layer_panel.currentLayerChanged.connect(self._layer_changed)
        window.projectShown.connect(self._project_shown)
        self.canvas.installEventFilter(self)
        window.installEventFilter(self)  # LanguageChange
        self.retranslate_ui()

    def _action(self, shortcut: str | None, checkable: bool = False, slot=None) -> QAction:
        action = QAction(self.w)
        if shortcut:
            action.setShortcut(shortcut)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _c=False: slot())
        return action

    def retranslate_ui(self) -> None:
        """Set the texts of the actions, toolbar and menu in the current language."""
        self.draw.setText(self.tr("Draw grid"))
        self.draw.setToolTip(
            self.tr("Click the corners of a new grid; double-click or Enter ends, Esc cancels")
        )
        self.split.setText(self.tr("Split"))
        self.split.setToolTip(
            self.tr("Draw a line across the selected grid; double-click or Enter cuts it")
        )
        self.merge.setText(self.tr("Merge"))
        self.merge.setToolTip(self.tr("Merge the selected neighbouring grids into one"))
        self.vertex.setText(self.tr("Move vertex"))
        self.vertex.setToolTip(
            self.tr("Drag a grid corner; neighbours sharing it follow, snapping to nearby edges")
        )
        self.reassign.setText(self.tr("Reassign households"))
        self.reassign.setToolTip(self.tr("Give the selected households to a neighbouring grid"))
        self.delete.setText(self.tr("Delete grid"))
        self.delete.setToolTip(
            self.tr("Delete the selected grid; its area joins a neighbour or stays a gap")
        )
        self.plan.setText(self.tr("Plan grids automatically…"))
        self.toolbar.setWindowTitle(self.tr("Edit grids"))
        self.menu.setTitle(self.tr("Edit grids"))

    def open_plan_dialog(self) -> PlanDialog | None:
        """Open Tools → 自动划分网格… over the current project."""
        if self.w.project is None:
            return None
        self.stop()
        self.plan_dialog = PlanDialog(self.w)
        self.plan_dialog.show()
        return self.plan_dialog

    # -- what is edited -------------------------------------------------------------------
    def _layer_changed(self, name: str | None) -> None:
        self._current_layer = name

    def grid_layer(self) -> str:
        """Return the grid layer edited: the current one, else one with a selection, else small.

        The current layer (chosen in the layer list) is also the one the map selects in,
        as in QGIS; households being current leave the choice to the selection.
        """
        if self._current_layer in GRID_LEVELS:
            return self._current_layer
        stack = self.w.stack
        if stack is not None:
            for name in GRID_LEVELS:
                if name in stack and stack[name].selected:
                    return name
        return LEVEL_LAYERS["small"]

    def selected_codes(self, layer: str) -> list[str]:
        """Codes of the selected features of ``layer`` (map order)."""
        stack = self.w.stack
        if stack is None or layer not in stack:
            return []
        data = stack[layer].data
        return [str(data["code"].iloc[r]) for r in sorted(stack[layer].selected)]

    def _metres_per_pixel(self) -> float:
        return float(self.canvas.view.res)

    # -- running edits --------------------------------------------------------------------
    def run(self, make: Any) -> bool:
        """Build an edit with ``make()``, do it, push it on the undo stack and refresh.

        A :class:`~gisgrid.errors.GisgridError` (from building or doing it) is shown and
        nothing changes.
        """
        project = self.w.project
        if project is None:
            return False
        try:
            edit = BoundEdit(make(), after=self._check_again)
            edit.do(project)
        except GisgridError as exc:
            self.w.show_error(str(exc))
            return False
        push_done_edit(self.w, edit)
        return True

    def _check_again(self) -> None:
        """Run the hierarchy check again when its results are on show (after the refresh)."""
        if self.w.check_result is not None:
            QTimer.singleShot(0, self.w.check_hierarchy)

    def merge_selected(self) -> bool:
        """Merge the selected grids of the edited layer."""
        layer = self.grid_layer()
        codes = self.selected_codes(layer)
        return self.run(lambda: MergeGrids(GRID_LEVELS[layer], codes))

    def delete_selected(self, join: bool | None = None) -> bool:
        """Delete the selected grid(s) of the edited layer, one undoable edit each.

        ``join``: give the area to the neighbour sharing the longest border (True) or leave
        a gap (False); None asks.
        """
        layer = self.grid_layer()
        codes = self.selected_codes(layer)
        if not codes:
            self.w.show_error(self.tr("Select the grid to delete on the map first"))
            return False
        if join is None:
            join = self._ask_join(codes)
            if join is None:
                return False
        to = "auto" if join else None
        return all(self.run(lambda c=c: DeleteGrid(GRID_LEVELS[layer], c, to=to)) for c in codes)

    def _ask_join(self, codes: list[str]) -> bool | None:
        box = QMessageBox(self.w)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete grid"))
        box.setText(
            self.tr(
                "Delete {codes}. Give the area to the neighbouring grid that shares the "
                "longest border, or leave it uncovered?"
            ).format(codes=", ".join(codes))
        )
        join = box.addButton(self.tr("Join neighbour"), QMessageBox.ButtonRole.AcceptRole)
        gap = box.addButton(self.tr("Leave a gap"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(join)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is join else False if clicked is gap else None

    def reassign_selected(self, code: str | None = None) -> bool:
        """Give the selected households to grid ``code`` (asked for when None)."""
        stack, project = self.w.stack, self.w.project
        if stack is None or project is None or "households" not in stack:
            return False
        layer = self.grid_layer()
        rows = sorted(stack["households"].selected)
        if not rows:
            self.w.show_error(self.tr("Select the households to reassign on the map first"))
            return False
        ids = [str(i) for i in stack["households"].data["id"].iloc[rows]]
        if code is None:
            choices = neighbour_codes(project, layer, stack["households"].data.iloc[rows])
            if not choices:
                self.w.show_error(self.tr("The selected households lie in no grid"))
                return False
            code, ok = QInputDialog.getItem(
                self.w,
                self.tr("Reassign households"),
                self.tr("Give {n} households to grid:").format(n=len(ids)),
                choices,
                0,
                False,
            )
            if not ok:
                return False
            code = code.split(" ", 1)[0]
        return self.run(lambda: ReassignHouseholds(ids, code, GRID_LEVELS[layer]))

    # -- the sketching tools ------------------------------------------------------------------
    def set_mode(self, mode: str | None) -> None:
        """Start sketching with ``mode`` (``draw``, ``split``, ``vertex``) or stop (None)."""
        if mode is not None and mode not in MODES:
            raise ValueError(f"unknown edit tool {mode!r}; choose one of {MODES}")
        self.mode = mode
        self.points = []
        self._grab = None
        self._show()
        self.overlay.show_marker(None)
        action = {"draw": self.draw, "split": self.split, "vertex": self.vertex}.get(mode or "")
        if action is not None and not action.isChecked():
            action.setChecked(True)
        if mode is None:
            canvas_tool = {
                "pan": self.w.actions_.pan,
                "select": self.w.actions_.select,
                "identify": self.w.actions_.identify,
            }[self.canvas.tool]
            self.w.status.clearMessage()
            if not canvas_tool.isChecked():
                canvas_tool.setChecked(True)  # unchecks the editing tool (one group)
            self.canvas.set_tool(self.canvas.tool)  # its own cursor again
        else:
            self.canvas.setCursor(Qt.CursorShape.CrossCursor)
            self.canvas.setFocus()
            hint = action.toolTip() if action is not None else ""
            text = self.tr("{layer}: {hint}").format(
                layer=layer_title(self.grid_layer()), hint=hint
            )
            self.w.status.showMessage(text, 0)

    def _project_shown(self) -> None:
        """Leave any tool; the tools work only with a project open."""
        self.stop()
        self._vertices = None
        for action in [*self.actions, self.plan]:
            action.setEnabled(self.w.project is not None)

    def _toggled(self, mode: str, on: bool) -> None:
        if on and self.mode != mode:
            self.set_mode(mode)
        elif not on and self.mode == mode:  # another tool of the group was chosen
            self.set_mode(None)

    def stop(self) -> None:
        """Leave the editing tool (the canvas's own tool works again)."""
        if self.mode is not None:
            self.set_mode(None)

    def cancel_sketch(self) -> None:
        """Forget the sketch being drawn; the tool stays active."""
        self.points = []
        self._grab = None
        self._show()

    def finish(self) -> bool:
        """End the sketch: draw the new grid or split the selected grid with the line."""
        points, mode = list(self.points), self.mode
        self.cancel_sketch()
        layer = self.grid_layer()
        level = GRID_LEVELS[layer]
        if mode == "draw":
            if len(points) < 3:
                self.w.show_error(self.tr("Click at least three corners to draw a grid"))
                return False
            return self.run(lambda: DrawGrid(level, shapely.Polygon(points)))
        if mode == "split":
            if len(points) < 2:
                self.w.show_error(self.tr("Draw the split line with at least two clicks"))
                return False
            line = shapely.LineString(points)
            codes = self.selected_codes(layer) or crossed_codes(self.w.project, layer, line)
            if len(codes) != 1:
                self.w.show_error(
                    self.tr("Select the one grid to split, or draw the line across one grid only")
                )
                return False
            return self.run(lambda: SplitGrid(level, codes[0], line))
        return False

    def _show(self, cursor: QPointF | None = None) -> None:
        if self._grab is None:
            self.overlay.spokes = []
        screen = [self.canvas.to_screen(*p) for p in self.points] if self.points else []
        if self._grab is not None:
            screen = [self.canvas.to_screen(*self._grab)]
        self.overlay.show_sketch(screen, cursor if screen else None, self.mode == "draw")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Capture left clicks, double-clicks and keys on the canvas while a tool is active."""
        if obj is self.w and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            return False
        if obj is not self.canvas or self.mode is None or self.w.project is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.overlay.resize(self.canvas.size())
            return False
        if kind == QEvent.Type.KeyPress:
            return self._key(event)
        if kind not in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
        ):
            return False
        assert isinstance(event, QMouseEvent)
        pos = event.position()
        if kind == QEvent.Type.MouseMove:
            if self.points or self._grab is not None:
                self._show(pos)
            elif self.mode == "vertex":
                self.overlay.show_marker(self.vertex_near(pos))
            return False  # the canvas still reports the cursor position
        if event.button() != Qt.MouseButton.LeftButton:
            return False  # middle button pans, wheel zooms as usual
        lonlat = self.canvas.to_lonlat(pos.x(), pos.y())
        if self.mode == "vertex":
            return self._vertex_event(kind, lonlat, pos)
        if kind == QEvent.Type.MouseButtonPress:
            self._skip_release = False
        elif kind == QEvent.Type.MouseButtonDblClick:
            self._skip_release = True
            if not self.points or self._far_from_last(pos):  # a double-click alone
                self.points.append(lonlat)
            self.finish()
        elif kind == QEvent.Type.MouseButtonRelease:
            if self._skip_release:
                self._skip_release = False
            elif not self.points or self._far_from_last(pos):
                self.points.append(lonlat)
                self._show(pos)
        return True

    def vertex_near(self, pos: QPointF) -> QPointF | None:
        """Return the screen position of the grid vertex within reach of ``pos``, if any."""
        project = self.w.project
        if project is None:
            return None
        layer = self.grid_layer()
        data = self.w.stack[layer].data if self.w.stack and layer in self.w.stack else None
        if data is None or not len(data):
            return None
        if self._vertices is None or self._vertices[0] is not data:
            self._vertices = (data, shapely.get_coordinates(data.geometry.to_numpy(dtype=object)))
        xy = self._vertices[1]
        lon, lat = self.canvas.to_lonlat(pos.x(), pos.y())
        lon2, lat2 = self.canvas.to_lonlat(pos.x() + PICK_PIXELS, pos.y() + PICK_PIXELS)
        near = (np.abs(xy[:, 0] - lon) <= abs(lon2 - lon)) & (
            np.abs(xy[:, 1] - lat) <= abs(lat2 - lat)
        )
        if not near.any():
            return None
        cand = xy[near]
        k = int(np.argmin(np.hypot(cand[:, 0] - lon, cand[:, 1] - lat)))
        return self.canvas.to_screen(*cand[k])

    def _edges_at(self, lonlat: tuple[float, float], pos: QPointF) -> list[np.ndarray]:
        """Return the other ends of the grid edges meeting at the vertex near ``lonlat``."""
        layer = self.grid_layer()
        if self.w.stack is None or layer not in self.w.stack:
            return []
        geoms = self.w.stack[layer].data.geometry.to_numpy(dtype=object)
        lon2, lat2 = self.canvas.to_lonlat(pos.x() + SAME_PIXELS, pos.y() + SAME_PIXELS)
        eps = max(abs(lon2 - lonlat[0]), abs(lat2 - lonlat[1]))
        box = shapely.box(lonlat[0] - eps, lonlat[1] - eps, lonlat[0] + eps, lonlat[1] + eps)
        ends = []
        for geom in geoms[shapely.STRtree(geoms).query(box, predicate="intersects")]:
            for poly in shapely.get_parts(geom):
                for ring in [poly.exterior, *poly.interiors]:
                    xy = np.asarray(ring.coords)[:-1, :2]
                    hit = np.flatnonzero(np.hypot(*(xy - lonlat).T) <= eps)
                    for i in hit:
                        ends += [xy[i - 1], xy[(i + 1) % len(xy)]]
        return ends

    def _far_from_last(self, pos: QPointF) -> bool:
        last = self.canvas.to_screen(*self.points[-1])
        return (last - pos).manhattanLength() > SAME_PIXELS

    def _vertex_event(self, kind: QEvent.Type, lonlat: tuple[float, float], pos: QPointF) -> bool:
        if kind == QEvent.Type.MouseButtonPress:
            vertex = self.vertex_near(pos)
            self._grab = self.canvas.to_lonlat(vertex.x(), vertex.y()) if vertex else lonlat
            self.overlay.show_marker(None)
            self.overlay.spokes = [
                self.canvas.to_screen(*xy) for xy in self._edges_at(self._grab, pos)
            ]
            self._show(pos)
        elif kind == QEvent.Type.MouseButtonRelease and self._grab is not None:
            at, self._grab = self._grab, None
            self._show()
            if np.hypot(*(np.subtract(at, lonlat))) > 0:
                res = self._metres_per_pixel()
                level = GRID_LEVELS[self.grid_layer()]
                self.run(
                    lambda: MoveVertex(
                        level,
                        at,
                        lonlat,
                        snap_m=max(SNAP_PIXELS * res, 0.5),
                        pick_m=max(PICK_PIXELS * res, 1.0),
                    )
                )
        return True

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.points or self._grab is not None:
                self.cancel_sketch()
            else:
                self.stop()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.points:
            self.finish()
            return True
        if key == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self._show()
            return True
        return False


def crossed_codes(project: Any, layer: str, line: shapely.LineString) -> list[str]:
    """Return the codes of the grids of ``layer`` that ``line`` crosses from edge to edge."""
    grids = project.layer(layer).reset_index(drop=True)
    geoms = grids.geometry.to_numpy(dtype=object)
    if not len(geoms):
        return []
    hits = shapely.STRtree(geoms).query(line, predicate="crosses")
    # crossing from edge to edge: the line leaves the grid at least twice
    ends = shapely.get_coordinates(shapely.boundary(line))
    keep = [i for i in hits if not any(shapely.contains_xy(geoms[i], x, y) for x, y in ends)]
    return [str(grids.at[i, "code"]) for i in sorted(keep)]


def neighbour_codes(project: Any, layer: str, households: Any) -> list[str]:
    """Return "code name" of the grids holding ``households`` and of their neighbours."""
    grids = project.layer(layer).reset_index(drop=True)
    geoms = grids.geometry.to_numpy(dtype=object)
    if not len(geoms) or not len(households):
        return []
    tree = shapely.STRtree(geoms)
    pts = households.geometry.to_numpy(dtype=object)
    _, inside = tree.query(pts, predicate="within")
    home = np.unique(inside)
    if not len(home):
        return []
    homes = shapely.union_all(geoms[home])
    near = tree.query(homes, predicate="intersects")
    shared = shapely.length(shapely.intersection(shapely.boundary(geoms[near]), homes))
    keep = sorted(set(home.tolist()) | set(near[shared > 0].tolist()))
    return [f"{grids.at[i, 'code']} {grids.at[i, 'name'] or ''}".strip() for i in keep]


def install_editing(window: MainWindow) -> EditTools:
    """Create the grid editing tools, toolbar and menu and the planning dialog entry."""
    window.edit_tools = EditTools(window)
    return window.edit_tools
