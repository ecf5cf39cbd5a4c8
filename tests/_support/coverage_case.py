"""A small township for the coverage-map tests: 2 villages, large/small grids, cadres."""

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point, box

from gisgrid.crs import gk_crs
from gisgrid.project import Project

X0, Y0 = 384_000.0, 4_097_000.0
GK = gk_crs(40)
TOWN = "370523103000"
V1, V2 = "370523103201", "370523103202"
EVIL = "</script><script>alert(1)</script>"
QUOTES = "\"'`\\{{ 7*7 }}"
#: Full names and phones that must never appear in a default (masked) export.
LEADERS = {
    "c1": ("王小明", "13812341234"),
    "c2": ("李建国", "13998765432"),
    "c3": ("赵丽华", "13700001111"),
    "c4": ("孙海涛", "13600002222"),
    "c5": ("周文静", "13500003333"),
}


def _frame(rows, geoms):
    shifted = [shapely.transform(g, lambda xy: xy + [X0, Y0]) for g in geoms]
    return gpd.GeoDataFrame(rows, geometry=shifted, crs=GK).to_crs(4490)


def build(path, evil_names=False):
    """Save and return the project; ``evil_names`` gives two grids hostile names."""
    p = Project.create(path, "临河镇", TOWN)
    p.set_layer("town", _frame({"code": [TOWN], "name": ["临河镇"]}, [box(0, 0, 2000, 1200)]))
    p.set_layer(
        "villages",
        _frame(
            {"code": [V1, V2], "name": ["张家庄村", "李家屯村"], "parent_code": [TOWN] * 2,
             "kind": ["rural"] * 2},
            [box(0, 0, 1100, 1200), box(1100, 0, 2000, 1200)],
        ),
    )  # fmt: skip
    p.set_layer(
        "grids_large",
        _frame(
            {"code": [V1 + "01", V1 + "02", V2 + "01"], "name": ["一片", "二片", "三片"],
             "parent_code": [V1, V1, V2]},
            [box(0, 0, 1100, 600), box(0, 600, 1100, 1200), box(1100, 0, 2000, 1200)],
        ),
    )  # fmt: skip
    small = [
        (V1 + "01001", "东街网格", V1 + "01", box(0, 0, 550, 600)),
        (V1 + "01002", "西街网格", V1 + "01", box(550, 0, 1100, 600)),
        (V1 + "02001", "北坡网格", V1 + "02", box(0, 600, 1060, 1200)),
        (V1 + "02002", "小井网格", V1 + "02", box(1060, 600, 1100, 1200)),  # 40 m wide sliver
        (V2 + "01001", EVIL if evil_names else "南湖网格", V2 + "01", box(1100, 0, 2000, 400)),
        (V2 + "01002", QUOTES if evil_names else "中湖网格", V2 + "01", box(1100, 400, 2000, 800)),
        (V2 + "01003", "北湖网格", V2 + "01", box(1100, 800, 2000, 1200)),
    ]
    p.set_layer(
        "grids_small",
        _frame(
            {"code": [s[0] for s in small], "name": [s[1] for s in small],
             "parent_code": [s[2] for s in small]},
            [s[3] for s in small],
        ),
    )  # fmt: skip
    hh = []
    for i, (code, _, _, geom) in enumerate(small):
        c = geom.centroid
        for j in range(i + 1):
            hh.append(
                {"id": f"h{i}{j}", "head": "钱多多", "phone": "13011112222", "size": 3,
                 "village_code": code[:12], "grid_code": code,
                 "geometry": Point(c.x + j * 3, c.y)}
            )  # fmt: skip
    p.set_layer(
        "households",
        _frame([{k: v for k, v in h.items() if k != "geometry"} for h in hh],
               [h["geometry"] for h in hh]),
    )  # fmt: skip
    ids = list(LEADERS)
    p.set_layer(
        "cadres",
        _frame(
            {"id": ids, "name": [LEADERS[i][0] for i in ids],
             "phone": [LEADERS[i][1] for i in ids], "role": ["grid_leader"] * len(ids),
             "party_member": [True] * len(ids)},
            [Point(100 + 300 * k, 100) for k in range(len(ids))],
        ),
    )  # fmt: skip
    # c1 leads two grids; the 02001 grid has no leader.
    led = [("c1", 0), ("c1", 1), ("c2", 3), ("c3", 4), ("c4", 5), ("c5", 6)]
    p.set_layer(
        "assignments",
        pd.DataFrame(
            {"cadre_id": [c for c, _ in led], "role": ["grid_leader"] * len(led),
             "level": ["small"] * len(led), "grid_code": [small[i][0] for _, i in led]}
        ),
    )  # fmt: skip
    p.save()
    return p
