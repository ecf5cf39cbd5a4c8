"""Issue records' fields: extra headers, times, status texts and the editable category mapping.

Hotline (12345) exports, patrol and visit ledgers and Open311-like English exports name the
same things differently. The shared header synonyms of :mod:`gisgrid.io.fields` cover the
Chinese ledgers; :data:`EXTRA_HEADERS` adds English and less common headers. Status texts
become the closed-loop states of :data:`gisgrid.schema.ISSUE_STATUSES`; categories are mapped
onto the project's own list by :func:`map_categories` with a mapping stored in the project.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.io.fields import norm

OTHER = "其他"

#: Field → extra header words (English/Open311 and rarer Chinese ones), tried after the
#: shared synonyms of :mod:`gisgrid.io.fields`.
EXTRA_HEADERS: dict[str, list[str]] = {
    "id": ["service_request_id", "request_id", "ticket_id", "case_id", "unique key", "单据编号"],
    "reported_at": [
        "requested_datetime", "created_date", "created_at", "opened", "open_date",
        "巡查时间", "走访时间", "接单时间", "创建时间", "诉求时间",
    ],
    "category": ["service_name", "complaint_type", "category", "type", "问题类型", "诉求类型"],
    "description": ["description", "descriptor", "details", "巡查内容", "走访内容", "问题内容"],
    "address": ["address", "incident_address", "事发地点", "地点", "问题地址", "所在位置"],
    "status": ["status", "state"],
    "first_contact_at": ["first_contact_datetime", "acknowledged_datetime", "first_response"],
    "resolved_at": ["closed_datetime", "closed_date", "closed_at", "resolved_at", "结案时间"],
    "reviewed_at": ["reviewed_datetime", "回访日期"],
    "satisfaction": ["satisfaction", "rating", "评价"],
    "complexity": ["complexity", "难易"],
    "source": ["source", "channel"],
}  # fmt: skip

#: Status words → closed-loop state. Negated forms come first (未办结 is not 办结).
_STATUS_RULES: list[tuple[str, str]] = [
    (r"未办结|未解决|未完成|未处理|未结|退回|重办|in.?progress|processing|pending", "handled"),
    (r"待回访|待评价", "resolved"),
    (r"待派|待分派|待处理|待受理|新建|新增|^open$|^new$|submitted|^reported$", "reported"),
    (r"回访|已评价|归档|reviewed|verified", "reviewed"),
    (r"办结|完成|解决|结案|处理完毕|已处理|已反馈|closed|resolved|completed|done", "resolved"),
    (r"办理中|处理中|在办|签收|接单|整改中|acknowledged|handled", "handled"),
    (r"派单|派发|转办|交办|分派|dispatched|assigned", "dispatched"),
    (r"受理|登记|上报|reported", "reported"),
]
STATES = ("reported", "dispatched", "handled", "resolved", "reviewed")


def default_category_mapping() -> dict[str, list[str]]:
    """Return the starting mapping: category → names and keywords that mean it (editable)."""
    return {
        "社会治安": [
            "治安", "盗窃", "被盗", "偷盗", "诈骗", "打架", "斗殴", "赌博", "邻里纠纷",
            "矛盾纠纷", "消防", "火灾隐患", "监控", "安全隐患", "公共安全", "平安建设",
        ],
        "人居环境": [
            "环境", "卫生", "垃圾", "污水", "排水", "厕所", "焚烧", "秸秆", "乱堆乱放",
            "异味", "污染", "绿化", "村容村貌", "市容", "环保", "黑臭", "城乡建设",
        ],
        "道路交通": [
            "道路", "交通", "路面", "路灯", "公交", "停车", "占道", "桥梁", "减速带", "出行",
            "市政设施",
        ],
        "看病就医": [
            "医疗", "就医", "看病", "卫生室", "卫生院", "医保", "家庭医生", "药品", "疫苗",
            "卫生健康",
        ],
        "文体生活": ["文体", "文化", "体育", "健身", "广场舞", "娱乐", "图书", "文艺"],
        "养老社保": [
            "养老", "社保", "低保", "救助", "特困", "残疾", "高龄补贴", "民政", "社会保障",
            "优抚", "退役军人",
        ],
        "劳资纠纷": ["劳资", "欠薪", "拖欠工资", "讨薪", "工资", "劳动", "用工", "工伤"],
    }  # fmt: skip


def find_extra_columns(columns: list[str], found: dict[str, str], exclude: set[str]) -> dict:
    """Fields not in ``found`` matched by :data:`EXTRA_HEADERS`: field → column."""
    by_norm = {norm(c): c for c in columns if c not in exclude and c not in found.values()}
    extra: dict[str, str] = {}
    for name, words in EXTRA_HEADERS.items():
        if name in found:
            continue
        for word in words:
            col = by_norm.get(norm(word))
            if col is not None and col not in extra.values():
                extra[name] = col
                break
    return extra


def guess_source(columns: list[str], title: str = "") -> str:
    """Where records come from, judged by their headers: patrol, visit, petition or hotline."""
    text = " ".join([title, *map(str, columns)])
    for word, source in (("巡查", "patrol"), ("走访", "visit"), ("信访", "petition")):
        if word in text:
            return source
    return "hotline"


_CN_TIME = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
#: Formats that exports write most; read strictly on the raw texts before anything else.
_PLAIN_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
)  # fmt: skip


def parse_times(values: pd.Series) -> pd.Series:
    """Parse receipt/contact/closing times: datetimes, ISO text, 2025年10月9日 14时30分, Excel.

    Texts in one of :data:`_PLAIN_FORMATS` are read at once, column-wise; only the rest go
    through the normalisation (width, 年月日/时分, spaces) and pandas' format inference.

    Returns naive ``datetime64`` values (China local time); unreadable values become NaT.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = pd.to_datetime(values)
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        return out.astype("datetime64[s]")
    obj = values.astype(object)
    parsed = _plain_times(obj)
    rest = parsed.isna() & obj.notna()
    if rest.any():
        # pandas infers one format from the first text it is given: give it the same first
        # text as when every value went this way, so the rest are read as they always were
        first = _first_text_row(obj)
        pilot = obj[first] if first is not None and pd.notna(parsed[first]) else None
        parsed[rest] = _other_times(obj[rest], pilot)
    return parsed


