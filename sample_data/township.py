"""Build the sample township (or a county of twenty) as a gisgrid project.

Town scale: 临河镇 (code 370523103000) on the north China plain around 118.7°E 37.0°N, about
100 km²: 41 villages and communities, 46 large grids, 662 small grids, 12,000–20,000
households, about 150 cadres and a year of issues ending on 2026-11-20. County scale: twenty
such towns side by side under county code 370523 (≈300,000 households, 13,240 small grids).

The same seed gives the same layers. Planted patterns (for hotspot checks) and staffing
defects (for coverage checks) are returned by :func:`planted_patterns`:

* ``persistent``: an industrial park on a rural village's edge, 人居环境 and 劳资纠纷 issues
  every week (about 4 a week within ~250 m);
* ``emerging``: a truck road (省道S231线) crossing the town, 道路交通 issues rising over the
  last ten weeks;
* ``seasonal``: the town square at the seat, 文体生活 complaints from June to August.

Examples
--------
>>> from gisgrid.sample_data.township import build_sample, planted_patterns
>>> project = build_sample(Path("sample_town.gpkg"), seed=1)  # doctest: +SKIP
>>> planted_patterns(1)["persistent"]["lon"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from gisgrid.sample_data import issues_gen, population
from gisgrid.sample_data import partition as pt
from gisgrid.sample_data.layout import Layout, build_layout
from gisgrid.sample_data.settlements import town_outline, village_seats
from pyproj import Transformer

from gisgrid.crs import STORAGE_CRS, gk_crs
from gisgrid.errors import InputError, ProjectError
from gisgrid.project import Project

GK_ZONE = 40
TOWN_LONLAT = (118.70, 37.00)
COUNTY_CODE = "370523"
COUNTY_NAME = "黄河县"
DEFAULT_END = date(2026, 11, 20)
TOWN_NAMES = "临河镇 大王镇 稻庄镇 丁庄镇 李庄镇 花官镇 陈官镇 孙家集镇 广饶镇 码头镇 新河镇 \
辛店镇 义和镇 许家镇 丰台镇 大码头镇 盐窝镇 汀罗镇 陈庄镇 北宋镇".split()
COUNTY_LONLAT = (119.00, 36.85)
N_COUNTY_TOWNS = 20


@dataclass
class TownData:
    """Everything generated for one town, in Gauss-Krüger metres."""

    layout: Layout
    codes: population.Codes
    households: pd.DataFrame
    staffing: population.Staffing
    issues: pd.DataFrame
    sites: issues_gen.Sites


def build_sample(out: Path, seed: int = 1, scale: str = "town", overwrite: bool = False) -> Project:
    """Generate the sample project and save it at ``out``.

    Parameters
    ----------
    out : Path
        GeoPackage to write (``*.gpkg``).
    seed : int
        Seed of the generator; the same seed gives identical layers.
    scale : {"town", "county"}
        One township, or twenty side by side for benchmarks.
    overwrite : bool
        Replace ``out`` if it exists.

    Returns
    -------
    Project
        The saved project.

    Raises
    ------
    ProjectError
        If ``out`` exists and ``overwrite`` is False, or it cannot be written.
    InputError
        If ``scale`` is not ``"town"`` or ``"county"``.
    """
    out = Path(out)
    if scale not in ("town", "county"):
        raise InputError(f"unknown sample scale {scale!r}; use 'town' or 'county'")
    if out.exists() and not overwrite:
        raise ProjectError(f"{out} already exists; use --force to replace it")
    # The county is not kept in the cache: it is large, and rarely asked about again.
    towns = _towns(seed, scale) if scale == "town" else _towns.__wrapped__(seed, scale)
    if scale == "town":
        name, code = towns[0].codes.town_name, towns[0].codes.town_code
    else:
        name, code = f"{COUNTY_NAME}（样例）", COUNTY_CODE + "000000"
    project = Project.create(None, name, code)
    project.meta.created = f"{DEFAULT_END.isoformat()}T18:00:00"  # data carry no build time
    _fill_project(project, towns)
    if out.exists():
        out.unlink()
    project.save(out)
    return project


def planted_patterns(seed: int = 1, scale: str = "town") -> dict[str, Any]:
    """Where and when the sample's patterns and defects are planted.

    Returns
    -------
    dict
        For town scale: ``persistent``, ``emerging`` and ``seasonal`` entries, each with the
        ``lon``/``lat`` of its centre (the road's middle for ``emerging``), ``radius_m``,
        ``categories``, ``weeks`` (ISO weeks, e.g. ``"2026-W47"``) and ``grid_code`` (small
        grid at the centre); ``emerging`` also has ``line`` (lon/lat vertices);
        ``defects`` lists the small grids without a grid leader, the grid leader who is not
        a party member and the cadres over their limits; ``end_date``. For county scale:
        ``{"towns": [one such dict per town]}``.
    """
    towns = _towns(seed, scale)
    found = [_patterns_of(t) for t in towns]
    return found[0] if scale == "town" else {"towns": found}


def _patterns_of(town: TownData) -> dict[str, Any]:
    to_lonlat = Transformer.from_crs(gk_crs(GK_ZONE), STORAGE_CRS, always_xy=True)
    start = DEFAULT_END - timedelta(weeks=52) + timedelta(days=1)
    all_weeks = sorted({_iso_week(start + timedelta(days=i)) for i in range(364)})

    def at(xy) -> dict[str, float]:
        lon, lat = to_lonlat.transform(*xy)
        return {"lon": round(float(lon), 6), "lat": round(float(lat), 6)}

    def grid_at(xy) -> str:
        # The park sits on a village border: take the lowest-numbered grid it touches.
        cell = shapely.STRtree(town.layout.cells).query(shapely.Point(xy), predicate="intersects")
        small = town.layout.small_of_cell[cell]
        return town.codes.small_codes[int(small.min())] if len(small) else ""

    road = town.sites.road
    middle = shapely.get_coordinates(road.interpolate(0.5, normalized=True))[0]
    line = shapely.get_coordinates(road)
    lon, lat = to_lonlat.transform(line[:, 0], line[:, 1])
    summer_year = DEFAULT_END.year if DEFAULT_END.month >= 6 else DEFAULT_END.year - 1
    summer = [date(summer_year, 6, 1) + timedelta(days=i) for i in range(92)]
    return {
        "end_date": DEFAULT_END.isoformat(),
        "town_code": town.codes.town_code,
        "persistent": {
            **at(town.sites.park),
            "what": "industrial park",
            "radius_m": 250,
            "categories": ["人居环境", "劳资纠纷"],
            "weeks": all_weeks,
            "grid_code": grid_at(town.sites.park),
        },
        "emerging": {
            **at(middle),
            "what": "truck road",
            "radius_m": 60,
            "line": [[round(float(a), 6), round(float(b), 6)] for a, b in zip(lon, lat)],
            "categories": ["道路交通"],
            "weeks": all_weeks[-10:],
            "grid_code": grid_at(middle),
        },
        "seasonal": {
            **at(town.sites.square),
            "what": "town square",
            "radius_m": 120,
            "categories": ["文体生活"],
            "weeks": sorted({_iso_week(d) for d in summer}),
            "grid_code": grid_at(town.sites.square),
        },
        "defects": dict(town.staffing.defects),
    }


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@lru_cache(maxsize=2)
def _towns(seed: int, scale: str) -> tuple[TownData, ...]:
    """Generate the town(s); cached so :func:`planted_patterns` after a build is free."""
    to_gk = Transformer.from_crs(STORAGE_CRS, gk_crs(GK_ZONE), always_xy=True)
    if scale == "town":
        origin = np.array(to_gk.transform(*TOWN_LONLAT))
        return (_town(seed, 0, origin, None, 103, TOWN_NAMES[0]),)
    origin = np.array(to_gk.transform(*COUNTY_LONLAT))
    seats, outlines = county_towns(origin, N_COUNTY_TOWNS, np.random.default_rng([seed, 99]))
    return tuple(
        _town(seed, i, seats[i], outlines[i], 101 + i, TOWN_NAMES[i]) for i in range(N_COUNTY_TOWNS)
    )


def county_towns(
    centre: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Seats and outlines of ``n`` towns that tile an irregular county around ``centre``.

    Towns are territories grown over coarse cells (about 400 m) from Lloyd-spread seats,
    so neighbouring towns share ragged borders, numbered north-west to south-east.
    """
    outline = town_outline(np.zeros(2), n * 100e6, rng)
    outline = shapely.affinity.scale(outline, 1.25, 0.8, origin=(0, 0))
    outline = shapely.affinity.translate(outline, *centre)
    seats = village_seats(outline, centre, n - 1, 4000.0, rng, iterations=12)
    seats = np.vstack([seats, centre])
    minx, miny, maxx, maxy = outline.bounds
    gx, gy = np.meshgrid(np.arange(minx, maxx, 400.0), np.arange(miny, maxy, 400.0))
    grid = np.column_stack([gx.ravel(), gy.ravel()]) + rng.normal(0, 90, (gx.size, 2))
    cells = pt.voronoi_cells(np.vstack([grid, seats]), outline)
    adjacency = pt.cell_adjacency(cells)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    tree = shapely.STRtree(cells)
    src_pt, src_cell = tree.query(shapely.points(seats), predicate="within")
    labels = pt.dijkstra_labels(adjacency, centroids, src_cell, src_pt, rng, roughness=0.5)
    pt.make_connected(labels, adjacency, np.ones(len(cells)))
    outlines = pt.dissolve(cells, labels, n)
    order = np.lexsort((seats[:, 0], -np.round(seats[:, 1] / 10_000)))
    return seats[order], outlines[order]


def _town(
    seed: int,
    index: int,
    centre: np.ndarray,
    outline: shapely.Polygon | None,
    number: int,
    name: str,
) -> TownData:
    layout = build_layout(centre, seed, index, outline=outline)
    rng = np.random.default_rng([seed, index, 10])
    code = f"{COUNTY_CODE}{number:03d}000"
    codes = population.name_units(layout, code, name, rng)
    households = population.households_table(layout, codes, DEFAULT_END, rng)
    staff = population.staffing(layout, codes, households, DEFAULT_END, rng)
    sites = issues_gen.plant_sites(layout, np.random.default_rng([seed, index, 11]))
    issues = issues_gen.issues_table(
        layout, codes, households, sites, DEFAULT_END, np.random.default_rng([seed, index, 12])
    )
    return TownData(layout, codes, households, staff, issues, sites)


def _fill_project(project: Project, towns: tuple[TownData, ...]) -> None:
    gk = gk_crs(GK_ZONE)

    def polygons(geoms, codes_, names_, parents, extra=None) -> gpd.GeoDataFrame:
        frame = pd.DataFrame(
            {"code": codes_, "name": names_, "parent_code": parents, **(extra or {})}
        )
        return gpd.GeoDataFrame(frame, geometry=list(geoms), crs=gk).to_crs(STORAGE_CRS)

    def points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
        geom = gpd.points_from_xy(frame.pop("x"), frame.pop("y"), crs=gk)
        return gpd.GeoDataFrame(frame, geometry=geom, crs=gk).to_crs(STORAGE_CRS)

    layers: dict[str, list] = {k: [] for k in project.layer_names}
    county = COUNTY_CODE + "000000" if len(towns) > 1 else ""
    for t in towns:
        c, lay = t.codes, t.layout
        layers["town"].append(polygons([lay.town_polygon], [c.town_code], [c.town_name], [county]))
        layers["villages"].append(
            polygons(
                lay.village_polygons,
                c.village_codes,
                c.village_names,
                [c.town_code] * len(c.village_codes),
                {"kind": lay.village_kind},
            )
        )
        layers["grids_large"].append(
            polygons(
                lay.large_polygons,
                c.large_codes,
                c.large_names,
                np.array(c.village_codes)[lay.village_of_large],
            )
        )
        layers["grids_small"].append(
            polygons(
                lay.small_polygons,
                c.small_codes,
                c.small_names,
                np.array(c.large_codes)[lay.large_of_small],
            )
        )
        layers["households"].append(points(t.households.copy()))
        layers["cadres"].append(points(t.staffing.cadres.copy()))
        layers["assignments"].append(t.staffing.assignments)
        layers["issues"].append(points(t.issues.drop(columns="pattern")))
    for name, frames in layers.items():
        if frames:
            project.set_layer(name, pd.concat(frames, ignore_index=True))
