"""Offline address matching: an issue's address → a household, or at least a village.

No geocoding service is used (the office may have no internet, and addresses are personal).
Addresses are compared after normalising width, case, spaces and punctuation, and after
stripping the leading province/city/county/town part, which hotline operators write and
household ledgers often do not. An issue address matches the household whose (normalised)
address is the **longest** substring of it that ends on a number boundary, so
``张家庄村东3排12号门口`` finds ``张家庄村东3排12号`` but ``…112号`` never finds ``…12号``.
Failing that, the longest village name (with or without its 村/社区 suffix) in the address
gives the village.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

_PUNCT = re.compile(r"[\s,，.。;；:：、()（）\[\]【】\-—_/\\#＃\"'“”]+")
_ADMIN = [
    re.compile(r"^.{2,7}?(省|自治区)"),
    re.compile(r"^.{2,7}?(市|自治州|地区|盟)"),
    re.compile(r"^.{1,7}?(县|区|旗)"),
    re.compile(r"^.{1,7}?(镇|乡|街道办事处|街道)"),
]
_SUFFIX = re.compile(r"(村民委员会|居民委员会|村委会|居委会|社区|村)$")
MIN_LENGTH = 5


def normalise(address: object, town: str = "") -> str:
    """Return the comparable form of an address ("" for blanks)."""
    if not isinstance(address, str):
        return ""
    text = _PUNCT.sub("", unicodedata.normalize("NFKC", address).lower())
    if town:
        text = text.replace(_PUNCT.sub("", unicodedata.normalize("NFKC", town).lower()), "", 1)
    for pattern in _ADMIN:
        shorter = pattern.sub("", text, count=1)
        if len(shorter) >= MIN_LENGTH:
            text = shorter
    return text


@dataclass
class AddressMatch:
    """Per issue: matched household position (-1), village code (None) and how it matched."""

    household: np.ndarray
    village: np.ndarray
    how: np.ndarray  # "household", "village" or "none"


class AddressIndex:
    """Households' and villages' addresses, ready to match issue addresses against.

    Parameters
    ----------
    addresses : sequence of str
        Household addresses (None allowed).
    village_names, village_codes : sequence of str
        Villages of the project.
    town : str
        Township name, stripped from addresses before comparing.
    """

    def __init__(
        self,
        addresses: pd.Series,
        village_names: list[str],
        village_codes: list[str],
        town: str = "",
    ) -> None:
        self.town = town
        self.households: dict[str, int] = {}
        for i, a in enumerate(addresses.tolist()):
            key = normalise(a, town)
            if len(key) >= MIN_LENGTH:
                self.households.setdefault(key, i)
        self.lengths = sorted({len(k) for k in self.households}, reverse=True)
        names: dict[str, str] = {}
        for name, code in zip(village_names, village_codes):
            full = normalise(name)
            for key in (full, _SUFFIX.sub("", full)):
                if len(key) >= 2:
                    names.setdefault(key, code)
        self.villages = sorted(names.items(), key=lambda kv: -len(kv[0]))

    def _household(self, text: str) -> int:
        n = len(text)
        for length in self.lengths:
            if length > n:
                continue
            for start in range(0, n - length + 1):
                end = start + length
                if end < n and text[end].isdigit() and text[end - 1].isdigit():
                    continue  # would cut a number: 12号 inside 112号
                if start > 0 and text[start].isdigit() and text[start - 1].isdigit():
                    continue
                hit = self.households.get(text[start:end])
                if hit is not None:
                    return hit
        return -1

    def _village(self, text: str) -> str | None:
        for name, code in self.villages:
            if name in text:
                return code
        return None

    def match(self, addresses: pd.Series) -> AddressMatch:
        """Match issue ``addresses``; unique texts are matched once."""
        n = len(addresses)
        household = np.full(n, -1, dtype=np.int64)
        village = np.full(n, None, dtype=object)
        how = np.full(n, "none", dtype=object)
        values = addresses.astype(object).where(addresses.notna(), None).tolist()
        cache: dict[str, tuple[int, str | None]] = {}
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                continue
            if value not in cache:
                text = normalise(value, self.town)
                full = _PUNCT.sub("", unicodedata.normalize("NFKC", value).lower())
                cache[value] = (self._household(text), self._village(full))
            household[i], village[i] = cache[value]
        how[village != None] = "village"  # noqa: E711 -- elementwise on an object array
        how[household >= 0] = "household"
        return AddressMatch(household, village, how)
