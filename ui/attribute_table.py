"""The attribute table: a Qt model over a map layer's GeoDataFrame (no copy).

The table is sortable and filterable, and its selection is tied to the layer's ``selected``
rows both ways.

Edits are not written here: the model emits :attr:`FeatureTableModel.editRequested`, the main
window turns it into an undoable command (:class:`gisgrid.edits.SetAttribute` on its undo
stack).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from gisgrid.layers.base import MapLayer
from gisgrid.layers.registry import LayerStack
from gisgrid.ui.names import column_title, layer_title
from PyQt6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    pyqtSignal,
)
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

MAX_COLUMN_WIDTH = 260


def format_value(value: Any) -> str:
    """Text shown in a cell: missing → empty, whole floats without ``.0``, dates to minutes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return f"{value:.0f}" if value.is_integer() else f"{value:.6g}"
    if isinstance(value, bool | np.bool_):
        if value:
            return QCoreApplication.translate("AttributeTable", "Yes")
        return QCoreApplication.translate("AttributeTable", "No")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


class FeatureTableModel(QAbstractTableModel):
    """Rows are the features of one :class:`MapLayer`, columns its attribute fields.

    The model reads ``layer.data`` on every call and resets when the layer's data event fires,
    so it never holds a copy of the table.
    """

    editRequested = pyqtSignal(str, int, str, object)  # layer, row, column, typed value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._layer: MapLayer | None = None
        self._fields: list[str] = []
        self._search: pd.Series | None = None  # lower-cased row text, built on first filter
        self._column_cache: dict[Any, Any] = {}

    @property
    def layer(self) -> MapLayer | None:
        """The layer shown, or None."""
        return self._layer

    @property
    def fields(self) -> list[str]:
        """Column names, in display order."""
        return list(self._fields)

    def set_layer(self, layer: MapLayer | None) -> None:
        """Show ``layer`` (None: nothing)."""
        if self._layer is not None:
            self._layer.events.data.disconnect(self._data_changed)
        self.beginResetModel()
        self._layer = layer
        self._fields = list(layer.fields) if layer is not None else []
        self._search = None
        self.endResetModel()
        if layer is not None:
            layer.events.data.connect(self._data_changed)

    def _data_changed(self) -> None:
        layer = self._layer
        assert layer is not None
        self._search = None
        if list(layer.fields) == self._fields and len(layer.data) == self.rowCount():
            # same shape (e.g. one edited cell): keep the view's selection and scroll
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
            return
        self.beginResetModel()
        self._fields = list(layer.fields)
        self.endResetModel()

    # -- the model interface --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt name)
        """Return the number of features."""
        if self._layer is None or (parent is not None and parent.isValid()):
            return 0
        return len(self._layer.data)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Return the number of attribute fields."""
        if parent is not None and parent.isValid():
            return 0
        return len(self._fields)

    def _series(self, column: int) -> pd.Series:
        # The column Series of the layer's own frame (a reference, not a copy); looked up
        # once per column because GeoDataFrame item access is slow.
        assert self._layer is not None
        cache = self._column_cache
        if cache.get("frame") is not self._layer.data:
            cache.clear()
            cache["frame"] = self._layer.data
        if column not in cache:
            cache[column] = self._layer.data[self._fields[column]]
        return cache[column]

    def value(self, row: int, column: int) -> Any:
        """Return the raw value at ``row``, ``column``."""
        return self._series(column).iloc[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text (display/edit), raw sort key, or alignment."""
        if not index.isValid() or self._layer is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(self.value(index.row(), index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._series(index.column()).dtype.kind
            if kind in "iuf":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Chinese column labels from the schema; 1-based row numbers."""
        if role == Qt.ItemDataRole.DisplayRole and self._layer is not None:
            if orientation == Qt.Orientation.Horizontal:
                return column_title(self._layer.name, self._fields[section])
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self._fields[section] if section < len(self._fields) else None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        """Cells are selectable and editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(  # noqa: N802
        self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """Ask for the edit (the main window applies it as an undoable command)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._layer is None:
            return False
        if format_value(self.value(index.row(), index.column())) == str(value):
            return False
        self.editRequested.emit(self._layer.name, index.row(), self._fields[index.column()], value)
        return True

    # -- fast sort and filter helpers (vectorised over the frame) -----------------------------
    def sort_ranks(self, column: int) -> np.ndarray:
        """Rank of every row when sorted by ``column`` (missing values last)."""
        assert self._layer is not None
        values = self._layer.data[self._fields[column]]
        order = np.argsort(
            values.rank(method="first", na_option="bottom").to_numpy(), kind="stable"
        )
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(len(order))
        return ranks

    def matching_rows(self, text: str) -> np.ndarray:
        """Boolean mask of the rows whose any cell contains ``text`` (case-insensitive)."""
        assert self._layer is not None
        if self._search is None:
            frame = self._layer.data[self._fields].astype(object)
            text_frame = frame.map(format_value)
            self._search = text_frame.agg("\u0001".join, axis=1).str.lower()
        return self._search.str.contains(text.lower(), regex=False).to_numpy(dtype=bool)


class FeatureFilterProxy(QSortFilterProxyModel):
    """Sorts and filters :class:`FeatureTableModel` with precomputed ranks and masks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._mask: np.ndarray | None = None
        self._ranks: dict[int, np.ndarray] = {}

    def setSourceModel(self, model: FeatureTableModel) -> None:  # noqa: N802
        """Use ``model``; caches are dropped whenever it resets or changes."""
        super().setSourceModel(model)
        model.modelReset.connect(self._drop_caches)
        model.dataChanged.connect(self._drop_caches)

    def _drop_caches(self) -> None:
        self._ranks.clear()
        model = self.sourceModel()
        if self._text and model.layer is not None:
            self._mask = model.matching_rows(self._text)
        else:
            self._mask = None

    def set_text(self, text: str) -> None:
        """Show only rows containing ``text`` (empty: all rows)."""
        self.beginFilterChange()
        self._text = text.strip()
        self._drop_caches()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        """Row passes when it matches the filter text."""
        return self._mask is None or row >= len(self._mask) or bool(self._mask[row])

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        """Compare by the column's precomputed rank."""
        column = left.column()
        if column not in self._ranks:
            self._ranks[column] = self.sourceModel().sort_ranks(column)
        ranks = self._ranks[column]
        return bool(ranks[left.row()] < ranks[right.row()])


class AttributeTable(QWidget):
    """The bottom dock's content: layer chooser, filter box, count and the table view.

    Signals
    -------
    editRequested(str, int, str, object)
        Forwarded from the model: layer, row, column, typed value.
    """

    editRequested = pyqtSignal(str, int, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack: LayerStack | None = None
        self._syncing = False
        self.model = FeatureTableModel(self)
        self.model.editRequested.connect(self.editRequested)
        self.proxy = FeatureFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.layer_label = QLabel()
        self.layer_combo = QComboBox()
        self.layer_combo.setMinimumContentsLength(10)
        self.layer_combo.currentIndexChanged.connect(self._layer_chosen)
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.count_label = QLabel()

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.horizontalHeader().setResizeContentsPrecision(60)  # look at 60 rows, not all
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.selectionModel().selectionChanged.connect(self._view_selection_changed)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        bar = QHBoxLayout()
        bar.addWidget(self.layer_label)
        bar.addWidget(self.layer_combo)
        bar.addSpacing(12)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.layer_label.setText(self.tr("Layer:"))
        self.filter_edit.setPlaceholderText(self.tr("Filter rows by text…"))
        for i in range(self.layer_combo.count()):
            self.layer_combo.setItemText(i, layer_title(self.layer_combo.itemData(i)))
        if self.model.columnCount():
            self.model.headerDataChanged.emit(
                Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
            )
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- layers -------------------------------------------------------------------------------
    def set_stack(self, stack: LayerStack | None) -> None:
        """Offer the layers of ``stack`` (top first) in the chooser."""
        self._stack = stack
        current = self.current_layer_name()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for layer in reversed(stack.layers if stack is not None else []):
            self.layer_combo.addItem(layer_title(layer.name), layer.name)
        index = self.layer_combo.findData(current)
        self.layer_combo.setCurrentIndex(index if index >= 0 else 0)
        self.layer_combo.blockSignals(False)
        self._layer_chosen()

    def current_layer_name(self) -> str | None:
        """Name of the layer shown."""
        return self.layer_combo.currentData()

    def show_layer(self, name: str) -> None:
        """Switch the table to layer ``name``."""
        index = self.layer_combo.findData(name)
        if index >= 0:
            self.layer_combo.setCurrentIndex(index)

    def _layer_chosen(self, *_: Any) -> None:
        old = self.model.layer
        if old is not None:
            old.events.selected.disconnect(self._layer_selection_changed)
        name = self.current_layer_name()
        layer = self._stack[name] if self._stack is not None and name else None
        self.model.set_layer(layer)
        if layer is not None:
            layer.events.selected.connect(self._layer_selection_changed)
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column in range(self.model.columnCount()):  # long texts: wrap the width
                header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))
            self._layer_selection_changed(layer.selected)
        self._update_count()

    # -- filter and count ---------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        layer = self.model.layer
        selected = len(layer.selected) if layer is not None else 0
        self.count_label.setText(
            self.tr("{shown} of {total} rows, {selected} selected").format(
                shown=shown, total=total, selected=selected
            )
        )

    # -- selection, both ways -------------------------------------------------------------
    def _view_selection_changed(self, *_: Any) -> None:
        layer = self.model.layer
        if self._syncing or layer is None:
            return
        rows = {
            self.proxy.mapToSource(index).row()
            for index in self.view.selectionModel().selectedRows()
        }
        self._syncing = True
        try:
            layer.selected = frozenset(rows)
        finally:
            self._syncing = False
        self._update_count()

    def _layer_selection_changed(self, rows: frozenset[int]) -> None:
        if self._syncing:
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        first_visible = None
        for row in sorted(rows):
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not proxy_index.isValid():
                continue  # filtered out
            first_visible = first_visible or proxy_index
            selection.select(proxy_index, proxy_index.siblingAtColumn(last))
        self._syncing = True
        try:
            self.view.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._syncing = False
        if first_visible is not None:
            self.view.scrollTo(first_visible)
        self._update_count()
