"""The project's layers and their columns, and how a table is made to fit them."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from gisgrid.crs import STORAGE_CRS
from gisgrid.errors import InputError

#: Hierarchy level key → polygon layer name, top to bottom.
LEVEL_LAYERS: dict[str, str] = {
    "town": "town",
    "village": "villages",
    "large": "grids_large",
    "small": "grids_small",
    "micro": "grids_micro",
}
LEVEL_OF_LAYER: dict[str, str] = {v: k for k, v in LEVEL_LAYERS.items()}

#: Grid codes (after GB/T 30428.1): the parent's code plus a fixed-width sequence number.
#: Towns and villages carry 12-digit statistical codes (6 county + 3 town + 3 village; the town
#: ends in 000; village numbers 001–199 are communities 社区, 200–399 villages 村).
CODE_WIDTHS: dict[str, int] = {"large": 2, "small": 3, "micro": 2}
CODE_LENGTHS: dict[str, int] = {"town": 12, "village": 12, "large": 14, "small": 17, "micro": 19}

#: Roles a cadre may hold (干部角色).
CADRE_ROLES: dict[str, str] = {
    "town_leader": "镇领导",
    "village_liaison": "包村干部",
    "branch_secretary": "总支书记",
    "grid_leader": "网格长",
    "grid_worker": "网格员",
}

#: Where an issue came from (诉求来源).
ISSUE_SOURCES: dict[str, str] = {
    "hotline": "12345热线",
    "patrol": "网格巡查",
    "visit": "入户走访",
    "petition": "信访",
}

#: Closed-loop states (闭环状态), in order.
ISSUE_STATUSES: dict[str, str] = {
    "reported": "已受理",
    "dispatched": "已派单",
    "handled": "办理中",
    "resolved": "已办结",
    "reviewed": "已回访",
}


@dataclass(frozen=True)
class LayerSpec:
    """A project layer: its name, geometry type (None for a plain table) and columns.

    ``columns`` maps a column name to one of ``"str"``, ``"int"``, ``"float"``, ``"bool"``,
    ``"datetime"``; ``labels`` gives each column its Chinese header.
    """

    name: str
    geometry: str | None
    columns: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)
    key: str | None = None  # the column that identifies a feature

    @property
    def is_spatial(self) -> bool:
        """Whether the layer carries geometry."""
        return self.geometry is not None


_POLYGON_COLUMNS = {"code": "str", "name": "str", "parent_code": "str"}
_POLYGON_LABELS = {"code": "编码", "name": "名称", "parent_code": "上级编码"}

LAYERS: dict[str, LayerSpec] = {
    "town": LayerSpec("town", "Polygon", dict(_POLYGON_COLUMNS), _POLYGON_LABELS, "code"),
    "villages": LayerSpec(
        "villages",
        "Polygon",
        {**_POLYGON_COLUMNS, "kind": "str"},
        {**_POLYGON_LABELS, "kind": "类型(rural村/urban社区)"},
        "code",
    ),
    "grids_large": LayerSpec(
        "grids_large", "Polygon", dict(_POLYGON_COLUMNS), _POLYGON_LABELS, "code"
    ),
    "grids_small": LayerSpec(
        "grids_small", "Polygon", dict(_POLYGON_COLUMNS), _POLYGON_LABELS, "code"
    ),
    "grids_micro": LayerSpec(
        "grids_micro", "Polygon", dict(_POLYGON_COLUMNS), _POLYGON_LABELS, "code"
    ),
    "households": LayerSpec(
        "households",
        "Point",
        {
            "id": "str",
            "head": "str",
            "address": "str",
            "phone": "str",
            "id_number": "str",
            "size": "int",
            "village_code": "str",
            "grid_code": "str",
            "micro_code": "str",
            "tags": "str",
            "pinned": "bool",
        },
        {
            "id": "户编号",
            "head": "户主",
            "address": "地址",
            "phone": "联系电话",
            "id_number": "身份证号",
            "size": "家庭人数",
            "village_code": "所属村编码",
            "grid_code": "网格编码",
            "micro_code": "微网格编码",
            "tags": "标签",
            "pinned": "手动指定网格",
        },
        "id",
    ),
    "cadres": LayerSpec(
        "cadres",
        "Point",
        {
            "id": "str",
            "name": "str",
            "role": "str",
            "party_member": "bool",
            "phone": "str",
            "village_code": "str",
            "max_households": "int",
            "max_grids": "int",
        },
        {
            "id": "干部编号",
            "name": "姓名",
            "role": "职务",
            "party_member": "党员",
            "phone": "联系电话",
            "village_code": "所属村编码",
            "max_households": "最多联系户数",
            "max_grids": "最多负责网格数",
        },
        "id",
    ),
    "assignments": LayerSpec(
        "assignments",
        None,
        {"cadre_id": "str", "role": "str", "level": "str", "grid_code": "str"},
        {"cadre_id": "干部编号", "role": "职责", "level": "层级", "grid_code": "网格编码"},
    ),
    "issues": LayerSpec(
        "issues",
        "Point",
        {
            "id": "str",
            "source": "str",
            "category": "str",
            "description": "str",
            "address": "str",
            "reported_at": "datetime",
            "first_contact_at": "datetime",
            "resolved_at": "datetime",
            "reviewed_at": "datetime",
            "status": "str",
            "complexity": "str",
            "satisfaction": "float",
            "household_id": "str",
            "village_code": "str",
            "grid_code": "str",
        },
        {
            "id": "工单编号",
            "source": "来源",
            "category": "诉求类别",
            "description": "诉求内容",
            "address": "地址",
            "reported_at": "受理时间",
            "first_contact_at": "首次联系时间",
            "resolved_at": "办结时间",
            "reviewed_at": "回访时间",
            "status": "办理状态",
            "complexity": "复杂程度(simple/complex)",
            "satisfaction": "满意度",
            "household_id": "户编号",
            "village_code": "所属村编码",
            "grid_code": "网格编码",
        },
        "id",
    ),
    "problems": LayerSpec(
        "problems",
        "Geometry",  # areas for gaps/overlaps, points for households and codes
        {
            "kind": "str",
            "level": "str",
            "codes": "str",
            "area_m2": "float",
            "message": "str",
        },
        {
            "kind": "问题类型",
            "level": "层级",
            "codes": "相关编码",
            "area_m2": "面积(m²)",
            "message": "说明",
        },
    ),
}

POLYGON_LAYERS = tuple(LEVEL_LAYERS.values())

#: Layers gisgrid computes and never imports, with the command that computes each.
#: (``assignments`` stays importable: an office's existing roster, 干部编号 → 网格编码, is
#: how its current assignments come in.)
COMPUTED_LAYERS: dict[str, str] = {
    "problems": "gisgrid validate (the app's hierarchy check)",
}
#: Layers a file can be imported into, in the project's order.
IMPORT_TARGETS: tuple[str, ...] = tuple(name for name in LAYERS if name not in COMPUTED_LAYERS)


def check_import_target(layer: str) -> None:
    """Refuse to import into ``layer`` unless it is one of :data:`IMPORT_TARGETS`.

    Raises
    ------
    InputError
        For a computed layer (saying which command computes it) or an unknown name.

    Examples
    --------
    >>> check_import_target("households")
    >>> check_import_target("problems")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    gisgrid.errors.InputError: problems is computed by gisgrid validate ..., not imported; ...
    """
    if layer in IMPORT_TARGETS:
        return
    targets = ", ".join(IMPORT_TARGETS)
    if layer in COMPUTED_LAYERS:
        raise InputError(
            f"{layer} is computed by {COMPUTED_LAYERS[layer]}, not imported; "
            f"import into one of: {targets}"
        )
    raise InputError(f"unknown layer {layer!r}; import into one of: {targets}")


def spec(layer: str) -> LayerSpec:
    """Return the spec of ``layer``, with a clear error for an unknown name."""
    try:
        return LAYERS[layer]
    except KeyError:
        names = ", ".join(LAYERS)
        raise KeyError(f"unknown layer {layer!r}; the project's layers are: {names}") from None


def _cast(values: pd.Series, kind: str) -> pd.Series:
    if kind == "str":
        # Fast paths (a million-row import): text already, or nothing at all.
        if values.dtype == "str":
            return values
        if not values.notna().any():
            return pd.Series(np.nan, index=values.index, dtype="str")
        out = values.astype(object).where(values.notna(), None)
        out = out.map(lambda v: v if v is None or isinstance(v, str) else _as_text(v))
        return out.astype("str")  # pandas' string dtype; missing stays missing (NaN)
    if kind == "int":
        return pd.to_numeric(values, errors="coerce").fillna(0).round().astype(np.int64)
    if kind == "float":
        return pd.to_numeric(values, errors="coerce").astype(float)
    if kind == "bool":
        if values.dtype == bool:
            return values
        if not values.notna().any():
            return pd.Series(False, index=values.index, dtype=bool)
        return values.map(_as_bool).astype(bool)
    if kind == "datetime":
        out = pd.to_datetime(values, errors="coerce")
        if getattr(out.dt, "tz", None) is not None:  # store China local time, naive
            out = out.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        return out.astype("datetime64[ms]")
    raise ValueError(f"unknown column kind {kind!r}")


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 13812341234.0 from Excel → "13812341234"
    return str(value)


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "是", "√", "t"}
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return bool(value)


def empty(layer: str) -> pd.DataFrame:
    """Return an empty table (a GeoDataFrame for spatial layers) with ``layer``'s columns."""
    s = spec(layer)
    frame = pd.DataFrame({c: _cast(pd.Series([], dtype=object), k) for c, k in s.columns.items()})
    if s.is_spatial:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=STORAGE_CRS), crs=STORAGE_CRS)
    return frame


def conform(layer: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with ``layer``'s columns, in order and of their types.

    Missing columns are added empty; extra columns are kept after the schema's ones. A spatial
    frame must already be in the storage CRS (EPSG:4490).
    """
    s = spec(layer)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    src = frame.reset_index(drop=True)
    for column, kind in s.columns.items():
        values = src[column] if column in src else pd.Series([None] * len(src), dtype=object)
        out[column] = _cast(values, kind).set_axis(out.index)
    geometry_name = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for column in src.columns:
        if column not in s.columns and column != geometry_name:
            out[column] = src[column].to_numpy()
    if not s.is_spatial:
        return out
    if geometry_name is None:
        raise ValueError(f"layer {layer!r} needs geometry; got a table without it")
    if frame.crs is None or not STORAGE_CRS.equals(frame.crs):
        raise ValueError(
            f"layer {layer!r} must be in CGCS2000 (EPSG:4490) before it enters the project; "
            f"got {frame.crs}"
        )
    return gpd.GeoDataFrame(out, geometry=src.geometry.to_numpy(), crs=STORAGE_CRS)
