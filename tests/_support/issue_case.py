"""A tiny project for the issue tests: two villages, four small grids, a few households.

Lon/lat boxes near 118.70°E 36.90°N: village 张家庄村 west of 118.71, 李家屯村 east of it;
each village holds two small grids split at 36.905°N.
"""

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box

from gisgrid.project import Project

TOWN = "370523103000"
V1, V2 = "370523103201", "370523103202"
G = [V1 + "01001", V1 + "01002", V2 + "01001", V2 + "01002"]


def grid_boxes():
    return [
        box(118.70, 36.900, 118.71, 36.905),
        box(118.70, 36.905, 118.71, 36.910),
        box(118.71, 36.900, 118.72, 36.905),
        box(118.71, 36.905, 118.72, 36.910),
    ]


def make_project(path=None) -> Project:
    project = Project.create(path, "临河镇", TOWN)
    gdf = lambda rows, geoms: gpd.GeoDataFrame(rows, geometry=geoms, crs=4490)  # noqa: E731
    project.set_layer(
        "town",
        gdf({"code": [TOWN], "name": ["临河镇"], "parent_code": [None]},
            [box(118.70, 36.90, 118.72, 36.91)]),
    )  # fmt: skip
    project.set_layer(
        "villages",
        gdf(
            {"code": [V1, V2], "name": ["张家庄村", "李家屯村"], "parent_code": [TOWN, TOWN],
             "kind": ["rural", "rural"]},
            [box(118.70, 36.90, 118.71, 36.91), box(118.71, 36.90, 118.72, 36.91)],
        ),
    )  # fmt: skip
    project.set_layer(
        "grids_large",
        gdf({"code": [V1 + "01", V2 + "01"], "name": ["一", "二"], "parent_code": [V1, V2]},
            [box(118.70, 36.90, 118.71, 36.91), box(118.71, 36.90, 118.72, 36.91)]),
    )  # fmt: skip
    project.set_layer(
        "grids_small",
        gdf({"code": G, "name": ["1", "2", "3", "4"],
             "parent_code": [V1 + "01", V1 + "01", V2 + "01", V2 + "01"]}, grid_boxes()),
    )  # fmt: skip
    hh = pd.DataFrame(
        {
            "id": ["H1", "H2", "H3", "H4", "H5", "H6"],
            "head": ["王明", "李华", "张强", "赵敏", "刘洋", "陈静"],
            "address": [
                "张家庄村东1排3号", "张家庄村东1排12号", "张家庄村西2排5号",
                "李家屯村南3排7号", "李家屯村北1排2号", "李家屯村北1排112号",
            ],
            "village_code": [V1, V1, V1, V2, V2, V2],
            "grid_code": [G[0], G[0], G[1], G[2], G[3], G[3]],
        }
    )  # fmt: skip
    pts = [
        shapely.Point(118.702, 36.902), shapely.Point(118.703, 36.903),
        shapely.Point(118.705, 36.908), shapely.Point(118.715, 36.902),
        shapely.Point(118.716, 36.907), shapely.Point(118.718, 36.908),
    ]  # fmt: skip
    project.set_layer("households", gpd.GeoDataFrame(hh, geometry=pts, crs=4490))
    project.set_layer(
        "cadres",
        gpd.GeoDataFrame(
            {"id": ["C1", "C2"], "name": ["周一", "吴二"], "role": ["grid_leader"] * 2},
            geometry=[shapely.Point(118.701, 36.901), shapely.Point(118.711, 36.901)],
            crs=4490,
        ),
    )
    project.set_layer(
        "assignments",
        pd.DataFrame(
            {"cadre_id": ["C1", "C1", "C2", "C2"], "role": ["grid_leader"] * 4,
             "level": ["small"] * 4, "grid_code": G}
        ),
    )  # fmt: skip
    if path is not None:
        project.save()
    return project
