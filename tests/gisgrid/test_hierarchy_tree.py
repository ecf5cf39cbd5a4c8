import geopandas as gpd
import pytest
import shapely

from gisgrid.hierarchy_tree import build_tree, search
from gisgrid.project import Project

TOWN = "371521103000"
V1, V2 = "371521103001", "371521103002"


def _polys(codes, names, parents, x0=118.7):
    return gpd.GeoDataFrame(
        {"code": codes, "name": names, "parent_code": parents},
        geometry=[
            shapely.box(x0 + i * 0.01, 37.0, x0 + (i + 1) * 0.01, 37.01) for i in range(len(codes))
        ],
        crs=4490,
    )


@pytest.fixture
def project():
    p = Project.create(None, "临河镇", TOWN)
    p.set_layer("town", _polys([TOWN], ["临河镇"], [""]))
    p.set_layer("villages", _polys([V2, V1], ["东关社区", "张家庄村"], [TOWN, TOWN]))
    p.set_layer("grids_large", _polys([V1 + "01", V2 + "01"], ["张家庄一", "东关一"], [V1, V2]))
    p.set_layer(
        "grids_small",
        _polys(
            [V1 + "01001", V1 + "01002", V2 + "01001", "999999999999999"],
            ["张一小", "张二小", "东一小", "孤儿网格"],
            [V1 + "01", V1 + "01", V2 + "01", "nope"],
        ),
    )
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {
                "id": [f"H{i}" for i in range(6)],
                "village_code": [V1, V1, V1, V2, V2, None],
                "grid_code": [V1 + "01001", V1 + "01001", V1 + "01002", None, V2 + "01001", None],
            },
            geometry=gpd.points_from_xy([118.705] * 6, [37.005] * 6),
            crs=4490,
        ),
    )
    return p


def test_tree_shape_and_counts(project):
    root = build_tree(project)
    assert (root.level, root.name, root.layer, root.row) == ("town", "临河镇", "town", 0)
    # villages sorted by code; the orphan small grid hangs under the root
    assert [c.name for c in root.children] == ["张家庄村", "东关社区", "孤儿网格"]
    zhang, dong, orphan = root.children
    assert zhang.row == 1 and zhang.layer == "villages"
    assert [c.name for c in zhang.children[0].children] == ["张一小", "张二小"]
    assert [c.households for c in zhang.children[0].children] == [2, 1]
    assert zhang.households == 3
    # H3 only names its village: counted at the village, not at a grid
    assert dong.direct_households == 1 and dong.households == 2
    assert orphan.households == 0
    # H5 names nothing: counted at the root so the total is every household
    assert root.direct_households == 1 and root.households == 6
    assert [n.name for n in zhang.children[0].children[1].path()] == [
        "临河镇",
        "张家庄村",
        "张家庄一",
        "张二小",
    ]


def test_tree_without_town_polygon(project):
    project.set_layer("town", project.layer("town").iloc[0:0])
    root = build_tree(project)
    assert root.level == "root" and root.name == "临河镇" and root.layer is None
    assert [c.name for c in root.children][:2] == ["张家庄村", "东关社区"]
    assert root.households == 6


def test_tree_levels_follow_project(project):
    project.meta.levels = ["town", "village", "small"]  # no large grids in this town
    root = build_tree(project)
    assert [c.level for c in root.walk()].count("large") == 0
    # small grids whose parent (a large grid) is not a level hang under the root
    assert {c.name for c in root.children} >= {"张一小", "东一小"}


def test_empty_project():
    root = build_tree(Project.create(None, "空镇"))
    assert root.children == [] and root.households == 0


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("张", ["张家庄村", "张家庄一", "张一小", "张二小"]),
        ("01002", ["张二小"]),
        (V2, ["东关社区", "东关一", "东一小"]),
        ("  东关  ", ["东关社区", "东关一"]),
        ("", []),
        ("没有", []),
    ],
)
def test_search(project, text, names):
    assert [n.name for n in search(build_tree(project), text)] == names


def test_tree_carries_unit_figures():
    import geopandas as gpd
    import pandas as pd
    import shapely
    from hierarchy_case import Hier

    from gisgrid.hierarchy import SQM_PER_MU
    from gisgrid.project import Project

    p = Project.create(None, "临河镇", Hier.TOWN)
    for name, (rows, geoms) in Hier.clean_layers().items():
        p.set_layer(name, Hier.frame(rows, geoms))
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {"id": ["H1", "H2"], "size": [3, 5], "grid_code": [Hier.V1 + "01001"] * 2},
            geometry=[Hier.m(shapely.Point(100, 100))] * 2,
            crs=Hier.GK,
        ).to_crs(4490),
    )
    p.set_layer(
        "assignments",
        pd.DataFrame(
            {
                "cadre_id": ["C1"],
                "role": ["grid_leader"],
                "level": ["small"],
                "grid_code": [Hier.V1 + "01001"],
            }
        ),
    )
    root = build_tree(p)
    assert (root.households, root.population, root.cadres) == (2, 8, 1)
    assert root.area_mu == pytest.approx(2_000_000 / SQM_PER_MU, rel=1e-3)
    village = next(n for n in root.children if n.code == Hier.V1)
    assert (village.population, village.issues) == (8, 0)
