"""Autosave: recovery copies of unsaved work, and what to offer after a crash.

A recovery copy is a complete project GeoPackage written with :meth:`Project.save_copy` (the
project's path and modified state stay as they are) into a per-user folder the caller
chooses, with a JSON record beside it: the project's own file, that file's signature (mtime,
size, SHA-256) when the work began, the autosave time and the writing process. One copy per
session and project file: a session overwrites its own copy and never another's.

After a crash the next session lists the copies whose writer is gone and offers them; whether
a copy is newer than the file is decided honestly from the recorded signature.

Examples
--------
>>> base = FileSignature.of(project.path)  # doctest: +SKIP
>>> write_recovery(folder, project.snapshot(), "s1", base)  # doctest: +SKIP
>>> [r.state for r in list_recoveries(folder, project.path)]  # doctest: +SKIP
[<RecoveryState.NEWER: 'newer'>]
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gisgrid.errors import ProjectError
from gisgrid.locking import pid_alive
from gisgrid.project import Project

RECORD_VERSION = 1
UNSAVED = "unsaved"  # key prefix of copies of projects that have no file yet
_ANY: Any = object()


@dataclass(frozen=True)
class FileSignature:
    """What a project file was: modification time, size and (once computed) its SHA-256."""

    mtime_ns: int
    size: int
    sha256: str | None = None

    @classmethod
    def of(cls, path: str | os.PathLike | None) -> FileSignature | None:
        """Return the signature of ``path`` without hashing (None when there is no file)."""
        try:
            stat = Path(path).stat() if path is not None else None
        except OSError:
            return None
        return cls(stat.st_mtime_ns, stat.st_size) if stat is not None else None

    def hashed(self, path: str | os.PathLike) -> FileSignature:
        """Add the SHA-256 of ``path`` if the file is still the one signed; else return self."""
        if self.sha256 is not None or FileSignature.of(path) != self:
            return self
        return FileSignature(self.mtime_ns, self.size, _sha256(Path(path)))

    def matches(self, path: str | os.PathLike) -> bool:
        """Whether the file at ``path`` still has the content this signature describes."""
        now = FileSignature.of(path)
        if now is None or now.size != self.size:
            return False
        if now.mtime_ns == self.mtime_ns:
            return True
        return self.sha256 is not None and _sha256(Path(path)) == self.sha256


class RecoveryState(enum.Enum):
    """How a recovery copy relates to its project's file now."""

    NEWER = "newer"  # the file is as it was when the work began: the copy holds later work
    FILE_CHANGED = "file changed"  # the file was saved (here or elsewhere) since then
    FILE_MISSING = "file missing"  # the file was moved or deleted
    UNSAVED = "unsaved"  # the project never had a file


@dataclass
class Recovery:
    """One recovery copy and its record.

    Attributes
    ----------
    copy : Path
        The recovery GeoPackage.
    original : Path or None
        The project's own file (None: a project not saved yet).
    base : FileSignature or None
        The original file's signature when the work in the copy began.
    autosaved : datetime
        When the copy was written.
    name : str
        The project's name.
    session, pid, host : str, int, str
        Who wrote it: the app session, its process and computer.
    """

    copy: Path
    original: Path | None
    base: FileSignature | None
    autosaved: datetime
    name: str
    session: str
    pid: int
    host: str

    @property
    def key(self) -> str:
        """File name stem of the copy and its record."""
        return self.copy.stem

    @property
    def record(self) -> Path:
        """The JSON record beside the copy."""
        return self.copy.with_suffix(".json")

    @property
    def state(self) -> RecoveryState:
        """Whether the copy is newer than the project's file, or that file changed since."""
        if self.original is None:
            return RecoveryState.UNSAVED
        if not self.original.exists():
            return RecoveryState.FILE_MISSING
        if self.base is not None and self.base.matches(self.original):
            return RecoveryState.NEWER
        return RecoveryState.FILE_CHANGED

    @property
    def file_saved_after(self) -> bool:
        """Whether the project's file was written after this copy (its work is then older)."""
        now = FileSignature.of(self.original)
        return now is not None and now.mtime_ns / 1e9 > self.autosaved.timestamp()

    def open(self) -> Project:
        """Open the copy as the unsaved state of its project (path: the original file)."""
        project = Project.open(self.copy)
        project.path = self.original
        project.mark_all_changed()
        return project

    def discard(self) -> None:
        """Remove the copy and its record."""
        self.record.unlink(missing_ok=True)
        self.copy.unlink(missing_ok=True)


