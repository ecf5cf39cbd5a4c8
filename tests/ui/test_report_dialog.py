"""周调度材料 dialog: periods offered, preview on a worker, the pack built, the menu entry."""

import pytest
from gisgrid.ui.i18n import install_language
from gisgrid.ui.report_dialog import ReportDialog, recent_periods
from report_case import make_report_project

from gisgrid.report import ReportParams


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_report_project(tmp_path_factory.mktemp("report_ui") / "town.gpkg")


@pytest.fixture
def dialog(qtbot, finish_tasks, project, tmp_path):
    install_language("zh_CN")
    d = ReportDialog(project)
    qtbot.addWidget(d)
    d.folder.setText(str(tmp_path / "pack"))
    d.show()
    yield d
    d._timer.stop()


def test_periods_and_params(dialog, project):
    weeks = recent_periods(project, "week")
    assert weeks[0] == "2026-W48" and "2026-W47" in weeks  # the last record is in W48
    assert recent_periods(project, "month")[:2] == ["2026-11", "2026-10"]
    dialog.period.setCurrentText("2026-W47")
    assert dialog.params() == ReportParams(week="2026-W47")
    dialog.kind.setCurrentIndex(1)
    assert dialog.period.currentText() == "2026-11"
    dialog.show_contacts.setChecked(True)
    assert dialog.params() == ReportParams(month="2026-11", show_contacts=True)
    assert dialog.privacy_warning.isVisible()
    assert dialog.windowTitle() == "周调度材料"


def test_preview_and_build(dialog, qtbot, tmp_path):
    dialog.period.setCurrentText("2026-W47")
    dialog._timer.stop()
    assert dialog.update_preview() is not None
    qtbot.waitUntil(
        lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
        timeout=30000,
    )
    assert dialog.start_build() is not None
    # wait on the outcome, not the signal: a fast task may finish before a wait could start
    qtbot.waitUntil(lambda: dialog._work_task is None, timeout=60000)
    paths = dialog.result_paths
    assert paths is not None and set(paths) == {"xlsx", "pdf", "html"}
    assert all(p.exists() for p in paths.values())
    assert "已写入" in dialog.message.text()


def test_bad_week_is_shown_in_the_dialog(dialog, qtbot):
    dialog.period.setCurrentText("2026-47")
    assert dialog.start_build() is not None
    qtbot.waitUntil(lambda: dialog._work_task is None, timeout=30000)
    assert "2026-W47" in dialog.message.text() and dialog.result_paths is None


def test_menu_entry_opens_the_dialog(qtbot, qapp, project, monkeypatch):
    from gisgrid.ui.main_window import MainWindow

    install_language("zh_CN")
    window = MainWindow()
    qtbot.addWidget(window)
    texts = [a.text() for a in window.actions_.tools_menu.actions()]
    assert "周调度材料(&W)…" in texts
    shown = []
    monkeypatch.setattr(window, "show_error", shown.append)
    window.set_project(None)
    assert window.report_hook.open_dialog() is None and shown
