"""导出网格责任图: the cadre-coverage export (PDF atlas, PNG, HTML, Excel roster) with a preview.

The dialog only collects :class:`gisgrid.export.coverage.CoverageMapParams` and a file name;
the work is :func:`gisgrid.layers.coverage.export_coverage` / :func:`gisgrid.roster.write_roster`
and the preview :func:`gisgrid.layers.coverage.coverage_preview`, each on a worker
(:class:`gisgrid.ui.worker.Task`) so the window never freezes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gisgrid.layers.coverage import coverage_preview, export_coverage
from gisgrid.ui.attribute_table import format_value
from gisgrid.ui.dialog_support import PreviewTaskDialog
from gisgrid.ui.worker import Task, dialog_task
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gisgrid.errors import InputError
from gisgrid.export.coverage import CoverageMapParams
from gisgrid.roster import write_roster

#: Format key → file suffix.
FORMATS: dict[str, str] = {"pdf": ".pdf", "png": ".png", "html": ".html", "xlsx": ".xlsx"}
PREVIEW_DPI = 40.0
PREVIEW_DELAY_MS = 400  # wait for the user to stop clicking before rendering again


def run_export(
    project: Any,
    out: str | Path,
    params: CoverageMapParams,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the export chosen by ``out``'s suffix (.pdf/.png/.html map or .xlsx roster)."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        path = write_roster(project, out, show_contacts=params.show_contacts)
        if progress is not None:
            progress(1.0, out.name)
        return path
    return export_coverage(project, out, params, progress, cancelled).path


def run_preview(
    project: Any,
    params: CoverageMapParams,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes, int]:
    """Render the first page of the print export small: ``(png bytes, pages)``."""
    return coverage_preview(project, params, page=0, dpi=PREVIEW_DPI)


class ExportDialog(PreviewTaskDialog):
    """Choose format, village, paper and privacy of a coverage export; preview; export."""

    def __init__(self, project: Any, parent: QWidget | None = None) -> None:
        super().__init__(project, PREVIEW_DELAY_MS, parent)
        self.result_path: Path | None = None

        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem("", key)
        self.village = QComboBox()
        self.village.addItem("", None)
        villages = project.layer("villages")
        for code, name in zip(villages["code"].astype(object), villages["name"].astype(object)):
            code, name = format_value(code), format_value(name)
            self.village.addItem(f"{name} ({code})" if name else code, code)
        self.paper = QComboBox()
        self.paper.addItems(["A4", "A3"])
        self.landscape = QCheckBox()
        self.color_by = QComboBox()
        self.color_by.addItem("", "leader")
        self.color_by.addItem("", "load")
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.run_button.clicked.connect(self.start_export)

        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(7)]
        fields = (self.format, self.village, self.paper, self.landscape, self.color_by)
        for label, field in zip(self.labels, fields):
            self.form.addRow(label, field)
        self.form.addRow(self.labels[5], self.show_contacts)
        self.form.addRow(self.privacy_warning)
        self.form.addRow(self.labels[6], path_row)
        self.lay_out(self.form, preview_height=300)

        for combo in (self.village, self.paper, self.color_by):
            combo.currentIndexChanged.connect(self._timer.start)
        self.landscape.toggled.connect(self._timer.start)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.retranslate_ui()
        self._format_changed()
        self.resize(860, 520)

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Export grid responsibility map"))
        titles = (
            self.tr("PDF atlas (overview + one page per village)"),
            self.tr("PNG image (300 dpi)"),
            self.tr("Interactive HTML map (works offline)"),
            self.tr("Excel roster (网格责任表)"),
        )
        for i, text in enumerate(titles):
            self.format.setItemText(i, text)
        self.village.setItemText(0, self.tr("Whole town"))
        self.color_by.setItemText(0, self.tr("Grid leader"))
        self.color_by.setItemText(1, self.tr("Households (load)"))
        self.landscape.setText(self.tr("Landscape"))
        self.show_contacts.setText(self.tr("Show names and phone numbers in full"))
        self.privacy_warning.setText(
            self.tr(
                "Privacy: the export will contain cadres' full names and phone numbers. "
                "Only share it with people entitled to see them."
            )
        )
        texts = (
            self.tr("Format:"),
            self.tr("Village:"),
            self.tr("Paper:"),
            self.tr("Orientation:"),
            self.tr("Colour grids by:"),
            self.tr("Contacts:"),
            self.tr("Output file:"),
        )
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.browse.setText(self.tr("Browse…"))
        self.run_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Close"))
        self.preview_note.setText(self.tr("Preview of the first page"))

    # -- choices --------------------------------------------------------------------------
    def params(self) -> CoverageMapParams:
        """Return the export parameters chosen in the dialog."""
        return CoverageMapParams(
            village=self.village.currentData(),
            paper=self.paper.currentText(),
            landscape=self.landscape.isChecked(),
            show_contacts=self.show_contacts.isChecked(),
            color_by=self.color_by.currentData(),
        )

    def format_key(self) -> str:
        """Return the chosen format: ``pdf``, ``png``, ``html`` or ``xlsx``."""
        return str(self.format.currentData())

    def set_output(self, path: str | Path) -> None:
        """Set the output file (its suffix is made to match the format)."""
        self.path.setText(str(Path(path).with_suffix(FORMATS[self.format_key()])))

    def _format_changed(self) -> None:
        key = self.format_key()
        printed = key in ("pdf", "png")
        for widget in (self.paper, self.landscape):
            widget.setEnabled(printed)
        self.color_by.setEnabled(key != "xlsx")
        self.village.setEnabled(key != "xlsx")
        if self.path.text():
            self.set_output(self.path.text())
        self._timer.start()

    def _choose_file(self) -> None:
        suffix = FORMATS[self.format_key()]
        start = self.path.text() or str(Path.home() / f"{self.project.meta.name}网格责任图{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), start, f"*{suffix}")
        if path:
            self.set_output(path)

    # -- preview --------------------------------------------------------------------------
    def preview_job(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        """Return :func:`run_preview` and its arguments (None, with a message, if unusable)."""
        try:
            params = self.params()
        except InputError as exc:
            self.show_message(str(exc), error=True)
            return None
        return run_preview, (self.project, params)

    def preview_ready(self, result: tuple[bytes, int]) -> None:
        """Show the first page and how many pages the export has."""
        png, pages = result
        self.show_png(png)
        self.preview_note.setText(self.tr("Preview of page 1 of {n}").format(n=pages))

    # -- export ---------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        """Write the chosen file on a worker with progress; errors are shown in the dialog."""
        text = self.path.text().strip()
        if not text:
            self.show_message(self.tr("Choose an output file first."), error=True)
            return None
        out = Path(text)
        suffix = FORMATS[self.format_key()]
        if out.suffix.lower() != suffix:
            out = out.with_suffix(suffix)
            self.path.setText(str(out))
        task = dialog_task(run_export, self.project, out, self.params())
        task.finished.connect(self._exported)
        task.cancelled.connect(self._cancelled)
        return self.start_work(task, self.tr("Exporting {name}…").format(name=out.name))

    def _cancelled(self) -> None:
        self.show_message(self.tr("Export cancelled."))

    def _exported(self, path: Path) -> None:
        self.result_path = Path(path)
        self.show_message(self.tr("Written: {path}").format(path=path))
