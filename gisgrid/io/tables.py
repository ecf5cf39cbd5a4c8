"""Excel and CSV ledgers: encodings, title rows, merged cells, and where the header is."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from gisgrid.errors import Cancelled, InputError
from gisgrid.io.coords import column_role
from gisgrid.io.encoding import codec_name, decodes, detect_bytes, garbled
from gisgrid.io.fields import _strip_brackets, all_header_words, norm, numeric_header_words
from gisgrid.io.kml import ZIP_READ_ERRORS, check_zip

_HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None

#: The header is looked for in this many rows from the top.
HEADER_SCAN_ROWS = 20
#: Workbook columns read (a sheet whose used range runs to column XFD is cut here).
MAX_COLUMNS = 1000
#: Empty rows in a row after which a sheet's data is taken to have ended.
MAX_BLANK_RUN = 10_000
_SAMPLE = 1024 * 1024


@dataclass
class Table:
    """A table read from a ledger, with where each row sits in the file."""

    frame: pd.DataFrame
    rows: np.ndarray  # 1-based spreadsheet row of each frame row (header counted)
    header_row: int  # 1-based
    title: str = ""  # text of the rows above the header
    encoding: str | None = None
    encoding_how: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The sheet of each row when several sheets were read together (None: one sheet).
    row_sheets: np.ndarray | None = None
    #: The sheets read together (empty: one sheet), and the column naming each row's sheet.
    joined: list[str] = field(default_factory=list)
    sheet_column: str | None = None


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    return frozenset(all_header_words())


@lru_cache(maxsize=1)
def _numbers() -> frozenset[str]:
    return frozenset(numeric_header_words())


def header_score(cells: list[object]) -> int:
    """How many cells of a row are known header words (field synonyms or coordinates)."""
    words = _words()
    score = 0
    for cell in cells:
        if cell is None or str(cell).strip() == "":
            continue
        key = norm(cell)
        if key in words or _strip_brackets(key) in words or column_role(cell) is not None:
            score += 1
    return score


def pick_header(rows: list[list[object]]) -> int:
    """Index of the header among the first rows: most known header words, earliest wins."""
    best, best_score = None, 0
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = header_score(list(cells))
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        return best
    for i, cells in enumerate(rows):  # no known words: the first row with two or more cells
        if sum(c is not None and str(c).strip() != "" for c in cells) >= 2:
            return i
    return 0


def _is_text_row(cells: list[object]) -> bool:
    filled = [c for c in cells if c is not None and str(c).strip() != ""]
    return bool(filled) and all(isinstance(c, str) and not _looks_numeric(c) for c in filled)


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("，", ""))
    except ValueError:
        return False
    return True


def header_names(rows: list[list[object]], h: int) -> tuple[list[str], int]:
    """Column names from header row ``h``, merging a second header row below it.

    Ledgers often have two header rows: "坐标" merged over "经度 | 纬度", and "户主" merged
    down both rows. Once merged cells are filled, the lower row names a column wherever it
    differs from the upper one. Returns the names and the index of the first data row.
    """
    upper = list(rows[h])
    if h + 1 < len(rows):
        lower = list(rows[h + 1]) + [None] * max(0, len(upper) - len(rows[h + 1]))
        if _is_text_row(lower) and header_score(lower) >= 2:
            merged = [
                lo if lo is not None and str(lo).strip() and lo != up else up
                for up, lo in zip(upper, lower)
            ]
            return column_names(merged), h + 2
    return column_names(upper), h + 1


def column_names(cells: list[object]) -> list[str]:
    """Turn header cells into unique column names; blanks become 列1, 列2 and so on."""
    names: list[str] = []
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}  # a header merged over 1,000 columns stays linear
    for i, cell in enumerate(cells):
        name = "" if cell is None else str(cell).strip().replace("\n", "")
        name = "".join(ch for ch in name if ch.isprintable())  # NULs, tabs, other controls
        name = name or f"列{i + 1}"
        base, k = name, next_suffix.get(name, 2)
        while name in taken:
            name, k = f"{base}_{k}", k + 1
        next_suffix[base] = k
        taken.add(name)
        names.append(name)
    return names


def _blank_cells(values: pd.Series) -> np.ndarray:
    """Missing or whitespace-only cells of a column."""
    text = values.astype(object).astype("str")
    return (values.isna() | text.str.strip().eq("").fillna(True)).to_numpy(bool)


def _finish(
    frame: pd.DataFrame, rows: np.ndarray, cellwise: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop rows with no value at all, and blank-headed columns with no value.

    ``cellwise`` also treats whitespace-only text as blank (Excel); CSV blanks are NaN already.
    """
    if cellwise:
        blank = (
            np.column_stack([_blank_cells(frame[c]) for c in frame.columns])
            if len(frame.columns)
            else np.ones((len(frame), 1), bool)
        )
    else:
        blank = frame.isna().to_numpy()
    empty_rows = blank.all(axis=1) if len(frame) else np.zeros(0, bool)
    if empty_rows.any():
        frame, rows = frame.loc[~empty_rows].reset_index(drop=True), rows[~empty_rows]
        blank = blank[~empty_rows]
    drop = [c for i, c in enumerate(frame.columns) if c.startswith("列") and blank[:, i].all()]
    return frame.drop(columns=drop), rows


