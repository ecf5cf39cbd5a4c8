"""Project locks: one writer at a time per project file, and a clear word on who it is.

A project ``town.gpkg`` is locked by a small JSON file beside it, ``town.gpkg.lock``, naming
the user, computer, process, program and start time of the holder. (It cannot live inside the
GeoPackage: every save replaces that file.) The lock file appears atomically, already filled
in, and its holder keeps an advisory ``flock`` on it while it runs, so on the same computer a
holder that crashed or was killed is recognised for certain (the kernel dropped its flock) and
its lock is taken over with a note. A lock from another computer (a network share) cannot be
checked that way: it is reported, and ``gisgrid unlock`` (or the app's button) breaks it on
request.

Typical use::

    with ProjectLock.acquire("town.gpkg", "gisgrid CLI: repair"):
        project = Project.open("town.gpkg")
        ...
        project.save()

:meth:`gisgrid.project.Project.save` calls :func:`ensure_writable`, so nothing overwrites a
project another program holds.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import getpass
import json
import logging
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from stat import S_ISREG

from gisgrid.errors import ProjectError

try:  # POSIX only; elsewhere the holder's process id decides whether it is alive
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
#: A lock file younger than this with no content yet is being written by its creator.
CREATING_GRACE_S = 2.0
_ATTEMPTS = 5
_HELD: set[ProjectLock] = set()  # the locks this process holds


def lock_path(path: str | os.PathLike) -> Path:
    """Return the lock file of project ``path``: ``town.gpkg`` → ``town.gpkg.lock``."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a project: what the lock file says.

    Parameters
    ----------
    user, host : str
        Login name and computer name of the holder.
    pid : int
        Process id of the holder on ``host``.
    program : str
        What holds it, e.g. ``"gisgrid app"`` or ``"gisgrid CLI: assign --apply"``.
    started : str
        ISO time the lock was taken (local time of ``host``).
    """

    user: str
    host: str
    pid: int
    program: str
    started: str

    @classmethod
    def here(cls, program: str) -> LockInfo:
        """Describe this process as the holder, running ``program``."""
        return cls(
            user=_user(),
            host=socket.gethostname(),
            pid=os.getpid(),
            program=program,
            started=datetime.now().isoformat(timespec="seconds"),
        )

    @classmethod
    def from_text(cls, text: str) -> LockInfo | None:
        """Parse a lock file's content; None when it is empty or not a gisgrid lock."""
        try:
            data = json.loads(text)
            return cls(
                user=str(data["user"]),
                host=str(data["host"]),
                pid=int(data["pid"]),
                program=str(data["program"]),
                started=str(data["started"]),
            )
        except (ValueError, TypeError, KeyError):
            return None

    def to_text(self) -> str:
        """Return the lock file's content (JSON)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n"

    @property
    def on_this_host(self) -> bool:
        """Whether the holder runs on this computer (so its process can be checked)."""
        return self.host == socket.gethostname()

    @property
    def since(self) -> str:
        """Start time for messages: ``09:12`` today, else ``2026-11-20 09:12``."""
        try:
            when = datetime.fromisoformat(self.started)
        except ValueError:
            return self.started
        if when.date() == date.today():
            return when.strftime("%H:%M")
        return when.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class LockStatus:
    """A lock file found beside a project.

    ``alive`` is True when the holder certainly runs, False when it certainly ended (a stale
    lock), None when it cannot be told (a holder on another computer).
    """

    lock_file: Path
    info: LockInfo | None
    alive: bool | None
    ours: bool


class ProjectLockedError(ProjectError):
    """Another program holds the lock on a project; the message names it and the way out."""

    def __init__(self, path: Path, status: LockStatus) -> None:
        self.path = path
        self.status = status
        self.info = status.info
        super().__init__(locked_message(path, status))


def locked_message(path: Path, status: LockStatus) -> str:
    """Return the one-line message (Chinese, then English) for a project held by another."""
    info, name = status.info, Path(path).name
    if info is None:
        who = f"{status.lock_file.name}"
        text = (
            f"{name} 已被另一个程序锁定（锁文件 {who} 内容不可读）；请关闭该程序后重试 — "
            f"{name} is locked by another program (unreadable lock file {who}); close it and "
            "try again"
        )
    else:
        holder = f"{info.user}@{info.host}"
        text = (
            f"{name} 正被 {holder} 的 {info.program} 打开（进程 {info.pid}，自 {info.since} 起）；"
            "请在那里保存并关闭后重试，或使用只读命令（info、stats、coverage、export）— "
            f"{name} is in use by {info.program} of {holder} (pid {info.pid}, since "
            f"{info.since}): save and close it there, then try again"
        )
    if status.alive is None:
        text += (
            f"；若那台电脑上的程序已关闭，可运行 gisgrid unlock {path} 解除锁定 — if that "
            f"program is no longer running, break the lock with `gisgrid unlock {path}`"
        )
    return text


class ProjectLock:
    """The lock this process holds on one project file; use :meth:`acquire`.

    A context manager: leaving the ``with`` block releases it. Locks still held when the
    process ends are released then.

    Attributes
    ----------
    path : Path
        The project file (absolute).
    info : LockInfo
        What the lock file says about this process.
    note : str
        Set when a stale lock (its holder ended without releasing it) was taken over.
    """

    def __init__(self, path: Path, info: LockInfo, fd: int, note: str = "") -> None:
        self.path = path
        self.info = info
        self.note = note
        self._fd: int | None = fd
        self._inode = os.fstat(fd).st_ino

    @classmethod
    def acquire(cls, path: str | os.PathLike, program: str) -> ProjectLock:
        """Lock project ``path`` for ``program``; take over a stale lock with a note.

        Parameters
        ----------
        path : path-like
            The project file (it need not exist yet).
        program : str
            What takes the lock, shown to others: ``"gisgrid app"``,
            ``"gisgrid CLI: import"``.

        Raises
        ------
        ProjectLockedError
            If another live program (or another window of this one) holds it, or a holder
            on another computer cannot be checked.
        ProjectError
            If the lock file cannot be created (e.g. a read-only folder).
        """
        path = Path(path).resolve()
        target = lock_path(path)
        note = ""
        for _ in range(_ATTEMPTS):
            info = LockInfo.here(program)
            fd = _create(target, info)
            if fd is not None:
                lock = cls(path, info, fd, note)
                _HELD.add(lock)
                if note:
                    log.info("%s", note)
                return lock
            status = inspect(path)
            if status is None:
                continue  # released meanwhile
            if status.alive is not False:
                raise ProjectLockedError(path, status)
            if _remove_stale(status):
                note = _stale_note(path, status.info)
        raise ProjectError(
            f"could not lock {path}: its lock file {target.name} keeps changing; "
            "try again in a moment"
        )

    @property
    def lock_file(self) -> Path:
        """The lock file beside the project."""
        return lock_path(self.path)

    @property
    def held(self) -> bool:
        """Whether the lock file is still this lock (not released, not broken by someone)."""
        return self._fd is not None and _inode(self.lock_file) == self._inode

    def move_to(self, path: str | os.PathLike) -> None:
        """Lock ``path`` instead (after Save As): the new lock is taken before the old goes.

        Raises
        ------
        ProjectLockedError
            If someone else holds ``path``; this lock is then kept as it was.
        """
        new = Path(path).resolve()
        if new == self.path:
            return
        other = ProjectLock.acquire(new, self.info.program)
        self.release()
        self.path, self.info, self.note = other.path, other.info, other.note
        self._fd, self._inode = other._fd, other._inode
        other._fd = None
        _HELD.discard(other)
        _HELD.add(self)

    def release(self) -> None:
        """Remove the lock file (if it is still ours) and drop the flock. Idempotent."""
        if self._fd is None:
            return
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.lock_file.unlink()
        os.close(self._fd)
        self._fd = None
        _HELD.discard(self)

    def __enter__(self) -> ProjectLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "held" if self.held else "released"
        return f"<ProjectLock {self.path} by {self.info.program} ({state})>"


def inspect(path: str | os.PathLike) -> LockStatus | None:
    """Return the lock on project ``path`` with whether its holder is alive; None if unlocked."""
    target = lock_path(Path(path).resolve())
    try:
        fd = os.open(target, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ProjectError(f"cannot read the lock file {target}: {exc.strerror}") from exc
    try:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):  # a folder (or device) where the lock file belongs
            raise _not_a_lock_file(target)
        info = LockInfo.from_text(_read(fd))
        ours = any(lock.held and lock._inode == stat.st_ino for lock in _HELD)
        if ours:
            return LockStatus(target, info, alive=True, ours=True)
        flocked = _try_flock(fd)
    finally:
        os.close(fd)  # also drops a flock taken just to test
    if info is None and time.time() - stat.st_mtime < CREATING_GRACE_S:
        alive: bool | None = True  # its creator is still writing it (no-link file systems)
    elif flocked is False:
        alive = True
    elif info is None:
        alive = False if flocked else None
    elif not info.on_this_host:
        alive = None
    elif flocked is None:  # no flock on this file system: ask whether the process runs
        alive = pid_alive(info.pid)
    else:
        alive = False
    return LockStatus(target, info, alive=alive, ours=False)


def holder(path: str | os.PathLike) -> LockInfo | None:
    """Return who holds project ``path``, or None when nobody (or only a stale lock) does.

    A holder whose state cannot be checked (another computer) counts as holding it.
    """
    status = inspect(path)
    if status is None or status.alive is False:
        return None
    return status.info


def ensure_writable(path: str | os.PathLike) -> None:
    """Raise :class:`ProjectLockedError` if another live program holds project ``path``.

    This process may write when it holds the lock itself, when nobody does, or when the
    lock is stale.
    """
    status = inspect(path)
    if status is None or status.ours or status.alive is False:
        return
    raise ProjectLockedError(Path(path).resolve(), status)


def break_lock(path: str | os.PathLike, force: bool = False) -> LockStatus | None:
    """Remove the lock on project ``path``; return what it was (None: there was none).

    Parameters
    ----------
    force : bool
        Also break a lock whose holder is alive on this computer (it can then no longer
        save to this file, but keeps its data and can save elsewhere).

    Raises
    ------
    ProjectLockedError
        If the holder is alive on this computer and ``force`` is False.
    """
    status = inspect(path)
    if status is None:
        return None
    if status.alive is True and not force:
        raise ProjectLockedError(Path(path).resolve(), status)
    with contextlib.suppress(FileNotFoundError):
        status.lock_file.unlink()
    log.warning("broke the lock %s (%s)", status.lock_file, status.info)
    return status


# -- helpers --------------------------------------------------------------------------------
def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def _create(target: Path, info: LockInfo) -> int | None:
    """Create ``target`` holding ``info`` and flocked; None if it exists already.

    The file is written and flocked under a temporary name, then hard-linked into place, so
    no one ever sees it empty or unlocked. File systems without hard links get
    ``O_CREAT | O_EXCL`` (and :data:`CREATING_GRACE_S` covers the moment before it is filled).
    """
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
    except OSError as exc:
        raise _cannot_lock(target, exc) from exc
    try:
        _try_flock(fd)
        _write(fd, info)
        try:
            os.link(tmp, target)
            return fd
        except FileExistsError:
            os.close(fd)
            return None
        except OSError:  # no hard links here (FAT, some shares)
            os.close(fd)
            return _create_exclusive(target, info)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _create_exclusive(target: Path, info: LockInfo) -> int | None:
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
    except FileExistsError:
        return None
    except OSError as exc:
        raise _cannot_lock(target, exc) from exc
    _try_flock(fd)
    _write(fd, info)
    return fd


def _not_a_lock_file(target: Path) -> ProjectError:
    kind = "文件夹" if target.is_dir() else "特殊文件"
    kind_en = "a folder" if target.is_dir() else "not a regular file"
    return ProjectError(
        f"锁文件位置 {target} 是一个{kind}，无法锁定项目；请移走或改名该{kind}后重试 — the lock "
        f"file {target} is {kind_en}; move or rename it, then try again"
    )


def _cannot_lock(target: Path, exc: OSError) -> ProjectError:
    return ProjectError(
        f"cannot create the lock file {target} ({exc.strerror}); the folder must be writable "
        "to change the project — copy it to a writable folder, or only read it"
    )


def _write(fd: int, info: LockInfo) -> None:
    os.write(fd, info.to_text().encode("utf-8"))
    os.fsync(fd)


def _read(fd: int) -> str:
    return os.read(fd, 64 * 1024).decode("utf-8", errors="replace")


def _try_flock(fd: int) -> bool | None:
    """Take an exclusive flock: True if taken, False if someone holds one, None if unsupported."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        return None  # ENOLCK, EOPNOTSUPP …: this file system has no flock
    return True


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def pid_alive(pid: int) -> bool | None:
    """Whether process ``pid`` of this computer runs; None when it cannot be asked safely."""
    if os.name != "posix":
        return None  # on Windows os.kill would end the process, not ask about it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    except OSError:
        return True
    return True


def _remove_stale(status: LockStatus) -> bool:
    """Remove a stale lock file unless it changed or came alive meanwhile; True if removed."""
    try:
        fd = os.open(status.lock_file, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if _try_flock(fd) is False or os.fstat(fd).st_ino != _inode(status.lock_file):
            return False
        status.lock_file.unlink()
        return True
    except FileNotFoundError:
        return False
    finally:
        os.close(fd)


def _stale_note(path: Path, info: LockInfo | None) -> str:
    if info is None:
        return f"took over an unreadable, abandoned lock on {path.name}"
    return (
        f"took over the lock on {path.name} left by {info.program} of {info.user}@{info.host} "
        f"(pid {info.pid}, since {info.since}), which ended without releasing it"
    )


@atexit.register
def _release_all() -> None:
    for lock in list(_HELD):
        lock.release()
