"""Writes that cannot succeed end in one clear line, with nothing half-written (issue 15).

15.7 a read-only project is refused, 15.13 grids without names and a null SLA setting do not
crash the weekly pack, 15.14 a folder that is not a folder, a full disk and a lock path that
is a folder each give one line naming the path, 15.15 every HTML output is written through a
temporary file, so a failure leaves the old file and no truncated one.

As root every folder is writable, so "cannot write here" is made with a path whose parent is a
regular FILE (NotADirectoryError, fails for root too). A full disk is ``RLIMIT_FSIZE`` (the
``ulimit -f`` of a child process, SIGXFSZ ignored so a write gets EFBIG instead of a kill).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from project_shapes import build_shape

from gisgrid.cli import main
from gisgrid.errors import GisgridError, ProjectError
from gisgrid.io.atomic import WriteError, atomic_write
from gisgrid.project import Project

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("gisgrid: error: ")
    return lines[0]


def _week(project: Project) -> str:
    day = project.layer("issues")["reported_at"].dropna().max()
    week = (day - pd.Timedelta(days=14)).isocalendar()
    return f"{week.year}-W{week.week:02d}"


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("town") / "town.gpkg"
    build_shape("complete", path)
    return path


def _copy(town: Path, folder: Path, name: str = "town.gpkg") -> Path:
    target = folder / name
    target.write_bytes(town.read_bytes())
    return target


def _no_temps(folder: Path) -> None:
    left = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert left == [], left


# -- 15.7 read-only project ---------------------------------------------------------------
def test_read_only_project_is_not_overwritten(town, tmp_path):
    path = _copy(town, tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    project = Project.open(path)
    project.meta.categories.append("新类别")
    project.mark_meta_changed()
    with pytest.raises(ProjectError) as caught:
        project.save()
    text = str(caught.value)
    expected = "town.gpkg 是只读文件（权限 0444），未保存；请另存为或修改文件权限"
    assert text.startswith(expected), text
    assert "\n" not in text
    assert path.read_bytes() == before
    assert oct(path.stat().st_mode & 0o777) == "0o444"
    _no_temps(tmp_path)
    # Save As elsewhere still works
    other = project.save(tmp_path / "copy.gpkg")
    assert "新类别" in Project.open(other).meta.categories


def test_read_only_project_cli_exit_2(town, tmp_path, capsys):
    path = _copy(town, tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    code, _, err = _run(capsys, "calendar", "set", path, "2027-02-05", "holiday")
    assert code == 2
    line = _one_line_error(err)
    assert "town.gpkg 是只读文件（权限 0444），未保存；请另存为或修改文件权限" in line
    assert path.read_bytes() == before


def test_owner_read_only_is_refused(town, tmp_path):
    path = _copy(town, tmp_path)
    path.chmod(0o464)  # group may write, the owner may not: read-only to its owner
    project = Project.open(path)
    project.mark_meta_changed()
    with pytest.raises(ProjectError, match="只读文件（权限 0464）"):
        project.save()


# -- 15.13 weekly pack on grids without names and a null SLA -----------------------------
@pytest.mark.parametrize("how", ["null", "no column"])
def test_weekly_pack_on_grids_without_names(town, tmp_path, capsys, how):
    import openpyxl

    project = Project.open(town)
    for layer in project.level_layers:
        frame = project.layer(layer).copy()
        if how == "null":
            frame["name"] = None
        else:
            frame = frame.drop(columns=["name"])
        project.set_layer(layer, frame)
    path = project.save(tmp_path / "nonames.gpkg")
    code, out, err = _run(
        capsys, "report", "weekly", path, "--week", _week(project), "--out", tmp_path / "w"
    )
    assert code == 0, err
    assert "Traceback" not in err
    assert "None" not in out and "nan" not in out
    html = next((tmp_path / "w").glob("*.html")).read_text(encoding="utf-8")
    assert ">None<" not in html and ">nan<" not in html
    book = openpyxl.load_workbook(next((tmp_path / "w").glob("*.xlsx")))
    rows = list(book["网格统计"].iter_rows(values_only=True))
    header = rows[0]
    grid_code, grid_name = header.index("网格编码"), header.index("网格名称")
    assert len(rows) > 1
    for row in rows[1:]:  # a grid without a name shows its code
        assert row[grid_name] == row[grid_code], row
    month = (project.layer("issues")["reported_at"].dropna().max()).strftime("%Y-%m")
    code, _, err = _run(capsys, "report", "weekly", path, "--month", month, "--out", tmp_path / "m")
    assert code == 0, err
    html = next((tmp_path / "m").glob("*.html")).read_text(encoding="utf-8")
    assert ">None<" not in html and ">nan<" not in html


@pytest.mark.parametrize("value", [None, "abc", -1, 1.5, True])
def test_unusable_sla_value_falls_back_with_a_note(town, tmp_path, value):
    project = Project.open(town)
    project.meta.sla["simple_working_days"] = value
    project.mark_meta_changed()
    path = tmp_path / "sla.gpkg"
    project.save(path)
    reopened = Project.open(path)
    assert reopened.meta.sla["simple_working_days"] == 1
    (note,) = reopened.meta.notes
    assert "sla.simple_working_days" in note and "None" not in note
    assert "\n" not in note


def test_weekly_pack_on_null_sla(town, tmp_path, capsys):
    project = Project.open(town)
    project.meta.sla["simple_working_days"] = None
    project.mark_meta_changed()
    path = project.save(tmp_path / "nullsla.gpkg")
    with pytest.raises(TypeError):  # the shape really holds a null
        int(json.loads(json.dumps(project.meta.sla))["simple_working_days"])
    code, out, err = _run(
        capsys, "report", "weekly", path, "--week", _week(project), "--out", tmp_path / "w"
    )
    assert code == 0, err
    assert "Traceback" not in err and "TypeError" not in err
    assert any(p.suffix == ".xlsx" for p in (tmp_path / "w").iterdir())


def test_good_sla_values_are_kept(town, tmp_path):
    project = Project.open(town)
    project.meta.sla.update(contact_hours=0.5, simple_working_days="2", complex_working_days=5)
    project.mark_meta_changed()
    reopened = Project.open(project.save(tmp_path / "sla.gpkg"))
    assert reopened.meta.sla == {
        "contact_hours": 0.5,
        "simple_working_days": 2,
        "complex_working_days": 5,
    }
    assert reopened.meta.notes == []


# -- 15.14 lock path that is a folder ----------------------------------------------------
@pytest.mark.parametrize("command", ["unlock", "import"])
def test_lock_path_is_a_folder(town, tmp_path, capsys, command):
    path = _copy(town, tmp_path)
    (tmp_path / "town.gpkg.lock").mkdir()
    before = path.read_bytes()
    if command == "unlock":
        argv = ["unlock", path]
    else:
        source = tmp_path / "villages.geojson"
        villages = Project.open(town).layer("villages")
        source.write_text(villages.to_json(), encoding="utf-8")
        argv = ["import", path, "villages", source, "--replace"]
    code, _, err = _run(capsys, *argv)
    assert code == 2
    line = _one_line_error(err)
    assert str(tmp_path / "town.gpkg.lock") in line
    assert "文件夹" in line and "move or rename it" in line
    assert path.read_bytes() == before
    assert (tmp_path / "town.gpkg.lock").is_dir()


# -- 15.14 the shared writer: a folder that cannot be written ----------------------------
def test_atomic_write_into_a_file_as_folder(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(WriteError) as caught:
        with atomic_write(blocker / "out.html") as tmp:
            tmp.write_text("page")
    text = str(caught.value)
    assert str(blocker / "out.html") in text and "\n" not in text
    assert isinstance(caught.value, GisgridError)


def test_stats_xlsx_into_a_file_as_folder(town, tmp_path, capsys):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    code, _, err = _run(capsys, "stats", town, "--xlsx", blocker / "sub" / "stats.xlsx")
    assert code == 2
    line = _one_line_error(err)
    assert "stats.xlsx" in line or str(blocker) in line


def test_weekly_pack_into_a_file_as_folder(town, tmp_path, capsys):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    project = Project.open(town)
    code, _, err = _run(
        capsys, "report", "weekly", town, "--week", _week(project), "--out", blocker / "w"
    )
    assert code == 2
    line = _one_line_error(err)
    assert str(blocker) in line


def test_writer_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("OLD")
    with pytest.raises(WriteError, match="磁盘空间不足"):
        with atomic_write(target) as tmp:
            tmp.write_text("half a pa")
            raise OSError(28, "No space left on device")
    assert target.read_text() == "OLD"
    _no_temps(tmp_path)


# -- 15.14 / 15.15 a full disk (RLIMIT_FSIZE in a child process) -------------------------
def _limited(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _child(code: str, limit: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limited(limit),
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=600,
    )


_SAVE = """
import sys
from gisgrid.errors import ProjectError
from gisgrid.project import Project
project = Project.open(sys.argv[1])
project.mark_all_changed()
project.path = None  # write every layer anew through pyogrio
try:
    project.save(sys.argv[1])
