"""Field mapping: source columns (Chinese ledger headers) onto a project layer's schema."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from gisgrid.errors import InputError
from gisgrid.schema import CADRE_ROLES, ISSUE_SOURCES, ISSUE_STATUSES, POLYGON_LAYERS, spec

_VILLAGE = ["所属村", "村名", "村", "村庄", "所属村居", "所属社区", "村居", "村(居)", "行政村"]
_VILLAGE += ["所属村编码", "村编码", "村代码", "村(居)编码", "village"]
_GRID = ["网格编号", "网格编码", "所属网格", "网格", "网格号", "网格代码", "grid"]
_PHONE = ["联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "tel", "mobile"]
_ADDRESS = ["地址", "住址", "家庭住址", "详细地址", "门牌号", "门牌地址", "户籍地址", "居住地址"]
_ADDRESS += ["现住址", "事发地址", "发生地址", "事件地址", "诉求地址", "位置描述"]

#: Field → header synonyms, in priority order, shared by every layer that has the field.
SYNONYMS: dict[str, list[str]] = {
    "head": ["户主", "户主姓名", "户主名", "户主名称", "姓名", "name"],
    "address": _ADDRESS,
    "phone": _PHONE,
    "id_number": ["身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码"],
    "size": [
        "人口",
        "家庭人数",
        "户籍人口",
        "人数",
        "家庭人口",
        "户人口",
        "家庭成员数",
        "常住人口",
    ],
    "village_code": _VILLAGE,
    "grid_code": _GRID,
    "micro_code": ["微网格编号", "微网格编码", "微网格", "所属微网格"],
    "tags": ["标签", "类别", "户类型", "户别", "人员类别", "重点人群", "特殊人群"],
    "role": ["职务", "角色", "岗位", "职责", "身份"],
    "party_member": ["党员", "是否党员", "政治面貌"],
    "max_households": ["最多联系户数", "联系户数上限"],
    "max_grids": ["最多负责网格数", "负责网格数上限"],
    "source": ["来源", "诉求来源", "事件来源", "渠道", "受理渠道"],
    "category": ["诉求类别", "问题类别", "事件类别", "类别", "类型", "诉求分类", "问题分类"],
    "description": ["诉求内容", "问题描述", "事件描述", "内容", "诉求描述", "具体诉求", "反映问题"],
    "reported_at": ["受理时间", "反映时间", "登记时间", "上报时间", "来电时间", "发生时间"],
    "first_contact_at": ["首次联系时间", "联系时间", "首次响应时间", "响应时间"],
    "resolved_at": ["办结时间", "解决时间", "完成时间"],
    "reviewed_at": ["回访时间"],
    "status": ["办理状态", "状态", "工单状态", "处理状态"],
    "complexity": ["复杂程度", "难易程度"],
    "satisfaction": ["满意度", "满意度评价", "回访满意度"],
    "household_id": ["户编号", "户号"],
    "cadre_id": ["干部编号", "工号"],
    "level": ["层级"],
    "code": ["编码", "代码", "网格编码", "网格编号", "网格代码", "村编码", "村代码", "村(居)编码"],
    "parent_code": ["上级编码", "上级代码", "上级网格编码", "上级网格编号", "所属网格编码"],
    "kind": ["类型", "村居类型", "城乡类型"],
}
SYNONYMS["code"] += ["区划代码", "统计用区划代码", "行政区划代码", "编号"]
SYNONYMS["parent_code"] += ["所属网格", "所属村编码", "所属村", "上级"]

#: Layer-specific synonyms that take precedence (the same word means different fields).
LAYER_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "households": {"id": ["户编号", "户号", "户主编号", "家庭编号", "编号"]},
    "cadres": {
        "id": ["干部编号", "编号", "工号", "人员编号"],
        "name": ["姓名", "干部姓名", "名称", "name"],
    },
    "issues": {"id": ["工单编号", "工单号", "事件编号", "诉求编号", "编号", "单号"]},
}
_POLYGON_NAME = ["名称", "网格名称", "网格名", "村(居)名称", "村居名称", "村名称", "社区名称"]
_POLYGON_NAME += ["村庄名称", "村名", "镇名称", "镇街名称", "乡镇名称", "name"]
#: English and pinyin-initial headers of boundary layers (XZQDM 行政区代码, XZQMC 行政区名称,
#: SJDM 上级代码 …), after the layer's own words below; Shapefile truncations of every word
#: (parent_cod, VILLAGENAM) are matched by :func:`detect_mapping`.
_POLYGON_EN = {
    "code": ["xzqdm", "xzqhdm", "qhdm", "adcode", "admin_code", "dm", "bm"],
    "name": ["xzqmc", "xzqhmc", "qhmc", "mc"],
    "parent_code": ["parent", "parentcode", "parent_id", "parentid", "pcode", "sjdm", "sjbm"],
}
_TOWN_EN = {
    "code": ["towncode", "town_code", "townid", "town_id", "xzdm", "jddm"],
    "name": ["townname", "town_name", "xzmc", "jdmc"],
    "parent_code": ["countycode", "county_code", "countyid", "county_id"],
}
_VILLAGE_EN = {
    "code": ["villagecode", "village_code", "villageid", "village_id", "vill_code", "cundm"],
    "name": ["villagename", "village_name", "vill_name", "cunmc", "cmc"],
}
_GRID_EN = {
    "code": ["gridcode", "grid_code", "gridid", "grid_id", "wgbm", "wgbh", "wgdm"],
    "name": ["gridname", "grid_name", "wgmc"],
}
_POLYGON_EN_BY_LAYER: dict[str, dict[str, list[str]]] = {
    "town": _TOWN_EN,
    "villages": {**_VILLAGE_EN, "parent_code": _TOWN_EN["code"]},
    "grids_large": {**_GRID_EN, "parent_code": _VILLAGE_EN["code"]},
    "grids_small": {**_GRID_EN, "parent_code": ["large_code", "largecode", "dwgbm"]},
    "grids_micro": {**_GRID_EN, "parent_code": ["small_code", "smallcode", "xwgbm"]},
}
for _layer in POLYGON_LAYERS:
    _own = _POLYGON_EN_BY_LAYER[_layer]
    LAYER_SYNONYMS[_layer] = {
        "code": _own.get("code", []),
        "name": _POLYGON_NAME + _own.get("name", []) + _POLYGON_EN["name"],
        "parent_code": _own.get("parent_code", []),
    }
SYNONYMS["code"] += _POLYGON_EN["code"]
SYNONYMS["parent_code"] += _POLYGON_EN["parent_code"]

#: Headers of yes/no columns (√ marks) that become household tags.
TAG_HEADERS = {"低保", "低保户", "特困", "特困户", "五保", "五保户", "独居老人", "空巢老人"}
TAG_HEADERS |= {"留守儿童", "残疾", "残疾人", "重点人员", "党员示范户", "退役军人", "优抚对象"}
TAG_HEADERS |= {"脱贫户", "监测户", "孤寡老人", "高龄老人"}
YES_MARKS = {"√", "✓", "✔", "☑", "●", "★", "是", "有", "y", "yes", "1", "true", "t"}
NO_MARKS = {"否", "无", "×", "x", "n", "no", "0", "false", "f", "-", "/"}


#: Traditional characters of header words (Taiwan and Hong Kong data: 經度, 戶主, 名稱, 編碼)
#: and their simplified forms, so that one list of synonyms serves both.
_TRADITIONAL = str.maketrans(
    "東鄉價優體兒黨關內軍決劃創別辦務動區單發號員響處復複對層屬崗應莊撫報據數時雜來標橫殘測滿點狀"
    "獨現電監碼積稱簽類級緯縱細經結統編網職聯脫範計記訪證評訴話詳說貧負責鎮門問間難題齡戶為態機長"
    "書幹繫絡鄰壽圖產業與專際義會隊總營災險衛環紀實車輛衝訟勞資醫療養殯樓棟歲壯學齊廣",
    "东乡价优体儿党关内军决划创别办务动区单发号员响处复复对层属岗应庄抚报据数时杂来标横残测满点状"
    "独现电监码积称签类级纬纵细经结统编网职联脱范计记访证评诉话详说贫负责镇门问间难题龄户为态机长"
    "书干系络邻寿图产业与专际义会队总营灾险卫环纪实车辆冲讼劳资医疗养殡楼栋岁壮学齐广",
)


def norm(header: object) -> str:
    """Normalise a header for matching: NFKC (full-width → ASCII), lower case, no spaces.

    Traditional characters become simplified (經度 → 经度), so Big5 headers match too.
    """
    text = unicodedata.normalize("NFKC", str(header)).lower().translate(_TRADITIONAL)
    return re.sub(r"[\s*:：_\-]+", "", text)


def _strip_brackets(text: str) -> str:
    return re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)


def synonyms(layer: str, field: str) -> list[str]:
    """Return the header synonyms of ``field`` in ``layer``, its own name and label first."""
    s = spec(layer)
    own = [field, s.labels.get(field, "")]
    return own + LAYER_SYNONYMS.get(layer, {}).get(field, []) + SYNONYMS.get(field, [])


def all_header_words() -> set[str]:
    """Every known header word of every layer (for finding the header row)."""
    from gisgrid.schema import LAYERS

    words = {norm(w) for layer in LAYERS for f in spec(layer).columns for w in synonyms(layer, f)}
    return (words | {norm(w) for w in TAG_HEADERS}) - {""}


def numeric_header_words() -> set[str]:
    """Header words of number fields (家庭人数, 满意度 …): such columns are read as numbers."""
    from gisgrid.schema import LAYERS

    return {
        norm(w)
        for layer in LAYERS
        for f, kind in spec(layer).columns.items()
        if kind in ("int", "float")
        for w in synonyms(layer, f)
        if w
    }


#: Longest field name a .dbf holds (bytes); longer names are cut by the tool that wrote it.
DBF_NAME_BYTES = 10


def truncations(word: str) -> set[str]:
    """Return the forms a .dbf gives ``word`` when it is cut to :data:`DBF_NAME_BYTES` bytes.

    A name is cut by bytes in the file's encoding (UTF-8 or GBK), so ``parent_code`` becomes
    ``parent_cod`` and 上级网格编码 becomes 上级网格编 (GBK) or 上级网 (UTF-8).

    Examples
    --------
    >>> sorted(truncations("parent_code"))
    ['parent_cod']
    >>> truncations("code")
    set()
    """
    out = set()
    for encoding in ("utf-8", "gbk"):
        try:
            data = word.encode(encoding)
        except UnicodeEncodeError:
            continue
        if len(data) > DBF_NAME_BYTES:
            cut = data[:DBF_NAME_BYTES].decode(encoding, errors="ignore")
            if cut:
                out.add(cut)
    return out


def detect_mapping(layer: str, columns: list[str], exclude: set[str] = frozenset()) -> dict:
    """Match source ``columns`` to ``layer``'s fields by header synonyms.

    Headers match case-insensitively (NFKC, spaces and underscores ignored). A field no
    header names exactly is then matched by the Shapefile truncations of its words
    (:func:`truncations`: ``parent_cod``, ``VILLAGENAM``).

    Returns
    -------
    dict
        Project field → source column, for the fields found.
    """
    by_norm: dict[str, str] = {}
    for col in columns:
        if col in exclude:
            continue
        for key in (norm(col), _strip_brackets(norm(col))):
            by_norm.setdefault(key, col)
    used: set[str] = set()
    mapping: dict[str, str] = {}
    fields = list(spec(layer).columns)
    for cut in (False, True):
        for field in fields:
            if field in mapping:
                continue
            for word in synonyms(layer, field):
                forms = (truncations(word) if cut else {word}) if word else set()
                found = [by_norm.get(norm(w)) for w in sorted(forms)]
                col = next((c for c in found if c is not None and c not in used), None)
                if col is not None:
                    mapping[field] = col
                    used.add(col)
                    break
    return {f: mapping[f] for f in fields if f in mapping}


def check_mapping(
    layer: str, mapping: dict, columns: list[str], source: str, *, pairs: bool = False
) -> dict:
    """Validate a user mapping (field → column) against the layer and the source columns.

    With ``pairs`` (the issue importer), a time field may take two columns, its date and its
    time of day: ``{"reported_at": ["受理日期", "受理时间"]}``.
    """
    fields = spec(layer).columns
    for field, col in mapping.items():
        if field not in fields:
            raise InputError(
                f"mapping: {field!r} is not a field of layer {layer}; "
                f"its fields are {', '.join(fields)}"
            )
        if isinstance(col, list) and (
            not pairs
            or fields[field] != "datetime"
            or len(col) != 2
            or not all(isinstance(c, str) for c in col)
        ):
            raise InputError(
                f"mapping: {field} takes one column name; only a time field of gisgrid issues "
                "import takes two, its date and time of day: "
                '{"reported_at": ["受理日期", "受理时间"]}'
            )
        for one in col if isinstance(col, list) else [col]:
            if one not in columns:
                raise InputError(
                    f"mapping: column {one!r} (for {field}) is not in {source}; "
                    f"its columns are {', '.join(map(str, columns))}"
                )
    return dict(mapping)


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a mapping file: JSON or TOML, ``{"head": "户主名", ...}`` (project field = column).

    A TOML file may put the pairs at top level or under a ``[mapping]`` table.

    Raises
    ------
    InputError
        If the file is missing, unreadable, or not a flat table of strings.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"mapping file {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"mapping file {path}: save it as UTF-8 text") from None
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"mapping file {path}: not valid JSON/TOML ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
        data = data["mapping"]
    if not isinstance(data, dict) or not all(
        isinstance(k, str)
        and (isinstance(v, str) or isinstance(v, list) and all(isinstance(c, str) for c in v))
        for k, v in data.items()
    ):
        raise InputError(
            f'mapping file {path}: expected pairs like {{"head": "户主名"}} (field: column)'
        )
    return data


def _lookup(values: pd.Series, table: dict[str, str], contains: dict[str, str]) -> pd.Series:
    """Translate Chinese labels to codes on the unique values only."""

    def one(value: object) -> object:
        if not isinstance(value, str):
            return value
        key = value.strip()
        if key in table:
            return table[key]
        for word, code in contains.items():
            if word in key:
                return code
        return key

    uniques = pd.unique(values.astype(object))
    return values.astype(object).map({u: one(u) for u in uniques})


def translate_values(layer: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Turn Chinese category labels (网格长, 12345热线, 已办结, 中共党员, 社区 …) into codes."""
    out = frame
    if layer == "cadres" and "role" in out:
        rev = {v: k for k, v in CADRE_ROLES.items()}
        out["role"] = _lookup(
            out["role"], rev, {"包村": "village_liaison", "书记": "branch_secretary"}
        )
    if layer == "cadres" and "party_member" in out:
        pm = out["party_member"].astype(object)
        out["party_member"] = pm.map(lambda v: True if isinstance(v, str) and "党员" in v else v)
        out["party_member"] = out["party_member"].map(lambda v: False if v == "群众" else v)
    if layer == "issues":
        if "source" in out:
            hints = {"12345": "hotline", "热线": "hotline", "巡查": "patrol", "走访": "visit"}
            hints["信访"] = "petition"
            out["source"] = _lookup(out["source"], {v: k for k, v in ISSUE_SOURCES.items()}, hints)
        if "status" in out:
            rev = {v: k for k, v in ISSUE_STATUSES.items()}
            out["status"] = _lookup(out["status"], rev, {"办结": "resolved", "回访": "reviewed"})
        if "complexity" in out:
            out["complexity"] = _lookup(
                out["complexity"],
                {"简单": "simple", "一般": "simple", "复杂": "complex"},
                {"疑难": "complex"},
            )
        if "satisfaction" in out:
            scale = {"非常满意": "5", "满意": "4", "基本满意": "3", "一般": "3", "不满意": "1"}
            out["satisfaction"] = _lookup(out["satisfaction"], scale, {})
    if layer == "villages" and "kind" in out:
        kinds = {"村": "rural", "行政村": "rural", "社区": "urban", "居委会": "urban"}
        out["kind"] = _lookup(out["kind"], kinds, {"社区": "urban", "居": "urban", "村": "rural"})
    return out


