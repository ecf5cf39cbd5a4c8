"""The map layer: a GeoDataFrame in EPSG:4490 plus its display state, with change events.

Every piece of state is a property whose setter emits a signal on :attr:`MapLayer.events`
(psygnal, no Qt). Views — the canvas, the layer tree, the attribute table — connect to those
signals and write back through the setters; they never keep their own copy of the state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, ClassVar

import geopandas as gpd
import numpy as np
import shapely
from gisgrid.layers.style import LayerStyle
from psygnal import Signal, SignalGroup

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError

Bounds = tuple[float, float, float, float]


class LayerEvents(SignalGroup):
    """Signals of one :class:`MapLayer`; each carries the new value (``data``: none)."""

    data = Signal()
    visible = Signal(bool)
    opacity = Signal(float)
    style = Signal(object)
    label_field = Signal(object)
    selected = Signal(object)


class MapLayer:
    """A project layer as drawn on a map.

    Subclasses set :attr:`geometry_kind` (which renderer draws them) and override
    :meth:`feature_at` where picking differs.

    Parameters
    ----------
    name : str
        Project layer name, e.g. ``"grids_small"``.
    data : GeoDataFrame
        Features in CGCS2000 (EPSG:4490).
    title : str, optional
        Display name (e.g. ``"小网格"``); defaults to ``name``.
    style : LayerStyle, optional
        Look of the layer; defaults to the subclass's :meth:`default_style`.
    visible : bool
        Whether it is drawn.
    opacity : float
        0 (transparent) to 1 (opaque).
    """

    geometry_kind: ClassVar[str] = "polygon"

    def __init__(
        self,
        name: str,
        data: gpd.GeoDataFrame,
        title: str | None = None,
        style: LayerStyle | None = None,
        visible: bool = True,
        opacity: float = 1.0,
    ) -> None:
        self.events = LayerEvents()
        self.name = name
        self.title = title or name
        self._data = self._checked(data)
        self._style = style if style is not None else self.default_style()
        self._visible = bool(visible)
        self._opacity = self._checked_opacity(opacity)
        self._selected: frozenset[int] = frozenset()
        self._tree: shapely.STRtree | None = None
        self._data_version = 0

    @classmethod
    def default_style(cls) -> LayerStyle:
        """Return the style a new layer of this type gets."""
        return LayerStyle()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {len(self._data)} features)"

    # -- evented state --------------------------------------------------------------------
    @property
    def data(self) -> gpd.GeoDataFrame:
        """The features (GeoDataFrame in EPSG:4490); setting it clears the selection."""
        return self._data

    @data.setter
    def data(self, frame: gpd.GeoDataFrame) -> None:
        self._data = self._checked(frame)
        self._tree = None
        self._data_version += 1
        if self._selected:
            self.selected = frozenset()
        self.events.data.emit()

    @property
    def visible(self) -> bool:
        """Whether the layer is drawn."""
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        if bool(value) != self._visible:
            self._visible = bool(value)
            self.events.visible.emit(self._visible)

    @property
    def opacity(self) -> float:
        """Opacity, 0 to 1."""
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        value = self._checked_opacity(value)
        if value != self._opacity:
            self._opacity = value
            self.events.opacity.emit(value)

    @property
    def style(self) -> LayerStyle:
        """The :class:`LayerStyle` (immutable; assign a new one to restyle)."""
        return self._style

    @style.setter
    def style(self, value: LayerStyle) -> None:
        if not isinstance(value, LayerStyle):
            raise TypeError(f"style must be a LayerStyle, got {type(value).__name__}")
        if value.field is not None and value.field not in self._data.columns:
            raise InputError(
                f"layer {self.title}: field {value.field!r} does not exist; choose one of "
                f"{self.fields}"
            )
        old = self._style
        if value == old:
            return
        self._style = value
        self.events.style.emit(value)
        if value.label_field != old.label_field:
            self.events.label_field.emit(value.label_field)

    @property
    def label_field(self) -> str | None:
        """Column labelling the features (kept in :attr:`style`), or None."""
        return self._style.label_field

    @label_field.setter
    def label_field(self, value: str | None) -> None:
        if value is not None and value not in self._data.columns:
            raise InputError(
                f"layer {self.title}: label field {value!r} does not exist; choose one of "
                f"{self.fields}"
            )
        if value != self._style.label_field:
            self._style = replace(self._style, label_field=value)
            self.events.style.emit(self._style)
            self.events.label_field.emit(value)

    @property
    def selected(self) -> frozenset[int]:
        """Row positions (0-based, as in ``data.iloc``) of the selected features."""
        return self._selected

    @selected.setter
    def selected(self, rows: Iterable[int]) -> None:
        new = frozenset(int(r) for r in rows)
        bad = [r for r in new if not 0 <= r < len(self._data)]
        if bad:
            raise IndexError(
                f"layer {self.name}: rows {sorted(bad)[:5]} are outside 0–{len(self._data) - 1}"
            )
        if new != self._selected:
            self._selected = new
            self.events.selected.emit(new)

    # -- derived --------------------------------------------------------------------------
    @property
    def data_version(self) -> int:
        """Counter raised each time :attr:`data` is replaced (for caches of derived data)."""
        return self._data_version

    @property
    def fields(self) -> list[str]:
        """Attribute columns (without the geometry)."""
        return [c for c in self._data.columns if c != self._data.geometry.name]

    @property
    def bounds(self) -> Bounds:
        """Lon/lat bounds ``(minx, miny, maxx, maxy)``; NaNs for an empty layer."""
        if len(self._data) == 0:
            return (np.nan, np.nan, np.nan, np.nan)
        return tuple(float(v) for v in self._data.total_bounds)  # type: ignore[return-value]

    def rows_bounds(self, rows: Iterable[int]) -> Bounds:
        """Lon/lat bounds of the features at ``rows``."""
        idx = np.fromiter(rows, dtype=np.int64)
        if idx.size == 0:
            return (np.nan, np.nan, np.nan, np.nan)
        return tuple(float(v) for v in self._data.geometry.iloc[idx].total_bounds)  # type: ignore

    @property
    def tree(self) -> shapely.STRtree:
        """Spatial index over the geometries (rebuilt after the data change)."""
        if self._tree is None:
            self._tree = shapely.STRtree(self._data.geometry.to_numpy())
        return self._tree

    def feature_at(self, lon: float, lat: float, tolerance_deg: float = 0.0) -> int | None:
        """Row of the feature nearest ``(lon, lat)`` within ``tolerance_deg``, or None.

        Among several candidates the nearest wins; ties go to the smallest feature (a grid
        inside a village is picked before the village).
        """
        point = shapely.Point(lon, lat)
        area = point.buffer(tolerance_deg) if tolerance_deg > 0 else point
        rows = self.tree.query(area, predicate="intersects")
        if rows.size == 0:
            return None
        geoms = self._data.geometry.to_numpy()[rows]
        order = np.lexsort((shapely.area(geoms), shapely.distance(geoms, point)))
        return int(rows[order[0]])

    def features_in(self, region: Bounds | Any) -> list[int]:
        """Rows of the features intersecting ``region``.

        Parameters
        ----------
        region : tuple or shapely geometry
            ``(minx, miny, maxx, maxy)`` in lon/lat, or a polygon in lon/lat.
        """
        geom = shapely.box(*region) if isinstance(region, tuple | list) else region
        return sorted(int(r) for r in self.tree.query(geom, predicate="intersects"))

    # -- helpers --------------------------------------------------------------------------
    def _checked(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        if not isinstance(frame, gpd.GeoDataFrame):
            raise InputError(f"layer {self.name}: map layers need a GeoDataFrame")
        if frame.crs is None or not STORAGE_CRS.equals(frame.crs):
            raise InputError(f"layer {self.name} must be in CGCS2000 (EPSG:4490); got {frame.crs}")
        return frame.reset_index(drop=True)

    @staticmethod
    def _checked_opacity(value: float) -> float:
        value = float(value)
        if not 0.0 <= value <= 1.0:
            raise InputError(f"opacity {value} must be between 0 and 1")
        return value
