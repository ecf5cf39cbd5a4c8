"""Polygon layers: the town, villages and the grid levels."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import shapely
from gisgrid.layers.base import MapLayer
from gisgrid.layers.style import LayerStyle


class PolygonLayer(MapLayer):
    """A layer of (multi)polygons; picking prefers the smallest polygon under the point."""

    geometry_kind: ClassVar[str] = "polygon"

    @classmethod
    def default_style(cls) -> LayerStyle:
        """Light blue fill, grey outline, labelled by name."""
        return LayerStyle(color="#c6dbef", outline_color="#6b6b6b", label_field="name")

    def feature_at(self, lon: float, lat: float, tolerance_deg: float = 0.0) -> int | None:
        """Row of the smallest polygon containing ``(lon, lat)``, else the nearest edge hit.

        See :meth:`MapLayer.feature_at`.
        """
        point = shapely.Point(lon, lat)
        rows = self.tree.query(point, predicate="intersects")
        if rows.size:
            areas = shapely.area(self.data.geometry.to_numpy()[rows])
            return int(rows[np.argmin(areas)])
        return super().feature_at(lon, lat, tolerance_deg)
