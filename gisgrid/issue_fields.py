"""Issue records' fields: extra headers, times, status texts and the editable category mapping.

Hotline (12345) exports, patrol and visit ledgers and Open311-like English exports name the
same things differently. The shared header synonyms of :mod:`gisgrid.io.fields` cover the
Chinese ledgers; :data:`EXTRA_HEADERS` adds English and less common headers. Status texts
become the closed-loop states of :data:`gisgrid.schema.ISSUE_STATUSES`; categories are mapped
onto the project's own list by :func:`map_categories` with a mapping stored in the project.
"""

from __future__ import annotations

import datetime as dt
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
        # a date alone (its time of day, when a column beside it holds one, is added to it)
        "受理日期", "来电日期", "登记日期", "反映日期", "上报日期", "巡查日期", "走访日期",
    ],
    "category": ["service_name", "complaint_type", "category", "type", "问题类型", "诉求类型"],
    "description": ["description", "descriptor", "details", "巡查内容", "走访内容", "问题内容"],
    "address": ["address", "incident_address", "事发地点", "地点", "问题地址", "所在位置"],
    "status": ["status", "state"],
    "first_contact_at": ["first_contact_datetime", "acknowledged_datetime", "first_response"],
    "resolved_at": [
        "closed_datetime", "closed_date", "closed_at", "resolved_at", "结案时间", "办结日期",
        "结案日期",
    ],
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
#: A date whose year has two digits, written first (the Chinese order): 26-11-3, 26.11.3,
#: 26/11/3, 26年11月3日, 261103. Read as 20YY-MM-DD, never as another order or century.
_SHORT_YEAR = re.compile(
    r"^(\d{2})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
    r"|(\d{2})(\d{2}))(?=$|[\sT])"
)
#: Day, month and a two-digit year in an unclear order (3/11/26): refused, never guessed.
_YEARLESS = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{1,2}(?=$|[\sT])")
#: A time of day with no date: 15:00, 9:30:05, 15时30分, 下午3点.
_TIME_ONLY = re.compile(
    r"(?:上午|下午|中午|晚上|凌晨|早上)?\d{1,2}\s*(?:[:：]\s*\d{1,2}(?:\s*[:：]\s*\d{1,2}"
    r"(?:\.\d+)?)?|[时点]\s*(?:\d{1,2}\s*分?(?:\s*\d{1,2}\s*秒)?|半)?)\s*(?:[ap]\.?m\.?)?",
    re.I,
)
#: A time zone after a time: Z, UTC, +08:00, +0800, -05.
_ZONED = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$", re.I
)
#: 2026.11.4 and 2026/11/4 (year first) as 2026-11-4.
_YEAR_FIRST = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})(?=$|[\sT])")
_CN_CLOCK = re.compile(r"(?<=\d )(\d{1,2})\s*[时点](?:\s*(\d{1,2})\s*分?)?(?:\s*(\d{1,2})\s*秒)?$")
_ISO_T = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})T(?=\d)")
#: The shape the strict formats read: 2026-11-3[ 15:00[:00[.5]]].
_NORMAL_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: Formats that exports write most; read strictly on the raw texts before anything else.
_PLAIN_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
)  # fmt: skip
#: Formats of the normalised texts (年月日, 时分, dots, slashes, T, two-digit years rewritten).
_NORMAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f")
_SHANGHAI = "Asia/Shanghai"
#: What :func:`_classify` makes of a text.
_BLANK, _NORMAL, _OTHER, _SERIAL_DAY, _CLOCK_ONLY, _NO_ORDER, _WITH_ZONE = range(7)


@dataclass
class Times:
    """Times read from a column, and what the reader needs to say about some of them.

    ``values`` are naive ``datetime64[s]`` (China local time), NaT where unreadable;
    ``time_only`` marks times of day without a date (``15:00``, an Excel time cell), which
    are NaT in ``values``; ``short_year`` marks dates read with a two-digit year as 20YY.
    """

    values: pd.Series
    time_only: pd.Series
    short_year: pd.Series


def parse_times(values: pd.Series) -> pd.Series:
    """Parse receipt/contact/closing times: datetimes, ISO text, 2025年10月9日 14时30分, Excel.

    Returns naive ``datetime64`` values (China local time); unreadable values become NaT, and
    so do times of day without a date. See :func:`read_times`.
    """
    return read_times(values).values


