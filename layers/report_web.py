"""The weekly pack as one self-contained, offline HTML page (for the meeting-room screen).

The page is the hotspot map of :mod:`gisgrid.layers.hotspot_web` (Leaflet inlined, no CDN)
with the report around it: headline cards, the grid tables with owners, the overdue list,
repeat complaints, the category-trend and visit-coverage charts (PNG data URIs drawn by
:mod:`gisgrid.report_pdf` with the CJK font), and for the monthly report the rankings.
Report text goes through an autoescaping Jinja template and into the page as raw text
(never parsed as a template again); names and phone numbers are those of the
:class:`~gisgrid.report.Report`, masked unless it was built with ``show_contacts``.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from pathlib import Path
from typing import Any

from gisgrid.errors import InputError
from gisgrid.io.atomic import atomic_write
from gisgrid.report import summary_lines
from gisgrid.report_pdf import (
    GRID_TABLE,
    OVERDUE_TABLE,
    RANK_VILLAGE,
    REPEAT_TABLE,
    change_text,
    fmt,
    grid_rows,
    overdue_rows,
    rank_rows,
    repeat_rows,
    trend_chart,
)

CSS = """
html > body { height: auto !important; background: #eef1f5; margin: 0;
  font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1b1b1b; }
.gg-page { max-width: 1120px; margin: 0 auto; background: #fff; padding: 24px 36px 40px;
  box-shadow: 0 0 8px rgba(0,0,0,.12); }
