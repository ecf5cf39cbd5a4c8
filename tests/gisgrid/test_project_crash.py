"""A kill (SIGKILL) in the middle of a save leaves the old project or the new one, never a
broken one. The quick version of the crash test: a few kills at random moments."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import geopandas as gpd
import numpy as np
import pytest

from gisgrid.project import Project

SAVER = textwrap.dedent(
    """
    import sys
    import geopandas as gpd, numpy as np
    from gisgrid.project import Project
    path = sys.argv[1]
    project = Project.open(path)
    rng = np.random.default_rng(0)
    n = 0
    while True:  # alternate between two states, each a full rewrite of the households
        n += 1
        size = 20_000 if n % 2 else 5_000
        x, y = 118.7 + rng.random(size) * 0.05, 37.0 + rng.random(size) * 0.05
        project.set_layer("households", gpd.GeoDataFrame(
            {"id": [f"H{i}" for i in range(size)], "size": np.full(size, n % 7)},
            geometry=gpd.points_from_xy(x, y), crs=4490))
        project.meta.name = f"state-{size}"
        project.mark_meta_changed()
        project.save()
        print("saved", size, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_kill_during_save_leaves_old_or_new_project(tmp_path):
    path = tmp_path / "crash.gpkg"
    Project.create(path, "state-0", "370523103000")
    rng = np.random.default_rng(7)
    seen = set()
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
        )
        proc.stdout.readline()  # at least one full save happened
        time.sleep(rng.uniform(0.0, 0.4))  # then kill it somewhere inside a later save
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        project = Project.open(path)  # never a broken file
        households = project.layer("households")
        name = project.meta.name
        assert name in {"state-20000", "state-5000"}
        assert len(households) == int(name.split("-")[1])  # settings and layers agree
        assert isinstance(households, gpd.GeoDataFrame) and households.crs.to_epsg() == 4490
        seen.add(name)
    leftovers = [p for p in tmp_path.iterdir() if p.name != "crash.gpkg"]
    assert all(".gisgrid-tmp-" in p.name for p in leftovers)  # only unfinished temp files
