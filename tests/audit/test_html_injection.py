"""HTML injection audit (issue 9): citizen text in every HTML output, run in headless Chromium.

The hostile township (``tests/_support/hostile_case.py``) puts script tags, event
handlers, ``javascript:`` URLs, ``</script>`` breakouts, Jinja/branca braces, template
literals, backslashes, U+2028/2029, both kinds of quotes, ``-->`` / ``]]>`` and very long text
into the town's, villages', grids' and cadres' names and into issue descriptions, addresses
and categories. Every HTML output (listed in ``test_privacy_audit.py``) is loaded offline in
headless Chromium, and

* nothing ran: a payload that runs sets ``data-pwned`` on ``<html>``; no live element carries
  an event handler or a ``javascript:`` link taken from the data;
* nothing broke: no uncaught error in the console; the map drew every grid, its legend and
  its layer control (added by the page's last script); the report tables have their rows;
* the text survived: payloads come back unchanged from the page's data (JSON strings), and
  where the page prints them as text (the pack's tables, titles) they are shown literally.
"""

import html
import json
import re

import hostile_case as case
import pytest
from chromium_page import CHROMIUM, load_page

from gisgrid.export.coverage import coverage_grids
from gisgrid.report_pdf import grid_rows, overdue_rows, repeat_rows

pytestmark = [
    pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (Debian package)"),
    pytest.mark.filterwarnings("ignore:Glyph .* missing from font"),
]

#: HTML outputs → the report behind them (for its tables), if any.
PAGES = {
    "coverage_html": None,
    "coverage_html_contacts": None,
    "hotspot_html": None,
    "weekly_html": "weekly_report",
    "weekly_html_contacts": "weekly_contacts_report",
    "monthly_html": "monthly_report",
}
LIVE_HANDLER = re.compile(r"<[a-z][^<>]*\s(on[a-z]+\s*=|href\s*=\s*[\"']?\s*javascript:)", re.I)
JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


@pytest.fixture(scope="module")
def loaded(exports, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium")
    return {name: load_page(exports[name], profile) for name in PAGES}


def _strings(page: str) -> set[str]:
    """Every JSON string literal of the page's scripts, decoded as the browser decodes it."""
    found = set()
    for literal in JSON_STRING.findall(page):
        try:
            found.add(json.loads(literal))
        except ValueError:
            continue
    return found


@pytest.mark.parametrize("name", PAGES)
def test_no_payload_ran(loaded, name):
    dom = loaded[name].dom
    assert re.match(r"\s*(<!DOCTYPE html>\s*)?<html>", dom, re.I), dom[:200]
    assert "data-pwned" not in dom
    assert not LIVE_HANDLER.search(dom)


@pytest.mark.parametrize("name", PAGES)
def test_page_ran_to_the_end(loaded, name, hostile):
    page = loaded[name]
    assert page.errors == []
    grids = len(hostile.layer("grids_small"))
    assert page.dom.count("leaflet-interactive") >= grids  # every small grid drawn
    assert "gg-legend" in page.dom and "leaflet-control-layers" in page.dom
    assert "{{7*7}}" in page.dom  # the town's name in the title, not evaluated to 49


@pytest.mark.parametrize("name", PAGES)
def test_payloads_survive_unchanged_in_the_data(exports, hostile, name):
    strings = _strings(exports[name].read_text(encoding="utf-8"))
    grid_names = {f"{p}网格" for p in case.PAYLOADS}
    assert grid_names <= strings  # tooltips and popups get them back as they were written
    if name.startswith("coverage_html"):  # leaders' names, masked unless asked
        grids = coverage_grids(hostile, show_contacts=name.endswith("contacts"))
        leaders = set(grids.loc[grids["village_code"] == case.VILLAGE, "leader"])
        assert len(leaders) > 3 and leaders <= strings
        assert bool(leaders & set(case.PAYLOADS)) == name.endswith("contacts")
    if name in ("hotspot_html", "weekly_html", "monthly_html"):
        assert case.PAYLOADS[0] in strings  # an issue category


@pytest.mark.parametrize("name", [n for n, r in PAGES.items() if r])
def test_report_tables_show_the_text_literally(loaded, exports, name):
    dom = loaded[name].dom
    report = exports[PAGES[name]]
    rows = grid_rows(report.top_rate) + overdue_rows(report.overdue) + repeat_rows(report.repeats)
    assert report.overdue.shape[0] >= len(case.PAYLOADS)  # the planted open issues
    for row in rows:
        for cell in row:
            assert html.escape(cell, quote=False) in dom, cell
    assert dom.count("<tr>") >= len(rows)
    village = html.escape(f"西关社区{case.PAYLOADS[0]}", quote=False)
    assert village in dom
