"""Settings: language and the optional basemap (XYZ tiles, Tianditu key)."""

from __future__ import annotations

from gisgrid.ui import settings as store
from gisgrid.ui.autosave import autosave_minutes
from gisgrid.ui.i18n import LANGUAGES
from PyQt6.QtCore import QEvent, QSettings
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class SettingsDialog(QDialog):
    """Edit the language and the basemap; :meth:`accept` writes them to ``settings``."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(store.language(settings))))
        self.autosave = QSpinBox()  # minutes between autosaves; 0 = off (ui/autosave.py)
        self.autosave.setRange(0, 120)
        self.autosave.setValue(autosave_minutes(settings))

        basemap = store.BasemapSettings.load(settings)
        self.basemap_enabled = QCheckBox()
        self.basemap_enabled.setChecked(basemap.enabled)
        self.preset = QComboBox()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.url = QLineEdit(basemap.url)
        self.tk = QLineEdit(basemap.tk)
        self.tk.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.note = QLabel()
        self.note.setWordWrap(True)

        self.general_box = QGroupBox()
        general = QFormLayout(self.general_box)
        self.language_label = QLabel()
        general.addRow(self.language_label, self.language)
        self.autosave_label = QLabel()
        general.addRow(self.autosave_label, self.autosave)
        self.basemap_box = QGroupBox()
        form = QFormLayout(self.basemap_box)
        self.enabled_label = QLabel()
        self.preset_label = QLabel()
        self.url_label = QLabel()
        self.tk_label = QLabel()
        form.addRow(self.enabled_label, self.basemap_enabled)
        form.addRow(self.preset_label, self.preset)
        form.addRow(self.url_label, self.url)
        form.addRow(self.tk_label, self.tk)
        form.addRow(self.note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_box)
        layout.addWidget(self.basemap_box)
        layout.addWidget(buttons)
        self.retranslate_ui()
        self.resize(560, 0)

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Settings"))
        self.general_box.setTitle(self.tr("General"))
        self.language_label.setText(self.tr("Language:"))
        self.autosave_label.setText(self.tr("Autosave every:"))
        self.autosave.setSuffix(self.tr(" min"))
        self.autosave.setSpecialValueText(self.tr("Off"))
        self.basemap_box.setTitle(self.tr("Basemap (optional)"))
        self.enabled_label.setText(self.tr("Show basemap tiles:"))
        self.preset_label.setText(self.tr("Preset:"))
        self.url_label.setText(self.tr("Tile URL:"))
        self.tk_label.setText(self.tr("Tianditu key (tk):"))
        self.note.setText(
            self.tr(
                "Off by default: the program works without internet. Tiles are drawn under "
                "the layers when enabled and cached on disk. Tianditu needs your own key "
                "(tk) from the Tianditu developer site."
            )
        )
        self.preset.blockSignals(True)
        self.preset.clear()
        self.preset.addItem(self.tr("Custom"), "")
        self.preset.addItem(self.tr("Tianditu (vector)"), store.TIANDITU_URL)
        self.preset.addItem(self.tr("OpenStreetMap"), store.OSM_URL)
        self.preset.setCurrentIndex(max(0, self.preset.findData(self.url.text())))
        self.preset.blockSignals(False)

    def _preset_chosen(self, index: int) -> None:
        url = self.preset.itemData(index)
        if url:
            self.url.setText(url)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Retranslate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def chosen_language(self) -> str:
        """Return the language code picked in the dialog."""
        return str(self.language.currentData())

    def basemap(self) -> store.BasemapSettings:
        """Return the basemap settings as edited."""
        return store.BasemapSettings(
            enabled=self.basemap_enabled.isChecked(),
            url=self.url.text().strip(),
            tk=self.tk.text().strip(),
        )

    def accept(self) -> None:
        """Store the settings, then close (a Tianditu URL without a key is refused)."""
        basemap = self.basemap()
        if basemap.enabled and "{tk}" in basemap.url and not basemap.tk:
            QMessageBox.warning(
                self,
                self.tr("Basemap"),
                self.tr("Tianditu tiles need a key: enter your tk, or turn the basemap off."),
            )
            return
        store.set_language(self._settings, self.chosen_language())
        self._settings.setValue("autosave/minutes", self.autosave.value())
        self.basemap().save(self._settings)
        self._settings.sync()
        super().accept()
