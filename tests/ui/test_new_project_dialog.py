"""文件 → 新建项目: name, optional 12-digit township code (checked as typed), 4 or 5 levels."""

import pytest
from gisgrid.ui.i18n import install_language
from gisgrid.ui.main_window import MainWindow
from gisgrid.ui.new_project_dialog import NewProjectDialog, clean_code
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

from gisgrid.project import Project


@pytest.fixture
def dialog(qtbot, settings):
    d = NewProjectDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_chinese_texts_and_defaults(dialog):
    assert dialog.windowTitle() == "新建项目"
    assert dialog.four.isChecked() and dialog.hierarchy() == "four"
    assert "镇(街道) → 村(社区) → 大网格 → 小网格" in dialog.four.text()
    assert dialog.five.text().startswith("五级") and dialog.five.text().endswith("小网格 → 微网格")
    assert not _ok(dialog).isEnabled()  # no name yet
    dialog.name.setText("  临河镇 ")
    assert _ok(dialog).isEnabled() and dialog.code_message.isHidden()
    choice = dialog.choice()
    assert (choice.name, choice.code, choice.levels) == (
        "临河镇", "", ["town", "village", "large", "small"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("37152110300", "11 位"), ("3715211030001", "13 位"), ("37152110300A", "只能是数字")],
)
def test_bad_code_is_explained_and_blocks_ok(dialog, typed, expected):
    dialog.name.setText("临河镇")
    dialog.code.setText(typed)
    text = dialog.code_message.text()
    assert dialog.code_message.isVisibleTo(dialog) and expected in text and "12" in text
    assert "371521103000" in text and "留空" in text  # an example, and that it may stay empty
    assert not _ok(dialog).isEnabled()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.isVisible()


def test_pasted_code_with_spaces_and_village_code_note(dialog):
    dialog.name.setText("临河镇")
    dialog.code.setText("3715 2110 3000")
    assert dialog.choice().code == "371521103000" and dialog.code_message.isHidden()
    dialog.code.setText("３７１５２１１０３２０１")  # full-width digits, a village's code
    assert dialog.choice().code == "371521103201"
    assert "000" in dialog.code_message.text() and _ok(dialog).isEnabled()  # a note only
    assert clean_code(" 3715-2110-3000 ") == "371521103000"


def test_five_levels_and_english(dialog, qapp):
    dialog.name.setText("临河镇")
    dialog.five.setChecked(True)
    assert dialog.choice().levels == ["town", "village", "large", "small", "micro"]
    install_language("en")
    qapp.processEvents()  # the LanguageChange event retranslates the open dialog
    assert dialog.windowTitle() == "New project"
    assert dialog.five.text().startswith("5 levels: Town → Village") and "Micro grid" in (
        dialog.five.text()
    )
    dialog.code.setText("123")
    assert "3 digits" in dialog.code_message.text()


def test_menu_creates_a_five_level_project(settings, qtbot, tmp_path, monkeypatch):
    w = MainWindow(settings)
    qtbot.addWidget(w)

    def fill_in(self):
        self.name.setText("新镇")
        self.code.setText("371521104000")
        self.five.setChecked(True)
        self.accept()
        return self.result()

    monkeypatch.setattr(NewProjectDialog, "exec", fill_in)
    asked = []

    def save_name(parent, title, start, filter_):
        asked.append(start)
        return str(tmp_path / "新镇"), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    w.actions_.new.trigger()
    assert asked and asked[0].endswith("新镇.gpkg")
    project = Project.open(tmp_path / "新镇.gpkg")
    assert (project.meta.name, project.meta.code) == ("新镇", "371521104000")
    assert project.meta.levels == ["town", "village", "large", "small", "micro"]
    assert w.project.meta.levels == project.meta.levels
    dialog = w.edit_tools.open_plan_dialog()  # the micro level is offered for planning
    assert "micro" in [dialog.level_box.itemData(i) for i in range(dialog.level_box.count())]
    dialog.close()


def test_cancel_creates_nothing(settings, qtbot, tmp_path, monkeypatch):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    monkeypatch.setattr(NewProjectDialog, "exec", lambda self: 0)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: pytest.fail("no file asked after Cancel")
    )
    assert not w.actions_.new_dialog()
    assert w.project is None
