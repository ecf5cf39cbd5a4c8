"""Shared by every bench script: one JSON line per figure, peak memory, the machine.

``record()`` appends to ``bench/out/results.jsonl`` (or the file named by the environment
variable ``GISGRID_BENCH_RESULTS``, as ``make bench-quick`` does); ``bench/write_results.py``
turns that file into ``bench/results.md``. A later row with the same (bench, job, scale, method)
replaces an earlier one there, so re-running one script refreshes only its rows.

Peak memory is *resident* memory (RSS, what the OS has given the process: Python objects,
numpy/GEOS/GDAL buffers, Qt), sampled from ``/proc/self/statm`` by a thread every few
milliseconds. ``peak_memory()`` reports the peak during the block *above the RSS at its
start*, taken after ``gc.collect()`` and glibc ``malloc_trim(0)`` so that memory freed by
an earlier method is handed back and does not hide (or inflate) the next one's peak.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import platform
import resource
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(os.environ.get("GISGRID_BENCH_RESULTS") or OUT / "results.jsonl")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def record(
    bench: str,
    job: str,
    scale: str,
    method: str,
    seconds: float,
    *,
    rate: str = "",
    peak_mb: float | None = None,
    note: str = "",
) -> None:
    """Append one figure to ``bench/out/results.jsonl``.

    Parameters
    ----------
    bench : str
        The script, e.g. ``"assign"``.
    job : str
        What was timed, e.g. ``"assign households"``; rows of one job form one table.
    scale : str
        ``"town"``, ``"county"`` or ``"city"``.
    method : str
        ``"gisgrid"`` or the peer: ``"geopandas.sjoin"``, ``"esda"``, ``"spopt"``, ``"PostGIS"``.
    seconds : float
        The figure compared between methods (best of the repeats).
    rate : str, optional
        A human rate, e.g. ``"1,200,000 households/s"``.
    peak_mb : float, optional
        Peak resident memory of the method, in MB (see ``peak_memory``).
    note : str, optional
        Anything a reader needs (CPU vs wall time, data size).
    """
    row = {
        "bench": bench,
        "job": job,
        "scale": scale,
        "method": method,
        "seconds": round(float(seconds), 4),
        "rate": rate,
        "peak_mb": None if peak_mb is None else round(float(peak_mb), 1),
        "note": note,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def rss_mb() -> float:
    """Current resident memory of this process in MB (``ru_maxrss`` where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def release_memory() -> None:
    """Collect garbage and hand freed heap back to the OS (glibc only; no-op elsewhere)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@dataclass
class Peak:
    """Filled in when a ``peak_memory()`` block ends."""

    baseline_mb: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def mb(self) -> float:
        """Peak resident memory above the block's starting RSS, in MB."""
        return max(0.0, self.peak_rss_mb - self.baseline_mb)


@contextmanager
def peak_memory(interval: float = 0.005) -> Iterator[Peak]:
    """Measure the peak resident memory of a block, above its starting RSS.

    A daemon thread samples RSS every ``interval`` seconds (it holds the GIL for a few
    microseconds per sample). Use ``.mb`` for the increment, ``.peak_rss_mb`` for the whole
    process.

    Examples
    --------
    >>> with peak_memory() as peak:
    ...     data = bytearray(50_000_000)
    >>> peak.mb > 40
    True
    """
    release_memory()
    peak = Peak(baseline_mb=rss_mb())
    peak.peak_rss_mb = peak.baseline_mb
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.peak_rss_mb = max(peak.peak_rss_mb, rss_mb())
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        peak.peak_rss_mb = max(peak.peak_rss_mb, rss_mb())
        done.set()
        sampler.join()


def timed(func, *args, **kwargs) -> tuple[object, float, float, float]:
    """Run ``func(*args, **kwargs)`` once; return (output, wall s, CPU s, peak MB above start)."""
    with peak_memory() as peak:
        wall, cpu = time.perf_counter(), time.process_time()
        out = func(*args, **kwargs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return out, wall, cpu, peak.mb


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} ({platform.release()})"
    except OSError:
        pass
    return platform.platform()


def _postgis_version() -> str | None:
    """The PostGIS Debian package installed, if any (no server needed)."""
    import subprocess

    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "postgresql-*-postgis-3"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line for line in out.splitlines() if len(line.split()) == 2]
    return lines[0] if lines else None


def machine() -> dict[str, object]:
    """CPU, cores, RAM, OS and the versions the figures depend on (None when unknown)."""
    info: dict[str, object] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": _os_name(),
        "python": sys.version.split()[0],
    }
    for dist in ("numpy", "pandas", "geopandas", "shapely", "pyogrio", "esda", "spopt", "PyQt6"):
        info[dist] = _version(dist)
    try:
        import shapely

        info["GEOS"] = shapely.geos_version_string
    except ImportError:
        info["GEOS"] = None
    try:
        import pyogrio

        info["GDAL"] = pyogrio.__gdal_version_string__
    except ImportError:
        info["GDAL"] = None
    info["PostGIS"] = _postgis_version()
    return info


if __name__ == "__main__":
    print(json.dumps(machine(), indent=2))
