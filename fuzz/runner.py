"""Run the whole corpus through the importers, each file in a worker with a time limit.

``python fuzz/runner.py CORPUS [--jobs 2] [--timeout 30] [--cli-every 15] [--out FILE]``
prints one line per finding and a summary (files, outcomes by kind) and exits 1 if anything
other than a clear message or a correct import happened. Worker processes import gisgrid
once, run :func:`checks.judge` per file under an address-space limit, and are killed and
replaced when a file takes longer than ``--timeout`` seconds (a hang) or kills its worker.
A sample of the files also goes through the ``gisgrid`` command in a subprocess: exit code 0
or 2, one ``gisgrid: error:`` line, no traceback, the project file's bytes unchanged on error.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import multiprocessing as mp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from checks import Outcome, judge, make_project  # noqa: E402

#: Address-space limit of a worker: a file that needs more is a memory blow-up.
MEMORY_LIMIT = 3 * 2**30


def _worker(conn, corpus: str, project: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    import warnings

    warnings.simplefilter("ignore")
    import gisgrid.io.importer  # noqa: F401  (import once, not per file)
    import gisgrid.issue_import  # noqa: F401

    while True:
        entry = conn.recv()
        if entry is None:
            return
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="gisgrid-fuzz-") as work:
            outcome = judge(entry, Path(corpus), Path(project), Path(work))
        outcome.seconds = round(time.perf_counter() - start, 3)
        conn.send(outcome.to_dict())


class Worker:
    """One worker process fed one entry at a time; replaced after a hang or a death."""

    def __init__(self, corpus: Path, project: Path) -> None:
        self.args = (str(corpus), str(project))
        self._start()

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, *self.args), daemon=True)
        self.proc.start()

    def run(self, entry: dict, timeout: float) -> Outcome:
        """Judge ``entry``; a timeout or a dead worker is an outcome of its own."""
        start = time.perf_counter()
        self.conn.send(entry)
        try:
            if self.conn.poll(timeout + 20):  # startup (imports) counts only once
                return Outcome(**self.conn.recv())
            kind, detail = "timeout", f"no result after {timeout + 20:.0f} s"
        except EOFError:
            kind, detail = "worker-died", f"exit code {self.proc.exitcode}"
        self.proc.kill()
        self.proc.join()
        self._start()
        return Outcome(entry["id"], kind, detail, round(time.perf_counter() - start, 3))

    def close(self) -> None:
        """Stop the worker."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


def run_core(manifest: list[dict], corpus: Path, project: Path, jobs: int = 2,
             timeout: float = 30) -> list[Outcome]:
    """Judge every manifest entry with ``jobs`` workers; results in manifest order."""
    todo = collections.deque(enumerate(manifest))
    results: list[Outcome | None] = [None] * len(manifest)
    lock = threading.Lock()

    def loop() -> None:
        worker = Worker(corpus, project)
        try:
            while True:
                with lock:
                    if not todo:
                        return
                    i, entry = todo.popleft()
                results[i] = worker.run(entry, timeout)
        finally:
            worker.close()

    threads = [threading.Thread(target=loop) for _ in range(max(1, jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in results if r is not None]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(entry: dict, corpus: Path, project: Path, work: Path, timeout: float = 60) -> Outcome:
    """Run ``gisgrid import`` (or ``issues import``) on one entry in a subprocess and judge it."""
    copy = work / "project.gpkg"
    shutil.copyfile(project, copy)
    before = _digest(copy)
    path = corpus / entry["main"]
    args = ["issues", "import", str(copy), str(path)] if entry["target"] == "issues" else [
        "import", str(copy), entry["target"], str(path)]
    flags = {"layer": "--layer", "encoding": "--encoding", "crs": "--crs",
             "coords": "--coords"}
    for key, value in (entry.get("options") or {}).items():
        args += [flags[key], value]
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "gisgrid.cli", *args], capture_output=True,
                              text=True, timeout=timeout, env={**os.environ, "PYTHONWARNINGS":
                                                               "ignore"})
    except subprocess.TimeoutExpired:
        return Outcome(entry["id"], "cli-timeout", f"after {timeout} s")
    seconds = round(time.perf_counter() - start, 3)
    err = done.stderr.strip()
    if "Traceback" in err or done.returncode not in (0, 2):
        return Outcome(entry["id"], "cli-crash", f"exit {done.returncode}: {err[-800:]}", seconds)
    if done.returncode == 2:
        if not err.startswith("gisgrid: error:") or "\n" in err:
            return Outcome(entry["id"], "cli-unclear", err[:800], seconds)
        if _digest(copy) != before:
            return Outcome(entry["id"], "cli-project-changed", err, seconds)
        return Outcome(entry["id"], "message", err, seconds)
    return Outcome(entry["id"], "imported", done.stdout.splitlines()[0][:200], seconds)


def run_cli_sample(manifest: list[dict], corpus: Path, project: Path, every: int,
                   jobs: int = 2) -> list[Outcome]:
    """Run every ``every``-th entry through the ``gisgrid`` command, ``jobs`` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    sample = manifest[::every] if every > 0 else []

    def one(entry: dict) -> Outcome:
        with tempfile.TemporaryDirectory(prefix="gisgrid-fuzz-cli-") as work:
            return run_cli(entry, corpus, project, Path(work))

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(one, sample))


def summary(core: list[Outcome], cli: list[Outcome]) -> str:
    """Return the counts of outcomes by kind, slowest files, and every finding."""
    lines = [f"corpus files: {len(core)}"]
    for label, outcomes in (("core", core), ("cli", cli)):
        if not outcomes:
            continue
        kinds = collections.Counter(o.kind for o in outcomes)
        lines.append(f"{label} outcomes: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    slow = sorted(core, key=lambda o: -o.seconds)[:3]
    lines.append("slowest: " + ", ".join(f"{o.id} {o.seconds:.1f} s" for o in slow))
    findings = [o for o in core + cli if not o.ok]
    lines.append(f"findings: {len(findings)}")
    lines += [f"  {o.kind}: {o.id}: {o.detail.splitlines()[0][:200]}" for o in findings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: judge a corpus written by ``fuzz/corpus.py``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--cli-every", type=int, default=15)
    parser.add_argument("--out", type=Path, help="write every outcome here as JSON")
    parser.add_argument("--only", help="comma-separated parts of entry ids to run")
    args = parser.parse_args(argv)
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    if args.only:
        parts = args.only.split(",")
        manifest = [e for e in manifest if any(p in e["id"] for p in parts)]
    with tempfile.TemporaryDirectory(prefix="gisgrid-fuzz-project-") as tmp:
        project = make_project(Path(tmp) / "town.gpkg")
        core = run_core(manifest, args.corpus, project, args.jobs, args.timeout)
        cli = run_cli_sample(manifest, args.corpus, project, args.cli_every, args.jobs)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        data = {"core": [o.to_dict() for o in core], "cli": [o.to_dict() for o in cli]}
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(summary(core, cli))
    return 0 if all(o.ok for o in core + cli) else 1


if __name__ == "__main__":
    sys.exit(main())
