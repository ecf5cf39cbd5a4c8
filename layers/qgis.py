"""QGIS QML styles built from a :class:`~gisgrid.layers.style.LayerStyle`.

The renderers (``singleSymbol``, ``categorizedSymbol``, ``graduatedSymbol``) take their
categories, class breaks and colours from :func:`~gisgrid.layers.style.feature_colors`, the
same encoding the canvas and the HTML export use. Symbol properties are written both as the
``<Option type="Map">`` of QGIS ≥ 3.26 and the ``<prop>`` elements older 3.x versions read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pandas as pd
from gisgrid.layers.style import (
    NO_DATA_LABEL,
    LayerStyle,
    categories_of,
    feature_colors,
    hex_to_rgb,
)

if TYPE_CHECKING:
    from gisgrid.layers.base import MapLayer

QGIS_VERSION = "3.34.0-Prizren"
_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
_METHODS = {"natural_breaks": "Jenks", "quantiles": "Quantile", "equal_interval": "EqualInterval"}
_MARKERS = {"circle": "circle", "square": "square", "triangle": "triangle", "diamond": "diamond"}
LABEL_FONT = "Noto Sans CJK SC"


def layer_qml(layer: MapLayer) -> str:
    """QML text for ``layer`` (its style, opacity and data)."""
    return style_qml(layer.style, layer.data, layer.geometry_kind, layer.opacity)


def style_qml(
    style: LayerStyle, frame: pd.DataFrame, geometry_kind: str, opacity: float = 1.0
) -> str:
    """Build a QGIS QML document for ``style`` over the features ``frame``.

    Parameters
    ----------
    style : LayerStyle
        The style.
    frame : DataFrame
        The features (categories and class breaks come from their values).
    geometry_kind : {"polygon", "point"}
        Symbol type to write.
    opacity : float
        Layer opacity, 0–1.

    Returns
    -------
    str
        The QML text (UTF-8 XML with QGIS's DOCTYPE).
    """
    root = ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="Symbology|Labeling|Rendering",
        hasScaleBasedVisibilityFlag="0",
    )
    root.append(_renderer(style, frame, geometry_kind))
    if style.label_field:
        root.append(_labeling(style.label_field, geometry_kind))
        ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "layerOpacity").text = f"{opacity:g}"
    ET.SubElement(root, "layerGeometryType").text = "0" if geometry_kind == "point" else "2"
    ET.indent(root)
    return _DOCTYPE + ET.tostring(root, encoding="unicode")


def _renderer(style: LayerStyle, frame: pd.DataFrame, kind: str) -> ET.Element:
    common = {"symbollevels": "0", "enableorderby": "0", "forceraster": "0"}
    symbols = ET.Element("symbols")
    if style.kind == "single":
        r = ET.Element("renderer-v2", type="singleSymbol", **common)
        symbols.append(_symbol("0", style, style.color, kind))
        r.append(symbols)
        return r
    result = feature_colors(style, frame)
    if style.kind == "categorized":
        r = ET.Element("renderer-v2", type="categorizedSymbol", attr=style.field, **common)
        cats = ET.SubElement(r, "categories")
        colours = dict(result.legend)
        values = categories_of(frame[style.field]) + [NO_DATA_LABEL] * (NO_DATA_LABEL in colours)
        for i, value in enumerate(values):
            is_empty = value == NO_DATA_LABEL
            ET.SubElement(
                cats, "category", render="true", symbol=str(i),
                value="" if is_empty else value, label=value, type="string",
            )  # fmt: skip
            symbols.append(_symbol(str(i), style, colours[value], kind))
    else:
        r = ET.Element(
            "renderer-v2",
            type="graduatedSymbol",
            attr=style.field,
            graduatedMethod="GraduatedColor",
            **common,
        )
        ranges = ET.SubElement(r, "ranges")
        finite = pd.to_numeric(frame[style.field], errors="coerce").dropna()
        lower = float(finite.min()) if len(finite) else 0.0
        for i, upper in enumerate(result.breaks):
            lo = lower if i == 0 else result.breaks[i - 1]
            label, colour = result.legend[i]
            ET.SubElement(
                ranges, "range", render="true", symbol=str(i),
                lower=f"{lo:.6f}", upper=f"{upper:.6f}", label=label,
            )  # fmt: skip
            symbols.append(_symbol(str(i), style, colour, kind))
        ET.SubElement(r, "classificationMethod", id=_METHODS[style.scheme])
        ET.SubElement(r, "mode", name=_METHODS[style.scheme].lower())
    r.append(symbols)
    source = ET.SubElement(r, "source-symbol")
    source.append(_symbol("0", style, style.color, kind))
    return r


def _symbol(name: str, style: LayerStyle, colour: str, kind: str) -> ET.Element:
    if kind == "point":
        cls, stype = "SimpleMarker", "marker"
        props = {
            "name": _MARKERS[style.marker],
            "color": _rgba(colour),
            "outline_color": _rgba(style.outline_color),
            "outline_style": "solid" if style.outline_width > 0 else "no",
            "outline_width": f"{style.outline_width:g}",
            "outline_width_unit": "Pixel",
            "size": f"{style.point_size:g}",
            "size_unit": "Pixel",
        }
    else:
        cls, stype = "SimpleFill", "fill"
        props = {
            "color": _rgba(colour),
            "style": "solid" if style.filled else "no",
            "outline_color": _rgba(style.outline_color),
            "outline_style": "solid" if style.outline_width > 0 else "no",
            "outline_width": f"{style.outline_width:g}",
            "outline_width_unit": "Pixel",
            "joinstyle": "round",
        }
    sym = ET.Element("symbol", type=stype, name=name, alpha="1", clip_to_extent="1", force_rhr="0")
    layer = ET.SubElement(sym, "layer", attrib={"class": cls, "enabled": "1", "pass": "0"})
    layer.set("locked", "0")
    options = ET.SubElement(layer, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(options, "Option", name=key, type="QString", value=value)
    for key, value in props.items():
        ET.SubElement(layer, "prop", k=key, v=value)
    return sym


def _labeling(field: str, kind: str) -> ET.Element:
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    text = ET.SubElement(
        settings, "text-style", fieldName=field, isExpression="0", fontFamily=LABEL_FONT,
        fontSize="9", fontSizeUnit="Point", textColor="30,30,30,255", textOpacity="1",
    )  # fmt: skip
    ET.SubElement(
        text, "text-buffer", bufferDraw="1", bufferSize="1", bufferSizeUnits="MM",
        bufferColor="255,255,255,255", bufferOpacity="0.85",
    )  # fmt: skip
    # QGIS placement codes: 0 around point, 1 over point (polygon interior point).
    ET.SubElement(
        settings, "placement", placement="0" if kind == "point" else "1",
        centroidInside="1", centroidWhole="0",
    )  # fmt: skip
    ET.SubElement(settings, "rendering", obstacle="1", displayAll="0", labelPerPart="0")
    return labeling


def _rgba(colour: str) -> str:
    r, g, b = hex_to_rgb(colour)
    return f"{r},{g},{b},255"
