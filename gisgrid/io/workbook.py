"""Excel workbooks the office keeps: bold frozen headers, filters and fitted column widths."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from gisgrid.errors import InputError
from gisgrid.io.atomic import atomic_write


def _width(values: pd.Series, header: str) -> float:
    def display(text: str) -> int:  # CJK characters take two columns
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = max([display(str(header))] + [display(str(v)) for v in values.head(500)])
    return min(max(8, longest + 2), 60)


def sheet_title(name: object) -> str:
    """Return ``name`` as a legal sheet title: none of the characters Excel forbids, <= 31."""
    title = re.sub(r"[\[\]:*?/\\]", "、", str(name)).strip("'") or "Sheet"
    return title[:31]


def write_workbook(path: str | os.PathLike, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write ``sheets`` (sheet name → table) to an .xlsx file, atomically.

    Each sheet gets a bold, frozen header row, an auto-filter and column widths fitted to the
    content (CJK characters counted double).
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
        sheet.append([str(c) for c in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
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
