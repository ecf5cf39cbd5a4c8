"""Run every ``gisgrid`` command on every project shape and check what a user would get.

A run passes when it ends with exit 0/1 and text free of "nan"/"None"/"NaT" and Python's own
words (tracebacks, warnings, "Empty DataFrame"), valid strict JSON where ``--json`` was asked,
and, after a write, the project's invariants; or with exit 2, one ``gisgrid: error:`` line
and the project file byte for byte as it was. Commands run in-process through
:func:`gisgrid.cli.main` (one import of the stack for the whole matrix).

Used by ``tests/gisgrid/test_project_shapes.py`` (a fast subset in ``make test``) and from the
command line for the whole matrix (``make fuzz``)::

    python tests/_support/shapes_harness.py [--shape NAME …] [--command NAME …]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from project_shapes import SHAPES, build_shape  # noqa: E402

#: name → (argv template, writes). Placeholders: {P} project, {OUT} a fresh folder,
#: {VILLAGE}, {LARGE}, {SMALL}, {TOWN} codes found in the shape (the town code falls back to
#: "all"), {WEEK}, {MONTH}, {DATA} the office files of :func:`write_sources`.
COMMANDS: dict[str, tuple[str, bool]] = {
    "info": ("info {P}", False),
    "info_json": ("info {P} --json", False),
    "validate": ("validate {P}", True),
    "validate_json": ("validate {P} --json --no-save", False),
    "repair_invalid": ("repair {P} --fix invalid", True),
    "repair_outside": ("repair {P} --fix outside_parent", True),
    "repair_gap": ("repair {P} --fix gap", True),
    "repair_overlap": ("repair {P} --fix overlap", True),
    "repair_sliver": ("repair {P} --fix sliver", True),
    "repair_orphan": ("repair {P} --fix orphan", True),
    "repair_renumber": ("repair {P} --fix renumber", True),
    "repair_all_json": (
        "repair {P} --fix invalid outside_parent gap overlap sliver orphan --json",
        True,
    ),
    "stats": ("stats {P}", False),
    "stats_json": ("stats {P} --json", False),
    "stats_xlsx": ("stats {P} --xlsx {OUT}/stats.xlsx", False),
    "assign": ("assign {P}", False),
    "assign_json": ("assign {P} --json", False),
    "assign_apply": ("assign {P} --apply", True),
    "assign_snap_apply": ("assign {P} --households --snap 50 --apply", True),
    "assign_reassign_apply": ("assign {P} --cadres --reassign --apply", True),
    "coverage": ("coverage {P}", False),
    "coverage_json": ("coverage {P} --json", False),
    "plan_large_village": ("plan {P} --parent {VILLAGE} --level large --count 2", False),
    "plan_large_village_apply": (
        "plan {P} --parent {VILLAGE} --level large --count 2 --apply",
        True,
    ),
    "plan_large_town_target": ("plan {P} --parent {TOWN} --level large --target 60 --json", False),
    "plan_small_all": ("plan {P} --all --level small --target 30 --json", False),
    "plan_small_apply": ("plan {P} --parent {LARGE} --level small --count 3 --apply", True),
    "plan_micro_apply": ("plan {P} --parent {SMALL} --level micro --count 2 --apply", True),
    "plan_renumber_validate": (
        "plan {P} --all --level small --target 30 --apply"
        " && repair {P} --fix renumber && validate {P}",
        True,
    ),
    "export_pdf": ("export coverage {P} --out {OUT}/map.pdf", False),
    "export_pdf_village": ("export coverage {P} --out {OUT}/v.pdf --village {VILLAGE}", False),
    "export_png": ("export coverage {P} --out {OUT}/map.png", False),
    "export_html": ("export coverage {P} --out {OUT}/map.html", False),
    "export_html_load": ("export coverage {P} --out {OUT}/load.html --color-by load", False),
    "export_roster": ("export roster {P} --out {OUT}/roster.xlsx", False),
    "issues_sla": ("issues sla {P}", False),
    "issues_sla_json": ("issues sla {P} --json", False),
    "issues_sla_village": ("issues sla {P} --by village", False),
    "issues_sla_cadre": ("issues sla {P} --by cadre", False),
    "issues_sla_week": ("issues sla {P} --by week --at 2027-01-25", False),
    "hotspots": ("hotspots {P} --permutations 99", False),
    "hotspots_json": ("hotspots {P} --permutations 99 --json", False),
    "hotspots_rate_html": (
        "hotspots {P} --permutations 99 --value rate --html {OUT}/hot.html",
        False,
    ),
    "report_week": ("report weekly {P} --week {WEEK} --out {OUT}/w", False),
    "report_week_2027": ("report weekly {P} --week 2027-W02 --out {OUT}/w27 --json", False),
    "report_month": ("report weekly {P} --month {MONTH} --out {OUT}/m", False),
    "import_villages": ("import {P} villages {DATA}/villages.geojson --replace --json", True),
    "import_households": ("import {P} households {DATA}/households.csv --replace", True),
    "import_micro": ("import {P} grids_micro {DATA}/micro.geojson", True),
    "import_issues": ("issues import {P} {DATA}/issues.csv", True),
    "calendar_show": ("calendar show {P}", False),
    "calendar_show_json": ("calendar show {P} --year 2027 --json", False),
    "calendar_set": ("calendar set {P} 2027-02-20 workday && issues sla {P} --json", True),
}

#: A quick set for ``make test``: every command family on every shape, the slow exports
#: (PDF atlas, 300-dpi PNG, HTML maps, packs) on the shapes they are likeliest to break.
QUICK_SKIP = {"export_png", "export_pdf_village", "export_html_load", "hotspots_rate_html"}

_PEOPLE_WORDS = re.compile(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])")
_PYTHON_WORDS = re.compile(
    r"Traceback|Warning:|Empty DataFrame|Empty GeoDataFrame|dtype:|Series\(|array\("
)


@dataclass
class Outcome:
    """The result of one command on one shape."""

    shape: str
    command: str
    code: int | None
    stdout: str = ""
    stderr: str = ""
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the run behaved as a user may expect."""
        return not self.failures

    def line(self) -> str:
        """One line for a report."""
        state = "ok" if self.ok else "FAIL " + "; ".join(self.failures)
        return f"{self.shape:<24} {self.command:<26} exit {self.code} {self.seconds:5.1f}s  {state}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _codes(path: Path) -> dict[str, str]:
    from gisgrid.project import Project

    project = Project.open(path)
    first = {}
    for key, layer in (("VILLAGE", "villages"), ("LARGE", "grids_large"), ("SMALL", "grids_small")):
        codes = project.layer(layer)["code"].dropna()
        first[key] = str(codes.iloc[0]) if len(codes) else "370523103201"
    first["DATA"] = str(path.parent / "data")
    town = project.layer("town")["code"].dropna()
    first["TOWN"] = str(town.iloc[0]) if len(town) else (project.meta.code or "all")
    reported = project.layer("issues")["reported_at"].dropna()
    day = reported.max() if len(reported) else pd.Timestamp("2026-11-20")
    week = (day - pd.Timedelta(days=14)).isocalendar()
    first["WEEK"] = f"{week.year}-W{week.week:02d}"
    first["MONTH"] = (day - pd.Timedelta(days=40)).strftime("%Y-%m")
    return first


