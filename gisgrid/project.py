"""The project file: one GeoPackage holding the hierarchy, households, cadres and issues.

Layers are read into memory as GeoDataFrames in CGCS2000 (EPSG:4490). Saving is
transactional: the new file is written beside the old one, flushed to disk, then renamed over
it in one atomic step, so a crash or a kill leaves either the old or the new project.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import logging
import math
import os
import re
import shutil
import socket
import sqlite3
import stat
import tempfile
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from gisgrid import __version__
from gisgrid.crs import STORAGE_CRS, gk_zone_of, metric_crs_for_bounds
from gisgrid.errors import ProjectError
from gisgrid.io import atomic
from gisgrid.io.qgis_styles import write_layer_styles
from gisgrid.issue_fields import default_category_mapping
from gisgrid.locking import ensure_writable, pid_alive
from gisgrid.schema import LAYERS, LEVEL_LAYERS, conform, empty, spec

log = logging.getLogger(__name__)

META_TABLE = "gisgrid_metadata"
SCHEMA_VERSION = 1
#: Temp files of a save are named ``.<stem>.gisgrid-tmp-<pid>@<host>.<random>.gpkg``, so a
#: later open or save can tell those of a killed writer from those of a running one.
TEMP_MARK = ".gisgrid-tmp-"
_HOST = re.sub(r"[^A-Za-z0-9_.-]", "_", socket.gethostname()) or "localhost"
_TEMP_TAIL = re.compile(r"(?P<pid>\d+)@(?P<host>[^@/]+)\.[^.]+\.gpkg(?:-journal|-wal|-shm)?")

DEFAULT_CATEGORIES = [
    "社会治安",
    "人居环境",
    "道路交通",
    "看病就医",
    "文体生活",
    "养老社保",
    "劳资纠纷",
]


def _default_sla() -> dict[str, float]:
    # 1 hour to first contact; simple cases in 1 working day, complex in 3.
    return {"contact_hours": 1, "simple_working_days": 1, "complex_working_days": 3}


def _default_staffing() -> dict[str, Any]:
    return {
        "leader_must_be_party_member": True,
        "secretary_per_large_grid": True,
        "liaison_per_village": True,
        "micro_households_rural": 15,
        "micro_households_urban": 25,
        "max_households_per_cadre": 300,
        "max_grids_per_cadre": 8,
    }


@dataclass
class ProjectMeta:
    """Project settings stored in the GeoPackage's ``gisgrid_metadata`` table.

    Parameters
    ----------
    name : str
        Township name, e.g. ``"临河镇"``.
    code : str
        12-digit statistical code of the township (6 county + 3 town + 3 zeros), or ``""``.
    levels : list of str
        Hierarchy levels in use, top to bottom, from ``town, village, large, small, micro``.
    categories : list of str
        Issue categories offered by the project.
    sla : dict
        Closed-loop deadlines: ``contact_hours``, ``simple_working_days``,
        ``complex_working_days``.
    staffing : dict
        Staffing rules (party-member leaders, micro-grid households per representative, limits).
    category_mapping : dict
        Issue category → names and keywords of imported categories that mean it (editable;
        see :func:`gisgrid.issue_fields.map_categories`).
    calendar : dict
        The office's working-day schedules, year (``"2027"``) → ``{"holidays": {date: name},
        "workdays": {date: name}, "source": …, "updated": …}``; they win over the
        chinese_calendar package and the computed rules (see :class:`gisgrid.workdays.WorkCalendar`;
        edited with ``gisgrid calendar``).
    """

    name: str
    code: str = ""
    levels: list[str] = field(default_factory=lambda: ["town", "village", "large", "small"])
    categories: list[str] = field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    sla: dict[str, float] = field(default_factory=_default_sla)
    staffing: dict[str, Any] = field(default_factory=_default_staffing)
    styles: dict[str, Any] = field(default_factory=dict)
    category_mapping: dict[str, list[str]] = field(default_factory=default_category_mapping)
    calendar: dict[str, Any] = field(default_factory=dict)
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if self.code and not re.fullmatch(r"\d{12}", self.code):
            raise ProjectError(
                f"admin code {self.code!r} is not a 12-digit statistical code "
                "(6-digit county + 3-digit town + 3-digit village, e.g. 371521103000)"
            )
        unknown = [lv for lv in self.levels if lv not in LEVEL_LAYERS]
        if unknown:
            raise ProjectError(
                f"unknown hierarchy level(s) {unknown}; choose from {list(LEVEL_LAYERS)}"
            )
        #: One line per setting found unusable and replaced by its default (shown on open).
        self.notes: list[str] = []
        self.sla = self._checked_sla(self.sla)

    def _checked_sla(self, sla: Any) -> dict[str, float]:
        """Return ``sla`` with every missing, null or unusable deadline set to its default."""
        checked = dict(sla) if isinstance(sla, dict) else {}
        if not isinstance(sla, dict):
            self.notes.append(_sla_note("sla", sla, "默认值", "the defaults"))
        for key, default in _default_sla().items():
            if key not in checked:
                checked[key] = default  # an older project: nothing to tell
                continue
            value = _deadline(checked[key], whole=key.endswith("_days"))
            if value is None:
                self.notes.append(_sla_note(f"sla.{key}", checked[key], default, default))
                value = default
            checked[key] = value
        return checked

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProjectMeta:
        """Build from stored key/values, ignoring keys a newer version may have added."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _deadline(value: Any, whole: bool) -> float | None:
    """Return a positive deadline from a stored setting (``"2"`` too), or None if unusable."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number <= 0 or (whole and number != int(number)):
        return None
    return int(number) if number == int(number) else number


def _sla_note(key: str, value: Any, default: Any, default_en: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return (
        f"项目设置 {key} 的值 {shown} 无效（应为正数），按默认 {default} 计；保存项目后即更正 — "
        f"project setting {key} = {shown} is not a positive number; {default_en} is used "
        "(saving the project stores it)"
    )


class Project:
    """A gisgrid project: metadata plus one table per layer, backed by a GeoPackage.

    Use :meth:`create` or :meth:`open`; change layers with :meth:`set_layer`; write with
    :meth:`save`.
    """

    def __init__(self, meta: ProjectMeta, path: Path | None = None) -> None:
        self.meta = meta
        self.path = Path(path) if path is not None else None
        self._layers: dict[str, pd.DataFrame] = {}
        self._dirty: set[str] = set()
        self._meta_dirty = True

    # -- opening and creating -------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike | None,
        name: str,
        code: str = "",
        levels: list[str] | None = None,
        overwrite: bool = False,
    ) -> Project:
        """Create a new, empty project and (if ``path`` is given) save it.

        Raises
        ------
        ProjectError
            If ``path`` exists and ``overwrite`` is False, or the settings are invalid.
        """
        meta = ProjectMeta(
            name=name, code=code, levels=levels or ["town", "village", "large", "small"]
        )
        project = cls(meta, None)
        for layer in LAYERS:
            project._layers[layer] = empty(layer)
            project._dirty.add(layer)
        if path is not None:
            path = Path(path)
            if path.exists() and not overwrite:
                raise ProjectError(f"{path} already exists; choose another name or remove it first")
            project.save(path)  # replaces an old file atomically: a kill leaves one or the other
        return project

    @classmethod
    def open(cls, path: str | os.PathLike) -> Project:
        """Open the project stored in the GeoPackage ``path``.

        Raises
        ------
        ProjectError
            If the file is missing, is not a GeoPackage, or is not a gisgrid project.
        """
        path = Path(path)
        if not path.exists():
            raise ProjectError(f"project file {path} not found; create one with `gisgrid new`")
        meta = _read_meta(path)
        for note in meta.notes:
            log.warning("%s: %s", path.name, note)
        remove_stale_temps(path)
        project = cls(meta, path)
        present = {name for name, _ in pyogrio.list_layers(path)}
        for layer in LAYERS:
            if layer in present:
                project._layers[layer] = _read_layer(path, layer)
            else:
                project._layers[layer] = empty(layer)
        project._meta_dirty = False
        return project

    # -- layers ---------------------------------------------------------------------------
    def layer(self, name: str) -> pd.DataFrame:
        """Return the layer ``name`` (a GeoDataFrame in EPSG:4490, or a DataFrame)."""
        spec(name)
        return self._layers[name]

    def set_layer(self, name: str, frame: pd.DataFrame) -> None:
        """Replace layer ``name`` with ``frame`` (conformed to the layer's schema)."""
        self._layers[name] = conform(name, frame)
        self._dirty.add(name)

    def mark_meta_changed(self) -> None:
        """Note that :attr:`meta` was changed in place, so the next save writes it."""
        self._meta_dirty = True

    @property
    def layer_names(self) -> list[str]:
        """All layer names, hierarchy first."""
        return list(LAYERS)

    @property
    def level_layers(self) -> list[str]:
        """Polygon layers of the hierarchy levels in use, top to bottom."""
        return [LEVEL_LAYERS[lv] for lv in self.meta.levels]

    @property
    def modified(self) -> bool:
        """Whether anything changed since the last save."""
        return bool(self._dirty) or self._meta_dirty

    def bounds(self) -> tuple[float, float, float, float]:
        """Lon/lat bounds of all spatial layers; NaNs when the project has no features."""
        boxes = [
            f.total_bounds
            for f in self._layers.values()
            if isinstance(f, gpd.GeoDataFrame) and len(f) and not f.geometry.is_empty.all()
        ]
        if not boxes:
            return (np.nan, np.nan, np.nan, np.nan)
        arr = np.array(boxes)
        return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())

    @property
    def metric_crs(self) -> CRS:
        """The CGCS2000 Gauss-Krüger CRS (zone chosen from the data) for areas and distances."""
        return metric_crs_for_bounds(self.bounds())

    @property
    def gk_zone(self) -> int:
        """Zone number of :attr:`metric_crs`."""
        zone = gk_zone_of(self.metric_crs)
        assert zone is not None
        return zone

    def to_metric(self, name: str) -> gpd.GeoDataFrame:
        """Return a copy of spatial layer ``name`` in :attr:`metric_crs` (metres)."""
        frame = self.layer(name)
        if not isinstance(frame, gpd.GeoDataFrame):
            raise ValueError(f"layer {name!r} has no geometry")
        return frame.to_crs(self.metric_crs)

    # -- saving ---------------------------------------------------------------------------
    def save(self, path: str | os.PathLike | None = None, *, private: bool = False) -> Path:
        """Write the project, atomically replacing the file at ``path`` (default: its own).

        Unknown tables in the file (e.g. styles QGIS added) are kept. On any failure the old
        file is untouched and the error is raised as :class:`ProjectError`. The file keeps the
        mode of the file it replaces (a new one follows the umask, like any program's), so
        colleagues on a shared folder can open it; ``private=True`` makes it 0600.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("this project has no file yet; give a path to save it to")
        target = target.resolve()
        if target.suffix.lower() != ".gpkg":
            raise ProjectError(f"{target.name}: a project is saved as a GeoPackage (*.gpkg)")
        ensure_writable(target)  # held by another program: refuse, write nothing
        _refuse_read_only(target)
        source = self.path.resolve() if self.path is not None else None
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}{TEMP_MARK}{os.getpid()}@{_HOST}.", suffix=".gpkg",
            dir=target.parent,
        )  # fmt: skip
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if source is not None and source.exists():
                shutil.copyfile(source, tmp)  # keeps unchanged layers and foreign tables
                present = {n for n, _ in pyogrio.list_layers(tmp)}
                layers = [n for n in LAYERS if n in self._dirty or n not in present]
            else:
                tmp.unlink()
                layers = list(LAYERS)
            for name in layers:
                _write_layer(tmp, name, self._layers[name])
            _write_meta(tmp, self.meta)
            write_layer_styles(tmp, _qml_styles(self.meta.styles))
            _fsync(tmp)
            atomic.replace(tmp, target, private=private)  # mkstemp made it 0600
            _fsync_dir(target.parent)
        except ProjectError:
            tmp.unlink(missing_ok=True)
            raise
        except (OSError, sqlite3.Error, RuntimeError, ValueError) as exc:
            # RuntimeError: pyogrio's errors (DataSourceError, DataLayerError, FieldError …),
            # e.g. a disk that fills up in the middle of a layer
            tmp.unlink(missing_ok=True)
            raise ProjectError(_save_failed(target, exc)) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.path = target
        self._dirty.clear()
        self._meta_dirty = False
        return target

    def save_copy(self, path: str | os.PathLike) -> Path:
        """Write a complete copy to ``path`` atomically, keeping :attr:`path` and :attr:`modified`.

        Autosave writes recovery copies with it; the machinery is :meth:`save`'s.
        """
        kept = self.path, set(self._dirty), self._meta_dirty
        self.path = None  # a full write: nothing is copied from the project's own file
        try:
            # recovery copies are this user's own and stay private (0600), unlike projects
            return self.save(path, private=True)
        finally:
            self.path, self._dirty, self._meta_dirty = kept

    def snapshot(self) -> Project:
        """Return an independent copy (same path, same modified state) to save off-thread."""
        copy = Project(ProjectMeta.from_dict(json.loads(json.dumps(asdict(self.meta)))), self.path)
        copy._layers = {name: frame.copy() for name, frame in self._layers.items()}
        copy._dirty, copy._meta_dirty = set(self._dirty), self._meta_dirty
        return copy

    def mark_all_changed(self) -> None:
        """Note that every layer and the settings differ from the file (a recovered copy)."""
        self._dirty.update(self._layers)
        self._meta_dirty = True

    def info(self) -> dict[str, Any]:
        """Summary figures: per-level counts, households, cadres, issues, CRS, extent, dates."""
        issues = self.layer("issues")
        reported = issues["reported_at"].dropna() if len(issues) else pd.Series([], dtype=object)
        bounds = self.bounds()
        return {
            "name": self.meta.name,
            "code": self.meta.code,
            "path": str(self.path) if self.path else None,
            "levels": {
                LEVEL_LAYERS[lv]: len(self.layer(LEVEL_LAYERS[lv])) for lv in self.meta.levels
            },
            "households": int(len(self.layer("households"))),
            "cadres": int(len(self.layer("cadres"))),
            "assignments": int(len(self.layer("assignments"))),
            "issues": int(len(issues)),
            "crs": STORAGE_CRS.to_string(),
            "metric_crs": self.metric_crs.to_string() if np.isfinite(bounds[0]) else None,
            "extent": [float(v) for v in bounds] if np.isfinite(bounds[0]) else None,
            "issues_from": reported.min().isoformat() if len(reported) else None,
            "issues_to": reported.max().isoformat() if len(reported) else None,
        }


def _refuse_read_only(target: Path) -> None:
    """Raise ProjectError if ``target`` exists and is read-only (by its mode bits).

    The mode is read explicitly: for root :func:`os.access` calls every file writable, and a
    replace through a temporary file would otherwise overwrite a 0444 project without a word.
    """
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return  # a new file
    if not mode & stat.S_IWUSR or not mode & 0o222 or not os.access(target, os.W_OK):
        raise ProjectError(
            f"{target.name} 是只读文件（权限 {mode:04o}），未保存；请另存为或修改文件权限 — "
            f"{target} is read-only (mode {mode:04o}); nothing was saved: save as another "
            "file or make it writable"
        )


def _save_failed(target: Path, exc: BaseException) -> str:
    """One line for a save that failed half-way: what happened and that the old file is kept.

    GDAL and SQLite report a full disk as a failed commit or insert, without an errno, so the
    disk itself is asked (free space, the process's file-size limit) before the reason is
    given in their words.
    """
    text = (str(exc).splitlines() or [""])[0].strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    if len(text) > 120:
        text = text[:117] + "…"
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    if full or _says_disk_full(text) or _out_of_space(target.parent):
        return (
            f"{target.name} 未保存：磁盘空间不足（{target.parent}）；原文件未改动，请腾出空间或"
            f"另存到其他磁盘 — could not save {target}: the disk is full; the previous file is "
            "unchanged: free some space or save elsewhere"
        )
    if isinstance(exc, OSError):
        return (
            f"{target.name} 未保存（{text}）；原文件未改动 — could not save {target}: {text}; "
            "the previous file is unchanged"
        )
    return (
        f"{target.name} 未保存：写入失败（{text}），磁盘可能已满或文件夹不可写；原文件未改动，"
        f"请腾出空间或另存到其他位置 — could not save {target}: {text}; the previous file is "
        "unchanged: check the disk has space, or save elsewhere"
    )


def _says_disk_full(text: str) -> bool:
    low = text.lower()
    marks = ("no space", "disk full", "database or disk is full", "file too large")
    return any(mark in low for mark in marks)


def _out_of_space(folder: Path) -> bool:
    """Whether ``folder``'s disk is (nearly) full or this process may write no large files."""
    try:
        if shutil.disk_usage(folder).free < 16 * 1024 * 1024:
            return True
    except OSError:
        pass
    try:
        import resource  # POSIX only
    except ImportError:  # pragma: no cover - Windows
        return False
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)  # `ulimit -f`
    return soft != resource.RLIM_INFINITY


