"""Languages of the app: Chinese (zh_CN, the default) and English.

Source strings in the code are English, wrapped in ``self.tr()`` /
``QCoreApplication.translate``. ``ui/i18n/gisgrid_zh_CN.ts`` holds the Chinese translations
(extracted with ``pylupdate6``, which PyQt6 ships); ``lrelease`` (Debian ``qt6-l10n-tools``)
compiles it to the ``.qm`` the app loads. Run ``python -m gisgrid.ui.i18n`` to refresh both
after changing user-visible strings. Qt's own dialogs (buttons of message boxes, file
dialogs) are translated with the ``qtbase`` catalogue PyQt6 ships.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

I18N_DIR = Path(__file__).with_name("i18n")
DEFAULT_LANGUAGE = "zh_CN"
#: Language code → name shown in the language menu (each in its own language).
LANGUAGES: dict[str, str] = {"zh_CN": "中文（简体）", "en": "English"}

_installed: list[QTranslator] = []
_current = [DEFAULT_LANGUAGE]


def current_language() -> str:
    """Return the language installed last (Chinese until :func:`install_language`)."""
    return _current[0]


def qm_path(language: str) -> Path:
    """Path of the compiled catalogue of ``language``."""
    return I18N_DIR / f"gisgrid_{language}.qm"


def install_language(language: str, app: QCoreApplication | None = None) -> str:
    """Install the translators of ``language`` on ``app``, replacing the previous ones.

    Qt then sends a ``LanguageChange`` event to every widget, which re-runs their
    ``retranslate_ui``. Unknown codes fall back to :data:`DEFAULT_LANGUAGE`.

    Returns
    -------
    str
        The language actually installed.
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator(app)
    if base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(base)
        _installed.append(base)
    ours = QTranslator(app)
    if ours.load(str(qm_path(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    QLocale.setDefault(QLocale(language))
    _current[0] = language
    return language


def _tool(name: str) -> str:
    for candidate in (name, f"/usr/lib/qt6/bin/{name}", str(Path(sys.executable).with_name(name))):
        found = shutil.which(candidate)
        if found:
            return found
    raise SystemExit(f"{name} not found; install Debian qt6-l10n-tools (lrelease) or PyQt6")


def refresh_catalogues() -> None:
    """Re-extract the strings into the ``.ts`` files and compile them to ``.qm``.

    Existing translations are kept; new strings are marked unfinished until translated.
    """
    sources = str(Path(__file__).parent)  # the whole ui package, canvas included
    for language in LANGUAGES:
        ts = I18N_DIR / f"gisgrid_{language}.ts"
        subprocess.run([_tool("pylupdate6"), sources, "--no-obsolete", "--ts", str(ts)], check=True)
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm_path(language))], check=True)


if __name__ == "__main__":
    refresh_catalogues()
