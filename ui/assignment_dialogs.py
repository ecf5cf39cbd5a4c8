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
from gisgrid.ui.attribute_table import format_value
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


_text = format_value  # codes, names, reasons: a missing value is an empty text, never "nan"


#: Household columns holding its grid, finest first: a five-level project places households
#: in micro grids (``micro_code``) as well as small grids (``grid_code``).
GRID_COLUMNS = ("micro_code", "grid_code")


def _finest_codes(households: pd.DataFrame) -> dict[str, str]:
    """Household id → the code of the finest grid it is in ("" when none)."""
    codes = pd.Series("", index=households.index, dtype=object)
    for column in reversed(GRID_COLUMNS):  # coarse first, finer codes written over it
        if column in households.columns:
            values = households[column].astype(object)
            present = values.notna() & (values.astype(str) != "")
            codes[present] = values[present].astype(str)
    return dict(zip(households["id"].map(_text), codes))


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
                values = [sign, _text(r.name), role_title(r.role), _text(r.grid_code)]
                rows.append(([*values, _metres(r.distance_m), _text(r.reason)], colour))
        changes = len(rows)
        for r in proposal.uncovered.itertuples(index=False):
            values = ["!", "", role_title(r.role), _text(r.grid_code), "", _text(r.reason)]
            rows.append((values, None))
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
        before, after = _finest_codes(result.before), _finest_codes(result.households)
        rows: list[tuple[list[str], QColor | None]] = []
        for hid, new in after.items():
            old = before.get(hid)
            if old != new:
                rows.append(([_text(hid), old or "—", new or "—", ""], ADDED))
        for r in result.outside.itertuples(index=False):
            if _text(r.suggested_code):
                suggestion = QCoreApplication.translate(
                    "AssignmentDialogs", "outside every grid; nearest {code} at {d}"
                ).format(code=_text(r.suggested_code), d=_metres(r.distance_m))
            else:
                suggestion = QCoreApplication.translate("AssignmentDialogs", "outside every grid")
            rows.append(([_text(r.id), "", "", suggestion], UNCOVERED))
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
        unlocated = len(getattr(result, "no_location", []) or [])
        if unlocated:
            message += " " + QCoreApplication.translate(
                "AssignmentDialogs",
                "{n} household(s) have no location and keep the grid they had.",
            ).format(n=unlocated)
        super().__init__(
            QCoreApplication.translate("AssignmentDialogs", "Households → grids"),
            message,
            _table(headers, rows),
            parent,
        )
        self.apply_button().setEnabled(result.changed > 0)
        self.result_ = result
