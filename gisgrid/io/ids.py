"""Stable ids for rows that come without one, and duplicate-id warnings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gisgrid.schema import spec

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def stable_ids(frame: pd.DataFrame, prefix: str) -> pd.Series:
    """Return ids that depend only on each row's content (the same file gives the same ids).

    The id is ``prefix`` plus 16 hex digits of a 64-bit hash of the row's values; identical
    rows get ``-2``, ``-3`` … in file order. Vectorised: no Python loop over rows.

    Examples
    --------
    >>> df = pd.DataFrame({"户主": ["王明", "李华", "王明"]})
    >>> stable_ids(df, "H").str.len().tolist()
    [17, 17, 19]
    """
    if len(frame) == 0:
        return pd.Series([], dtype="str")
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy(np.uint64)
    shifts = np.arange(60, -4, -4, dtype=np.uint64)
    digits = ((hashed[:, None] >> shifts) & np.uint64(0xF)).astype(np.intp)
    text = _HEX[digits].view(f"S{len(shifts)}").ravel().astype(str)
    ids = pd.Series(np.char.add(prefix, text), index=frame.index, dtype=object)
    nth = pd.Series(hashed).groupby(hashed).cumcount().to_numpy()
    again = nth > 0
    if again.any():
        ids[again] = ids[again] + "-" + (nth[again] + 1).astype(str)
    return ids


def duplicate_warning(frame: pd.DataFrame, layer: str, rows: np.ndarray) -> str | None:
    """Return a warning naming duplicate ids/codes of ``layer`` in ``frame`` (they are kept)."""
    key = spec(layer).key
    if not key or key not in frame:
        return None
    values = frame[key]
    dup = (values.notna() & values.duplicated(keep=False)).to_numpy()
    if not dup.any():
        return None
    examples = ", ".join(
        f"{v} (rows {', '.join(map(str, rows[(values == v).to_numpy()][:3]))})"
        for v in pd.unique(values[dup])[:3]
    )
    return (
        f"{int(dup.sum())} rows share a {key} with another row, e.g. {examples}; kept as they are"
    )
