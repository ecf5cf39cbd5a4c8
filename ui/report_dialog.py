"""周调度材料: the weekly meeting pack (or monthly ranking) dialog, with a preview of page 1.

The dialog only collects a :class:`gisgrid.report.ReportParams` and an output folder; the work
is :func:`gisgrid.layers.report_web.build_pack` (XLSX + PDF + HTML) and the preview
:func:`run_preview`, each on a worker (:class:`gisgrid.ui.worker.Task`).
:func:`install_report` is the one call ``MainWindow.__init__`` makes: it adds the Tools menu
entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from gisgrid.layers.report_web import build_pack
from gisgrid.ui.worker import Task, dialog_task, start_detached
from PyQt6.QtCore import QEvent, QObject, Qt, QTimer
from PyQt6.QtGui import QAction, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisgrid.report import ReportParams, weekly_report
from gisgrid.report_pdf import first_page_png

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

PREVIEW_DPI = 40.0


def run_preview(
    project: Any,
    params: ReportParams,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """Gather the figures and render page 1 small (PNG bytes)."""
    params = ReportParams(**{**params.__dict__, "permutations": 999})  # a quick look
    return first_page_png(weekly_report(project, params, progress, cancelled), PREVIEW_DPI)


def recent_periods(project: Any, kind: str, count: int = 26) -> list[str]:
    """ISO weeks (``2026-W47``) or months (``2026-11``) back from the latest issue, newest first."""
    times = pd.to_datetime(project.layer("issues")["reported_at"]).dropna()
    last = times.max().date() if len(times) else date.today()
    if kind == "month":
        first = last.replace(day=1)
        out = []
        for _ in range(min(count, 12)):
            out.append(f"{first:%Y-%m}")
            first = (first - timedelta(days=1)).replace(day=1)
        return out
    out = []
    for k in range(count):
        year, week, _ = (last - timedelta(weeks=k)).isocalendar()
        out.append(f"{year}-W{week:02d}")
    return out


class ReportDialog(QDialog):
    """Choose week or month, privacy and folder; preview page 1; build the pack."""

    def __init__(self, project: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.result_paths: dict[str, Path] | None = None
        self._build_task: Task | None = None
        self._preview_task: Task | None = None
        self._preview_again = False

        self.kind = QComboBox()
        self.kind.addItem("", "week")
        self.kind.addItem("", "month")
        self.period = QComboBox()
        self.period.setEditable(True)
        self.show_contacts = QCheckBox()
        self.privacy_warning = QLabel()
        self.privacy_warning.setWordWrap(True)
        self.privacy_warning.setStyleSheet("color: #b00020;")
        self.privacy_warning.setVisible(False)
        self.folder = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.contents = QLabel()
        self.contents.setWordWrap(True)
        self.contents.setStyleSheet("color: #404040;")

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(300, 420)
        self.preview.setStyleSheet("background: #eef0f2; border: 1px solid #c8ccd0;")
        self.preview_note = QLabel()
        self.preview_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.build_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.build_button.clicked.connect(self.start_build)
        self.close_button.clicked.connect(self._close_or_cancel)

        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.kind)
        form.addRow(self.labels[1], self.period)
        form.addRow(self.labels[2], self.show_contacts)
        form.addRow(self.privacy_warning)
        form.addRow(self.labels[3], folder_row)
        form.addRow(self.contents)
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

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.update_preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentTextChanged.connect(lambda _t: self._timer.start())
        self.show_contacts.toggled.connect(self._contacts_toggled)
        if project.path is not None:
            self.folder.setText(str(Path(project.path).with_name("周调度材料")))
        self.retranslate_ui()
        self._kind_changed()
        self.resize(900, 560)

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Weekly meeting pack"))
        self.kind.setItemText(0, self.tr("Weekly meeting pack (周调度)"))
        self.kind.setItemText(1, self.tr("Monthly ranking (月度晾晒)"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Report:"),
                self.tr("Week / month:"),
                self.tr("Contacts:"),
                self.tr("Output folder:"),
            ),
        ):
            label.setText(text)
        self.show_contacts.setText(self.tr("Show names and phone numbers in full"))
        self.privacy_warning.setText(
            self.tr(
                "Privacy: the pack will contain cadres' full names and phone numbers. "
                "Only share it with people entitled to see them."
            )
        )
        self.contents.setText(
            self.tr(
                "Writes three files: an offline HTML page for the meeting screen, a printable "
                "A4 PDF and the Excel ledger (demand, resolved and overdue lists, per grid)."
            )
        )
        self.browse.setText(self.tr("Browse…"))
        self.build_button.setText(self.tr("Build pack"))
        self.close_button.setText(self.tr("Close"))
        self.preview_note.setText(self.tr("Preview of page 1"))

    # -- choices --------------------------------------------------------------------------
    def params(self) -> ReportParams:
        """Return the parameters chosen in the dialog."""
        text = self.period.currentText().strip()
        key = "week" if self.kind.currentData() == "week" else "month"
        return ReportParams(**{key: text}, show_contacts=self.show_contacts.isChecked())

    def _kind_changed(self) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems(recent_periods(self.project, str(self.kind.currentData())))
        self.period.blockSignals(False)
        self._timer.start()

    def _contacts_toggled(self, on: bool) -> None:
        self.privacy_warning.setVisible(on)
        self._timer.start()

    def _choose_folder(self) -> None:
        start = self.folder.text() or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), start)
        if path:
            self.folder.setText(path)

    # -- preview --------------------------------------------------------------------------
    def update_preview(self) -> Task | None:
        """Render page 1 on a worker; a change meanwhile renders again after it."""
        if self._preview_task is not None:
            self._preview_again = True
            return self._preview_task
        task = dialog_task(run_preview, self.project, self.params())
        task.finished.connect(self._preview_ready)
        task.failed.connect(self._preview_failed)
        task.done.connect(self._preview_done)
        self._preview_task = task
        self.preview_note.setText(self.tr("Rendering the preview…"))
        return start_detached(task)

    def _preview_ready(self, png: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.contentsRect().size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.preview_note.setText(self.tr("Preview of page 1"))

    def _preview_failed(self, text: str) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(text)
        self.preview_note.setText(self.tr("No preview"))

    def _preview_done(self) -> None:
        self._preview_task = None
        if self._preview_again:
            self._preview_again = False
            self.update_preview()

    # -- build ----------------------------------------------------------------------------
    def start_build(self) -> Task | None:
        """Write the pack on a worker with progress; errors are shown in the dialog."""
        folder = self.folder.text().strip()
        if not folder:
            self._show_message(self.tr("Choose an output folder first."), error=True)
            return None
        task = dialog_task(build_pack, self.project, Path(folder), self.params())
        task.progress.connect(lambda f, _m: self.progress.setValue(int(f * 1000)))
        task.finished.connect(self._built)
        task.failed.connect(lambda text: self._show_message(text, error=True))
        task.cancelled.connect(lambda: self._show_message(self.tr("Cancelled.")))
        task.done.connect(self._build_done)
        self._build_task = task
        self.build_button.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._show_message(self.tr("Building the pack…"))
        return start_detached(task)

    def _built(self, paths: dict[str, Path]) -> None:
        self.result_paths = dict(paths)
        names = "\n".join(str(p) for p in paths.values())
        self._show_message(self.tr("Written:\n{files}").format(files=names))

    def _build_done(self) -> None:
        self._build_task = None
        self.build_button.setEnabled(True)
        self.progress.setVisible(False)
        self.close_button.setText(self.tr("Close"))

    def _close_or_cancel(self) -> None:
        if self._build_task is not None:
            self._build_task.cancel()
            return
        self.reject()

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def done(self, result: int) -> None:  # noqa: D102 (Qt override: stop work before closing)
        for task in (self._build_task, self._preview_task):
            if task is not None:
                task.cancel()
        super().done(result)


class ReportHook(QObject):
    """Owns the Tools → Weekly meeting pack… action of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.dialog: ReportDialog | None = None
        self.action = QAction(window)
        self.action.triggered.connect(self.open_dialog)
        window.actions_.tools_menu.addSeparator()
        window.actions_.tools_menu.addAction(self.action)
        window.installEventFilter(self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set the action's text in the current language."""
        self.action.setText(self.tr("&Weekly meeting pack…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Retranslate with the window."""
        if watched is getattr(self, "w", None) and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False

    def open_dialog(self) -> ReportDialog | None:
        """Open the dialog over the current project (nothing without one)."""
        project = self.w.project
        if project is None:
            self.w.show_error(self.tr("Open a project first."))
            return None
        self.dialog = ReportDialog(project, self.w)
        self.dialog.open()
        self.dialog.update_preview()
        return self.dialog


def install_report(window: MainWindow) -> ReportHook:
    """Add Tools → Weekly meeting pack… to ``window``."""
    hook = ReportHook(window)
    window.report_hook = hook  # type: ignore[attr-defined]
    return hook
