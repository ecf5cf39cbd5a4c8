"""Names shown for project layers, hierarchy levels and columns, in the current language."""

from __future__ import annotations

from gisgrid.ui.i18n import current_language
from PyQt6.QtCore import QCoreApplication

from gisgrid.schema import LAYERS


def layer_title(name: str) -> str:
    """Return the display name of project layer ``name`` (e.g. ``"小网格"`` / ``"Small grids"``)."""
    titles = {
        "town": QCoreApplication.translate("Names", "Town"),
        "villages": QCoreApplication.translate("Names", "Villages"),
        "grids_large": QCoreApplication.translate("Names", "Large grids"),
        "grids_small": QCoreApplication.translate("Names", "Small grids"),
        "grids_micro": QCoreApplication.translate("Names", "Micro grids"),
        "households": QCoreApplication.translate("Names", "Households"),
        "cadres": QCoreApplication.translate("Names", "Cadres"),
        "assignments": QCoreApplication.translate("Names", "Assignments"),
        "issues": QCoreApplication.translate("Names", "Issues"),
        "problems": QCoreApplication.translate("Names", "Check problems"),
    }
    return titles.get(name, name)


def level_title(level: str) -> str:
    """Return the display name of a hierarchy level key (``"village"`` → ``"村(社区)"``)."""
    titles = {
        "root": QCoreApplication.translate("Names", "Project"),
        "town": QCoreApplication.translate("Names", "Town"),
        "village": QCoreApplication.translate("Names", "Village"),
        "large": QCoreApplication.translate("Names", "Large grid"),
        "small": QCoreApplication.translate("Names", "Small grid"),
        "micro": QCoreApplication.translate("Names", "Micro grid"),
    }
    return titles.get(level, level)


def column_title(layer: str, column: str) -> str:
    """Header of ``column``: the schema's Chinese label in Chinese, the column name otherwise."""
    if current_language().startswith("zh"):
        spec = LAYERS.get(layer)
        if spec is not None:
            return spec.labels.get(column, column)
    return column
