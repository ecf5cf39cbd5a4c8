"""Entry point of ``gisgrid-app``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop application."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    from PyQt6.QtWidgets import QApplication, QMainWindow

    app = QApplication(argv[:1])
    window = QMainWindow()
    window.setWindowTitle("gisgrid 网格管理")
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
