"""Print maps with matplotlib: one sheet of paper = title, map, legend, table, scale, north.

A :class:`MapSheet` describes a page in metric coordinates (the project's Gauss-Krüger CRS);
:func:`draw_sheet` lays it out on A4/A3 paper in millimetres, so a printed map has a true
numeric scale (snapped to a round ratio such as 1:25 000) and a scale bar in metres. Sheets
are saved as vector PDF (CJK font embedded as TrueType) or 300-dpi PNG. matplotlib is
imported inside the functions that draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from gisgrid.errors import InputError
from gisgrid.export.fonts import cjk_rendering, find_cjk_font
from gisgrid.export.furniture import (
    draw_footer,
    draw_frame,
    draw_marks,
    draw_north,
    draw_scalebar,
    draw_title,
)
from gisgrid.export.page import MM_PER_INCH, PT_PER_MM, Box, layout, map_extent
from gisgrid.io.atomic import atomic_write

#: An enlarged inset is added when at least this many detail features cannot be labelled.
MIN_INSET_FEATURES = 3


@dataclass(frozen=True)
class Fill:
    """Polygons filled one colour each (``colors`` aligned with ``frame``)."""

    frame: gpd.GeoDataFrame
    colors: Sequence[str]
    edge: str = "#555555"
    width: float = 0.4  # outline width in points
    alpha: float = 1.0


@dataclass(frozen=True)
class Border:
    """Outlines of polygons, drawn over the fills."""

    frame: gpd.GeoDataFrame
    color: str
    width: float
    style: str = "solid"


@dataclass(frozen=True)
class Labels:
    """Text inside polygons: one list of lines per feature; shrunk or skipped to fit."""

    frame: gpd.GeoDataFrame
    lines: Sequence[Sequence[str]]
    max_size: float = 8.0
    min_size: float = 4.5
    color: str = "#1a1a1a"
    bold_first: bool = True
    detail: bool = False  # features too small to label here go to an enlarged inset


@dataclass(frozen=True)
class Table:
    """A table printed beside or below the map."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: Sequence[str] = ()  # "l", "c" or "r" per column; default left


@dataclass
class MapSheet:
    """One printed page.

    Geometries are in a metric CRS (metres); ``focus`` is the area that must be visible
    ``(minx, miny, maxx, maxy)``.
    """

    title: str
    subtitle: str
    date_text: str
    source: str
    focus: tuple[float, float, float, float]
    fills: list[Fill] = field(default_factory=list)
    borders: list[Border] = field(default_factory=list)
    labels: list[Labels] = field(default_factory=list)
    legend_title: str = "图例"
    legend: list[tuple[str, str]] = field(default_factory=list)
    legend_lines: list[tuple[str, str, float]] = field(default_factory=list)
    table: Table | None = None
    note: str = ""
    inset: bool = True  # enlarge grids too small to label in an inset, when that helps
    marks: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


