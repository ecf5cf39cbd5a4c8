"""The GeoPackage ``layer_styles`` table QGIS reads to style layers when it opens a file.

The layout is the one QGIS creates (``QgsOgrProviderUtils`` / "Save as default" into a
GeoPackage); registering the table in ``gpkg_contents`` as ``attributes`` keeps the file a
valid GeoPackage.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

STYLE_NAME = "gisgrid"

_CREATE = """
CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    f_table_catalog TEXT(256),
    f_table_schema TEXT(256),
    f_table_name TEXT(256),
    f_geometry_column TEXT(256),
    styleName TEXT(30),
    styleQML TEXT,
    styleSLD TEXT,
    useAsDefault BOOLEAN,
    description TEXT,
    owner TEXT(30),
    ui TEXT(30),
    update_time DATETIME DEFAULT CURRENT_TIMESTAMP
)
"""


def write_layer_styles(path: str | os.PathLike, styles: dict[str, str]) -> list[str]:
    """Write QML styles into the ``layer_styles`` table of the GeoPackage at ``path``.

    Each layer gets one row named ``"gisgrid"``, used as its default style (other styles of
    that layer, e.g. saved from QGIS, are kept but no longer default). Layers that are not
    feature tables of the file are skipped.

    Parameters
    ----------
    path : path-like
        GeoPackage to write into (in place).
    styles : dict
        Layer (table) name → QML text.

    Returns
    -------
    list of str
        The layers whose style was written.
    """
    if not styles:
        return []
    written = []
    con = sqlite3.connect(Path(path))
    try:
        with con:
            geom_cols = dict(
                con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
            )
            con.execute(_CREATE)
            for table, qml in styles.items():
                if table not in geom_cols:
                    continue
                con.execute(
                    "DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?",
                    (table, STYLE_NAME),
                )
                con.execute(
                    "UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?", (table,)
                )
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,"
                    " f_geometry_column, styleName, styleQML, styleSLD, useAsDefault,"
                    " description, owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1,"
                    " ?, '', NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                    (table, geom_cols[table], STYLE_NAME, qml, f"gisgrid style of {table}"),
                )
                written.append(table)
            con.execute(
                "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier,"
                " description, last_change) VALUES ('layer_styles', 'attributes',"
                " 'layer_styles', 'QGIS layer styles', strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
            )
    finally:
        con.close()
    return written


def read_layer_styles(path: str | os.PathLike) -> dict[str, str]:
    """Return layer name → default QML text from the ``layer_styles`` table (empty if none)."""
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "layer_styles" not in tables:
            return {}
        rows = con.execute(
            "SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return dict(rows)
