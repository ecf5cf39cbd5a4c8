"""诉求 panel: the project's issues in a filtered table with the closed-loop headline figures.

Filters: receipt date range, category, status, source, "overdue only" and a grid drill-down
(set by clicking a grid on the map or in the hotspot list). Overdue flags and the figures
come from :func:`gisgrid.closed_loop.closed_loop` at the project's reference time (the latest
time in the records), so the panel shows what ``gisgrid issues`` reports. Selecting rows
selects the issues on the map and the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.names import column_title
from gisgrid.ui.worker import Task
from PyQt6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QIdentityProxyModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gisgrid.closed_loop import closed_loop, summarise
from gisgrid.errors import GisgridError
from gisgrid.issue_fields import STATES

COLUMNS = [
    "id", "reported_at", "category", "status", "source", "grid_code", "address",
    "description", "first_contact_at", "resolved_at", "satisfaction", "complexity",
    "household_id", "village_code", "reviewed_at",
]  # fmt: skip
OVERDUE = "overdue_days"
WIDTHS = {"reported_at": 130, "first_contact_at": 130, "resolved_at": 130, "reviewed_at": 130,
          "grid_code": 140, "address": 170, "description": 240}  # fmt: skip
GRID_LAYERS = ("grids_micro", "grids_small", "grids_large", "villages")
OVERDUE_BRUSH = QBrush(QColor("#fde0dc"))


def status_title(state: str) -> str:
    """Return the display name of a closed-loop state (``"resolved"`` → ``"已办结"``)."""
    titles = {
        "reported": QCoreApplication.translate("Issues", "Reported"),
        "dispatched": QCoreApplication.translate("Issues", "Dispatched"),
        "handled": QCoreApplication.translate("Issues", "Being handled"),
        "resolved": QCoreApplication.translate("Issues", "Resolved"),
        "reviewed": QCoreApplication.translate("Issues", "Reviewed"),
    }
    return titles.get(state, state)


def source_title(source: str) -> str:
    """Return the display name of an issue source (``"hotline"`` → ``"12345热线"``)."""
    titles = {
        "hotline": QCoreApplication.translate("Issues", "12345 hotline"),
        "patrol": QCoreApplication.translate("Issues", "Patrol"),
        "visit": QCoreApplication.translate("Issues", "Visit"),
        "petition": QCoreApplication.translate("Issues", "Petition"),
    }
    return titles.get(source, source)


# -- Qt-free part: the filter and the figures ----------------------------------------------------
@dataclass
class IssueFilter:
    """What the table shows; None (or False) means "no restriction".

    ``date_to`` is inclusive; ``grids`` holds grid codes an issue's ``grid_code`` must be in.
    """

    date_from: date | None = None
    date_to: date | None = None
    category: str | None = None
    status: str | None = None
    source: str | None = None
    overdue_only: bool = False
    grids: frozenset[str] | None = None


def filter_rows(issues: pd.DataFrame, overdue: np.ndarray, flt: IssueFilter) -> np.ndarray:
    """Return the row positions of ``issues`` that pass ``flt``.

    Parameters
    ----------
    issues : DataFrame
        The issues layer.
    overdue : ndarray of bool
        Overdue-now flag per row (from the closed loop).
    flt : IssueFilter
    """
    keep = np.ones(len(issues), dtype=bool)
    reported = pd.to_datetime(issues["reported_at"])
    if flt.date_from is not None:
        keep &= (reported >= pd.Timestamp(flt.date_from)).to_numpy()
    if flt.date_to is not None:
        keep &= (reported < pd.Timestamp(flt.date_to) + pd.Timedelta(days=1)).to_numpy()
    for column, value in (("category", flt.category), ("status", flt.status)):
        if value is not None:
            keep &= issues[column].astype(object).eq(value).to_numpy()
    if flt.source is not None:
        keep &= issues["source"].astype(object).eq(flt.source).to_numpy()
    if flt.overdue_only:
        keep &= overdue
    if flt.grids is not None:
        keep &= issues["grid_code"].astype(object).isin(flt.grids).to_numpy()
    return np.flatnonzero(keep)


def descendant_codes(project: Any, layer: str, codes: Iterable[str]) -> frozenset[str]:
    """Return ``codes`` of ``layer`` with the codes of every grid nested below them."""
    found = {str(c) for c in codes}
    if layer not in GRID_LAYERS:
        return frozenset(found)
    for child in reversed(GRID_LAYERS[: GRID_LAYERS.index(layer)]):
        polys = project.layer(child)
        if len(polys):
            inside = polys["parent_code"].astype(object).isin(found)
            found |= set(polys.loc[inside.to_numpy(), "code"].astype(str))
    return frozenset(found)


@dataclass
class IssueFlags:
    """Closed-loop cases aligned with the issues layer's rows (``case_row[i]`` or -1)."""

    cases: pd.DataFrame
    case_row: np.ndarray
    overdue: np.ndarray
    overdue_days: np.ndarray
    at: pd.Timestamp | None


