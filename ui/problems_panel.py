"""网格体检: the hierarchy check's problems, grouped by kind, with Fix buttons.

The panel only shows a :class:`gisgrid.hierarchy.ValidationResult` and asks for work through
signals; the main window runs the check and the repairs (core commands on the undo stack).
"""

from __future__ import annotations

from typing import Any

from gisgrid.ui.names import level_title
from PyQt6.QtCore import QCoreApplication, QEvent, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisgrid.repair import fix_for

INDEX_ROLE = Qt.ItemDataRole.UserRole  # problem index (children) or kind (group rows)
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_title(kind: str) -> str:
    """Return the display name of a problem kind (``"gap"`` → ``"缝隙"``)."""
    titles = {
        "outside_parent": QCoreApplication.translate("Problems", "Outside its parent"),
        "gap": QCoreApplication.translate("Problems", "Gap"),
        "overlap": QCoreApplication.translate("Problems", "Overlap"),
        "invalid": QCoreApplication.translate("Problems", "Invalid geometry"),
        "multipart": QCoreApplication.translate("Problems", "Several parts"),
        "sliver": QCoreApplication.translate("Problems", "Sliver"),
        "empty": QCoreApplication.translate("Problems", "Empty geometry"),
        "duplicate_code": QCoreApplication.translate("Problems", "Duplicate code"),
        "bad_code": QCoreApplication.translate("Problems", "Bad code"),
        "orphan": QCoreApplication.translate("Problems", "No parent"),
        "household_outside": QCoreApplication.translate("Problems", "Household outside"),
        "household_mismatch": QCoreApplication.translate("Problems", "Household in wrong grid"),
        "staffing": QCoreApplication.translate("Problems", "Staffing"),
    }
    return titles.get(kind, kind)


class ProblemsPanel(QWidget):
    """Lists the problems of the last check by kind; a click shows one, Fix repairs.

    Signals
    -------
    problemChosen(int)
        Index (in the result) of the problem the user clicked.
    fixRequested(list)
        Indices of the problems to repair (one, or every fixable one of a kind).
    recheckRequested()
        The user asked to run the check again.
    """

    problemChosen = pyqtSignal(int)
    fixRequested = pyqtSignal(list)
    recheckRequested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: Any = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.recheck_button = QPushButton()
        self.fix_button = QPushButton()
        self.fix_kind_button = QPushButton()
        self.recheck_button.clicked.connect(self.recheckRequested)
        self.fix_button.clicked.connect(self._fix_selected)
        self.fix_kind_button.clicked.connect(self._fix_kind)
        buttons = QHBoxLayout()
        for button in (self.recheck_button, self.fix_button, self.fix_kind_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.tree.setHeaderLabels(
            [self.tr("Problem"), self.tr("Level"), self.tr("Codes"), self.tr("Details")]
        )
        self.recheck_button.setText(self.tr("Check again"))
        self.fix_button.setText(self.tr("Fix selected"))
        self.fix_kind_button.setText(self.tr("Fix all of this kind"))
        self.fix_button.setToolTip(self.tr("Repair the chosen problem (undo with Ctrl+Z)"))
        self.fix_kind_button.setToolTip(
            self.tr("Repair every problem of the chosen kind that can be fixed automatically")
        )
        self.show_result(self._result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- showing ------------------------------------------------------------------------------
    def show_result(self, result: Any) -> None:
        """Show a :class:`gisgrid.hierarchy.ValidationResult` (None: nothing checked yet)."""
        self._result = result
        self.tree.clear()
        self._update_buttons()
        if result is None:
            self.summary.setText(self.tr("Run Tools → Grid health check to list problems here."))
            return
        if result.clean:
            self.summary.setText(self.tr("No problems found."))
            return
        self.summary.setText(
            self.tr("{n} problems: {kinds}").format(
                n=len(result.problems),
                kinds=", ".join(f"{kind_title(k)} {v}" for k, v in result.counts.items()),
            )
        )
        groups: dict[str, QTreeWidgetItem] = {}
        for index, problem in enumerate(result.problems):
            group = groups.get(problem.kind)
            if group is None:
                count = result.counts[problem.kind]
                group = QTreeWidgetItem([kind_title(problem.kind), "", str(count), ""])
                group.setData(0, KIND_ROLE, problem.kind)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[problem.kind] = group
                self.tree.addTopLevelItem(group)
            item = QTreeWidgetItem(
                [
                    kind_title(problem.kind),
                    level_title(problem.level),
                    ", ".join(problem.codes),
                    problem.message,
                ]
            )
            item.setToolTip(3, problem.message)
            item.setData(0, INDEX_ROLE, index)
            item.setData(0, KIND_ROLE, problem.kind)
            group.addChild(item)
        if len(groups) == 1:
            next(iter(groups.values())).setExpanded(True)

    def problem_items(self) -> list[QTreeWidgetItem]:
        """Return the rows of single problems, in the order of the result."""
        items = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            items += [group.child(j) for j in range(group.childCount())]
        return sorted(items, key=lambda it: it.data(0, INDEX_ROLE))

    def kind_item(self, kind: str) -> QTreeWidgetItem | None:
        """Return the group row of ``kind``, if the result has such problems."""
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, KIND_ROLE) == kind:
                return self.tree.topLevelItem(i)
        return None

    # -- choosing and fixing ------------------------------------------------------------------
    def _fixable(self, indices: list[int]) -> list[int]:
        if self._result is None:
            return []
        return [i for i in indices if fix_for(self._result.problems[i]) is not None]

    def _selected(self) -> tuple[str | None, int | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        return item.data(0, KIND_ROLE), item.data(0, INDEX_ROLE)

    def _kind_indices(self, kind: str | None) -> list[int]:
        if self._result is None or kind is None:
            return []
        return [i for i, p in enumerate(self._result.problems) if p.kind == kind]

    def _update_buttons(self) -> None:
        kind, index = self._selected()
        self.fix_button.setEnabled(index is not None and bool(self._fixable([index])))
        self.fix_kind_button.setEnabled(bool(self._fixable(self._kind_indices(kind))))

    def _chosen(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        self._update_buttons()
        if item is None:
            return
        index = item.data(0, INDEX_ROLE)
        if index is None and item.childCount():  # a group row shows its first problem
            index = item.child(0).data(0, INDEX_ROLE)
        if index is not None:
            self.problemChosen.emit(int(index))

    def _fix_selected(self) -> None:
        _kind, index = self._selected()
        if index is not None and self._fixable([index]):
            self.fixRequested.emit([int(index)])

    def _fix_kind(self) -> None:
        kind, _index = self._selected()
        fixable = self._fixable(self._kind_indices(kind))
        if fixable:
            self.fixRequested.emit(fixable)
