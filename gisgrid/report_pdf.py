"""The weekly pack as a printable A4 PDF (matplotlib, the Chinese font embedded as TrueType).

Pages: headline figures and the hotspot map; the grids with the highest issue rates and the
ones that worsened most, with their owners; the overdue list and repeat complaints; category
trends and visit coverage; for the monthly report the village and cadre rankings. The charts
(:func:`trend_chart`, :func:`coverage_chart`, :func:`hotspot_chart`) are shared with the HTML
page, which embeds them as images.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.emerging import PATTERN_STYLE
from gisgrid.errors import InputError
from gisgrid.export.fonts import cjk_rendering
from gisgrid.io.atomic import atomic_write
from gisgrid.report import hotspot_window, summary_lines
from gisgrid.report_xlsx import deadline_text

A4 = (210.0, 297.0)
MM = 1 / 25.4
NAVY, GREY, LINE = "#1f3864", "#595959", "#bfbfbf"
GOOD, BAD = "#2e7d32", "#c62828"
GI_STYLE: dict[int, tuple[str, str]] = {
    3: ("热点 99%", "#d62f27"),
    2: ("热点 95%", "#ed7551"),
    1: ("热点 90%", "#fab984"),
    0: ("不显著", "#f4f4f0"),
    -1: ("冷点 90%", "#c0d6e4"),
    -2: ("冷点 95%", "#7ba7cc"),
    -3: ("冷点 99%", "#4575b5"),
}


def fmt(value: Any, unit: str = "", digits: int = 1) -> str:
    """Format a figure for print: ``—`` when missing, integers without decimals."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.{digits}f}{unit}"
    return f"{int(value)}{unit}"