def issue_flags(project: Any, progress: Any = None, cancelled: Any = None) -> IssueFlags:
    """Compute the closed loop of ``project`` and line its cases up with the layer rows.

    Runs on a worker (about 2 s for 100,000 issues); ``progress``/``cancelled`` go to
    :func:`gisgrid.closed_loop.closed_loop`.
    """
    issues = project.layer("issues")
    n = len(issues)
    empty = IssueFlags(pd.DataFrame(), np.full(n, -1), np.zeros(n, bool), np.full(n, np.nan), None)
    if n == 0:
        return empty
    try:
        result = closed_loop(project, progress=progress, cancelled=cancelled)
    except GisgridError:  # no times at all: nothing is overdue, no figures
        return empty
    cases = result.issues
    where = {key: i for i, key in enumerate(cases["id"].astype(object))}
    case_row = np.array([where.get(key, -1) for key in issues["id"].astype(object)])
    has = case_row >= 0
    overdue = np.zeros(n, bool)
    overdue[has] = cases["overdue_now"].to_numpy(dtype=bool)[case_row[has]]
    days = np.full(n, np.nan)
    days[has] = cases["overdue_days"].to_numpy(dtype=float)[case_row[has]]
    return IssueFlags(cases, case_row, overdue, days, result.at)


def headline(flags: IssueFlags, rows: np.ndarray) -> dict[str, Any] | None:
    """Closed-loop totals (new, 办结率, on-time rate, overdue …) of the issues at ``rows``."""
    picked = flags.case_row[rows] if len(rows) else np.zeros(0, int)
    picked = picked[picked >= 0]
    if len(picked) == 0:
        return None
    return summarise(flags.cases.iloc[picked], None)