# -- GeoPackage helpers ---------------------------------------------------------------------
def _read_meta(path: Path) -> ProjectMeta:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "gpkg_contents" not in tables:
                raise ProjectError(f"{path} is not a GeoPackage; open a gisgrid project (*.gpkg)")
            if META_TABLE not in tables:
                raise ProjectError(
                    f"{path} is a GeoPackage but not a gisgrid project (no {META_TABLE} table); "
                    "create a project with `gisgrid new` and import its layers with "
                    "`gisgrid import`"
                )
            rows = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    except sqlite3.DatabaseError as exc:
        raise ProjectError(
            f"{path} cannot be read as a GeoPackage ({exc}); is it a project file?"
        ) from exc
    try:
        data = {k: json.loads(v) for k, v in rows.items()}
    except json.JSONDecodeError as exc:
        raise ProjectError(f"{path}: project settings are damaged ({exc})") from exc
    if int(data.get("schema_version", 1)) > SCHEMA_VERSION:
        raise ProjectError(
            f"{path} was written by a newer gisgrid (schema {data['schema_version']}); "
            "update gisgrid"
        )
    return ProjectMeta.from_dict(data)


def _write_meta(path: Path, meta: ProjectMeta) -> None:
    data = asdict(meta)
    data["gisgrid_version"] = __version__
    data["saved"] = datetime.now().isoformat(timespec="seconds")
    with sqlite3.connect(path) as con:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        con.execute(f"DELETE FROM {META_TABLE}")
        con.executemany(
            f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in data.items()],
        )
        # Register it as an attribute table so QGIS and GDAL list it.
        con.execute(
            "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description,"
            " last_change) VALUES (?, 'attributes', ?, 'gisgrid project settings',"
            " strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            (META_TABLE, META_TABLE),
        )
    con.close()


