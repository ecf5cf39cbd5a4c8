"""The app's side of project locks (:mod:`gisgrid.locking`): one writer per project file.

Opening a project takes its lock as ``"gisgrid app"``. When another program (or another
window of this one) holds it, a box names the holder and offers to open it read-only or to
cancel; a lock left on another computer may also be broken there, after a warning. A
read-only window shows 只读 in its title, and Save goes to Save As: its edits stay in memory
and are never written to the held file. The lock is released when the window closes or shows
another project, and Save As to a new file moves it there.

Unattended (``quiet``) windows, such as ``--screenshot`` runs, only look: they take no lock.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtWidgets import QApplication, QMessageBox

from gisgrid.errors import GisgridError
from gisgrid.locking import LockStatus, ProjectLock, ProjectLockedError, break_lock
from gisgrid.project import Project

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

PROGRAM = "gisgrid app"
READ_ONLY, BREAK, CANCEL = "read_only", "break", "cancel"


@dataclass
class _Claim:
    """How the window may use the file of a project about to be shown."""

    path: Path | None
    lock: ProjectLock | None = None
    read_only: bool = False
    holder: str = ""  # who holds it, when read-only


class ProjectLockHook(QObject):
    """Holds the lock of the window's project, or marks the window read-only.

    Attributes
    ----------
    lock : ProjectLock or None
        The lock this window holds on its project's file.
    read_only : bool
        True when someone else holds the file: saving there is refused.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.lock: ProjectLock | None = None
        self.read_only = False
        self.holder_text = ""  # who holds the file, while read-only
        self._incoming: _Claim | None = None  # from open() until the project is shown
        window.projectShown.connect(self._project_shown)

    # -- opening --------------------------------------------------------------------------
    def open(self, path: str | os.PathLike) -> Project | None:
        """Lock ``path`` (asking if someone holds it) and open it; None if cancelled or failed.

        The lock becomes the window's once the project is shown.
        """
        path = Path(path).resolve()
        lock, read_only, holder = None, False, ""
        if not self.w.quiet and path.exists():
            try:
                lock = self._take(path)
            except ProjectLockedError as exc:
                holder = self._holder(exc.status)
                choice = self.ask(exc)
                if choice == CANCEL:
                    return None
                if choice == BREAK:
                    lock = self.w.guarded(self._break_and_take, path)
                    if lock is None:
                        return None
                read_only = lock is None
            except GisgridError as exc:  # e.g. a read-only folder: look, but never write
                self.w.show_error(str(exc))
                read_only = True
        project = self.w.guarded(Project.open, path)
        if project is None:
            if lock is not None and lock is not self.lock:
                lock.release()
            return None
        self._incoming = _Claim(path, lock, read_only, holder)
        return project

    def _take(self, path: Path) -> ProjectLock:
        if self.lock is not None and self.lock.path == path and self.lock.held:
            return self.lock  # opened again in the same window
        lock = ProjectLock.acquire(path, PROGRAM)
        if lock.note:
            self.w.status.showMessage(lock.note, 10000)
        return lock

    def _break_and_take(self, path: Path) -> ProjectLock:
        break_lock(path)
        return self._take(path)

    def ask(self, error: ProjectLockedError) -> str:
        """Ask what to do with a held project: ``"read_only"``, ``"break"`` or ``"cancel"``."""
        box = QMessageBox(self.w)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Project in use"))
        box.setText(self.locked_text(error.path, error.status))
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        breaking = None
        if error.status.alive is None:  # on another computer: we cannot see whether it runs
            breaking = box.addButton(
                self.tr("Break the lock…"), QMessageBox.ButtonRole.DestructiveRole
            )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        waiting = QApplication.overrideCursor() is not None
        if waiting:  # opening shows a wait cursor; not while the user decides
            QApplication.restoreOverrideCursor()
        box.exec()
        if waiting:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        clicked = box.clickedButton()
        if clicked is read_only:
            return READ_ONLY
        if breaking is not None and clicked is breaking and self._confirm_break(error):
            return BREAK
        return CANCEL

    def _confirm_break(self, error: ProjectLockedError) -> bool:
        answer = QMessageBox.warning(
            self.w,
            self.tr("Break the lock"),
            self.tr(
                "Only break the lock if {holder} has really closed the project (or that "
                "computer is off). Otherwise that program can no longer save, and one of the "
                "two sets of changes is lost. Break it?"
            ).format(holder=self._holder(error.status)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def locked_text(self, path: Path, status: LockStatus) -> str:
        """Return the box text naming who holds ``path`` and what the user can do."""
        if status.ours:
            head = self.tr("{name} is already open in another window of this program.").format(
                name=Path(path).name
            )
        else:
            head = self.tr("{name} is in use by {holder}.").format(
                name=Path(path).name, holder=self._holder(status)
            )
        advice = self.tr(
            "Save and close it there, then open it again; or open it read-only here: you can "
            "look and try changes, and keep them with Save As under another name."
        )
        if status.alive is None and not status.ours:
            advice += " " + self.tr(
                "If that program has closed (for example the computer was switched off), "
                "you can break the lock."
            )
        return f"{head}\n\n{advice}"

    def _holder(self, status: LockStatus) -> str:
        info = status.info
        if info is None:
            return self.tr("another program (its lock file cannot be read)")
        return self.tr("{program} of {user}@{host} (process {pid}, since {since})").format(
            program=info.program, user=info.user, host=info.host, pid=info.pid, since=info.since
        )

    # -- the window's project changed -----------------------------------------------------------
    def _project_shown(self) -> None:
        project = self.w.project
        path = project.path.resolve() if project is not None and project.path else None
        claim, self._incoming = self._incoming, None
        if claim is None or claim.path != path:
            if claim is not None and claim.lock not in (None, self.lock):
                claim.lock.release()  # opened, but not shown after all
            claim = self._claim_quietly(path)
        if self.lock is not None and self.lock is not claim.lock:
            self.lock.release()
        self.lock, self.read_only, self.holder_text = claim.lock, claim.read_only, claim.holder
        if self.read_only and path is not None:
            holder = self.holder_text or self.tr("another program")
            text = self.tr("Read-only: {name} is in use by {holder}; Save As keeps your changes.")
            self.w.status.showMessage(text.format(name=path.name, holder=holder), 0)
        self.w._update_title()

    def _claim_quietly(self, path: Path | None) -> _Claim:
        """Lock a project shown without :meth:`open` (new, created, recovered); never asks."""
        if path is None or self.w.quiet:
            return _Claim(path)
        try:
            return _Claim(path, lock=self._take(path))
        except ProjectLockedError as exc:
            return _Claim(path, read_only=True, holder=self._holder(exc.status))
        except GisgridError:
            return _Claim(path, read_only=True)

    # -- saving ---------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> Path:
        """Save the project to ``path``, holding that file's lock (Save As moves the lock).

        Raises
        ------
        GisgridError
            :class:`~gisgrid.locking.ProjectLockedError` if another program holds ``path``
            (nothing is written), or the save's own errors.
        """
        project = self.w.project
        assert project is not None
        target = Path(path).resolve()
        if self.lock is not None and self.lock.path == target and self.lock.held:
            return project.save(target)
        new = None if self.w.quiet else ProjectLock.acquire(target, PROGRAM)
        try:
            saved = project.save(target)
        except BaseException:
            if new is not None:
                new.release()
            raise
        if self.lock is not None:
            self.lock.release()
        self.lock, self.read_only, self.holder_text = new, False, ""
        return saved

    def title(self, title: str) -> str:
        """Return the window title, marked 只读 while read-only."""
        return self.tr("[Read-only] {title}").format(title=title) if self.read_only else title

    def release(self) -> None:
        """Give up the lock (the window closes)."""
        if self.lock is not None:
            self.lock.release()
        self.lock, self.read_only, self.holder_text = None, False, ""


def install_project_lock(window: MainWindow) -> ProjectLockHook:
    """Give ``window`` project locking: ``window.project_lock``."""
    hook = ProjectLockHook(window)
    window.project_lock = hook  # type: ignore[attr-defined]
    return hook
