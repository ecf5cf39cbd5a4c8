"""gisgrid: desktop GIS for township grid-management offices (网格办).

The core package (this folder) is plain Python over geopandas, shapely and pyproj and never
imports Qt; ``gisgrid.layers`` defines map layers and ``gisgrid.ui`` is the PyQt6 app.
"""

__version__ = "0.1.0"
