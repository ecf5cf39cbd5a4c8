"""The app and project locks: read-only when held elsewhere, Save refused there, lock moves."""

import json
import os
import socket
import subprocess
import sys

import coverage_case
import pytest
from gisgrid.ui.main_window import MainWindow
from lock_case import held_elsewhere, kill, leftovers
from PyQt6.QtWidgets import QFileDialog, QMessageBox

from gisgrid.locking import holder, lock_path
from gisgrid.project import Project


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "town.gpkg"
    coverage_case.build(path)
    yield path
    assert leftovers(tmp_path) == []  # windows closed: no lock left behind


@pytest.fixture
def boxes(monkeypatch):
    """Answer the 'project in use' box with ``boxes.answer`` (a button text); keep its text."""

    class Boxes:
        answer = "只读打开"
        texts: list = []

        @staticmethod
        def exec_(box):
            Boxes.texts.append(box.text())
            if Boxes.answer == "cancel":
                target = box.button(QMessageBox.StandardButton.Cancel)
            else:
                target = next(b for b in box.buttons() if b.text() == Boxes.answer)
            monkeypatch.setattr(box, "clickedButton", lambda: target)
            return 0

    Boxes.texts = []
    monkeypatch.setattr(QMessageBox, "exec", Boxes.exec_)
    return Boxes


@pytest.fixture
def window(settings, qtbot):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    yield w
    w.undo_stack.setClean()
    w.close()


def test_open_takes_the_lock_and_close_releases_it(window, project_path):
    assert window.open_project(project_path)
    info = holder(project_path)
    assert (info.program, info.pid) == ("gisgrid app", os.getpid())
    assert not window.project_lock.read_only and "只读" not in window.windowTitle()
    window.close()
    assert holder(project_path) is None and not lock_path(project_path).exists()


def test_held_elsewhere_opens_read_only_and_save_is_refused(
    window, project_path, boxes, messages, monkeypatch, tmp_path
):
    before = project_path.read_bytes()
    with held_elsewhere(project_path, "gisgrid app") as child:
        assert window.open_project(project_path)
        text = boxes.texts[0]
        assert "town.gpkg" in text and f"@{socket.gethostname()}" in text
        assert str(child.pid) in text and "gisgrid app" in text
        assert window.project_lock.read_only and "只读" in window.windowTitle()
        assert window.edit_attribute("villages", 0, "name", "张庄村")  # edits stay in memory
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, **k: (str(project_path), "")
        )
        assert not window.save()  # Save goes to Save As; the held file is refused
        assert messages and str(child.pid) in messages[-1]
        assert project_path.read_bytes() == before and holder(project_path).pid == child.pid
        copy = tmp_path / "copy.gpkg"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
        assert window.save()  # Save As elsewhere keeps the changes, and locks the copy
        assert not window.project_lock.read_only and holder(copy).pid == os.getpid()
        assert Project.open(copy).layer("villages")["name"].iloc[0] == "张庄村"
    assert project_path.read_bytes() == before  # the first holder's data intact
    window.close()
    assert not lock_path(copy).exists()


def test_cancel_leaves_the_window_as_it_was(window, project_path, boxes):
    boxes.answer = "cancel"
    with held_elsewhere(project_path):
        assert not window.open_project(project_path)
    assert window.project is None


def test_second_window_of_the_app_is_refused(window, settings, qtbot, project_path, boxes):
    assert window.open_project(project_path)
    second = MainWindow(settings)
    qtbot.addWidget(second)
    boxes.answer = "cancel"
    assert not second.open_project(project_path)
    assert "已在本程序的另一个窗口中打开" in boxes.texts[0]
    boxes.answer = "只读打开"
    assert second.open_project(project_path) and second.project_lock.read_only
    second.close()
    assert holder(project_path).pid == os.getpid()  # the first window still holds it


def test_cli_write_refused_while_the_app_holds_it(window, project_path):
    assert window.open_project(project_path)
    before = project_path.read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "gisgrid.cli", "assign", str(project_path), "--apply"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "gisgrid app" in run.stderr and f"进程 {os.getpid()}" in run.stderr
    assert project_path.read_bytes() == before
    info = subprocess.run(
        [sys.executable, "-m", "gisgrid.cli", "info", str(project_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert info.returncode == 0 and "临河镇" in info.stdout


def test_save_as_moves_the_lock_and_opening_another_releases_it(window, project_path, tmp_path):
    assert window.open_project(project_path)
    other = tmp_path / "other.gpkg"
    assert window.save_as(other)
    assert holder(project_path) is None and holder(other).pid == os.getpid()
    assert window.open_project(project_path)
    assert holder(other) is None and holder(project_path).pid == os.getpid()


def test_stale_lock_is_taken_over_without_asking(window, project_path, boxes):
    with held_elsewhere(project_path) as child:
        kill(child)
        assert window.open_project(project_path)
    assert boxes.texts == [] and not window.project_lock.read_only
    assert holder(project_path).pid == os.getpid()


def test_lock_from_another_computer_can_be_broken(window, project_path, boxes, monkeypatch):
    info = {"user": "张三", "host": "DESKTOP-01", "pid": 4242, "program": "gisgrid app",
            "started": "2026-11-20T09:12:00"}  # fmt: skip
    lock_path(project_path).write_text(json.dumps(info), encoding="utf-8")
    warned = []

    def warning(parent, title, text, *a, **k):
        warned.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warning)
    boxes.answer = "解除锁定…"
    assert window.open_project(project_path)
    assert "张三@DESKTOP-01" in boxes.texts[0] and "4242" in boxes.texts[0]
    assert warned and "张三@DESKTOP-01" in warned[0]
    assert not window.project_lock.read_only and holder(project_path).pid == os.getpid()
