"""Project locks: one writer at a time, the holder named, stale locks taken over."""

import json
import os
import socket

import pytest
from lock_case import held_elsewhere, kill, leftovers

from gisgrid.errors import ProjectError
from gisgrid.locking import (
    LockInfo,
    ProjectLock,
    ProjectLockedError,
    break_lock,
    holder,
    inspect,
    lock_path,
)
from gisgrid.project import Project


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "town.gpkg"
    Project.create(path, "临河镇", "371521103000")
    yield path
    assert leftovers(tmp_path) == []  # every test leaves no lock behind


def _fake_lock(path, host, pid=999_999, program="gisgrid app", started="2026-11-20T09:12:00"):
    info = {"user": "张三", "host": host, "pid": pid, "program": program, "started": started}
    lock_path(path).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def test_acquire_writes_who_holds_it_and_release_removes_it(project_file):
    with ProjectLock.acquire(project_file, "gisgrid CLI: repair") as lock:
        assert lock_path(project_file).name == "town.gpkg.lock"
        data = json.loads(lock_path(project_file).read_text(encoding="utf-8"))
        assert data["pid"] == os.getpid() and data["host"] == socket.gethostname()
        assert data["program"] == "gisgrid CLI: repair" and data["user"] and data["started"]
        assert lock.held and holder(project_file) == lock.info
        assert inspect(project_file).ours
    assert not lock.held and holder(project_file) is None
    lock.release()  # twice is harmless


def test_second_process_is_refused_with_the_holder_named(project_file):
    with held_elsewhere(project_file, "gisgrid app") as child:
        with pytest.raises(ProjectLockedError) as err:
            ProjectLock.acquire(project_file, "gisgrid CLI: import")
        text = str(err.value)
        assert "town.gpkg" in text and "gisgrid app" in text and f"进程 {child.pid}" in text
        assert f"@{socket.gethostname()}" in text and "请在那里保存并关闭后重试" in text
        assert err.value.info.pid == child.pid
        assert holder(project_file).pid == child.pid
    assert holder(project_file) is None  # the child released it on its way out


def test_a_second_window_of_this_process_is_refused(project_file):
    with ProjectLock.acquire(project_file, "gisgrid app"):
        with pytest.raises(ProjectLockedError, match=f"进程 {os.getpid()}"):
            ProjectLock.acquire(project_file, "gisgrid app")


def test_lock_of_a_killed_holder_is_taken_over_with_a_note(project_file):
    with held_elsewhere(project_file) as child:
        kill(child)
        assert lock_path(project_file).exists()  # it had no chance to clean up
        assert inspect(project_file).alive is False
        assert holder(project_file) is None
        with ProjectLock.acquire(project_file, "gisgrid CLI: import") as lock:
            assert f"pid {child.pid}" in lock.note and "ended without releasing" in lock.note
            assert holder(project_file).pid == os.getpid()


def test_save_refused_while_another_process_holds_it(project_file, tmp_path):
    project = Project.open(project_file)
    project.meta.name = "改名镇"
    project.mark_meta_changed()
    before = project_file.read_bytes()
    with held_elsewhere(project_file):
        with pytest.raises(ProjectLockedError, match="gisgrid app"):
            project.save()
        assert project_file.read_bytes() == before
        assert project.modified  # nothing lost: the changes are still there to save
        assert project.save(tmp_path / "copy.gpkg") == (tmp_path / "copy.gpkg").resolve()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.gpkg", "town.gpkg"]
    with ProjectLock.acquire(project_file, "gisgrid app"):
        Project.open(project_file).save()  # the holder saves freely


def test_lock_moves_on_save_as(project_file, tmp_path):
    other = tmp_path / "other.gpkg"
    with ProjectLock.acquire(project_file, "gisgrid app") as lock:
        lock.move_to(other)
        assert lock.path == other.resolve() and lock.held
        assert holder(project_file) is None and holder(other).pid == os.getpid()
        with held_elsewhere(project_file):
            with pytest.raises(ProjectLockedError):
                lock.move_to(project_file)
            assert lock.held and lock.path == other.resolve()  # kept as it was


def test_lock_from_another_computer_is_reported_and_can_be_broken(project_file):
    _fake_lock(project_file, "DESKTOP-01")
    status = inspect(project_file)
    assert status.alive is None and not status.ours
    with pytest.raises(ProjectLockedError) as err:
        ProjectLock.acquire(project_file, "gisgrid app")
    text = str(err.value)
    assert "张三@DESKTOP-01" in text and "进程 999999" in text and "2026-11-20 09:12" in text
    assert "gisgrid unlock" in text
    with pytest.raises(ProjectLockedError):
        Project.open(project_file).save()
    assert break_lock(project_file).info.host == "DESKTOP-01"
    assert holder(project_file) is None and break_lock(project_file) is None


def test_break_lock_refuses_a_live_local_holder_without_force(project_file):
    with held_elsewhere(project_file) as child:
        with pytest.raises(ProjectLockedError):
            break_lock(project_file)
        assert break_lock(project_file, force=True).info.pid == child.pid
        assert holder(project_file) is None


def test_unreadable_old_lock_file_counts_as_stale(project_file):
    lock_path(project_file).write_text("", encoding="utf-8")
    os.utime(lock_path(project_file), (1, 1))
    with ProjectLock.acquire(project_file, "gisgrid app") as lock:
        assert "unreadable" in lock.note


def test_lock_info_round_trip_and_since():
    info = LockInfo.here("gisgrid app")
    assert LockInfo.from_text(info.to_text()) == info
    assert len(info.since) == 5  # today: HH:MM
    assert LockInfo.from_text("{not json") is None


def test_folder_that_cannot_hold_a_lock_gives_a_clear_error(tmp_path):
    with pytest.raises(ProjectError, match="lock file .*missing"):
        ProjectLock.acquire(tmp_path / "missing" / "town.gpkg", "gisgrid app")


def test_without_flock_the_process_id_decides(project_file, monkeypatch):
    import gisgrid.locking as locking

    monkeypatch.setattr(locking, "_try_flock", lambda fd: None)  # e.g. a share without flock
    here = socket.gethostname()
    _fake_lock(project_file, here, pid=os.getppid())  # a process that surely runs
    assert inspect(project_file).alive is True
    with held_elsewhere(project_file.with_name("x.gpkg")) as child:
        pass
    _fake_lock(project_file, here, pid=child.pid)  # ended
    assert inspect(project_file).alive is False
    lock_path(project_file).unlink()
