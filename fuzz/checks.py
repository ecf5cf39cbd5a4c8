"""One corpus file through the importers, judged: a clear message or a correct import.

:func:`judge` runs what ``gisgrid import`` / ``gisgrid issues import`` and the app's import
dialog run (``inspect_source``, then ``import_file`` or ``import_issues``, then saving) on a
fresh copy of a tiny project and returns an :class:`Outcome`. Allowed outcomes are
``imported`` (checked: counts add up, geometries of the layer's type, finite, in CGCS2000 and
valid or reported) and ``message`` (a :class:`~gisgrid.errors.GisgridError` naming the file,
one line, the project untouched). Everything else is a finding.
"""

from __future__ import annotations

import copy
import shutil
import traceback
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

#: Outcomes that are not findings.
ALLOWED = ("imported", "message")
MAX_MESSAGE = 600


@dataclass
class Outcome:
    """What happened to one corpus entry; ``kind`` is ``imported``, ``message`` or a finding."""

    id: str
    kind: str
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether this is an allowed outcome."""
        return self.kind in ALLOWED

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return asdict(self)


def make_project(path: Path) -> Path:
    """Write the tiny project every corpus file is imported into (118.70–118.72°E, 36.90°N)."""
    import geopandas as gpd
    from shapely.geometry import box

    from gisgrid.project import Project

    town, v1, v2 = "370523103000", "370523103201", "370523103202"
    project = Project.create(None, "临河镇", town)

    def gdf(rows: dict, geoms: list) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(rows, geometry=geoms, crs=4490)

    west, east = box(118.70, 36.90, 118.71, 36.91), box(118.71, 36.90, 118.72, 36.91)
    project.set_layer("town", gdf({"code": [town], "name": ["临河镇"], "parent_code": [None]},
                                  [box(118.70, 36.90, 118.72, 36.91)]))
    project.set_layer("villages", gdf({"code": [v1, v2], "name": ["张家庄村", "李家屯村"],
                                       "parent_code": [town, town]}, [west, east]))
    project.set_layer("grids_large", gdf({"code": [v1 + "01", v2 + "01"], "name": ["一", "二"],
                                          "parent_code": [v1, v2]}, [west, east]))
    project.set_layer("grids_small", gdf({"code": [v1 + "01001", v2 + "01001"],
                                          "name": ["1", "2"], "parent_code": [v1 + "01",
                                                                              v2 + "01"]},
                                         [west, east]))
    project.set_layer("households", gdf(
        {"id": ["H1", "H2"], "head": ["王明", "李华"], "address": ["张家庄村东1排3号",
                                                               "李家屯村北1排2号"]},
        [shapely.Point(118.705, 36.905), shapely.Point(118.715, 36.905)]))
    project.save(path)
    return path


def _message_problem(text: str, path: Path) -> str | None:
    if path.name not in text and f"{path.stem}." not in text:  # or a part: 村界.dbf
        return f"the message does not name {path.name!r}"
    if "\n" in text:
        return "the message spans several lines"
    if len(text) > MAX_MESSAGE:
        return f"the message is {len(text)} characters long"
    if "Traceback" in text or "Error(" in text:
        return "the message carries a Python error"
    return None


def _check_geometry(frame, target: str, report) -> str | None:
    from gisgrid.crs import STORAGE_CRS
    from gisgrid.schema import spec

    s = spec(target)
    if s.geometry is None:
        return None
    if frame.crs is None or not frame.crs.equals(STORAGE_CRS):
        return f"layer CRS is {frame.crs}, not EPSG:4490"
    geoms = frame.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if target != "issues" and not present.all():
        return f"{int((~present).sum())} imported feature(s) without geometry"
    xy = shapely.get_coordinates(geoms[present])
    if not np.isfinite(xy).all():
        return "non-finite coordinates imported"
    if len(xy) and not ((np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)).all():
        return "coordinates outside lon/lat range imported"
    types = set(shapely.get_type_id(geoms[present]).tolist())
    wanted = {0} if s.geometry == "Point" else {3, 6}
    if not types <= wanted:
        return f"geometry types {sorted(types)} in a {s.geometry} layer"
    if s.geometry != "Point":
        invalid = ~shapely.is_valid(geoms[present])
        if invalid.any() and not any("invalid" in w for w in report.warnings):
            return f"{int(invalid.sum())} invalid polygon(s) imported without a warning"
    return None


def _run_import(project, target: str, path: Path, options: dict):
    from gisgrid.io.importer import ImportOptions, import_file, inspect_source
    from gisgrid.issue_import import IssueImportOptions, import_issues

    inspect_source(path, target, ImportOptions(**options))
    if target == "issues":
        return import_issues(project, path, IssueImportOptions(**options))
    return import_file(project, target, path, ImportOptions(**options))


@lru_cache(maxsize=1)
def _opened(project_file: Path):
    from gisgrid.project import Project

    return Project.open(project_file)


def _check_success(project, target: str, before: int, report, project_path: Path) -> str | None:
    import pyogrio

    after = project.layer(target)
    imported = report.imported
    if imported <= 0 or imported > report.read:
        return f"imported {imported} of {report.read} rows"
    if target == "issues":
        expected = before + report.added
    else:
        if imported + len(report.skipped) != report.read:
            return f"read {report.read} != imported {imported} + skipped {len(report.skipped)}"
        expected = before + imported - report.updated  # rows updating a feature add none
    if len(after) != expected:
        return f"layer holds {len(after)} rows, expected {expected}"
    problem = _check_geometry(after, target, report)
    if problem:
        return problem
    project.save()
    if pyogrio.read_info(project_path, layer=target)["features"] != expected:
        return "the saved project lost rows"
    return None


def judge(entry: dict, corpus: Path, project_file: Path, work: Path) -> Outcome:
    """Import one manifest ``entry`` into a copy of ``project_file`` and judge the outcome."""
    from gisgrid.errors import GisgridError

    path = corpus / entry["main"]
    target = entry["target"]
    saved = work / "project.gpkg"
    shutil.copyfile(project_file, saved)
    project = copy.deepcopy(_opened(project_file))  # opened once per worker
    project.path = saved
    sizes = {name: len(project.layer(name)) for name in project.layer_names}
    try:
        report = _run_import(project, target, path, entry.get("options") or {})
    except GisgridError as exc:
        problem = _message_problem(str(exc), path)
        if problem:
            return Outcome(entry["id"], "unclear-message", f"{problem}: {exc}")
        changed = [n for n in project.layer_names if len(project.layer(n)) != sizes[n]]
        if changed or project.modified:
            return Outcome(entry["id"], "project-changed", f"after {exc}: {changed}")
        return Outcome(entry["id"], "message", str(exc))
    except MemoryError:
        return Outcome(entry["id"], "memory", traceback.format_exc(limit=-4))
    except RecursionError:
        return Outcome(entry["id"], "crash", "RecursionError\n" + traceback.format_exc(limit=-4))
    except Exception as exc:
        head = f"{type(exc).__name__}: {str(exc)[:300]}"
        return Outcome(entry["id"], "crash", head + "\n" + traceback.format_exc(limit=-6))
    try:
        problem = _check_success(project, target, sizes[target], report, saved)
    except Exception as exc:  # saving or reopening failed: also a finding
        problem = f"after import: {type(exc).__name__}: {str(exc)[:300]}"
    if problem:
        return Outcome(entry["id"], "bad-result", problem)
    return Outcome(entry["id"], "imported", f"{report.imported} of {report.read} rows")