def clean_values(layer: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Make numbers and dates typed as text readable: "4人" → 4, "2026年11月2日 9时30分" → ISO."""
    for f, kind in spec(layer).columns.items():
        if f not in frame or pd.api.types.is_numeric_dtype(frame[f].dtype):
            continue
        if kind in ("int", "float") and not pd.api.types.is_bool_dtype(frame[f].dtype):
            text = frame[f].astype(object).where(frame[f].notna(), None).astype("str")
            number = text.str.normalize("NFKC").str.extract(r"(-?\d+(?:\.\d+)?)")[0]
            frame[f] = pd.to_numeric(number, errors="coerce")
        elif kind == "datetime" and frame[f].dtype in (object, "str"):
            values = frame[f]
            is_text = values.map(lambda v: isinstance(v, str)) if values.dtype == object else None
            text = values.astype(object).where(values.notna(), None).astype("str")
            text = text.str.replace(r"(\d)\s*[年月/.]\s*(?=\d)", r"\1-", regex=True)
            text = text.str.replace(r"(\d)\s*[日号]", r"\1 ", regex=True)
            text = text.str.replace(r"(\d)\s*[时點点:：]\s*(?=\d)", r"\1:", regex=True)
            text = text.str.replace(r"(\d)\s*[分秒]", r"\1", regex=True).str.strip()
            if is_text is None:
                frame[f] = text
            else:  # Excel cells that are real datetimes stay as they are
                frame[f] = values.where(~is_text.astype(bool), text)
    return frame


def tag_columns(frame: pd.DataFrame, skip: set[str]) -> dict[str, str]:
    """Find yes/no columns (低保 √ …) that are household tags: column → tag name."""
    found: dict[str, str] = {}
    for col in frame.columns:
        if col in skip:
            continue
        name = norm(col)
        name = name[2:] if name.startswith("是否") else name
        uniques = pd.unique(frame[col].dropna())
        if len(uniques) == 0 or len(uniques) > 12:  # free text or numbers: not a yes/no column
            continue
        marks = set(_marks(pd.Series(uniques, dtype=object))) - {""}
        if marks and marks <= YES_MARKS | NO_MARKS and marks & YES_MARKS:
            if name in TAG_HEADERS or not marks <= {"1", "0"}:
                found[col] = str(col).strip().removeprefix("是否")
    return found


def _marks(values: pd.Series) -> pd.Series:
    """Normalised cell text of a yes/no column, vectorised (1.0 from Excel reads as "1")."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    text = text.str.normalize("NFKC").str.lower().str.replace(r"\s+", "", regex=True)
    return text.str.replace(r"^1\.0$", "1", regex=True)


def join_tags(frame: pd.DataFrame, tag_cols: dict[str, str], base: pd.Series | None) -> pd.Series:
    """Join a tags column with the tag names of marked yes/no columns, ``;``-separated."""
    n = len(frame)
    parts = pd.Series([""] * n, index=frame.index, dtype=object)
    if base is not None:
        text = base.astype(object).where(base.notna(), "").astype(str)
        text = text.str.replace(r"[,，、;；/\s]+", ";", regex=True).str.strip(";")
        parts = text.where(text == "", text + ";").astype(object)
    for col, tag in tag_cols.items():
        uniques = pd.unique(frame[col].dropna())
        yes = set(uniques[_marks(pd.Series(uniques, dtype=object)).isin(YES_MARKS).to_numpy()])
        marked = frame[col].isin(yes).to_numpy(bool)
        parts = parts + np.where(marked, tag + ";", "")
    out = parts.str.rstrip(";")
    return out.where(out != "", None)