def recovery_key(original: str | os.PathLike | None, session: str) -> str:
    """Return the file stem of ``session``'s recovery copy of the project at ``original``."""
    if original is None:
        return f"{UNSAVED}-{session}"
    digest = hashlib.sha1(str(Path(original).resolve()).encode()).hexdigest()[:12]
    return f"{Path(original).stem[:40]}-{digest}-{session}"


def write_recovery(
    directory: str | os.PathLike,
    project: Project,
    session: str,
    base: FileSignature | None,
    key: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Recovery:
    """Write a recovery copy of ``project`` (best a :meth:`~Project.snapshot`) and its record.

    Parameters
    ----------
    directory : path
        The per-user autosave folder (created if missing).
    project : Project
        The work to keep; its path and modified state do not change.
    session : str
        The writing app session; its earlier copy of the same project is replaced.
    base : FileSignature or None
        The project file's signature when the work began; hashed here if the file is still
        that one.
    key : str, optional
        File stem to write to (default :func:`recovery_key`), e.g. a recovered copy's own.

    Raises
    ------
    ProjectError
        If the copy cannot be written; an earlier copy is then unchanged.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    original = project.path.resolve() if project.path is not None else None
    if base is not None and original is not None:
        base = base.hashed(original)
    recovery = Recovery(
        copy=folder / f"{key or recovery_key(original, session)}.gpkg",
        original=original,
        base=base,
        autosaved=datetime.now().astimezone(),
        name=project.meta.name,
        session=session,
        pid=os.getpid(),
        host=socket.gethostname(),
    )
    if progress is not None:
        progress(0.0, "autosave")
    project.save_copy(recovery.copy)
    _write_record(recovery)
    return recovery


def list_recoveries(
    directory: str | os.PathLike, original: Any = _ANY, include_running: bool = False
) -> list[Recovery]:
    """Recovery copies in ``directory``, newest first.

    Parameters
    ----------
    original : path or None, optional
        Only the copies of this project file (None: of projects never saved); default all.
    include_running : bool
        Also list copies whose writer (another process on this computer) still runs.
    """
    folder = Path(directory)
    found = []
    for record in folder.glob("*.json") if folder.is_dir() else []:
        recovery = _read_record(record)
        if recovery is None or not recovery.copy.exists():
            continue
        if original is not _ANY:
            wanted = Path(original).resolve() if original is not None else None
            if recovery.original != wanted:
                continue
        if not include_running and _writer_running(recovery):
            continue
        found.append(recovery)
    return sorted(found, key=lambda r: r.autosaved, reverse=True)


def _writer_running(recovery: Recovery) -> bool:
    if recovery.host != socket.gethostname() or recovery.pid == os.getpid():
        return False  # another computer's session cannot be checked; this one is not running
    return pid_alive(recovery.pid) is True  # can't tell: offer it


def _write_record(recovery: Recovery) -> None:
    data = {
        "version": RECORD_VERSION,
        "original": str(recovery.original) if recovery.original is not None else None,
        "base": asdict(recovery.base) if recovery.base is not None else None,
        "autosaved": recovery.autosaved.isoformat(),
        "name": recovery.name,
        "session": recovery.session,
        "pid": recovery.pid,
        "host": recovery.host,
    }
    tmp = recovery.record.with_suffix(".json-tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, recovery.record)
    except OSError as exc:
        raise ProjectError(f"could not write the autosave record {recovery.record}: {exc}") from exc


def _read_record(record: Path) -> Recovery | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return Recovery(
            copy=record.with_suffix(".gpkg"),
            original=Path(data["original"]) if data["original"] else None,
            base=FileSignature(**data["base"]) if data.get("base") else None,
            autosaved=datetime.fromisoformat(data["autosaved"]),
            name=str(data.get("name", "")),
            session=str(data["session"]),
            pid=int(data["pid"]),
            host=str(data["host"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not a record of ours, or damaged: leave it alone


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
