"""Masking of personal information for exports meant for a wall or a meeting.

Names keep their first (and, from three characters, last) character: ``王小明`` → ``王*明``,
``李华`` → ``李*``. Phone numbers keep their first three and last four digits:
``13812341234`` → ``138****1234`` (separators and a ``+86`` prefix are kept in place).
ID numbers keep the 6-digit region code and the last four characters:
``370523198001011234`` → ``370523********1234``. Missing values stay missing.

Every function takes one value or a pandas Series (then returns a Series).

Examples
--------
>>> mask_name("王小明"), mask_name("李华"), mask_phone("13812341234")
('王*明', '李*', '138****1234')
>>> mask_id("370523198001011234")
'370523********1234'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

#: Personal columns per project layer and how to mask them.
PERSONAL_COLUMNS: dict[str, dict[str, str]] = {
    "households": {"head": "name", "phone": "phone", "id_number": "id"},
    "cadres": {"phone": "phone"},
}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _vectorised(func: Callable[[str], str]) -> Callable[[Any], Any]:
    def wrapper(value: Any) -> Any:
        if isinstance(value, pd.Series):
            return value.map(lambda v: v if _missing(v) else func(str(v)))
        return value if _missing(value) else func(str(value))

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@_vectorised
def mask_name(name: str) -> str:
    """Mask a person's name: ``王小明`` → ``王*明``, ``李华`` → ``李*``, ``欧阳小明`` → ``欧**明``.

    Parameters
    ----------
    name : str or pandas.Series
        Name(s); surrounding blanks are dropped, missing values stay missing.
    """
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@_vectorised
def mask_phone(phone: str) -> str:
    """Mask a phone number: ``13812341234`` → ``138****1234``.

    The four digits before the last four are starred (for numbers of eight digits or fewer,
    every digit but the last four), keeping separators; a ``+86``/``86`` country prefix is
    left as it is. Text with no digits is returned unchanged.

    Parameters
    ----------
    phone : str or pandas.Series
        Phone number(s).
    """
    positions = [m.start() for m in re.finditer(r"\d", phone)]
    n = len(positions)
    if n == 0:
        return phone
    hide = range(max(0, n - 8), n - 4) if n > 8 else range(0, max(0, n - 4))
    chars = list(phone)
    for k in hide:
        chars[positions[k]] = "*"
    return "".join(chars)


@_vectorised
def mask_id(number: str) -> str:
    """Mask an ID-card number: ``370523198001011234`` → ``370523********1234``.

    Keeps the first six (region) and last four characters; shorter numbers keep only their
    last two characters.

    Parameters
    ----------
    number : str or pandas.Series
        ID number(s) (18- or 15-character resident ID, or any other identifier).
    """
    number = number.strip()
    if len(number) >= 11:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * max(0, len(number) - 2) + number[-2:]


_MASKS: dict[str, Callable[[Any], Any]] = {"name": mask_name, "phone": mask_phone, "id": mask_id}


def mask_frame(frame: pd.DataFrame, layer: str) -> pd.DataFrame:
    """Return a copy of a layer's table with its personal columns masked.

    Parameters
    ----------
    frame : pandas.DataFrame
        A ``households`` or ``cadres`` table (other layers are returned unchanged, copied).
    layer : str
        The layer the table belongs to (see :data:`PERSONAL_COLUMNS`).
    """
    out = frame.copy()
    for column, kind in PERSONAL_COLUMNS.get(layer, {}).items():
        if column in out.columns:
            out[column] = _MASKS[kind](out[column])
    return out
