"""干部分配: cadres with load bars, the selected grid's team, assign / unassign / proposals.

The panel shows what the core computes (:func:`gisgrid.cadres.cadre_loads`,
:func:`gisgrid.grid_team.grid_team`) and asks for every change through signals;
:mod:`gisgrid.ui.assignment_control` turns them into undoable core edits. Cadres can be dragged
out of the list onto a grid of the map (MIME type :data:`CADRE_MIME`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.cadre_list import (
    CADRE_MIME,
    ID_ROLE,
    LABEL_COLUMN,
    CadreModel,
    CadreView,
    ChoiceModel,
)
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisgrid.grid_team import TeamMember

__all__ = ["CADRE_MIME", "AssignmentPanel", "role_title"]
UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Load columns of the cadres layer's figures, in the order the list shows them.
LOAD_FIELDS = ("households", "max_households", "grids", "max_grids", "over")


def role_title(role: str) -> str:
    """Chinese (or English) display name of an assignment/cadre role."""
    from PyQt6.QtCore import QCoreApplication

    titles = {
        "town_leader": QCoreApplication.translate("Roles", "Town leader"),
        "village_liaison": QCoreApplication.translate("Roles", "Village liaison"),
        "branch_secretary": QCoreApplication.translate("Roles", "Branch secretary"),
        "grid_leader": QCoreApplication.translate("Roles", "Grid leader"),
        "grid_worker": QCoreApplication.translate("Roles", "Grid worker"),
    }
    return titles.get(role, role)


class AssignmentPanel(QWidget):
    """Cadres and their loads, the team of the selected small grid, and assignment buttons.

    Signals
    -------
    gridChosen(str)
        A small grid was picked in the panel (its code).
    assignRequested(str, str, str)
        Cadre id, unit code and role to assign (the unit is the grid or, for secretaries and
        liaisons, its large grid or village).
    unassignRequested(str, str, str)
        Cadre id, unit code and role to remove.
    proposeRequested()
        Run the optimised proposal.
    householdsRequested()
        Re-assign households to grids.
    coverageRequested(str)
        ``""``, ``"leader"`` or ``"load"``: the coverage map mode to show.
    """

    gridChosen = pyqtSignal(str)
    assignRequested = pyqtSignal(str, str, str)
    unassignRequested = pyqtSignal(str, str, str)
    proposeRequested = pyqtSignal()
    householdsRequested = pyqtSignal()
    coverageRequested = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: str | None = None
        self._units: dict[str, str] = {}  # role → unit code for the selected grid
        self.cadre_model = CadreModel(self)
        self.cadres = CadreView(self.cadre_model)
        header = self.cadres.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.grid_choices = ChoiceModel(self)
        self.grid_combo = _long_combo()
        self.grid_combo.setModel(self.grid_choices)
        self.grid_combo.activated.connect(self._grid_picked)
        self.team = QTreeWidget()
        self.team.setColumnCount(3)
        self.team.setRootIsDecorated(False)
        self.team.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.team.setMinimumHeight(90)
        self.grid_info = QLabel()
        self.role_combo = QComboBox()
        for role in ("grid_leader", "grid_worker", "branch_secretary", "village_liaison"):
            self.role_combo.addItem("", role)
        self.cadre_combo = _long_combo()
        self.cadre_combo.setModel(self.cadre_model)
        self.cadre_combo.setModelColumn(LABEL_COLUMN)
        self.assign_button = QPushButton()
        self.unassign_button = QPushButton()
        self.assign_button.clicked.connect(self._assign_clicked)
        self.unassign_button.clicked.connect(self._unassign_clicked)
        self.team.itemSelectionChanged.connect(self._update_enabled)

        self.team_box = QGroupBox()
        team_layout = QGridLayout(self.team_box)
        team_layout.addWidget(self.grid_combo, 0, 0, 1, 3)
        team_layout.addWidget(self.grid_info, 1, 0, 1, 3)
        team_layout.addWidget(self.team, 2, 0, 1, 3)
        team_layout.addWidget(self.role_combo, 3, 0)
        team_layout.addWidget(self.cadre_combo, 3, 1, 1, 2)
        team_layout.addWidget(self.assign_button, 4, 1)
        team_layout.addWidget(self.unassign_button, 4, 2)

        self.propose_button = QPushButton()
        self.households_button = QPushButton()
        self.propose_button.clicked.connect(self.proposeRequested)
        self.households_button.clicked.connect(self.householdsRequested)
        self.coverage_label = QLabel()
        self.coverage_combo = QComboBox()
        for mode in ("", "leader", "load"):
            self.coverage_combo.addItem("", mode)
        self.coverage_combo.activated.connect(
            lambda i: self.coverageRequested.emit(self.coverage_combo.itemData(i))
        )
        coverage_row = QHBoxLayout()
        coverage_row.addWidget(self.coverage_label)
        coverage_row.addWidget(self.coverage_combo, 1)
        work_row = QHBoxLayout()
        work_row.addWidget(self.propose_button)
        work_row.addWidget(self.households_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.cadres, 3)
        layout.addWidget(self.team_box, 2)
        layout.addLayout(coverage_row)
        layout.addLayout(work_row)
        self.retranslate_ui()
        self._update_enabled()

    # -- language -------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.cadre_model.set_headers(
            [self.tr("Cadre"), self.tr("Role"), self.tr("Party"), self.tr("Households")]
            + [self.tr("Grids")]
        )
        self.team.setHeaderLabels([self.tr("Duty"), self.tr("Cadre"), self.tr("Unit")])
        self.team_box.setTitle(self.tr("Selected grid and its team"))
        for i in range(self.role_combo.count()):
            self.role_combo.setItemText(i, role_title(self.role_combo.itemData(i)))
        self.assign_button.setText(self.tr("Assign"))
        self.unassign_button.setText(self.tr("Remove from duty"))
        self.propose_button.setText(self.tr("Propose assignments…"))
        self.households_button.setText(self.tr("Households → grids…"))
        self.propose_button.setToolTip(
            self.tr("Fill uncovered duties and relieve overloaded cadres (shown before applied)")
        )
        self.coverage_label.setText(self.tr("Coverage map:"))
        for i, text in enumerate(
            (self.tr("Off"), self.tr("Colour by grid leader"), self.tr("Colour by households"))
        ):
            self.coverage_combo.setItemText(i, text)
        self.cadres.setToolTip(self.tr("Drag a cadre onto a grid of the map to assign them"))
        self._show_grid_info()

    # -- contents -------------------------------------------------------------------------
    def show_cadres(self, cadres: pd.DataFrame, loads: pd.DataFrame) -> None:
        """List ``cadres`` (the cadres layer) with their ``loads`` (from ``cadre_loads``)."""
        current = self.current_cadre()
        rows = cadres.drop_duplicates("id")
        ids = rows["id"].astype(str).tolist()
        names = [format_value(n) for n in rows["name"]]  # a missing name: empty, never "nan"
        role_codes = rows["role"].map(format_value)
        titles = {code: role_title(code) for code in role_codes.unique()}
        roles = role_codes.map(titles).tolist()
        party = rows["party_member"].fillna(False).astype(bool).tolist()
        yes, no = self.tr("yes"), self.tr("no")
        member, non_member = self.tr("party member"), self.tr("not a member")
        labels = [
            f"{name} · {role} · {member if p else non_member}"
            for name, role, p in zip(names, roles, party)
        ]
        aligned = loads.reindex(index=pd.Index(ids, dtype=object), columns=list(LOAD_FIELDS))
        self.cadre_model.set_rows(
            ids,
            (names, roles, [yes if p else no for p in party], labels),
            (
                _pairs(aligned, "households", "max_households"),
                _pairs(aligned, "grids", "max_grids"),
            ),
        )
        over = int(aligned["over"].astype("boolean").fillna(False).sum())
        row = self.cadre_model.row_of(current)
        if row >= 0:
            self.cadres.setCurrentIndex(self.cadre_model.index(row, 0))
        self.cadre_combo.setCurrentIndex(0 if ids else -1)
        self.summary.setText(
            self.tr("{n} cadres; {over} over their limits. Drag a cadre onto a grid to assign.")
            .format(n=len(ids), over=over)
        )  # fmt: skip
        self._update_enabled()

    def show_grids(self, grids: list[tuple[str, str]]) -> None:
        """Fill the grid chooser with ``(code, name)`` of every small grid."""
        labels = [self.tr("— choose a grid —")] + [
            f"{format_value(name)} ({code})" if format_value(name) else str(code)
            for code, name in grids
        ]
        self.grid_choices.set_choices(labels, [""] + [code for code, _name in grids])
        self._select_combo(self._grid)

    def show_team(
        self,
        code: str | None,
        team: list[TeamMember],
        households: int,
        units: dict[str, str],
        names: dict[str, str] | None = None,
    ) -> None:
        """Show small grid ``code``'s ``team``; ``units`` maps each role to the unit it holds.

        ``names`` maps unit codes to names shown beside them.
        """
        names = names or {}
        self._grid, self._units, self._households = code, units, households
        self._select_combo(code)
        self.team.clear()
        for member in team:
            name = member.name + ("" if member.party_member else self.tr(" (not a member)"))
            unit = names.get(member.unit_code, member.unit_code)
            item = QTreeWidgetItem([role_title(member.role), name, unit])
            item.setToolTip(2, member.unit_code)
            item.setData(0, ID_ROLE, member.cadre_id)
            item.setData(0, UNIT_ROLE, member.role)
            item.setData(2, ID_ROLE, member.unit_code)
            self.team.addTopLevelItem(item)
        if code and not any(m.role == "grid_leader" for m in team):
            item = QTreeWidgetItem(
                [role_title("grid_leader"), self.tr("(none)"), names.get(code, code)]
            )
            item.setForeground(1, Qt.GlobalColor.red)
            self.team.addTopLevelItem(item)
        self._show_grid_info()
        self._update_enabled()

    def current_cadre(self) -> str | None:
        """Id of the cadre selected in the list, or None."""
        index = self.cadres.currentIndex()
        return self.cadre_model.cadre_id(index.row()) if index.isValid() else None

    def current_role(self) -> str:
        """Return the role chosen for assigning (and for drops on the map)."""
        return str(self.role_combo.currentData())

    @property
    def grid(self) -> str | None:
        """Code of the small grid shown, or None."""
        return self._grid

    # -- internals ------------------------------------------------------------------------
    def _show_grid_info(self) -> None:
        if not self._grid:
            self.grid_info.setText(self.tr("Select a small grid on the map or in the list."))
        else:
            self.grid_info.setText(
                self.tr("Grid {code}: {n} households").format(
                    code=self._grid, n=getattr(self, "_households", 0)
                )
            )

    def _select_combo(self, code: str | None) -> None:
        self.grid_combo.setCurrentIndex(max(self.grid_choices.row_of(code or ""), 0))

    def _grid_picked(self, index: int) -> None:
        code = self.grid_combo.itemData(index)
        if code:
            self.gridChosen.emit(code)

    def _assign_clicked(self) -> None:
        role = self.current_role()
        unit = self._units.get(role)
        cadre = self.cadre_combo.currentData()
        if unit and cadre:
            self.assignRequested.emit(str(cadre), unit, role)

    def _unassign_clicked(self) -> None:
        item = self.team.currentItem()
        if item is not None and item.data(0, UNIT_ROLE):
            self.unassignRequested.emit(
                str(item.data(0, ID_ROLE)), str(item.data(2, ID_ROLE)), str(item.data(0, UNIT_ROLE))
            )

    def _update_enabled(self) -> None:
        has_grid = bool(self._grid)
        self.assign_button.setEnabled(has_grid and self.cadre_combo.count() > 0)
        item = self.team.currentItem()
        self.unassign_button.setEnabled(item is not None and bool(item.data(0, UNIT_ROLE)))

    def changeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """Retranslate when the language changes."""
        from PyQt6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _pairs(loads: pd.DataFrame, value: str, limit: str) -> list[tuple[int, int] | None]:
    """Return ``(value, limit)`` per row of ``loads``; None where a figure is missing."""
    pairs = zip(loads[value].tolist(), loads[limit].tolist())
    return [None if pd.isna(v) or pd.isna(m) else (int(v), int(m)) for v, m in pairs]


def _long_combo() -> QComboBox:
    """Return a combo box for thousands of entries (its width not measured over all)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(4)  # the layout widens it; long labels elide
    return combo
