"""Point layers: households, cadres and issues."""

from __future__ import annotations

from typing import ClassVar

from gisgrid.layers.base import MapLayer
from gisgrid.layers.style import LayerStyle


class PointLayer(MapLayer):
    """A layer of points drawn as markers (aggregated into counts when zoomed far out)."""

    geometry_kind: ClassVar[str] = "point"

    @classmethod
    def default_style(cls) -> LayerStyle:
        """Small dark-blue dots, no labels."""
        return LayerStyle(
            color="#2c7fb8", outline_color="#ffffff", outline_width=0.0, point_size=4.0
        )
