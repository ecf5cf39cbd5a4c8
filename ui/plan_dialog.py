"""Tools → 自动划分网格…: the planning dialog over :func:`gisgrid.plan.plan_partition`.

The dialog declares the parameters (parent, level, count or target, tolerance, locked grids,
barriers), runs the core planner on a worker with progress and Cancel, shows the proposal
beside today's grids with its figures, and on Apply pushes the plan's one command on the
window's undo stack. Closing it without Apply leaves the project as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.names import layer_title
from PyQt6.QtCore import QEvent, QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisgrid.errors import Cancelled, GisgridError
from gisgrid.plan import PARENT_LEVEL, PlanParams, PlanResult, plan_partition
from gisgrid.schema import LEVEL_LAYERS

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

OK_COLOUR, WARN_COLOUR, BAD_COLOUR = QColor("#81c784"), QColor("#ffd54f"), QColor("#e57373")
LOCKED_COLOUR = QColor("#bdbdbd")  # locked grids are kept, not balanced
PLANNED_LEVELS = ("large", "small", "micro")  # the grid levels the planner draws, top down
PALETTE = ["#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#ccebc5"]


class PlanPreview(QWidget):
    """Today's grids (left) and the proposed grids (right) of the planned parents.

    Proposed grids are filled green within the tolerance, yellow up to twice it, red beyond
    (grey when locked), and labelled with their households.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(520, 260)
        self.today: list[Any] = []
        self.proposed: list[Any] = []
        self.labels: list[str] = []
        self.deviation: np.ndarray = np.zeros(0)
        self.tolerance = 0.15
        self.parents: list[Any] = []
        self.points = np.zeros((0, 2))  # households, lon/lat
        self.titles = ("", "")

    def show_plan(
        self,
        today: list[Any],
        parents: list[Any],
        result: PlanResult | None,
        titles: tuple,
        points: np.ndarray | None = None,
    ) -> None:
        """Show ``today``'s and ``result``'s grids inside ``parents``, with household points.

        Geometries and ``points`` (an ``(n, 2)`` array) are lon/lat.
        """
        self.today, self.parents, self.titles = list(today), list(parents), titles
        self.points = np.zeros((0, 2)) if points is None else np.asarray(points, dtype=float)
        if result is None:
            self.proposed, self.labels, self.deviation = [], [], np.zeros(0)
        else:
            grids = result.grids
            self.proposed = list(grids.geometry)
            self.labels = [_count(h) for h in grids["households"]]
            self.deviation = grids["deviation"].abs().to_numpy(dtype=float)
            self.tolerance = result.params.tolerance
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """Draw the two maps side by side at one scale."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor("#fbfaf7"))
        geoms = [g for g in self.parents + self.today + self.proposed if g is not None]
        if not geoms:
            painter.setPen(QColor("#777"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.titles[0])
            painter.end()
            return
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        ky = 1.0 / max(np.cos(np.radians((miny + maxy) / 2)), 0.1)  # lon/lat → square-ish
        half = self.width() / 2
        pad, top = 10.0, 24.0
        scale = min(
            (half - 2 * pad) / max(maxx - minx, 1e-9),
            (self.height() - top - pad) / max((maxy - miny) * ky, 1e-9),
        )

        def to_px(x0: float) -> Any:
            def f(xy: np.ndarray) -> list[QPointF]:
                return [
                    QPointF(x0 + pad + (x - minx) * scale, top + (maxy - y) * ky * scale)
                    for x, y in xy
                ]

            return f

        for side, (title, items) in enumerate(
            ((self.titles[0], self.today), (self.titles[1], self.proposed))
        ):
            x0 = side * half
            px = to_px(x0)
            painter.setPen(QColor("#333"))
            painter.drawText(int(x0 + pad), 16, title)
            for k, geom in enumerate(items):
                if side == 0:
                    fill = QColor(PALETTE[k % len(PALETTE)])
                else:
                    d = self.deviation[k] if k < len(self.deviation) else 0.0
                    fill = (
                        LOCKED_COLOUR
                        if not np.isfinite(d)
                        else OK_COLOUR
                        if d <= self.tolerance + 1e-9
                        else WARN_COLOUR
                        if d <= 2 * self.tolerance
                        else BAD_COLOUR
                    )
                    fill = fill.darker(100 + 12 * (k % 3))  # neighbours told apart
                fill.setAlpha(150)
                painter.setBrush(fill)
                painter.setPen(QPen(QColor("#37474f"), 1))
                painter.drawPath(_path(geom, px))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#424242"))
            for p in px(self.points) if len(self.points) else []:
                painter.drawEllipse(p, 1.6, 1.6)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#b71c1c"), 2))
            for geom in self.parents:
                painter.drawPath(_path(geom, px))
            if side == 1:
                painter.setPen(QColor("#111"))
                for geom, text in zip(self.proposed, self.labels):
                    p = px(shapely.get_coordinates(shapely.point_on_surface(geom)))[0]
                    box = QRectF(p.x() - 14, p.y() - 9, 28, 18)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(255, 255, 255, 210))
                    painter.drawRoundedRect(box, 4, 4)
                    painter.setPen(QColor("#111"))
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor("#ccc"), 1))
        painter.drawLine(int(half), 4, int(half), self.height() - 4)
        if self.proposed:
            self._legend(painter, pad, self.height() - 8)  # under both: wide enough
        painter.end()

    def _legend(self, painter: QPainter, x: float, y: float) -> None:
        """Explain the proposal's colours in one row along the bottom."""
        items = [
            (OK_COLOUR, self.tr("within tolerance")),
            (WARN_COLOUR, self.tr("up to twice it")),
            (BAD_COLOUR, self.tr("beyond")),
            (LOCKED_COLOUR, self.tr("locked")),
        ]
        metrics = painter.fontMetrics()
        for colour, text in items:
            painter.setPen(QPen(QColor("#37474f"), 1))
            painter.setBrush(colour)
            painter.drawRect(QRectF(x, y - 10, 12, 10))
            painter.setPen(QColor("#333"))
            painter.drawText(QPointF(x + 16, y), text)
            x += 16 + metrics.horizontalAdvance(text) + 14


