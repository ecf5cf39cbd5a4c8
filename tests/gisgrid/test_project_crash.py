"""A kill (SIGKILL) in the middle of a save leaves the old project or the new one, never a
broken one; temp files of killed saves are cleaned up by the next open or save.

The quick crash run (200 kills during saves, plus kills during Project.create and
`gisgrid import`) forks from a driver process, never from pytest's own; `make fuzz` runs the
same driver with 2000 kills.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gisgrid.project import _HOST, Project, remove_stale_temps

DRIVER = Path(__file__).parents[1] / "_support" / "crash_driver.py"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash driver forks (POSIX)")
def test_hundreds_of_kills_leave_old_or_new_project(tmp_path):
    run = subprocess.run(
        [sys.executable, str(DRIVER), "--kills", "200", "--open-every", "5", "--json",
         "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    save = report["save"]
    assert save["failures"] == [] and save["kills"] == 200
    held = save["file held"]
    assert held["old"] + held["new"] == save["rounds"] and held.get("broken", 0) == 0
    assert held["opened with Project.open"] == save["rounds"] // 5  # every fifth by gisgrid too
    phases = save["phases"]
    killed_before = sum(phases.get(p, 0) for p in ("copying old file", "writing layers", "fsync"))
    killed_around = sum(phases.get(p, 0) for p in ("replace", "after replace"))
    assert killed_before >= 50 and killed_around >= 10  # the interesting windows are hit
    for part in ("create", "import"):
        assert report[part]["failures"] == [] and report[part]["kills"] >= 10
    assert not [p for p in tmp_path.iterdir() if ".gisgrid-tmp-" in p.name]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temp(folder: Path, stem: str, pid: int, host: str = _HOST, tail: str = "") -> Path:
    path = folder / f".{stem}.gisgrid-tmp-{pid}@{host}.k3j_9x2a.gpkg{tail}"
    path.write_bytes(b"half-written")
    return path


@pytest.mark.skipif(os.name != "posix", reason="writers are told apart by POSIX pids")
def test_temp_files_of_gone_writers_are_removed_on_open_and_save(tmp_path):
    path = tmp_path / "town.gpkg"
    Project.create(path, "临河镇", "370523103000")
    dead = _dead_pid()
    killed = [_temp(tmp_path, "town", dead), _temp(tmp_path, "town", dead, tail="-journal")]
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            kept = [
                _temp(tmp_path, "town", running.pid),  # a save still going on
                _temp(tmp_path, "town", dead, host="otherpc"),  # another computer's, on a share
                _temp(tmp_path, "other", dead),  # another project's
                _temp(tmp_path, "town", os.getpid()),  # this process's own
            ]
            Project.open(path)
            assert not any(p.exists() for p in killed)
            assert all(p.exists() for p in kept)
        finally:
            running.send_signal(signal.SIGKILL)
    assert remove_stale_temps(path) == [kept[0]]  # its writer is gone now
    again = _temp(tmp_path, "town", dead)
    Project.open(path).save()  # saving cleans up too
    assert not again.exists() and path.exists()


def test_create_over_an_old_file_replaces_it_in_one_step(tmp_path):
    path = tmp_path / "town.gpkg"
    Project.create(path, "旧", "370523103000")
    inode = path.stat().st_ino
    Project.create(path, "新", "370523103000", overwrite=True)
    assert Project.open(path).meta.name == "新" and path.stat().st_ino != inode


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash driver forks (POSIX)")
def test_the_checks_catch_a_save_that_writes_in_place(tmp_path):
    run = subprocess.run(
        [sys.executable, str(DRIVER), "--kills", "20", "--unsafe", "--json", "--dir",
         str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 1  # a naive save, killed mid-way, leaves files neither old nor new
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert any("file holds broken" in f for f in report["save"]["failures"])
