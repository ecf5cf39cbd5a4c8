"""A read-only Qt table model over a small pandas DataFrame (the import preview)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from gisgrid.ui.attribute_table import format_value
from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt


class FrameModel(QAbstractTableModel):
    """Shows ``frame`` as it is; header texts are the column names."""

    def __init__(self, frame: pd.DataFrame | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame = frame if frame is not None else pd.DataFrame()
        self._first_row = 1

    def set_frame(self, frame: pd.DataFrame | None, first_row: int = 1) -> None:
        """Show ``frame`` (None: empty); rows are numbered from ``first_row``."""
        self.beginResetModel()
        self._frame = frame if frame is not None else pd.DataFrame()
        self._first_row = first_row
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Rows of the frame."""
        return 0 if parent is not None and parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Columns of the frame."""
        return 0 if parent is not None and parent.isValid() else len(self._frame.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text."""
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return format_value(self._frame.iat[index.row(), index.column()])
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column names; row numbers as the user's file counts them."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return str(self._first_row + section)
