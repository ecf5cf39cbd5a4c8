"""The weekly pack's HTML page: self-contained, offline, escaped, masked; Leaflet draws it."""

import re
import shutil
import subprocess

import pytest
from gisgrid.layers.report_web import report_html, write_report_html
from report_case import CADRES, make_report_project

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.report import ReportParams, weekly_report

EVIL = '<img src=x onerror="alert(1)">{{ 7*7 }}'
EXTERNAL = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""")


@pytest.fixture(scope="module")
def project():
    project = make_report_project()
    issues = project.layer("issues")
    mine = issues["household_id"] == "H2"
    issues.loc[mine, "address"] = EVIL  # repeat complaints show the address
    issues.loc[mine, "description"] = EVIL
    project.set_layer("issues", issues)
    return project


@pytest.fixture(scope="module")
def page(project, tmp_path_factory):
    report = weekly_report(project, ReportParams(week="2026-W47", permutations=99))
    path = tmp_path_factory.mktemp("web") / "pack.html"
    write_report_html(report, path)
    return report, path, path.read_text(encoding="utf-8")


def test_page_is_offline_and_complete(page):
    report, _, html = page
    assert EXTERNAL.findall(html) == []
    assert "临河镇 周调度会议材料" in html and "2026年第47周" in html
    for section in (
        "核心指标",
        "诉求热点分布",
        "诉求率最高的网格",
        "超期未办结诉求",
        "重复诉求",
        "分类诉求趋势",
        "入户走访覆盖率",
    ):
        assert section in html
    assert f'<span class="v">{report.headline.loc["new", "current"]}</span>' in html
    assert html.count("data:image/png;base64,") >= 1  # the trend chart
    assert "folium-map" in html and "L.map(" in html


def test_page_masks_and_escapes(page):
    _, _, html = page
    for name, phone, _ in CADRES.values():
        assert name not in html and phone not in html
    assert "周*国" in html or "吴*华" in html
    assert EVIL not in html and 'onerror="alert' not in html
    assert "&lt;img src=x onerror=" in html  # shown as text in the repeat complaints
    assert "{{ 7*7 }}" in html  # and never evaluated as a template


def test_empty_week_page(project, tmp_path):
    report = weekly_report(project, ReportParams(week="2026-W10", permutations=99))
    html = report_html(report)
    assert "无新受理诉求" in html and EXTERNAL.findall(html) == []


def test_bad_extension(page, tmp_path):
    with pytest.raises(InputError, match=".html"):
        write_report_html(page[0], tmp_path / "pack.pdf")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_chromium_draws_the_map_offline(page, tmp_path):
    _, path, _ = page
    cmd = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        path.as_uri(),
    ]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=90).stdout
    assert dom.count("leaflet-interactive") >= 4  # the four grids drawn as SVG paths
    assert "gg-legend" in dom or "legend" in dom
    assert "核心指标" in dom


def test_cli_writes_three_files(tmp_path):
    make_report_project(tmp_path / "t.gpkg")
    out = tmp_path / "pack"
    assert (
        main(
            ["report", "weekly", str(tmp_path / "t.gpkg"), "--week", "2026-W47", "--out", str(out)]
        )
        == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == ["周调度_2026-W47.html", "周调度_2026-W47.pdf", "周调度_2026-W47.xlsx"]