.gg-head { display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 3px solid #1f3864; padding-bottom: 8px; }
.gg-head h1 { color: #1f3864; font-size: 26px; margin: 0; }
.gg-head .period { color: #595959; font-size: 15px; }
.gg-sub { color: #595959; font-size: 12px; margin: 6px 0 0; }
h2 { color: #1f3864; font-size: 18px; border-left: 5px solid #1f3864; padding-left: 8px;
  margin: 26px 0 10px; }
.gg-cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
.gg-card { background: #f5f8fc; border: 1px solid #c9d6e8; border-radius: 4px; padding: 10px 14px; }
.gg-card .k { color: #595959; font-size: 13px; }
.gg-card .v { color: #1f3864; font-size: 32px; font-weight: 700; }
.gg-card .u { color: #595959; font-size: 14px; margin-left: 4px; }
.gg-card .c { font-size: 12px; }
.gg-empty { background: #fff2cc; border: 1px solid #e6c200; color: #7f6000; padding: 10px;
  font-weight: 700; text-align: center; margin-top: 12px; }
table.gg { border-collapse: collapse; width: 100%; font-size: 13px; }
table.gg th { background: #1f3864; color: #fff; padding: 5px 6px; font-weight: 600; }
table.gg td { padding: 4px 6px; border-bottom: 1px solid #e3e8ef; overflow-wrap: anywhere; }
table.gg tr:nth-child(even) td { background: #eef3f9; }
table.gg td.r { text-align: right; } table.gg td.c { text-align: center; }
.gg-none { color: #595959; padding: 8px; }
.gg-map .folium-map { border: 1px solid #c9d6e8; }
.gg-note { color: #595959; font-size: 12px; }
.gg-foot { color: #c62828; font-size: 13px; margin: 4px 0 0; }
ol.gg-notes { margin: 0; padding-left: 22px; line-height: 1.7; font-size: 13px; color: #333; }
img.gg-chart { width: 100%; }
ul.gg-points { margin: 0; padding-left: 22px; line-height: 1.8; font-size: 14px; }
"""

BODY_TOP = """
<div class="gg-page"><div class="gg-head"><h1>{{ r.title }}</h1>
<span class="period">{{ r.period_text }}</span></div>
<p class="gg-sub">数据截至 {{ at }} · {{ privacy }} · 网格办</p>
<h2>一、核心指标（与{{ r.previous_word }}相比）</h2>
<div class="gg-cards">{% for c in cards %}<div class="gg-card"><div class="k">{{ c.label }}</div>
<div><span class="v">{{ c.value }}</span><span class="u">{{ c.unit }}</span></div>
<div class="c" style="color:{{ c.color }}">
{{ r.previous_word }} {{ c.previous }}　{{ c.change }}</div>
</div>{% endfor %}</div>
{% if r.empty %}<div class="gg-empty">本期（{{ r.label }}）无新受理诉求。</div>{% endif %}
<h2>本期要点</h2><ul class="gg-points">{% for line in points %}<li>{{ line }}</li>{% endfor %}</ul>
<h2>二、诉求热点分布（近12周，Gi* 与时空热点模式）</h2>
{% if not has_map %}<p class="gg-none">本期无可分析的诉求，未生成热点图。</p>{% endif %}
<div class="gg-map">
"""

BODY_REST = """
</div><p class="gg-note">图层：Gi* 热点分级（默认）、时空热点模式、每百户诉求数、
每周诉求数（周滑块）、诉求点；右上角可切换。</p>
{% for t in tables %}<h2>{{ t.title }}</h2>
{% if t.rows %}<table class="gg"><tr>{% for h in t.columns %}<th>{{ h[0] }}</th>{% endfor %}</tr>
{% for row in t.rows %}<tr>{% for cell in row %}
<td class="{{ t.columns[loop.index0][2] }}">{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>{% else %}<p class="gg-none">{{ t.empty }}</p>{% endif %}
{% if t.get("foot") %}<p class="gg-foot">{{ t.foot }}</p>{% endif %}
{% if t.chart %}<img class="gg-chart" alt="{{ t.title }}" src="{{ t.chart }}">{% endif %}
{% endfor %}
{% if notes %}<h2>说明</h2><ol class="gg-notes">{% for n in notes %}<li>{{ n }}</li>{% endfor %}
</ol>{% endif %}</div>
"""


MAP_SLOT = "<!--gg-map-slot-->"
_MAP_DIV = re.compile(r'<div class="folium-map" id="map_[0-9a-f]+"\s*>\s*</div>')


@functools.cache
def _jinja():
    import jinja2

    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _png(figure) -> str:
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _cards(report: Any) -> list[dict[str, str]]:
    cards = []
    for _, row in report.headline.iterrows():
        change, color = change_text(row)
        digits = 2 if row["unit"] == "分" else 1
        cards.append(
            {
                "label": row["label"],
                "value": fmt(row["current"], "", digits),
                "unit": row["unit"],
                "previous": fmt(row["previous"], "", digits),
                "change": change,
                "color": color,
            }
        )
    return cards


def _tables(report: Any) -> list[dict[str, Any]]:

    from gisgrid.export.fonts import cjk_rendering

    top, worse = list(GRID_TABLE), list(GRID_TABLE)
    top[6], worse[6] = ("每百户", 0, "r"), ("增加", 0, "r")
    visits = [
        [str(r.village_name), str(r.households), str(r.visited), fmt(r.share, "%")]
        for r in report.visits.itertuples(index=False)
    ]
    with cjk_rendering():
        trend = _png(trend_chart(report))
    prev = report.previous_word
    tables = [
        dict(
            title="三、诉求率最高的网格（每百户受理件数）",
            columns=top,
            rows=grid_rows(report.top_rate),
            empty=report.empty_text("top_rate"),
            foot=report.unplaced_text("grid"),
            chart=None,
        ),
        dict(
            title=f"四、较{prev}增加最多的网格",
            columns=worse,
            rows=grid_rows(report.worsened, True),
            empty=report.empty_text("worsened"),
            foot=report.unplaced_text("grid"),
            chart=None,
        ),
        dict(
            title=f"五、超期未办结诉求（共 {len(report.overdue)} 件）",
            columns=OVERDUE_TABLE,
            rows=overdue_rows(report.overdue),
            empty="当前无超期诉求",
            chart=None,
        ),
        dict(
            title=f"六、重复诉求（本期 {len(report.repeats)} 处）",
            columns=REPEAT_TABLE,
            rows=repeat_rows(report.repeats),
            empty="本期无重复诉求",
            chart=None,
        ),
        dict(
            title=f"七、分类诉求趋势（近{len(report.trends)}周，本周高亮）",
            columns=[],
            rows=[],
            empty="",
            chart=trend,
        ),
        dict(
            title="八、各村入户走访覆盖率（近30日，由低到高）",
            columns=[("村/社区", 0, "l"), ("户数", 0, "r"), ("已走访", 0, "r"), ("覆盖率", 0, "r")],
            rows=visits,
            empty="无村庄数据",
            chart=None,
        ),
    ]
    if report.village_rank is not None:
        tables.append(
            dict(
                title="九、村（社区）排名（按期办结率、满意度）",
                columns=RANK_VILLAGE,
                rows=rank_rows(report.village_rank, "village_name"),
                empty=report.empty_text("village_rank"),
                foot=report.unplaced_text("village"),
                chart=None,
            )
        )
        cadre = list(RANK_VILLAGE)
        cadre[1] = ("干部", 0, "l")
        tables.append(
            dict(
                title="十、干部排名（按期办结率、满意度）",
                columns=cadre,
                rows=rank_rows(report.cadre_rank, "name"),
                empty=report.empty_text("cadre_rank"),
                chart=None,
            )
        )
    return tables


def report_html(report: Any) -> str:
    """Render a :class:`gisgrid.report.Report` as one offline HTML page (a string)."""
    from gisgrid.layers.hotspot_web import hotspot_map
    from gisgrid.layers.web import _classes, new_map, offline_html

    env = _jinja()
    privacy = "个人信息已脱敏" if report.masked else "含未脱敏个人信息，仅限内部使用"
    top = env.from_string(BODY_TOP).render(
        r=report,
        at=f"{report.at:%Y-%m-%d %H:%M}",
        privacy=privacy,
        cards=_cards(report),
        has_map=report.hotspot is not None,
        points=summary_lines(report),
    )
    rest = env.from_string(BODY_REST).render(tables=_tables(report), notes=list(report.notes))
    if report.hotspot is not None:
        fmap = hotspot_map(report.hotspot, title=f"{report.town}诉求热点")
    else:
        fmap = new_map()
    fmap.height = (560.0 if report.hotspot is not None else 0.0, "px")
    raw = _classes()["Raw"]
    root = fmap.get_root()
    root.header.add_child(raw(f"<style>{CSS}</style>"), name="gg-report-css")
    root.html.add_child(raw(top + MAP_SLOT + rest), name="gg-report", index=0)
    html = offline_html(fmap)
    # folium adds the map's <div> to the page body while rendering, after the report: move
    # it into its place under heading 二.
    found = _MAP_DIV.search(html)
    if found is None:
        raise InputError("the web map of the pack could not be placed")
    html = html[: found.start()] + html[found.end() :]
    html = html.replace(MAP_SLOT, found.group(0), 1)
    title = (
        _jinja()
        .from_string("<title>{{ t }} {{ l }}</title>")
        .render(t=report.title, l=report.label)
    )
    return html.replace("<head>", f'<head>\n<meta charset="utf-8">\n{title}', 1)


def write_report_html(report: Any, path: str | Path) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8, .html) and return the path."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{path.name}: the web page of the pack is written as .html")
    html = report_html(report)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as tmp:  # a reader never sees half a page; mode by the umask
            tmp.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    return path


def build_pack(
    project: Any,
    out_dir: str | Path,
    params: Any,
    progress: Any = None,
    cancelled: Any = None,
) -> dict[str, Path]:
    """Gather the figures and write the whole pack (XLSX, PDF, HTML) into ``out_dir``.

    The one call behind the app's report dialog (and the same steps as the CLI):
    ``params`` is a :class:`gisgrid.report.ReportParams`; returns ``{"xlsx", "pdf",
    "html"}`` paths. ``progress``/``cancelled`` follow the house contract.
    """
    from gisgrid.errors import Cancelled
    from gisgrid.report import pack_stem, weekly_report, write_pack

    def scaled(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.5 * fraction, message)

    report = weekly_report(project, params, scaled, cancelled)
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(0.55, "xlsx + pdf")
    paths = write_pack(report, out_dir)
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(0.85, "html")
    paths["html"] = write_report_html(report, Path(out_dir) / f"{pack_stem(report)}.html")
    if progress is not None:
        progress(1.0, "done")
    return paths
