"""Shared test set-up: Qt runs offscreen, QtWebEngine without a sandbox (CI runs as root)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

try:  # QtWebEngine must be imported before the QApplication exists (hotspot map tab)
    import PyQt6.QtWebEngineWidgets  # noqa: F401
except ImportError:  # the app then shows a message instead of the map
    pass