# -- the table model -------------------------------------------------------------------------
class IssuesModel(QAbstractTableModel):
    """Rows are the filtered issues (positions in the layer), columns :data:`COLUMNS`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame(columns=COLUMNS)
        self._rows = np.zeros(0, int)
        self._overdue_days = np.zeros(0)
        self._columns = list(COLUMNS)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, frame: pd.DataFrame, rows: np.ndarray, overdue_days: np.ndarray) -> None:
        """Show rows ``rows`` of ``frame`` with their overdue days (in the chosen sort order)."""
        self.beginResetModel()
        self._frame = frame
        self._columns = [c for c in COLUMNS if c in frame.columns]
        self._overdue_days = overdue_days
        self._rows = self._sorted(np.asarray(rows, dtype=int))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` (stable; the view's header calls this).

        Keys are the ``UserRole`` values, computed for the whole column at once: a
        ``QSortFilterProxyModel`` would ask :meth:`data` for them per comparison.
        """
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        layer_rows = [int(self._rows[i.row()]) for i in persistent]
        self._rows = self._sorted(np.sort(self._rows))  # ties in layer order, as Qt's proxy
        where = {int(r): i for i, r in enumerate(self._rows)}
        moved = [self.index(where[r], i.column()) for r, i in zip(layer_rows, persistent)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        """Return ``rows`` in the current sort order."""
        if self._sort is None or len(rows) < 2 or self._sort[0] > len(self._columns):
            return rows
        column, order = self._sort
        keys = self._sort_keys(column, rows)
        if order == Qt.SortOrder.AscendingOrder:
            return rows[np.argsort(keys, kind="stable")]
        # descending and stable: equal keys keep their order, as Qt's sort does
        return rows[len(rows) - 1 - np.argsort(keys[::-1], kind="stable")[::-1]]

    def _sort_keys(self, column: int, rows: np.ndarray) -> np.ndarray:
        """Sort keys of ``rows``: numbers (missing: -1), times, else texts (missing: "")."""
        if column == len(self._columns):
            return np.nan_to_num(self._overdue_days[rows], nan=-1.0)
        values = self._frame[self._columns[column]].iloc[rows]
        if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
            return values.astype("float64").fillna(-1.0).to_numpy()
        if pd.api.types.is_datetime64_any_dtype(values):
            # as integers NaT is the smallest: it sorts first, as its "" key did
            return values.to_numpy(dtype="datetime64[ns]").view("int64")
        texts = ["" if v is None or v is pd.NaT or pd.isna(v) else str(v) for v in values]
        return np.asarray(texts, dtype=str)

    def layer_row(self, row: int) -> int:
        """Return the layer row shown in model row ``row``."""
        return int(self._rows[row])

    def model_rows(self, layer_rows: Iterable[int]) -> list[int]:
        """Return the model rows showing ``layer_rows`` (those filtered out are left out)."""
        where = {int(r): i for i, r in enumerate(self._rows)}
        return [where[r] for r in layer_rows if r in where]

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Issues shown."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Shown columns plus the overdue days."""
        return 0 if parent is not None and parent.isValid() else len(self._columns) + 1

    def _value(self, row: int, column: int) -> Any:
        layer_row = self._rows[row]
        if column == len(self._columns):
            return self._overdue_days[layer_row]
        return self._frame[self._columns[column]].iat[layer_row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; overdue rows tinted; raw values under ``UserRole`` for sorting."""
        if not index.isValid():
            return None
        value = self._value(index.row(), index.column())
        name = self._columns[index.column()] if index.column() < len(self._columns) else OVERDUE
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "status" and isinstance(value, str):
                return status_title(value)
            if name == "source" and isinstance(value, str):
                return source_title(value)
            return format_value(value)
        if role == Qt.ItemDataRole.UserRole:
            if isinstance(value, int | float | np.number):
                return -1.0 if pd.isna(value) else float(value)
            return "" if value is None or value is pd.NaT or pd.isna(value) else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            days = self._overdue_days[self._rows[index.row()]]
            return OVERDUE_BRUSH if np.isfinite(days) else None
        if role == Qt.ItemDataRole.ToolTipRole and name == "description":
            return format_value(value)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Chinese column titles (from the schema labels); row numbers."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section == len(self._columns):
            return QCoreApplication.translate("Issues", "Days overdue")
        return column_title("issues", self._columns[section])


# -- the panel -------------------------------------------------------------------------------
class IssuesPanel(QWidget):
    """The filtered issues table with counts and closed-loop figures.

    The panel reads the project it is given and the ``issues`` map layer of the stack; it
    computes nothing itself beyond the row filter (figures come from the closed-loop core).

    Signals
    -------
    rowsSelected(list)
        Layer rows of the issues the user selected in the table.
    figuresReady()
        The overdue flags and closed-loop figures (worked out on a worker) are shown.
    """

    rowsSelected = pyqtSignal(list)
    figuresReady = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Any = None
        self.layer: Any = None  # the issues MapLayer
        self.flags: IssueFlags | None = None
        self._flag_task: Task | None = None
        self.rows = np.zeros(0, int)
        self.grid_codes: frozenset[str] | None = None
        self._grid_text = ""
        self._syncing = False
        self._full_range: tuple[QDate, QDate] | None = None

        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.apply_filter)
        self.category = QComboBox()
        self.status = QComboBox()
        self.source = QComboBox()
        for combo in (self.category, self.status, self.source):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.overdue_only = QCheckBox()
        self.overdue_only.toggled.connect(self.apply_filter)
        self.grid_label = QLabel()
        self.clear_grid_button = QPushButton()
        self.clear_grid_button.clicked.connect(lambda: self.set_grids(None))
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset_filters)
        self.labels = {key: QLabel() for key in ("dates", "to", "category", "status", "source")}
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.RichText)

        self.model = IssuesModel(self)
        self.proxy = QIdentityProxyModel(self)  # the model sorts itself (see its sort)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.verticalHeader().setVisible(False)  # row numbers would follow the sorting
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.selectionModel().selectionChanged.connect(self._table_selection)
        self.view.sortByColumn(COLUMNS.index("reported_at"), Qt.SortOrder.DescendingOrder)
        for name, width in WIDTHS.items():
            self.view.setColumnWidth(COLUMNS.index(name), width)

        filters = QHBoxLayout()
        for widget in (
            self.labels["dates"], self.date_from, self.labels["to"], self.date_to,
            self.labels["category"], self.category, self.labels["status"], self.status,
            self.labels["source"], self.source, self.overdue_only,
        ):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.reset_button)
        figures = QHBoxLayout()
        figures.addWidget(self.grid_label)
        figures.addWidget(self.clear_grid_button)
        figures.addWidget(self.figures, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(figures)
        layout.addWidget(self.view)
        self.setMinimumSize(240, 120)  # the dock may be narrow: the filter row is clipped then
        self.retranslate_ui()

    # -- language -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.labels["dates"].setText(self.tr("Received"))
        self.labels["to"].setText("–")
        self.labels["category"].setText(self.tr("Category"))
        self.labels["status"].setText(self.tr("Status"))
        self.labels["source"].setText(self.tr("Source"))
        self.overdue_only.setText(self.tr("Overdue only"))
        self.clear_grid_button.setText(self.tr("All grids"))
        self.clear_grid_button.setToolTip(self.tr("Show the issues of every grid again"))
        self.reset_button.setText(self.tr("Reset filters"))
        self._fill_choices()
        self._show_figures()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- data ---------------------------------------------------------------------------------
    def set_source(self, project: Any, layer: Any) -> None:
        """Show the issues of ``project``; ``layer`` is the ``issues`` map layer (or None)."""
        if self.layer is not None:
            self.layer.events.selected.disconnect(self._layer_selection)
        self.project, self.layer = project, layer
        if layer is not None:
            layer.events.selected.connect(self._layer_selection)
        self.grid_codes = None
        self.refresh(reset_dates=True)

    def refresh(self, reset_dates: bool = False) -> None:
        """Re-read the issues (after an import or edit); the flags are recomputed on a worker."""
        frame = self._frame()
        self.flags = None
        if self._flag_task is not None:
            self._flag_task.cancel()
            self._flag_task = None
        if self.project is not None and len(frame):
            task = Task(issue_flags, self.project, parent=self)
            task.finished.connect(lambda flags, t=task: self._flags_ready(t, flags))
            task.failed.connect(lambda text, t=task: self._flags_failed(t, text))
            self._flag_task = task
            task.start()
        self._fill_choices()
        chosen = (self.date_from.date(), self.date_to.date())
        if reset_dates or not self.date_from.isEnabled() or chosen == self._full_range:
            self._reset_dates(frame)  # the whole period stays the whole period
        self.apply_filter()

    def _frame(self) -> pd.DataFrame:
        if self.project is None:
            return pd.DataFrame(columns=COLUMNS)
        return self.project.layer("issues")

    def _reset_dates(self, frame: pd.DataFrame) -> None:
        reported = pd.to_datetime(frame["reported_at"]).dropna() if len(frame) else []
        with QSignalBlocker(self.date_from), QSignalBlocker(self.date_to):
            if len(reported):
                first, last = reported.min().date(), reported.max().date()
                self.date_from.setDate(QDate(first.year, first.month, first.day))
                self.date_to.setDate(QDate(last.year, last.month, last.day))
                self._full_range = (self.date_from.date(), self.date_to.date())
            for edit in (self.date_from, self.date_to):
                edit.setEnabled(bool(len(reported)))

    def _fill_choices(self) -> None:
        frame = self._frame()
        categories = list(self.project.meta.categories) if self.project is not None else []
        present = [str(c) for c in frame["category"].dropna().unique()] if len(frame) else []
        categories += [c for c in sorted(present) if c not in categories]
        sources = sorted(str(s) for s in frame["source"].dropna().unique()) if len(frame) else []
        choices = (
            (self.category, [(c, c) for c in categories]),
            (self.status, [(status_title(s), s) for s in STATES]),
            (self.source, [(source_title(s), s) for s in sources]),
        )
        for combo, items in choices:
            current = combo.currentData()
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(self.tr("All"), None)
                for text, value in items:
                    combo.addItem(text, value)
                combo.setCurrentIndex(max(0, combo.findData(current)))

    # -- filtering ----------------------------------------------------------------------------
    def current_filter(self) -> IssueFilter:
        """Return the filter as chosen in the widgets."""
        dated = self.date_from.isEnabled()
        return IssueFilter(
            date_from=self.date_from.date().toPyDate() if dated else None,
            date_to=self.date_to.date().toPyDate() if dated else None,
            category=self.category.currentData(),
            status=self.status.currentData(),
            source=self.source.currentData(),
            overdue_only=self.overdue_only.isChecked(),
            grids=self.grid_codes,
        )

    def apply_filter(self, *_: Any) -> None:
        """Filter the table with the current choices and update the figures."""
        frame = self._frame()
        flags = self.flags
        if flags is not None and len(flags.overdue) == len(frame):
            overdue, days = flags.overdue, flags.overdue_days
        else:  # figures still being worked out: nothing counts as overdue yet
            overdue, days = np.zeros(len(frame), bool), np.full(len(frame), np.nan)
        self.rows = filter_rows(frame, overdue, self.current_filter())
        self.model.set_rows(frame, self.rows, days)
        self._show_figures()
        self._layer_selection(self.layer.selected if self.layer is not None else frozenset())

    def _flags_ready(self, task: Task, flags: IssueFlags) -> None:
        if task is not self._flag_task:  # an older computation
            return
        self._flag_task = None
        self.flags = flags
        self.apply_filter()
        self.figuresReady.emit()

    def _flags_failed(self, task: Task, text: str) -> None:
        if task is self._flag_task:
            self._flag_task = None
            self.figures.setText(text)

    def reset_filters(self) -> None:
        """Show every issue again."""
        for combo in (self.category, self.status, self.source):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        with QSignalBlocker(self.overdue_only):
            self.overdue_only.setChecked(False)
        self.grid_codes = None
        self._reset_dates(self._frame())
        self.apply_filter()

    def set_grids(self, codes: Iterable[str] | None, text: str = "") -> None:
        """Drill down to the issues of grids ``codes`` (None: every grid)."""
        self.grid_codes = frozenset(codes) if codes is not None else None
        self._grid_text = text
        self.apply_filter()

    def _show_figures(self) -> None:
        grids = self.grid_codes is not None
        self.grid_label.setVisible(grids)
        self.clear_grid_button.setVisible(grids)
        if grids:
            self.grid_label.setText(self.tr("Grid: {0}").format(self._grid_text or "…"))
        total = len(self._frame()) if self.project is not None else 0
        if total == 0:
            self.figures.setText(self.tr("No issues in the project yet."))
            return
        if self.flags is None:
            self.figures.setText(self.tr("Working out the closed-loop figures…"))
            return
        figures = headline(self.flags, self.rows)
        shown = self.tr("<b>{shown}</b> of {total} issues").format(
            shown=len(self.rows), total=total
        )
        if figures is None:
            self.figures.setText(shown)
            return

        def rate(value: Any) -> str:
            return "—" if value is None else f"{value:.1f}%"

        at = self.flags.at.strftime("%Y-%m-%d %H:%M") if self.flags.at is not None else ""
        self.figures.setText(
            shown
            + " · "
            + self.tr(
                "new {new} · resolved {resolved} · resolution rate <b>{rrate}</b> · "
                "on time <b>{orate}</b> · <span style='color:#b3261e'>overdue "
                "<b>{overdue}</b></span> (as of {at})"
            ).format(
                new=figures["new"],
                resolved=figures["resolved"],
                rrate=rate(figures["resolution_rate"]),
                orate=rate(figures["on_time_rate"]),
                overdue=figures["overdue"],
                at=at,
            )
        )

    # -- selection ----------------------------------------------------------------------------
    def selected_layer_rows(self) -> list[int]:
        """Return the layer rows selected in the table."""
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return sorted(self.model.layer_row(r) for r in rows)

    def _table_selection(self, *_: Any) -> None:
        if self._syncing:
            return
        rows = self.selected_layer_rows()
        if self.layer is not None:
            self._syncing = True
            try:
                self.layer.selected = frozenset(rows)
            finally:
                self._syncing = False
        self.rowsSelected.emit(rows)

    def _layer_selection(self, rows: Iterable[int]) -> None:
        """Mirror the map selection of issues in the table."""
        if self._syncing:
            return
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        for row in self.model.model_rows(sorted(rows)):
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            selection.select(index, index.siblingAtColumn(last))
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.view.selectionModel().select(selection, flags)
            if selection.indexes():
                self.view.scrollTo(selection.indexes()[0])
        finally:
            self._syncing = False
