"""Text encodings of Shapefile .dbf and CSV files: honour what the file says, else detect.

Chinese offices' shapefiles are mostly GBK with no ``.cpg``; read as UTF-8 they come out as
mojibake. The order of evidence is: the user's ``encoding`` option, the ``.cpg`` file, the
.dbf language-driver byte (when it names a CJK code page), then the bytes themselves — strict
UTF-8 first (GBK text essentially never passes it), then strict GB18030 (a superset of GBK and
GB2312) — unless the bytes are also valid Big5 and read as far more plausible Chinese in Big5
(Taiwan data: Big5 bytes are nearly always valid GBK too, as mojibake) — then
charset-normalizer's guess. Text that still looks garbled is reported (:func:`garbled`).
"""

from __future__ import annotations

import codecs
import struct
from pathlib import Path

from gisgrid.errors import InputError

#: .dbf byte 29 (language driver id) → Python codec, for the code pages whose bytes are
#: otherwise ambiguous. Western ids (0x01–0x03, 0x57 "ANSI") are not trusted: Chinese tools
#: write them over GBK data, so those files go through detection.
DBF_LANGUAGE_DRIVERS: dict[int, str] = {
    0x4D: "gb18030",  # 936 Chinese GBK (PRC)
    0x7A: "gb18030",  # 936 PRC GBK
    0x4F: "big5",  # 950 Chinese Big5 (Taiwan)
    0x78: "big5",  # 950
    0x4E: "cp949",  # 949 Korean
    0x79: "cp949",
    0x13: "cp932",  # 932 Japanese Shift-JIS
    0x7B: "cp932",
}

SAMPLE_BYTES = 8 * 1024 * 1024


def codec_name(encoding: str, source: str | Path) -> str:
    """Return Python's canonical name of ``encoding``, or raise a clear :class:`InputError`."""
    try:
        name = codecs.lookup(encoding.strip()).name
    except (LookupError, AttributeError, ValueError):  # ValueError: a NUL in the name
        raise InputError(
            f"{Path(source).name}: unknown text encoding {encoding!r}; "
            "use e.g. --encoding gbk, gb18030 or utf-8"
        ) from None
    return "gb18030" if name in {"gbk", "gb2312"} else name


def decodes(data: bytes, encoding: str, final: bool = True) -> bool:
    """Whether ``data`` is valid ``encoding`` text (a cut-off last character is allowed)."""
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(data, final=final)
    except UnicodeError:  # UTF-16 without a byte-order mark raises the base class
        return False
    return True


#: Lead bytes of each encoding's common characters: GB2312 level-1 hanzi (B0–D7) and Big5's
#: frequently used hanzi (A4–C6), both with their punctuation rows (A1–A3).
_COMMON_LEADS = {"gb2312": range(0xA1, 0xD8), "big5": range(0xA1, 0xC7)}
_FAMILY = {"gb18030": "gb2312", "gbk": "gb2312", "gb2312": "gb2312", "big5": "big5"}
_FAMILY["cp950"] = "big5"
#: Big5 is chosen over GB18030 when its share of common characters is this much higher.
BIG5_MARGIN = 0.25
#: Below this share of common characters the decoded text is called garbled.
GARBLED_BELOW = 0.6
#: Fewer non-ASCII characters than this say nothing about the encoding.
_MIN_CHARS = 4


def _char_score(ch: str, family: str) -> float:
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF:  # CJK unified ideograph: common (1) or rare (0.5)
        try:
            lead = ch.encode(family)[0]
        except UnicodeEncodeError:
            return 0.5
        return 1.0 if lead in _COMMON_LEADS[family] else 0.5
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or ch in "·—…“”‘’、。":
        return 1.0  # CJK and full-width punctuation
    return 0.0  # kana, private use, box drawing, Greek, Cyrillic …: mojibake in Chinese data


def plausibility(data: bytes, encoding: str, limit: int = 256 * 1024) -> float | None:
    """How much ``data`` decoded as ``encoding`` looks like Chinese text (0 mojibake … 1).

    The share of non-ASCII characters that are common Chinese characters or punctuation of
    that encoding (a rare ideograph counts half). Text decoded in the wrong one of GB18030 and
    Big5 turns into kana, private-use and rare characters, so the right one scores higher.

    Returns
    -------
    float or None
        None when there are too few non-ASCII characters to tell, or for an encoding other
        than GB18030/GBK and Big5.

    Examples
    --------
    >>> plausibility("中正里 大安里".encode("big5"), "big5")
    1.0
    >>> plausibility("中正里 大安里".encode("big5"), "gb18030") < 0.5
    True
    """
    family = _FAMILY.get(codec_name(encoding, "data"))
    if family is None:
        return None
    text = data[:limit].decode(encoding, errors="ignore")
    counts: dict[str, int] = {}
    for ch in text:
        if ord(ch) > 0x7F:
            counts[ch] = counts.get(ch, 0) + 1
    total = sum(counts.values())
    if total < _MIN_CHARS:
        return None
    return sum(n * _char_score(ch, family) for ch, n in counts.items()) / total


