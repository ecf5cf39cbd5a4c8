"""热点图 tab: run :func:`gisgrid.hotspots.hotspots` on a worker and show its offline map.

Parameters (received dates, grid level, category, days per time step) are declared here; the
work — Gi*, emerging hot spots, density and the self-contained HTML of
:func:`gisgrid.layers.hotspot_web.write_hotspot_html` — runs in :func:`run_hotspots` on a
worker. The page is loaded from a temporary file into a ``QWebEngineView`` (``setHtml`` is
capped at 2 MB); when QtWebEngine cannot start, the tab says so and the map can still be
saved as HTML and opened in a browser. Clicking a grid in the result list asks for a drill
down to its issues.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from gisgrid.layers.hotspot_web import GI_CLASSES, PATTERNS, write_hotspot_html
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.worker import Task
from PyQt6.QtCore import QDate, QEvent, QSignalBlocker, Qt, QUrl, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisgrid.errors import InputError
from gisgrid.hotspots import HotspotParams, HotspotResult, hotspots
from gisgrid.io.atomic import atomic_write

LEVELS = ("small", "large")
CODE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _Item(QTableWidgetItem):
    """A list cell that sorts by its number (Gi* class, count, rate) when it has one."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return super().__lt__(other)


def run_hotspots(
    project: Any, params: HotspotParams, html_path: Path, progress: Any, cancelled: Any
) -> tuple[HotspotResult, Path]:
    """Compute the hotspots and write the offline map to ``html_path`` (the worker's entry)."""
    result = hotspots(
        project, params, progress=lambda f, m: progress(0.9 * f, m), cancelled=cancelled
    )
    progress(0.92, "map")
    path = write_hotspot_html(result, html_path, title="诉求热点")
    progress(1.0, "done")
    return result, path


def create_web_view(parent: QWidget | None = None) -> QWidget:
    """Return a ``QWebEngineView``; raises ImportError/RuntimeError when it cannot start.

    ``PyQt6.QtWebEngineWidgets`` must have been imported before the QApplication was made
    (``gisgrid.ui.app`` does it); importing it later fails, and that failure is reported.
    """
    from PyQt6.QtWebEngineWidgets import QWebEngineView

    return QWebEngineView(parent)


