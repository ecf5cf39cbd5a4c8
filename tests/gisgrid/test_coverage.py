import json

import assign_case as case
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gisgrid.assign import assign_households
from gisgrid.coverage import coverage

L, B, S = case.LON0, case.LAT0, case.STEP
REF = pd.Timestamp("2026-11-20 10:00")


def make_project(with_issues=True):
    layers = case.lattice(3, 1)
    codes = layers["grids_small"]["code"].tolist()
    where = [
        (L + 0.2 * S, B + 0.5 * S),
        (L + 0.5 * S, B + 0.5 * S),
        (L + 0.8 * S, B + 0.5 * S),
        (L + 1.3 * S, B + 0.5 * S),
        (L + 1.6 * S, B + 0.5 * S),
        (L + 3.5 * S, B + 0.5 * S),
        (L + 3.6 * S, B + 0.5 * S),
    ]
    hh = case.households(where, pinned=[False] * 6 + [True], grid_code=[None] * 6 + [codes[2]])
    cadres = case.cadres(
        [
            {"id": "lead", "lon": L, "lat": B, "max_households": 2},
            {"id": "np", "lon": L, "lat": B, "party_member": False},
            {"id": "idle", "lon": L, "lat": B},
        ]
    )
    assignments = case.assignments(
        [("lead", "grid_leader", "small", codes[0]), ("np", "grid_leader", "small", codes[1])]
    )
    p = case.project({**layers, "households": hh, "cadres": cadres, "assignments": assignments})
    assign_households(p).command().do(p)
    if with_issues:
        rows = [
            ("visit", "H000", REF - pd.Timedelta(days=5)),
            ("visit", "H001", REF - pd.Timedelta(days=40)),
            ("hotline", "H002", REF),
            ("visit", "H003", REF - pd.Timedelta(days=29, hours=23)),
            ("visit", None, REF - pd.Timedelta(days=1)),
        ]
        issues = gpd.GeoDataFrame(
            {
                "id": [f"I{i}" for i in range(len(rows))],
                "source": [r[0] for r in rows],
                "household_id": [r[1] for r in rows],
                "reported_at": [r[2] for r in rows],
            },
            geometry=[shapely.Point(L, B)] * len(rows),
            crs=4490,
        )
        p.set_layer("issues", issues)
    return p, codes


def test_coverage_figures():
    p, codes = make_project()
    c = coverage(p)
    assert c["households_total"] == 7
    assert c["households_assigned"] == 6
    assert c["households_outside"] == 1
    assert c["grids_without_leader"] == [codes[2]]
    assert c["leaders_not_party_members"] == [codes[1]]
    assert c["cadres_over_limit"] == ["lead"]
    assert c["cadres_without_grid"] == ["idle"]
    assert c["households_per_cadre"] == {"min": 2, "median": 2.5, "max": 3}
    assert c["visit_reference_date"] == "2026-11-20"
    assert c["visit_coverage"] == pytest.approx(2 / 7, abs=1e-4)
    by_grid = {r["grid_code"]: r for r in c["visit_coverage_by_grid"]}
    assert by_grid[codes[0]] == {
        "grid_code": codes[0],
        "households": 3,
        "visited": 1,
        "share": pytest.approx(1 / 3, abs=1e-4),
    }
    assert by_grid[codes[1]]["visited"] == 1 and by_grid[codes[1]]["households"] == 2
    assert by_grid[codes[2]]["households"] == 1 and by_grid[codes[2]]["share"] == 0
    json.dumps(c)  # JSON-ready


@pytest.mark.parametrize("days, share", [(1, 0), (30, 2 / 7), (60, 3 / 7)])
def test_visit_window(days, share):
    p, _ = make_project()
    c = coverage(p, days=days)
    assert c["visit_days"] == days
    assert c["visit_coverage"] == pytest.approx(share, abs=1e-4)


def test_no_issues_no_households():
    p, _ = make_project(with_issues=False)
    c = coverage(p)
    assert c["visit_coverage"] == 0 and c["visit_reference_date"] is None
    empty = case.project(case.lattice(1, 1, villages=False))
    c = coverage(empty)
    assert c["households_total"] == 0 and c["visit_coverage"] is None
    assert c["households_per_cadre"] == {"min": None, "median": None, "max": None}
    assert len(c["grids_without_leader"]) == 1
