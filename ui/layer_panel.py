"""The layer tree: visibility, order, opacity and the style editor of the current layer.

The panel never keeps layer state of its own: every widget shows what the layer says (it
listens to ``layer.events``) and writes back through the layer's setters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gisgrid.layers.base import MapLayer
from gisgrid.layers.registry import LayerStack
from gisgrid.layers.style import (
    KINDS,
    PALETTES,
    QUALITATIVE,
    SCHEMES,
    SEQUENTIAL,
    LayerStyle,
    feature_colors,
)
from gisgrid.ui.names import column_title, layer_title
from PyQt6.QtCore import QEvent, QSignalBlocker, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gisgrid.errors import GisgridError

NAME_ROLE = Qt.ItemDataRole.UserRole


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


class LayerPanel(QWidget):
    """The layer list (top layer first), order buttons, opacity and the style editor.

    Signals
    -------
    zoomRequested(str)
        The user asked to zoom to a layer (double-click).
    currentLayerChanged(object)
        Name of the layer now current in the list (None when there is none).
    """

    zoomRequested = pyqtSignal(str)
    currentLayerChanged = pyqtSignal(object)  # layer name or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack: LayerStack | None = None
        self._connected: list[MapLayer] = []
        self._rebuilding = False

        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setIconSize(QSize(18, 12))
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(
            lambda item: self.zoomRequested.emit(item.data(NAME_ROLE))
        )
        self.list.model().rowsMoved.connect(self._rows_moved)

        self.up = QToolButton()
        self.up.setArrowType(Qt.ArrowType.UpArrow)
        self.up.clicked.connect(lambda: self._move_current(+1))
        self.down = QToolButton()
        self.down.setArrowType(Qt.ArrowType.DownArrow)
        self.down.clicked.connect(lambda: self._move_current(-1))
        self.opacity_label = QLabel()
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._opacity_moved)
        self.opacity_value = QLabel()
        self.opacity_value.setMinimumWidth(36)
        self.style_editor = StyleEditor()

        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addSpacing(8)
        buttons.addWidget(self.opacity_label)
        buttons.addWidget(self.opacity, 1)
        buttons.addWidget(self.opacity_value)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list, 1)
        top_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        scroll = QScrollArea()  # the editor scrolls when the dock is short
        scroll.setWidget(self.style_editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter.addWidget(top)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([230, 300])
        self.splitter.setChildrenCollapsible(False)
        self.list.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.up.setToolTip(self.tr("Move layer up"))
        self.down.setToolTip(self.tr("Move layer down"))
        self.opacity_label.setText(self.tr("Opacity:"))
        self.list.setToolTip(
            self.tr("Tick to show a layer; drag to reorder; double-click to zoom to it")
        )
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setText(layer_title(item.data(NAME_ROLE)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- the stack ----------------------------------------------------------------------------
    def set_stack(self, stack: LayerStack | None) -> None:
        """Show the layers of ``stack``."""
        if self._stack is not None:
            self._stack.events.moved.disconnect(self._rebuild)
            self._stack.events.inserted.disconnect(self._rebuild)
            self._stack.events.removed.disconnect(self._rebuild)
        self._stack = stack
        if stack is not None:
            stack.events.moved.connect(self._rebuild)
            stack.events.inserted.connect(self._rebuild)
            stack.events.removed.connect(self._rebuild)
        self._rebuild()

    def current_layer(self) -> MapLayer | None:
        """Return the layer selected in the list."""
        item = self.list.currentItem()
        if item is None or self._stack is None:
            return None
        return self._stack[item.data(NAME_ROLE)]

    def select_layer(self, name: str) -> None:
        """Make layer ``name`` the current one."""
        for i in range(self.list.count()):
            if self.list.item(i).data(NAME_ROLE) == name:
                self.list.setCurrentRow(i)

    def _rebuild(self, *_: Any) -> None:
        for layer in self._connected:
            layer.events.visible.disconnect(self._layer_visible)
            layer.events.style.disconnect(self._layer_styled)
            layer.events.opacity.disconnect(self._layer_opacity)
        self._connected = []
        current = self.list.currentItem().data(NAME_ROLE) if self.list.currentItem() else None
        self._rebuilding = True
        try:
            self.list.clear()
            for layer in reversed(self._stack.layers if self._stack is not None else []):
                item = QListWidgetItem(layer_title(layer.name))
                item.setData(NAME_ROLE, layer.name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setCheckState(
                    Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
                )
                item.setIcon(_swatch(layer.style))
                self.list.addItem(item)
                layer.events.visible.connect(self._layer_visible)
                layer.events.style.connect(self._layer_styled)
                layer.events.opacity.connect(self._layer_opacity)
                self._connected.append(layer)
        finally:
            self._rebuilding = False
        if self.list.count():
            self.select_layer(current) if current in self._names() else None
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
        else:
            self._current_changed(None, None)

    def _names(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def _item(self, name: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(NAME_ROLE) == name:
                return self.list.item(i)
        return None

    # -- view → layer -------------------------------------------------------------------------
    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._rebuilding or self._stack is None:
            return
        layer = self._stack[item.data(NAME_ROLE)]
        layer.visible = item.checkState() == Qt.CheckState.Checked

    def _current_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if self._rebuilding:
            return
        layer = self.current_layer()
        self.currentLayerChanged.emit(layer.name if layer is not None else None)
        self.style_editor.set_layer(layer)
        self.opacity.setEnabled(layer is not None)
        self.up.setEnabled(layer is not None)
        self.down.setEnabled(layer is not None)
        if layer is not None:
            self._layer_opacity(layer.opacity)

    def _opacity_moved(self, value: int) -> None:
        layer = self.current_layer()
        self.opacity_value.setText(f"{value}%")
        if layer is not None and not self._rebuilding:
            layer.opacity = value / 100.0

    def _move_current(self, step: int) -> None:
        layer = self.current_layer()
        if layer is None or self._stack is None:
            return
        self._stack.move(layer.name, self._stack.index(layer.name) + step)
        self.select_layer(layer.name)

    def _rows_moved(self, *_: Any) -> None:
        """After a drag in the list, apply the list's order to the stack."""
        if self._rebuilding or self._stack is None:
            return
        order = list(reversed(self._names()))  # bottom to top
        current = self.list.currentItem().data(NAME_ROLE) if self.list.currentItem() else None
        for index, name in enumerate(order):
            if self._stack.index(name) != index:
                self._stack.move(name, index)
        if current:
            self.select_layer(current)

    # -- layer → view -------------------------------------------------------------------------
    def _layer_visible(self, visible: bool) -> None:
        for layer in self._connected:
            item = self._item(layer.name)
            if item is not None:
                state = Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    self._rebuilding = True
                    item.setCheckState(state)
                    self._rebuilding = False

    def _layer_styled(self, *_: Any) -> None:
        for layer in self._connected:
            item = self._item(layer.name)
            if item is not None:
                item.setIcon(_swatch(layer.style))

    def _layer_opacity(self, *_: Any) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        value = round(layer.opacity * 100)
        with QSignalBlocker(self.opacity):
            self.opacity.setValue(value)
        self.opacity_value.setText(f"{value}%")


def _swatch(style: LayerStyle) -> QIcon:
    """Make a small legend swatch for the list: fill (or palette start) with the outline colour."""
    pixmap = QPixmap(18, 12)
    if style.kind == "single":
        fill = QColor(style.color) if style.filled else QColor(0, 0, 0, 0)
    else:
        fill = QColor(PALETTES[style.palette][0])
    pixmap.fill(fill)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(style.outline_color), 2))
    painter.drawRect(1, 1, 16, 10)
    painter.end()
    return QIcon(pixmap)
