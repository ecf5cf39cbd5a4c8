"""Results of the hierarchy check (:func:`gisgrid.hierarchy.validate`), one row per problem."""

from __future__ import annotations

import math
from typing import Any

from gisgrid.ui.names import level_title
from PyQt6.QtCore import QCoreApplication, QEvent, Qt, pyqtSignal
from PyQt6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

POINT_ROLE = Qt.ItemDataRole.UserRole


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
    """Lists the problems of the last check; choosing one asks the map to show it.

    Signals
    -------
    problemChosen(float, float)
        Lon/lat of a point on the chosen problem.
    """

    problemChosen = pyqtSignal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: Any = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(True)
        header = self.tree.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.tree.setHeaderLabels(
            [self.tr("Problem"), self.tr("Level"), self.tr("Codes"), self.tr("Details")]
        )
        self.show_result(self._result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_result(self, result: Any) -> None:
        """Show a :class:`gisgrid.hierarchy.ValidationResult` (None: nothing checked yet)."""
        self._result = result
        self.tree.clear()
        if result is None:
            self.summary.setText(self.tr("Run Tools → Check hierarchy to list problems here."))
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
        for problem in result.problems:
            item = QTreeWidgetItem(
                [
                    kind_title(problem.kind),
                    level_title(problem.level),
                    ", ".join(problem.codes),
                    problem.message,
                ]
            )
            item.setToolTip(3, problem.message)
            item.setData(0, POINT_ROLE, (float(problem.x), float(problem.y)))
            self.tree.addTopLevelItem(item)

    def _chosen(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        if item is None:
            return
        x, y = item.data(0, POINT_ROLE)
        if math.isfinite(x) and math.isfinite(y):
            self.problemChosen.emit(x, y)
