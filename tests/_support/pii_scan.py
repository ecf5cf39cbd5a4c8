"""Find unmasked personal data in exported files (the privacy audit's scanner).

Written apart from :mod:`gisgrid.privacy` on purpose: the audit must not share the masker's
patterns, or a gap in one would hide in the other. :func:`find_pii` looks for

* mobile numbers ``1[3-9]`` + 9 digits (blanks, dashes or a ``+86`` prefix allowed),
* landlines ``0xxx-xxxxxxx`` / ``(0xxx)xxxxxxx`` / ``0xxx xxxxxxx``,
* 18-character resident ID numbers with a valid birth date and check digit, and 15-digit
  ones with a valid birth date,
* the exact names it is given (the planted household heads, say).

Text is NFKC-normalised first, so full-width digits count. The ``*_text`` functions extract
every piece of text a format carries: HTML raw and decoded (entities and ``\\uXXXX`` escapes
of embedded JSON), PDF through ``pdftotext`` (poppler-utils), XLSX cell values of every
sheet (hidden too), comments, defined names, and the raw XML of every part of the package.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

_MOBILE = re.compile(r"(?<![\d*])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?![\d*])")
_LANDLINE = re.compile(r"(?<![\d.*])(?:\(0\d{2,3}\)|0\d{2,3}[ -])\d{7,8}(?![\d*])")
_ID18 = re.compile(r"(?<![\dA-Za-z*])\d{17}[\dXx](?![\dA-Za-z*])")
_ID15 = re.compile(r"(?<![\d*])\d{15}(?![\d*])")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _valid_date(text: str) -> bool:
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= day <= dt.date.today()


def valid_id18(number: str) -> bool:
    """True when ``number`` has a plausible birth date and a correct check digit."""
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _valid_date(number[6:14]) and "10X98765432"[total % 11] == number[17].upper()


def find_pii(text: str, names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Return ``(kind, text)`` of every unmasked phone, ID number and given name in ``text``.

    Examples
    --------
    >>> find_pii("电话 139-1234-5678，138****1234，户主欧阳翠花", ["欧阳翠花"])
    [('mobile', '139-1234-5678'), ('name', '欧阳翠花')]
    """
    text = unicodedata.normalize("NFKC", text)
    hits = [("mobile", m.group()) for m in _MOBILE.finditer(text)]
    hits += [("landline", m.group()) for m in _LANDLINE.finditer(text)]
    hits += [("id18", m.group()) for m in _ID18.finditer(text) if valid_id18(m.group())]
    hits += [
        ("id15", m.group()) for m in _ID15.finditer(text) if _valid_date("19" + m.group()[6:12])
    ]
    hits += [("name", name) for name in names if name in text]
    return hits


def decoded(text: str) -> str:
    """``text`` plus its decoded form: HTML entities and JSON ``\\uXXXX`` escapes resolved."""
    plain = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html.unescape(text))
    return text + "\n" + plain


def html_text(path: Path) -> str:
    """All text of an HTML page, raw and decoded (embedded GeoJSON/JSON included)."""
    return decoded(Path(path).read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    """The text layer of a PDF (``pdftotext -layout``; raises if poppler-utils is missing)."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def xlsx_text(path: Path) -> str:
    """Every cell value (all sheets, hidden too), comment and defined name, and the raw XML."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    parts = [ws.title for ws in book.worksheets]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    parts.append(str(cell.value))
                if cell.comment is not None:
                    parts.append(cell.comment.text)
    parts += [f"{name}={item.attr_text}" for name, item in book.defined_names.items()]
    with zipfile.ZipFile(path) as package:
        parts += [decoded(package.read(n).decode("utf-8", "replace")) for n in package.namelist()]
    return "\n".join(parts)


def scan_file(path: Path, names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """:func:`find_pii` over the text of an ``.html``, ``.pdf``, ``.xlsx``, ``.json`` file."""
    path = Path(path)
    reader = {".html": html_text, ".pdf": pdf_text, ".xlsx": xlsx_text}.get(
        path.suffix.lower(), lambda p: decoded(Path(p).read_text(encoding="utf-8"))
    )
    return find_pii(reader(path), names)
