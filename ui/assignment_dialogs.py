"""Dialogs that show a core proposal as a diff before it is applied.

:class:`ProposalDialog` shows a :class:`gisgrid.cadre_proposal.CadreProposal` (assignments
added and removed, with distances and reasons, and the units left uncovered);
:class:`HouseholdsDialog` a :class:`gisgrid.assign.HouseholdAssignment` (what changed and
which households lie outside every grid). Accepting means "apply"; the caller applies the
core command as one undoable step.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from gisgrid.ui.assignment_panel import role_title
from PyQt6.QtCore import QCoreApplication
from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ADDED = QColor("#e6f4ea")
REMOVED = QColor("#fdecea")
UNCOVERED = QColor("#fff4e0")


def _table(headers: list[str], rows: list[tuple[list[str], QColor | None]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, (values, colour) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if colour is not None:
                item.setBackground(QBrush(colour))
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _metres(value: Any) -> str:
    return "" if pd.isna(value) else f"{float(value):,.0f} m"


class _DiffDialog(QDialog):
    def __init__(self, title: str, message: str, table: QTableWidget, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.table = table
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.setText(QCoreApplication.translate("AssignmentDialogs", "Apply"))
        apply.setEnabled(table.rowCount() > 0)
        apply.clicked.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("AssignmentDialogs", "Cancel")
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 460)

    def apply_button(self) -> Any:
        """Return the Apply button (disabled when nothing would change)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Apply)


class ProposalDialog(_DiffDialog):
    """The optimised cadre proposal as a diff: green rows added, red removed, amber uncovered."""

    def __init__(self, proposal: Any, parent: QWidget | None = None) -> None:
        rows: list[tuple[list[str], QColor | None]] = []
        for frame, sign, colour in (
            (proposal.removed, "−", REMOVED),
            (proposal.added, "+", ADDED),
        ):
            for r in frame.itertuples(index=False):
                values = [sign, str(r.name), role_title(r.role), str(r.grid_code)]
                rows.append(([*values, _metres(r.distance_m), str(r.reason)], colour))
        changes = len(rows)
        for r in proposal.uncovered.itertuples(index=False):
            rows.append((["!", "", role_title(r.role), str(r.grid_code), "", str(r.reason)], None))
        headers = [
            "",
            QCoreApplication.translate("AssignmentDialogs", "Cadre"),
            QCoreApplication.translate("AssignmentDialogs", "Duty"),
            QCoreApplication.translate("AssignmentDialogs", "Unit"),
            QCoreApplication.translate("AssignmentDialogs", "Home to unit"),
            QCoreApplication.translate("AssignmentDialogs", "Reason"),
        ]
        table = _table(headers, rows)
        for r in range(changes, len(rows)):
            for c in range(table.columnCount()):
                table.item(r, c).setBackground(QBrush(UNCOVERED))
        message = QCoreApplication.translate(
            "AssignmentDialogs",
            "{added} assignment(s) to add, {removed} to remove, {uncovered} unit(s) stay "
            "uncovered. Total distance from homes to units: {km:,.1f} km.",
        ).format(
            added=len(proposal.added),
            removed=len(proposal.removed),
            uncovered=len(proposal.uncovered),
            km=proposal.total_distance_m / 1000,
        )
        super().__init__(
            QCoreApplication.translate("AssignmentDialogs", "Proposed cadre assignments"),
            message,
            table,
            parent,
        )
        self.apply_button().setEnabled(not proposal.empty)
        self.proposal = proposal


class HouseholdsDialog(_DiffDialog):
    """Households → grids: what changed, and households outside every grid."""

    def __init__(self, result: Any, parent: QWidget | None = None) -> None:
        before = result.before.set_index("id")["grid_code"].astype(object)
        after = result.households.set_index("id")["grid_code"].astype(object)
        rows: list[tuple[list[str], QColor | None]] = []
        for hid in after.index:
            old = before.get(hid)
            new = after.get(hid)
            old = None if pd.isna(old) else str(old)
            new = None if pd.isna(new) else str(new)
            if old != new:
                rows.append(([str(hid), old or "—", new or "—", ""], ADDED))
        for r in result.outside.itertuples(index=False):
            suggestion = QCoreApplication.translate(
                "AssignmentDialogs", "outside every grid; nearest {code} at {d}"
            ).format(code=r.suggested_code, d=_metres(r.distance_m))
            rows.append(([str(r.id), "", "", suggestion], UNCOVERED))
        headers = [
            QCoreApplication.translate("AssignmentDialogs", "Household"),
            QCoreApplication.translate("AssignmentDialogs", "Grid before"),
            QCoreApplication.translate("AssignmentDialogs", "Grid after"),
            QCoreApplication.translate("AssignmentDialogs", "Note"),
        ]
        message = QCoreApplication.translate(
            "AssignmentDialogs",
            "{checked} households checked: {changed} change grid, {assigned} have a grid, "
            "{outside} lie outside every grid, {pinned} pinned by hand are kept.",
        ).format(
            checked=result.checked,
            changed=result.changed,
            assigned=result.assigned,
            outside=len(result.outside),
            pinned=result.pinned,
        )
        super().__init__(
            QCoreApplication.translate("AssignmentDialogs", "Households → grids"),
            message,
            _table(headers, rows),
            parent,
        )
        self.apply_button().setEnabled(result.changed > 0)
        self.result_ = result
