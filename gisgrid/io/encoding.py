"""Text encodings of Shapefile .dbf and CSV files: honour what the file says, else detect.

Chinese offices' shapefiles are mostly GBK with no ``.cpg``; read as UTF-8 they come out as
mojibake. The order of evidence is: the user's ``encoding`` option, the ``.cpg`` file, the
.dbf language-driver byte (when it names a CJK code page), then the bytes themselves — strict
UTF-8 first (GBK text essentially never passes it), then strict GB18030 (a superset of GBK and
GB2312), then charset-normalizer's guess.
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


def dbf_encoding(shp: Path, option: str | None) -> tuple[str, str]:
    """Choose the encoding of the .dbf beside ``shp``.

    Returns
    -------
    tuple
        ``(codec, how)``.

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
        return enc, "--encoding option"
    declared = _declared(shp, ldid)
    if declared is not None:
        enc, how = declared
        if decodes(text, enc, final=not cut):
            return enc, how
    enc, how = detect_bytes(text, final=not cut)
    if declared is not None and enc is not None:
        how = f"{how}; the {declared[1]} names {declared[0]}, which does not fit the text"
    if enc is None:
        raise InputError(
            f"{shp.name}: cannot tell the text encoding of the .dbf; "
            "pass --encoding (e.g. gbk or utf-8)"
        )
    return ("utf-8" if enc == "utf-8-sig" else enc), how


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
