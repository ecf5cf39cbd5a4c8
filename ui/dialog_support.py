"""What the export and report dialogs share: a page-1 preview and one long task, on workers.

:class:`PreviewTaskDialog` holds the preview (rendered again, once, if the choices changed
meanwhile), the long task with its progress bar and Cancel, the message line, the privacy
warning of the "show contacts" box, and the rule that closing cancels whatever still runs.
Its tasks come from :func:`gisgrid.ui.worker.dialog_task`: they outlive a closed dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gisgrid.ui.worker import Task, dialog_task, start_detached
from PyQt6.QtCore import QCoreApplication, Qt, QTimer
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

# Texts here use QCoreApplication.translate("PreviewTaskDialog", …) with literals: PyQt's
# self.tr() would look them up under the subclass's name, where pylupdate6 does not put them.


class PreviewTaskDialog(QDialog):
    """A form beside a preview, over a message line, a progress bar and Run / Close buttons.

    A subclass builds its form, calls :meth:`lay_out`, and supplies :meth:`preview_job` and
    :meth:`preview_ready`; its start method makes a task with :func:`dialog_task`, connects
    the finished and cancelled signals it cares about, and hands it to :meth:`start_work`.

    Parameters
    ----------
    project
        The open project the dialog works on.
    preview_delay_ms
        How long the choices must stay still before the preview is rendered again.
    parent
        The owning window.
    """

    def __init__(self, project: Any, preview_delay_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._work_task: Task | None = None
        self._preview_task: Task | None = None
        self._preview_again = False

        self.show_contacts = QCheckBox()
        self.show_contacts.setChecked(False)
        self.privacy_warning = QLabel()
        self.privacy_warning.setWordWrap(True)
        self.privacy_warning.setStyleSheet("color: #b00020;")
        self.privacy_warning.setVisible(False)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #eef0f2; border: 1px solid #c8ccd0;")
        self.preview_note = QLabel()
        self.preview_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self._close_or_cancel)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(preview_delay_ms)
        self._timer.timeout.connect(self.update_preview)
        self.show_contacts.toggled.connect(self._contacts_toggled)

    def lay_out(self, form: QFormLayout, preview_height: int) -> None:
        """Put ``form`` beside the preview, above the message, progress bar and buttons."""
        self.preview.setMinimumSize(300, preview_height)
        side = QVBoxLayout()
        side.addWidget(self.preview, 1)
        side.addWidget(self.preview_note)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    # -- preview --------------------------------------------------------------------------
    def preview_job(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        """Return the preview's function and arguments, or None (with a message) if unusable."""
        raise NotImplementedError

    def preview_ready(self, result: Any) -> None:
        """Show what the preview function returned (a subclass calls :meth:`show_png`)."""
        raise NotImplementedError

    def update_preview(self) -> Task | None:
        """Render the preview on a worker; a change meanwhile renders again after it."""
        if self._preview_task is not None:
            self._preview_again = True
            return self._preview_task
        job = self.preview_job()
        if job is None:
            return None
        function, args = job
        task = dialog_task(function, *args)
        task.finished.connect(self.preview_ready)
        task.failed.connect(self._preview_failed)
        task.done.connect(self._preview_done)
        self._preview_task = task
        self.preview_note.setText(
            QCoreApplication.translate("PreviewTaskDialog", "Rendering the preview…")
        )
        return start_detached(task)

    def show_png(self, png: bytes) -> None:
        """Show a rendered page in the preview, scaled to fit."""
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.contentsRect().size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _preview_failed(self, text: str) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(text)
        self.preview_note.setText(QCoreApplication.translate("PreviewTaskDialog", "No preview"))

    def _preview_done(self) -> None:
        self._preview_task = None
        if self._preview_again:
            self._preview_again = False
            self.update_preview()

    def _contacts_toggled(self, on: bool) -> None:
        self.privacy_warning.setVisible(on)
        self._timer.start()

    # -- the long task --------------------------------------------------------------------
    def start_work(self, task: Task, announce: str) -> Task:
        """Start ``task`` as the dialog's work: progress bar, Cancel, failures as messages."""
        task.progress.connect(self._progress)
        task.failed.connect(self._failed)
        task.done.connect(self._work_done)
        self._work_task = task
        self.run_button.setEnabled(False)
        self.close_button.setText(QCoreApplication.translate("PreviewTaskDialog", "Cancel"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.show_message(announce)
        return start_detached(task)

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` below the form, red for an error, green otherwise."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))

    def _failed(self, text: str) -> None:
        self.show_message(text, error=True)

    def _work_done(self) -> None:
        self._work_task = None
        self.run_button.setEnabled(True)
        self.progress.setVisible(False)
        self.close_button.setText(QCoreApplication.translate("PreviewTaskDialog", "Close"))

    def _close_or_cancel(self) -> None:
        if self._work_task is not None:
            self._work_task.cancel()
            return
        self.reject()

    def done(self, result: int) -> None:  # noqa: D102 (Qt override: stop work before closing)
        for task in (self._work_task, self._preview_task):
            if task is not None:
                task.cancel()
        super().done(result)
