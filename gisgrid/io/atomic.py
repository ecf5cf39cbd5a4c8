"""Atomic file writes that leave files with the mode any other program would give them.

Every file gisgrid writes for people (projects, PDFs, PNGs, workbooks, HTML pages) is written
to a temporary file beside its target and moved over it with :func:`os.replace`, so a reader
never sees half a file. :func:`tempfile.mkstemp` creates that temporary file with mode 0600
and ``os.replace`` keeps it, which left colleagues on a shared office folder unable to open
the result. :func:`replace` therefore sets the mode first: the replaced file's own mode, or
for a new file ``0666 & ~umask`` — what ``open(path, "w")`` would have made.

Files only this process and this user need stay private (0600) on purpose: autosave's
recovery copies (``private=True``). Lock files are made by :mod:`gisgrid.locking` with
``0644 & ~umask`` so other users can read who holds a project.

A write that fails — a folder that is not writable or does not exist, a disk that fills up
half-way — raises :class:`WriteError` (a :class:`~gisgrid.errors.GisgridError`): one line
naming the file and what to do, the old file untouched and no temporary file left.

Typical use::

    with atomic_write(path) as tmp:
        figure.savefig(tmp)
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gisgrid.errors import InputError

__all__ = ["WriteError", "atomic_write", "current_umask", "mode_for", "replace", "write_error"]

PRIVATE_MODE = 0o600


class WriteError(InputError):
    """An output file could not be written; the message names it and says what to do."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)  # one argument: the error pickles to a worker's caller
        self.path = path


_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)
_NO_FOLDER = (errno.ENOENT, errno.ENOTDIR)


def write_error(target: str | os.PathLike, exc: OSError) -> WriteError:
    """Return the one-line :class:`WriteError` for ``exc`` raised while writing ``target``.

    Examples
    --------
    >>> import errno
    >>> error = write_error("/out/周报.xlsx", OSError(errno.ENOSPC, "No space left on device"))
    >>> print(str(error).split(" — ")[0])
    无法写入 /out/周报.xlsx：磁盘空间不足；请腾出空间或写到其他磁盘
    """
    target = Path(target)
    if exc.errno in _FULL:
        why, do = "磁盘空间不足", "请腾出空间或写到其他磁盘"
        why_en, do_en = "the disk is full", "free some space or write to another disk"
    elif exc.errno in _DENIED:
        why, do = f"没有写入 {target.parent} 的权限", "请选择可写的文件夹，或修改其权限"
        why_en = f"no permission to write in {target.parent}"
        do_en = "choose a writable folder or change its permissions"
    elif exc.errno in _NO_FOLDER:
        why, do = f"文件夹 {target.parent} 不存在", "请先建立该文件夹或选择其他文件夹"
        why_en, do_en = f"folder {target.parent} does not exist", "create it or choose another"
    elif exc.errno == errno.EISDIR:
        why, do = "该位置是一个文件夹", "请换一个文件名"
        why_en, do_en = "a folder of that name is in the way", "choose another file name"
    else:
        reason = exc.strerror or str(exc) or type(exc).__name__
        why, do = reason, "请检查该位置是否可写、文件是否在别处打开"
        why_en, do_en = reason, "check the folder is writable and the file is not open elsewhere"
    return WriteError(
        f"无法写入 {target}：{why}；{do} — cannot write {target}: {why_en}; {do_en}", target
    )


def current_umask() -> int:
    """Return the process umask without changing it (``/proc`` where there is one).

    Setting and restoring :func:`os.umask` to read it would race with other threads creating
    files (the app saves on worker threads), so the Linux status file is read when present.
    """
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mode_for(target: str | os.PathLike) -> int:
    """Return the permission bits a file written at ``target`` should get.

    The existing file's bits when ``target`` exists (a replace keeps what its owner chose),
    else ``0o666 & ~umask``.
    """
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def replace(tmp: str | os.PathLike, target: str | os.PathLike, *, private: bool = False) -> None:
    """Give ``tmp`` the mode of ``target`` (see :func:`mode_for`), then move it over ``target``.

    Parameters
    ----------
    tmp, target : path
        The finished temporary file and the file it replaces (or creates).
    private : bool
        Keep the file readable by its owner only (0600): recovery copies and the like.
    """
    mode = PRIVATE_MODE if private else mode_for(target)
    with contextlib.suppress(OSError):  # e.g. a FAT/SMB share that ignores modes
        os.chmod(tmp, mode)
    os.replace(tmp, target)


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it over ``target``.

    The temporary file exists (empty) when yielded and keeps ``target``'s suffix, so writers
    that choose their format by extension work. On any exception it is removed and ``target``
    is untouched. An :class:`OSError` (from creating the temporary file, from the writer in
    the ``with`` block, or from the final move) is raised as :class:`WriteError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "a.txt").read_text()
    'done'
    """
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise write_error(target, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        replace(tmp, target, private=private)
    except OSError as exc:
        raise write_error(target, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
