"""A project lock held by another process, for the locking tests (core, CLI, app)."""

import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HOLDER = """
import sys
from gisgrid.locking import ProjectLock
lock = ProjectLock.acquire(sys.argv[1], sys.argv[2])
print("ready", flush=True)
sys.stdin.read()  # hold it until the test closes our stdin
lock.release()
"""


@contextlib.contextmanager
def held_elsewhere(path: Path, program: str = "gisgrid app") -> Iterator[subprocess.Popen]:
    """Hold the lock on ``path`` in a child process until the block ends (or it is killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), program],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline().strip()
        assert line == "ready", child.stderr.read()
        yield child
    finally:
        if child.poll() is None:
            child.stdin.close()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
                child.wait()
        child.stdout.close()
        child.stderr.close()
        if child.stdin and not child.stdin.closed:
            child.stdin.close()


def kill(child: subprocess.Popen) -> None:
    """End ``child`` with SIGKILL: it has no chance to release its lock."""
    child.send_signal(signal.SIGKILL)
    child.wait()


def leftovers(folder: Path) -> list[str]:
    """Lock files (and their temporary files) still in ``folder``."""
    return sorted(p.name for p in Path(folder).iterdir() if ".lock" in p.name)
