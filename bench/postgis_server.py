"""A throwaway PostgreSQL 15 + PostGIS 3 server for bench_postgis.py, from Debian's packages.

``PostgisServer`` initdb's a cluster in a temporary directory, listens only on a Unix socket
there (no TCP port), starts it, creates the ``postgis`` extension, and on leaving the ``with``
block (also after an exception or Ctrl-C) stops it and deletes the directory. Durability is
switched off (``fsync=off``, ``full_page_writes=off``, ``synchronous_commit=off``): the data is
thrown away, and a benchmark should measure the spatial work, not the disk's flush latency.
Parallel query is off by default so the server uses one core, as gisgrid does.

``ServerMeter`` measures the server's processes (the postmaster and all its children): CPU
seconds and peak memory as PSS (proportional set size: shared buffers are split between the
processes that map them, so the sum is the server's real footprint, not N copies of it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType

PG_VERSION = "15"
PG_BIN = Path(f"/usr/lib/postgresql/{PG_VERSION}/bin")
POSTGIS_CONTROL = Path(f"/usr/share/postgresql/{PG_VERSION}/extension/postgis.control")
PACKAGES = (f"postgresql-{PG_VERSION}", f"postgresql-{PG_VERSION}-postgis-3")

SETTINGS = {
    "fsync": "off",  # a throwaway bench cluster: no crash safety needed
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "shared_buffers": "256MB",
    "work_mem": "64MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "max_parallel_workers_per_gather": "0",
    "max_parallel_maintenance_workers": "0",
}


class Unavailable(Exception):
    """PostGIS cannot be run here; the message says why."""


def ensure_packages() -> None:
    """Install PostgreSQL 15 and PostGIS 3 with apt-get when missing (root only).

    Raises
    ------
    Unavailable
        When they are missing and cannot be installed (not root, no apt-get, apt-get failed).
    """
    if (PG_BIN / "postgres").exists() and POSTGIS_CONTROL.exists():
        return
    missing = " ".join(PACKAGES)
    if not shutil.which("apt-get"):
        raise Unavailable(f"{missing} not installed and no apt-get (not Debian)")
    if os.geteuid() != 0:
        raise Unavailable(f"{missing} not installed; as root: apt-get install {missing}")
    print(f"  installing {missing} (apt-get) …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise Unavailable(f"'{' '.join(cmd)}' failed: {last}")
    if not POSTGIS_CONTROL.exists():
        raise Unavailable(f"apt-get installed {missing} but {POSTGIS_CONTROL} is missing")


class PostgisServer:
    """A private PostgreSQL + PostGIS server for the length of a ``with`` block.

    Parameters
    ----------
    settings : dict, optional
        Server settings (``postgresql.conf`` names) replacing :data:`SETTINGS` entries.

    Examples
    --------
    >>> with PostgisServer() as server:  # doctest: +SKIP
    ...     with server.connect() as conn:
    ...         conn.execute("SELECT postgis_version()").fetchone()
    """

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.settings = {**SETTINGS, **(settings or {})}
        self.dir: Path | None = None
        self.pid: int | None = None

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        assert self.dir is not None
        return self.dir / "data"

    def _run(self, *cmd: str) -> None:
        # root may not run postgres: run the server tools as the 'postgres' user
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *cmd], cwd=self.dir, capture_output=True, text=True)
        if done.returncode:
            log = self.dir / "server.log" if self.dir else None
            tail = log.read_text()[-1500:] if log and log.exists() else ""
            raise Unavailable(f"{Path(cmd[0]).name} failed: {done.stderr.strip()}\n{tail}")

    def __enter__(self) -> PostgisServer:
        self.dir = Path(tempfile.mkdtemp(prefix="gisgrid-pg-"))
        try:
            if os.geteuid() == 0:
                shutil.chown(self.dir, "postgres", "postgres")
            self._run(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync",
            )  # fmt: skip
            conf = {**self.settings, "listen_addresses": "''",
                    "unix_socket_directories": f"'{self.dir}'"}  # fmt: skip
            with (self.data / "postgresql.conf").open("a") as out:
                out.write("\n# gisgrid bench (throwaway cluster)\n")
                out.writelines(f"{key} = {value}\n" for key, value in conf.items())
            self._run(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"),
                "-w", "start",
            )  # fmt: skip
            self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
            with self.connect() as conn:
                conn.execute("CREATE EXTENSION postgis")
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server (if it runs) and delete its directory."""
        if self.dir is None:
            return
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
            except Unavailable as err:
                print(f"  warning: could not stop the bench PostgreSQL server: {err}")
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = self.pid = None

    def connect(self):
        """A new autocommit psycopg connection to the server's ``postgres`` database."""
        import psycopg

        return psycopg.connect(host=str(self.dir), dbname="postgres", user="postgres",
                               autocommit=True)  # fmt: skip

    def meter(self) -> ServerMeter:
        """A :class:`ServerMeter` over this server's processes."""
        assert self.pid is not None
        return ServerMeter(self.pid)


class ServerMeter:
    """CPU seconds and peak PSS of a postmaster and its children, for a ``with`` block.

    After the block: ``cpu_s`` (user + system seconds the server spent in it; children that
    exited during the block are not counted, which is why parallel query is off) and
    ``peak_mb`` (largest summed PSS seen, sampled every ``interval`` seconds).
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.cpu_s = 0.0
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _processes(self) -> list:
        return [self.root, *self.root.children(recursive=True)]

    def server_cpu(self) -> dict[int, float]:
        """User + system CPU seconds of each live server process so far, by pid."""
        import psutil

        seconds = {}
        for proc in self._processes():
            try:
                times = proc.cpu_times()
                seconds[proc.pid] = times.user + times.system
            except psutil.Error:  # exited meanwhile
                pass
        return seconds

    def cpu_since(self, start: dict[int, float]) -> float:
        """Server CPU seconds since ``start`` (a :meth:`server_cpu` reading).

        Processes that exited in between are lost; those that began count whole.
        """
        now = self.server_cpu()
        return sum(now[pid] - start.get(pid, 0.0) for pid in now)

    def _pss_mb(self) -> float:
        import psutil

        total = 0
        for proc in self._processes():
            try:
                total += proc.memory_full_info().pss
            except psutil.Error:
                pass
        return total / 1e6

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, self._pss_mb())
            self._done.wait(self.interval)

    def __enter__(self) -> ServerMeter:
        self._cpu0 = self.server_cpu()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._pss_mb())
        self.cpu_s = self.cpu_since(self._cpu0)