def _first_text_row(obj: pd.Series) -> Any:
    """Return the index of the first value neither blank nor an Excel serial (or None)."""
    for index, value in obj.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        text = unicodedata.normalize("NFKC", str(value)).strip()
        number = pd.to_numeric(text, errors="coerce")
        if text and not 20000 <= number <= 80000:
            return index
    return None


def _plain_times(obj: pd.Series) -> pd.Series:
    """Read the texts written in a plain format (NaT elsewhere); texts only."""
    parsed = pd.Series(pd.NaT, index=obj.index, dtype="datetime64[s]")
    if pd.api.types.infer_dtype(obj, skipna=True) != "string":
        return parsed  # datetimes, numbers or mixed objects: the general path reads them
    todo = obj.notna()
    sample = obj[todo].iloc[:200]  # the formats the first values use are tried first
    hits = {
        f: pd.to_datetime(sample, format=f, errors="coerce").notna().sum() for f in _PLAIN_FORMATS
    }
    for fmt in sorted(_PLAIN_FORMATS, key=lambda f: -hits[f]):
        if not todo.any():
            break
        got = pd.to_datetime(obj[todo], format=fmt, errors="coerce")
        hit = got.notna()
        if hit.any():
            parsed[hit[hit].index] = got[hit].astype("datetime64[s]")
            todo &= parsed.isna()
    return parsed


