"""Crash-safety driver: SIGKILL a save at random moments, hundreds of times, then open the file.

gisgrid is imported once; each round forks a child (cheap, unlike a fresh interpreter that
imports geopandas) which saves the project while the parent kills it after a random delay drawn
within a measured save, sometimes aimed at the fsync/replace step. The parent then opens the
file and checks that it holds exactly the old or the new state (settings and every layer:
row counts and a content fingerprint), and that no temp file of the killed writer survives.

The child marks the save's phases in shared memory, so every kill is counted by where it landed
and checked against it: before the replace the old state, after it the new one.

Run ``python tests/_support/crash_driver.py --kills 2000`` (``make fuzz``); pytest runs a
quick version. Exit code 0: every kill left a sound project; 1: a broken or wrong state.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import mmap
import os
import shutil
import signal
import sqlite3
import struct
import sys
import tempfile
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import gisgrid.project as project_module
from gisgrid import cli
from gisgrid.project import META_TABLE, TEMP_MARK, Project, remove_stale_temps
from gisgrid.schema import LAYERS

TOWN = "370523103000"
# Phases of a save, in order; the child writes the current one into shared memory.
PHASES = [
    "before save",  # e.g. an import still reading its source
    "save started",
    "copying old file",
    "writing layers",
    "writing settings",
    "fsync",
    "replace",
    "after replace",
    "save returned",
]
REPLACE, AFTER_REPLACE = PHASES.index("replace"), PHASES.index("after replace")
UNSAFE = [False]  # --unsafe: children save naively, to show the checks catch a broken save
SLOT = struct.Struct("d")  # per phase: perf_counter seconds when it began (calibration)


# -- the two states ----------------------------------------------------------------------------
def _boxes(n: int, x0: float, codes: list[str], names: list[str], parents: list[str]):
    geoms = [shapely.box(x0 + i * 0.01, 37.0, x0 + (i + 1) * 0.01, 37.01) for i in range(n)]
    return gpd.GeoDataFrame(
        {"code": codes, "name": names, "parent_code": parents}, geometry=geoms, crs=4490
    )


def build_state(tag: str, scale: int, seed: int) -> dict[str, Any]:
    """Return the settings and layers of one state; the two states differ in five layers."""
    rng = np.random.default_rng(seed)
    n_v = 3 + scale % 3
    villages = [f"{TOWN[:9]}{i + 1:03d}" for i in range(n_v)]
    small = [f"{v}01{j + 1:03d}" for v in villages for j in range(4)]
    n_h, n_i = 400 * scale, 80 * scale
    hx, hy = 118.7 + rng.random(n_h) * 0.03, 37.0 + rng.random(n_h) * 0.01
    ix, iy = 118.7 + rng.random(n_i) * 0.03, 37.0 + rng.random(n_i) * 0.01
    layers = {
        "town": _boxes(1, 118.7, [TOWN], ["临河镇"], [""]),
        "villages": _boxes(n_v, 118.7, villages, [f"{tag}村{i}" for i in range(n_v)], [TOWN] * n_v),
        "grids_small": _boxes(
            len(small), 118.7, small, [f"{tag}网格{c[-3:]}" for c in small],
            [c[:14] for c in small],
        ),  # fmt: skip
        "households": gpd.GeoDataFrame(
            {
                "id": [f"{tag}H{k:05d}" for k in range(n_h)],
                "head": [f"王{k % 97}明" for k in range(n_h)],
                "size": rng.integers(1, 7, n_h),
            },
            geometry=gpd.points_from_xy(hx, hy),
            crs=4490,
        ),
        "cadres": gpd.GeoDataFrame(
            {"id": [f"{tag}C{k}" for k in range(10 * scale)], "name": ["李四"] * (10 * scale)},
            geometry=gpd.points_from_xy(hx[: 10 * scale], hy[: 10 * scale]),
            crs=4490,
        ),
        "issues": gpd.GeoDataFrame(
            {
                "id": [f"{tag}I{k}" for k in range(n_i)],
                "category": rng.choice(["人居环境", "道路交通"], n_i),
                "description": [f"{tag}诉求 <{k}>" for k in range(n_i)],
            },
            geometry=gpd.points_from_xy(ix, iy),
            crs=4490,
        ),
    }
    meta = {"name": f"state-{tag}", "categories": ["社会治安", f"类别{tag}"], "sla_days": scale}
    return {"tag": tag, "meta": meta, "layers": layers}


def apply_state(project: Project, state: dict[str, Any], only_changed: bool) -> None:
    """Put ``state`` into ``project`` (all layers, or only those that differ from it)."""
    for name, frame in state["layers"].items():
        if not only_changed or not project.layer(name).equals(frame):
            project.set_layer(name, frame)
    project.meta.name = state["meta"]["name"]
    project.meta.categories = list(state["meta"]["categories"])
    project.meta.sla = dict(project.meta.sla, simple_working_days=state["meta"]["sla_days"])
    project.mark_meta_changed()


def fingerprint(project: Project) -> dict[str, Any]:
    """Settings plus, per layer, row count and a hash of every value and geometry."""
    layers = {}
    for name in project.layer_names:
        frame = project.layer(name)
        digest = hashlib.sha256()
        attributes = pd.DataFrame(frame)
        if isinstance(frame, gpd.GeoDataFrame):
            attributes = attributes.drop(columns=frame.geometry.name)
            digest.update(b"".join(shapely.to_wkb(frame.geometry.to_numpy())))
        digest.update(pd.util.hash_pandas_object(attributes.astype(str), index=False).to_numpy())
        digest.update(",".join(map(str, attributes.columns)).encode())
        layers[name] = (len(frame), digest.hexdigest()[:16])
    meta = project.meta
    return {
        "meta": [meta.name, meta.categories, meta.sla, meta.levels, meta.code],
        "layers": layers,
    }


# -- shared phase marks ------------------------------------------------------------------------
class PhaseBoard:
    """Shared memory the child writes its current phase (and each phase's start time) into."""

    def __init__(self) -> None:
        self.mem = mmap.mmap(-1, 8 + SLOT.size * len(PHASES))

    def reset(self) -> None:
        self.mem[:] = bytes(len(self.mem))

    def mark(self, phase: str) -> None:
        index = PHASES.index(phase)
        SLOT.pack_into(self.mem, 8 + SLOT.size * index, time.perf_counter())
        self.mem[0] = index

    @property
    def phase(self) -> int:
        return self.mem[0]

    def started(self, phase: str) -> float:
        return SLOT.unpack_from(self.mem, 8 + SLOT.size * PHASES.index(phase))[0]


def naive_save(project: Project, path: Any = None) -> Path:
    """A save that writes layer by layer into the file itself (``--unsafe``: the checks must
    catch it)."""
    target = Path(path) if path is not None else project.path
    for name in project.layer_names:
        project_module._write_layer(target, name, project.layer(name))
    project_module._write_meta(target, project.meta)
    return target


def instrument(board: PhaseBoard, unsafe: bool = False) -> None:
    """In the child only: wrap the save's steps so they mark their phase."""
    if unsafe:
        Project.save = naive_save  # type: ignore[method-assign]

    def marking(phase: str, function: Callable, after: str | None = None) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            board.mark(phase)
            result = function(*args, **kwargs)
            if after:
                board.mark(after)
            return result

        return wrapper

    save = Project.save
    Project.save = marking("save started", save, after="save returned")  # type: ignore
    project_module.shutil.copyfile = marking("copying old file", shutil.copyfile)  # type: ignore
    project_module._write_layer = marking("writing layers", project_module._write_layer)
    project_module._write_meta = marking("writing settings", project_module._write_meta)
    project_module._fsync = marking("fsync", project_module._fsync)
    project_module.os.replace = marking("replace", os.replace, after="after replace")


# -- one round -----------------------------------------------------------------------------------
def run_child(board: PhaseBoard, work: Callable[[], None]) -> tuple[int, int]:
    """Fork a child that runs ``work``; return (pid, read end of its 'about to start' pipe)."""
    board.reset()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(ready_r)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            instrument(board, UNSAFE[0])
            os.write(ready_w, b"g")
            work()
        except BaseException:  # noqa: BLE001 - say why on stderr, then the exit code
            traceback.print_exc()
            code = 3
        finally:
            os._exit(code)
    os.close(ready_w)
    return pid, ready_r


def kill_after(pid: int, ready: int, board: PhaseBoard, shot: Shot | None) -> tuple[int, float]:
    """Wait for the child's go, then kill it as ``shot`` says (None: let it finish).

    Returns the child's wait status and the moment (perf_counter) the go arrived.
    """
    os.read(ready, 1)
    go = time.perf_counter()
    os.close(ready)
    if shot is None:
        return os.waitpid(pid, 0)[1], go
    if shot.aim is not None:  # wait for the phase, however slow the machine is right now
        while board.phase < shot.aim:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status, go
            time.sleep(0.0001)
    time.sleep(shot.delay)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1], go