# -- labels -----------------------------------------------------------------------------------
def text_em(text: str) -> float:
    """Approximate width of ``text`` in ems: CJK characters 1, Latin/digits about 0.6."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)


def fit_labels(
    geoms: np.ndarray,
    lines: Sequence[Sequence[str]],
    metres_per_pt: float,
    max_size: float,
    min_size: float,
) -> list[tuple[float, float, float, list[str]] | None]:
    """Where and how big each label fits inside its polygon, or None to skip it.

    Tries the centroid, then the centre of the largest inscribed circle; shrinks the font
    from ``max_size`` to ``min_size`` points; drops to the first line only before giving up,
    so a label never spills over a tiny grid.

    Returns
    -------
    list
        Per feature ``(x, y, size_pt, lines)`` or None.
    """
    sizes = np.arange(max_size, min_size - 1e-9, -0.5)
    out: list[tuple[float, float, float, list[str]] | None] = []
    for geom, text in zip(geoms, lines):
        text = [t for t in text if t]
        if geom is not None and geom.geom_type == "GeometryCollection":  # from clipping
            polygons = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(polygons) if polygons else None
        if geom is None or geom.is_empty or not text:
            out.append(None)
            continue
        shapely.prepare(geom)
        anchors = [geom.centroid]
        circle = shapely.maximum_inscribed_circle(geom, max(metres_per_pt, 0.01))
        anchors.append(shapely.Point(circle.coords[0]))
        out.append(_first_fit(geom, anchors, text, sizes, metres_per_pt))
    return out


def _first_fit(geom, anchors, text, sizes, metres_per_pt):
    for variant in (text, text[:1]):
        em = max(text_em(t) for t in variant) + 0.4
        for size in sizes:
            w = em * size * metres_per_pt
            h = (len(variant) * 1.2 + 0.2) * size * metres_per_pt
            for p in anchors:
                if geom.contains(shapely.box(p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2)):
                    return (p.x, p.y, float(size), list(variant))
    return None


# -- drawing ----------------------------------------------------------------------------------
def sheet_boxes(sheet: MapSheet, page_mm: tuple[float, float]) -> dict[str, Box]:
    """Return the page boxes of ``sheet`` (see :func:`~gisgrid.export.page.layout`)."""
    rows = max(
        len(sheet.legend) + len(sheet.legend_lines),
        len(sheet.table.rows) + 1 if sheet.table is not None else 0,
    )
    return layout(page_mm, sheet.table is not None, rows)


def draw_sheet(sheet: MapSheet, page_mm: tuple[float, float]):
    """Draw ``sheet`` on a new matplotlib figure of ``page_mm`` and return the figure.

    Call inside ``cjk_rendering()`` so Chinese text has a font.
    """
    from matplotlib.figure import Figure

    w, h = page_mm
    k = min(w, h) / 210.0
    boxes = sheet_boxes(sheet, page_mm)
    fig = Figure(figsize=(w / MM_PER_INCH, h / MM_PER_INCH))
    page = fig.add_axes((0, 0, 1, 1))
    page.set_xlim(0, w)
    page.set_ylim(0, h)
    page.set_axis_off()
    draw_frame(page, boxes["frame"])
    draw_title(page, boxes["title"], sheet, k)

    mb = boxes["map"]
    ax = fig.add_axes((mb.x / w, mb.y / h, mb.w / w, mb.h / h))
    limits, scale = map_extent(sheet.focus, mb)
    skipped = draw_map(ax, sheet, limits, scale / 1000.0 / PT_PER_MM, furniture_area(limits, mb, k))
    draw_marks(ax, sheet.marks, k)
    draw_scalebar(ax, limits, mb, k)
    draw_north(ax, mb, k)
    if sheet.inset and len(skipped) >= MIN_INSET_FEATURES:
        from gisgrid.export.inset import draw_inset, plan_inset

        plan = plan_inset(sheet, mb, limits, skipped, k)
        if plan is not None:
            draw_inset(fig, ax, sheet, plan, page_mm, k)

    draw_footer(page, boxes["footer"], sheet, scale, k)
    _draw_panel(page, boxes["panel"], sheet, k)
    return fig


def furniture_area(limits, mb: Box, k: float):
    """Return the map corners taken by the north arrow and the scale bar, in map units."""
    minx, miny, maxx, maxy = limits
    per_mm = (maxx - minx) / mb.w
    north = shapely.box(maxx - 18 * k * per_mm, maxy - 26 * k * per_mm, maxx, maxy)
    scalebar = shapely.box(minx, miny, minx + (0.22 * mb.w + 18 * k) * per_mm,
                           miny + 14 * k * per_mm)  # fmt: skip
    return shapely.union(north, scalebar)


def unlabelled(
    sheet: MapSheet, page_mm: tuple[float, float], scale: float | None = None
) -> tuple[list, list]:
    """Detail features of ``sheet`` whose labels do not fit: ``(geometries, label lines)``.

    At the sheet's own scale, or at ``scale`` (a denominator) when given.
    """
    mb = sheet_boxes(sheet, page_mm)["map"]
    limits, own = map_extent(sheet.focus, mb)
    metres_per_pt = (scale or own) / 1000.0 / PT_PER_MM
    view = shapely.box(*limits)
    geoms_out, lines_out = [], []
    for labels in sheet.labels:
        if not labels.detail:
            continue
        geoms = labels.frame.geometry.to_numpy()
        fits = fit_labels(geoms, labels.lines, metres_per_pt, labels.max_size, labels.min_size)
        for g, text, f in zip(geoms, labels.lines, fits):
            if f is None and g is not None and view.intersects(g):
                geoms_out.append(g)
                lines_out.append(text)
    return geoms_out, lines_out


def draw_map(ax, sheet: MapSheet, limits, metres_per_pt: float, keep_clear=None) -> list:
    """Draw fills, borders and labels; return the unlabelled geometries of detail labels.

    Labels stay inside the visible map and out of ``keep_clear`` (a polygon in map units
    where the north arrow and scale bar sit).
    """
    from matplotlib import patheffects

    minx, miny, maxx, maxy = limits
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#ffffff")
    for spine in ax.spines.values():
        spine.set_linewidth(1.0)
        spine.set_color("#222222")
    view = shapely.box(*limits)
    z = 1
    for fill in sheet.fills:
        keep = fill.frame.intersects(view).to_numpy()
        if keep.any():
            colors = np.asarray(fill.colors, dtype=object)[keep]
            fill.frame[keep].plot(ax=ax, color=list(colors), edgecolor=fill.edge,
                                  linewidth=fill.width, alpha=fill.alpha, zorder=z)  # fmt: skip
        z += 1
    for border in sheet.borders:
        frame = border.frame[border.frame.intersects(view).to_numpy()]
        if len(frame):
            frame.boundary.plot(ax=ax, color=border.color, linewidth=border.width,
                                linestyle=border.style, zorder=z)  # fmt: skip
        z += 1
    halo = [patheffects.withStroke(linewidth=1.6, foreground="white")]
    skipped = []
    for labels in sheet.labels:
        geoms = labels.frame.geometry.to_numpy()
        room = view if keep_clear is None else view.difference(keep_clear)
        visible = shapely.intersection(geoms, room)  # labels sit where they can be read
        fits = fit_labels(visible, labels.lines, metres_per_pt, labels.max_size, labels.min_size)
        for geom, fit in zip(geoms, fits):
            if fit is None and labels.detail and geom is not None and view.intersects(geom):
                skipped.append(geom)
            if fit is None or not view.contains(shapely.Point(fit[0], fit[1])):
                continue
            x, y, size, lines = fit
            _draw_label(ax, x, y, size, lines, labels, halo, z)
        z += 1
    ax.set_xlim(minx, maxx)  # geopandas may have moved them and labelled the axes
    ax.set_ylim(miny, maxy)
    ax.set_aspect("auto")
    ax.set_xlabel("")
    ax.set_ylabel("")
    return skipped


def _draw_label(ax, x, y, size, lines, labels: Labels, halo, z) -> None:
    if len(lines) == 1:
        ax.text(x, y, lines[0], ha="center", va="center", fontsize=size, color=labels.color,
                fontweight="bold" if labels.bold_first else "normal", path_effects=halo,
                zorder=z, clip_on=True)  # fmt: skip
        return
    ax.annotate(lines[0], (x, y), xytext=(0, 0.1 * size), textcoords="offset points",
                ha="center", va="bottom", fontsize=size, color=labels.color,
                fontweight="bold" if labels.bold_first else "normal", path_effects=halo,
                zorder=z, annotation_clip=True, clip_on=True)  # fmt: skip
    ax.annotate("\n".join(lines[1:]), (x, y), xytext=(0, -0.1 * size),
                textcoords="offset points", ha="center", va="top", fontsize=size * 0.95,
                color=labels.color, path_effects=halo, zorder=z, linespacing=1.1,
                annotation_clip=True, clip_on=True)  # fmt: skip


def _draw_panel(page, box: Box, sheet: MapSheet, k: float) -> None:
    from gisgrid.export.panel import draw_legend, draw_table

    landscape = box.h > box.w
    if sheet.table is None:
        draw_legend(page, box, sheet, k)
        return
    if landscape:
        n = len(sheet.legend) + len(sheet.legend_lines)
        lh = min(box.h * 0.42, (n + 2) * 4.2 * k + 6 * k)
        draw_legend(page, Box(box.x, box.y + box.h - lh, box.w, lh), sheet, k)
        draw_table(page, Box(box.x, box.y, box.w, box.h - lh - 3 * k), sheet.table, k)
    else:
        lw = box.w * 0.36
        draw_legend(page, Box(box.x, box.y, lw, box.h), sheet, k)
        draw_table(page, Box(box.x + lw + 4 * k, box.y, box.w - lw - 4 * k, box.h), sheet.table, k)


# -- saving -----------------------------------------------------------------------------------
def sheet_png(sheet: MapSheet, page_mm: tuple[float, float], dpi: float = 72.0) -> bytes:
    """Render ``sheet`` as PNG bytes at ``dpi`` (a preview for the export dialog)."""
    import io


    buffer = io.BytesIO()
    with cjk_rendering(find_cjk_font()):
        draw_sheet(sheet, page_mm).savefig(buffer, dpi=dpi, format="png")
    return buffer.getvalue()


def save_sheets(
    sheets: Sequence[MapSheet],
    path: str | Path,
    page_mm: tuple[float, float],
    title: str = "",
    progress=None,
    cancelled=None,
) -> int:
    """Write ``sheets`` to ``path``: a multi-page vector PDF, or a 300-dpi PNG (one sheet).

    Parameters
    ----------
    sheets : sequence of MapSheet
        Pages in order.
    path : str or Path
        ``*.pdf`` or ``*.png``.
    page_mm : tuple of float
        Paper (width, height) in millimetres.
    title : str
        PDF document title.
    progress : callable, optional
        ``progress(fraction, text)`` after each page.
    cancelled : callable, optional
        Returns True to stop; raises :class:`~gisgrid.errors.Cancelled`.

    Returns
    -------
    int
        Number of pages written.

    Raises
    ------
    InputError
        For another extension, several sheets to a PNG, or an unwritable path.
    """
    from gisgrid.errors import Cancelled

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise InputError(f"{path.name}: print maps are written as .pdf or .png")
    if suffix == ".png" and len(sheets) != 1:
        raise InputError(f"{path.name}: a PNG holds one map; choose a village or write a PDF")
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    font = find_cjk_font()
    try:
        with atomic_write(path) as tmp, cjk_rendering(font):  # a reader never sees half a file
            if suffix == ".png":
                fig = draw_sheet(sheets[0], page_mm)
                fig.savefig(tmp, dpi=300, format="png", metadata={"Software": "gisgrid"})
            else:
                from matplotlib.backends.backend_pdf import PdfPages

                meta = {"Title": title or sheets[0].title, "Creator": "gisgrid"}
                with PdfPages(tmp, metadata=meta) as pdf:
                    for i, sheet in enumerate(sheets):
                        if cancelled is not None and cancelled():
                            raise Cancelled()
                        pdf.savefig(draw_sheet(sheet, page_mm))
                        if progress is not None:
                            progress((i + 1) / len(sheets), sheet.title)
    except OSError as exc:
        raise InputError(f"could not write {path}: {exc.strerror or exc}") from exc
    return len(sheets)
