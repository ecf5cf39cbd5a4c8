"""Autosave in the app: a timer writes recovery copies; after a crash the next start offers them.

Every N minutes (setting ``autosave/minutes``, default 5, 0 = off) a modified project is
copied on the GUI thread (:meth:`Project.snapshot`, milliseconds) and written on a worker with
:func:`gisgrid.autosave.write_recovery`. A normal save, a clean close or leaving the project
(after Save or Discard) removes the session's copy. At start, and when a project is opened,
copies left by a session that is gone are offered: 恢复 opens the copy as the unsaved state of
its project (path: the original file), 丢弃 removes it, 以后再说 keeps it for later.

Copies live in ``QStandardPaths.AppDataLocation/autosave`` (setting ``autosave/directory``
overrides it, as tests do).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gisgrid.ui.worker import Task
from PyQt6.QtCore import QEvent, QObject, QStandardPaths, QTimer
from PyQt6.QtWidgets import QMessageBox, QWidget

from gisgrid.autosave import (
    FileSignature,
    Recovery,
    RecoveryState,
    list_recoveries,
    recovery_key,
    write_recovery,
)

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

DEFAULT_MINUTES = 5
RECOVER, DISCARD, LATER = "recover", "discard", "later"


def autosave_directory(settings: Any) -> Path:
    """Return the folder for recovery copies: the setting, else the per-user app data one."""
    chosen = settings.value("autosave/directory", "")
    if chosen:
        return Path(str(chosen))
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(data) / "autosave"


def autosave_minutes(settings: Any) -> int:
    """Minutes between autosaves (0: off)."""
    try:
        return max(0, int(settings.value("autosave/minutes", DEFAULT_MINUTES)))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES


class RecoveryDialog(QMessageBox):
    """Offers one recovery copy: 恢复 / 丢弃 / 以后再说, saying how it relates to the file."""

    def __init__(self, recovery: Recovery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self.setText(self._text())
        self.setInformativeText(self._state_text())
        self.recover_button = self.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(
            self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.later_button = self.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.recover_button)
        self.setEscapeButton(self.later_button)

    def _text(self) -> str:
        r = self.recovery
        where = str(r.original) if r.original is not None else self.tr("a project not yet saved")
        return self.tr(
            "gisgrid was not closed normally. Unsaved work on “{name}” ({where}) was autosaved "
            "at {time}."
        ).format(name=r.name, where=where, time=r.autosaved.strftime("%Y-%m-%d %H:%M"))

    def _state_text(self) -> str:
        state = self.recovery.state
        if state is RecoveryState.NEWER:
            return self.tr(
                "The project file has not changed since: the autosaved copy holds newer work."
            )
        if state is RecoveryState.FILE_MISSING:
            return self.tr(
                "The project file is no longer there; recovering lets you save the work again."
            )
        if state is RecoveryState.UNSAVED:
            return self.tr("The project was never saved; recovering lets you save it now.")
        if self.recovery.file_saved_after:
            return self.tr(
                "Caution: the project file was saved after this autosave. Recovering shows the "
                "older autosaved work; saving it would replace the newer file."
            )
        return self.tr(
            "Caution: the project file changed since this work began (saved elsewhere?). "
            "Recovering shows the autosaved work; saving it would replace the file's changes."
        )

    def choice(self) -> str:
        """Show the dialog; return :data:`RECOVER`, :data:`DISCARD` or :data:`LATER`."""
        self.exec()
        clicked = self.clickedButton()
        if clicked is self.recover_button:
            return RECOVER
        if clicked is self.discard_button:
            return DISCARD
        return LATER


def ask(parent: QWidget, recovery: Recovery) -> str:
    """Ask what to do with ``recovery`` (tests replace this function)."""
    return RecoveryDialog(recovery, parent).choice()


class AutosaveHook(QObject):
    """Autosave and recovery for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.directory = autosave_directory(window.settings)
        self.session = uuid.uuid4().hex[:12]
        self.project: Any = None
        self.base: FileSignature | None = None  # the project file when the work began
        self.key: str | None = None  # file stem of this session's copy of the project
        self.task: Task | None = None
        self._offered: set[str] = set()
        self._adopted: Recovery | None = None
        self._closing = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.autosave_now)
        self.apply_settings()
        window.projectShown.connect(self._project_shown)
        window.installEventFilter(self)
        QTimer.singleShot(0, self.offer_all)

    def apply_settings(self) -> None:
        """Start, restart or stop the timer as the ``autosave/minutes`` setting says."""
        interval = autosave_minutes(self.window.settings) * 60_000
        if not interval:
            self.timer.stop()
        elif interval != self.timer.interval() or not self.timer.isActive():
            self.timer.start(interval)

    # -- writing --------------------------------------------------------------------------
    def autosave_now(self) -> Task | None:
        """Write a recovery copy of the modified project on a worker (None: nothing to do)."""
        project = self.window.project
        if project is None or project is not self.project or self.key is None:
            return None
        if not self.window.is_modified():
            self.remove_own()  # saved meanwhile
            return None
        if self.task is not None and self.task.running:
            return None
        snapshot = project.snapshot()
        task = Task(write_recovery, self.directory, snapshot, self.session, self.base, self.key)
        task.setParent(self)
        task.finished.connect(lambda recovery: self._written(recovery, project))
        task.failed.connect(self._failed)
        self.task = task
        task.start()
        return task

    def _written(self, recovery: Recovery, project: Any) -> None:
        if project is not self.project or recovery.key != self.key:
            recovery.discard()  # the project was saved, closed or left meanwhile
            return
        self.base = recovery.base  # hashed now
        time = recovery.autosaved.strftime("%H:%M")
        self.window.status.showMessage(self.tr("Autosaved {time}").format(time=time), 8000)

    def _failed(self, text: str) -> None:
        self.window.status.showMessage(self.tr("Autosave failed: {0}").format(text), 10000)

    def remove_own(self) -> None:
        """Remove this session's copy of the current project (saved, closed or left)."""
        if self.key is None:
            return
        for suffix in (".json", ".gpkg"):
            (self.directory / f"{self.key}{suffix}").unlink(missing_ok=True)

    # -- following the window -----------------------------------------------------------------
    def _project_shown(self) -> None:
        project = self.window.project
        if project is self.project:
            return
        self.remove_own()  # the user saved or discarded the previous project's work
        self.project = project
        adopted, self._adopted = self._adopted, None
        if project is None:
            self.key, self.base = None, None
        elif adopted is not None:  # a recovered copy: go on writing to it
            self.key, self.base = adopted.key, adopted.base
        else:
            self.key = recovery_key(project.path, self.session)
            self.base = FileSignature.of(project.path)
            if project.path is not None:
                QTimer.singleShot(0, lambda: self.offer_for(project))

    def offer_for(self, project: Any) -> bool:
        """Offer the copies of ``project``'s file that a gone session left (if still shown)."""
        if project is not self.window.project:
            return False
        return self.offer(list_recoveries(self.directory, project.path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Drop the copy when the window is saved or closed cleanly; re-read the interval."""
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.apply_settings()  # e.g. back from the settings dialog
        elif watched is self.window and event.type() == QEvent.Type.ModifiedChange:
            if self.project is not None and not self.window.is_modified():
                self._saved()
        elif watched is self.window and event.type() == QEvent.Type.Close:
            self._closing = True  # accepted if the window hides now; else the user cancelled
            QTimer.singleShot(0, self._close_cancelled)
        elif watched is self.window and event.type() == QEvent.Type.Hide and self._closing:
            self._closing = False
            self.timer.stop()
            self.remove_own()  # a clean close: saved or discarded
        return False

    def _saved(self) -> None:
        self.remove_own()
        path = self.project.path
        self.key = recovery_key(path, self.session)  # Save As: the new file
        self.base = FileSignature.of(path)

    def _close_cancelled(self) -> None:
        self._closing = False

    # -- offering -------------------------------------------------------------------------------
    def offer_all(self) -> None:
        """At start: offer the copies of every project whose session is gone."""
        self.offer(list_recoveries(self.directory))

    def offer(self, recoveries: list[Recovery]) -> bool:
        """Offer ``recoveries`` newest first until one is recovered or put off; True: recovered."""
        if self.window.quiet:
            return False
        for recovery in recoveries:
            if recovery.key in self._offered or recovery.key == self.key:
                continue
            self._offered.add(recovery.key)
            choice = ask(self.window, recovery)
            if choice == RECOVER:
                return self.recover(recovery)
            if choice == DISCARD:
                recovery.discard()
                continue
            return False
        return False

    def recover(self, recovery: Recovery) -> bool:
        """Show ``recovery`` as the unsaved state of its project (after asking about others)."""
        if not self.window.maybe_save():
            return False
        project = self.window.guarded(recovery.open)
        if project is None:
            return False
        self._adopted = recovery
        self.window.set_project(project)
        self.window.status.showMessage(
            self.tr("Recovered the work autosaved at {time}; save it to keep it").format(
                time=recovery.autosaved.strftime("%H:%M")
            ),
            10000,
        )
        return True


def install_autosave(window: MainWindow) -> AutosaveHook:
    """Give ``window`` autosave and crash recovery."""
    hook = AutosaveHook(window)
    window.autosave_hook = hook  # type: ignore[attr-defined]
    return hook