def garbled(data: bytes, encoding: str) -> str | None:
    """Say so when ``data`` read as ``encoding`` looks like mojibake (for a warning), else None."""
    score = plausibility(data, encoding)
    if score is None or score >= GARBLED_BELOW:
        return None
    return (
        f"the text read as {encoding} looks garbled (only {score:.0%} common Chinese "
        "characters); if the names look wrong, pass --encoding big5 (Taiwan, Hong Kong), "
        "gb18030 or utf-8"
    )


def detect_bytes(data: bytes, final: bool = True) -> tuple[str | None, str]:
    """Guess the encoding of ``data``.

    Returns
    -------
    tuple
        ``(codec or None, how)`` where ``how`` says what decided it.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "byte-order mark"
    if data.isascii():
        return "utf-8", "plain ASCII"
    if decodes(data, "utf-8", final):
        return "utf-8", "valid UTF-8"
    if decodes(data, "gb18030", final):
        big5 = next((e for e in ("big5", "cp950") if decodes(data, e, final)), None)
        if big5 is not None:
            gb, tw = plausibility(data, "gb18030"), plausibility(data, big5)
            if gb is not None and tw is not None and tw > gb + BIG5_MARGIN:
                return big5, (
                    f"not UTF-8; reads as Chinese in Big5 ({tw:.0%} common characters) and as "
                    f"mojibake in GB18030 ({gb:.0%})"
                )
        return "gb18030", "not UTF-8; valid GB18030/GBK"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES]).best()
    if best is not None and best.encoding:
        return codecs.lookup(best.encoding).name, "guessed by charset-normalizer"
    return None, "undecidable"


def dbf_text(path: Path, limit: int = SAMPLE_BYTES) -> tuple[int, bytes]:
    """Return the .dbf language-driver byte and its field names plus record bytes."""
    with open(path, "rb") as fh:
        head = fh.read(32)
        if len(head) < 32:
            raise InputError(f"{path.name}: the .dbf is empty or cut off; export the layer again")
        header_len = struct.unpack("<H", head[8:10])[0]
        rest = fh.read(max(header_len - 32, 0))
        records = fh.read(limit)
    names = b"".join(rest[i : i + 11].split(b"\0")[0] for i in range(0, len(rest) - 31, 32))
    return head[29], names + b"\n" + records


def dbf_encoding(shp: Path, option: str | None) -> tuple[str, str, str | None]:
    """Choose the encoding of the .dbf beside ``shp``.

    Returns
    -------
    tuple
        ``(codec, how, warning)``; the warning (else None) says the text looks garbled in
        that codec (see :func:`garbled`).

    Raises
    ------
    InputError
        If the option names an unknown codec, the text does not decode with it, or nothing
        decodes the text.
    """
    dbf = sidecar(shp, ".dbf")
    assert dbf is not None
    ldid, text = dbf_text(dbf)
    cut = dbf.stat().st_size > SAMPLE_BYTES
    if option:
        enc = codec_name(option, shp)
        if not decodes(text, enc, final=not cut):
            raise InputError(
                f"{shp.name}: the .dbf text is not valid {option}; "
                "try --encoding gb18030 or utf-8, or leave --encoding out to detect it"
            )
        return enc, "--encoding option", garbled(text, enc)
    declared = _declared(shp, ldid)
    if declared is not None:
        enc, how = declared
        if decodes(text, enc, final=not cut):
            return enc, how, garbled(text, enc)
    enc, how = detect_bytes(text, final=not cut)
    if declared is not None and enc is not None:
        how = f"{how}; the {declared[1]} names {declared[0]}, which does not fit the text"
    if enc is None:
        raise InputError(
            f"{shp.name}: cannot tell the text encoding of the .dbf; "
            "pass --encoding (e.g. gbk or utf-8)"
        )
    enc = "utf-8" if enc == "utf-8-sig" else enc
    return enc, how, garbled(text, enc)


def _declared(shp: Path, ldid: int) -> tuple[str, str] | None:
    """Return the encoding the .cpg file or the .dbf language byte declares, if any."""
    cpg = sidecar(shp, ".cpg")
    if cpg is not None:
        declared = cpg.read_text(encoding="ascii", errors="ignore").strip()
        if declared:
            if declared.isdigit():  # ArcGIS writes code page numbers, e.g. 936
                declared = "utf-8" if declared == "65001" else f"cp{declared}"
            try:
                return codec_name(declared, shp), f".cpg file ({declared})"
            except InputError:
                pass  # an unknown name in the .cpg: fall through
    if ldid in DBF_LANGUAGE_DRIVERS:
        return DBF_LANGUAGE_DRIVERS[ldid], f".dbf language driver 0x{ldid:02X}"
    return None


def sidecar(path: Path, suffix: str) -> Path | None:
    """Return the file beside ``path`` with ``suffix`` in any letter case, or None."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    stem = path.stem.lower()
    for candidate in path.parent.iterdir():
        if candidate.stem.lower() == stem and candidate.suffix.lower() == suffix:
            return candidate
    return None
