"""The cadre list of the 干部分配 dock as model/view: one table model, one delegate for load bars.

A county has thousands of cadres; a widget per cell (``setItemWidget``) made Qt lay out every
bar again after each one added. :class:`CadreModel` holds plain column lists filled in one
reset, :class:`LoadBarDelegate` paints the household and grid load bars, and
:class:`CadreView` drags a row's cadre id out as :data:`CADRE_MIME`. Texts come translated
from the panel.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    Qt,
)
from PyQt6.QtGui import QColor, QPainter, QPen
from PyQt6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

CADRE_MIME = "application/x-gisgrid-cadre"
ID_ROLE = Qt.ItemDataRole.UserRole
#: ``(value, limit)`` of a load column.
LOAD_ROLE = Qt.ItemDataRole.UserRole + 2
#: True where a load column's value is over its limit.
OVER_ROLE = Qt.ItemDataRole.UserRole + 3
#: Load columns (households, grids) and the column of the one-line label the chooser shows.
LOAD_COLUMNS = (3, 4)
LABEL_COLUMN = 5
#: Bar colours: (border, background, chunk, text) within and over the limit.
OK_COLOURS = ("#b8bec4", "#f4f6f8", "#9fd3ac", "#000000")
OVER_COLOURS = ("#c62828", "#fdecea", "#f28b82", "#b00020")


class CadreModel(QAbstractTableModel):
    """Cadres as rows; columns name, role, party, households load, grids load, label.

    Filled by :meth:`set_rows` in one model reset; every cell is answered from lists.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._texts: list[list[str]] = [[], [], [], []]  # name, role, party, label
        self._loads: list[list[tuple[int, int] | None]] = [[], []]
        self._row_of: dict[str, int] = {}
        self._headers: list[str] = [""] * LABEL_COLUMN

    def set_rows(
        self,
        ids: list[str],
        texts: tuple[list[str], list[str], list[str], list[str]],
        loads: tuple[list[tuple[int, int] | None], list[tuple[int, int] | None]],
    ) -> None:
        """Show cadres ``ids`` with their name, role, party and label ``texts``.

        ``loads`` holds, per cadre, ``(households, max_households)`` and ``(grids,
        max_grids)``, or None where the cadre has no load figures.
        """
        self.beginResetModel()
        self._ids = list(ids)
        self._texts = [list(t) for t in texts]
        self._loads = [list(load) for load in loads]
        self._row_of = {cid: row for row, cid in enumerate(self._ids)}
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        """Set the titles of the shown columns (already translated)."""
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def row_of(self, cadre_id: str | None) -> int:
        """Row of ``cadre_id``, or -1."""
        return self._row_of.get(cadre_id, -1) if cadre_id is not None else -1

    def cadre_id(self, row: int) -> str:
        """Id of the cadre in ``row``."""
        return self._ids[row]

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt override)
        """Return the number of cadres (a flat list: no children)."""
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Return the five shown columns plus the chooser's label."""
        return 0 if parent is not None and parent.isValid() else LABEL_COLUMN + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell texts; the cadre id under ``ID_ROLE``; load figures under ``LOAD_ROLE``."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == ID_ROLE:
            return self._ids[row]
        if column in LOAD_COLUMNS:
            load = self._loads[column - LOAD_COLUMNS[0]][row]
            if load is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{load[0]}/{load[1]}"
            if role == LOAD_ROLE:
                return load
            if role == OVER_ROLE:
                return load[0] > load[1]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[3 if column == LABEL_COLUMN else column][row]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return self._ids[row]
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles set by :meth:`set_headers`."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if section < len(self._headers) else None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        """Rows are selectable and can be dragged onto the map."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt override)
        """Return the one type this list drags."""
        return [CADRE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802 (Qt override)
        """Return the dragged cadre's id."""
        data = QMimeData()
        if indexes:
            data.setData(CADRE_MIME, self._ids[indexes[0].row()].encode("utf-8"))
        return data


class ChoiceModel(QAbstractListModel):
    """Labels with a value each under ``ID_ROLE``, set in one reset (a long combo box's list)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._values: list[str] = []
        self._row_of: dict[str, int] = {}

    def set_choices(self, labels: list[str], values: list[str]) -> None:
        """Show ``labels``; ``values[i]`` is what choosing ``labels[i]`` means."""
        self.beginResetModel()
        self._labels, self._values = list(labels), list(values)
        self._row_of = {}
        for row, value in enumerate(self._values):
            self._row_of.setdefault(value, row)
        self.endResetModel()

    def row_of(self, value: str | None) -> int:
        """First row whose value is ``value``, or -1."""
        return self._row_of.get(value, -1) if value is not None else -1

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt override)
        """Return the number of choices."""
        return 0 if parent is not None and parent.isValid() else len(self._labels)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the label, or the value under ``ID_ROLE``."""
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._labels[index.row()]
        if role == ID_ROLE:
            return self._values[index.row()]
        return None


class LoadBarDelegate(QStyledItemDelegate):
    """Paints a load column as a bar ``value / limit`` with the figures; red over the limit."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Draw the bar of ``index`` (other cells as usual)."""
        load = index.data(LOAD_ROLE)
        if load is None:
            super().paint(painter, option, index)
            return
        value, limit = load
        border, background, chunk, text = OVER_COLOURS if value > limit else OK_COLOURS
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(2.5, 2.5, -2.5, -2.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(border), 1))
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, 2, 2)
        share = min(value, max(limit, 1)) / max(limit, 1)
        if share > 0:
            filled = QRectF(rect.x(), rect.y(), rect.width() * share, rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(chunk))
            painter.drawRoundedRect(filled.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        font = option.font
        font.setBold(value > limit)
        painter.setFont(font)
        painter.setPen(QColor(text))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value}/{limit}")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        """Room for the figures plus the bar's frame; at least 60 px wide."""
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width() + 16, 60), hint.height())


class CadreView(QTreeView):
    """A flat, draggable list over a :class:`CadreModel` with load bars in its load columns."""

    def __init__(self, model: CadreModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QTreeView.DragDropMode.DragOnly)
        self.setColumnHidden(LABEL_COLUMN, True)
        self.bars = LoadBarDelegate(self)
        for column in LOAD_COLUMNS:
            self.setItemDelegateForColumn(column, self.bars)