def read_times(values: pd.Series) -> Times:
    """Read a column of times, each value by its own format.

    Texts in one of :data:`_PLAIN_FORMATS` are read at once, column-wise. The rest are
    normalised one distinct text at a time (width, 年月日/时分, dots, ``T``, a two-digit year
    first as 20YY) and read by strict formats, column-wise; what remains goes through pandas'
    format inference, then value by value. Texts with a time zone (``+08:00``, ``Z``) are read
    apart and turned into China time, so one of them never spoils its neighbours; a pass that
    fails leaves its values to the next instead of dropping them. A time of day alone
    (``15:00``) is no time: it is marked in ``time_only`` for the caller to pair with a date.
    """
    index = values.index
    no = pd.Series(False, index=index, dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = pd.to_datetime(values)
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_convert(_SHANGHAI).dt.tz_localize(None)
        return Times(out.astype("datetime64[s]"), no, no.copy())
    obj = values.astype(object)
    parsed = _plain_times(obj)
    time_only, short_year = no.copy(), no.copy()
    rest = parsed.isna() & obj.notna()
    if rest.any():
        # pandas infers one format from the first text it is given: give it the same first
        # text as when every value went this way, so the rest are read as they always were
        first = _first_text_row(obj)
        pilot = obj[first] if first is not None and pd.notna(parsed[first]) else None
        got = _other_times(obj[rest], pilot)
        parsed[rest] = got.values
        time_only[rest] = got.time_only
        short_year[rest] = got.short_year
    return Times(parsed, time_only, short_year)


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
    """Read the texts written in a plain format (NaT elsewhere); texts only.

    Only the formats the first values use are tried (a format no value fits costs time on
    every value); texts in the others are read by the normalising path all the same.
    """
    parsed = pd.Series(pd.NaT, index=obj.index, dtype="datetime64[s]")
    if pd.api.types.infer_dtype(obj, skipna=True) != "string":
        return parsed  # datetimes, numbers or mixed objects: the general path reads them
    todo = obj.notna()
    sample = obj[todo].iloc[:200]
    _by_formats(obj, todo, parsed, _used_formats(sample, _PLAIN_FORMATS))
    return parsed


def _used_formats(sample: pd.Series, formats: tuple[str, ...]) -> list[str]:
    """Return the ``formats`` some of ``sample`` is written in, the most used first."""
    hits = {
        f: int(pd.to_datetime(sample, format=f, errors="coerce").notna().sum()) for f in formats
    }
    return sorted((f for f in formats if hits[f]), key=lambda f: -hits[f])


def _by_formats(text: pd.Series, todo: pd.Series, parsed: pd.Series, formats: Any) -> None:
    """Read ``text[todo]`` with each strict format in turn into ``parsed`` (column-wise)."""
    todo = todo.copy()
    for fmt in formats:
        if not todo.any():
            break
        got = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = got.notna()
        if hit.any():
            parsed[hit[hit].index] = got[hit].astype("datetime64[s]")
            todo &= parsed.isna()


def _object_time(value: object) -> object:
    """Return a non-text cell as a Timestamp, ``"time"`` (a time of day alone) or text."""
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(_SHANGHAI).tz_localize(None)
        return stamp
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        if 20000 <= float(value) <= 80000:  # an Excel day number (1954–2119)
            return pd.Timestamp("1899-12-30") + pd.Timedelta(seconds=round(float(value) * 86400))
        if float(value).is_integer():
            return str(int(value))
    return str(value)


def _short_year(match: re.Match) -> str:
    g = match.groups()
    if g[2] is not None:
        month, day = g[2], g[3]
    elif g[4] is not None:
        month, day = g[4], g[5]
    else:
        month, day = g[6], g[7]
    return f"20{g[0]}-{int(month):02d}-{int(day):02d}"


def _classify(value: str) -> tuple[str | None, int, bool]:
    """Normalise one text towards ``YYYY-MM-DD HH:MM:SS``: (text, what it is, two-digit year)."""
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        return None, _BLANK, False
    if _SERIAL.fullmatch(text) and 20000 <= float(text) <= 80000:
        return text, _SERIAL_DAY, False
    short = _SHORT_YEAR.match(text)
    if short:
        text = _short_year(short) + text[short.end() :]
    elif _YEARLESS.match(text):
        return text, _NO_ORDER, False
    elif _TIME_ONLY.fullmatch(text):
        return text, _CLOCK_ONLY, False
    if "年" in text:
        text = _CN_TIME.sub(r"\1-\2-\3 ", text)
    text = " ".join(_YEAR_FIRST.sub(r"\1-\2-\3", text).split())
    if "时" in text or "点" in text:
        text = _CN_CLOCK.sub(_hm, text)
    if "T" in text:
        text = _ISO_T.sub(r"\1 ", text)
    if _ZONED.search(text):
        return text, _WITH_ZONE, bool(short)
    return text, _NORMAL if _NORMAL_SHAPE.fullmatch(text) else _OTHER, bool(short)


def _other_times(obj: pd.Series, pilot: str | None = None) -> Times:
    """Read texts in any other form, Excel serial numbers and datetime objects.

    ``pilot``, a text read already, goes first into pandas' format inference (then dropped).
    """
    index = obj.index
    parsed = pd.Series(pd.NaT, index=index, dtype="datetime64[s]")
    time_only = pd.Series(False, index=index, dtype=bool)
    short_year = pd.Series(False, index=index, dtype=bool)
    is_text = obj.map(lambda v: isinstance(v, str)).astype(bool)
    text = obj[is_text]
    other = ~is_text & obj.notna()
    if other.any():  # datetime objects, Excel numbers and time cells
        got = obj[other].map(_object_time)
        stamps = got.map(lambda v: isinstance(v, pd.Timestamp)).astype(bool)
        if stamps.any():
            parsed[stamps[stamps].index] = pd.to_datetime(got[stamps]).astype("datetime64[s]")
        clock = got.map(lambda v: isinstance(v, str) and v == "time").astype(bool)
        time_only[clock[clock].index] = True
        words = got[~stamps & ~clock]
        text = pd.concat([text, words]) if len(text) else words
    if text.empty:
        return Times(parsed, time_only, short_year)
    codes, uniques = pd.factorize(text.astype(object))  # each distinct text classified once
    classified = [_classify(u) for u in uniques]
    normal = np.array([c[0] for c in classified], dtype=object)[codes]
    kind = np.array([c[1] for c in classified], dtype=np.int8)[codes]
    short = np.array([c[2] for c in classified], dtype=bool)[codes]
    at = text.index
    short_year[at[short]] = True
    time_only[at[kind == _CLOCK_ONLY]] = True
    serial = kind == _SERIAL_DAY
    if serial.any():
        days = np.array([float(t) for t in normal[serial]])
        parsed[at[serial]] = np.datetime64("1899-12-30") + (days * 86400).round().astype(
            "timedelta64[s]"
        )
    zoned = kind == _WITH_ZONE
    if zoned.any():
        parsed[at[zoned]] = _zoned_times(pd.Series(normal[zoned], index=at[zoned])).to_numpy()
    rest = (kind == _NORMAL) | (kind == _OTHER)
    if not rest.any():
        return Times(parsed, time_only, short_year)
    text = pd.Series(normal[rest], index=at[rest], dtype=object)
    found = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    strict = pd.Series(kind[rest] == _NORMAL, index=text.index)
    if strict.any():
        formats = _used_formats(text[strict].iloc[:200], _NORMAL_FORMATS) or _NORMAL_FORMATS
        _by_formats(text, strict, found, formats)
    for fmt in (None, "mixed"):  # pandas' inference, then each value by its own form
        todo = found.isna()
        if not todo.any():
            break
        batch = text[todo]
        if fmt is None and pilot is not None:
            batch = pd.concat([pd.Series([pilot]), batch.reset_index(drop=True)])
        got = _to_datetime(batch, fmt)
        if len(got) > todo.sum():  # the pilot's time
            got = got.iloc[1:]
        found[todo] = got.to_numpy()
    parsed[found.index] = found
    return Times(parsed, time_only, short_year)


def _to_datetime(batch: pd.Series, fmt: str | None) -> pd.Series:
    """Return ``pd.to_datetime`` of naive texts, NaT where unreadable.

    When the batch fails as a whole, each distinct text is read on its own, so one odd value
    never costs its neighbours their times.
    """
    kwargs = {"format": fmt} if fmt else {}
    try:
        with warnings.catch_warnings():  # inferring the format is the point here
            warnings.simplefilter("ignore", UserWarning)
            got = pd.to_datetime(batch, errors="coerce", **kwargs)
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_convert(_SHANGHAI).dt.tz_localize(None)
        return got.astype("datetime64[s]")
    except (ValueError, TypeError, OverflowError):
        if fmt is None:  # inference failed: the value-by-value pass reads them
            return pd.Series(pd.NaT, index=batch.index, dtype="datetime64[s]")
    uniques = pd.unique(batch)
    table = {u: _one_time(u) for u in uniques}
    return batch.map(table).astype("datetime64[s]")


def _one_time(text: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            stamp = pd.to_datetime(text, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if stamp is pd.NaT or not isinstance(stamp, pd.Timestamp):
        return pd.NaT
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(_SHANGHAI).tz_localize(None)
    return stamp


def _zoned_times(text: pd.Series) -> pd.Series:
    """Texts with a time zone as naive China time (NaT where unreadable)."""
    spelled = text.str.replace(r"\s*(?:UTC|GMT)$", "Z", regex=True, case=False)
    spelled = spelled.str.replace(r"\s+(?=[+-]\d{2}(?::?\d{2})?$)", "", regex=True)
    spelled = spelled.str.replace(r"([+-]\d{2})$", r"\1:00", regex=True)
    got = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    for fmt in ("ISO8601", "mixed"):
        todo = got.isna()
        if not todo.any():
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                read = pd.to_datetime(spelled[todo], format=fmt, utc=True, errors="coerce")
        except (ValueError, TypeError, OverflowError):
            continue
        read = read.dt.tz_convert(_SHANGHAI).dt.tz_localize(None).astype("datetime64[s]")
        got[todo] = read
    return got


def time_problem(value: object) -> str:
    """Why a time value could not be read, for the import report ("" when nothing to say)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.time):
        return "a time of day without a date"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    if _TIME_ONLY.fullmatch(text):
        return "a time of day without a date"
    if _SHORT_YEAR.match(text):
        return (
            "a two-digit year, read as 20YY-MM-DD, gives no real date; write the year in full, "
            "e.g. 2026-11-03"
        )
    if _YEARLESS.match(text):
        return (
            "a two-digit year with day and month in an unclear order; write the year in full, "
            "e.g. 2026-11-03"
        )
    return ""


#: A time of day, its parts captured: 下午 3:05:09, 15时30分, 9点半, 3:05 pm.
_CLOCK = re.compile(
    r"^(上午|下午|中午|晚上|凌晨|早上)?\s*(\d{1,2})\s*(?:[:：时点]\s*(半|\d{1,2})?\s*分?)"
    r"(?:\s*[:：]?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*([ap])?\.?m?\.?$",
    re.I,
)


def time_of_day(values: pd.Series) -> pd.Series:
    """Return times of day (``15:00``, ``15时30分``, Excel time cells) as timedeltas.

    A datetime contributes its clock time (Excel gives a time cell past 24 h a date too).
    Unreadable or blank values are NaT.
    """
    obj = values.astype(object)
    out = pd.Series(pd.NaT, index=obj.index, dtype="timedelta64[s]")
    is_text = obj.map(lambda v: isinstance(v, str)).astype(bool)
    text = obj[is_text].map(lambda v: unicodedata.normalize("NFKC", v).strip())
    parts = text.str.extract(_CLOCK)
    if len(parts):
        hour = pd.to_numeric(parts[1], errors="coerce")
        minute = pd.to_numeric(parts[2].replace("半", "30"), errors="coerce").fillna(0)
        second = pd.to_numeric(parts[3], errors="coerce").fillna(0)
        afternoon = parts[0].isin(["下午", "晚上"]) | parts[4].str.lower().eq("p").fillna(False)
        hour = hour.where(~(afternoon & (hour < 12)), hour + 12)
        hour = hour.where(~(parts[4].str.lower().eq("a").fillna(False) & (hour == 12)), 0)
        ok = hour.notna() & (hour < 24) & (minute < 60) & (second < 60)
        seconds = (hour * 3600 + minute * 60 + second)[ok]
        out[seconds.index] = pd.to_timedelta(seconds.astype("int64"), unit="s")
    rest = obj[~is_text & obj.notna()]
    if len(rest):
        out[rest.index] = rest.map(_clock_of).astype("timedelta64[s]")
    return out


def _clock_of(value: object) -> Any:
    if isinstance(value, dt.datetime):
        return pd.Timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.time):
        return pd.Timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.timedelta | pd.Timedelta):
        return pd.Timedelta(value) if pd.Timedelta(0) <= value < pd.Timedelta(days=1) else pd.NaT
    if isinstance(value, int | float | np.number) and not isinstance(value, bool):
        if 0 <= float(value) < 1:  # an Excel time stored as a fraction of a day
            return pd.Timedelta(seconds=round(float(value) * 86400))
    return pd.NaT


def time_column_kind(values: pd.Series, sample: int = 500) -> str:
    """Return what a time column holds, judged by its first values.

    ``"time"`` (times of day, no dates), ``"date"`` (dates, no times of day), ``"datetime"``
    or ``"empty"``.
    """
    head = values[values.notna()]
    head = head[head.astype(str).str.strip() != ""].iloc[:sample]
    if head.empty:
        return "empty"
    read = read_times(head)
    if read.time_only.sum() * 2 > len(head):
        return "time"
    stamps = read.values.dropna()
    if len(stamps) and (stamps == stamps.dt.normalize()).all() and not read.time_only.any():
        return "date"
    return "datetime"


def _hm(match: re.Match) -> str:
    h, m, s = match.group(1), match.group(2) or "0", match.group(3) or "0"
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
