"""Cadre-coverage maps: the shared colours (by grid leader or by load) and the exports.

:func:`coverage_colors` is the one colouring of grids by leader or by households, built on
:func:`~gisgrid.layers.style.feature_colors`; the desktop coverage mode, the print maps
(through :data:`COLOURING`) and the HTML map all use it. :func:`export_coverage` writes a
PDF/PNG (matplotlib, in the core) or an offline HTML map (folium) by the file's extension.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from gisgrid.layers.registry import LAYER_TYPES
from gisgrid.layers.style import (
    NO_DATA_COLOR,
    NO_DATA_LABEL,
    LayerStyle,
    StyleResult,
    feature_colors,
    ramp_colors,
)

from gisgrid.errors import InputError
from gisgrid.export.atlas import Colouring, export_print, preview_png
from gisgrid.export.coverage import MAP_TITLE, NO_LEADER, CoverageMapParams, coverage_grids
from gisgrid.io.atomic import atomic_write

#: Small grids coloured by their grid leader (one colour per cadre id; grey when none).
LEADER_STYLE = LayerStyle(
    kind="categorized", field="leader_id", palette="pastel", outline_color="#6e6e6e",
    outline_width=0.6, label_field="short_code",
)  # fmt: skip
#: Small grids coloured by households per grid: quintiles (natural breaks are k-means with
#: random starts in mapclassify, so the desktop, print and HTML maps could disagree).
LOAD_STYLE = LayerStyle(
    kind="graduated", field="households", scheme="quantiles", k=5, palette="ylorrd",
    outline_color="#6e6e6e", outline_width=0.6, label_field="short_code",
)  # fmt: skip


def coverage_style(color_by: str) -> LayerStyle:
    """Return the grid style of a coverage map coloured ``"leader"`` or ``"load"``."""
    try:
        return {"leader": LEADER_STYLE, "load": LOAD_STYLE}[color_by]
    except KeyError:
        raise InputError(f"colour by {color_by!r} is unknown; choose leader or load") from None


def coverage_colors(frame: pd.DataFrame, color_by: str) -> StyleResult:
    """Return colours and legend of :func:`~gisgrid.export.coverage.coverage_grids` rows.

    Leader legends show the (masked) names instead of cadre ids, one entry per leader;
    load legends read ``"12 – 30 户"``.
    """
    result = feature_colors(coverage_style(color_by), frame)  # "" ids count as no data
    if color_by == "leader":
        led = frame[frame["leader_id"].astype(object).map(bool).to_numpy(dtype=bool)]
        names = dict(zip(led["leader_id"].astype(object), led["leader"].astype(object)))
        legend = [
            (NO_LEADER if label == NO_DATA_LABEL else names.get(label, label), color)
            for label, color in result.legend
        ]
    else:
        if len(result.breaks) == 1:  # every grid has the same load: not "heavy", the light end
            light = ramp_colors(LOAD_STYLE.palette, 2)[0]
            colors = np.where(result.colors == NO_DATA_COLOR, NO_DATA_COLOR, light).astype(object)
            result = StyleResult(
                colors, [(t, light if c != NO_DATA_COLOR else c) for t, c in result.legend],
                result.breaks,
            )  # fmt: skip
        legend = _count_classes(result, frame["households"])
    return StyleResult(result.colors, legend, result.breaks)


def _count_classes(result: StyleResult, counts: pd.Series) -> list[tuple[str, str]]:
    """Legend of whole-number classes: ``1 – 5 户``, ``6 – 12 户`` (not ``5 – 12``)."""
    values = pd.to_numeric(counts, errors="coerce").dropna()
    if not result.breaks or values.empty:
        return list(result.legend)
    legend, low = [], int(np.floor(values.min()))
    for (_, color), upper in zip(result.legend, result.breaks):
        high = int(np.floor(upper))
        text = f"{low} 户" if high <= low else f"{low} – {high} 户"
        legend.append((text, color))
        low = high + 1
    legend += result.legend[len(result.breaks) :]  # the no-data entry, if any
    return legend


def _grid_colours(frame: pd.DataFrame, color_by: str) -> tuple[np.ndarray, list]:
    result = coverage_colors(frame, color_by)
    return result.colors, result.legend


def _village_colours(frame: pd.DataFrame) -> tuple[np.ndarray, list]:
    result = feature_colors(LAYER_TYPES["villages"].style, frame)
    return result.colors, result.legend


#: The colouring the print maps use: the same encodings as the canvas and the HTML map.
COLOURING = Colouring(grids=_grid_colours, villages=_village_colours)


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_coverage` wrote: the file, its format and its page count."""

    path: Path
    format: str
    pages: int


def export_coverage(
    project,
    out: str | Path,
    params: CoverageMapParams,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the cadre-coverage map of ``project`` to ``out``; the format follows its suffix.

    ``.pdf``: vector, the atlas (overview + one page per village) unless ``params.village``;
    ``.png``: one 300-dpi map; ``.html``: an interactive map that works offline.

    Raises
    ------
    InputError
        For another suffix, an unknown village, no small grids, no CJK font, a bad path.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".pdf", ".png"):
        result = export_print(project, out, params, COLOURING, progress, cancelled)
        return ExportResult(out, suffix[1:], result.pages)
    if suffix in (".html", ".htm"):
        from gisgrid.layers.web_coverage import coverage_html

        if not out.parent.exists():
            raise InputError(f"{out}: folder {out.parent} does not exist")
        html = coverage_html(project, params)
        try:
            with atomic_write(out) as tmp:  # a reader never sees half a page
                tmp.write_text(html, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"could not write {out}: {exc.strerror or exc}") from exc
        if progress is not None:
            progress(1.0, out.name)
        return ExportResult(out, "html", 1)
    raise InputError(
        f"{out.name}: choose an output ending in .pdf (atlas), .png (one map) or .html "
        "(interactive map)"
    )


def coverage_preview(
    project, params: CoverageMapParams, page: int = 0, dpi: float = 72.0
) -> tuple[bytes, int]:
    """Render one page of the print export as PNG bytes: ``(png, number of pages)``."""
    return preview_png(project, params, COLOURING, page=page, dpi=dpi)


def coverage_title(project, params: CoverageMapParams) -> str:
    """``临河镇张家庄村网格责任图`` (or the town's title without ``params.village``)."""
    from gisgrid.export.coverage import village_row

    name = village_row(project, params.village)[1] if params.village else ""
    return f"{project.meta.name}{name}{MAP_TITLE}"


__all__ = [
    "COLOURING",
    "LEADER_STYLE",
    "LOAD_STYLE",
    "ExportResult",
    "coverage_colors",
    "coverage_grids",
    "coverage_preview",
    "coverage_style",
    "coverage_title",
    "export_coverage",
]
