"""The PyQt6 desktop application (installed as ``gisgrid.ui``), thin over the core."""