def read_csv(path: Path, encoding: str | None, nrows: int | None = None) -> Table:
    """Read a CSV ledger (UTF-8, UTF-8 with BOM, GB18030/GBK) whose header may be lower down."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE)
    cut = size > len(head)
    if encoding:
        enc, how = codec_name(encoding, path), "--encoding option"
        if not decodes(head, enc, final=not cut):
            raise InputError(f"{path.name}: the text is not valid {encoding}; try gb18030 or utf-8")
    else:
        enc, how = detect_bytes(head, final=not cut)
        if enc is None:
            raise InputError(f"{path.name}: cannot tell its text encoding; pass --encoding")
    text = head.decode(enc, errors="ignore")
    lines = text.splitlines()[: HEADER_SCAN_ROWS + 1]
    if cut and lines:
        lines = lines[:-1] if len(lines) > HEADER_SCAN_ROWS else lines
    if not "".join(lines).strip():
        raise InputError(f"{path.name}: the file is empty; nothing to import")
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:HEADER_SCAN_ROWS]), ",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        top = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{path.name}: cannot read it as CSV ({exc})") from None
    h = pick_header(top)
    names, start = header_names(top, h)
    if len(names) > MAX_COLUMNS:
        raise InputError(
            f"{path.name}: {len(names)} columns (more than {MAX_COLUMNS}); check the delimiter, "
            "or keep only the columns you need and import again"
        )
    numeric = {c for c in names if column_role(c) in ("lon", "lat") or norm(c) in _numbers()}
    dtypes = {c: "str" for c in names if c not in numeric}
    cut_rows: list[str] = []  # pandas only warns when every row is longer than the header

    def load(codec: str) -> pd.DataFrame:
        options = dict(
            sep=delimiter,
            encoding=codec,
            skiprows=start,
            header=None,
            names=names,
            dtype=dtypes,
            skip_blank_lines=False,
            keep_default_na=False,
            na_values=[""],
            on_bad_lines="error",
        )
        if nrows is None and _HAS_PYARROW:
            # pyarrow parses on all cores; and where it is installed pandas' text dtype is
            # Arrow-backed, so the C engine's text columns would need a slow conversion.
            # With header=None pandas hands pyarrow the text types under our names while
            # pyarrow calls the columns f0, f1 …: the columns were parsed as numbers and a
            # phone number 0912… lost its 0. Name them both ways.
            arrow = dict(options)
            arrow["dtype"] = {**dtypes, **{f"f{i}": dtypes[c] for i, c in enumerate(names)
                                           if c in dtypes}}  # fmt: skip
            try:
                return pd.read_csv(path, engine="pyarrow", **arrow)
            except Exception:  # any refusal: the C engine below gives the precise error
                pass
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(path, index_col=False, nrows=nrows, **options)
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            cut_rows.append(
                f"the rows have more fields than the header's {len(names)} columns; the extra "
                "fields were left out (check the delimiter and the header row)"
            )
        return frame

    try:
        try:
            frame = load(enc)
        except UnicodeDecodeError:
            if encoding:
                raise InputError(
                    f"{path.name}: the text is not valid {encoding}; try gb18030 or utf-8"
                ) from None
            enc, how = detect_bytes(path.read_bytes())
            if enc is None:
                raise InputError(
                    f"{path.name}: cannot tell its text encoding; pass --encoding"
                ) from None
            frame = load(enc)
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=names)
    except (pd.errors.ParserError, ValueError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        raise InputError(f"{path.name}: cannot read it as CSV ({detail})") from None
    rows = np.arange(len(frame), dtype=np.int64) + start + 1
    frame, rows = _finish(frame, rows, cellwise=False)
    title = " ".join(" ".join(r) for r in top[:h])
    notes = cut_rows[-1:]
    looks = garbled(head, enc)
    if looks:
        notes.append(f"{path.name}: {looks}")
    return Table(frame, rows, start, title, enc, how, warnings=notes)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(ws: Any, path: Path) -> list[tuple[int, int, int, int]]:
    """Return the merged ranges ``(min_col, min_row, max_col, max_row)`` of a read-only sheet.

    openpyxl's read-only mode (3× faster on big ledgers) does not parse ``<mergeCells>``, so
    we find them in the sheet's XML ourselves.
    """
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    try:
        with ws.parent._archive.open(ws._worksheet_path) as fh:
            data = fh.read()
    except (AttributeError, KeyError):  # openpyxl internals changed: ask it the slow way
        full = openpyxl.load_workbook(path, data_only=True)
        ranges = full[ws.title].merged_cells.ranges
        return [(r.min_col, r.min_row, r.max_col, r.max_row) for r in ranges]
    out = []
    for a, b in _MERGE.findall(data):
        try:
            out.append(range_boundaries(f"{a.decode()}:{b.decode()}"))
        except ValueError:  # beyond Excel's last column or row: not a real merge
            continue
    return out


def _sheet_rows(
    ws: Any, limit: int | None, cancelled: Callable[[], bool] | None, path: Path
) -> list[list[object]]:
    """Return the cell values of a sheet, at most :data:`MAX_COLUMNS` wide, to its last data row.

    Missing rows cost nothing (openpyxl yields one shared empty tuple for them), so a used
    range claimed to reach row 1,048,576 is read quickly; a run of more than
    :data:`MAX_BLANK_RUN` empty rows with data after it is refused rather than read.
    """
    width = ws.max_column if isinstance(ws.max_column, int) else None
    max_col = min(width or MAX_COLUMNS, MAX_COLUMNS)
    values: list[list[object]] = []
    blank, blank_row = 0, None
    for i, row in enumerate(ws.iter_rows(min_row=1, max_col=max_col, values_only=True)):
        if cancelled is not None and i % 2000 == 0 and cancelled():
            raise Cancelled()
        if row is blank_row or row.count(None) == len(row):
            blank, blank_row = blank + 1, row
            continue
        if blank > MAX_BLANK_RUN and values:
            raise InputError(
                f"{path.name}: sheet {ws.title!r} has {blank} empty rows before row {i + 1}; "
                "delete the empty rows (or copy the data to a new sheet) and import again"
            )
        values.extend([] for _ in range(blank))
        blank = 0
        values.append(list(row[:max_col]))
        if limit is not None and len(values) >= limit:
            break
    return values


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


#: Column that says which sheet each row came from when sheets are read together.
SHEET_COLUMN = "来源工作表"


def _data_sheets(wb: Any) -> list[str]:
    """Sheets holding a table: those with known header words near the top.

    When no sheet has any, every sheet with something in its top rows (else the first).
    """
    sheets = list(wb.sheetnames)
    scored, filled = [], []
    for name in sheets:
        top = list(wb[name].iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True))
        if any(header_score(list(r)) > 0 for r in top):
            scored.append(name)
        elif any(v is not None and str(v).strip() for r in top for v in r):
            filled.append(name)
    return scored or filled or sheets[:1]


def read_xlsx(
    path: Path,
    sheet: str | None,
    nrows: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Table:
    """Read an Excel ledger: merged cells filled, header found below title rows.

    With no ``sheet`` named, every sheet holding a table is read. Sheets that share one
    header (a ledger kept one sheet per village) are read together, each row keeping its
    sheet in column :data:`SHEET_COLUMN`; sheets with different headers are refused with a
    message asking to choose one, so a workbook is never imported in part silently.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(path, "workbook")
    # What openpyxl raises on damaged parts: broken XML, entities (refused by defusedxml, a
    # ValueError), bad zip members, missing parts.
    damaged = (InvalidFileException, KeyError, TypeError, AttributeError, IndexError,
               ParseError, *ZIP_READ_ERRORS)  # fmt: skip
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except damaged as exc:
        raise InputError(
            f"{path.name}: not a readable .xlsx workbook ({_first_line(exc)}); "
            "open it in Excel or WPS and save it again"
        ) from None
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise InputError(f"{path.name}: no sheet {sheet!r}; its sheets are {', '.join(sheets)}")
        chosen = [sheet] if sheet is not None else _data_sheets(wb)
        parts = [_read_sheet(wb[name], path, nrows, cancelled) for name in chosen]
    except (InputError, Cancelled):
        raise
    except damaged as exc:
        raise InputError(
            f"{path.name}: a sheet cannot be read ({_first_line(exc)}); "
            "open it in Excel or WPS and save it again"
        ) from None
    finally:
        wb.close()
    table = _join_sheets(parts, path) if len(parts) > 1 else parts[0]
    table.sheets = sheets
    return table


