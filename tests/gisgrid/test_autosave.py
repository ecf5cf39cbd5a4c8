"""Recovery copies: written without touching the project, listed, judged against the file."""

import json
import os
import subprocess
import sys
import time

import geopandas as gpd
import pytest

from gisgrid.autosave import (
    FileSignature,
    RecoveryState,
    list_recoveries,
    recovery_key,
    write_recovery,
)
from gisgrid.project import Project

TOWN = "370523103000"


def _households(n):
    return gpd.GeoDataFrame(
        {"id": [f"H{i}" for i in range(n)], "size": [3] * n},
        geometry=gpd.points_from_xy([118.7 + i * 1e-4 for i in range(n)], [37.0] * n),
        crs=4490,
    )


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "town.gpkg"
    project = Project.create(path, "临河镇", TOWN)
    project.set_layer("households", _households(5))
    project.save()
    return Project.open(path)


def _edit(project, n=8, name="临河镇(改)"):
    project.set_layer("households", _households(n))
    project.meta.name = name
    project.mark_meta_changed()


def test_copy_holds_the_work_and_the_project_stays_as_it_was(tmp_path, project):
    base = FileSignature.of(project.path)
    _edit(project)
    folder = tmp_path / "autosave"
    recovery = write_recovery(folder, project.snapshot(), "s1", base)
    assert project.path == tmp_path / "town.gpkg" and project.modified  # untouched
    assert len(Project.open(project.path).layer("households")) == 5  # the file too
    assert recovery.copy.parent == folder and recovery.copy.stem == recovery_key(project.path, "s1")
    record = json.loads(recovery.record.read_text(encoding="utf-8"))
    assert record["original"] == str(project.path.resolve()) and record["pid"] == os.getpid()
    assert record["base"]["sha256"]  # hashed on the worker, the file being the one opened

    [listed] = list_recoveries(folder, project.path)
    assert listed.state is RecoveryState.NEWER and listed.name == "临河镇(改)"
    recovered = listed.open()
    assert recovered.path == project.path and recovered.modified
    assert len(recovered.layer("households")) == 8 and recovered.meta.name == "临河镇(改)"
    recovered.save()  # the user saves: the file now holds the recovered work
    assert len(Project.open(project.path).layer("households")) == 8


def test_a_session_replaces_its_own_copy_never_another_sessions(tmp_path, project):
    folder = tmp_path / "autosave"
    base = FileSignature.of(project.path)
    _edit(project, 6)
    write_recovery(folder, project.snapshot(), "s1", base)
    _edit(project, 7)
    write_recovery(folder, project.snapshot(), "s1", base)
    write_recovery(folder, project.snapshot(), "s2", base)
    found = list_recoveries(folder, project.path)
    assert sorted(r.session for r in found) == ["s1", "s2"]
    assert {len(r.open().layer("households")) for r in found} == {7}
    assert list_recoveries(folder, None) == []  # none of unsaved projects
    found[0].discard()
    assert len(list_recoveries(folder)) == 1 and not found[0].copy.exists()


def test_file_saved_after_the_autosave_is_said_so(tmp_path, project):
    folder = tmp_path / "autosave"
    other = Project.open(project.path)  # e.g. the same project saved by another window
    _edit(project)
    write_recovery(folder, project.snapshot(), "s1", FileSignature.of(project.path))
    time.sleep(0.05)
    other.set_layer("households", _households(2))
    other.save()
    [recovery] = list_recoveries(folder, project.path)
    assert recovery.state is RecoveryState.FILE_CHANGED and recovery.file_saved_after
    project.path.unlink()
    assert recovery.state is RecoveryState.FILE_MISSING


def test_touched_but_same_content_still_counts_as_unchanged(tmp_path, project):
    folder = tmp_path / "autosave"
    _edit(project)
    write_recovery(folder, project.snapshot(), "s1", FileSignature.of(project.path))
    os.utime(project.path, ns=(1, 1))  # e.g. a backup tool reset the time
    [recovery] = list_recoveries(folder, project.path)
    assert recovery.state is RecoveryState.NEWER  # the hash says it is the same file


def test_unsaved_projects_and_running_writers(tmp_path):
    folder = tmp_path / "autosave"
    project = Project.create(None, "新镇", TOWN)
    project.set_layer("households", _households(3))
    recovery = write_recovery(folder, project, "s9", None)
    assert recovery.copy.stem == "unsaved-s9" and project.path is None
    [listed] = list_recoveries(folder, None)
    assert listed.state is RecoveryState.UNSAVED and listed.open().path is None
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        record = json.loads(listed.record.read_text(encoding="utf-8"))
        listed.record.write_text(json.dumps(dict(record, pid=other.pid)), encoding="utf-8")
        assert list_recoveries(folder) == []  # another running app's own copy: not offered
        assert len(list_recoveries(folder, include_running=True)) == 1
        other.kill()
    assert len(list_recoveries(folder)) == 1  # its writer is gone: offered


def test_damaged_records_are_skipped(tmp_path):
    folder = tmp_path / "autosave"
    folder.mkdir()
    (folder / "x.json").write_text("{not json", encoding="utf-8")
    (folder / "x.gpkg").write_bytes(b"")
    assert list_recoveries(folder) == [] and list_recoveries(tmp_path / "missing") == []
