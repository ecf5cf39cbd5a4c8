"""Fixtures shared by the app's tests: private settings, captured message boxes, a main window."""

import pytest
from gisgrid.ui import worker
from gisgrid.ui.i18n import install_language
from gisgrid.ui.main_window import MainWindow
from PyQt6.QtCore import QCoreApplication, QSettings
from PyQt6.QtWidgets import QMessageBox


@pytest.fixture
def settings(tmp_path, qapp):
    """The app's default ``QSettings``, in an INI file below ``tmp_path``; Chinese installed."""
    QCoreApplication.setOrganizationName("gisgrid-test")
    QCoreApplication.setApplicationName("gisgrid-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    s = QSettings()
    assert str(tmp_path) in s.fileName()  # never the user's settings
    install_language("zh_CN")
    yield s
    install_language("zh_CN")


@pytest.fixture
def messages(monkeypatch):
    """The texts of critical message boxes, captured instead of shown."""
    seen = []

    def critical(parent, title, text, *a, **k):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return seen


@pytest.fixture
def finish_tasks(qapp):
    """After the test, wait until the dialogs' detached tasks ended and their reports arrived."""
    yield
    for task in list(worker._DETACHED):
        assert task.wait(60)
    qapp.processEvents()


@pytest.fixture
def open_window(qtbot, settings):
    """Return ``open_window(path, size=(1200, 800))``: a shown main window with ``path`` drawn.

    Every window it opened is closed after the test without a question (its undo stack is
    marked clean first).
    """
    windows = []

    def open_(path, size=(1200, 800)):
        w = MainWindow(settings)  # not qtbot.addWidget: it would close before this teardown
        windows.append(w)
        w.resize(*size)
        with qtbot.waitSignal(w.canvas.rendered, timeout=10000):
            w.show()
            assert w.open_project(path)
        return w

    yield open_
    for w in windows:
        w.undo_stack.setClean()
        w.set_project(None)  # nothing unsaved: closing asks nothing
        w.close()
        w.deleteLater()