class HotspotView(QWidget):
    """Parameters, Run/Cancel, the grid list and the hotspot map.

    Signals
    -------
    gridChosen(str, str, str)
        Map layer name, grid code and grid name the user picked in the result list.
    mapLoaded(bool)
        The web view finished loading the page (False: it failed).
    """

    gridChosen = pyqtSignal(str, str, str)
    mapLoaded = pyqtSignal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Any = None
        self.result: HotspotResult | None = None
        self.html_path: Path | None = None
        self.web: QWidget | None = None
        self.web_error: str | None = None
        self.error: str | None = None
        self.permutations = HotspotParams.permutations
        self._task: Task | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="gisgrid-hotspots-")
        self._runs = 0

        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.level = QComboBox()
        self.category = QComboBox()
        self.bin_days = QSpinBox()
        self.bin_days.setRange(1, 91)
        self.bin_days.setValue(7)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_dialog)
        self.save_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.labels = {k: QLabel() for k in ("dates", "to", "level", "category", "bins")}
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.grids = QTableWidget(0, 5)
        self.grids.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grids.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grids.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grids.verticalHeader().setVisible(False)
        self.grids.verticalHeader().setDefaultSectionSize(22)
        self.grids.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grids.setSortingEnabled(True)
        self.grids.itemClicked.connect(self._grid_clicked)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #555; font-size: 14px; background: #fafafa;")
        self.map_stack = QStackedWidget()
        self.map_stack.addWidget(self.placeholder)
        form = QFormLayout()
        dates = QHBoxLayout()
        for widget in (self.date_from, self.labels["to"], self.date_to):
            dates.addWidget(widget)
        form.addRow(self.labels["dates"], dates)
        form.addRow(self.labels["level"], self.level)
        form.addRow(self.labels["category"], self.category)
        form.addRow(self.labels["bins"], self.bin_days)
        buttons = QHBoxLayout()
        for widget in (self.run_button, self.cancel_button, self.progress):
            buttons.addWidget(widget)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 4, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.grids, 1)
        column.addWidget(self.save_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.map_stack)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        self.setMinimumSize(240, 160)  # a small window clips the parameter row
        self.retranslate_ui()

    # -- language -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.labels["dates"].setText(self.tr("Received"))
        self.labels["to"].setText("–")
        self.labels["level"].setText(self.tr("Grids"))
        self.labels["category"].setText(self.tr("Category"))
        self.labels["bins"].setText(self.tr("Days per step"))
        self.bin_days.setToolTip(self.tr("Length of the time steps of the emerging hot spots"))
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.save_button.setText(self.tr("Save as HTML…"))
        level = self.level.currentData()
        with QSignalBlocker(self.level):
            self.level.clear()
            self.level.addItem(self.tr("Small grids"), "small")
            self.level.addItem(self.tr("Large grids"), "large")
            self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.grids.setHorizontalHeaderLabels(
            [self.tr("Grid"), self.tr("Issues"), self.tr("Per 100 households"),
             self.tr("Gi* class"), self.tr("Trend")]
        )  # fmt: skip
        self._fill_categories()
        if self.web is None:
            self._show_placeholder()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- project ------------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        """Offer the dates and categories of ``project``'s issues; forget the last result."""
        self.cancel()
        self.project = project
        self.result = None
        self.save_button.setEnabled(False)
        self.grids.setRowCount(0)
        self.refresh()
        if self.web is not None:
            self.web.setUrl(QUrl("about:blank"))  # type: ignore[attr-defined]
            self.map_stack.setCurrentWidget(self.placeholder)
        self._show_placeholder()

    def refresh(self) -> None:
        """Re-read the date range and categories (after an import)."""
        issues = self.project.layer("issues") if self.project is not None else None
        reported = (
            pd.to_datetime(issues["reported_at"]).dropna() if issues is not None else pd.Series()
        )
        if len(reported):
            first, last = reported.min().date(), reported.max().date()
            self.date_from.setDate(QDate(first.year, first.month, first.day))
            self.date_to.setDate(QDate(last.year, last.month, last.day))
        self.run_button.setEnabled(bool(len(reported)) and self._task is None)
        self._fill_categories()

    def _fill_categories(self) -> None:
        current = self.category.currentData()
        names = list(self.project.meta.categories) if self.project is not None else []
        with QSignalBlocker(self.category):
            self.category.clear()
            self.category.addItem(self.tr("All"), None)
            for name in [*names, *(["其他"] if "其他" not in names else [])]:
                self.category.addItem(name, name)
            self.category.setCurrentIndex(max(0, self.category.findData(current)))

    def _show_placeholder(self) -> None:
        if self.web_error:
            text = self.tr(
                "<h3>The map view cannot start</h3><p>{error}</p><p>The figures are in the "
                "list on the left; use <b>Save as HTML…</b> and open the file in a web "
                "browser to see the map.</p>"
            ).format(error=self.web_error)
        elif self.project is None or not len(self.project.layer("issues")):
            text = self.tr("Import issues (File → Import, into 诉求) to map their hotspots.")
        else:
            text = self.tr(
                "Choose the period, grids and category, then press <b>Run</b> to find the "
                "hot and cold spots (Getis-Ord Gi*) and the emerging patterns."
            )
        self.placeholder.setText(text)

    # -- running ------------------------------------------------------------------------------
    def params(self) -> HotspotParams:
        """Return the parameters as chosen."""
        category = self.category.currentData()
        return HotspotParams(
            date_from=self.date_from.date().toPyDate(),
            date_to=self.date_to.date().toPyDate(),
            level=self.level.currentData() or "small",
            categories=[category] if category else None,
            bin_days=self.bin_days.value(),
            permutations=self.permutations,
        )

    def run(self) -> Task | None:
        """Compute the hotspots on a worker; the map shows when it is done."""
        if self.project is None or self._task is not None:
            return None
        self.error = None
        self._runs += 1
        path = Path(self._tmp.name) / f"hotspots-{self._runs}.html"
        task = Task(run_hotspots, self.project, self.params(), path, parent=self)
        task.progress.connect(self._progress)
        project = self.project
        task.finished.connect(lambda out: self._finished(out) if self.project is project else None)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self.message.setText(self.tr("Cancelled.")))
        task.done.connect(self._done)
        self._task = task
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.message.setText(self.tr("Computing hotspots…"))
        task.start()
        return task

    def cancel(self) -> None:
        """Ask the running computation to stop."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        if message:
            self.message.setText(self.tr("Computing hotspots… {0}").format(message))

    def _done(self) -> None:
        self._task = None
        self.cancel_button.setEnabled(False)
        self.run_button.setEnabled(self.project is not None)

    def _failed(self, text: str) -> None:
        self.error = text
        self.progress.setValue(0)
        self.message.setText(text)

    def _finished(self, output: tuple[HotspotResult, Path]) -> None:
        self.result, self.html_path = output
        self.progress.setValue(1000)
        grids = self.result.grids
        hot = int((grids["gi_class"] > 0).sum())
        cold = int((grids["gi_class"] < 0).sum())
        text = self.tr("{issues} issues in {grids} grids: {hot} hot spots, {cold} cold spots.")
        text = text.format(issues=int(grids["count"].sum()), grids=len(grids), hot=hot, cold=cold)
        if self.result.warnings:
            text += " " + " ".join(self.result.warnings)
        self.message.setText(text)
        self.save_button.setEnabled(True)
        self._fill_grids()
        self.show_map(self.html_path)

    def _fill_grids(self) -> None:
        assert self.result is not None
        layer = f"grids_{self.result.params.get('level', 'small')}"
        frame = self.result.grids.sort_values(["gi_class", "count"], ascending=False)
        self.grids.setSortingEnabled(False)
        self.grids.setRowCount(len(frame))
        for i, rec in enumerate(frame.itertuples(index=False)):
            gi = int(rec.gi_class)
            trend = rec.trend if isinstance(rec.trend, str) else ""
            name = str(rec.name) if isinstance(rec.name, str) and rec.name else str(rec.code)
            rate = float(rec.rate) if pd.notna(rec.rate) else None
            cells = [
                (name, None),
                (str(int(rec.count)), float(rec.count)),
                (format_value(round(rate, 1)) if rate is not None else "", rate),
                (GI_CLASSES.get(gi, (str(gi), ""))[0], float(gi)),
                (PATTERNS.get(trend, (trend, ""))[0], None),
            ]
            for column, (text, number) in enumerate(cells):
                item = _Item(text)
                item.setData(SORT_ROLE, number)
                item.setData(CODE_ROLE, (layer, str(rec.code), name))
                if column == 3 and gi != 0:
                    item.setBackground(QColor(GI_CLASSES[gi][1]))
                    item.setForeground(QColor("white" if abs(gi) == 3 else "black"))
                self.grids.setItem(i, column, item)
        self.grids.setSortingEnabled(True)
        self.grids.sortItems(3, Qt.SortOrder.DescendingOrder)  # hot spots first

    def _grid_clicked(self, item: QTableWidgetItem) -> None:
        layer, code, name = item.data(CODE_ROLE)
        self.gridChosen.emit(layer, code, name)

    # -- the map ------------------------------------------------------------------------------
    def show_map(self, path: Path) -> bool:
        """Load the HTML file at ``path`` into the web view (False: the view is unavailable)."""
        if self.web is None and self.web_error is None:
            try:
                self.web = create_web_view(self)
            except (ImportError, RuntimeError) as exc:
                self.web_error = str(exc) or type(exc).__name__
            else:
                self.web.loadFinished.connect(self._loaded)  # type: ignore[attr-defined]
                self.map_stack.addWidget(self.web)
        if self.web is None:
            self._show_placeholder()
            self.map_stack.setCurrentWidget(self.placeholder)
            self.mapLoaded.emit(False)
            return False
        self.map_stack.setCurrentWidget(self.web)
        self.web.load(QUrl.fromLocalFile(str(path)))  # type: ignore[attr-defined]
        return True

    def _loaded(self, ok: bool) -> None:
        if not ok:
            self.message.setText(self.tr("The map page could not be shown."))
        self.mapLoaded.emit(ok)

    def save_as(self, path: str | Path) -> Path:
        """Save the shown map as a standalone HTML file at ``path``."""
        if self.html_path is None:
            raise InputError("run the hotspot analysis first, then save its map")
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            path = path.with_suffix(".html")
        with atomic_write(path) as tmp:  # never a half-copied page at ``path``
            shutil.copyfile(self.html_path, tmp)
        return path

    def save_dialog(self) -> None:
        """Ask for a file name and save the map there."""
        name = f"诉求热点_{date.today():%Y%m%d}.html"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save hotspot map"), name, "HTML (*.html *.htm)"
        )
        if not path:
            return
        try:
            saved = self.save_as(path)
        except InputError as exc:
            QMessageBox.critical(self, self.tr("Save failed"), str(exc))
            return
        self.message.setText(self.tr("Saved {0}").format(saved))
