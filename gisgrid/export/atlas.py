"""Cadre-coverage print maps and the village atlas (one PDF: town overview + every village).

The colours come from the caller (:class:`Colouring`): the app and the CLI pass the shared
style encodings of ``gisgrid.layers``, so print, desktop and HTML maps agree, while this core
module stays free of the layers package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.crs import gk_zone_of
from gisgrid.errors import InputError
from gisgrid.export.coverage import (
    MAP_TITLE,
    CoverageMapParams,
    coverage_grids,
    village_row,
    village_summary,
)
from gisgrid.export.drawable import drawable
from gisgrid.export.inset import inset_suffices
from gisgrid.export.printmap import (
    Border,
    Fill,
    Labels,
    MapSheet,
    Table,
    save_sheets,
    sheet_png,
    unlabelled,
)

Legend = list[tuple[str, str]]

#: Line symbols of the print maps (colour, width in points), heaviest boundary last drawn.
TOWN_LINE = ("#7f0000", 2.4)
VILLAGE_LINE = ("#303030", 1.8)
LARGE_LINE = ("#08519c", 1.2)
SMALL_LINE = ("#6e6e6e", 0.35)
CONTEXT_FILL, CONTEXT_EDGE = "#efefef", "#c4c4c4"


@dataclass(frozen=True)
class Colouring:
    """How the print maps colour features (supplied by ``gisgrid.layers.coverage``).

    Parameters
    ----------
    grids : callable
        ``grids(frame, color_by) -> (colors, legend)`` for :func:`coverage_grids` rows.
    villages : callable
        ``villages(frame) -> (colors, legend)`` for village polygons.
    """

    grids: Callable[[pd.DataFrame, str], tuple[np.ndarray, Legend]]
    villages: Callable[[pd.DataFrame], tuple[np.ndarray, Legend]]


@dataclass(frozen=True)
class PrintResult:
    """What an export wrote."""

    path: Path
    pages: int


class _Ctx:
    """Metric layers and texts shared by every sheet of one export."""

    def __init__(self, project, params: CoverageMapParams) -> None:
        self.params = params
        self.town_name = project.meta.name
        grids = coverage_grids(project, params.show_contacts)  # first: checks there are grids
        crs = project.metric_crs
        # valid copies to draw: clipping and labels fail on polygons kept invalid as imported
        self.grids = drawable(grids.to_crs(crs))
        self.town = drawable(project.to_metric("town"))
        self.villages = drawable(project.to_metric("villages"))
        self.large = drawable(project.to_metric("grids_large"))
        self.summary = village_summary(project, self.grids)
        name = project.path.name if project.path else project.meta.name
        zone = gk_zone_of(crs)
        self.source = (
            f"数据来源：gisgrid 项目 {name}；坐标系 CGCS2000 / 3度带高斯-克吕格投影 第{zone}带"
            f"（{crs.to_string()}）；制图日期 {params.date:%Y-%m-%d}"
        )
        self.date_text = f"制图日期：{params.date.year}年{params.date.month}月{params.date.day}日"
        self.note = "" if params.show_contacts else "人员姓名、电话已脱敏"
        self.subtitle = {"leader": "按网格长着色", "load": "按网格户数着色"}[params.color_by]

    def focus(self, frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
        for candidate in (frame, self.town, self.villages, self.grids):
            if len(candidate) and not candidate.geometry.is_empty.all():
                return tuple(float(v) for v in candidate.total_bounds)  # type: ignore
        raise InputError("nothing to map: the project's layers are empty")

    def line_legend(self, with_small: bool = True) -> list[tuple[str, str, float]]:
        lines = [("镇界", *TOWN_LINE), ("村(社区)界", *VILLAGE_LINE), ("大网格界", *LARGE_LINE)]
        if with_small:
            lines.append(("小网格界", SMALL_LINE[0], 0.8))
        return lines


def overview_sheet(ctx: _Ctx, colouring: Colouring) -> MapSheet:
    """Build the town page: villages (or small grids by load), large grids, village table."""
    p = ctx.params
    fills: list[Fill] = []
    legend_title = "图例"
    if p.color_by == "load":
        colors, legend = colouring.grids(ctx.grids, "load")
        fills.append(Fill(ctx.grids, list(colors), edge=SMALL_LINE[0], width=SMALL_LINE[1]))
        legend_title = "网格户数"
    else:
        colors, legend = colouring.villages(ctx.villages)
        fills.append(Fill(ctx.villages, list(colors), edge="none", width=0))
        legend = []  # village colours only tell villages apart; their names are on the map
    borders = [
        Border(ctx.grids, *SMALL_LINE) if p.color_by == "leader" else None,
        Border(ctx.large, *LARGE_LINE),
        Border(ctx.villages, *VILLAGE_LINE),
        Border(ctx.town, *TOWN_LINE),
    ]
    rows = [
        [r.name, str(r.large), str(r.small), str(r.households), str(r.no_leader) or "0"]
        for r in ctx.summary.itertuples()
    ]
    table = Table(
        "各村(社区)网格配备",
        ["村(社区)", "大网格", "小网格", "户数", "缺网格长"],
        rows,
        align=["l", "r", "r", "r", "r"],
    )
    return MapSheet(
        title=f"{ctx.town_name}{MAP_TITLE}",
        subtitle=f"全镇总图 · {ctx.subtitle if p.color_by == 'load' else '各村(社区)及大网格'}",
        date_text=ctx.date_text,
        source=ctx.source,
        focus=ctx.focus(ctx.town),
        fills=fills,
        borders=[b for b in borders if b is not None],
        labels=[
            Labels(
                ctx.villages,
                [[n] for n in ctx.villages["name"].astype(object)],
                max_size=9.0,
                min_size=5.0,
            )
        ],  # fmt: skip
        legend_title=legend_title,
        legend=list(legend),
        legend_lines=ctx.line_legend(),
        table=table,
        note=ctx.note,
    )


def village_sheet(ctx: _Ctx, colouring: Colouring, code: str, name: str) -> MapSheet:
    """Build one village's page: its small grids coloured and labelled, and its grid table."""
    p = ctx.params
    mine = ctx.grids[ctx.grids["village_code"] == code].sort_values("code", ignore_index=True)
    village = ctx.villages[ctx.villages["code"].astype(object) == code]
    others = ctx.villages[ctx.villages["code"].astype(object) != code]
    colors, legend = colouring.grids(mine, p.color_by)
    lines = [
        [r.short_code, r.leader if r.leader_id else "", f"{r.households}户"]
        if p.color_by == "load"
        else [r.short_code, r.leader if r.leader_id else ""]
        for r in mine.itertuples()
    ]
    large = ctx.large[ctx.large["code"].astype(object).isin(set(mine["large_code"]))]
    columns = ["编号", "网格名称", "户数", "网格长", "联系电话"]
    rows = [
        [
            r.short_code,
            r.name,
            str(r.households),
            r.leader if r.leader_id else "（未配备）",
            r.phone,
        ]
        for r in mine.itertuples()
    ]
    return MapSheet(
        title=f"{ctx.town_name}{name}{MAP_TITLE}",
        subtitle=f"{code} · {ctx.subtitle} · 小网格 {len(mine)} 个",
        date_text=ctx.date_text,
        source=ctx.source,
        focus=ctx.focus(village if len(village) else mine),
        fills=[
            Fill(others, [CONTEXT_FILL] * len(others), edge=CONTEXT_EDGE, width=0.5),
            Fill(mine, list(colors), edge=SMALL_LINE[0], width=0.5),
        ],
        borders=[
            Border(large, *LARGE_LINE),
            Border(village, *VILLAGE_LINE),
            Border(ctx.town, *TOWN_LINE),
        ],
        labels=[
            Labels(
                others,
                [[n] for n in others["name"].astype(object)],
                8.0,
                5.0,
                "#8a8a8a",
                bold_first=False,
            ),  # fmt: skip
            Labels(mine, lines, max_size=8.0, min_size=4.0, detail=True),
        ],
        legend_title="网格长" if p.color_by == "leader" else "网格户数",
        legend=list(legend),
        legend_lines=ctx.line_legend(),
        table=Table(
            f"{name} 网格责任表",
            columns,
            rows,
            align=["c", "l", "r", "l", "l"],
        ),  # fmt: skip
        note=ctx.note,
    )


