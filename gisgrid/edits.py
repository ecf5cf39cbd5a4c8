"""Edits as command objects: each one can be done and undone on a project.

The app puts these on its undo stack; the CLI and tests call :meth:`EditCommand.do` and
:meth:`EditCommand.undo` directly. A command remembers what it replaced, so undo restores the
exact old value (missing stays missing).

Examples
--------
>>> from gisgrid.project import Project
>>> import geopandas as gpd, shapely
>>> p = Project.create(None, "临河镇")
>>> p.set_layer("villages", gpd.GeoDataFrame(
...     {"code": ["371521103001"], "name": ["张家庄村"]},
...     geometry=[shapely.box(118.7, 37.0, 118.71, 37.01)], crs=4490))
>>> cmd = SetAttribute("villages", 0, "name", "李家庄村")
>>> cmd.do(p)
>>> p.layer("villages").loc[0, "name"]
'李家庄村'
>>> cmd.undo(p)
>>> p.layer("villages").loc[0, "name"]
'张家庄村'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.schema import _as_bool, spec

if TYPE_CHECKING:
    from gisgrid.project import Project

_MISSING = object()


class EditCommand(Protocol):
    """What every edit offers: a one-line description, do and undo on a project."""

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu, e.g. ``"villages row 3: name"``."""
        ...

    @property
    def layer(self) -> str:
        """Name of the project layer the edit changes."""
        ...

    def do(self, project: Project) -> None:
        """Apply the edit to ``project`` (again, after an undo)."""
        ...

    def undo(self, project: Project) -> None:
        """Restore what :meth:`do` replaced."""
        ...


def coerce_value(
    layer: str, column: str, value: Any, row: int | None = None, kind: str | None = None
) -> Any:
    """Return ``value`` converted to the type of ``layer``'s ``column``.

    Text typed into a table cell becomes a number, flag or date as the schema says (or as
    ``kind`` says for a column outside the schema: ``str``, ``int``, ``float``, ``bool``,
    ``datetime``); an empty string means "missing".

    Raises
    ------
    InputError
        If the text cannot be read as the column's type; the message names layer, row, column.
    """
    kind = spec(layer).columns.get(column, kind)
    where = f"{layer} row {row + 1 if row is not None else '?'}, column {column}"
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        if kind == "int":
            return 0
        if kind == "bool":
            return False
        return None
    if kind is None:
        return value
    try:
        if kind == "str":
            return str(value)
        if kind == "int":
            number = float(value)
            if not number.is_integer():
                raise ValueError(value)
            return int(number)
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, str) and value.lower() not in _BOOL_WORDS:
                raise ValueError(value)
            return _as_bool(value)
        if kind == "datetime":
            return pd.Timestamp(value).to_pydatetime()
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(
            f"{where}: {value!r} is not {_KIND_WORDS[kind]}; type {_KIND_HINT[kind]}"
        ) from exc
    raise ValueError(f"unknown column kind {kind!r}")


_DTYPE_KINDS = {"i": "int", "u": "int", "f": "float", "b": "bool", "M": "datetime"}
_BOOL_WORDS = {"1", "0", "true", "false", "yes", "no", "y", "n", "是", "否", "√", "×", "t", "f"}
_KIND_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "yes/no",
    "datetime": "a date",
}
_KIND_HINT = {
    "str": "any text",
    "int": "digits only, e.g. 4",
    "float": "a number such as 0.8",
    "bool": "是 or 否 (yes/no)",
    "datetime": "a date such as 2024-05-01 08:30",
}


def _same(a: Any, b: Any) -> bool:
    a_missing = a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


@dataclass
class SetAttribute:
    """Set one attribute of one feature (row position ``row``) of a project layer.

    Parameters
    ----------
    layer : str
        Project layer name, e.g. ``"households"``.
    row : int
        Row position (0-based) in the layer's table.
    column : str
        Column name; geometry cannot be set this way.
    value : object
        The new value; text is converted to the column's type (see :func:`coerce_value`).
    """

    layer: str
    row: int
    column: str
    value: Any
    _old: Any = field(default=_MISSING, init=False, repr=False)

    def __post_init__(self) -> None:
        self.value = coerce_value(self.layer, self.column, self.value, self.row)

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu."""
        return f"{self.layer} row {self.row + 1}: {self.column}"

    def _check(self, frame: pd.DataFrame) -> None:
        if not 0 <= self.row < len(frame):
            raise InputError(
                f"{self.layer}: row {self.row + 1} does not exist (the layer has {len(frame)} "
                "rows); reload the table"
            )
        if self.column not in frame.columns:
            raise InputError(f"{self.layer}: no column {self.column!r}; choose an existing one")
        geometry = getattr(frame, "_geometry_column_name", None)
        if self.column == geometry:
            raise InputError(f"{self.layer}: geometry cannot be edited as an attribute")

    def _write(self, project: Project, value: Any) -> None:
        frame = project.layer(self.layer)
        self._check(frame)
        frame = frame.copy()
        dtype_kind = frame[self.column].dtype.kind
        if value is None:
            value = 0 if dtype_kind in "iu" else False if dtype_kind == "b" else np.nan
        frame.iloc[self.row, frame.columns.get_loc(self.column)] = value
        project.set_layer(self.layer, frame)

    def do(self, project: Project) -> None:
        """Apply the edit; the old value is remembered the first time."""
        frame = project.layer(self.layer)
        self._check(frame)
        if self.column not in spec(self.layer).columns:  # an extra column: use its dtype
            kind = _DTYPE_KINDS.get(frame[self.column].dtype.kind, "str")
            self.value = coerce_value(self.layer, self.column, self.value, self.row, kind)
        if self._old is _MISSING:
            old = frame[self.column].iloc[self.row]
            self._old = None if _same(old, None) else old
        self._write(project, self.value)

    def undo(self, project: Project) -> None:
        """Put the old value back."""
        if self._old is _MISSING:
            raise RuntimeError("undo before do")
        self._write(project, self._old)

    @property
    def changes_anything(self) -> bool:
        """Whether, after :meth:`do`, the value differs from the old one."""
        return self._old is _MISSING or not _same(self._old, self.value)


@dataclass
class CompoundEdit:
    """Several edits done as one (undone in reverse order), e.g. a pasted block of cells."""

    edits: list[EditCommand]
    label: str = ""

    @property
    def text(self) -> str:
        """A short description for the Undo/Redo menu."""
        return self.label or f"{len(self.edits)} edits"

    @property
    def layer(self) -> str:
        """The layer of the first edit (compound edits stay within one layer)."""
        return self.edits[0].layer if self.edits else ""

    def do(self, project: Project) -> None:
        """Apply every edit in order; on failure, undo the ones already done."""
        done: list[EditCommand] = []
        try:
            for edit in self.edits:
                edit.do(project)
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.undo(project)
            raise

    def undo(self, project: Project) -> None:
        """Undo every edit in reverse order."""
        for edit in reversed(self.edits):
            edit.undo(project)
