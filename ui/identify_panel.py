"""The identify panel: the attributes of the feature picked on the map."""

from __future__ import annotations

from gisgrid.layers.registry import LayerStack
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.names import column_title, layer_title
from PyQt6.QtCore import QEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class IdentifyPanel(QWidget):
    """Shows one feature as a two-column list: field, value (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack: LayerStack | None = None
        self._shown: tuple[str, int] | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        if self._shown is None:
            self.title.setText(self.tr("Use the identify tool and click a feature on the map."))
        else:
            self.show_feature(*self._shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_stack(self, stack: LayerStack | None) -> None:
        """Take features from ``stack``; clears the panel."""
        self._stack = stack
        self._shown = None
        self.table.setRowCount(0)
        self.retranslate_ui()

    def show_feature(self, layer_name: str, row: int) -> None:
        """Show the attributes of feature ``row`` of layer ``layer_name``."""
        if self._stack is None or layer_name not in self._stack:
            return
        layer = self._stack[layer_name]
        if not 0 <= row < len(layer.data):
            return
        self._shown = (layer_name, row)
        record = layer.data.iloc[row]
        self.title.setText(
            self.tr("{layer}, feature {row}").format(layer=layer_title(layer_name), row=row + 1)
        )
        fields = layer.fields
        self.table.setRowCount(len(fields))
        for i, name in enumerate(fields):
            self.table.setItem(i, 0, QTableWidgetItem(column_title(layer_name, name)))
            self.table.setItem(i, 1, QTableWidgetItem(format_value(record[name])))

    def values(self) -> dict[str, str]:
        """Return the fields and values shown (header text → value text)."""
        return {
            self.table.item(i, 0).text(): self.table.item(i, 1).text()
            for i in range(self.table.rowCount())
        }
