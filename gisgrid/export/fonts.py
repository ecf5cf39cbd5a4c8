"""Find an installed Chinese (CJK) font for matplotlib, which does not fall back on its own.

Without an explicit CJK family matplotlib draws every Chinese character as a box. The
families below are tried in order; a font cache that predates a newly installed font is
refreshed once (new system font files are added to matplotlib's font manager).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gisgrid.errors import InputError

#: CJK families tried in order (Simplified Chinese first).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)

FONT_HINT = (
    "no Chinese font found for the print maps; install one (Debian/Ubuntu: "
    "`sudo apt-get install fonts-noto-cjk`, or copy SimHei / Microsoft YaHei into "
    "~/.local/share/fonts) and run the export again"
)


@dataclass(frozen=True)
class CjkFont:
    """An installed CJK font: its family name and the file matplotlib reads."""

    family: str
    path: str


def _find(preferred: tuple[str, ...]) -> CjkFont | None:
    from matplotlib import font_manager

    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        # Prefer the regular weight file of a family; bold comes from the same family.
        if entry.name not in by_name or entry.weight in (400, "normal", "regular"):
            by_name[entry.name] = entry.fname
    for family in preferred:
        if family in by_name:
            return CjkFont(family, by_name[family])
    return None


def _refresh_font_cache() -> bool:
    """Add system font files the cached font list does not know; True if any were added."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
                added = True
            except (OSError, RuntimeError, ValueError):
                continue  # unreadable or unsupported file: skip it like matplotlib does
    return added


@functools.lru_cache(maxsize=4)
def find_cjk_font(preferred: tuple[str, ...] = CJK_FAMILIES) -> CjkFont:
    """Return the first installed family of ``preferred``.

    Parameters
    ----------
    preferred : tuple of str
        Family names to try, in order.

    Returns
    -------
    CjkFont
        The family and its file.

    Raises
    ------
    InputError
        If none is installed, naming the Debian package ``fonts-noto-cjk``.
    """
    font = _find(preferred)
    if font is None and _refresh_font_cache():
        font = _find(preferred)
    if font is None:
        raise InputError(FONT_HINT)
    return font


def cjk_rc(font: CjkFont | None = None) -> dict[str, object]:
    """Return matplotlib settings drawing Chinese in ``font``, embedded as TrueType (Type 42).

    Use with ``matplotlib.rc_context(cjk_rc())`` so global settings stay untouched.
    """
    font = font or find_cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [font.family, "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font has no U+2212 minus in every family
        "pdf.fonttype": 42,  # embed TrueType/OpenType outlines: text stays text, prints alike
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "text.parse_math": False,  # names and citizens' text with "$" are text, not TeX
    }


#: matplotlib's settings are global: two renderings at once (an export on a worker while the
#: dialog renders a preview) would reset each other's font and draw missing-glyph boxes.
_RENDER_LOCK = threading.RLock()


@contextmanager
def cjk_rendering(font: CjkFont | None = None) -> Iterator[None]:
    """Draw with matplotlib in the CJK font, one rendering at a time across threads.

    Examples
    --------
    >>> with cjk_rendering():  # doctest: +SKIP
    ...     figure.savefig("map.pdf")
    """
    import matplotlib

    with _RENDER_LOCK, matplotlib.rc_context(cjk_rc(font)):
        yield
