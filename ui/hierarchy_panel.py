"""The hierarchy tree: town → villages → large → small grids with household counts, and search.

A :class:`HierarchyModel` (``QAbstractItemModel``) shows the tree that
:func:`gisgrid.hierarchy_tree.build_tree` computes; the panel filters it by name or code and
reports the chosen unit so the main window can select it on the map and zoom to it.
"""

from __future__ import annotations

from typing import Any

from gisgrid.ui.names import level_title
from PyQt6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    pyqtSignal,
)
from PyQt6.QtWidgets import QHeaderView, QLineEdit, QPushButton, QTreeView, QVBoxLayout, QWidget

from gisgrid.hierarchy_tree import HierarchyNode, search

NODE_ROLE = Qt.ItemDataRole.UserRole


class HierarchyModel(QAbstractItemModel):
    """Columns: name, code, level and the unit's figures; each index points at a node."""

    COLUMNS = ("name", "code", "level", "households", "population", "area_mu", "cadres", "issues")
    NUMBERS = COLUMNS[3:]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root: HierarchyNode | None = None

    def set_root(self, root: HierarchyNode | None) -> None:
        """Show the tree under ``root`` (the root itself is the single top row)."""
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    @property
    def root(self) -> HierarchyNode | None:
        """The tree shown."""
        return self._root

    def node(self, index: QModelIndex) -> HierarchyNode | None:
        """Return the node at ``index`` (None for the invisible root)."""
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node: HierarchyNode) -> QModelIndex:
        """Return the model index of ``node``."""
        if node.parent is None:
            return self.createIndex(0, 0, node)
        return self.createIndex(node.parent.children.index(node), 0, node)

    def index(self, row: int, column: int, parent: QModelIndex | None = None) -> QModelIndex:
        """Index of child ``row`` of ``parent``."""
        parent = parent if parent is not None else QModelIndex()
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._root)
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: QModelIndex | None = None) -> QModelIndex:  # type: ignore[override]
        """Index of the parent of ``index``."""
        if index is None or not index.isValid():
            return QModelIndex()
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Children of ``parent`` (one top row: the root)."""
        if self._root is None:
            return 0
        if parent is None or not parent.isValid():
            return 1
        if parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        """Name, code, level and the figures."""
        return len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text per column; the node itself under ``NODE_ROLE``."""
        node = self.node(index)
        if node is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return node.name or node.code
            if column == "code":
                return node.code
            if column == "level":
                return level_title(node.level)
            if column == "area_mu":
                return f"{node.area_mu:,.1f}"
            return f"{getattr(node, column):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(
                "{name} ({code}): {n} households, {p} people, {a} mu, {c} cadres, {i} issues"
            ).format(
                name=node.name,
                code=node.code,
                n=node.households,
                p=node.population,
                a=f"{node.area_mu:,.1f}",
                c=node.cadres,
                i=node.issues,
            )
        if role == NODE_ROLE:
            return node
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Name"),
            self.tr("Code"),
            self.tr("Level"),
            self.tr("Households"),
            self.tr("Population"),
            self.tr("Area (mu)"),
            self.tr("Cadres"),
            self.tr("Issues"),
        ][section]


class _SearchProxy(QSortFilterProxyModel):
    """Keeps rows whose name or code contains the search text, with their ancestors."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        if not self._text:
            return True
        index = self.sourceModel().index(row, 0, parent)
        node = self.sourceModel().node(index)
        return node is not None and node.matches(self._text)


class HierarchyPanel(QWidget):
    """Search box plus the tree view.

    Signals
    -------
    nodeChosen(str, int)
        Layer name and row position of the unit the user clicked.
    """

    nodeChosen = pyqtSignal(str, int)
    exportRequested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HierarchyModel(self)
        self.proxy = _SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._choose_first_match)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HierarchyModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnHidden(1, True)  # codes are long; shown in the tooltip and search
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.exportRequested)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.export_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.search.setPlaceholderText(self.tr("Search by name or code…"))
        self.export_button.setText(self.tr("Export figures to Excel…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self.view.viewport().update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_root(self, root: HierarchyNode | None) -> None:
        """Show a new tree (e.g. after opening a project or importing)."""
        self.model.set_root(root)
        self.view.expandToDepth(0)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if text.strip():
            self.view.expandAll()
        else:
            self.view.collapseAll()
            self.view.expandToDepth(0)

    def _choose_first_match(self) -> None:
        """Enter in the search box goes to the first unit found."""
        root = self.model.root
        matches = search(root, self.search.text()) if root is not None else []
        if matches:
            self.choose(matches[0])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.proxy.data(current, NODE_ROLE) if current.isValid() else None
        if node is not None and node.layer is not None and node.row is not None:
            self.nodeChosen.emit(node.layer, node.row)

    def choose(self, node: HierarchyNode) -> None:
        """Select ``node`` in the view (as a click would)."""
        index = self.proxy.mapFromSource(self.model.index_of(node))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