except ProjectError as exc:
    print("ERROR", exc)
else:
    print("SAVED")
"""


def test_full_disk_during_save_keeps_the_project(town, tmp_path):
    path = _copy(town, tmp_path)
    before = path.read_bytes()
    result = _child(_SAVE, len(before) // 2, str(path))
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ERROR "), result.stdout
    assert "磁盘空间不足" in lines[0] and "原文件未改动" in lines[0]
    assert "town.gpkg" in lines[0]
    assert path.read_bytes() == before
    _no_temps(tmp_path)


_WEEKLY_HTML = """
import sys
from gisgrid.errors import GisgridError
from gisgrid.layers.report_web import write_report_html
from gisgrid.project import Project
from gisgrid.report import ReportParams, weekly_report
report = weekly_report(Project.open(sys.argv[1]), ReportParams(week=sys.argv[3]))
import resource
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    write_report_html(report, sys.argv[2])
except GisgridError as exc:
    print("ERROR", exc)
else:
    print("WROTE")
"""


def test_full_disk_weekly_html_keeps_the_old_page(town, tmp_path):
    target = tmp_path / "周调度.html"
    target.write_text("OLD PAGE", encoding="utf-8")
    week = _week(Project.open(town))
    result = _child(_WEEKLY_HTML, resource.RLIM_INFINITY, str(town), str(target), week)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("ERROR "), result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    assert str(target) in result.stdout and "磁盘空间不足" in result.stdout
    assert target.read_text(encoding="utf-8") == "OLD PAGE"
    _no_temps(tmp_path)


def test_full_disk_hotspot_html_keeps_the_old_page(town, tmp_path):
    target = tmp_path / "hot.html"
    target.write_text("OLD PAGE", encoding="utf-8")
    code = "import sys; from gisgrid.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = [str(town), "--permutations", "99", "--html", str(target)]
    result = _child(code, 16 * 1024, "hotspots", *argv)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(target) in lines[0] and "磁盘空间不足" in lines[0]
    assert target.read_text(encoding="utf-8") == "OLD PAGE"
    _no_temps(tmp_path)


def test_cli_turns_a_stray_oserror_into_one_line(town, monkeypatch, capsys):
    import gisgrid.cli

    def refused(args):
        raise PermissionError(13, "Permission denied", "/srv/share/town.gpkg")

    monkeypatch.setattr(gisgrid.cli, "cmd_info", refused)
    code, _, err = _run(capsys, "info", town)
    assert code == 2
    line = _one_line_error(err)
    assert "/srv/share/town.gpkg: Permission denied" in line