def _other_times(obj: pd.Series, pilot: str | None = None) -> pd.Series:
    """Read texts in any other form, Excel serial numbers and datetime objects.

    ``pilot``, a text read already, goes first into pandas' format inference (then dropped).
    """
    numeric = pd.to_numeric(obj, errors="coerce")
    serial = numeric.between(20000, 80000)  # Excel day numbers (1954–2119)
    text = obj.where(obj.notna(), None).map(
        lambda v: None if v is None else unicodedata.normalize("NFKC", str(v)).strip()
    )
    text = text.map(lambda v: v if v else None)
    text = text.str.replace(_CN_TIME, r"\1-\2-\3 ", regex=True)
    text = text.str.replace(
        r"(\d{1,2})\s*[时点]\s*(\d{1,2})\s*分?(?:\s*(\d{1,2})\s*秒)?", _hm, regex=True
    )
    text = text.str.replace(r"\s+", " ", regex=True).str.strip()
    parsed = pd.Series(pd.NaT, index=obj.index, dtype="datetime64[s]")
    for fmt in (None, "mixed"):
        todo = parsed.isna() & text.notna() & ~serial
        if not todo.any():
            break
        kwargs = {"format": fmt} if fmt else {}
        batch = text[todo]
        if fmt is None and pilot is not None:
            batch = pd.concat([pd.Series([pilot]), batch.reset_index(drop=True)])
        try:
            with warnings.catch_warnings():  # inferring the format is the point here
                warnings.simplefilter("ignore", UserWarning)
                got = pd.to_datetime(batch, errors="coerce", **kwargs)
        except (ValueError, TypeError):
            continue
        if len(got) > todo.sum():  # the pilot's time
            got = got.iloc[1:].set_axis(text[todo].index)
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        parsed[todo] = got.astype("datetime64[s]")
    if serial.any():
        days = numeric[serial].to_numpy(float)
        stamps = np.datetime64("1899-12-30") + (days * 86400).round().astype("timedelta64[s]")
        parsed[serial] = stamps
    return parsed


def _hm(match: re.Match) -> str:
    h, m, s = match.group(1), match.group(2), match.group(3) or "0"
    return f"{int(h):02d}:{int(m):02d}:{int(s):02d}"


def ticket_ids(values: pd.Series) -> pd.Series:
    """Return ticket ids as text: stripped; "1234" for the 1234.0 Excel makes of a number.

    Blanks stay missing. A column of texts is handled column-wise; other columns (numbers,
    mixed objects) value by value.
    """
    obj = values.astype(object)
    if pd.api.types.infer_dtype(obj, skipna=True) != "string":
        return obj.map(_ticket_id)
    text = obj.str.strip()
    floats = text.str.endswith(".0", na=False).astype(bool)
    if floats.any():
        text[floats] = text[floats].map(_ticket_id)
    return text