def _number(value: Any, pattern: str, absolute: bool = False) -> str:
    """Format a figure with ``pattern``; a missing or infinite one is shown as "—"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if not np.isfinite(number):
        return "—"
    return pattern.format(abs(number) if absolute else number)


def _count(value: Any) -> str:
    """Format a household count as a whole number ("—" when unknown)."""
    return _number(value, "{:.0f}")


def next_level(project: Any, levels: list[str]) -> str:
    """Return the level to plan first: the top one still empty under drawn parents, else small.

    A project with villages but no grids yet starts with the large grids; once they exist, the
    small grids; a complete hierarchy offers the small grids (the level re-planned most).
    """
    for level in levels:
        parents = project.layer(LEVEL_LAYERS[PARENT_LEVEL[level]])
        if len(parents) and not len(project.layer(LEVEL_LAYERS[level])):
            return level
    return "small" if "small" in levels else (levels[0] if levels else "small")


def _same(a: tuple, b: tuple) -> bool:
    """Whether two ``PlanDialog._state`` tuples are the same (objects compared by identity)."""
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b))


def _path(geom: Any, px: Any) -> QPainterPath:
    path = QPainterPath()
    for poly in shapely.get_parts(geom):
        if not isinstance(poly, shapely.Polygon):
            continue
        for ring in [poly.exterior, *poly.interiors]:
            path.addPolygon(QPolygonF(px(np.asarray(ring.coords)[:, :2])))
            path.closeSubpath()
    return path


class PlanDialog(QDialog):
    """Choose what to plan, run the planner, look at the proposal, apply it (undoably)."""

    progressed = pyqtSignal(float, str)  # from the worker: fraction, message
    ended = pyqtSignal(str)  # from the worker: a message, then "" once the run is over

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.progressed.connect(self._progress)
        self.ended.connect(self._ended)
        self.result: PlanResult | None = None
        self.task: Any = None
        self._made_at: tuple = ()  # project and undo-stack state the proposal was made at
        self._barrier_file: str | None = None
        self.setMinimumSize(900, 620)

        self.parent_box = QComboBox()
        self.parent_box.setEditable(True)
        self.level_box = QComboBox()
        self.count_radio, self.target_radio = QRadioButton(), QRadioButton()
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.count_radio)
        self.mode_group.addButton(self.target_radio)
        self.count_radio.setChecked(True)
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setValue(4)
        self.target = QSpinBox()
        self.target.setRange(1, 100000)
        self.target.setValue(100)
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 99)
        self.tolerance.setDecimals(0)
        self.tolerance.setSuffix(" %")
        self.tolerance.setValue(15)
        self.locked = QLineEdit()
        self.barrier_box = QComboBox()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_barrier_file)

        form = QFormLayout()
        self.labels = [QLabel() for _ in range(6)]
        form.addRow(self.labels[0], self.parent_box)
        form.addRow(self.labels[1], self.level_box)
        count_row = QGridLayout()
        count_row.addWidget(self.count_radio, 0, 0)
        count_row.addWidget(self.count, 0, 1)
        count_row.addWidget(self.target_radio, 1, 0)
        count_row.addWidget(self.target, 1, 1)
        form.addRow(self.labels[2], count_row)
        form.addRow(self.labels[3], self.tolerance)
        form.addRow(self.labels[4], self.locked)
        barrier_row = QHBoxLayout()
        barrier_row.addWidget(self.barrier_box, 1)
        barrier_row.addWidget(self.browse)
        form.addRow(self.labels[5], barrier_row)

        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.cancel_run)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress_text = QLabel()
        self.progress_text.setWordWrap(True)

        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview = PlanPreview()

        self.apply_button = QPushButton()
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(form)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.stop_button)
        lv.addLayout(run_row)
        lv.addWidget(self.progress)
        lv.addWidget(self.progress_text)
        lv.addWidget(self.figures)
        lv.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 520])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.level_box.currentIndexChanged.connect(self._level_changed)
        self.count_radio.toggled.connect(self._mode_changed)
        self.retranslate_ui()
        self._fill()
        self._mode_changed()

    # -- texts ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("Plan grids automatically"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Parent unit"),
                self.tr("Grids to draw"),
                self.tr("How many"),
                self.tr("Tolerance"),
                self.tr("Locked grids"),
                self.tr("Follow lines of"),
            ),
        ):
            label.setText(text)
        self.count_radio.setText(self.tr("Number of grids"))
        self.target_radio.setText(self.tr("Households per grid"))
        self.locked.setPlaceholderText(self.tr("codes kept as they are, separated by commas"))
        self.browse.setText(self.tr("File…"))
        self.run_button.setText(self.tr("Plan"))
        self.stop_button.setText(self.tr("Stop"))
        self.apply_button.setText(self.tr("Apply plan"))
        self.close_button.setText(self.tr("Close"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Households"),
                self.tr("Deviation"),
                self.tr("Compactness"),
            ]
        )
        self._show_figures()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- choices --------------------------------------------------------------------------
    def _fill(self) -> None:
        project = self.w.project
        assert project is not None
        levels = list(PLANNED_LEVELS)  # a level the project lacks is added when applied
        for lv in levels:
            title = layer_title(LEVEL_LAYERS[lv])
            if lv not in project.meta.levels:
                title = self.tr("{layer} (adds this level to the project)").format(layer=title)
            self.level_box.addItem(title, lv)
        present = [lv for lv in levels if lv in project.meta.levels]
        chosen = self._selected_level() or next_level(project, present)
        if chosen in levels:
            self.level_box.setCurrentIndex(levels.index(chosen))
        self.barrier_box.addItem(self.tr("(none)"), None)
        for name in ("villages", "grids_large", "grids_small"):
            if len(project.layer(name)):
                self.barrier_box.addItem(
                    self.tr("Borders of {layer}").format(layer=layer_title(name)), name
                )
        self._level_changed()

    def _selected_level(self) -> str | None:
        """Return the level whose parent is selected on the map (a large grid → small)."""
        stack = self.w.stack
        if stack is None:
            return None
        for level, parent in PARENT_LEVEL.items():
            name = LEVEL_LAYERS[parent]
            if name in stack and stack[name].selected:
                return level
        return None

    @property
    def level(self) -> str:
        """The level chosen."""
        return str(self.level_box.currentData() or "small")

    def _level_changed(self, *_: Any) -> None:
        project, stack = self.w.project, self.w.stack
        if project is None:
            return
        parent_layer = LEVEL_LAYERS[PARENT_LEVEL[self.level]]
        parents = project.layer(parent_layer)
        self.parent_box.clear()
        self.parent_box.addItem(self.tr("Whole town (every parent)"), "all")
        for code, name in zip(parents["code"], parents["name"]):
            self.parent_box.addItem(f"{code} {format_value(name)}".strip(), str(code))
        if stack is not None and parent_layer in stack and stack[parent_layer].selected:
            row = min(stack[parent_layer].selected)
            self.parent_box.setCurrentIndex(row + 1)
        elif len(parents):
            self.parent_box.setCurrentIndex(1)
        grid_layer = LEVEL_LAYERS[self.level]
        codes: list[str] = []  # grids of this level selected on the map are kept as they are
        if stack is not None and grid_layer in stack and stack[grid_layer].selected:
            data = stack[grid_layer].data
            codes = [str(data["code"].iloc[r]) for r in sorted(stack[grid_layer].selected)]
        self.locked.setText(", ".join(codes))

    def _mode_changed(self, *_: Any) -> None:
        self.count.setEnabled(self.count_radio.isChecked())
        self.target.setEnabled(self.target_radio.isChecked())

    def _choose_barrier_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Roads, rivers or canals"),
            "",
            self.tr("Vector files (*.shp *.gpkg *.geojson *.json *.kml *.kmz);;All files (*)"),
        )
        if path:
            self.barrier_box.addItem(path, path)
            self.barrier_box.setCurrentIndex(self.barrier_box.count() - 1)

    def parent_code(self) -> str:
        """Code of the parent chosen (or typed; the text before the first space)."""
        text = self.parent_box.currentText().strip()
        data = self.parent_box.currentData()
        if data is not None and self.parent_box.itemText(self.parent_box.currentIndex()) == text:
            return str(data)
        return text.split(" ", 1)[0]

    def params(self) -> PlanParams:
        """Return the parameters as chosen in the dialog."""
        locked = tuple(
            c.strip() for c in self.locked.text().replace("，", ",").split(",") if c.strip()
        )
        return PlanParams(
            parent=self.parent_code(),
            level=self.level,
            count=self.count.value() if self.count_radio.isChecked() else None,
            target=float(self.target.value()) if self.target_radio.isChecked() else None,
            tolerance=self.tolerance.value() / 100.0,
            barriers=self.barrier_box.currentData(),
            locked=locked,
        )

    # -- running --------------------------------------------------------------------------
    def run(self) -> Any:
        """Run the planner on a worker; the proposal shows when it is done."""
        if self.w.project is None or self.task is not None:
            return None
        try:
            params = self.params()
            params.check()
        except GisgridError as exc:
            self.w.show_error(str(exc))
            return None
        self.result = None
        self.apply_button.setEnabled(False)
        self._busy(True)
        self._made_at = self._state()
        self.task = self.w.start_task(
            self.tr("Planning grids"), self._work, self.w.project, params, on_finished=self._planned
        )
        return self.task

    def _work(self, project: Any, params: PlanParams, progress: Any, cancelled: Any) -> Any:
        """Run the planner (on the worker), reporting to the dialog through queued signals.

        The dialog's own signals are connected before the work starts, so a plan that fails
        at once is never missed.
        """

        def report(fraction: float, message: str) -> None:
            progress(fraction, message)
            self.progressed.emit(fraction, message)

        try:
            return plan_partition(project, params, progress=report, cancelled=cancelled)
        except Cancelled:
            self.ended.emit(self.tr("Stopped; nothing was changed."))
            raise
        except GisgridError as exc:
            self.ended.emit(str(exc))
            raise
        finally:
            self.ended.emit("")

    def _ended(self, text: str) -> None:
        if text:
            self.progress_text.setText(text)
        else:
            self._busy(False)

    def _state(self) -> tuple:
        """Return the project, the undo position and the last command done (by identity)."""
        stack = self.w.undo_stack
        index = stack.index()
        return (self.w.project, index, stack.command(index - 1) if index > 0 else None)

    def cancel_run(self) -> None:
        """Ask the running planner to stop."""
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.task = None
        self.run_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.progress.setValue(0 if busy else self.progress.value())

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(100 * fraction)))
        self.progress_text.setText(message)

    def _planned(self, result: PlanResult) -> None:
        self.result = result
        self.progress.setValue(100)
        self.progress_text.setText("；".join(result.messages))
        self._show_figures()
        self._show_table()
        self._show_preview()
        self.apply_button.setEnabled(True)

    def _show_figures(self) -> None:
        r = self.result
        if r is None:
            self.figures.setText("")
            return
        ok = self.tr("yes") if r.contiguous else self.tr("no")
        self.figures.setText(
            self.tr(
                "<b>{n}</b> grids, target <b>{target}</b> households each; "
                "largest deviation <b>{dev}</b> (tolerance {tol:.0%}); "
                "every grid in one piece: <b>{ok}</b>; compactness (Polsby-Popper) "
                "mean <b>{ppm}</b>, min <b>{ppn}</b>; "
                "households changing grid: <b>{moved}</b>"
            ).format(
                n=len(r.grids),
                target=_number(r.target, "{:.0f}"),
                dev=_number(r.max_deviation, "{:.1%}"),
                tol=r.params.tolerance,
                ok=ok,
                ppm=_number(r.polsby_popper_mean, "{:.2f}"),
                ppn=_number(r.polsby_popper_min, "{:.2f}"),
                moved=r.households_moved,
            )
        )

    def _show_table(self) -> None:
        grids = self.result.grids if self.result is not None else pd.DataFrame()
        self.table.setRowCount(len(grids))
        for i, (_, row) in enumerate(grids.iterrows()):
            locked = bool(row.get("locked", False))
            values = [
                format_value(row["code"]) + (" 🔒" if locked else ""),
                format_value(row["name"]),
                _count(row["households"]),
                _number(row["deviation"], "{:.1%}", absolute=True),
                _number(row["polsby_popper"], "{:.2f}"),
            ]
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                if j >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, j, item)

    def _show_preview(self) -> None:
        project, r = self.w.project, self.result
        if project is None or r is None:
            return
        codes = {p.code for p in r.parents}
        parents = project.layer(LEVEL_LAYERS[PARENT_LEVEL[r.params.level]])
        parents = parents[parents["code"].astype(object).isin(codes)]
        today = project.layer(r.layer)
        today = today[today["parent_code"].astype(object).isin(codes)]
        hh = project.layer("households")
        xy = np.column_stack([hh.geometry.x.to_numpy(), hh.geometry.y.to_numpy()])
        if len(xy) and len(parents):
            xy = xy[shapely.contains_xy(shapely.union_all(parents.geometry.to_numpy()), *xy.T)]
        self.preview.show_plan(
            list(today.geometry),
            list(parents.geometry),
            r,
            (
                self.tr("Today ({n} grids)").format(n=len(today)),
                self.tr("Proposal ({n} grids)").format(n=len(r.grids)),
            ),
            xy,
        )

    # -- applying -----------------------------------------------------------------------
    def apply(self) -> bool:
        """Write the proposal into the project as one undoable command."""
        project = self.w.project
        if project is None or self.result is None:
            return False
        if not _same(self._state(), self._made_at):
            self.w.show_error(self.tr("The project changed since this plan was made; plan again"))
            return False
        from gisgrid.ui.main_window import EditUndoCommand

        command = self.result.command()
        try:
            command.do(project)
        except GisgridError as exc:
            self.w.show_error(str(exc))
            return False
        self.w.undo_stack.push(EditUndoCommand(self.w, command))
        for name in command.layers:
            self.w.layer_data_changed(name)
        self.w.status.showMessage(command.text, 8000)
        self.result = None
        self.apply_button.setEnabled(False)
        self.accept()
        return True

    def reject(self) -> None:
        """Close: stop a running plan; the project stays as it was."""
        self.cancel_run()
        super().reject()
