"""`gisgrid-app PROJECT --screenshot FILE.png` in a subprocess, headless."""

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PyQt6.QtGui import QImage

from gisgrid.project import Project

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "sample_town.gpkg"


def _run(args, tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # never the user's settings
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    code = "import sys; from gisgrid.ui.app import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _small_project(path):
    p = Project.create(None, "临河镇", "371521103000")
    p.set_layer(
        "villages",
        gpd.GeoDataFrame(
            {"code": ["371521103001", "371521103002"], "name": ["张家庄村", "东关社区"]},
            geometry=[
                shapely.box(118.70, 37.0, 118.72, 37.02),
                shapely.box(118.72, 37.0, 118.74, 37.02),
            ],
            crs=4490,
        ),
    )
    p.save(path)
    return path


def _colours(image):
    step = max(1, image.width() // 60)
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_screenshot_of_a_project(tmp_path):
    project = SAMPLE if SAMPLE.exists() else _small_project(tmp_path / "p.gpkg")
    out = tmp_path / "window.png"
    result = _run([project, "--screenshot", out, "--size", "1440x900"], tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 900)
    assert len(_colours(image)) > 20  # a drawn map, panels and text, not a blank window


def test_screenshot_without_project_shows_welcome(tmp_path):
    out = tmp_path / "welcome.png"
    result = _run(["--screenshot", out, "--size", "900x600"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 900


@pytest.mark.parametrize("name", ["notes.gpkg"])
def test_screenshot_of_a_bad_project_fails_cleanly(tmp_path, name):
    bad = tmp_path / name
    if name == "notes.gpkg":
        bad.write_text("not a project", encoding="utf-8")
    result = _run([bad, "--screenshot", tmp_path / "x.png"], tmp_path)
    assert result.returncode == 1
    assert name in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()
