"""End to end on the committed sample township: the planted patterns come out."""

from pathlib import Path

import pandas as pd
import pytest

from gisgrid.closed_loop import closed_loop
from gisgrid.hotspots import HotspotParams, hotspots
from gisgrid.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"


@pytest.fixture(scope="module")
def town():
    if not SAMPLE.exists():
        pytest.skip("the sample township has not been built")
    from gisgrid.sample_data.township import planted_patterns

    project = Project.open(SAMPLE)
    patterns = planted_patterns(1)
    grids = set(project.layer("grids_small")["code"].astype(str))
    if patterns["persistent"]["grid_code"] not in grids:
        pytest.skip("the committed sample was built by another version of the generator")
    return project, patterns


def test_industrial_park_is_a_persistent_hot_spot(town):
    project, planted = town
    park = planted["persistent"]
    everything = hotspots(project, HotspotParams(kde=False)).grids.set_index("code")
    assert everything.loc[park["grid_code"], "gi_class"] >= 2
    assert everything.loc[park["grid_code"], "trend"].endswith("_hot_spot")
    own = hotspots(
        project, HotspotParams(categories=park["categories"], kde=False, permutations=9999)
    ).grids.set_index("code")
    assert own.loc[park["grid_code"], "trend"] == "persistent_hot_spot"
    assert own.loc[park["grid_code"], "gi_class"] >= 2


def test_truck_road_emerges_in_fortnightly_bins(town):
    project, planted = town
    result = hotspots(project, HotspotParams(bin_days=14, kde=False, permutations=999))
    grids = result.grids.set_index("code")
    assert grids.loc[planted["persistent"]["grid_code"], "trend"] == "persistent_hot_spot"
    new = grids[grids["trend"].isin(["new_hot_spot", "consecutive_hot_spot"])]
    issues = project.layer("issues")
    road = issues[issues["category"].isin(planted["emerging"]["categories"])]
    recent = road[road["reported_at"] >= road["reported_at"].max() - pd.Timedelta(weeks=10)]
    road_grids = set(recent["grid_code"].value_counts().head(10).index)
    assert road_grids & set(new.index)


def test_closed_loop_figures_of_the_sample(town):
    project, _ = town
    result = closed_loop(project)
    totals = result.totals
    assert totals["new"] == len(project.layer("issues"))
    assert 80 <= totals["resolution_rate"] <= 100 and totals["overdue"] >= 1
    assert 0 < totals["on_time_rate"] < 100
    assert len(result.by_cadre) > 0 and result.by_week["new"].sum() == totals["new"]
