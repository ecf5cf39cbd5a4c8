"""Tiny projects for the assignment, cadre, coverage and roster tests.

A lattice of ``nx × ny`` square small grids of ``STEP`` degrees (about 1 km) at 118.7°E 37°N.
Columns ``0 … nx/2-1`` form village 1 (one large grid), the rest village 2 when villages are
asked for. Small codes are the large grid's code plus ``001, 002 …`` row by row.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisgrid.project import Project

LON0, LAT0, STEP = 118.70, 37.00, 0.01
VILLAGES = ["370523103201", "370523103202"]


def cell(i: int, j: int) -> shapely.Polygon:
    return shapely.box(
        LON0 + i * STEP, LAT0 + j * STEP, LON0 + (i + 1) * STEP, LAT0 + (j + 1) * STEP
    )


def lattice(nx: int = 4, ny: int = 3, villages: bool = True) -> dict[str, gpd.GeoDataFrame]:
    """Layers of the lattice: ``grids_small`` and, with villages, ``villages``/``grids_large``."""
    half = max(1, nx // 2)
    rows, seq = [], {0: 0, 1: 0}
    for j in range(ny):
        for i in range(nx):
            v = 0 if i < half or not villages else 1
            seq[v] += 1
            large = VILLAGES[v] + "01"
            rows.append(
                {
                    "code": f"{large}{seq[v]:03d}",
                    "name": f"网格{i}-{j}",
                    "parent_code": large,
                    "geometry": cell(i, j),
                }
            )
    small = gpd.GeoDataFrame(rows, crs=4490)
    out = {"grids_small": small}
    if villages:
        parts = [(0, half), (half, nx)] if nx > 1 else [(0, 1)]
        vgeoms = [
            shapely.box(LON0 + a * STEP, LAT0, LON0 + b * STEP, LAT0 + ny * STEP)
            for a, b in parts
            if b > a
        ]
        out["villages"] = gpd.GeoDataFrame(
            {
                "code": VILLAGES[: len(vgeoms)],
                "name": ["东村", "西村"][: len(vgeoms)],
                "parent_code": "370523103000",
                "kind": "rural",
            },
            geometry=vgeoms,
            crs=4490,
        )
        out["grids_large"] = gpd.GeoDataFrame(
            {
                "code": [c + "01" for c in VILLAGES[: len(vgeoms)]],
                "name": ["东村第1大网格", "西村第1大网格"][: len(vgeoms)],
                "parent_code": VILLAGES[: len(vgeoms)],
            },
            geometry=vgeoms,
            crs=4490,
        )
    return out


def points(lonlat: list[tuple[float, float]]) -> list[shapely.Point]:
    return [shapely.Point(x, y) for x, y in lonlat]


def households(lonlat: list[tuple[float, float]], **columns) -> gpd.GeoDataFrame:
    n = len(lonlat)
    data = {
        "id": [f"H{i:03d}" for i in range(n)],
        "head": ["王小明"] * n,
        "phone": ["13812341234"] * n,
        "size": [3] * n,
    }
    data.update(columns)
    return gpd.GeoDataFrame(data, geometry=points(lonlat), crs=4490)


def random_households(rng: np.random.Generator, n: int, nx: int, ny: int) -> gpd.GeoDataFrame:
    lon = LON0 + rng.uniform(0.0005, nx * STEP - 0.0005, n)
    lat = LAT0 + rng.uniform(0.0005, ny * STEP - 0.0005, n)
    return households(list(zip(lon, lat)))


def cadres(rows: list[dict]) -> gpd.GeoDataFrame:
    """Cadres from dicts with ``id``, ``lon``, ``lat`` and any cadre columns."""
    frame = pd.DataFrame(rows)
    defaults = {
        "name": "张三",
        "role": "grid_leader",
        "party_member": True,
        "phone": "13912345678",
        "max_households": 0,
        "max_grids": 0,
    }
    for key, value in defaults.items():
        if key not in frame:
            frame[key] = value
        else:
            frame[key] = frame[key].astype(object).where(frame[key].notna(), value)
    geometry = points(list(zip(frame.pop("lon"), frame.pop("lat"))))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4490)


def project(layers: dict[str, pd.DataFrame], staffing: dict | None = None) -> Project:
    p = Project.create(None, "测试镇", "370523103000")
    for name, frame in layers.items():
        p.set_layer(name, frame)
    if staffing:
        p.meta.staffing.update(staffing)
    return p


def assignments(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cadre_id", "role", "level", "grid_code"])
