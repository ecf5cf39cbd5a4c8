"""Print exports: cadre-coverage maps as vector PDF and 300-dpi PNG, and the village atlas.

matplotlib is imported only inside the modules that draw (:mod:`printmap`, :mod:`atlas`);
the interactive HTML map lives in ``gisgrid.layers.web`` (folium stays out of the core).
"""
