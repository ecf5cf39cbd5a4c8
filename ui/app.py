"""Entry point of ``gisgrid-app``.

``gisgrid-app [PROJECT.gpkg]`` opens the main window (no project: the last one opened, else
the welcome page). ``gisgrid-app PROJECT --screenshot FILE.png`` opens the project, waits for
the map to be drawn, saves the window as a PNG and exits — headless when there is no display.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("gisgrid.ui")
SCREENSHOT_TIMEOUT_MS = 20000
#: Families tried, in order, for the interface font (Chinese first; Qt falls back per glyph).
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line (without the program name)."""
    parser = argparse.ArgumentParser(prog="gisgrid-app", description="gisgrid desktop app")
    parser.add_argument("project", nargs="?", help="project file (*.gpkg) to open")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save the window and exit")
    parser.add_argument("--size", default="1440x900", help="window size for --screenshot")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    return parser.parse_args(list(argv))


def startup_project(args: argparse.Namespace, settings: object) -> str | None:
    """Return the project to open: the one named, else the last one opened (not for shots)."""
    from gisgrid.ui import settings as store

    if args.project is not None or args.screenshot:
        return args.project
    recent = store.recent_files(settings)  # type: ignore[arg-type]
    return recent[0] if recent else None


NO_SCREEN = (
    "gisgrid-app: no screen found (DISPLAY and WAYLAND_DISPLAY are not set). Start it in a "
    "desktop session, or on a virtual screen with `xvfb-run -a gisgrid-app PROJECT.gpkg`; "
    "for a picture of the window use `gisgrid-app PROJECT.gpkg --screenshot window.png`."
)


def _has_screen() -> bool:
    """Whether Qt has a screen to show windows on (or was told which platform to use)."""
    if not sys.platform.startswith("linux"):
        return True
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return any(os.environ.get(name) for name in names)


def _headless_if_needed() -> None:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _pick_font(app: object) -> None:
    from PyQt6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 9.5))  # type: ignore[attr-defined]
            app.setFont(font)  # type: ignore[attr-defined]
            return


def _excepthook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    """Unexpected errors in Qt slots: log the traceback, tell the user in one line."""
    from PyQt6.QtWidgets import QApplication, QMessageBox

    from gisgrid.errors import GisgridError

    log.error("".join(traceback.format_exception(kind, exc, tb)))  # type: ignore[arg-type]
    if QApplication.instance() is None:
        return
    text = str(exc) if isinstance(exc, GisgridError) else f"{kind.__name__}: {exc}"
    QMessageBox.critical(None, "gisgrid", text)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop application; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        _headless_if_needed()
    elif not _has_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 2
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    from gisgrid.ui import settings as store
    from gisgrid.ui.i18n import install_language
    from PyQt6.QtCore import QCoreApplication, QSize, QTimer
    from PyQt6.QtWidgets import QApplication

    if hasattr(os, "geteuid") and os.geteuid() == 0:  # as root Chromium needs no sandbox
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    try:  # QtWebEngine (the hotspot map) must be imported before the QApplication exists
        import PyQt6.QtWebEngineWidgets  # noqa: F401
    except ImportError:
        log.warning("QtWebEngine is not available: the hotspot map tab shows a message")

    QCoreApplication.setOrganizationName(store.ORGANIZATION)
    QCoreApplication.setApplicationName(store.APPLICATION)
    app = QApplication(["gisgrid-app"])
    app.setApplicationDisplayName("gisgrid")
    _pick_font(app)
    settings = store.app_settings()
    install_language(args.lang or store.language(settings), app)
    sys.excepthook = _excepthook

    from gisgrid.ui.main_window import MainWindow

    window = MainWindow(settings)
    path = startup_project(args, settings)
    if args.screenshot:
        window.quiet = True  # errors go to stderr: no one is there to close a message box
        width, _, height = args.size.partition("x")
        window.resize(QSize(int(width), int(height)))
        _arm_screenshot(app, window, Path(args.screenshot))
    window.show()
    opened = path is not None and window.open_project(path)
    if args.screenshot and path is not None and not opened:
        return 1
    if args.screenshot and not opened:
        QTimer.singleShot(500, window.grab_for_screenshot)
    return app.exec()


def _arm_screenshot(app: object, window: object, out: Path) -> None:
    """Save the window to ``out`` once the canvas has drawn (or after a timeout), then quit."""
    from PyQt6.QtCore import QTimer

    state = {"done": False}

    def grab() -> None:
        if state["done"]:
            return
        state["done"] = True
        app.processEvents()  # type: ignore[attr-defined]
        ok = window.grab().save(str(out), "PNG")  # type: ignore[attr-defined]
        if not ok:
            print(f"could not write {out}", file=sys.stderr)
        app.exit(0 if ok else 1)  # type: ignore[attr-defined]

    window.grab_for_screenshot = grab  # type: ignore[attr-defined]
    # after the map is drawn, let the docks settle, then grab
    window.canvas.rendered.connect(lambda: QTimer.singleShot(300, grab))  # type: ignore[attr-defined]
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, grab)


if __name__ == "__main__":
    sys.exit(main())