def write_sources(folder: Path) -> None:
    """Write the office files the import commands bring in: the complete town's villages,
    households, micro grids (halves of its small grids) and a hotline CSV export."""
    from project_shapes import TOWN, five_levels, town_layers

    if folder.exists():
        return
    folder.mkdir(parents=True)
    layers = town_layers(TOWN)
    layers["villages"].to_file(folder / "villages.geojson", driver="GeoJSON")
    five_levels()[1]["grids_micro"].to_file(folder / "micro.geojson", driver="GeoJSON")
    hh = layers["households"]
    table = pd.DataFrame(hh.drop(columns="geometry"))
    table["经度"], table["纬度"] = hh.geometry.x.round(6), hh.geometry.y.round(6)
    table.to_csv(folder / "households.csv", index=False, encoding="utf-8-sig")
    issues = layers["issues"]
    export = pd.DataFrame(
        {
            "工单编号": issues["id"],
            "诉求类别": issues["category"],
            "诉求内容": issues["description"],
            "受理时间": issues["reported_at"].dt.strftime("%Y-%m-%d %H:%M"),
            "办结时间": issues["resolved_at"].dt.strftime("%Y-%m-%d %H:%M"),
            "办理状态": issues["status"],
            "经度": issues.geometry.x.round(6),
            "纬度": issues.geometry.y.round(6),
        }
    )
    export.to_csv(folder / "issues.csv", index=False, encoding="utf-8-sig")


