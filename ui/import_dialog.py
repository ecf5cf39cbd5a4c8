"""The import dialog over :mod:`gisgrid.io.importer`.

File, preview, column mapping, coordinate system (detection shown, overridable), encoding,
replace/append, progress, Cancel and the list of skipped rows.

Reading the file (``inspect_source``) and importing it (``import_file``) both run on a worker,
so a large spreadsheet never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from gisgrid.ui.frame_model import FrameModel
from gisgrid.ui.names import column_title, layer_title
from gisgrid.ui.worker import Task
from PyQt6.QtCore import QEvent, QSignalBlocker, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisgrid.crs import gk_crs
from gisgrid.io.importer import ImportOptions, import_file, inspect_source
from gisgrid.issue_import import IssueImportOptions, import_issues
from gisgrid.project import Project
from gisgrid.schema import IMPORT_TARGETS, LAYERS, check_import_target

FILE_FILTER = (
    "Data (*.xlsx *.xls *.csv *.txt *.shp *.geojson *.json *.topojson *.kml *.kmz *.gpkg *.zip);;"
    "All files (*)"
)
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"]
DATUMS = ["wgs84", "cgcs2000", "gcj02", "bd09"]


def inspect(path: str, target: str, options: ImportOptions, progress: Any, cancelled: Any) -> Any:
    """Read the head of ``path`` (the worker's entry point; progress is not reported)."""
    return inspect_source(path, target, options)


def run_import(
    project: Project,
    target: str,
    path: str,
    options: ImportOptions,
    excluded: list[str],
    progress: Any,
    cancelled: Any,
) -> Any:
    """Import, then leave empty the fields the user chose not to import (the worker's entry).

    ``import_file`` adds its own header detection to the mapping it is given, so a detected
    field the user set to "(not imported)" would still be filled; it is cleared here on the
    rows this import added. Issues go through the issue importer (de-duplication by ticket id,
    category mapping, address matching); its fields are kept as detected.
    """
    check_import_target(target)  # computed layers (assignments, problems) are not imported
    if target == "issues":
        opts = IssueImportOptions(**vars(options))
        old = project.layer("issues")
        if opts.replace:  # "replace": start from no issues; restored if the import fails
            project.set_layer("issues", old.iloc[:0])
        try:
            return import_issues(project, path, opts, progress=progress, cancelled=cancelled)
        except BaseException:
            if opts.replace:
                project.set_layer("issues", old)
            raise
    report = import_file(project, target, path, options, progress=progress, cancelled=cancelled)
    if excluded and report.imported:
        frame = project.layer(target).copy()
        new_rows = frame.index[len(frame) - report.imported :]
        for field in excluded:
            frame[field] = frame[field].astype(object)
            frame.loc[new_rows, field] = None
        project.set_layer(target, frame)
    return report


class ImportDialog(QDialog):
    """Import one file into one project layer.

    Signals
    -------
    imported(str)
        The project layer that received features (emitted after a successful import).
    """

    imported = pyqtSignal(str)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.info: Any = None  # the last SourceInfo
        self.report: Any = None  # the last ImportReport
        self.error: str | None = None
        self._inspecting: Task | None = None
        self._importing: Task | None = None
        self._generation = 0
        self.setMinimumSize(920, 680)

        self.target = QComboBox()
        for name in IMPORT_TARGETS:
            self.target.addItem(layer_title(name), name)
        self.target.setCurrentIndex(self.target.findData("households"))
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.source_layer = QComboBox()
        self.encoding = QComboBox()
        self.encoding.addItem("", None)
        self.encoding.addItems(ENCODINGS)
        self.datum = QComboBox()
        self.zone = QSpinBox()
        self.zone.setRange(25, 45)
        self.zone.setValue(40)
        self.epsg = QLineEdit()
        self.epsg.setPlaceholderText("EPSG:4490")
        self.detected = QLabel()
        self.detected.setWordWrap(True)
        self.lon = QComboBox()
        self.lat = QComboBox()
        self.append = QRadioButton()
        self.replace = QRadioButton()
        self.append.setChecked(True)

        self.preview_model = FrameModel(parent=self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(20)
        self.mapping = QTableWidget(0, 2)
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results = QTreeWidget()
        self.results.setColumnCount(2)
        self.results.setRootIsDecorated(True)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_import)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)

        self._build_layout()
        self.retranslate_ui()
        self.target.currentIndexChanged.connect(self._reinspect)
        self.path.editingFinished.connect(self._reinspect)
        self.source_layer.activated.connect(self._reinspect)
        self.encoding.activated.connect(self._reinspect)
        self.datum.currentIndexChanged.connect(self._datum_changed)
        self._datum_changed()
        self._set_running(False)

    def _build_layout(self) -> None:
        self.source_box = QGroupBox()
        source = QFormLayout(self.source_box)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        self.form_labels = {key: QLabel() for key in ("target", "file", "layer", "encoding")}
        source.addRow(self.form_labels["target"], self.target)
        source.addRow(self.form_labels["file"], file_row)
        source.addRow(self.form_labels["layer"], self.source_layer)
        source.addRow(self.form_labels["encoding"], self.encoding)
        mode = QHBoxLayout()
        mode.addWidget(self.append)
        mode.addWidget(self.replace)
        mode.addStretch(1)
        self.mode_label = QLabel()
        source.addRow(self.mode_label, mode)

        self.coords_box = QGroupBox()
        coords = QFormLayout(self.coords_box)
        self.coord_labels = {key: QLabel() for key in ("detected", "datum", "zone", "epsg")}
        self.coord_labels.update({"lon": QLabel(), "lat": QLabel()})
        coords.addRow(self.coord_labels["detected"], self.detected)
        coords.addRow(self.coord_labels["datum"], self.datum)
        coords.addRow(self.coord_labels["zone"], self.zone)
        coords.addRow(self.coord_labels["epsg"], self.epsg)
        coords.addRow(self.coord_labels["lon"], self.lon)
        coords.addRow(self.coord_labels["lat"], self.lat)

        top = QHBoxLayout()
        top.addWidget(self.source_box, 3)
        top.addWidget(self.coords_box, 2)

        self.preview_box = QGroupBox()
        QVBoxLayout(self.preview_box).addWidget(self.preview)
        self.mapping_box = QGroupBox()
        QVBoxLayout(self.mapping_box).addWidget(self.mapping)
        self.results_box = QGroupBox()
        QVBoxLayout(self.results_box).addWidget(self.results)
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.addWidget(self.preview_box)
        middle.addWidget(self.mapping_box)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(middle)
        lower.addWidget(self.results_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(lower, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Import data"))
        self.source_box.setTitle(self.tr("Source"))
        self.form_labels["target"].setText(self.tr("Import into:"))
        self.form_labels["file"].setText(self.tr("File:"))
        self.form_labels["layer"].setText(self.tr("Sheet / layer:"))
        self.form_labels["encoding"].setText(self.tr("Encoding:"))
        self.mode_label.setText(self.tr("Existing features:"))
        self.append.setText(self.tr("keep and append"))
        self.replace.setText(self.tr("replace"))
        self.browse.setText(self.tr("Browse…"))
        self.encoding.setItemText(0, self.tr("detect automatically"))
        self.coords_box.setTitle(self.tr("Coordinates"))
        self.coord_labels["detected"].setText(self.tr("Detected:"))
        self.coord_labels["datum"].setText(self.tr("System:"))
        self.coord_labels["zone"].setText(self.tr("Gauss-Krüger zone:"))
        self.coord_labels["epsg"].setText(self.tr("EPSG code:"))
        self.coord_labels["lon"].setText(self.tr("Longitude / X column:"))
        self.coord_labels["lat"].setText(self.tr("Latitude / Y column:"))
        datums = {
            "": self.tr("as detected"),
            "wgs84": self.tr("WGS84 (GPS)"),
            "cgcs2000": self.tr("CGCS2000 (lon/lat)"),
            "gcj02": self.tr("GCJ-02 (Gaode, Tencent)"),
            "bd09": self.tr("BD-09 (Baidu)"),
            "gk": self.tr("CGCS2000 Gauss-Krüger zone"),
            "epsg": self.tr("Other EPSG code"),
        }
        with QSignalBlocker(self.datum):
            current = self.datum.currentData()
            self.datum.clear()
            for key, text in datums.items():
                self.datum.addItem(text, key)
            self.datum.setCurrentIndex(max(0, self.datum.findData(current)))
        self.preview_box.setTitle(self.tr("Preview (first rows)"))
        self.mapping_box.setTitle(self.tr("Columns: project field ← file column"))
        self.mapping.setHorizontalHeaderLabels([self.tr("Project field"), self.tr("File column")])
        self.results_box.setTitle(self.tr("Result"))
        self.results.setHeaderLabels([self.tr("Row"), self.tr("Reason")])
        self.import_button.setText(self.tr("Import"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))
        self._show_detection()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- choosing the file ----------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), self.path.text(), FILE_FILTER
        )
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path, target: str | None = None) -> None:
        """Choose the file (and optionally the target layer), then read its head."""
        if target is not None:
            with QSignalBlocker(self.target):
                self.target.setCurrentIndex(self.target.findData(target))
        self.path.setText(str(path))
        with QSignalBlocker(self.source_layer):
            self.source_layer.clear()
        self._reinspect()

    def target_layer(self) -> str:
        """Return the project layer to import into."""
        return str(self.target.currentData())

    def options(self, with_overrides: bool = True) -> ImportOptions:
        """Return the import options as chosen in the dialog."""
        datum = self.datum.currentData() or None
        crs = None
        coords = None
        if datum == "gk":
            crs = gk_crs(self.zone.value(), prefixed=self._eastings_prefixed()).to_string()
        elif datum == "epsg":
            crs = self.epsg.text().strip() or None
        elif datum in DATUMS:
            coords = datum
        mapping = self._chosen_mapping() if with_overrides else None
        return ImportOptions(
            layer=self.source_layer.currentData() or None,
            encoding=self.encoding.currentText() if self.encoding.currentIndex() > 0 else None,
            crs=crs,
            coords=coords,
            lon=self.lon.currentData() if with_overrides else None,
            lat=self.lat.currentData() if with_overrides else None,
            mapping=mapping or None,
            replace=self.replace.isChecked(),
        )

    def _eastings_prefixed(self) -> bool:
        """Whether the X numbers carry the zone in front (40 562 345 rather than 562 345)."""
        if self.info is None:
            return False
        column = self.lon.currentData() or (self.info.coords or {}).get("lon")
        if column is None or column not in self.info.preview:
            return False
        values = pd.to_numeric(self.info.preview[column], errors="coerce").dropna()
        return bool(len(values)) and float(values.median()) >= 1e7

    def _reinspect(self, *_: Any) -> None:
        path = self.path.text().strip()
        if not path:
            return
        self._generation += 1
        generation = self._generation
        self.info = None
        self.message.setText(self.tr("Reading {name}…").format(name=Path(path).name))
        self.import_button.setEnabled(False)
        task = Task(inspect, path, self.target_layer(), self.options(False), parent=self)
        task.finished.connect(lambda info: self._inspected(generation, info))
        task.failed.connect(lambda text: self._inspect_failed(generation, text))
        self._inspecting = task
        task.start()

    def _inspect_failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self.error = text
        self.message.setText(text)
        self.preview_model.set_frame(None)
        self.mapping.setRowCount(0)
        QMessageBox.critical(self, self.tr("Cannot read the file"), text)

    def _inspected(self, generation: int, info: Any) -> None:
        if generation != self._generation:
            return  # the user changed something meanwhile; a newer reading is coming
        self.info = info
        self.error = None
        with QSignalBlocker(self.source_layer):
            current = self.source_layer.currentData()
            self.source_layer.clear()
            for name in info.layers or []:
                self.source_layer.addItem(str(name), name)
            if current is not None:
                self.source_layer.setCurrentIndex(max(0, self.source_layer.findData(current)))
            self.source_layer.setEnabled(len(info.layers or []) > 1)
        if info.encoding:
            with QSignalBlocker(self.encoding):
                if self.encoding.currentIndex() == 0:
                    self.encoding.setItemText(
                        0, self.tr("detect automatically ({0})").format(info.encoding)
                    )
        # spreadsheet rows: the header row, then the data (vector files: feature numbers)
        self.preview_model.set_frame(info.preview, (info.header_row or 0) + 1)
        self.preview.resizeColumnsToContents()
        self._fill_coordinate_columns(info)
        self._fill_mapping(info)
        self._show_detection()
        warnings = list(info.warnings or [])
        header = (
            self.tr("Header found in row {0}.").format(info.header_row) if info.header_row else ""
        )
        self.message.setText(" ".join([header, *warnings]).strip())
        self.import_button.setEnabled(True)

    def _fill_coordinate_columns(self, info: Any) -> None:
        coords = info.coords or {}
        for combo, key in ((self.lon, "lon"), (self.lat, "lat")):
            with QSignalBlocker(combo):
                combo.clear()
                detected = coords.get(key) or coords.get("combined")
                combo.addItem(
                    self.tr("as detected ({0})").format(detected)
                    if detected
                    else self.tr("as detected"),
                    None,
                )
                for column in info.columns:
                    combo.addItem(str(column), column)
            has_geometry = coords.get("kind") == "geometry"
            combo.setEnabled(not has_geometry)

    def _fill_mapping(self, info: Any) -> None:
        target = self.target_layer()
        fields = list(LAYERS[target].columns)
        self.mapping.setRowCount(len(fields))
        for row, field in enumerate(fields):
            label = QTableWidgetItem(f"{column_title(target, field)}  ({field})")
            label.setData(Qt.ItemDataRole.UserRole, field)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping.setItem(row, 0, label)
            combo = QComboBox()
            combo.addItem(self.tr("(not imported)"), None)
            for column in info.columns:
                combo.addItem(str(column), column)
            chosen = (info.mapping or {}).get(field)
            if chosen is not None:
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
                label.setToolTip(self.tr("detected automatically"))
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            self.mapping.setCellWidget(row, 1, combo)

    def _chosen_mapping(self) -> dict[str, str]:
        mapping = {}
        for row in range(self.mapping.rowCount()):
            field = self.mapping.item(row, 0).data(Qt.ItemDataRole.UserRole)
            column = self.mapping.cellWidget(row, 1).currentData()
            if column is not None:
                mapping[field] = column
        return mapping

    def set_mapping(self, field: str, column: str | None) -> None:
        """Map project ``field`` to file ``column`` (None: do not import it)."""
        for row in range(self.mapping.rowCount()):
            if self.mapping.item(row, 0).data(Qt.ItemDataRole.UserRole) == field:
                combo = self.mapping.cellWidget(row, 1)
                combo.setCurrentIndex(max(0, combo.findData(column)))
                return
        raise KeyError(f"layer {self.target_layer()} has no field {field!r}")

    def _datum_changed(self, *_: Any) -> None:
        datum = self.datum.currentData()
        self.zone.setEnabled(datum == "gk")
        self.epsg.setEnabled(datum == "epsg")

    def _show_detection(self) -> None:
        coords = (self.info.coords or {}) if self.info is not None else {}
        if not coords:
            self.detected.setText(self.tr("(choose a file)") if self.info is None else "—")
            return
        names = {
            "wgs84": "WGS84",
            "cgcs2000": "CGCS2000",
            "gcj02": self.tr("GCJ-02 (Gaode)"),
            "bd09": self.tr("BD-09 (Baidu)"),
        }
        parts = []
        if coords.get("gk_zone"):
            parts.append(self.tr("Gauss-Krüger zone {0}").format(coords["gk_zone"]))
            with QSignalBlocker(self.zone):
                self.zone.setValue(int(coords["gk_zone"]))
        elif coords.get("datum"):
            parts.append(names.get(coords["datum"], str(coords["datum"])))
        if coords.get("crs"):
            parts.append(str(coords["crs"]))
        if coords.get("combined"):
            parts.append(self.tr("column {0}").format(coords["combined"]))
        elif coords.get("lon") and coords.get("lat"):
            parts.append(self.tr("columns {0} / {1}").format(coords["lon"], coords["lat"]))
        elif coords.get("kind") == "geometry":
            parts.append(self.tr("geometry in the file"))
        self.detected.setText(", ".join(str(p) for p in parts) or "—")

    # -- importing ------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.import_button.setEnabled(not running and self.info is not None)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        for widget in (self.source_box, self.coords_box, self.mapping_box):
            widget.setEnabled(not running)
        if not running:
            self.cancel_button.setText(self.tr("Cancel"))

    def start_import(self) -> Task | None:
        """Import the file with the chosen options on a worker; returns the task."""
        if self.info is None or self._importing is not None:
            return None
        self.results.clear()
        self.report = None
        self.progress.setValue(0)
        self.message.setText(self.tr("Importing…"))
        path, target, options = self.path.text().strip(), self.target_layer(), self.options()
        detected = (self.info.mapping or {}) if self.info is not None else {}
        excluded = [f for f in detected if f not in (options.mapping or {})]
        task = Task(run_import, self.project, target, path, options, excluded, parent=self)
        task.progress.connect(self._progress)
        task.finished.connect(lambda report: self._imported(target, report))
        task.failed.connect(self._import_failed)
        task.cancelled.connect(self._import_cancelled)
        task.done.connect(self._import_done)
        self._importing = task
        self._set_running(True)
        task.start()
        return task

    def cancel_import(self) -> None:
        """Ask the running import to stop (the project is left as it was)."""
        if self._importing is not None:
            self._importing.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(self.tr("Stopping…"))

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        if message:
            self.message.setText(message)

    def _import_done(self) -> None:
        self._importing = None
        self._set_running(False)

    def _imported(self, target: str, report: Any) -> None:
        self.report = report
        self.progress.setValue(1000)
        data = report.to_dict()
        self.message.setText(
            self.tr("{imported} of {read} rows imported into {layer}; {skipped} skipped.").format(
                imported=data.get("imported", 0),
                read=data.get("read", 0),
                layer=layer_title(target),
                skipped=len(data.get("skipped", [])),
            )
        )
        skipped = data.get("skipped", [])
        if skipped:
            group = QTreeWidgetItem(
                self.results, [self.tr("Skipped rows"), self.tr("{0} rows").format(len(skipped))]
            )
            for entry in skipped:
                QTreeWidgetItem(group, [str(entry.get("row", "")), str(entry.get("reason", ""))])
            group.setExpanded(True)
        warnings = [*data.get("warnings", []), *data.get("notes", [])]  # notes: what else changed
        if warnings:
            group = QTreeWidgetItem(self.results, [self.tr("Warnings"), str(len(warnings))])
            for text in warnings:
                QTreeWidgetItem(group, ["", str(text)])
            group.setExpanded(True)
        if not skipped and not warnings:
            QTreeWidgetItem(self.results, [self.tr("All rows imported"), ""])
        if "added" in data:  # the issue importer's report
            self._issue_report(data)
        self.imported.emit(target)

    def _issue_report(self, data: dict) -> None:
        """Show what an issue import added, updated and could not map."""
        group = QTreeWidgetItem(self.results, [self.tr("Issues"), ""])
        counts = self.tr("{added} new, {updated} updated").format(
            added=data["added"], updated=data["updated"]
        )
        QTreeWidgetItem(group, [self.tr("Tickets"), counts])
        for key, value in data.get("located", {}).items():
            QTreeWidgetItem(group, [self.tr("Located by {0}").format(key), str(value)])
        for name, count in data.get("unmapped_categories", {}).items():
            QTreeWidgetItem(
                group, [self.tr("Unmapped category (kept as 其他)"), f"{name} ×{count}"]
            )
        for name, count in data.get("unknown_status", {}).items():
            QTreeWidgetItem(group, [self.tr("Unknown status"), f"{name} ×{count}"])
        group.setExpanded(True)

    def _import_failed(self, text: str) -> None:
        self.error = text
        self.progress.setValue(0)
        self.message.setText(text)
        QMessageBox.critical(self, self.tr("Import failed"), text)

    def _import_cancelled(self) -> None:
        self.progress.setValue(0)
        self.message.setText(self.tr("Import cancelled; the project is unchanged."))

    def reject(self) -> None:
        """Close, unless an import is still running (then cancel it first)."""
        if self._importing is not None:
            self.cancel_import()
            return
        super().reject()
