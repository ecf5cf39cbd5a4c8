"""CLI writes hold the project lock; a locked project refuses them in one line, exit 2."""

import json
import socket

import coverage_case
import pytest
from lock_case import held_elsewhere, kill, leftovers

from gisgrid.cli import main
from gisgrid.locking import holder, lock_path


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "town.gpkg"
    coverage_case.build(path)
    yield path
    assert leftovers(tmp_path) == []


@pytest.fixture
def households_csv(tmp_path):
    csv = tmp_path / "住户.csv"
    csv.write_text("户主,经度,纬度\n王明,118.70,37.01\n", encoding="utf-8")
    return csv


@pytest.mark.parametrize(
    "command",
    [
        ["assign", "{p}", "--apply"],
        ["import", "{p}", "households", "{csv}"],
        ["repair", "{p}", "--fix", "gap"],
        ["validate", "{p}"],
        ["issues", "import", "{p}", "{csv}"],
        ["sample", "{p}", "--force"],
    ],
    ids=lambda c: " ".join(a for a in c if not a.startswith("{")),
)
def test_write_commands_refused_while_held(project_file, households_csv, capsys, command):
    argv = [a.format(p=project_file, csv=households_csv) for a in command]
    before = project_file.read_bytes()
    with held_elsewhere(project_file, "gisgrid app") as child:
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2
        assert err.count("\n") == 1 and err.startswith("gisgrid: error: town.gpkg")
        assert f"@{socket.gethostname()} 的 gisgrid app" in err and f"进程 {child.pid}" in err
        assert project_file.read_bytes() == before
        assert holder(project_file).pid == child.pid


def test_read_commands_work_while_held(project_file, capsys):
    with held_elsewhere(project_file):
        assert main(["info", str(project_file), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["levels"]["villages"] == 2
        assert main(["stats", str(project_file), "--json"]) == 0
        assert main(["validate", str(project_file), "--no-save", "--json"]) in (0, 1)
        assert main(["assign", str(project_file)]) == 0  # a diff only: writes nothing
        assert "nothing was written" in capsys.readouterr().out


def test_write_command_holds_the_lock_while_it_runs(project_file, monkeypatch, capsys):
    seen = []
    import gisgrid.assign

    real = gisgrid.assign.assign_households

    def spy(*args, **kwargs):
        seen.append(holder(project_file))
        return real(*args, **kwargs)

    monkeypatch.setattr(gisgrid.assign, "assign_households", spy)
    assert main(["assign", str(project_file), "--households", "--apply"]) == 0
    assert seen[0].program == "gisgrid CLI: assign --apply"
    assert holder(project_file) is None  # released afterwards


def test_stale_lock_taken_over_with_a_note(project_file, capsys):
    with held_elsewhere(project_file) as child:
        kill(child)
        assert main(["validate", str(project_file)]) in (0, 1)
    err = capsys.readouterr().err
    assert "note: took over the lock on town.gpkg left by gisgrid app" in err
    assert f"pid {child.pid}" in err


def test_unlock(project_file, capsys):
    assert main(["unlock", str(project_file)]) == 0
    assert "is not locked" in capsys.readouterr().out
    with held_elsewhere(project_file) as child:
        assert main(["unlock", str(project_file)]) == 2
        err = capsys.readouterr().err
        assert f"进程 {child.pid}" in err and "--force" in err
        assert lock_path(project_file).exists()
        assert main(["unlock", str(project_file), "--force"]) == 0
        captured = capsys.readouterr()
        assert f"pid {child.pid}" in captured.out and "still running" in captured.out
        assert "can no longer save" in captured.err
        assert holder(project_file) is None
    info = {"user": "张三", "host": "DESKTOP-01", "pid": 4242, "program": "gisgrid app",
            "started": "2026-11-20T09:12:00"}  # fmt: skip
    lock_path(project_file).write_text(json.dumps(info), encoding="utf-8")
    assert main(["unlock", str(project_file)]) == 0  # another computer: broken on request
    assert "张三@DESKTOP-01" in capsys.readouterr().out
    assert not lock_path(project_file).exists()