@dataclass
class Shot:
    """When to kill: ``delay`` seconds after the go, or after phase ``aim`` began."""

    delay: float
    aim: int | None = None


def file_fingerprint(path: Path) -> Any:
    """Settings and every layer table's rows as SQLite reads them (None: no file).

    Fast enough for every round; :func:`fingerprint` checks what gisgrid reads.
    """
    if not path.exists():
        return None
    volatile = ("saved", "created", "gisgrid_version")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return "damaged"
        meta = con.execute(f"SELECT key, value FROM {META_TABLE} ORDER BY key").fetchall()
        meta = [row for row in meta if row[0] not in volatile]
        tables = sorted(
            r[0] for r in con.execute("SELECT table_name FROM gpkg_contents") if r[0] in LAYERS
        )
        layers = {}
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY fid').fetchall()
            layers[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16])
    except sqlite3.Error as exc:
        return f"unreadable: {exc}"
    finally:
        con.close()
    return meta, layers


@dataclass
class State:
    """What the file holds in one state: as SQLite reads it, and as gisgrid opens it."""

    file: Any
    project: Any

    @classmethod
    def of(cls, path: Path) -> State | None:
        if not path.exists():
            return None
        return cls(file_fingerprint(path), fingerprint(Project.open(path)))


class Crasher:
    """Runs the rounds of one kind of work and keeps the tallies."""

    def __init__(self, board: PhaseBoard, rng: np.random.Generator, open_every: int) -> None:
        self.board, self.rng, self.open_every = board, rng, open_every
        self.phases: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.failures: list[str] = []
        self.rounds = self.killed = 0
        self.durations: dict[str, deque[float]] = {}  # of saves that ran to the end, by kind

    def calibrate(self, work: Callable[[], None], kind: str) -> None:
        """Run ``work`` to the end in a child, measuring how long it takes."""
        pid, ready = run_child(self.board, work)
        status, go = kill_after(pid, ready, self.board, None)
        if status != 0:
            raise SystemExit(f"calibration child failed with status {status}")
        self._observe(kind, go)

    def _observe(self, kind: str, go: float) -> None:
        duration = self.board.started("save returned") - go
        self.durations.setdefault(kind, deque(maxlen=9)).append(duration)

    def draw(self, kind: str) -> Shot:
        """A kill within the measured duration; one in three aimed at fsync/replace."""
        if self.rng.random() < 1 / 3:  # the replace and what follows take well under 1 ms
            aim, within = [("fsync", 0.002), ("replace", 0.0003)][self.rng.integers(2)]
            return Shot(float(self.rng.uniform(0, within)), PHASES.index(aim))
        return Shot(float(self.rng.uniform(0, np.median(self.durations[kind]))))

    def round(self, work: Callable[[], None], kind: str) -> int:
        """Run ``work`` in a child and kill it as drawn; return the phase it was in."""
        self.rounds += 1
        pid, ready = run_child(self.board, work)
        status, go = kill_after(pid, ready, self.board, self.draw(kind))
        phase = self.board.phase
        if os.WIFSIGNALED(status):
            self.phases[PHASES[phase]] += 1
            self.killed += 1
        else:  # the machine was quicker this time: measure it, kill the next one
            self.phases["finished before the kill"] += 1
            self._observe(kind, go)
            if os.WEXITSTATUS(status) != 0:
                self.failures.append(f"child exited with {os.WEXITSTATUS(status)}")
        return phase

    def until(self, kills: int) -> Iterator[int]:
        """Round numbers until ``kills`` children were killed (at most three rounds a kill)."""
        k = 0
        while self.killed < kills and k < 3 * kills:
            yield k
            k += 1

    def judge(self, label: str, phase: int, path: Path, old: State | None, new: State) -> str:
        """Check the file at ``path`` holds ``old`` or ``new`` as ``phase`` allows."""
        found = file_fingerprint(path)
        which = "broken"
        for name, state in (("old", old), ("new", new)):
            if found == (state.file if state is not None else None):
                which = name
        allowed = {"old"} if phase < REPLACE else {"new"} if phase >= AFTER_REPLACE else None
        if which == "broken" or (allowed is not None and which not in allowed):
            self.failures.append(f"{label}: killed at {PHASES[phase]!r}, file holds {which}")
        elif found is not None and self.rounds % self.open_every == 0:
            expected = (old if which == "old" else new).project
            if fingerprint(Project.open(path)) != expected:  # gisgrid reads it the same
                self.failures.append(f"{label}: the project opens with other contents")
            self.outcomes["opened with Project.open"] += 1
        self.outcomes[which] += 1
        remove_stale_temps(path)  # as open does
        if leftovers(path.parent):
            self.failures.append(f"{label}: temp files left: {leftovers(path.parent)}")
        return which


