"""The native map canvas (QPainter): :class:`MapCanvas` draws a ``LayerStack``."""

from gisgrid.ui.canvas.viewport import Viewport
from gisgrid.ui.canvas.widget import MapCanvas

__all__ = ["MapCanvas", "Viewport"]
