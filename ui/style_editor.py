"""The style editor of one map layer, written through the layer's ``style`` setter.

Colour by a single colour, categories or classes of a field; outline; labels.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gisgrid.layers.base import MapLayer
from gisgrid.layers.style import (
    KINDS,
    PALETTES,
    QUALITATIVE,
    SCHEMES,
    SEQUENTIAL,
    LayerStyle,
    feature_colors,
)
from gisgrid.ui.names import column_title
from PyQt6.QtCore import QEvent, QSignalBlocker, QSize, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gisgrid.errors import GisgridError


class ColorButton(QPushButton):
    """A button showing a colour; clicking opens a colour dialog. Emits ``colorChosen``."""

    colorChosen = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = "#000000"
        self.setFixedWidth(64)
        self.clicked.connect(self._choose)

    def color(self) -> str:
        """Colour shown, ``'#rrggbb'``."""
        return self._color

    def set_color(self, color: str) -> None:
        """Show ``color`` (no signal)."""
        self._color = color
        pixmap = QPixmap(40, 14)
        pixmap.fill(QColor(color))
        self.setIcon(QIcon(pixmap))
        self.setIconSize(QSize(40, 14))
        self.setToolTip(color)

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self)
        if chosen.isValid():
            self.colorChosen.emit(chosen.name())


class StyleEditor(QGroupBox):
    """Edits the :class:`LayerStyle` of one layer, live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layer: MapLayer | None = None
        self.kind = QComboBox()
        self.field = QComboBox()
        self.scheme = QComboBox()
        self.k = QSpinBox()
        self.k.setRange(2, 12)
        self.palette = QComboBox()
        self.palette.addItems(list(PALETTES))
        self.color = ColorButton()
        self.filled = QCheckBox()
        self.outline_color = ColorButton()
        self.outline_width = QDoubleSpinBox()
        self.outline_width.setRange(0.0, 10.0)
        self.outline_width.setSingleStep(0.2)
        self.outline_width.setDecimals(1)
        self.label_field = QComboBox()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")

        self.labels = {key: QLabel() for key in self._rows()}
        form = QFormLayout(self)
        fill_row = QHBoxLayout()
        fill_row.addWidget(self.color)
        fill_row.addWidget(self.filled)
        fill_row.addStretch(1)
        outline_row = QHBoxLayout()
        outline_row.addWidget(self.outline_color)
        outline_row.addWidget(self.outline_width)
        outline_row.addStretch(1)
        widgets = {
            "kind": self.kind,
            "field": self.field,
            "scheme": self.scheme,
            "k": self.k,
            "palette": self.palette,
            "color": fill_row,
            "outline": outline_row,
            "label_field": self.label_field,
        }
        for key in self._rows():
            form.addRow(self.labels[key], widgets[key])
        form.addRow(self.message)

        self.kind.currentIndexChanged.connect(self._edited)
        self.field.currentIndexChanged.connect(self._edited)
        self.scheme.currentIndexChanged.connect(self._edited)
        self.k.valueChanged.connect(self._edited)
        self.palette.currentIndexChanged.connect(self._edited)
        self.filled.toggled.connect(self._edited)
        self.outline_width.valueChanged.connect(self._edited)
        self.label_field.currentIndexChanged.connect(self._edited)
        self.color.colorChosen.connect(lambda c: self._apply(color=c))
        self.outline_color.colorChosen.connect(lambda c: self._apply(outline_color=c))
        self.retranslate_ui()
        self.set_layer(None)

    @staticmethod
    def _rows() -> list[str]:
        return ["kind", "field", "scheme", "k", "palette", "color", "outline", "label_field"]

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(self.tr("Style"))
        texts = {
            "kind": self.tr("Colour by:"),
            "field": self.tr("Field:"),
            "scheme": self.tr("Classes by:"),
            "k": self.tr("Classes:"),
            "palette": self.tr("Palette:"),
            "color": self.tr("Fill:"),
            "outline": self.tr("Outline:"),
            "label_field": self.tr("Labels:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.filled.setText(self.tr("filled"))
        kinds = {
            "single": self.tr("Single colour"),
            "categorized": self.tr("Categories of a field"),
            "graduated": self.tr("Classes of a number field"),
        }
        schemes = {
            "natural_breaks": self.tr("Natural breaks"),
            "quantiles": self.tr("Quantiles"),
            "equal_interval": self.tr("Equal interval"),
        }
        with QSignalBlocker(self.kind), QSignalBlocker(self.scheme):
            self.kind.clear()
            for key in KINDS:
                self.kind.addItem(kinds[key], key)
            self.scheme.clear()
            for key in SCHEMES:
                self.scheme.addItem(schemes[key], key)
        self.show_style()

    def set_layer(self, layer: MapLayer | None) -> None:
        """Edit ``layer``'s style (None: disable)."""
        if self._layer is not None:
            self._layer.events.style.disconnect(self.show_style)
        self._layer = layer
        self.setEnabled(layer is not None)
        if layer is not None:
            layer.events.style.connect(self.show_style)
        self.message.clear()
        self.show_style()

    def show_style(self, *_: Any) -> None:
        """Show the layer's current style in the widgets (without writing back)."""
        layer = self._layer
        widgets = [self.kind, self.field, self.scheme, self.k, self.palette]
        widgets += [self.filled, self.outline_width, self.label_field]
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            fields = layer.fields if layer is not None else []
            title = (lambda f: column_title(layer.name, f)) if layer is not None else str
            for combo, empty in ((self.field, None), (self.label_field, self.tr("(none)"))):
                combo.clear()
                if empty is not None:
                    combo.addItem(empty, None)
                for name in fields:
                    combo.addItem(title(name), name)
            if layer is None:
                return
            style = layer.style
            self.kind.setCurrentIndex(self.kind.findData(style.kind))
            self.field.setCurrentIndex(max(0, self.field.findData(style.field)))
            self.scheme.setCurrentIndex(self.scheme.findData(style.scheme))
            self.k.setValue(int(style.k))
            self.palette.setCurrentText(style.palette)
            self.color.set_color(style.color)
            self.filled.setChecked(style.filled)
            self.outline_color.set_color(style.outline_color)
            self.outline_width.setValue(float(style.outline_width))
            self.label_field.setCurrentIndex(max(0, self.label_field.findData(style.label_field)))
            classify = style.kind != "single"
            for widget in (self.field, self.palette):
                widget.setEnabled(classify)
            for widget in (self.scheme, self.k):
                widget.setEnabled(style.kind == "graduated")
            self.color.setEnabled(not classify)
        finally:
            del blockers

    def _edited(self, *_: Any) -> None:
        kind = self.kind.currentData()
        changes: dict[str, Any] = {
            "kind": kind,
            "field": self.field.currentData() if kind != "single" else None,
            "scheme": self.scheme.currentData(),
            "k": self.k.value(),
            "palette": self._palette_for(kind),
            "filled": self.filled.isChecked(),
            "outline_width": self.outline_width.value(),
            "label_field": self.label_field.currentData(),
        }
        self._apply(**changes)

    def _palette_for(self, kind: str) -> str:
        """Keep the chosen palette, but a graduated style needs a sequential one and back."""
        palette = self.palette.currentText()
        if kind == "graduated" and palette not in SEQUENTIAL:
            return next(iter(SEQUENTIAL))
        if kind == "categorized" and palette not in QUALITATIVE:
            return next(iter(QUALITATIVE))
        return palette

    def _apply(self, **changes: Any) -> None:
        layer = self._layer
        if layer is None:
            return
        try:
            style: LayerStyle = replace(layer.style, **changes)
            if style.kind != "single":
                # the layer checks only that the field exists; a graduated style also needs
                # numbers, so try the encoding before the canvas has to draw it
                feature_colors(style, layer.data)
            layer.style = style
        except GisgridError as exc:
            self.message.setText(str(exc))
            self.show_style()  # back to what the layer really has
            return
        self.message.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