def leftovers(folder: Path) -> list[str]:
    """Temp files of saves still in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if TEMP_MARK in p.name)


# -- the three kinds of work ----------------------------------------------------------------------
def crash_saves(crasher: Crasher, folder: Path, kills: int) -> None:
    """Alternate two states, by copy+rewrite of changed layers and by full writes."""
    states = [build_state("A", 1, 1), build_state("B", 2, 2)]
    path = folder / "crash.gpkg"
    base = Project.create(path, "start", TOWN)
    expected, opened = [], []
    for state in states:
        apply_state(base, state, only_changed=True)
        base.save()
        expected.append(State.of(path))
        opened.append(Project.open(path))  # the file in this state, as the app holds it
    current = 1  # the file holds state B now

    def work(full: bool) -> Callable[[], None]:
        new = states[1 - current]
        if full:  # a new project object written whole over the file
            project = Project.create(None, "x", TOWN)
            apply_state(project, new, only_changed=False)
            return lambda: project.save(path) and None
        project = opened[current].snapshot()  # only the changed layers become dirty:
        apply_state(project, new, only_changed=True)  # the save copies the file and
        return lambda: project.save() and None  # rewrites them

    for full in (False, True):
        for _ in range(2):  # to the other state and back
            crasher.calibrate(work(full), kind=str(full))
            current = 1 - current
    for k in crasher.until(kills):
        full = k % 3 == 2
        phase = crasher.round(work(full), kind=str(full))
        old, new = expected[current], expected[1 - current]
        if crasher.judge(f"save #{k}", phase, path, old, new) == "new":
            current = 1 - current


def crash_creates(crasher: Crasher, folder: Path, kills: int) -> None:
    """Kill Project.create of a new file: afterwards no file, or a sound empty project."""
    path = folder / "new.gpkg"

    def work() -> None:
        Project.create(path, "新项目", TOWN)

    crasher.calibrate(work, kind="create")
    expected = State.of(path)
    for k in crasher.until(kills):
        path.unlink(missing_ok=True)
        phase = crasher.round(work, kind="create")
        crasher.judge(f"create #{k}", phase, path, None, expected)


def crash_imports(crasher: Crasher, folder: Path, kills: int) -> None:
    """Kill `gisgrid import … households --replace`, alternating two sources."""
    path = folder / "import.gpkg"
    project = Project.create(path, "导入", TOWN)
    apply_state(project, build_state("A", 1, 3), only_changed=False)
    project.save()
    sources, expected = [], []
    for tag, size in (("X", 1), ("Y", 2)):
        households = build_state(tag, size, 4)["layers"]["households"]
        source = folder / f"households_{tag}.geojson"
        households.to_file(source, driver="GeoJSON")
        sources.append(source)
        args = ["import", str(path), "households", str(source), "--replace"]
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(args) == 0
        expected.append(State.of(path))
    current = 1

    def work() -> None:
        cli.main(["import", str(path), "households", str(sources[1 - current]), "--replace"])

    crasher.calibrate(work, kind="import")  # to X
    current = 0
    crasher.calibrate(work, kind="import")  # back to Y
    current = 1
    for k in crasher.until(kills):
        phase = crasher.round(work, kind="import")
        old, new = expected[current], expected[1 - current]
        if crasher.judge(f"import #{k}", phase, path, old, new) == "new":
            current = 1 - current


def main(argv: list[str] | None = None) -> int:
    """Run the crash rounds; print the tallies; exit 1 if any kill left a wrong file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="kills during saves")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--open-every", type=int, default=1,
        help="also open with Project.open after every n-th kill (SQLite checks every kill)",
    )  # fmt: skip
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--json", action="store_true", help="print the tallies as JSON")
    parser.add_argument(
        "--unsafe", action="store_true",
        help="save naively, in place (a self-test: the run must then fail)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not hasattr(os, "fork"):
        print("crash_driver needs os.fork (POSIX)", file=sys.stderr)
        return 2
    folder = Path(args.dir or tempfile.mkdtemp(prefix="gisgrid-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    board, rng = PhaseBoard(), np.random.default_rng(args.seed)
    report: dict[str, Any] = {}
    started = time.perf_counter()
    try:
        extra = max(10, args.kills // 20)  # creates and imports: a twentieth each
        UNSAFE[0] = args.unsafe
        parts = [("save", crash_saves, args.kills)]
        if not args.unsafe:
            parts += [("create", crash_creates, extra), ("import", crash_imports, extra)]
        for name, run, kills in parts:
            crasher = Crasher(board, rng, args.open_every)
            run(crasher, folder, kills)
            report[name] = {
                "kills": crasher.killed,
                "rounds": crasher.rounds,
                "phases": dict(crasher.phases),
                "file held": dict(crasher.outcomes),
                "failures": crasher.failures,
            }
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    report["seconds"] = round(time.perf_counter() - started, 1)
    failures = [f for part in report.values() if isinstance(part, dict) for f in part["failures"]]
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for name, part in report.items():
            if isinstance(part, dict):
                print(f"{name}: {part['kills']} kills in {part['rounds']} rounds; "
                      f"phases {part['phases']}; file held {part['file held']}")  # fmt: skip
        for failure in failures:
            print("FAILED", failure)
        print(f"{report['seconds']} s; {'FAILED' if failures else 'all sound'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