def run_cli(argv: list[str]) -> tuple[int | None, str, str, list[str]]:
    """Run ``gisgrid ARGV`` in this process; return exit code, stdout, stderr, failures."""
    from gisgrid.cli import main

    out, err = io.StringIO(), io.StringIO()
    failures: list[str] = []
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # noqa: BLE001 - a traceback a user would see
            code = None
            tb = traceback.format_exception(exc)
            failures.append(f"traceback: {type(exc).__name__}: {str(exc)[:160]}")
            err.write("".join(tb))
    shown = [w for w in caught if not issubclass(w.category, (DeprecationWarning,))]
    for w in shown[:3]:
        failures.append(
            f"python warning reaches the user: {w.category.__name__}: {str(w.message)[:120]}"
        )
    return code, out.getvalue(), err.getvalue(), failures


def _strict_json(text: str) -> str | None:
    def reject(value: str):
        raise ValueError(f"{value} is not JSON")

    try:
        json.loads(text, parse_constant=reject)
    except ValueError as exc:
        return str(exc)[:120]
    return None


def check_invariants(before: Path, after: Path, command: str) -> list[str]:
    """What must hold after every write command."""
    from gisgrid.project import Project
    from gisgrid.schema import LEVEL_LAYERS

    old, new = Project.open(before), Project.open(after)
    found: list[str] = []
    imports = command.startswith("import")
    if not imports and len(new.layer("households")) != len(old.layer("households")):
        found.append(
            f"households not conserved: {len(old.layer('households'))} -> "
            f"{len(new.layer('households'))}"
        )
    layers_of_level = dict(LEVEL_LAYERS)
    cadre_ids = set(new.layer("cadres")["id"].dropna().astype(str))
    assignments = new.layer("assignments")
    for row in assignments.itertuples(index=False):
        if str(row.cadre_id) not in cadre_ids:
            found.append(f"assignment of unknown cadre {row.cadre_id}")
            break
    for level, rows in assignments.groupby("level"):
        layer = layers_of_level.get(str(level))
        if layer is None:
            continue
        known = set(new.layer(layer)["code"].dropna().astype(str))
        if str(level) == "town":
            known |= {new.meta.code}
        dangling = sorted(set(rows["grid_code"].astype(str)) - known)
        if dangling:
            found.append(
                f"{len(dangling)} {level} assignment(s) point at missing grids: {dangling[:3]}"
            )
    leaders = assignments[
        (assignments["role"] == "grid_leader") & (assignments["level"] == "small")
    ]
    doubled = leaders["grid_code"].value_counts()
    doubled = doubled[doubled > 1]
    if len(doubled):
        found.append(f"{len(doubled)} small grid(s) with two leaders: {list(doubled.index[:3])}")
    for layer in new.level_layers:
        frame = new.layer(layer)
        codes = frame["code"].dropna().astype(str)
        if codes.duplicated().any():
            found.append(f"{layer}: duplicate codes {sorted(set(codes[codes.duplicated()]))[:3]}")
        # re-planning and renumbering redraw or recode grids; --replace is an explicit delete
        if "renumber" in command or "plan" in command or imports or not len(old.layer(layer)):
            continue
        # A repair may hand disputed land (an overlap) to either side, but never the land only
        # one grid holds, and it never empties a grid.
        core_old = _areas(old, layer, core=True)
        area_old, area_new = _areas(old, layer), _areas(new, layer)
        for code, core in core_old.items():
            b = area_new.get(code, 0.0)
            if area_old[code] > 0 and b <= 0.01 * area_old[code]:
                found.append(f"{layer} {code} emptied ({area_old[code]:,.0f} -> {b:,.0f} m²)")
            elif b < 0.98 * core:
                found.append(
                    f"{layer} {code} lost land no other grid held ({core:,.0f} m² undisputed, "
                    f"{b:,.0f} m² left)"
                )
    for layer in set(old.layer_names) - set(new.level_layers) - {"problems"}:
        if layer in LEVEL_LAYERS.values() and len(new.layer(layer)) > len(old.layer(layer)):
            found.append(f"wrote {layer}, a level the project does not use")
    return found[:6]


def _areas(project, layer: str, core: bool = False) -> dict[str, float]:
    """Area per code in m²; with ``core``, only the land no sibling overlaps."""
    import shapely

    frame = project.layer(layer)
    if not len(frame):
        return {}
    geoms = shapely.make_valid(frame.to_crs(project.metric_crs).geometry.to_numpy())
    if core:
        tree = shapely.STRtree(geoms)
        own = []
        for i, g in enumerate(geoms):
            others = [j for j in tree.query(g) if j != i]
            own.append(shapely.difference(g, shapely.union_all(geoms[others])) if others else g)
        geoms = np.array(own, dtype=object)
    area = shapely.area(geoms)
    return {str(c): float(a) for c, a in zip(frame["code"], area) if isinstance(c, str)}


