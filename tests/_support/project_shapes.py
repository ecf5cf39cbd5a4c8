"""The project shapes real offices have, built small and fast for the shapes harness.

Every shape starts from one hand-drawn town in real coordinates (near 118.7°E 37.0°N, drawn
in local metres and shifted into the Gauss-Krüger frame): three villages of 1 × 2 km, two
large grids each, three small grids per large grid, ~360 households, a full staff and a
season of issues from 2026-10 into 2027-01. Each shape then takes away or spoils what real
projects lack or carry: no town polygon, a town without a code, 10-digit codes, no
households, no cadres, issues without a location, only villages, only small grids, five
levels, invalid and multipart polygons kept as imported, one huge village, a county of
several towns, a grid bloated over its neighbours. None of them is tuned to a command: the
harness runs every command on every shape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box

from gisgrid.crs import gk_crs
from gisgrid.project import Project

X0, Y0 = 384_000.0, 4_097_000.0
GK = gk_crs(40)
COUNTY = "370523"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华强敏洋静伟芳军丽勇艳杰娟涛霞超秀"
CATEGORIES = ["社会治安", "人居环境", "道路交通", "看病就医", "文体生活", "养老社保", "劳资纠纷"]


def _shift(geom, dx: float = 0.0, dy: float = 0.0):
    return shapely.transform(geom, lambda xy: xy + [X0 + dx, Y0 + dy])


def _gdf(rows: dict, geoms: list, dx: float = 0.0, dy: float = 0.0) -> gpd.GeoDataFrame:
    shifted = [None if g is None else _shift(g, dx, dy) for g in geoms]
    return gpd.GeoDataFrame(rows, geometry=shifted, crs=GK).to_crs(4490)


def _name(rng: np.random.Generator) -> str:
    return str(rng.choice(list(SURNAMES))) + "".join(rng.choice(list(GIVEN), 2))


def town_layers(
    town_code: str,
    town_name: str = "临河镇",
    *,
    dx: float = 0.0,
    seed: int = 0,
    n_villages: int = 3,
    households_per_village: int = 120,
    n_issues: int = 240,
) -> dict[str, pd.DataFrame]:
    """Return every layer of one small, complete and clean town.

    Villages are 1 km wide and 2 km tall side by side; each holds two large grids (south,
    north) of three small grids; households scatter over the villages; every small grid has
    a party-member leader, every large grid a secretary, every village a liaison; issues run
    from 2026-10-01 to 2027-01-20.
    """
    rng = np.random.default_rng(seed)
    t = town_code
    v_codes = [f"{t[:9]}{201 + i:03d}" for i in range(n_villages)]
    v_names = [f"{'东西南北中前后'[i % 7]}{'张李王赵刘陈杨'[i % 7]}庄村" for i in range(n_villages)]
    width = 1000.0 * n_villages
    layers: dict[str, pd.DataFrame] = {
        "town": _gdf(
            {"code": [t], "name": [town_name], "parent_code": [COUNTY + "000000"]},
            [box(0, 0, width, 2000)],
            dx,
        ),
        "villages": _gdf(
            {
                "code": v_codes,
                "name": v_names,
                "parent_code": [t] * n_villages,
                "kind": ["urban" if i == n_villages - 1 else "rural" for i in range(n_villages)],
            },
            [box(1000 * i, 0, 1000 * (i + 1), 2000) for i in range(n_villages)],
            dx,
        ),
    }
    large_rows, large_geoms, small_rows, small_geoms = [], [], [], []
    for i, v in enumerate(v_codes):
        for j in range(2):
            lc = f"{v}{j + 1:02d}"
            large_rows.append((lc, f"{v_names[i]}第{j + 1}大网格", v))
            large_geoms.append(box(1000 * i, 1000 * j, 1000 * (i + 1), 1000 * (j + 1)))
            for k in range(3):
                x = 1000 * i + k * 1000 / 3
                small_rows.append((f"{lc}{k + 1:03d}", f"{v_names[i]}{j * 3 + k + 1}号网格", lc))
                small_geoms.append(box(x, 1000 * j, x + 1000 / 3, 1000 * (j + 1)))
    cols = ["code", "name", "parent_code"]
    layers["grids_large"] = _gdf(dict(zip(cols, zip(*large_rows))), large_geoms, dx)
    layers["grids_small"] = _gdf(dict(zip(cols, zip(*small_rows))), small_geoms, dx)

    n_hh = households_per_village * n_villages
    hx = rng.uniform(20, width - 20, n_hh)
    hy = rng.uniform(20, 1980, n_hh)
    village_of = (hx // 1000).astype(int)
    large_of = village_of * 2 + (hy // 1000).astype(int)
    small_of = large_of * 3 + ((hx % 1000) // (1000 / 3)).astype(int)
    small_codes = [r[0] for r in small_rows]
    layers["households"] = _gdf(
        {
            "id": [f"{t[6:9]}H{i + 1:05d}" for i in range(n_hh)],
            "head": [_name(rng) for _ in range(n_hh)],
            "address": [
                f"{v_names[v]}{i % 40 + 1}排{i % 17 + 1}号" for i, v in enumerate(village_of)
            ],
            "phone": [f"13{rng.integers(100000000, 999999999)}" for _ in range(n_hh)],
            "size": rng.integers(1, 6, n_hh),
            "village_code": [v_codes[v] for v in village_of],
            "grid_code": [small_codes[s] for s in small_of],
            "tags": rng.choice(["", "", "", "低保", "独居老人", "党员示范户"], n_hh),
        },
        list(shapely.points(hx, hy)),
        dx,
    )

    cadres, assignments, where = [], [], []

    def cadre(role: str, village: str, party: bool, x: float, y: float) -> str:
        cid = f"C{t[6:9]}{len(cadres) + 1:03d}"
        cadres.append((cid, _name(rng), role, party, f"139{rng.integers(10000000, 99999999)}",
                       village))  # fmt: skip
        where.append(shapely.Point(x, y))
        return cid

    for i, v in enumerate(v_codes):
        c = cadre("village_liaison", v, True, 1000 * i + 500, 1000)
        assignments.append((c, "village_liaison", "village", v))
    for (lc, _, v), g in zip(large_rows, large_geoms):
        c = cadre("branch_secretary", v, True, *g.centroid.coords[0])
        assignments.append((c, "branch_secretary", "large", lc))
    for n, ((sc, _, lc), g) in enumerate(zip(small_rows, small_geoms)):
        c = cadre("grid_leader", lc[:12], n % 7 != 3, *g.centroid.coords[0])
        assignments.append((c, "grid_leader", "small", sc))
    cadres_frame = _gdf(
        dict(zip(["id", "name", "role", "party_member", "phone", "village_code"], zip(*cadres))),
        where,
        dx,
    )
    cadres_frame["max_households"] = 300
    cadres_frame["max_grids"] = 8
    layers["cadres"] = cadres_frame
    layers["assignments"] = pd.DataFrame(
        assignments, columns=["cadre_id", "role", "level", "grid_code"]
    )
    issues = _issues(rng, t, n_issues, width, dx, v_codes)
    # as `gisgrid issues import` stores them: each located issue carries its small grid
    ix = shapely.get_x(issues.to_crs(GK).geometry.array) - X0 - dx
    iy = shapely.get_y(issues.to_crs(GK).geometry.array) - Y0
    small = (ix // 1000).astype(int) * 6 + (iy // 1000).astype(int) * 3
    small += ((ix % 1000) // (1000 / 3)).astype(int)
    issues["grid_code"] = [small_codes[s] for s in small]
    layers["issues"] = issues
    return layers


def _issues(
    rng, town: str, n: int, width: float, dx: float, v_codes: list[str]
) -> gpd.GeoDataFrame:
    start = datetime(2026, 10, 1, 8)
    span = (datetime(2027, 1, 20, 18) - start).total_seconds()
    reported = [start + timedelta(seconds=float(s)) for s in np.sort(rng.uniform(0, span, n))]
    status = rng.choice(["reported", "dispatched", "handled", "resolved", "reviewed"], n,
                        p=[0.05, 0.1, 0.15, 0.4, 0.3])  # fmt: skip
    done = np.isin(status, ["resolved", "reviewed"])
    contact = [r + timedelta(minutes=float(m)) for r, m in zip(reported, rng.uniform(5, 120, n))]
    resolved = [
        r + timedelta(hours=float(h)) if d else None
        for r, h, d in zip(reported, rng.uniform(2, 120, n), done)
    ]
    x = rng.uniform(10, width - 10, n)
    y = rng.uniform(10, 1990, n)
    return _gdf(
        {
            "id": [f"12345-{town[6:9]}-{i + 1:05d}" for i in range(n)],
            "source": rng.choice(["hotline", "patrol", "visit"], n),
            "category": rng.choice(CATEGORIES, n),
            "description": [
                f"第{i + 1}号诉求：路灯不亮，联系人王先生13812345678" for i in range(n)
            ],
            "address": [f"{i % 30 + 1}排" for i in range(n)],
            "reported_at": reported,
            "first_contact_at": contact,
            "resolved_at": resolved,
            "status": status,
            "complexity": rng.choice(["simple", "complex"], n, p=[0.7, 0.3]),
            "satisfaction": np.where(done, rng.integers(3, 6, n), np.nan),
            "village_code": [v_codes[int(v)] for v in np.minimum(x // 1000, len(v_codes) - 1)],
        },
        list(shapely.points(x, y)),
        dx,
    )


# -- the shapes ----------------------------------------------------------------------------
TOWN = "370523103000"


def _base() -> dict[str, pd.DataFrame]:
    return town_layers(TOWN)


def complete() -> tuple[dict, dict]:
    """Every layer present and clean (the control)."""
    return {}, _base()


def no_town_polygon() -> tuple[dict, dict]:
    """Villages and grids, no town outline (many offices never get one)."""
    layers = _base()
    layers.pop("town")
    return {}, layers


def town_without_code() -> tuple[dict, dict]:
    """The project and its town polygon carry no code."""
    layers = _base()
    layers["town"]["code"] = None
    layers["villages"]["parent_code"] = None
    return {"code": ""}, layers


def ten_digit_codes() -> tuple[dict, dict]:
    """Villages carry 10-digit codes (county + town + 2-digit village, older registers)."""
    layers = _base()
    old = layers["villages"]["code"]
    # 6-digit county + 2-digit town + 2-digit village, as older registers write them
    new = old.str.slice(0, 6) + old.str.slice(7, 9) + old.str.slice(10, 12)
    old_to_new = dict(zip(old, new))
    layers["villages"]["code"] = layers["villages"]["code"].map(old_to_new)
    for name in ("grids_large", "grids_small"):
        for col in ("code", "parent_code"):
            layers[name][col] = [_recode(c, old_to_new) for c in layers[name][col]]
    for name in ("households", "issues"):
        layers[name]["village_code"] = layers[name]["village_code"].map(old_to_new)
    layers["households"]["grid_code"] = [
        _recode(c, old_to_new) for c in layers["households"]["grid_code"]
    ]
    layers["assignments"]["grid_code"] = [
        _recode(c, old_to_new) for c in layers["assignments"]["grid_code"]
    ]
    layers["cadres"]["village_code"] = layers["cadres"]["village_code"].map(old_to_new)
    return {}, layers


def _recode(code, mapping: dict[str, str]):
    code = str(code)
    head = code[:12]
    return mapping.get(head, head) + code[12:] if head in mapping else code


def no_households() -> tuple[dict, dict]:
    """Grids and staff, no household ledger yet."""
    layers = _base()
    layers.pop("households")
    return {}, layers


def no_cadres() -> tuple[dict, dict]:
    """Grids, households and issues; no cadres, no assignments."""
    layers = _base()
    layers.pop("cadres")
    layers.pop("assignments")
    return {}, layers


def no_issues() -> tuple[dict, dict]:
    """No issue records at all."""
    layers = _base()
    layers.pop("issues")
    return {}, layers


def issues_without_location() -> tuple[dict, dict]:
    """A hotline export where a third of the records have no coordinates."""
    layers = _base()
    issues = layers["issues"]
    issues.loc[issues.index % 3 == 0, "geometry"] = None
    issues.loc[issues.index % 3 == 0, "village_code"] = None
    issues.loc[issues.index % 3 == 0, "grid_code"] = None
    return {}, layers


def only_villages() -> tuple[dict, dict]:
    """A town, its villages and households: no grids yet (a hierarchy to build from nothing)."""
    layers = _base()
    for name in ("grids_large", "grids_small", "cadres", "assignments"):
        layers.pop(name)
    layers["households"]["grid_code"] = None
    return {}, layers


def one_village_only() -> tuple[dict, dict]:
    """Only one village outline, nothing else (the before-stop canary's shape)."""
    layers = _base()
    return {}, {"villages": layers["villages"].iloc[[0]]}


def only_small_grids() -> tuple[dict, dict]:
    """Only the small grids came in (no town, villages or large grids)."""
    layers = _base()
    return {}, {"grids_small": layers["grids_small"], "households": layers["households"]}


def five_levels() -> tuple[dict, dict]:
    """Town, village, large, small and micro grids (two micro grids per small grid)."""
    layers = _base()
    rows, geoms = [], []
    small = layers["grids_small"].to_crs(GK)
    for code, g in zip(small["code"], small.geometry):
        minx, miny, maxx, maxy = g.bounds
        mid = (miny + maxy) / 2
        for k, (a, b) in enumerate(((miny, mid), (mid, maxy))):
            rows.append((f"{code}{k + 1:02d}", f"{code[-3:]}-{k + 1}微网格", code))
            geoms.append(box(minx, a, maxx, b))
    micro = gpd.GeoDataFrame(
        dict(zip(["code", "name", "parent_code"], zip(*rows))), geometry=geoms, crs=GK
    ).to_crs(4490)
    layers["grids_micro"] = micro
    return {"levels": ["town", "village", "large", "small", "micro"]}, layers


def invalid_polygons() -> tuple[dict, dict]:
    """A bow-tie small grid and a multipart village kept as imported (not repaired)."""
    layers = _base()
    small = layers["grids_small"]
    g = small.to_crs(GK).geometry.iloc[1]
    minx, miny, maxx, maxy = g.bounds
    bowtie = Polygon([(minx, miny), (maxx, maxy), (maxx, miny), (minx, maxy), (minx, miny)])
    small.loc[1, "geometry"] = gpd.GeoSeries([bowtie], crs=GK).to_crs(4490).iloc[0]
    villages = layers["villages"]
    v = villages.to_crs(GK).geometry.iloc[2]
    minx, miny, maxx, maxy = v.bounds
    multi = shapely.MultiPolygon(
        [box(minx, miny, maxx, maxy), box(maxx + 5, miny, maxx + 50, miny + 40)]
    )
    villages.loc[2, "geometry"] = gpd.GeoSeries([multi], crs=GK).to_crs(4490).iloc[0]
    return {}, layers


def bloated_grid() -> tuple[dict, dict]:
    """One small grid drawn over most of its neighbours (a careless edit)."""
    layers = _base()
    small = layers["grids_small"].to_crs(GK)
    g = small.geometry.iloc[1]
    bloated = g.buffer(260, join_style="mitre").intersection(small.geometry.iloc[:3].union_all())
    small.loc[1, "geometry"] = bloated
    layers["grids_small"] = small.to_crs(4490)
    return {}, layers


def huge_village() -> tuple[dict, dict]:
    """One village holding most of the town's households and a single large grid."""
    layers = town_layers(TOWN, households_per_village=500, n_villages=1, n_issues=120)
    return {}, layers


def county() -> tuple[dict, dict]:
    """Several towns in one project (a county desk's view)."""
    parts = [
        town_layers(
            f"{COUNTY}{101 + i:03d}000",
            f"第{i + 1}镇",
            dx=3200.0 * i,
            seed=i,
            households_per_village=40,
            n_issues=60,
        )  # fmt: skip
        for i in range(4)
    ]
    layers = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]}
    layers = {
        k: gpd.GeoDataFrame(v, geometry="geometry", crs=4490) if "geometry" in v else v
        for k, v in layers.items()
    }
    return {"code": "", "name": "测试县"}, layers


def empty_project() -> tuple[dict, dict]:
    """Only a name and a code: the project as `gisgrid new` leaves it."""
    return {}, {}


SHAPES: dict[str, Callable[[], tuple[dict, dict]]] = {
    "complete": complete,
    "no_town_polygon": no_town_polygon,
    "town_without_code": town_without_code,
    "ten_digit_codes": ten_digit_codes,
    "no_households": no_households,
    "no_cadres": no_cadres,
    "no_issues": no_issues,
    "issues_without_location": issues_without_location,
    "only_villages": only_villages,
    "one_village_only": one_village_only,
    "only_small_grids": only_small_grids,
    "five_levels": five_levels,
    "invalid_polygons": invalid_polygons,
    "bloated_grid": bloated_grid,
    "huge_village": huge_village,
    "county": county,
    "empty_project": empty_project,
}


def build_shape(name: str, path: str | Path) -> Project:
    """Build the project shape ``name`` and save it at ``path``."""
    meta, layers = SHAPES[name]()
    project = Project.create(
        path,
        meta.get("name", "临河镇"),
        meta.get("code", TOWN),
        levels=meta.get("levels"),
        overwrite=True,
    )
    for layer, frame in layers.items():
        project.set_layer(layer, frame)
    project.save()
    return project
