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

Citizens write numbers and names into free text too ("户主王小明，电话13812341234");
:func:`mask_text` masks the phone and ID numbers it finds in such text, and the given names.

>>> mask_text("户主王小明，电话13812341234", names={"王小明"})
'户主王*明，电话138****1234'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
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


# Full-width digits (１３８…) are read as ASCII ones (one character for one, so positions hold).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ＋－", "0123456789Xx+-")
_ID_NUMBER = r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])"
_MOBILE = r"(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d){8}(?!\d)"
_LANDLINE = r"(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8}(?!\d)"
_NUMBERS = re.compile(f"(?P<id>{_ID_NUMBER})|(?P<phone>{_MOBILE}|{_LANDLINE})")


def mask_text(text: Any, names: Collection[str] = ()) -> Any:
    """Mask phone and ID numbers, and the given people's names, inside free text.

    Mobile numbers (with ``+86``, blanks or dashes), landlines (``0546-8211234``) and 15/18-
    character ID numbers are masked as :func:`mask_phone` and :func:`mask_id` do; every
    occurrence of a name in ``names`` (two to four characters) as :func:`mask_name` does.

    Parameters
    ----------
    text : str or pandas.Series
        Free text, e.g. issue descriptions; missing values stay missing.
    names : collection of str
        Full names to mask wherever they occur (e.g. :func:`personal_names`).

    Examples
    --------
    >>> mask_text("联系电话：0546-8211234，身份证37052319800101123X")
    '联系电话：054*-***1234，身份证370523********123X'
    """
    if isinstance(text, pd.Series):
        return text.map(lambda v: mask_text(v, names))
    if _missing(text):
        return text
    text = str(text)
    probe, pieces, end = text.translate(_FULL_WIDTH), [], 0
    for m in _NUMBERS.finditer(probe):
        pieces += [text[end : m.start()], (mask_id if m.group("id") else mask_phone)(m.group())]
        end = m.end()
    text = "".join([*pieces, text[end:]])
    return _mask_names(text, names) if names else text


def _mask_names(text: str, names: Collection[str]) -> str:
    chars, i = list(text), 0
    while i < len(text) - 1:
        for size in (4, 3, 2):  # the longest name first: 欧阳小明 before 欧阳
            if text[i : i + size] in names:
                chars[i : i + size] = mask_name(text[i : i + size])
                i += size
                break
        else:
            i += 1
    return "".join(chars)


def personal_names(project: Any) -> frozenset[str]:
    """Return the full names of household heads and cadres (2–4 characters) of ``project``.

    What :func:`mask_text` masks in citizens' text for an export that masks names.
    """
    found: set[str] = set()
    for layer, column in (("households", "head"), ("cadres", "name")):
        frame = project.layer(layer)
        if column in frame:
            values = frame[column].dropna().astype(str).str.strip()
            found.update(v for v in values if 2 <= len(v) <= 4)
    return frozenset(found)


#: Columns of the issues layer that hold citizens' own words.
CITIZEN_TEXT: tuple[str, ...] = ("description", "address")


def mask_citizen_text(issues: pd.DataFrame, names: Collection[str] = ()) -> pd.DataFrame:
    """Return a copy of an issues table with :func:`mask_text` applied to its free text.

    Parameters
    ----------
    issues : pandas.DataFrame
        Issues (the :data:`CITIZEN_TEXT` columns present are masked; others are kept).
    names : collection of str
        Names to mask, e.g. :func:`personal_names` of the project.
    """
    out = issues.copy()
    for column in CITIZEN_TEXT:
        if column in out.columns:
            out[column] = mask_text(out[column].astype(object), names)
    return out


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
