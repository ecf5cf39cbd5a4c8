"""The legend and the table of a printed sheet, laid out in millimetres on the page axes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gisgrid.export.page import PT_PER_MM, Box
from gisgrid.export.printmap import Table, text_em

if TYPE_CHECKING:
    from gisgrid.export.printmap import MapSheet


def clip_text(text: str, width_mm: float, size_pt: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width_mm`` at ``size_pt``.

    Examples
    --------
    >>> clip_text("张家庄村第一网格", 10, 7)
    '张家庄…'
    """
    em_mm = size_pt / PT_PER_MM
    if text_em(text) * em_mm <= width_mm:
        return text
    out = ""
    for ch in text:
        if text_em(out + ch + "…") * em_mm > width_mm:
            break
        out += ch
    return out + "…"


def draw_legend(page, box: Box, sheet: MapSheet, k: float) -> None:
    """Colour swatches (and line symbols) of ``sheet`` in columns filling ``box``."""
    from matplotlib.patches import Rectangle

    size = 7.0 * k
    row = 4.4 * k
    top = box.y + box.h - 2 * k
    page.text(box.x, top, sheet.legend_title, ha="left", va="top", fontsize=8.5 * k,
              fontweight="bold")  # fmt: skip
    entries: list[tuple[str, str, float | None]] = [(t, c, None) for t, c in sheet.legend]
    entries += [(t, c, w) for t, c, w in sheet.legend_lines]
    if not entries:
        return
    y0 = top - 6.5 * k
    rows = max(1, int((y0 - box.y) // row))
    widest = max(text_em(t) for t, _, _ in entries) * size / PT_PER_MM + 9 * k
    cols = max(1, min(math.ceil(len(entries) / rows), int(box.w // min(widest, box.w))))
    capacity = rows * cols
    if len(entries) > capacity:
        hidden = len(entries) - capacity + 1
        entries = entries[: capacity - 1] + [(f"… 另有 {hidden} 项", "", None)]
    col_w = box.w / cols
    for i, (text, color, width) in enumerate(entries):
        c, r = divmod(i, rows)
        x, y = box.x + c * col_w, y0 - r * row
        if color and width is None:
            page.add_patch(Rectangle((x, y - 3.2 * k), 6 * k, 3.2 * k, fc=color, ec="#555555",
                                     lw=0.4))  # fmt: skip
        elif color:
            page.plot([x, x + 6 * k], [y - 1.6 * k] * 2, color=color, lw=width,
                      solid_capstyle="butt")  # fmt: skip
        label = clip_text(text, col_w - 9 * k, size)
        page.text(x + 8 * k, y - 1.6 * k, label, ha="left", va="center", fontsize=size)


def draw_table(page, box: Box, table: Table, k: float) -> None:
    """Draw ``table`` in ``box``, split into side-by-side blocks and shrunk to fit."""
    from matplotlib.patches import Rectangle

    n = len(table.rows)
    title_h = 6.0 * k
    size, blocks, per_block = _table_fit(box, table, n, title_h, k)
    row_h = size * 1.55 / PT_PER_MM
    page.text(box.x, box.y + box.h - 1.5 * k, table.title, ha="left", va="top",
              fontsize=8.5 * k, fontweight="bold")  # fmt: skip
    shown = list(table.rows)
    if blocks * per_block < n:
        keep = blocks * per_block - 1
        shown = shown[:keep] + [[f"… 另有 {n - keep} 行"] + [""] * (len(table.columns) - 1)]
    gap = 3.0 * k
    block_w = (box.w - gap * (blocks - 1)) / blocks
    need = _column_ems(table)
    widths = [block_w * w / sum(need) for w in need]
    align = list(table.align) or ["l"] * len(table.columns)
    top = box.y + box.h - title_h
    for b in range(blocks):
        x0 = box.x + b * (block_w + gap)
        part = shown[b * per_block : (b + 1) * per_block]
        if not part:
            break
        page.add_patch(Rectangle((x0, top - row_h), block_w, row_h, fc="#dbe5f1", ec="none"))
        _table_row(page, x0, top - row_h / 2, widths, table.columns, ["c"] * len(widths), size,
                   bold=True)  # fmt: skip
        for r, values in enumerate(part):
            y = top - (r + 2) * row_h
            if r % 2 == 1:
                page.add_patch(Rectangle((x0, y), block_w, row_h, fc="#f3f3f3", ec="none"))
            _table_row(page, x0, y + row_h / 2, widths, values, align, size)
        bottom = top - (len(part) + 1) * row_h
        page.plot([x0, x0 + block_w], [top, top], color="#333333", lw=0.8)
        page.plot([x0, x0 + block_w], [top - row_h] * 2, color="#333333", lw=0.5)
        page.plot([x0, x0 + block_w], [bottom, bottom], color="#333333", lw=0.8)


def _column_ems(table: Table) -> list[float]:
    """Width each column needs in ems: its widest cell or header (long names capped)."""
    return [
        min(max([text_em(str(table.columns[i]))] + [text_em(str(r[i])) for r in table.rows]), 10)
        + 1.0
        for i in range(len(table.columns))
    ]


def _table_fit(box: Box, table: Table, n: int, title_h: float, k: float):
    """Font size, number of side-by-side blocks and rows per block that fit ``box``."""
    need_em = sum(_column_ems(table))
    size = 7.0 * k
    while True:
        row_h = size * 1.55 / PT_PER_MM
        per_block = max(1, int((box.h - title_h) // row_h) - 1)
        min_w = need_em * size / PT_PER_MM
        max_blocks = max(1, int((box.w + 3 * k) // (min_w + 3 * k)))
        blocks = min(max_blocks, math.ceil(n / per_block)) if n else 1
        if blocks * per_block >= n or size <= 4.5 * k:
            return size, max(1, blocks), per_block
        size -= 0.5 * k


def _table_row(page, x0, y, widths, values, align, size, bold=False) -> None:
    x = x0
    pad = 0.8
    for w, value, a in zip(widths, values, align):
        text = clip_text(str(value), w - 2 * pad, size)
        if a == "r":
            tx, ha = x + w - pad, "right"
        elif a == "c":
            tx, ha = x + w / 2, "center"
        else:
            tx, ha = x + pad, "left"
        page.text(tx, y, text, ha=ha, va="center", fontsize=size,
                  fontweight="bold" if bold else "normal")  # fmt: skip
        x += w
