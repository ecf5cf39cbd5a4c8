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
from gisgrid.ui.dialog_support import PreviewTaskDialog
from gisgrid.ui.worker import Task, dialog_task
from PyQt6.QtCore import QEvent, QObject
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gisgrid.report import ReportParams, weekly_report
from gisgrid.report_pdf import first_page_png

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

PREVIEW_DPI = 40.0
PREVIEW_DELAY_MS = 500  # wait for the user to stop choosing before rendering again


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


class ReportDialog(PreviewTaskDialog):
    """Choose week or month, privacy and folder; preview page 1; build the pack."""

    def __init__(self, project: Any, parent: QWidget | None = None) -> None:
        super().__init__(project, PREVIEW_DELAY_MS, parent)
        self.result_paths: dict[str, Path] | None = None

        self.kind = QComboBox()
        self.kind.addItem("", "week")
        self.kind.addItem("", "month")
        self.period = QComboBox()
        self.period.setEditable(True)
        self.folder = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.contents = QLabel()
        self.contents.setWordWrap(True)
        self.contents.setStyleSheet("color: #404040;")
        self.run_button.clicked.connect(self.start_build)

        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.kind)
        form.addRow(self.labels[1], self.period)
        form.addRow(self.labels[2], self.show_contacts)
        form.addRow(self.privacy_warning)
        form.addRow(self.labels[3], folder_row)
        form.addRow(self.contents)
        self.lay_out(form, preview_height=420)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentTextChanged.connect(lambda _t: self._timer.start())
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
        self.run_button.setText(self.tr("Build pack"))
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

    def _choose_folder(self) -> None:
        start = self.folder.text() or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), start)
        if path:
            self.folder.setText(path)

    # -- preview --------------------------------------------------------------------------
    def preview_job(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """Return :func:`run_preview` and its arguments."""
        return run_preview, (self.project, self.params())

    def preview_ready(self, png: bytes) -> None:
        """Show page 1."""
        self.show_png(png)
        self.preview_note.setText(self.tr("Preview of page 1"))

    # -- build ----------------------------------------------------------------------------
    def start_build(self) -> Task | None:
        """Write the pack on a worker with progress; errors are shown in the dialog."""
        folder = self.folder.text().strip()
        if not folder:
            self.show_message(self.tr("Choose an output folder first."), error=True)
            return None
        task = dialog_task(build_pack, self.project, Path(folder), self.params())
        task.finished.connect(self._built)
        task.cancelled.connect(self._cancelled)
        return self.start_work(task, self.tr("Building the pack…"))

    def _cancelled(self) -> None:
        self.show_message(self.tr("Cancelled."))

    def _built(self, paths: dict[str, Path]) -> None:
        self.result_paths = dict(paths)
        names = "\n".join(str(p) for p in paths.values())
        self.show_message(self.tr("Written:\n{files}").format(files=names))


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
