"""A small project for the meeting-pack tests: the issue-case grids plus cadres with names and
phone numbers, village liaisons and twelve weeks of issues (2026-W36 … W47, one in W48).

Issues are drawn with a fixed seed; the tests compute the expected figures from the issues
table with plain pandas.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from issue_case import V1, V2, G, make_project

from gisgrid.project import Project

#: Cadres: id → (name, phone, role); names of three characters so masking shows (周*国).
CADRES = {
    "C1": ("周建国", "13812345678", "grid_leader"),
    "C2": ("吴振华", "13998765432", "grid_leader"),
    "L1": ("郑晓明", "15011112222", "village_liaison"),
    "L2": ("冯志刚", "15133334444", "village_liaison"),
}
HOUSEHOLDS = {G[0]: ["H1", "H2"], G[1]: ["H3"], G[2]: ["H4"], G[3]: ["H5", "H6"]}
BOX = {
    G[0]: (118.70, 36.900),
    G[1]: (118.70, 36.905),
    G[2]: (118.71, 36.900),
    G[3]: (118.71, 36.905),
}
CATEGORIES = ["社会治安", "人居环境", "道路交通", "养老社保"]


def _issues(seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    rows, points = [], []
    start = pd.Timestamp("2026-09-01")  # Tuesday of 2026-W36
    # weekly rate per grid; grid 2 (G[1], one household) rises sharply in the last week
    for day in range(83):  # up to Sunday 2026-11-22
        t0 = start + pd.Timedelta(days=day)
        last_week = t0 >= pd.Timestamp("2026-11-16")
        for k, grid in enumerate(G):
            lam = [0.4, 0.25, 0.3, 0.35][k] * (4.0 if last_week and k == 1 else 1.0)
            for _ in range(rng.poisson(lam)):
                when = t0 + pd.Timedelta(minutes=int(rng.integers(8 * 60, 18 * 60)))
                hh = str(rng.choice(HOUSEHOLDS[grid]))
                fate = rng.random()
                closed = when + pd.Timedelta(hours=float(rng.choice([3, 20, 30, 80])))
                rows.append(
                    {
                        "id": f"T{len(rows):04d}",
                        "reported_at": when,
                        "first_contact_at": when + pd.Timedelta(minutes=int(rng.integers(5, 90))),
                        "resolved_at": closed if fate < 0.8 else pd.NaT,
                        "status": "resolved" if fate < 0.8 else "handled",
                        "complexity": "complex" if rng.random() < 0.3 else "simple",
                        "satisfaction": float(rng.integers(3, 6)) if fate < 0.8 else np.nan,
                        "household_id": hh,
                        "address": f"{hh}号院",
                        "source": "visit" if rng.random() < 0.3 else "hotline",
                        "category": str(rng.choice(CATEGORIES)),
                        "description": "路灯不亮",
                        "village_code": V1 if k < 2 else V2,
                        "grid_code": grid,
                    }
                )
                x0, y0 = BOX[grid]
                points.append(
                    shapely.Point(
                        x0 + 0.002 + 0.006 * rng.random(), y0 + 0.001 + 0.003 * rng.random()
                    )
                )
    # one case in the next week: the records reach past the end of 2026-W47
    rows.append(
        {
            **rows[-1],
            "id": "NEXT",
            "reported_at": pd.Timestamp("2026-11-24 09:00"),
            "first_contact_at": pd.NaT,
            "resolved_at": pd.NaT,
            "status": "handled",
        }
    )
    points.append(points[-1])
    frame = pd.DataFrame(rows)
    frame["reviewed_at"] = pd.NaT
    return gpd.GeoDataFrame(frame, geometry=points, crs=4490)


def make_report_project(path=None) -> Project:
    """Return (and save at ``path``) the report test project."""
    project = make_project(None if path is None else path)
    project.set_layer(
        "cadres",
        gpd.GeoDataFrame(
            {
                "id": list(CADRES),
                "name": [v[0] for v in CADRES.values()],
                "phone": [v[1] for v in CADRES.values()],
                "role": [v[2] for v in CADRES.values()],
                "party_member": [True] * 4,
            },
            geometry=[shapely.Point(118.701, 36.901)] * 4,
            crs=4490,
        ),
    )
    project.set_layer(
        "assignments",
        pd.DataFrame(
            {
                "cadre_id": ["C1", "C1", "C2", "C2", "L1", "L2"],
                "role": ["grid_leader"] * 4 + ["village_liaison"] * 2,
                "level": ["small"] * 4 + ["village"] * 2,
                "grid_code": [*G, V1, V2],
            }
        ),
    )
    project.set_layer("issues", _issues())
    if path is not None:
        project.save()
    return project
