"""Pure parts of the print maps: round scales, scale bars, label fitting, fonts, layout."""

import pytest
import shapely
from shapely.geometry import box

from gisgrid.errors import InputError
from gisgrid.export import fonts
from gisgrid.export.coverage import short_code
from gisgrid.export.page import layout, map_extent, nice_length, nice_scale
from gisgrid.export.panel import clip_text
from gisgrid.export.printmap import fit_labels


@pytest.mark.parametrize(
    ("need", "nice"),
    [(23_400, 25_000), (10_000, 10_000), (10_001, 12_500), (870, 1_000), (1_600, 2_000)],
)
def test_nice_scale(need, nice):
    assert nice_scale(need) == pytest.approx(nice)


@pytest.mark.parametrize(("target", "length"), [(740, 500), (2_300, 2_000), (99, 50), (1, 1)])
def test_nice_length(target, length):
    assert nice_length(target) == pytest.approx(length)


def test_map_extent_fills_the_box_at_a_round_scale():
    from gisgrid.export.page import Box

    limits, scale = map_extent((0, 0, 2000, 1000), Box(0, 0, 180, 120))
    width, height = limits[2] - limits[0], limits[3] - limits[1]
    assert scale == pytest.approx(12_500)
    assert width / height == pytest.approx(180 / 120)
    assert width == pytest.approx(180 / 1000 * scale)
    assert limits[0] < 0 and limits[2] > 2000 and limits[1] < 0 and limits[3] > 1000


@pytest.mark.parametrize(("page", "panel_right"), [((210, 297), False), ((420, 297), True)])
def test_layout_keeps_everything_on_the_page(page, panel_right):
    boxes = layout(page, with_table=True, rows=20)
    for b in boxes.values():
        assert 0 <= b.x and b.x + b.w <= page[0] and 0 <= b.y and b.y + b.h <= page[1]
    mapbox, panel = boxes["map"], boxes["panel"]
    if panel_right:
        assert panel.x >= mapbox.x + mapbox.w
    else:
        assert panel.y + panel.h <= mapbox.y


def test_labels_shrink_then_drop_lines_then_skip():
    geoms = [box(0, 0, 500, 500), box(0, 0, 60, 500), box(0, 0, 18, 18), box(0, 0, 3, 3)]
    lines = [["01-001", "王*明"]] * 4
    fits = fit_labels(shapely.from_wkt([g.wkt for g in geoms]), lines, 2.0, 8.0, 4.0)
    big, narrow, small, tiny = fits
    assert big[2] == 8.0 and big[3] == ["01-001", "王*明"]
    assert narrow is not None and narrow[2] < 8.0
    assert small is not None and small[3] == ["01-001"] or small is None
    assert tiny is None
    for fit, geom in zip(fits, geoms):
        if fit is not None:
            assert geom.contains(shapely.Point(fit[0], fit[1]))


def test_label_anchor_moves_inside_a_concave_grid():
    ell = shapely.Polygon([(0, 0), (400, 0), (400, 60), (60, 60), (60, 400), (0, 400)])
    (fit,) = fit_labels([ell], [["07"]], 1.0, 8.0, 4.0)
    assert fit is not None and ell.contains(shapely.Point(fit[0], fit[1]))


def test_short_code_and_clip_text():
    assert short_code("37052310320102013") == "02-013"
    assert short_code("ABC") == "ABC"
    assert clip_text("短", 50, 7) == "短"
    assert clip_text("一个很长很长很长的网格名称", 20, 7).endswith("…")


def test_cjk_font_is_found_and_rc_embeds_truetype():
    font = fonts.find_cjk_font()
    assert font.family in fonts.CJK_FAMILIES
    rc = fonts.cjk_rc(font)
    assert rc["pdf.fonttype"] == 42 and rc["font.sans-serif"][0] == font.family


def test_missing_cjk_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(fonts, "_refresh_font_cache", lambda: False)
    fonts.find_cjk_font.cache_clear()
    try:
        with pytest.raises(InputError, match="fonts-noto-cjk"):
            fonts.find_cjk_font(("No Such Font Family",))
    finally:
        fonts.find_cjk_font.cache_clear()


def test_stale_font_cache_is_refreshed_once(monkeypatch):
    calls = []
    real = fonts._find

    def find(preferred):
        calls.append(preferred)
        return None if len(calls) == 1 else real(fonts.CJK_FAMILIES)

    monkeypatch.setattr(fonts, "_find", find)
    monkeypatch.setattr(fonts, "_refresh_font_cache", lambda: True)
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font(("Noto Sans CJK SC",)).family in fonts.CJK_FAMILIES
        assert len(calls) == 2
    finally:
        fonts.find_cjk_font.cache_clear()


def _crowded_sheet(tiny=None):
    import geopandas as gpd

    from gisgrid.crs import gk_crs
    from gisgrid.export.printmap import Fill, Labels, MapSheet

    big = box(0, 0, 3000, 3000)
    tiny = tiny or [box(2600 + 30 * i, 2600, 2625 + 30 * i, 2625) for i in range(6)]
    frame = gpd.GeoDataFrame(geometry=[big, *tiny], crs=gk_crs(40))
    lines = [[f"01-00{i}", "王*明"] for i in range(len(tiny) + 1)]
    return MapSheet(
        title="测试村网格责任图", subtitle="370523103201 · 按网格长着色", date_text="",
        source="", focus=(0, 0, 3000, 3000),
        fills=[Fill(frame, ["#8dd3c7"] * len(frame))],
        labels=[Labels(frame, lines, detail=True)],
    )  # fmt: skip


def _spread_sheet():
    # 40 m grids over a 750 m corner: an inset (about 1:10 000) is still too small for their
    # labels, a whole page (about 1:5 000) is not.
    return _crowded_sheet([box(2000 + 140 * i, 2000 + 140 * i, 2040 + 140 * i, 2040 + 140 * i)
                           for i in range(6)])  # fmt: skip


def test_grids_too_small_to_label_get_a_detail_page():
    from gisgrid.export.atlas import with_detail_page
    from gisgrid.export.coverage import CoverageMapParams
    from gisgrid.export.printmap import unlabelled

    sheet = _spread_sheet()
    assert len(unlabelled(sheet, (210, 297))[0]) == 6
    page, detail = with_detail_page(sheet, CoverageMapParams())
    assert page.marks and not page.inset and detail.table is None
    assert detail.title.endswith("（局部放大）")
    minx, miny, maxx, maxy = detail.focus
    assert minx >= 1900 and maxy <= 2900  # zoomed to the crowded corner
    assert unlabelled(detail, (210, 297))[0] == []  # every grid is labelled there
    (same,) = with_detail_page(_crowded_sheet(), CoverageMapParams())  # an inset will do
    assert same.inset and not same.marks


def test_single_sheet_gets_an_inset_instead():
    import matplotlib

    from gisgrid.export.fonts import cjk_rc
    from gisgrid.export.printmap import draw_sheet

    with matplotlib.rc_context(cjk_rc()):
        fig = draw_sheet(_crowded_sheet(), (210, 297))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert len(fig.axes) == 3  # page, map, inset
    assert any(t.startswith("局部放大图 1:") for t in texts)


def test_labels_fit_clipped_collections():
    clipped = shapely.GeometryCollection(
        [box(0, 0, 400, 400), shapely.LineString([(0, 0), (5, 5)])]
    )
    (fit,) = fit_labels([clipped], [["张家庄村"]], 1.0, 8.0, 4.0)
    assert fit is not None and box(0, 0, 400, 400).contains(shapely.Point(fit[0], fit[1]))
