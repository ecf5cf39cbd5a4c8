"""Coverage-guided fuzzing of the importers with atheris (libFuzzer for Python).

One target per reader; the fuzzed bytes are written as a file of the target's kind and
imported as the CLI and the app do (``inspect_source`` + ``import_file``, or
``import_issues``) into a copy of the runner's tiny project. A
:class:`~gisgrid.errors.GisgridError` is the allowed refusal; any other exception, or an
import with non-finite coordinates, is a crash that libFuzzer saves under ``fuzz/out/crashes``.

``python fuzz/fuzz_importers.py TARGET [libFuzzer args] [SEED_DIRS]`` runs one target;
``python fuzz/fuzz_importers.py --all SECONDS --corpus DIR`` seeds every target from the
corpus written by ``fuzz/corpus.py``, runs each for ``SECONDS`` and prints a summary (with
``--runner`` it also counts the findings of ``fuzz/runner.py``'s JSON). Targets: ``table``
(CSV/XLSX), ``kml`` (KML/KMZ), ``geojson``, ``shapefile`` (a zip of .shp/.shx/.dbf/.prj/.cpg),
``issues`` (12345/patrol ledgers).
"""

from __future__ import annotations

import argparse
import atexit
import copy
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TARGETS = ("table", "kml", "geojson", "shapefile", "issues")
#: Kind of the fuzzed bytes per target: (suffix if the bytes are a zip, suffix otherwise).
SUFFIXES = {
    "table": (".xlsx", ".csv"),
    "kml": (".kmz", ".kml"),
    "geojson": (".geojson", ".geojson"),
    "shapefile": (".zip", ".zip"),
    "issues": (".xlsx", ".csv"),
}
LAYER = {"table": "households", "kml": "villages", "geojson": "villages",
         "shapefile": "villages", "issues": "issues"}  # fmt: skip


def _seed_files(entry: dict, corpus: Path, target: str) -> list[bytes]:
    main = corpus / entry["main"]
    if not main.is_file():
        return []
    suffix = main.suffix.lower()
    if target == "shapefile":
        if suffix == ".zip":
            return [main.read_bytes()]
        if suffix != ".shp":
            return []
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(main.parent.iterdir()):
                if part.is_file():
                    zf.writestr(part.name, part.read_bytes())
        return [buf.getvalue()]
    kinds = {"table": {".csv", ".xlsx", ".txt", ".tsv", ".xlsm"}, "kml": {".kml", ".kmz"},
             "geojson": {".geojson", ".json"}, "issues": {".csv", ".xlsx"}}  # fmt: skip
    if suffix not in kinds[target] or (target == "issues") != (entry["target"] == "issues"):
        return []
    return [main.read_bytes()]


def write_seeds(corpus: Path, target: str, folder: Path, max_len: int) -> int:
    """Copy the corpus files of ``target``'s kind (at most ``max_len`` bytes) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    n = 0
    for entry in manifest:
        for data in _seed_files(entry, corpus, target):
            if 0 < len(data) <= max_len:
                (folder / f"seed-{entry['id']}").write_bytes(data)
                n += 1
    return n


def make_target(target: str):
    """Return the one-input function of ``target`` (imports gisgrid instrumented)."""
    import warnings

    import atheris
    import geopandas  # noqa: F401  (heavy libraries imported before instrumenting)
    import numpy as np
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import pyogrio  # noqa: F401
    import shapely

    with atheris.instrument_imports(include=["gisgrid"]):
        from gisgrid.errors import GisgridError
        from gisgrid.io.importer import ImportOptions, import_file, inspect_source
        from gisgrid.issue_import import IssueImportOptions, import_issues
        from gisgrid.project import Project

    sys.path.insert(0, str(HERE))
    from checks import make_project

    warnings.simplefilter("ignore")  # pandas' and GDAL's warnings would flood the log
    work = Path(tempfile.mkdtemp(prefix="gisgrid-atheris-"))
    atexit.register(shutil.rmtree, work, True)
    base = Project.open(make_project(work / "town.gpkg"))
    zipped, plain = SUFFIXES[target]
    layer = LAYER[target]

    def one(data: bytes) -> None:
        path = work / f"input{zipped if data[:2] == b'PK' else plain}"
        for old in work.glob("input*"):
            old.unlink()
        path.write_bytes(data)
        project = copy.deepcopy(base)
        try:
            if layer == "issues":
                import_issues(project, path, IssueImportOptions())
            else:
                inspect_source(path, layer, ImportOptions())
                import_file(project, layer, path, ImportOptions())
        except GisgridError:
            return
        frame = project.layer(layer)
        xy = shapely.get_coordinates(frame.geometry.to_numpy())
        if not np.isfinite(xy).all():
            raise AssertionError("non-finite coordinates imported")

    return one


_STATS = re.compile(r"#(\d+)\s+DONE\s.*?exec/s: (\d+)")


def run_all(seconds: int, corpus: Path, runner_json: Path | None) -> int:
    """Run every target for ``seconds`` each, seeded from ``corpus``; print a summary."""
    crashes = OUT / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    before = set(crashes.iterdir())
    lines, failed = [], False
    if runner_json is not None and runner_json.exists():
        data = json.loads(runner_json.read_text(encoding="utf-8"))
        kinds: dict[str, int] = {}
        for o in data["core"] + data["cli"]:
            kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
        findings = sum(n for k, n in kinds.items() if k not in ("imported", "message"))
        failed |= findings > 0
        lines.append(f"corpus: {len(data['core'])} files; outcomes "
                     + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
                     + f"; findings {findings}")
    for target in TARGETS:
        seeds = OUT / "seeds" / target
        n = write_seeds(corpus, target, seeds, 256 * 1024)
        log = OUT / f"atheris-{target}.log"
        start = time.monotonic()
        with open(log, "w") as fh:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), target,
                 f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=3072",
                 "-max_len=262144", f"-artifact_prefix={crashes}/{target}-", str(seeds)],
                stdout=fh, stderr=subprocess.STDOUT, check=False)
        text = log.read_text(errors="replace")
        stats = _STATS.findall(text)
        execs, rate = (stats[-1] if stats else ("?", "?"))
        status = "ok" if done.returncode == 0 else f"CRASH (exit {done.returncode}, see {log})"
        failed |= done.returncode != 0
        lines.append(f"atheris {target}: {n} seeds, {execs} execs in "
                     f"{time.monotonic() - start:.0f} s ({rate} exec/s): {status}")
    new = sorted(set(crashes.iterdir()) - before)
    lines.append(f"new findings: {len(new)}" + "".join(f"\n  {p}" for p in new))
    print("\n".join(lines))
    return 1 if failed or new else 0


def main() -> int:
    """Run one target under libFuzzer, or ``--all`` of them with a summary."""
    if len(sys.argv) > 1 and sys.argv[1] in TARGETS:
        import atheris

        target = sys.argv.pop(1)
        atheris.Setup(sys.argv, make_target(target))
        atheris.Fuzz()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", type=int, metavar="SECONDS", required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--runner", type=Path, help="fuzz/runner.py's --out JSON")
    args = parser.parse_args()
    return run_all(args.all, args.corpus, args.runner)


if __name__ == "__main__":
    sys.exit(main())
