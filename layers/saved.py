"""Layer styles kept in the project: ``project.meta.styles`` and QGIS's ``layer_styles``.

Each drawable layer's entry in ``project.meta.styles`` is ``LayerStyle.to_dict()`` plus
``visible``, ``opacity`` and ``qml`` (the QGIS style built from the current data). On save,
:class:`gisgrid.project.Project` writes the ``qml`` texts into the GeoPackage's
``layer_styles`` table, so QGIS opens the project styled the same way.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gisgrid.layers.base import MapLayer
from gisgrid.layers.qgis import layer_qml
from gisgrid.layers.style import LayerStyle

from gisgrid.errors import InputError
from gisgrid.project import Project

if TYPE_CHECKING:
    from gisgrid.layers.registry import LayerStack


@dataclass(frozen=True)
class SavedState:
    """Style, visibility and opacity of a layer as stored in the project."""

    style: LayerStyle
    visible: bool = True
    opacity: float = 1.0


def saved_state(
    project: Project, name: str, default: LayerStyle, columns: Iterable[str]
) -> SavedState:
    """Return the stored state of layer ``name``, or ``default`` when none is usable.

    A stored style whose field no longer exists in the data falls back to ``default`` with a
    warning (the data changed since the style was saved).
    """
    columns = set(columns)
    fallback = default
    if default.field is not None and default.field not in columns:
        fallback = LayerStyle(
            color=default.color,
            filled=default.filled,
            outline_color=default.outline_color,
            outline_width=default.outline_width,
            point_size=default.point_size,
            marker=default.marker,
            label_field=default.label_field if default.label_field in columns else None,
        )
    if fallback.label_field is not None and fallback.label_field not in columns:
        fallback = LayerStyle.from_dict({**fallback.to_dict(), "label_field": None})
    entry = project.meta.styles.get(name)
    if not isinstance(entry, dict):
        return SavedState(fallback)
    try:
        style = LayerStyle.from_dict(entry)
    except (InputError, TypeError) as exc:
        warnings.warn(f"layer {name}: stored style ignored ({exc})", stacklevel=2)
        return SavedState(fallback)
    missing = {style.field, style.label_field} - {None} - columns
    if missing:
        warnings.warn(
            f"layer {name}: stored style uses missing column(s) {sorted(missing)}; "
            "using the default style",
            stacklevel=2,
        )
        style = fallback
    opacity = float(entry.get("opacity", 1.0))
    return SavedState(style, bool(entry.get("visible", True)), min(max(opacity, 0.0), 1.0))


def store_style(project: Project, layer: MapLayer) -> None:
    """Record ``layer``'s style, visibility, opacity and QGIS QML in ``project.meta.styles``.

    The project is marked changed; its next :meth:`~gisgrid.project.Project.save` writes the
    styles into the GeoPackage (settings and the QGIS ``layer_styles`` table).
    """
    project.meta.styles[layer.name] = {
        **layer.style.to_dict(),
        "visible": layer.visible,
        "opacity": layer.opacity,
        "qml": _qml(layer),
    }
    project.mark_meta_changed()


_QML_CACHE: weakref.WeakKeyDictionary[MapLayer, tuple[tuple, str]] = weakref.WeakKeyDictionary()


def _qml(layer: MapLayer) -> str:
    # Styles are stored on every change (an opacity slider emits many); rebuilding the QML
    # classifies the data again, so it is kept until the data, style or opacity change.
    key = (layer.data_version, layer.style, layer.opacity)
    hit = _QML_CACHE.get(layer)
    if hit is not None and hit[0] == key:
        return hit[1]
    qml = layer_qml(layer)
    _QML_CACHE[layer] = (key, qml)
    return qml


def store_styles(project: Project, stack: LayerStack) -> None:
    """:func:`store_style` for every layer of ``stack``."""
    for layer in stack:
        store_style(project, layer)
