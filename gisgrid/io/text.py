"""Text from people's files, made safe to keep and to write out.

Word and WPS turn a soft line break into a vertical tab; terminals and pasted logs leave ESC
and BEL in cells. Excel files cannot hold these characters (openpyxl refuses the whole
workbook with ``IllegalCharacterError``) and a terminal obeys them. Imports clean them once
(:func:`clean_frame`): vertical tabs and form feeds become line breaks, the other control
characters are removed. Writers clean again (:func:`clean_text`), for text that reached the
project another way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CONTROL", "Cleaned", "clean_frame", "clean_text", "control_names"]

#: C0 controls but tab, line feed and carriage return; DEL; C1 controls (\x9b starts an
#: escape sequence in some terminals).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "backspace", "\x0b": "vertical tab",
    "\x0c": "form feed", "\x1b": "ESC", "\x7f": "DEL",
}  # fmt: skip


def clean_text(text: str) -> str:
    r"""Return ``text`` with vertical tabs and form feeds as line breaks, other controls gone.

    Examples
    --------
    >>> clean_text("第一行\x0b第二行\x1b[31m\x07")
    '第一行\n第二行[31m'
    """
    if not CONTROL.search(text):
        return text
    return CONTROL.sub("", text.translate(_BREAKS))


def control_names(text: str) -> str:
    """Name the control characters in ``text`` (``vertical tab, ESC``) for a report."""
    found = dict.fromkeys(CONTROL.findall(text))
    return ", ".join(_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in found)


@dataclass
class Cleaned:
    """What :func:`clean_frame` changed: how many cells, and the first (position, column)."""

    cells: int = 0
    position: int | None = None
    column: str | None = None
    what: str = ""


#: Bytes of UTF-8 text that are control characters on their own (C0 but tab, LF, CR; DEL).
_BAD_BYTE = np.zeros(256, dtype=bool)
_BAD_BYTE[[*range(0, 9), 11, 12, *range(14, 32), 127]] = True


def _utf8_has_controls(data: np.ndarray) -> bool:
    """Whether UTF-8 bytes hold a control character (C1 ones are 0xC2 0x80–0x9F)."""
    if _BAD_BYTE[data].any():
        return True
    lead = np.flatnonzero(data[:-1] == 0xC2)
    return bool(lead.size and ((data[lead + 1] >= 0x80) & (data[lead + 1] <= 0x9F)).any())


def _may_hold_controls(values: pd.Series) -> bool:
    """Tell quickly whether a text column may hold control characters (no false negatives).

    Arrow-backed text is scanned in its UTF-8 buffers; other columns as one joined text.
    """
    array = values.array
    if hasattr(array, "__arrow_array__"):
        try:
            chunked = array.__arrow_array__()
            chunks = chunked.chunks if hasattr(chunked, "chunks") else [chunked]
            for chunk in chunks:
                buffers = chunk.buffers()
                if len(buffers) < 3 or buffers[2] is None:
                    continue
                if _utf8_has_controls(np.frombuffer(buffers[2], dtype=np.uint8)):
                    return True
            return False
        except (AttributeError, TypeError, ValueError):  # another layout: read it as text
            pass
    texts = [v for v in values.tolist() if type(v) is str]
    return bool(texts) and CONTROL.search("\n".join(texts)) is not None


def clean_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, Cleaned]:
    """Clean the control characters out of every text cell of ``frame``.

    A column is searched as one joined text first (a million clean cells cost one regex
    search); only columns with a hit are cleaned cell by cell. The frame is returned as it
    is when nothing was found, else a copy.
    """
    out, report = frame, Cleaned()
    for col in frame.columns:
        values = frame[col]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            continue
        if not _may_hold_controls(values):
            continue
        obj = values.astype(object)
        bad = np.fromiter(
            (type(v) is str and CONTROL.search(v) is not None for v in obj.tolist()),
            dtype=bool,
            count=len(obj),
        )
        if not bad.any():
            continue
        if out is frame:
            out = frame.copy()
        fixed = obj.copy()
        fixed[bad] = [clean_text(v) for v in obj[bad].tolist()]
        out[col] = fixed if values.dtype == object else fixed.astype(values.dtype)
        first = int(np.flatnonzero(bad)[0])
        if report.position is None or first < report.position:
            report.position, report.column = first, str(col)
            report.what = control_names(obj.iat[first])
        report.cells += int(bad.sum())
    return out, report