def run_one(shape: str, base: Path, command: str, work: Path, codes: dict[str, str]) -> Outcome:
    """Run one command (or a ``&&`` chain) on a copy of the shape's project."""
    template, writes = COMMANDS[command]
    project = work / "p.gpkg"
    out = work / "out"
    shutil.rmtree(work, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copyfile(base, project)
    outcome = Outcome(shape, command, None)
    started = time.perf_counter()
    for part in template.split("&&"):
        argv = part.strip().format(P=project, OUT=out, **codes).split()
        before = _digest(project)
        code, stdout, stderr, failures = run_cli(argv)
        outcome.code, outcome.stdout, outcome.stderr = code, stdout, stderr
        outcome.failures += failures
        if code is None:
            break
        if code == 2:
            lines = [
                ln for ln in stderr.strip().splitlines() if not ln.startswith("gisgrid: note:")
            ]
            if len(lines) != 1 or not lines[0].startswith("gisgrid: error:"):
                outcome.failures.append(f"exit 2 without one error line: {stderr.strip()[:160]!r}")
            if _digest(project) != before:
                outcome.failures.append("exit 2 but the project file changed")
            for word in _PEOPLE_WORDS.findall(stderr):
                outcome.failures.append(f"'{word}' in the error text")
                break
            break
        if code not in (0, 1):
            outcome.failures.append(f"exit code {code}")
            break
        if "--json" in argv:
            problem = _strict_json(stdout)
            if problem:
                outcome.failures.append(f"--json is not strict JSON: {problem}")
        else:
            for word in _PEOPLE_WORDS.findall(stdout):
                where = stdout[max(stdout.find(word) - 50, 0) : stdout.find(word) + 20]
                outcome.failures.append(f"'{word}' in text for people: {where!r}")
                break
        if _PYTHON_WORDS.search(stdout + stderr):
            hit = _PYTHON_WORDS.search(stdout + stderr).group(0)
            outcome.failures.append(f"Python's own words reach the user: {hit!r}")
        for path in out.rglob("*"):
            if path.is_file():
                mode = path.stat().st_mode & 0o777
                if mode & 0o044 != 0o044 & ~_umask():
                    outcome.failures.append(f"{path.name} mode {mode:o} ignores the umask")
                    break
        if writes and code in (0, 1):
            outcome.failures += check_invariants(base, project, command)
    if (project.stat().st_mode & 0o044) != (0o044 & ~_umask()):
        outcome.failures.append(
            f"project mode {project.stat().st_mode & 0o777:o} ignores the umask"
        )
    outcome.seconds = time.perf_counter() - started
    return outcome


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def run_matrix(
    shapes: list[str] | None = None,
    commands: list[str] | None = None,
    root: Path | None = None,
    echo: bool = False,
) -> list[Outcome]:
    """Run ``commands`` (default all) on ``shapes`` (default all); return every outcome."""
    root = Path(root or tempfile.mkdtemp(prefix="gisgrid-shapes-"))
    outcomes = []
    for shape in shapes or list(SHAPES):
        base = root / shape / "base.gpkg"
        base.parent.mkdir(parents=True, exist_ok=True)
        build_shape(shape, base)
        write_sources(base.parent / "data")
        codes = _codes(base)
        for command in commands or list(COMMANDS):
            outcome = run_one(shape, base, command, root / shape / command, codes)
            outcomes.append(outcome)
            if echo:
                print(outcome.line(), flush=True)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Run the matrix and print one line per run and a summary; exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=list(SHAPES))
    parser.add_argument("--command", action="append", choices=list(COMMANDS))
    parser.add_argument("--quick", action="store_true", help="skip the slowest exports")
    parser.add_argument("--failures-only", action="store_true")
    args = parser.parse_args(argv)
    commands = args.command or [c for c in COMMANDS if not (args.quick and c in QUICK_SKIP)]
    os.environ.setdefault("MPLBACKEND", "Agg")
    outcomes = run_matrix(args.shape, commands, echo=not args.failures_only)
    bad = [o for o in outcomes if not o.ok]
    if args.failures_only:
        for o in bad:
            print(o.line())
    print(
        f"{len({o.shape for o in outcomes})} shapes × {len(commands)} commands = "
        f"{len(outcomes)} runs: {len(outcomes) - len(bad)} ok, {len(bad)} failed, "
        f"{sum(o.code is None for o in outcomes)} tracebacks"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
