"""Project.open reads through Arrow when pyarrow is installed: the same frames as GDAL's rows."""

from pathlib import Path

import pandas as pd

from gisgrid import project as project_module
from gisgrid.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"


def test_arrow_and_row_reads_give_the_same_layers(monkeypatch):
    import pyarrow  # noqa: F401 (a dependency: the Arrow read is what Project.open uses)

    monkeypatch.setattr(project_module, "_USE_ARROW", True)
    arrow = Project.open(SAMPLE)
    monkeypatch.setattr(project_module, "_USE_ARROW", False)
    rows = Project.open(SAMPLE)
    for name in arrow.layer_names:
        a, b = arrow.layer(name), rows.layer(name)
        assert list(a.columns) == list(b.columns), name
        pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), check_dtype=True)
        if hasattr(a, "crs"):
            assert a.crs == b.crs, name