def _read_sheet(
    ws: Any, path: Path, nrows: int | None, cancelled: Callable[[], bool] | None
) -> Table:
    """Read one sheet of an open workbook into a :class:`Table`."""
    limit = None if nrows is None else HEADER_SCAN_ROWS + nrows + 1
    values = _sheet_rows(ws, limit, cancelled, path)
    merged = _merged_ranges(ws, path)
    title_of_sheet = ws.title
    claimed = ws.max_column if isinstance(ws.max_column, int) else 0
    width = max((len(r) for r in values), default=0)
    for r in values:
        r.extend([None] * (width - len(r)))
    for min_col, min_row, max_col, max_row in merged:  # every cell takes the top-left value
        if min_row > len(values):
            continue
        value = values[min_row - 1][min_col - 1]
        for r in range(min_row - 1, min(max_row, len(values))):
            for c in range(min_col - 1, min(max_col, width)):
                values[r][c] = value
    if not any(any(v is not None and str(v).strip() for v in r) for r in values):
        raise InputError(f"{path.name}: sheet {title_of_sheet!r} is empty; nothing to import")
    h = pick_header(values)
    names, start = header_names(values, h)
    body = values[start:] if nrows is None else values[start : start + nrows]
    frame = pd.DataFrame.from_records(body, columns=names) if body else pd.DataFrame(columns=names)
    frame = frame.astype(object)
    rows = np.arange(len(frame), dtype=np.int64) + start + 1
    frame, rows = _finish(frame, rows, cellwise=True)
    title = " ".join(str(v) for r in values[:h] for v in r if v is not None)
    table = Table(frame, rows, start, title, sheet=title_of_sheet)
    if claimed > MAX_COLUMNS:
        table.warnings.append(
            f"sheet {title_of_sheet!r} spans {claimed} columns; read the first {MAX_COLUMNS}"
        )
    return table


