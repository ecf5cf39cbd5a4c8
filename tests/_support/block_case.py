"""A one-village town that is one large grid, cut into given small grids, with households.

The project the app's editing and planning tests work on (tests/ui/test_edit_tools.py,
tests/ui/test_plan_dialog.py): small enough to click on, real enough to plan.
"""

import geopandas as gpd
import numpy as np
import shapely

from gisgrid.project import Project

TOWN = "371521103000"
VIL = "371521103001"
LARGE = VIL + "01"
WHOLE = shapely.box(118.70, 37.00, 118.72, 37.02)  # the town, its village and its large grid


def polys(codes, names, parents, geoms) -> gpd.GeoDataFrame:
    """A polygon layer frame in CGCS2000 lon/lat."""
    return gpd.GeoDataFrame(
        {"code": codes, "name": names, "parent_code": parents}, geometry=geoms, crs=4490
    )


def build_block(path, codes, names, geoms, *, households, seed, surname, origin, span) -> Project:
    """Save a project at ``path``: :data:`WHOLE` cut into the small grids ``codes``.

    ``households`` points are drawn uniformly in the square of side ``span`` (degrees) at
    ``origin`` with ``seed``; each lies in the small grid containing it (none in a gap).
    """
    p = Project.create(path, "临河镇", TOWN, overwrite=True)
    p.set_layer("town", polys([TOWN], ["临河镇"], [""], [WHOLE]))
    p.set_layer("villages", polys([VIL], ["张家庄村"], [TOWN], [WHOLE]))
    p.set_layer("grids_large", polys([LARGE], ["张家庄一"], [VIL], [WHOLE]))
    p.set_layer("grids_small", polys(codes, names, [LARGE] * len(codes), geoms))
    rng = np.random.default_rng(seed)
    x = origin[0] + rng.random(households) * span
    y = origin[1] + rng.random(households) * span
    where = [
        next((c for c, g in zip(codes, geoms) if g.contains(shapely.Point(a, b))), None)
        for a, b in zip(x, y)
    ]
    p.set_layer(
        "households",
        gpd.GeoDataFrame(
            {
                "id": [f"H{k:03d}" for k in range(households)],
                "head": [f"{surname}{k}" for k in range(households)],
                "size": rng.integers(1, 6, households),
                "village_code": [VIL] * households,
                "grid_code": where,
            },
            geometry=gpd.points_from_xy(x, y),
            crs=4490,
        ),
    )
    p.save()
    return p
