"""The settings dialog writes language and basemap to QSettings; a Tianditu URL needs a key."""

from gisgrid.ui import settings as store
from gisgrid.ui.settings_dialog import SettingsDialog
from PyQt6.QtCore import QSettings
from PyQt6.QtWidgets import QMessageBox


def test_defaults_shown(settings, qtbot):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == "zh_CN"
    assert not dialog.basemap_enabled.isChecked()
    assert dialog.preset.currentData() == store.TIANDITU_URL
    assert dialog.windowTitle() == "设置"


def test_accept_persists(settings, qtbot):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.basemap_enabled.setChecked(True)
    dialog.tk.setText("  mykey  ")
    dialog.accept()
    assert dialog.result() == 1
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert store.language(again) == "en"
    basemap = store.BasemapSettings.load(again)
    assert basemap.enabled and basemap.tk == "mykey" and "tk=mykey" in basemap.tile_url


def test_preset_fills_url(settings, qtbot):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData(store.OSM_URL))
    assert dialog.url.text() == store.OSM_URL


def test_tianditu_without_key_is_refused(settings, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.basemap_enabled.setChecked(True)
    dialog.accept()
    assert warned and "tk" in warned[0]
    assert dialog.result() == 0 and store.BasemapSettings.load(settings).enabled is False