def _header_key(frame: pd.DataFrame) -> frozenset[str]:
    """Return a sheet's header as compared between sheets: its named columns, normalised."""
    return frozenset(norm(c) for c in frame.columns if not re.fullmatch(r"列\d+", str(c)))


def _listed(names: list[str], most: int = 4) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _same_table(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two headers are one table's (at least half their columns shared)."""
    return len(a & b) * 2 >= len(a | b) > 0


def _join_sheets(parts: list[Table], path: Path) -> Table:
    """Put sheets of one table together (column :data:`SHEET_COLUMN` says which sheet).

    Sheets are one table when their headers share at least half their columns (a village's
    sheet with an extra 备注 column still belongs); columns missing in a sheet stay empty.

    Raises
    ------
    InputError
        When the sheets hold different tables: which sheets, and ``--layer`` to choose one.
    """
    groups: list[list[Table]] = []
    for part in parts:
        key = _header_key(part.frame)
        group = next((g for g in groups if _same_table(_header_key(g[0].frame), key)), None)
        if group is None:
            groups.append([part])
        else:
            group.append(part)
    if len(groups) > 1:
        described = "; ".join(
            f"{_listed([str(p.sheet) for p in group])}: "
            f"{_listed(list(map(str, group[0].frame.columns)))}"
            for group in groups
        )
        raise InputError(
            f"{path.name}: its sheets hold {len(groups)} different tables ({described}); choose "
            "one sheet with --layer SHEET, or keep one table per workbook (sheets with the same "
            "header are imported together)"
        )
    first = parts[0]
    names = {norm(c): c for c in first.frame.columns}
    taken = {str(c) for p in parts for c in p.frame.columns}
    label, k = SHEET_COLUMN, 2
    while label in taken:
        label, k = f"{SHEET_COLUMN}_{k}", k + 1
    frames = []
    for part in parts:
        frame = part.frame.rename(columns=lambda c: names.get(norm(c), c))
        frame[label] = part.sheet
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True).astype(object)
    rows = np.concatenate([p.rows for p in parts])
    row_sheets = np.concatenate([np.full(len(p.rows), p.sheet, dtype=object) for p in parts])
    table = Table(frame, rows, first.header_row, first.title, sheet=first.sheet)
    table.row_sheets, table.joined = row_sheets, [str(p.sheet) for p in parts]
    table.sheet_column = label
    table.warnings = [w for p in parts for w in p.warnings]
    return table
