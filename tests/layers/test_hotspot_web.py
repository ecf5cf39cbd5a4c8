import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.hotspots import HotspotParams, hotspots

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gisgrid"))
from test_hotspot_project import build  # noqa: E402

PAYLOAD = "{{7*7}}<script>PWNED=1</script><img src=x onerror='PWNED=2'>`${x}`"


@pytest.fixture(scope="module")
def result():
    project = build(seed=5)
    issues = project.layer("issues")
    issues.loc[0, "description"] = PAYLOAD
    project.set_layer("issues", issues)
    return hotspots(project, HotspotParams(permutations=999, seed=1))


def test_offline_page_with_all_layers(result, tmp_path):
    from gisgrid.layers.hotspot_web import write_hotspot_html

    path = write_hotspot_html(result, tmp_path / "hot.html", title="临河镇 诉求热点")
    html = path.read_text("utf-8")
    assert not re.search(r"<(script|link)\b[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", html)
    for name in ("Gi* 热点分级", "时空热点模式", "每百户诉求数", "诉求热力图", "诉求点 ("):
        assert name in html or json.dumps(name)[1:-1] in html  # layer control names are \\u
    assert "L.markerClusterGroup" in html and "L.heatLayer" in html
    assert "持续热点" in html and "热点 9" in html
    assert "<title>临河镇 诉求热点</title>" in html
    assert len(html) < 3_000_000


def test_citizen_text_is_never_markup(result):
    from gisgrid.layers.hotspot_web import hotspot_html

    html = hotspot_html(result)
    assert "<script>PWNED" not in html and "<img src=x" not in html
    # The text survives as escaped JSON, and the Jinja pass did not evaluate it.
    assert "\\u003cscript\\u003ePWNED=1" in html
    assert "\\u007b\\u007b7*7\\u007d\\u007d\\u003cscript" in html
    assert "onerror=\\u0027PWNED=2\\u0027\\u003e" in html


def test_issue_rows_cut_text_and_skip_unlocated(result):
    from gisgrid.layers.hotspot_web import TEXT_CHARS, issue_rows

    issues = result.issues.copy()
    issues.loc[1, "description"] = "长" * 500
    issues.loc[2, "geometry"] = None
    rows, names = issue_rows(issues)
    assert len(rows) == len(issues) - 1
    assert max(len(r[4]) for r in rows) == TEXT_CHARS
    assert all(-90 <= r[0] <= 90 and -180 <= r[1] <= 180 for r in rows)
    assert sorted(names) == names and {names[r[2]] for r in rows} == set(issues["category"])
    quiet, _ = issue_rows(issues, max_text_issues=10)
    assert {r[4] for r in quiet} == {""}


def test_hundred_thousand_issues_fit_in_a_few_megabytes():
    from gisgrid.layers.hotspot_web import issue_rows
    from gisgrid.layers.web import to_js

    rng = np.random.default_rng(0)
    n = 100_000
    frame = gpd.GeoDataFrame(
        {
            "category": rng.choice(["人居环境", "道路交通", "社会治安"], n),
            "reported_at": pd.Timestamp("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "description": ["垃圾桶满溢多日无人清运，气味难闻，请尽快处理"] * n,
        },
        geometry=gpd.points_from_xy(rng.uniform(118.6, 118.8, n), rng.uniform(36.9, 37.1, n)),
        crs=4490,
    )
    rows, names = issue_rows(frame)
    size = len(to_js(rows).encode()) + len(to_js([[r[0], r[1]] for r in rows]).encode())
    assert len(rows) == n and size < 7_000_000  # markers + heat; the rest of the page is small


def test_week_slider_layer(result):
    from gisgrid.layers.hotspot_web import hotspot_html

    html = hotspot_html(result)
    assert 'slider.type = "range"' in html
    assert json.dumps(result.weeks[-1][1].isoformat()) in html


def test_bad_path(result, tmp_path):
    from gisgrid.layers.hotspot_web import write_hotspot_html

    with pytest.raises(InputError, match="html"):
        write_hotspot_html(result, tmp_path / "map.png")


def test_cli_html(tmp_path, capsys):
    gpkg = tmp_path / "h.gpkg"
    build(gpkg, seed=6)
    out = tmp_path / "m.html"
    assert main(["hotspots", str(gpkg), "--permutations", "99", "--html", str(out)]) == 0
    assert out.exists() and "wrote" in capsys.readouterr().out
