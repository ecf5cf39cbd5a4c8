"""文件 → 新建项目: the township's name, its statistical code and the levels of its grids.

The dialog only collects :class:`NewProjectChoice`; the window asks for the file and creates
the project with :meth:`gisgrid.project.Project.create`. The code is optional (many offices
do not know it on the first day) but, when given, must be the 12-digit statistical code the
core accepts; the dialog says what is wrong before OK is pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gisgrid.ui.names import level_title
from PyQt6.QtCore import QEvent
from PyQt6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

#: The hierarchies offered, by key: the level keys of :class:`gisgrid.project.ProjectMeta`.
#: (The core's grid codes nest large → small → micro, so every choice keeps the large grids.)
HIERARCHIES: dict[str, list[str]] = {
    "four": ["town", "village", "large", "small"],
    "five": ["town", "village", "large", "small", "micro"],
}
CODE_DIGITS = 12
ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #8a6d00;"


@dataclass
class NewProjectChoice:
    """What the dialog collected: township name, code (``""``: none yet) and levels."""

    name: str
    code: str = ""
    levels: list[str] = field(default_factory=lambda: list(HIERARCHIES["four"]))


def clean_code(text: str) -> str:
    """Return ``text`` without spaces, dashes and full-width digits (as typed or pasted)."""
    text = text.translate({0xFF10 + d: str(d) for d in range(10)})  # ０-９ → 0-9
    return re.sub(r"[\s\-]", "", text)


class NewProjectDialog(QDialog):
    """Ask for the township name, its optional 12-digit code and the hierarchy levels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.code.setMaxLength(40)  # a longer paste still shows what is wrong with it
        self.code_message = QLabel()
        self.code_message.setWordWrap(True)
        self.levels_box = QGroupBox()
        self.four = QRadioButton()
        self.five = QRadioButton()
        self.level_group = QButtonGroup(self)
        for key, button in (("four", self.four), ("five", self.five)):
            button.setProperty("hierarchy", key)
            self.level_group.addButton(button)
        self.four.setChecked(True)
        self.level_note = QLabel()
        self.level_note.setWordWrap(True)
        self.level_note.setStyleSheet("color: #555;")
        levels = QVBoxLayout(self.levels_box)
        levels.addWidget(self.four)
        levels.addWidget(self.five)
        levels.addWidget(self.level_note)
        self.next_steps = QLabel()
        self.next_steps.setWordWrap(True)
        self.next_steps.setStyleSheet("color: #404040;")

        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.labels[0], self.name)
        form.addRow(self.labels[1], self.code)
        form.addRow("", self.code_message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.levels_box)
        layout.addWidget(self.next_steps)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.name.textChanged.connect(self._update)
        self.code.textChanged.connect(self._update)
        self.retranslate_ui()
        self.resize(540, 0)

    # -- texts ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("New project"))
        self.labels[0].setText(self.tr("Township (镇/街道) name:"))
        self.labels[1].setText(self.tr("Township code:"))
        self.name.setPlaceholderText(self.tr("e.g. 临河镇"))
        self.code.setPlaceholderText(self.tr("12 digits, e.g. 371521103000 (optional)"))
        self.levels_box.setTitle(self.tr("Hierarchy levels"))
        self.four.setText(self.tr("4 levels: {chain}").format(chain=_chain(HIERARCHIES["four"])))
        self.five.setText(self.tr("5 levels: {chain}").format(chain=_chain(HIERARCHIES["five"])))
        self.level_note.setText(
            self.tr(
                "Micro grids (微网格) divide each small grid into groups of about 10–30 "
                "households, each with a household representative (联户代表)."
            )
        )
        self.next_steps.setText(
            self.tr(
                "Next: File → Import brings in the town or village boundaries and the "
                "household ledger; Tools → Plan grids automatically then draws the large and "
                "small grids, and Tools → Grid health check shows what is left to fix."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- checking -------------------------------------------------------------------------
    def code_problem(self) -> str:
        """Return why the code typed cannot be used ("" when it can, or when it is empty)."""
        code = clean_code(self.code.text())
        if not code or re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
            return ""
        if not code.isdigit():
            return self.tr(
                "The township code may only contain digits: 12 of them (6-digit county + "
                "3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it."
            )
        return self.tr(
            "The township code has {n} digits; it needs 12 (6-digit county + 3-digit town + "
            "000), e.g. 371521103000. Leave it empty if you do not know it."
        ).format(n=len(code))

    def code_note(self) -> str:
        """Return a note on a usable code that does not look like a township's ("" if fine)."""
        code = clean_code(self.code.text())
        if len(code) == CODE_DIGITS and not self.code_problem() and not code.endswith("000"):
            return self.tr(
                "A township's code ends in 000; {code} looks like a village's. Check it "
                "before creating the project."
            ).format(code=code)
        return ""

    def _update(self, *_: object) -> None:
        problem, note = self.code_problem(), self.code_note()
        self.code_message.setText(problem or note)
        self.code_message.setStyleSheet(ERROR_STYLE if problem else NOTE_STYLE)
        self.code_message.setVisible(bool(problem or note))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()) and not problem)
        ok.setToolTip("" if self.name.text().strip() else self.tr("Enter the township's name"))

    # -- result ---------------------------------------------------------------------------
    def hierarchy(self) -> str:
        """Key of the hierarchy chosen (``"four"`` or ``"five"``)."""
        button = self.level_group.checkedButton()
        return str(button.property("hierarchy")) if button is not None else "four"

    def choice(self) -> NewProjectChoice:
        """Return the name, code and levels as chosen."""
        return NewProjectChoice(
            name=self.name.text().strip(),
            code=clean_code(self.code.text()),
            levels=list(HIERARCHIES[self.hierarchy()]),
        )

    def accept(self) -> None:
        """Close with OK only when the name is given and the code is usable."""
        if not self.name.text().strip() or self.code_problem():
            self._update()
            return
        super().accept()


def _chain(levels: list[str]) -> str:
    return " → ".join(level_title(level) for level in levels)