def _ticket_id(value: object) -> str | None:
    if pd.isna(value):
        return None
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def map_status(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Turn status texts (已办结, 办理中, closed …) into closed-loop states.

    Returns
    -------
    tuple
        ``(states, unknown)``: the states (None where blank or not understood) and the
        unknown texts with their counts.
    """
    uniques = pd.unique(values.dropna().astype(str))
    table: dict[str, str | None] = {}
    unknown: dict[str, int] = {}
    for raw in uniques:
        text = norm(raw)
        state = text if text in STATES else None
        for pattern, target in _STATUS_RULES if state is None else []:
            if re.search(pattern, text):
                state = target
                break
        table[raw] = state
        if state is None and text:
            unknown[raw] = int((values.astype(str) == raw).sum())
    obj = values.astype(object)
    present = obj.notna().to_numpy()
    states = np.full(len(obj), None, dtype=object)
    states[present] = _lookup(obj[present].astype(str), table.get)
    return pd.Series(states, index=values.index, dtype=object), unknown


def _lookup(values: pd.Series, func: Any, parts: int = 0) -> Any:
    """Return ``func(v)`` for every value, calling ``func`` once per distinct value.

    With ``parts`` > 0, ``func`` returns tuples: one array per tuple position is returned.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    results = [func(u) for u in uniques]
    columns = [results] if not parts else [[r[i] for r in results] for i in range(parts)]
    out = []
    for column in columns:
        array = np.empty(len(column), dtype=object)
        array[:] = column
        out.append(array[codes])
    return out if parts else out[0]


def infer_status(
    states: pd.Series, first_contact: pd.Series, resolved: pd.Series, reviewed: pd.Series
) -> pd.Series:
    """Fill missing states from the times present; a closing time means at least resolved."""
    rank = {s: i for i, s in enumerate(STATES)}
    present = [t.notna().to_numpy() for t in (reviewed, resolved, first_contact)]
    by_time = ["reviewed", "resolved", "handled"]
    from_times = np.select(present, by_time, "reported").astype(object)
    time_rank = np.select(present, [rank[s] for s in by_time], rank["reported"])
    given = states.astype(object).to_numpy()
    missing = states.isna().to_numpy()
    out = np.where(missing, from_times, given)
    out_rank = _lookup(pd.Series(out), lambda v: rank.get(v, np.nan))
    # A ticket stated "处理中" but carrying a closing time was closed later: trust the time.
    lower = out_rank.astype(float) < time_rank  # unknown states (NaN) are never lower
    out = np.where(lower & present[1], from_times, out)
    return pd.Series(out, index=states.index, dtype=object)


@dataclass
class CategoryMatch:
    """How raw categories were mapped: the result and what could not be mapped."""

    categories: pd.Series
    how: pd.Series  # exact, keyword, description or unmapped
    unmapped: dict[str, int] = field(default_factory=dict)


def check_category_mapping(mapping: object, categories: list[str], source: str) -> dict:
    """Validate a category mapping: ``{category: [name or keyword, …]}`` over known categories."""
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v)
        for k, v in mapping.items()
    ):
        raise InputError(
            f'{source}: a category mapping looks like {{"人居环境": ["垃圾", "环境卫生"]}} '
            "(project category: names and keywords)"
        )
    unknown = [k for k in mapping if k not in categories and k != OTHER]
    if unknown:
        raise InputError(
            f"{source}: {unknown[0]!r} is not one of the project's categories "
            f"({', '.join(categories)}); add it to the project first or fix the mapping"
        )
    return {k: [t.strip() for t in v if t.strip()] for k, v in mapping.items()}


def map_categories(
    raw: pd.Series,
    descriptions: pd.Series | None,
    categories: list[str],
    mapping: dict[str, list[str]],
) -> CategoryMatch:
    """Map raw category texts onto the project's ``categories``.

    In order: an exact name (the category itself or one of its terms, compared after
    normalising width and case); else the longest term contained in the raw text (12345
    exports write paths like ``城乡建设/市政设施/路灯``); else, when the raw category is blank
    or names nothing known, the longest term found in the description. What stays unmapped
    becomes :data:`OTHER` and is reported with its count.
    """
    exact: dict[str, str] = {norm(c): c for c in categories}
    terms: list[tuple[str, str]] = []
    for cat, words in mapping.items():
        target = cat if cat in categories else OTHER
        for word in words:
            exact.setdefault(norm(word), target)
            terms.append((norm(word), target))
    terms.sort(key=lambda t: -len(t[0]))

    def by_terms(text: str) -> str | None:
        for word, cat in terms:
            if word and word in text:
                return cat
        return None

    def one(value: object) -> tuple[str | None, str]:
        if not isinstance(value, str) or not value.strip():
            return None, "blank"
        key = norm(value)
        if key in exact:
            return exact[key], "exact"
        hit = by_terms(key)
        return (hit, "keyword") if hit else (None, "unmapped")

    raw_obj = raw.astype(object).where(raw.notna(), None)
    cats, how = (
        pd.Series(a, index=raw_obj.index, dtype=object) for a in _lookup(raw_obj, one, 2)
    )  # each distinct text matched once
    if descriptions is not None:
        todo = cats.isna()
        text = descriptions[todo].astype(object).where(descriptions[todo].notna(), "")
        found = pd.Series(
            _lookup(text, lambda v: by_terms(norm(v)) if v else None), index=text.index
        )
        hit = found.notna()
        cats[found[hit].index] = found[hit]
        how[found[hit].index] = "description"
    unmapped_mask = cats.isna() & raw_obj.notna() & (how == "unmapped")
    unmapped = raw_obj[unmapped_mask].value_counts().astype(int).to_dict()
    how = how.where(cats.notna(), "unmapped")
    return CategoryMatch(cats.fillna(OTHER), how, {str(k): v for k, v in unmapped.items()})