def _qml_styles(styles: dict[str, Any]) -> dict[str, str]:
    # Layer styles set in gisgrid.layers carry their QGIS QML; it goes into ``layer_styles``.
    return {n: s["qml"] for n, s in styles.items() if isinstance(s, dict) and s.get("qml")}


#: Read through Arrow when pyarrow is there: about 3× faster on a county's households.
_USE_ARROW = importlib.util.find_spec("pyarrow") is not None


def _read_layer(path: Path, layer: str) -> pd.DataFrame:
    s = spec(layer)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        frame = pyogrio.read_dataframe(
            path, layer=layer, read_geometry=s.is_spatial, use_arrow=_USE_ARROW
        )
    if s.is_spatial:
        if frame.crs is None:
            frame = frame.set_crs(STORAGE_CRS)
        elif not STORAGE_CRS.equals(frame.crs):
            frame = frame.to_crs(STORAGE_CRS)
    return conform(layer, frame)


def _write_layer(path: Path, layer: str, frame: pd.DataFrame) -> None:
    s = spec(layer)
    kwargs: dict[str, Any] = {"layer": layer, "driver": "GPKG", "append": False}
    if s.is_spatial:
        geom_types = set(frame.geometry.geom_type.dropna()) if len(frame) else set()
        declared = s.geometry if s.geometry != "Geometry" else "Unknown"
        if declared == "Unknown":
            pass
        elif any(t.startswith("Multi") for t in geom_types):
            declared = "Multi" + s.geometry
        if geom_types - {s.geometry, "Multi" + s.geometry}:
            declared = "Unknown"
        kwargs.update(geometry_type=declared, promote_to_multi=False)
        out = frame
    else:
        out = frame
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        # No sync per SQLite commit (4× faster on a busy disk): save() fsyncs the finished
        # temp file as a whole before it replaces the project.
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
        try:
            pyogrio.write_dataframe(out, path, **kwargs)
        finally:
            pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": None})


def remove_stale_temps(target: str | os.PathLike) -> list[Path]:
    """Remove temp files that saves of ``target`` by a process now gone left behind.

    Only files this host's processes wrote are considered, and only when their writer no
    longer runs; a file that cannot be removed is left alone. Returns the removed paths.
    """
    target = Path(target)
    head = f".{target.stem}{TEMP_MARK}"
    removed = []
    try:
        candidates = [p for p in target.parent.iterdir() if p.name.startswith(head)]
    except OSError:
        return removed
    for candidate in candidates:
        match = _TEMP_TAIL.fullmatch(candidate.name[len(head) :])
        if match is None or match["host"] != _HOST or _process_alive(int(match["pid"])):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    return pid == os.getpid() or pid_alive(pid) is not False  # can't tell: keep the file


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
