"""Which map-layer class, title and default style each project layer gets, and the stack.

One dictionary (:data:`LAYER_TYPES`) maps a project layer name to its class and defaults: a
new layer type is one class plus one entry here, never an ``isinstance`` ladder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from gisgrid.layers.base import Bounds, MapLayer
from gisgrid.layers.point import PointLayer
from gisgrid.layers.polygon import PolygonLayer
from gisgrid.layers.saved import saved_state
from gisgrid.layers.style import LayerStyle
from psygnal import Signal, SignalGroup

from gisgrid.errors import InputError
from gisgrid.project import Project


@dataclass(frozen=True)
class LayerType:
    """Class, Chinese title and default style of one project layer."""

    cls: type[MapLayer]
    title: str
    style: LayerStyle
    opacity: float = 1.0  # until the user sets one


#: Project layer name → how it is drawn. The order is the draw order, bottom to top.
LAYER_TYPES: dict[str, LayerType] = {
    "town": LayerType(
        PolygonLayer,
        "镇(街道)",
        LayerStyle(color="#f7f4ea", outline_color="#7f0000", outline_width=3.0, label_field=None),
    ),
    "villages": LayerType(
        PolygonLayer,
        "村(社区)",
        LayerStyle(
            kind="categorized",
            field="code",
            palette="soft",
            outline_color="#8c8c8c",
            outline_width=1.2,
            label_field="name",
        ),
    ),  # fmt: skip
    "grids_large": LayerType(
        PolygonLayer,
        "大网格",
        LayerStyle(filled=False, outline_color="#08519c", outline_width=1.8, label_field="name"),
    ),
    "grids_small": LayerType(
        PolygonLayer,
        "小网格",
        LayerStyle(filled=False, outline_color="#4a6fa5", outline_width=0.7, label_field="name"),
    ),
    "grids_micro": LayerType(
        PolygonLayer,
        "微网格",
        LayerStyle(filled=False, outline_color="#9e9ac8", outline_width=0.5, label_field=None),
    ),
    "households": LayerType(
        PointLayer,
        "户",
        LayerStyle(color="#525252", outline_color="#ffffff", outline_width=0.0, point_size=3.0),
    ),
    "cadres": LayerType(
        PointLayer,
        "干部",
        LayerStyle(
            kind="categorized",
            field="role",
            palette="dark",
            color="#1b9e77",
            outline_color="#ffffff",
            outline_width=0.8,
            point_size=8.0,
            marker="square",
        ),
    ),  # fmt: skip
    "issues": LayerType(
        PointLayer,
        "诉求",
        LayerStyle(
            kind="categorized",
            field="category",
            palette="bold",
            color="#e41a1c",
            outline_color="#ffffff",
            outline_width=0.6,
            point_size=8.0,
            marker="triangle",
        ),
    ),  # fmt: skip
    "problems": LayerType(
        PolygonLayer,
        "体检问题",
        LayerStyle(
            kind="categorized",
            field="kind",
            palette="bold",
            color="#e31a1c",
            outline_color="#b30000",
            outline_width=1.6,
            label_field=None,
        ),
        opacity=0.7,
    ),  # fmt: skip
}

DRAW_ORDER: tuple[str, ...] = tuple(LAYER_TYPES)


def layer_for(project: Project, name: str) -> MapLayer:
    """Build the map layer for project layer ``name``, with its saved or default style.

    Raises
    ------
    InputError
        If ``name`` is not a layer that can be drawn (e.g. the ``assignments`` table).
    """
    try:
        kind = LAYER_TYPES[name]
    except KeyError:
        raise InputError(
            f"layer {name!r} cannot be drawn on a map; drawable layers: {list(LAYER_TYPES)}"
        ) from None
    frame = project.layer(name)
    state = saved_state(project, name, kind.style, frame.columns)
    return kind.cls(
        name,
        frame,
        title=kind.title,
        style=state.style,
        visible=state.visible,
        opacity=state.opacity if name in project.meta.styles else kind.opacity,
    )


class StackEvents(SignalGroup):
    """Signals of a :class:`LayerStack`."""

    inserted = Signal(int, object)  # index, layer
    removed = Signal(int, object)  # former index, layer
    moved = Signal(str, int, int)  # name, old index, new index


class LayerStack:
    """Ordered map layers, bottom (index 0) to top.

    Examples
    --------
    >>> stack = LayerStack()
    >>> len(stack)
    0
    """

    def __init__(self, layers: list[MapLayer] | None = None) -> None:
        self.events = StackEvents()
        self._layers: list[MapLayer] = []
        for layer in layers or []:
            self.append(layer)

    @classmethod
    def from_project(cls, project: Project) -> LayerStack:
        """All non-empty spatial layers of ``project`` in draw order (town at the bottom)."""
        return cls([layer_for(project, n) for n in DRAW_ORDER if len(project.layer(n))])

    # -- access ---------------------------------------------------------------------------
    @property
    def layers(self) -> list[MapLayer]:
        """The layers, bottom to top (a copy of the list)."""
        return list(self._layers)

    @property
    def names(self) -> list[str]:
        """Layer names, bottom to top."""
        return [layer.name for layer in self._layers]

    def __getitem__(self, name: str) -> MapLayer:
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise KeyError(f"no layer {name!r} in the map; layers: {self.names}")

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[MapLayer]:
        return iter(list(self._layers))

    def __len__(self) -> int:
        return len(self._layers)

    def index(self, name: str) -> int:
        """Position of layer ``name`` (0 = bottom)."""
        return self.names.index(self[name].name)

    # -- changes --------------------------------------------------------------------------
    def insert(self, index: int, layer: MapLayer) -> None:
        """Insert ``layer`` at ``index``; names must be unique."""
        if layer.name in self.names:
            raise InputError(f"the map already has a layer {layer.name!r}")
        index = max(0, min(index, len(self._layers)))
        self._layers.insert(index, layer)
        self.events.inserted.emit(index, layer)

    def append(self, layer: MapLayer) -> None:
        """Put ``layer`` on top."""
        self.insert(len(self._layers), layer)

    def remove(self, name: str) -> MapLayer:
        """Take layer ``name`` out and return it."""
        index = self.index(name)
        layer = self._layers.pop(index)
        self.events.removed.emit(index, layer)
        return layer

    def move(self, name: str, new_index: int) -> None:
        """Move layer ``name`` to ``new_index`` (0 = bottom)."""
        old = self.index(name)
        new_index = max(0, min(int(new_index), len(self._layers) - 1))
        if new_index == old:
            return
        layer = self._layers.pop(old)
        self._layers.insert(new_index, layer)
        self.events.moved.emit(name, old, new_index)

    def bounds(self, visible_only: bool = False) -> Bounds:
        """Lon/lat bounds of all (or the visible) non-empty layers; NaNs if none."""
        boxes = [
            layer.bounds
            for layer in self._layers
            if len(layer.data) and (layer.visible or not visible_only)
        ]
        boxes = [b for b in boxes if np.isfinite(b[0])]
        if not boxes:
            return (np.nan, np.nan, np.nan, np.nan)
        arr = np.array(boxes)
        return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())

    def selection_bounds(self) -> Bounds:
        """Lon/lat bounds of every selected feature in every layer; NaNs if none."""
        boxes = [layer.rows_bounds(layer.selected) for layer in self._layers if layer.selected]
        if not boxes:
            return (np.nan, np.nan, np.nan, np.nan)
        arr = np.array(boxes)
        return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())