def with_detail_page(sheet: MapSheet, params: CoverageMapParams) -> list[MapSheet]:
    """Return ``sheet``, plus an enlarged page (局部放大) if too many grids lack labels.

    The enlarged page is added when an inset on the sheet would not make room for them.

    The enlarged area is marked on the village page; the detail page shows it at a larger
    round scale with the legend (the grid table stays on the village page).
    """
    if inset_suffices(sheet, params.page_mm):
        return [sheet]  # nothing to enlarge, or an inset on the page does it
    skipped, _ = unlabelled(sheet, params.page_mm)
    minx, miny, maxx, maxy = shapely.union_all(skipped).bounds
    pad = 0.08 * max(maxx - minx, maxy - miny, 50.0)
    focus = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    detail = replace(
        sheet,
        title=f"{sheet.title}（局部放大）",
        subtitle=f"{sheet.subtitle.split(' · ')[0]} · 范围见上页红色虚线框",
        focus=focus,
        table=None,
        inset=False,
        marks=[],
    )
    sheet.inset = False
    sheet.marks = [*sheet.marks, (focus, "局部放大见下页")]
    return [sheet, detail]


def coverage_sheets(
    project, params: CoverageMapParams, colouring: Colouring, atlas: bool = True
) -> list[MapSheet]:
    """Build the sheets of an export.

    One village with ``params.village``; else the town overview, plus (``atlas``) one page
    per village, pages numbered.

    Raises
    ------
    InputError
        For an unknown ``params.village`` or a project with no small grids.
    """
    ctx = _Ctx(project, params)
    if params.village:
        code, name = village_row(project, params.village)
        return [village_sheet(ctx, colouring, code, name)]
    sheets = [overview_sheet(ctx, colouring)]
    if not atlas:
        return sheets
    for r in ctx.summary.itertuples():
        if r.small:
            sheets += with_detail_page(village_sheet(ctx, colouring, r.code, r.name), params)
    for i, sheet in enumerate(sheets, start=1):
        sheet.date_text = f"{sheet.date_text}    第 {i}/{len(sheets)} 页"
    return sheets


