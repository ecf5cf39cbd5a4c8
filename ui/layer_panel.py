"""The layer tree: visibility, order, opacity and the style editor of the current layer.

The panel never keeps layer state of its own: every widget shows what the layer says (it
listens to ``layer.events``) and writes back through the layer's setters.
"""

from __future__ import annotations

from typing import Any

from gisgrid.layers.base import MapLayer
from gisgrid.layers.registry import LayerStack
from gisgrid.layers.style import (
    PALETTES,
    LayerStyle,
)
from gisgrid.ui.names import layer_title
from gisgrid.ui.style_editor import StyleEditor
from PyQt6.QtCore import QEvent, QSignalBlocker, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSlider,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

NAME_ROLE = Qt.ItemDataRole.UserRole


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
