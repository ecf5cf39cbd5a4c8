"""Map layers (installed as ``gisgrid.layers``): data, style and labels.

Drawn by the Qt canvas and by the folium/HTML export; never imports PyQt6 or ``gisgrid.ui``.
"""