def export_print(
    project,
    out: str | Path,
    params: CoverageMapParams,
    colouring: Colouring,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PrintResult:
    """Write the coverage map(s) of ``project`` to ``out`` (``.pdf`` or ``.png``).

    A PDF without ``params.village`` is the atlas (overview + one page per village); a PNG
    is one 300-dpi map, of ``params.village`` or of the whole town.

    Raises
    ------
    InputError
        For a bad extension, unknown village, missing grids or font, unwritable path.
    Cancelled
        If ``cancelled()`` turns True between pages.
    """
    out = Path(out)
    if out.suffix.lower() not in (".pdf", ".png"):
        raise InputError(f"{out.name}: print maps are .pdf or .png")
    sheets = coverage_sheets(project, params, colouring, atlas=out.suffix.lower() == ".pdf")
    pages = save_sheets(
        sheets, out, params.page_mm, sheets[0].title, progress=progress, cancelled=cancelled
    )
    return PrintResult(out, pages)


def preview_png(
    project, params: CoverageMapParams, colouring: Colouring, page: int = 0, dpi: float = 72.0
) -> tuple[bytes, int]:
    """Render page ``page`` of the export as PNG bytes; returns ``(png, number of pages)``.

    The pages are those a PDF with ``params`` would hold (a PNG export is page 0).

    Raises
    ------
    InputError
        If ``page`` is out of range, or as :func:`export_print`.
    """
    sheets = coverage_sheets(project, params, colouring, atlas=True)
    if not 0 <= page < len(sheets):
        raise InputError(f"page {page + 1} does not exist; the export has {len(sheets)} page(s)")
    return sheet_png(sheets[page], params.page_mm, dpi), len(sheets)
