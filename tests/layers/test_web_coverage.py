"""The offline HTML coverage map: no CDN, no personal data, escaped text, renders in Chromium."""

import json
import re
import shutil
import subprocess

import coverage_case as case
import pytest
from gisgrid.layers.coverage import coverage_colors, export_coverage
from gisgrid.layers.web_coverage import coverage_html

from gisgrid.cli import main
from gisgrid.export.coverage import CoverageMapParams, coverage_grids

EXTERNAL = re.compile(r"""<(script|link)\b[^>]*(src|href)\s*=\s*["']?(https?:)?//""", re.I)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    return case.build(folder / "evil.gpkg", evil_names=True)


@pytest.fixture(scope="module")
def page(evil):
    return coverage_html(evil, CoverageMapParams())


def _data(html):
    """The GeoJSON of the small-grid layer, decoded as the browser will."""
    for match in re.finditer(r"\}\)\((\{.*?\})\), \{\n", html, re.S):
        data = json.loads(match.group(1))
        if data["features"] and "leader" in data["features"][0]["properties"]:
            return data
    raise AssertionError("no small-grid layer in the page")


def test_page_has_no_network_references(page):
    assert not EXTERNAL.search(page)
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page
    assert "L.geoJson(" in page and "var L" not in page[:200]
    assert re.search(r"<script>\s*/\* @preserve\s*\* Leaflet 1\.9\.3", page)
    assert "url(images/" not in page and "data:image/png;base64," in page
    assert "<title>临河镇网格责任图</title>" in page


def test_page_has_no_personal_data_unless_asked(evil, page, tmp_path):
    for name, phone in case.LEADERS.values():
        assert name not in page and phone not in page
    assert "13011112222" not in page and "钱多多" not in page  # households never drawn
    props = _data(page)["features"][0]["properties"]
    assert "phone" not in props and props["leader"].count("*") == 1
    out = tmp_path / "full.html"
    assert main(["export", "coverage", str(evil.path), "--out", str(out), "--show-contacts"]) == 0
    full = out.read_text(encoding="utf-8")
    assert "王小明" in full and "13812341234" in full
    assert "13011112222" not in full  # household phones are never part of the map


def test_hostile_names_are_escaped_and_survive_intact(page):
    assert case.EVIL not in page
    assert "<script>alert(1)" not in page
    assert "{{ 7*7 }}" not in page  # braces reach the page only as \u007b escapes
    names = {f["properties"]["name"] for f in _data(page)["features"]}
    # decoded back unchanged: quotes, backtick, backslash kept; "{{ 7*7 }}" not run as Jinja
    assert case.EVIL in names and case.QUOTES in names


def test_html_colours_match_the_print_colours(evil, page):
    grids = coverage_grids(evil)
    expected = dict(zip(grids["code"], coverage_colors(grids, "leader").colors))
    got = {f["properties"]["code"]: f["properties"]["__fill"] for f in _data(page)["features"]}
    assert got == expected
    assert len(set(got.values())) >= 5  # one colour per leader, grey for the leaderless grid


def test_village_html_keeps_only_that_village(evil, tmp_path):
    out = tmp_path / "v.html"
    result = export_coverage(evil, out, CoverageMapParams(village=case.V2, color_by="load"))
    assert result.format == "html"
    codes = {f["properties"]["code"] for f in _data(out.read_text(encoding="utf-8"))["features"]}
    assert codes == {case.V2 + "01001", case.V2 + "01002", case.V2 + "01003"}
    assert "户" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (Debian package chromium)")
def test_page_renders_offline_in_headless_chromium(page, tmp_path):
    html = tmp_path / "map.html"
    html.write_text(page, encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
        "--virtual-time-budget=5000", "--window-size=1200,800", "--dump-dom", html.as_uri(),
    ]  # fmt: skip
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert dom.count("leaflet-interactive") >= 7  # Leaflet ran and drew the grids
    assert "gg-legend" in dom and "王*明" in dom and "未配备网格长" in dom
    assert "<script>alert(1)</script>" not in dom
    assert "leaflet-control-layers" in dom
    assert dom.count('class="leaflet-marker-icon gg-label') >= 5  # labels on grids that fit
    assert "01-001\n王*明" in dom


def test_html_to_a_missing_folder_is_refused(evil, tmp_path):
    from gisgrid.errors import InputError

    with pytest.raises(InputError, match="does not exist"):
        export_coverage(evil, tmp_path / "no" / "m.html", CoverageMapParams())
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("households", "legend"),
    [
        ([1, 5, 9, 30], ["1 – 4 户", "5 – 7 户", "8 – 14 户", "15 – 30 户"]),
        ([0, 0, 0, 0], ["0 户"]),
    ],
)
def test_load_classes_read_as_whole_households(households, legend):
    import pandas as pd

    frame = pd.DataFrame({"households": households, "leader_id": [""] * 4, "leader": [""] * 4})
    result = coverage_colors(frame, "load")
    assert [label for label, _ in result.legend] == legend
    if len(legend) == 1:  # equal loads are the light end of the ramp, not "heavy"
        assert set(result.colors) == {"#ffffb2"}


def test_leader_legend_names_leaders_and_the_gap():
    import pandas as pd

    frame = pd.DataFrame(
        {"households": [1, 2, 3], "leader_id": ["c2", "", "c1"], "leader": ["李*", "x", "王*"]}
    )
    result = coverage_colors(frame, "leader")
    assert [label for label, _ in result.legend] == ["王*", "李*", "未配备网格长"]
    assert result.colors[1] == "#bdbdbd" and result.colors[0] != result.colors[2]


def test_load_colours_are_reproducible():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"households": rng.integers(5, 60, 400), "leader_id": "", "leader": ""})
    first = coverage_colors(frame, "load")
    for _ in range(3):
        again = coverage_colors(frame, "load")
        assert list(again.colors) == list(first.colors) and again.legend == first.legend


def test_preview_renders_a_page_for_the_export_dialog(evil):
    import io

    from gisgrid.layers.coverage import coverage_preview
    from PIL import Image

    from gisgrid.errors import InputError

    png, pages = coverage_preview(evil, CoverageMapParams(), page=1, dpi=30)
    assert pages == 3
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == pytest.approx((round(210 / 25.4 * 30), round(297 / 25.4 * 30)), abs=2)
    with pytest.raises(InputError, match="does not exist"):
        coverage_preview(evil, CoverageMapParams(), page=7)