def txt(value: Any, default: str = "—") -> str:
    """``value`` as text, ``default`` when missing (None, NaN, empty)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return default
    return str(value) or default


def change_text(row: pd.Series) -> tuple[str, str]:
    """``(text, colour)`` of a headline change, e.g. ``("▲ 8", green)``."""
    change = row["change"]
    if change is None or pd.isna(change):
        return "—", GREY
    if change == 0:
        return "持平", GREY
    good = (change > 0) == bool(row["good_up"])
    arrow = "▲" if change > 0 else "▼"
    unit = "个百分点" if row["unit"] == "%" else row["unit"]
    return f"{arrow} {fmt(abs(float(change)), '', 2 if row['unit'] == '分' else 1)}{unit}", (
        GOOD if good else BAD
    )


# -- charts shared with the HTML page -------------------------------------------------------
def trend_chart(report: Any, size_mm: tuple[float, float] = (190, 85)):
    """Line chart of cases per week and category over the trend weeks (a matplotlib Figure)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size_mm[0] * MM, size_mm[1] * MM))
    ax = fig.add_axes((0.07, 0.2, 0.66, 0.72))
    table = report.trends
    x = np.arange(len(table))
    colors = [
        "#1f77b4",
        "#d62728",
        "#2ca02c",
        "#ff7f0e",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#17becf",
        "#bcbd22",
    ]
    for i, cat in enumerate(table.columns):
        ax.plot(
            x,
            table[cat].to_numpy(),
            marker="o",
            ms=2.5,
            lw=1.3,
            color=colors[i % len(colors)],
            label=str(cat),
        )
    ax.set_xticks(x, [w.split("-")[1] for w in table.index], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel("受理件数", fontsize=8)
    ax.grid(axis="y", color="#e0e0e0", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if len(table):
        ax.axvspan(len(table) - 1.4, len(table) - 0.6, color="#fff2cc", zorder=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    return fig


def coverage_chart(report: Any, size_mm: tuple[float, float] = (190, 110)):
    """Horizontal bars of visit coverage per village, lowest first (a matplotlib Figure)."""
    from matplotlib.figure import Figure

    visits = report.visits
    fig = Figure(figsize=(size_mm[0] * MM, size_mm[1] * MM))
    ax = fig.add_axes((0.16, 0.08, 0.8, 0.88))
    share = visits["share"].fillna(0).to_numpy()
    y = np.arange(len(visits))
    ax.barh(y, share, color=np.where(share < 10, "#e06666", "#6fa8dc"), height=0.7)
    ax.set_yticks(y, visits["village_name"].astype(str), fontsize=5.5)
    ax.invert_yaxis()
    ax.set_xlim(0, max(10.0, float(share.max()) * 1.15) if len(share) else 100)
    ax.set_xlabel(f"近{30}日入户走访覆盖率（%）", fontsize=7)
    ax.tick_params(axis="x", labelsize=6)
    ax.grid(axis="x", color="#e0e0e0", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    for yi, v, n in zip(y, share, visits["visited"]):
        ax.text(v + 0.3, yi, f"{v:.1f}%（{n}户）", va="center", fontsize=5)
    return fig


def hotspot_chart(report: Any, size_mm: tuple[float, float] = (190, 125)):
    """Draw the grids on a static map by emerging-hotspot pattern (or Gi* class), with a legend."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(size_mm[0] * MM, size_mm[1] * MM))
    ax = fig.add_axes((0.0, 0.0, 0.74, 1.0))
    ax.set_axis_off()
    hot = report.hotspot
    if hot is None:
        ax.text(0.5, 0.5, "本期无可分析的诉求，未生成热点图", ha="center", fontsize=10)
        return fig
    grids = hot.grids.to_crs(hot.crs)
    if grids["trend"].notna().any():
        keys = [t if t in PATTERN_STYLE else "no_pattern" for t in grids["trend"]]
        style, title = PATTERN_STYLE, f"时空热点模式（{hotspot_window(hot)}）"
    else:
        keys = [int(c) for c in grids["gi_class"]]
        style, title = GI_STYLE, "Gi* 热点分级"
    grids.plot(ax=ax, color=[style[k][1] for k in keys], edgecolor="#9a9a9a", linewidth=0.15)
    villages = report.villages
    if villages is not None and len(villages):
        villages = villages.to_crs(hot.crs)
        villages.boundary.plot(ax=ax, color="#404040", linewidth=0.6)
        points = villages.geometry.representative_point()
        for name, point in zip(villages["name"], points):
            ax.text(
                point.x,
                point.y,
                str(name),
                ha="center",
                va="center",
                fontsize=4.2,
                color="#303030",
                alpha=0.85,
            )
    gi = grids[grids["gi_class"] >= 2]
    if len(gi):
        gi.boundary.plot(ax=ax, color="#7f0000", linewidth=0.8)
    ax.set_aspect("equal")
    present = [k for k in style if k in set(keys)]
    handles = [Patch(fc=style[k][1], ec="#9a9a9a", label=style[k][0]) for k in present]
    if len(gi):
        handles.append(Patch(fc="none", ec="#7f0000", lw=1.0, label="Gi* 热点（95%以上）"))
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.75, 0.95),
        fontsize=7,
        title=title,
        title_fontsize=8,
        frameon=False,
    )
    return fig


# -- page drawing -------------------------------------------------------------------------
class _Page:
    """One A4 page in millimetres from the top-left corner, with header and footer."""

    def __init__(self, report: Any, number: int):
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=(A4[0] * MM, A4[1] * MM))
        self.report = report
        self.y = 30.0
        self.text(15, 12, report.title, size=15, weight="bold", color=NAVY)
        self.text(195, 12, report.period_text, size=9, ha="right", color=GREY)
        self.fig.add_artist(self._line(19, NAVY, 1.2))
        masked = "个人信息已脱敏" if report.masked else "含未脱敏个人信息，仅限内部使用"
        foot = f"数据截至 {report.at:%Y-%m-%d %H:%M} · {masked} · 网格办"
        self.fig.add_artist(self._line(285, LINE, 0.6))
        self.text(15, 290, foot, size=7, color=GREY)
        self.text(195, 290, f"第 {number} 页", size=7, color=GREY, ha="right")

    def _line(self, y: float, color: str, lw: float):
        from matplotlib.lines import Line2D

        return Line2D(
            [15 / A4[0], 195 / A4[0]],
            [1 - y / A4[1]] * 2,
            color=color,
            lw=lw,
            transform=self.fig.transFigure,
        )

    def text(self, x: float, y: float, s: str, size: float = 9, **kw: Any) -> None:
        """Put text at (x, y) mm from the top-left (vertically centred)."""
        weight = kw.pop("weight", "normal")
        self.fig.text(
            x / A4[0],
            1 - y / A4[1],
            s,
            fontsize=size,
            fontweight=weight,
            va=kw.pop("va", "center"),
            **kw,
        )

    def rect(self, x: float, y: float, w: float, h: float, **kw: Any) -> None:
        """Draw a rectangle in mm (top-left origin)."""
        from matplotlib.patches import Rectangle

        self.fig.add_artist(
            Rectangle(
                (x / A4[0], 1 - (y + h) / A4[1]),
                w / A4[0],
                h / A4[1],
                transform=self.fig.transFigure,
                **kw,
            )
        )

    def heading(self, text: str) -> None:
        """Draw a section heading with a coloured bar."""
        self.rect(15, self.y - 3, 1.6, 6, color=NAVY, lw=0)
        self.text(19, self.y, text, size=11, weight="bold", color=NAVY)
        self.y += 7

    def image(self, figure, h: float) -> None:
        """Place a matplotlib figure as an inset ``h`` mm tall across the text width."""
        import io

        from matplotlib.image import imread

        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=200)
        buf.seek(0)
        ax = self.fig.add_axes((15 / A4[0], 1 - (self.y + h) / A4[1], 180 / A4[0], h / A4[1]))
        ax.imshow(imread(buf), interpolation="lanczos")
        ax.set_axis_off()
        self.y += h + 4

    def table(
        self,
        columns: list[tuple[str, float, str]],
        rows: list[list[str]],
        empty: str = "无",
        row_h: float = 5.6,
        size: float = 7.5,
    ) -> None:
        """Draw a table: ``columns`` of (header, width mm, align l/c/r), rows of text."""
        x0 = 15.0
        self.rect(x0, self.y, 180, row_h + 0.6, color=NAVY, lw=0)
        x = x0
        for head, width, _ in columns:
            self.text(
                x + width / 2,
                self.y + (row_h + 0.6) / 2,
                head,
                size=size,
                weight="bold",
                color="white",
                ha="center",
            )
            x += width
        self.y += row_h + 0.6
        if not rows:
            self.text(x0 + 90, self.y + row_h / 2, empty, size=size, color=GREY, ha="center")
            self.y += row_h + 4
            return
        for i, row in enumerate(rows):
            if i % 2:
                self.rect(x0, self.y, 180, row_h, color="#eef3f9", lw=0)
            x = x0
            for (_, width, align), cell in zip(columns, row):
                anchor = {"l": x + 1.2, "c": x + width / 2, "r": x + width - 1.2}[align]
                ha = {"l": "left", "c": "center", "r": "right"}[align]
                self.text(
                    anchor,
                    self.y + row_h / 2,
                    _fit(cell, width - 2.4, size),
                    size=size,
                    ha=ha,
                    color="#111111",
                )
                x += width
            self.y += row_h
        self.fig.add_artist(self._line(self.y, LINE, 0.5))
        self.y += 9


def _fit(text: Any, width_mm: float, size: float) -> str:
    """Cut ``text`` to what fits ``width_mm`` at ``size`` pt (CJK one em, others half)."""
    text = "" if text is None else str(text)
    em = size * 0.3528
    used, out = 0.0, []
    for ch in text:
        used += em if ord(ch) > 0x2E80 else em * 0.55
        if used > width_mm:
            return "".join(out[:-1]) + "…"
        out.append(ch)
    return text


def _headline_page(page: _Page, report: Any) -> None:
    page.heading(f"一、核心指标（与{report.previous_word}相比）")
    for i, (_, row) in enumerate(report.headline.iterrows()):
        x, y = 15 + (i % 3) * 61, page.y + (i // 3) * 27
        page.rect(x, y, 58, 24, fc="#f5f8fc", ec="#c9d6e8", lw=0.6)
        page.text(x + 4, y + 5, row["label"], size=8.5, color=GREY)
        page.text(
            x + 4,
            y + 13.5,
            fmt(row["current"], "", 2 if row["unit"] == "分" else 1),
            size=19,
            weight="bold",
            color=NAVY,
        )
        page.text(x + 54, y + 13.5, row["unit"], size=9, color=GREY, ha="right")
        text, color = change_text(row)
        page.text(
            x + 4,
            y + 20.5,
            f"{report.previous_word} {fmt(row['previous'])}  {text}",
            size=7.5,
            color=color,
        )
    page.y += 58
    if report.empty:
        page.rect(15, page.y - 2, 180, 10, fc="#fff2cc", ec="#e6c200", lw=0.6)
        page.text(
            105,
            page.y + 3,
            f"本期（{report.label}）无新受理诉求。",
            size=10,
            weight="bold",
            ha="center",
            color="#7f6000",
        )
        page.y += 14
    page.heading("二、诉求热点分布（近12周，Gi* 与时空热点模式）")
    page.image(
        hotspot_chart(report, (190, 125 if report.hotspot is not None else 20)),
        118 if report.hotspot is not None else 18,
    )
    page.heading("本期要点")
    for line in summary_lines(report):
        page.text(18, page.y, _fit(f"• {line}", 176, 8.5), size=8.5, color="#222222")
        page.y += 5.2
    page.y += 2
    if report.notes:
        page.text(15, page.y, f"注：本材料有 {len(report.notes)} 条说明，见末页“说明”。", size=7,
                  color=GREY)  # fmt: skip
        page.y += 4.5


def _wrap(text: str, width_mm: float, size: float) -> list[str]:
    """Break ``text`` into lines that fit ``width_mm`` at ``size`` pt (as :func:`_fit`)."""
    em = size * 0.3528
    lines, line, used = [], "", 0.0
    for ch in str(text):
        w = em if ord(ch) > 0x2E80 else em * 0.55
        if used + w > width_mm and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return [*lines, line] if line else lines


def _notes(page: _Page, report: Any, new: Any) -> _Page:
    """Print every note of the report under a heading 说明 (on new pages as needed)."""
    if not report.notes:
        return page
    if page.y > 250:
        page = new()
    page.heading("说明")
    for i, note in enumerate(report.notes, start=1):
        for k, line in enumerate(_wrap(f"{i}. {note}", 176, 8)):
            if page.y > 278:
                page = new()
                page.heading("说明（续）")
            page.text(18 if k == 0 else 21, page.y, line, size=8, color="#222222")
            page.y += 4.6
        page.y += 1.2
    return page


def _foot(page: _Page, text: str) -> None:
    """Print a line directly under a table (e.g. the cases it leaves out)."""
    if text:
        page.y -= 6
        page.text(15, page.y, _fit(text, 180, 7.5), size=7.5, color=BAD)
        page.y += 7


def grid_rows(frame: pd.DataFrame, worsened: bool = False) -> list[list[str]]:
    """Rows of the "highest rate" / "worsened most" tables."""
    rows = []
    for i, r in enumerate(frame.itertuples(index=False), start=1):
        key = f"+{r.change}" if worsened else fmt(r.rate, "", 2)
        rows.append(
            [
                str(i),
                txt(r.grid_name, txt(r.grid_code)),
                txt(r.village_name),
                str(r.households),
                str(r.new),
                str(r.previous),
                key,
                txt(r.leader, "未配备"),
                txt(r.liaison, "未配备"),
            ]
        )
    return rows


GRID_TABLE = [
    ("序号", 10, "c"),
    ("网格", 36, "l"),
    ("村/社区", 24, "l"),
    ("户数", 14, "r"),
    ("本期", 14, "r"),
    ("上期", 14, "r"),
    ("", 20, "r"),
    ("网格长", 24, "c"),
    ("包村干部", 24, "c"),
]


def _grids_page(page: _Page, report: Any) -> None:
    page.heading("三、诉求率最高的网格（每百户受理件数）")
    cols = list(GRID_TABLE)
    cols[6] = ("每百户", 20, "r")
    page.table(cols, grid_rows(report.top_rate), report.empty_text("top_rate"))
    _foot(page, report.unplaced_text("grid"))
    page.heading(f"四、较{report.previous_word}增加最多的网格")
    cols[6] = ("增加", 20, "r")
    page.table(cols, grid_rows(report.worsened, worsened=True), report.empty_text("worsened"))
    _foot(page, report.unplaced_text("grid"))


OVERDUE_TABLE = [
    ("工单编号", 30, "l"),
    ("类别", 17, "c"),
    ("网格", 33, "l"),
    ("受理时间", 22, "c"),
    ("办结时限", 22, "c"),
    ("超期天数", 16, "r"),
    ("责任人", 18, "c"),
    ("包村干部", 22, "c"),
]


def overdue_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Rows of the overdue table."""
    return [
        [
            str(r.id),
            str(r.category),
            txt(r.grid_name, txt(r.grid_code)),
            f"{pd.Timestamp(r.reported_at):%m-%d %H:%M}",
            deadline_text(pd.Series([r.due_at]), "%m-%d").iloc[0],
            fmt(r.overdue_days),
            txt(r.leader, "未配备"),
            txt(r.liaison, "未配备"),
        ]
        for r in frame.itertuples(index=False)
    ]


REPEAT_TABLE = [
    ("地址", 46, "l"),
    ("村/社区", 24, "l"),
    ("网格", 32, "l"),
    ("次数", 12, "r"),
    ("涉及类别", 44, "l"),
    ("最近受理", 22, "c"),
]


def repeat_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Rows of the repeat-complaint table."""
    return [
        [
            txt(r.address),
            txt(r.village_name),
            txt(r.grid_name),
            str(r.count),
            str(r.categories),
            f"{pd.Timestamp(r.last):%m-%d %H:%M}",
        ]
        for r in frame.itertuples(index=False)
    ]


RANK_VILLAGE = [
    ("名次", 12, "c"),
    ("村/社区", 40, "l"),
    ("受理", 18, "r"),
    ("办结", 18, "r"),
    ("办结率%", 22, "r"),
    ("按期率%", 24, "r"),
    ("满意度", 22, "r"),
    ("当前超期", 24, "r"),
]


def rank_rows(frame: pd.DataFrame, key: str) -> list[list[str]]:
    """Rows of a ranking table (``key`` names the village or cadre column)."""
    rows = []
    for r in frame.to_dict("records"):
        who = txt(r.get(key)) + (f"（{r['role']}）" if isinstance(r.get("role"), str) else "")
        rows.append(
            [
                str(r["rank"]),
                who,
                str(r["new"]),
                str(r["resolved"]),
                fmt(r["resolution_rate"]),
                fmt(r["on_time_rate"]),
                fmt(r["satisfaction"]),
                str(r["overdue"]),
            ]
        )
    return rows


def _pages(report: Any) -> list[Any]:
    pages: list[_Page] = []

    def new() -> _Page:
        pages.append(_Page(report, len(pages) + 1))
        return pages[-1]

    _headline_page(new(), report)
    _grids_page(new(), report)
    page = new()
    page.heading(f"五、超期未办结诉求（共 {len(report.overdue)} 件）")
    rows = overdue_rows(report.overdue)
    per = 40
    page.table(OVERDUE_TABLE, rows[:per], "当前无超期诉求")
    for k in range(per, len(rows), 44):
        page = new()
        page.heading("五、超期未办结诉求（续）")
        page.table(OVERDUE_TABLE, rows[k : k + 44])
    if page.y > 200:
        page = new()
    page.heading(f"六、重复诉求（本期 {len(report.repeats)} 处）")
    page.table(
        REPEAT_TABLE,
        repeat_rows(report.repeats)[: max(3, int((270 - page.y) / 5.6))],
        "本期无重复诉求",
    )
    page = new()
    page.heading(f"七、分类诉求趋势（近{len(report.trends)}周，本周高亮）")
    page.image(trend_chart(report), 85)
    page.heading("八、各村入户走访覆盖率（近30日，低于10%标红）")
    page.image(coverage_chart(report, (190, 140)), 140)
    if report.village_rank is not None:
        page = new()
        page.heading("九、村（社区）排名（按期办结率、满意度）")
        page.table(
            RANK_VILLAGE,
            rank_rows(report.village_rank, "village_name")[:44],
            report.empty_text("village_rank"),
            row_h=5.2,
        )
        _foot(page, report.unplaced_text("village"))
        page = new()
        page.heading("十、干部排名（按期办结率、满意度；前40名）")
        page.table(
            [RANK_VILLAGE[0], ("干部（职务）", 40, "l"), *RANK_VILLAGE[2:]],
            rank_rows(report.cadre_rank, "name")[:40],
            report.empty_text("cadre_rank"),
            row_h=5.2,
        )
    _notes(page, report, new)
    return [p.fig for p in pages]


def write_report_pdf(report: Any, path: str | Path) -> Path:
    """Write the A4 PDF of a :class:`gisgrid.report.Report` (fonts embedded), atomically."""
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise InputError(f"{path.name}: the printable pack is written as .pdf")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as tmp, cjk_rendering():  # the umask's mode, not 0600
            with PdfPages(tmp, metadata={"Title": f"{report.title} {report.label}"}) as pdf:
                for figure in _pages(report):
                    pdf.savefig(figure)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}; is it open elsewhere?") from None
    return path


def first_page_png(report: Any, dpi: float = 40.0) -> bytes:
    """Render the pack's first page as PNG bytes (the dialog's preview)."""
    import io


    with cjk_rendering():
        page = _pages_first(report)
        buf = io.BytesIO()
        page.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _pages_first(report: Any):
    page = _Page(report, 1)
    _headline_page(page, report)
    return page.fig
