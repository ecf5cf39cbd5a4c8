"""Autosave in the app: copies written off the GUI thread, offered after a crash, recovered as
the unsaved state of the project, removed on a normal save or a clean close."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import geopandas as gpd
import pytest
from gisgrid.ui import autosave as ui_autosave
from gisgrid.ui.autosave import DISCARD, LATER, RECOVER, RecoveryDialog
from gisgrid.ui.main_window import MainWindow
from PyQt6.QtCore import QCoreApplication
from PyQt6.QtWidgets import QMessageBox

from gisgrid.autosave import FileSignature, list_recoveries, write_recovery
from gisgrid.project import Project

TOWN = "371521103000"


def _households(n):
    return gpd.GeoDataFrame(
        {"id": [f"H{k:03d}" for k in range(n)], "head": [f"王{k}明" for k in range(n)]},
        geometry=gpd.points_from_xy([118.70 + k * 1e-3 for k in range(n)], [37.0] * n),
        crs=4490,
    )


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "town.gpkg"
    project = Project.create(path, "临河镇", TOWN)
    project.set_layer("households", _households(12))
    project.save()
    return path


@pytest.fixture
def settings(settings, tmp_path):
    """The shared private settings, with the autosave folder below ``tmp_path``."""
    settings.setValue("autosave/directory", str(tmp_path / "autosave"))
    return settings


@pytest.fixture
def answers(monkeypatch):
    """What the recovery dialog is answered, and the recoveries it was shown."""
    state = {"answer": RECOVER, "asked": []}

    def ask(parent, recovery):
        state["asked"].append(recovery)
        return state["answer"]

    monkeypatch.setattr(ui_autosave, "ask", ask)
    return state


@pytest.fixture
def windows(qtbot):
    made = []
    yield made
    for w in made:
        w.undo_stack.setClean()
        w.set_project(None)
        w.close()
        w.deleteLater()


def _window(settings, windows, path=None):
    w = MainWindow(settings)
    windows.append(w)
    w.show()
    if path is not None:
        assert w.open_project(path)
    QCoreApplication.processEvents()  # the start-up offer
    return w


def _edit_and_autosave(qtbot, w, n=5):
    w.project.set_layer("households", _households(n))
    w.layer_data_changed("households")
    assert w.isWindowModified()
    task = w.autosave_hook.autosave_now()
    assert task is not None
    qtbot.waitUntil(lambda: "已自动保存" in w.statusBar().currentMessage(), timeout=30000)
    return task


def _crash(w):
    """The window is dropped without closing, as a crash would leave it."""
    w.autosave_hook.timer.stop()
    w.project_lock.release()  # a dead process's lock is stale: the next window takes it
    w.hide()


def test_autosave_then_crash_then_recover_in_a_new_window(
    qtbot, settings, windows, answers, project_path, tmp_path
):
    first = _window(settings, windows, project_path)
    _edit_and_autosave(qtbot, first)
    assert first.autosave_hook.timer.interval() == 5 * 60_000  # default: every 5 minutes
    assert first.project.path == project_path and first.is_modified()  # autosave changes nothing
    assert len(Project.open(project_path).layer("households")) == 12
    _crash(first)

    second = _window(settings, windows)
    qtbot.waitUntil(lambda: second.project is not None, timeout=10000)
    [offered] = answers["asked"]
    assert offered.original == project_path and offered.state.value == "newer"
    project = second.project
    assert project.path == project_path and second.isWindowModified()
    assert list(project.layer("households")["id"]) == [f"H{k:03d}" for k in range(5)]
    assert "临河镇" in second.windowTitle() and project_path.name in second.windowTitle()

    assert second.save()  # the recovered work is saved to the original file; copy removed
    assert len(Project.open(project_path).layer("households")) == 5
    assert list_recoveries(tmp_path / "autosave", include_running=True) == []


def test_discard_and_later(qtbot, settings, windows, answers, project_path, tmp_path):
    first = _window(settings, windows, project_path)
    _edit_and_autosave(qtbot, first)
    _crash(first)
    answers["answer"] = LATER
    second = _window(settings, windows)
    assert len(answers["asked"]) == 1 and second.project is None
    assert len(list_recoveries(tmp_path / "autosave")) == 1  # kept for later
    assert second.open_project(project_path)  # already put off in this session: not again
    QCoreApplication.processEvents()
    assert len(answers["asked"]) == 1

    answers["answer"] = DISCARD
    third = _window(settings, windows)
    assert len(answers["asked"]) == 2 and third.project is None
    assert list_recoveries(tmp_path / "autosave", include_running=True) == []


def test_opening_the_project_offers_its_copy(qtbot, settings, windows, answers, project_path):
    later = _window(settings, windows)  # started before the crash: nothing to offer yet
    first = _window(settings, windows, project_path)
    _edit_and_autosave(qtbot, first, n=3)
    _crash(first)
    assert answers["asked"] == []
    assert later.open_project(project_path)
    qtbot.waitUntil(lambda: len(later.project.layer("households")) == 3, timeout=10000)
    assert later.is_modified() and later.project.path == project_path


def test_save_and_clean_close_remove_the_copy(
    qtbot, settings, windows, answers, project_path, tmp_path, monkeypatch
):
    folder = tmp_path / "autosave"
    w = _window(settings, windows, project_path)
    _edit_and_autosave(qtbot, w)
    assert len(list_recoveries(folder, include_running=True)) == 1
    assert w.save()
    assert list_recoveries(folder, include_running=True) == []
    assert w.autosave_hook.autosave_now() is None  # nothing modified: nothing written

    _edit_and_autosave(qtbot, w, n=2)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
    )
    assert w.close()  # Discard: a clean close
    assert list_recoveries(folder, include_running=True) == []
    assert answers["asked"] == []


def test_autosave_off_when_minutes_is_zero(settings, windows):
    settings.setValue("autosave/minutes", 0)
    w = _window(settings, windows)
    assert not w.autosave_hook.timer.isActive()


def test_recovery_dialog_in_chinese(qtbot, settings, tmp_path, project_path):
    project = Project.open(project_path)
    base = FileSignature.of(project_path)
    project.set_layer("households", _households(4))
    recovery = write_recovery(tmp_path / "autosave", project.snapshot(), "s1", base)
    dialog = RecoveryDialog(recovery)
    qtbot.addWidget(dialog)
    texts = [b.text() for b in (dialog.recover_button, dialog.discard_button, dialog.later_button)]
    assert texts == ["恢复", "丢弃", "以后再说"]
    assert "自动保存" in dialog.text() and "临河镇" in dialog.text()
    assert "没有变化" in dialog.informativeText()
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = tmp_path / "recovery_dialog.png"
    assert dialog.grab().save(str(shot))
    out = os.environ.get("GISGRID_SHOT_DIR")  # to look at it: GISGRID_SHOT_DIR=/some/folder
    if out:
        dialog.grab().save(str(Path(out) / "recovery_dialog.png"))
    assert shot.stat().st_size > 5000


APP = textwrap.dedent(
    """
    import json, sys, time
    from PyQt6.QtCore import QCoreApplication
    from PyQt6.QtWidgets import QApplication
    QCoreApplication.setOrganizationName("gisgrid")
    QCoreApplication.setApplicationName("gisgrid")
    app = QApplication(["gisgrid-app"])
    from gisgrid.ui import autosave
    from gisgrid.ui.i18n import install_language
    from gisgrid.ui.main_window import MainWindow
    install_language("zh_CN", app)
    mode, path = sys.argv[1], sys.argv[2]
    window = MainWindow()
    window.show()
    if mode == "edit":
        window.open_project(path)
        project = window.project
        project.set_layer("households", project.layer("households").iloc[:7])
        window.layer_data_changed("households")
        window.autosave_hook.autosave_now()
        while "自动保存" not in window.statusBar().currentMessage():
            app.processEvents()
            time.sleep(0.01)
        print("autosaved", flush=True)
        while True:  # working on, until killed
            app.processEvents()
            time.sleep(0.01)
    asked = []
    autosave.ask = lambda parent, recovery: asked.append(str(recovery.copy)) or autosave.RECOVER
    deadline = time.monotonic() + 30
    while window.project is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    p = window.project
    print(json.dumps({"asked": asked, "path": str(p.path), "modified": window.is_modified(),
                      "households": len(p.layer("households"))}), flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_of_the_app_then_recovery_in_a_new_process(tmp_path, project_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),  # the default autosave folder goes here
    )
    app = subprocess.Popen(
        [sys.executable, "-c", APP, "edit", str(project_path)],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert app.stdout.readline().strip() == "autosaved"
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    [copy] = list((tmp_path / "data").rglob("autosave/*.gpkg"))
    run = subprocess.run(
        [sys.executable, "-c", APP, "recover", str(project_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["asked"] == [str(copy)]
    assert result["path"] == str(project_path) and result["modified"]
    assert result["households"] == 7
    assert len(Project.open(project_path).layer("households")) == 12  # the file untouched


def test_interval_set_in_the_settings_dialog(settings, windows):
    from gisgrid.ui.settings_dialog import SettingsDialog

    w = _window(settings, windows)
    dialog = SettingsDialog(settings, w)
    assert dialog.autosave.value() == 5 and dialog.autosave.specialValueText() == "关闭"
    dialog.autosave.setValue(2)
    dialog.accept()
    w.autosave_hook.apply_settings()  # as on the window's next activation
    assert w.autosave_hook.timer.isActive() and w.autosave_hook.timer.interval() == 120_000
    dialog = SettingsDialog(settings, w)
    dialog.autosave.setValue(0)
    dialog.accept()
    w.autosave_hook.apply_settings()
    assert not w.autosave_hook.timer.isActive()
