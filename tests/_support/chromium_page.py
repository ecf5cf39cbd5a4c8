"""Load a saved page in headless Chromium, offline, and return its DOM and console messages.

The page runs with no network (a dead proxy) for a few seconds of virtual time; the DOM
after its scripts ran comes from ``--dump-dom``, the console (uncaught errors included) from
``--enable-logging=stderr``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_CONSOLE = re.compile(r':CONSOLE\(\d+\)\] "(.*?)", source: ', re.S)


@dataclass(frozen=True)
class LoadedPage:
    """What a page became in the browser: its DOM and the console lines it logged."""

    dom: str
    console: list[str]

    @property
    def errors(self) -> list[str]:
        """Console lines of uncaught exceptions and failed loads."""
        return [c for c in self.console if "Uncaught" in c or "Error" in c]


def _command(profile: Path, budget_ms: int) -> list[str]:
    return [
        CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
        f"--virtual-time-budget={budget_ms}", "--window-size=1280,900",
    ]  # fmt: skip


def load_page(path: Path, profile: Path, budget_ms: int = 5000) -> LoadedPage:
    """Open ``path`` offline and return its DOM after the scripts ran, and its console."""
    cmd = [*_command(profile, budget_ms), "--enable-logging=stderr", "--v=0", "--dump-dom"]
    done = subprocess.run(
        [*cmd, Path(path).as_uri()], capture_output=True, text=True, timeout=120
    )
    return LoadedPage(done.stdout, _CONSOLE.findall(done.stderr))


def screenshot(path: Path, out: Path, profile: Path, budget_ms: int = 5000) -> Path:
    """Save a PNG of ``path`` as the browser drew it (1280 × 900)."""
    cmd = [*_command(profile, budget_ms), f"--screenshot={out}", Path(path).as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120, check=True)
    return out
