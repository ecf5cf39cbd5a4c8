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

Typical use::

    with atomic_write(path) as tmp:
        figure.savefig(tmp)
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_write", "current_umask", "mode_for", "replace"]

PRIVATE_MODE = 0o600


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
    is untouched.

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
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        replace(tmp, target, private=private)
    finally:
        tmp.unlink(missing_ok=True)
