"""The interactive cadre-coverage map (offline HTML), from the shared web-map pieces."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from gisgrid.layers.coverage import coverage_colors, coverage_style, coverage_title
from gisgrid.layers.registry import LAYER_TYPES
from gisgrid.layers.web import geojson_layer, legend, new_map, offline_html

from gisgrid.export.coverage import CoverageMapParams, coverage_grids, village_row

#: Boundary layers drawn over the coloured grids: the hierarchy's default look, unfilled.
OUTLINES = {
    "grids_large": replace(LAYER_TYPES["grids_large"].style, filled=False),
    "villages": replace(
        LAYER_TYPES["villages"].style, kind="single", filled=False, outline_color="#303030",
        outline_width=2.0,
    ),
}  # fmt: skip


def coverage_map(project, params: CoverageMapParams):
    """Build a folium map of the small grids coloured by leader or load, and the borders.

    Tooltips show the grid and its leader; popups add village and households. Names are
    masked and phones left out unless ``params.show_contacts``; households are not drawn.
    """
    import folium

    grids = coverage_grids(project, params.show_contacts)
    focus = project.layer("town")
    if params.village:
        code, _ = village_row(project, params.village)
        grids = grids[grids["village_code"] == code].reset_index(drop=True)
        villages = project.layer("villages")
        focus = villages[villages["code"].astype(object) == code]
    if len(focus) == 0 or focus.geometry.is_empty.all():
        focus = grids
    m = new_map(tuple(float(v) for v in focus.total_bounds))

    town = project.layer("town")
    if len(town):
        kind = LAYER_TYPES["town"]
        geojson_layer(town, kind.style, name=kind.title, title_fields=["name"], fill_opacity=1.0,
                      label_fields=()).add_to(m)  # fmt: skip
    result = coverage_colors(grids, params.color_by)
    popup = [("code", "网格编码"), ("name", "网格名称"), ("village_name", "所属村(社区)"),
             ("households", "户数"), ("leader", "网格长")]  # fmt: skip
    if params.show_contacts:
        popup.append(("phone", "联系电话"))
    geojson_layer(
        grids,
        coverage_style(params.color_by),
        name=LAYER_TYPES["grids_small"].title,
        title_fields=["short_code", "name"],
        tooltip_fields=[("leader", "网格长"), ("households", "户数")],
        popup_fields=popup,
        colors=result.colors,
        label_fields=["short_code", "leader"],
    ).add_to(m)
    for name, style in OUTLINES.items():
        frame = project.layer(name)
        if len(frame):
            geojson_layer(frame, style, name=LAYER_TYPES[name].title, label_fields=()).add_to(m)
    title = coverage_title(project, params)
    legend_title = "网格长" if params.color_by == "leader" else "网格户数"
    legend(result.legend, title=f"{title} · {legend_title}").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def coverage_html(project, params: CoverageMapParams) -> str:
    """Render the coverage map as one self-contained HTML page that works with no network."""
    html = offline_html(coverage_map(project, params))
    title = escape(coverage_title(project, params))
    return html.replace("<head>", f"<head>\n<title>{title}</title>", 1)
