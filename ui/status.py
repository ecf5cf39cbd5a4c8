"""The status bar: cursor position (lon/lat and Gauss-Krüger), map scale, progress and Cancel."""

from __future__ import annotations

from PyQt6.QtCore import QEvent, pyqtSignal
from PyQt6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget


class StatusBar(QStatusBar):
    """Permanent widgets for position and scale, and a progress bar shown during long work.

    Signals
    -------
    cancelRequested()
        The user pressed Cancel beside the progress bar.
    """

    cancelRequested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._position: tuple[float, float, float, float] | None = None
        self._zone: int | None = None
        self._scale: float | None = None
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(180)
        self.progress.setTextVisible(False)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.cancelRequested)
        self.position_label = QLabel()
        self.position_label.setMinimumWidth(420)
        self.scale_label = QLabel()
        self.scale_label.setMinimumWidth(110)
        for widget in (self.progress_label, self.progress, self.cancel):
            self.addPermanentWidget(widget)
            widget.hide()
        self.addPermanentWidget(self.position_label)
        self.addPermanentWidget(self.scale_label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.cancel.setText(self.tr("Cancel"))
        self._show_position()
        self._show_scale()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def zone(self) -> int | None:
        """The Gauss-Krüger zone shown."""
        return self._zone

    def set_zone(self, zone: int | None) -> None:
        """Set the Gauss-Krüger zone of the project (shown with x/y)."""
        self._zone = zone
        self._show_position()

    def set_position(self, lon: float, lat: float, x: float, y: float) -> None:
        """Show the cursor position."""
        self._position = (lon, lat, x, y)
        self._show_position()

    def set_scale(self, scale: float) -> None:
        """Show the map scale denominator."""
        self._scale = scale
        self._show_scale()

    def _show_position(self) -> None:
        if self._position is None:
            self.position_label.setText("")
            return
        lon, lat, x, y = self._position
        text = self.tr("Lon {lon:.6f}  Lat {lat:.6f}").format(lon=lon, lat=lat)
        if self._zone is not None:
            text += "   " + self.tr("GK zone {zone}  X {x:,.1f}  Y {y:,.1f}").format(
                zone=self._zone, x=x, y=y
            )
        self.position_label.setText(text)

    def _show_scale(self) -> None:
        if self._scale is None or not self._scale > 0:
            self.scale_label.setText("")
            return
        self.scale_label.setText(self.tr("Scale 1:{n:,.0f}").format(n=self._scale))

    # -- progress -----------------------------------------------------------------------------
    def start_progress(self, text: str, cancellable: bool = True) -> None:
        """Show the progress bar (at 0) with ``text``."""
        self.progress_label.setText(text)
        self.progress.setValue(0)
        for widget in (self.progress_label, self.progress):
            widget.show()
        self.cancel.setVisible(cancellable)
        self.cancel.setEnabled(True)

    def set_progress(self, fraction: float, message: str = "") -> None:
        """Move the bar; ``message`` replaces the label when given."""
        self.progress.setValue(round(fraction * 1000))
        if message:
            self.progress_label.setText(message)

    def end_progress(self, message: str = "") -> None:
        """Hide the progress widgets; show ``message`` for a few seconds."""
        for widget in (self.progress_label, self.progress, self.cancel):
            widget.hide()
        if message:
            self.showMessage(message, 8000)
