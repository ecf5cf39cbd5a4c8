"""The app's persistent settings (QSettings, organisation "gisgrid"), in one place.

Tests point QSettings at a temporary folder (``QSettings.setPath``) and a test organisation
name, so they never touch the user's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gisgrid.ui.i18n import DEFAULT_LANGUAGE
from PyQt6.QtCore import QSettings

ORGANIZATION = "gisgrid"
APPLICATION = "gisgrid"
MAX_RECENT = 8
TIANDITU_URL = "https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk={tk}"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def app_settings() -> QSettings:
    """Return the settings store of the running application (its organisation and name)."""
    return QSettings()


@dataclass
class BasemapSettings:
    """Optional XYZ tile basemap; off by default (the app works with no internet).

    Attributes
    ----------
    enabled : bool
        Whether the canvas should draw tiles under the layers.
    url : str
        XYZ template with ``{x}``, ``{y}``, ``{z}`` (and ``{tk}`` for Tianditu).
    tk : str
        The user's Tianditu key.
    """

    enabled: bool = False
    url: str = TIANDITU_URL
    tk: str = ""

    @property
    def tile_url(self) -> str:
        """The template with the key filled in."""
        return self.url.replace("{tk}", self.tk)

    @classmethod
    def load(cls, settings: QSettings) -> BasemapSettings:
        """Read from ``settings`` (defaults where absent)."""
        return cls(
            enabled=_bool(settings.value("basemap/enabled", False)),
            url=str(settings.value("basemap/url", TIANDITU_URL)),
            tk=str(settings.value("basemap/tk", "")),
        )

    def save(self, settings: QSettings) -> None:
        """Write to ``settings``."""
        settings.setValue("basemap/enabled", self.enabled)
        settings.setValue("basemap/url", self.url)
        settings.setValue("basemap/tk", self.tk)


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in {"true", "1", "yes"}
    return bool(value)


def language(settings: QSettings) -> str:
    """Return the chosen language code (default Chinese)."""
    return str(settings.value("ui/language", DEFAULT_LANGUAGE))


def set_language(settings: QSettings, code: str) -> None:
    """Remember the chosen language."""
    settings.setValue("ui/language", code)


def recent_files(settings: QSettings) -> list[str]:
    """Recently opened projects, newest first, only those that still exist."""
    value = settings.value("recent/files", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if Path(p).exists()]


def add_recent_file(settings: QSettings, path: str | Path) -> list[str]:
    """Put ``path`` first in the recent list (at most :data:`MAX_RECENT`) and return it."""
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files(settings) if p != path]
    files = files[:MAX_RECENT]
    settings.setValue("recent/files", files)
    return files
