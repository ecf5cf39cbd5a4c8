"""A small hand-built hierarchy in real coordinates, shared by the hierarchy tests."""

import geopandas as gpd
import shapely
from shapely.geometry import box

from gisgrid.crs import gk_crs
from gisgrid.hierarchy import ValidationParams
from gisgrid.project import Project


class Hier:
    """Town 2000×1000 m near 118.7°E 37.0°N; two villages; one large grid each; two small
    grids per large grid. Geometries are drawn in local metres and shifted into the GK frame."""

    X0, Y0 = 384_000.0, 4_097_000.0
    GK = gk_crs(40)
    TOWN = "370523103000"
    V1, V2 = "370523103201", "370523103202"

    @staticmethod
    def m(geom):
        return shapely.transform(geom, lambda xy: xy + [Hier.X0, Hier.Y0])

    @staticmethod
    def frame(rows, geoms):
        return gpd.GeoDataFrame(rows, geometry=[Hier.m(g) for g in geoms], crs=Hier.GK).to_crs(4490)

    @staticmethod
    def clean_layers():
        T, V1, V2 = Hier.TOWN, Hier.V1, Hier.V2
        small_geoms = [
            box(0, 0, 500, 1000),
            box(500, 0, 1000, 1000),
            box(1000, 0, 1500, 1000),
            box(1500, 0, 2000, 1000),
        ]
        return {
            "town": (
                {"code": [T], "name": ["临河镇"], "parent_code": [None]},
                [box(0, 0, 2000, 1000)],
            ),
            "villages": (
                {
                    "code": [V1, V2],
                    "name": ["张家庄村", "李家屯村"],
                    "parent_code": [T] * 2,
                    "kind": ["rural"] * 2,
                },
                [box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)],
            ),
            "grids_large": (
                {"code": [V1 + "01", V2 + "01"], "name": ["一", "二"], "parent_code": [V1, V2]},
                [box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)],
            ),
            "grids_small": (
                {
                    "code": [V1 + "01001", V1 + "01002", V2 + "01001", V2 + "01002"],
                    "name": ["1", "2", "3", "4"],
                    "parent_code": [V1 + "01", V1 + "01", V2 + "01", V2 + "01"],
                },
                small_geoms,
            ),
        }

    @staticmethod
    def build(tmp_path, layers, households=None):
        p = Project.create(tmp_path / "h.gpkg", "临河镇", Hier.TOWN)
        for name, (rows, geoms) in layers.items():
            p.set_layer(name, Hier.frame(rows, geoms))
        if households is not None:
            p.set_layer("households", households)
        return p

    @staticmethod
    def no_staffing():
        return ValidationParams(check_staffing=False)
