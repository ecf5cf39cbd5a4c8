"""A year of citizen issues (诉求) for the sample township, with planted hotspot patterns.

Background issues come from households (hotline calls, visits, petitions) and grid patrols
near them. Three patterns are planted on top, for the hotspot analyses to find:

* a **persistent** hotspot by an industrial park on a village edge: 人居环境 and 劳资纠纷
  every week of the year;
* an **emerging** one along a truck road crossing the town: 道路交通, rising over the last
  ten weeks;
* a **seasonal** one at the town square: 文体生活 (广场舞 noise) from June to August.

Every issue runs through the closed loop (reported → dispatched → handled → resolved →
reviewed) on China's official working-day calendar (``chinese_calendar``, make-up workdays
included): simple cases are due one working day after the report, complex ones three; most
meet it, some miss it, and a few are still open and overdue at the end date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pandas as pd
import shapely
from gisgrid.sample_data.layout import Layout
from gisgrid.sample_data.population import Codes
from scipy.spatial import cKDTree

CATEGORY_P = {
    "社会治安": 0.13, "人居环境": 0.24, "道路交通": 0.11, "看病就医": 0.10,
    "文体生活": 0.07, "养老社保": 0.22, "劳资纠纷": 0.13,
}  # fmt: skip
SOURCES = ["hotline", "patrol", "visit", "petition"]
_PUBLIC = ["社会治安", "人居环境", "道路交通", "文体生活"]
_LEAD = {
    "hotline": ["", "", "群众来电：", "来电人称"],
    "patrol": ["网格员巡查发现：", "巡查发现", ""],
    "visit": ["入户走访时群众提出：", "走访中了解到：", ""],
    "petition": ["来信称：", "来访群众称：", ""],
    "": [""],
}
_TAIL = [
    "",
    "",
    "",
    "，请求尽快处理",
    "，已持续一周左右",
    "，此前多次反映未解决",
    "，希望有关部门协调解决",
]
_COMPANIES = "鑫达化工有限公司 宏远纺织有限公司 华盛橡胶制品厂 金源机械加工厂 利丰塑料制品有限公司 \
永兴建材有限公司 恒通轮胎有限公司 瑞丰食品有限公司".split()
_SPOTS_RURAL = "村东头 村西路口 村委会附近 十字街 文化广场 小学门口 卫生室旁 南大街 北大街 \
村北头 村南田间路 东坑塘边".split()
_SPOTS_URBAN = "小区北门 菜市场旁 沿街商铺前 小区停车场 幼儿园门口 十字路口 公交站旁 \
小区健身广场".split()

TEMPLATES = {
    "社会治安": [
        "{place}夜间有人聚集饮酒喧哗，影响周边居民休息",
        "{place}附近多次发生电动车电瓶被盗，请求加强巡逻",
        "反映有陌生人在{place}上门推销保健品，疑似诈骗老人",
        "{place}邻里因宅基地界限发生纠纷，双方争执不下，请求调解",
        "{place}有人私拉电线给电动车充电，存在火灾隐患",
        "{place}监控探头损坏，请求尽快维修",
        "{place}有人饲养大型犬未拴绳，多次惊吓路过儿童",
    ],
    "人居环境": [
        "{place}垃圾桶满溢多日无人清运，气味难闻",
        "{place}生活污水外溢，路面长期积水",
        "{place}有人焚烧垃圾和秸秆，烟雾较大",
        "{place}公厕损坏无人维修，卫生状况差",
        "{place}柴草杂物乱堆乱放，影响村容村貌",
        "{place}排水沟堵塞，雨后积水严重",
        "{place}养殖户粪污随意排放，异味扰民",
    ],
    "道路交通": [
        "{place}路面坑洼破损，车辆通行困难",
        "{place}路口缺少减速带和警示标志，车速过快",
        "{place}道路两侧占道经营，影响通行",
        "{place}桥面护栏损坏，存在安全隐患",
        "{place}路灯不亮，夜间出行不便",
        "反映镇上到县城的公交班次少，群众出行不便",
    ],
    "看病就医": [
        "反映村卫生室药品不全，慢性病用药需到镇上购买",
        "反映家中老人行动不便，希望家庭医生上门随访",
        "咨询城乡居民医保报销比例及异地就医备案流程",
        "反映卫生室医生经常不在岗，夜间就诊困难",
        "反映在镇卫生院就诊排队时间过长",
        "咨询慢性病门诊认定的办理流程和所需材料",
    ],
    "文体生活": [
        "{place}健身器材损坏，存在安全隐患",
        "{place}晚间广场舞音响声音过大，影响休息",
        "希望在{place}增设篮球场等文体设施",
        "{place}农家书屋长期不开放",
        "{place}照明不足，晚上活动不便",
    ],
    "养老社保": [
        "咨询城乡居民养老保险缴费档次及补缴政策",
        "反映老人高龄补贴未按时发放",
        "反映低保待遇发放金额有误，请求核实",
        "咨询残疾人两项补贴的申请流程",
        "独居老人希望提供助餐和上门照料服务",
        "反映养老金生存认证操作困难，请求上门协助",
        "咨询医保断缴后如何续缴",
    ],
    "劳资纠纷": [
        "反映在{company}务工工资被拖欠{months}个月，共计{amount}元",
        "反映{company}未签订劳动合同，请求协调",
        "反映在建筑工地务工工资未结清，包工头联系不上",
        "反映被{company}辞退后未支付经济补偿",
        "反映{company}加班费未按规定支付",
    ],
}
PARK_TEMPLATES = {
    "人居环境": [
        "{park}{company}夜间排放废气，异味刺鼻",
        "{park}{company}机器噪音大，夜间轰鸣扰民",
        "{park}附近粉尘污染严重，晾晒衣物落满灰尘",
        "{park}{company}污水排入沟渠，水体发黑发臭",
    ],
    "劳资纠纷": TEMPLATES["劳资纠纷"][:2] + TEMPLATES["劳资纠纷"][3:],
}
ROAD_TEMPLATES = [
    "{road}大货车超速行驶，存在安全隐患",
    "{road}超载货车多，路面被压坏",
    "{road}渣土车遗撒严重，扬尘大",
    "{road}大货车夜间通行噪音大，影响休息",
    "{road}与村道交叉口没有红绿灯，货车多，群众出行危险",
]
SQUARE_TEMPLATES = [
    "{square}广场舞音响声音过大，晚上九点后仍未停止",
    "{square}夏季晚间人员聚集，噪音扰民",
    "{square}健身器材损坏，孩子玩耍存在危险",
    "{square}晚间照明不足，人多拥挤存在安全隐患",
]


@dataclass
class Sites:
    """Where the patterns are planted, in metres."""

    park: np.ndarray
    park_village: int
    road: shapely.LineString
    square: np.ndarray


def plant_sites(layout: Layout, rng: np.random.Generator) -> Sites:
    """Pick the industrial park (a village edge away from houses) and the truck road."""
    rural = np.flatnonzero(layout.village_kind == "rural")
    xy, owner = shapely.get_coordinates(
        shapely.boundary(layout.village_polygons[rural]), return_index=True
    )
    houses = cKDTree(layout.households.xy)
    inner = layout.town_polygon.buffer(-600.0)
    from_seat = np.hypot(*(xy - layout.seat).T)
    gap, _ = houses.query(xy)
    for min_gap in (350.0, 250.0, 150.0, 0.0):
        ok = (from_seat > 1800) & (from_seat < 4500) & (gap >= min_gap)
        ok &= shapely.contains_xy(inner, xy[:, 0], xy[:, 1])
        if ok.any():
            break
    pick = int(rng.choice(np.flatnonzero(ok)))
    park = xy[pick]
    radius = np.sqrt(layout.town_polygon.area / np.pi) * 2.5
    road = None
    for _ in range(200):
        theta = rng.uniform(0, np.pi)
        along = np.array([np.cos(theta), np.sin(theta)])
        normal = np.array([-along[1], along[0]])
        offset = rng.uniform(900, 1700) * rng.choice([-1, 1])
        base = layout.seat + normal * offset
        bend = normal * rng.normal(0, 250)
        line = shapely.LineString([base - along * radius, base + bend, base + along * radius])
        clipped = line.intersection(layout.town_polygon)
        pieces = shapely.get_parts(clipped)
        longest = pieces[np.argmax(shapely.length(pieces))]
        if longest.distance(shapely.Point(park)) > 1800 and longest.length > 6000:
            road = longest
            break
    if road is None:
        raise RuntimeError("could not place the truck road")
    return Sites(park=park, park_village=int(rural[owner[pick]]), road=road, square=layout.square)


class Calendar:
    """Working days (China's official calendar) around a period, as sorted ordinal numbers."""

    def __init__(self, first: date, last: date) -> None:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.workdays = np.array([d.toordinal() for d in days if _is_workday(d)])

    def nth_after(self, day: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Ordinal of the ``n``-th working day after ``day`` (n = 0: ``day`` or the next)."""
        pos = np.searchsorted(self.workdays, day, side="left")
        after = np.searchsorted(self.workdays, day, side="right")
        return np.where(n == 0, self.workdays[pos], self.workdays[after + n - 1])


def _is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know yet: Monday to Friday
        return day.weekday() < 5


def issues_table(
    layout: Layout,
    codes: Codes,
    households: pd.DataFrame,
    sites: Sites,
    end: date,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return a year of issues up to ``end`` (inclusive) with x/y in metres."""
    start = end - timedelta(weeks=52) + timedelta(days=1)
    n_days = (end - start).days + 1
    parts = [
        _background(layout, codes, households, start, n_days, rng),
        _park(codes, sites, start, n_days, rng),
        _road(layout, codes, sites, start, n_days, rng),
        _square(codes, sites, start, end, rng),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame["description"] = [
        str(rng.choice(_LEAD[src])) + d + str(rng.choice(_TAIL))
        for src, d in zip(frame["source"], frame["description"])
    ]
    frame = _locate(layout, codes, frame)
    frame = _close_loop(frame, start, end, rng)
    frame = frame.sort_values("reported_at", kind="stable").reset_index(drop=True)
    day = frame["reported_at"].dt.strftime("%Y%m%d").to_numpy()
    seq = frame.groupby(day).cumcount().to_numpy() + 1
    town3 = codes.town_code[6:9]
    frame.insert(0, "id", [f"GD{d}{town3}{s:03d}" for d, s in zip(day, seq)])
    return frame


def _times(rng: np.random.Generator, start: date, day_index: np.ndarray) -> pd.Series:
    n = len(day_index)
    hours = np.where(rng.random(n) < 0.9, rng.normal(13.0, 3.2, n), rng.uniform(0, 24, n))
    minutes = np.clip(hours, 0.0, 23.99) * 60
    base = pd.Timestamp(start) + pd.to_timedelta(day_index, unit="D")
    return pd.Series(base + pd.to_timedelta(np.round(minutes, 1), unit="min"))


def _evenings(rng: np.random.Generator, start: date, day_index: np.ndarray) -> pd.Series:
    """Summer-evening times (square dancing is from dusk until late)."""
    hours = np.clip(rng.normal(20.5, 1.0, len(day_index)), 17.0, 23.9)
    base = pd.Timestamp(start) + pd.to_timedelta(day_index, unit="D")
    return pd.Series(base + pd.to_timedelta(np.round(hours * 60, 1), unit="min"))


def _days(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    return rng.choice(len(weights), n, p=weights / weights.sum())


def _fill(rng: np.random.Generator, template: str, **slots: str) -> str:
    values = {
        "company": str(rng.choice(_COMPANIES)),
        "months": str(int(rng.integers(2, 7))),
        "amount": f"{int(rng.integers(8, 90)) * 500}",
        **slots,
    }
    return template.format(**values)


def _background(layout, codes, households, start, n_days, rng) -> pd.DataFrame:
    n = int(rng.poisson(0.165 * len(households)))
    dates = [start + timedelta(days=i) for i in range(n_days)]
    weekday = np.array([0.75 if d.weekday() >= 5 else 1.05 for d in dates])
    season = 1 + 0.15 * np.cos(
        2 * np.pi * (np.array([d.timetuple().tm_yday for d in dates]) - 200) / 365
    )
    day = _days(rng, n, weekday * season)
    who = rng.integers(0, len(households), n)
    hh = households.iloc[who]
    tags = hh["tags"].to_numpy()
    source = rng.choice(SOURCES, n, p=[0.45, 0.28, 0.22, 0.05])
    patrol = source == "patrol"
    cats = np.array(list(CATEGORY_P))
    p = np.array(list(CATEGORY_P.values()))
    # Patrols find what is visible in public space; people call or are visited about the rest.
    p_patrol = np.where(np.isin(cats, _PUBLIC), p, 0.0)
    category = np.where(
        patrol, rng.choice(cats, n, p=p_patrol / p_patrol.sum()), rng.choice(cats, n, p=p)
    )
    needy = np.array(["独居老人" in t or "低保" in t or "特困" in t for t in tags])
    boost = needy & ~patrol & (rng.random(n) < 0.5)
    category[boost] = rng.choice(["养老社保", "看病就医"], int(boost.sum()))
    jitter = np.where(patrol, 25.0, 4.0)[:, None] * rng.normal(size=(n, 2))
    village = hh["village_code"].to_numpy()
    vname = dict(zip(codes.village_codes, codes.village_names))
    urban = {c for c, k in zip(codes.village_codes, layout.village_kind) if k == "urban"}
    spots = [
        vname[v] + str(rng.choice(_SPOTS_URBAN if v in urban else _SPOTS_RURAL)) for v in village
    ]
    address = np.where(patrol, spots, hh["address"].to_numpy())
    near = rng.choice(["门前", "附近", "胡同口", "一带"], n)
    place = np.where(patrol | (rng.random(n) < 0.4), spots, [a + b for a, b in zip(address, near)])
    desc = [_fill(rng, str(rng.choice(TEMPLATES[c])), place=pl) for c, pl in zip(category, place)]
    return pd.DataFrame(
        {
            "source": source,
            "category": category,
            "description": desc,
            "address": address,
            "reported_at": _times(rng, start, day),
            "household_id": np.where(patrol, "", hh["id"].to_numpy()),
            "x": hh["x"].to_numpy() + jitter[:, 0],
            "y": hh["y"].to_numpy() + jitter[:, 1],
            "pattern": "",
        }
    )


def _point_cloud(rng, centre: np.ndarray, sigma: float, n: int) -> np.ndarray:
    return centre + rng.normal(0.0, sigma, (n, 2))


def _park(codes, sites, start, n_days, rng) -> pd.DataFrame:
    n = int(rng.poisson(4.0 * n_days / 7))
    day = rng.integers(0, n_days, n)
    category = np.where(rng.random(n) < 0.6, "人居环境", "劳资纠纷")
    park = codes.town_name.removesuffix("镇").removesuffix("街道") + "工业园区"
    xy = _point_cloud(rng, sites.park, 110.0, n)
    desc = [_fill(rng, str(rng.choice(PARK_TEMPLATES[c])), park=park) for c in category]
    roads = ["纬一路", "纬二路", "经一路", "经二路", "园区大道"]
    address = [f"{park}{rng.choice(roads)}{int(rng.integers(1, 60))}号" for _ in range(n)]
    return pd.DataFrame(
        {
            "source": rng.choice(SOURCES, n, p=[0.6, 0.22, 0.03, 0.15]),
            "category": category,
            "description": desc,
            "address": address,
            "reported_at": _times(rng, start, day),
            "household_id": "",
            "x": xy[:, 0],
            "y": xy[:, 1],
            "pattern": "persistent",
        }
    )


def _road(layout, codes, sites, start, n_days, rng) -> pd.DataFrame:
    weeks_back = (n_days - 1 - np.arange(n_days)) // 7  # 0 = the last week
    rate = np.where(weeks_back < 10, 1.0 + 8.0 * (9 - weeks_back) / 9, 0.3) / 7
    count = rng.poisson(rate)
    day = np.repeat(np.arange(n_days), count)
    n = len(day)
    along = rng.uniform(0, sites.road.length, n)
    pts = shapely.get_coordinates(shapely.line_interpolate_point(sites.road, along))
    ahead = shapely.get_coordinates(
        shapely.line_interpolate_point(sites.road, np.minimum(along + 5, sites.road.length))
    )
    tangent = ahead - pts
    tangent /= np.maximum(np.hypot(*tangent.T), 1e-9)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    xy = pts + normal * rng.normal(0.0, 25.0, n)[:, None]
    road = "省道S231线"
    desc = [_fill(rng, str(rng.choice(ROAD_TEMPLATES)), road=road) for _ in range(n)]
    return pd.DataFrame(
        {
            "source": rng.choice(SOURCES, n, p=[0.62, 0.33, 0.03, 0.02]),
            "category": "道路交通",
            "description": desc,
            "address": road,  # the village section is added once the point is located
            "reported_at": _times(rng, start, day),
            "household_id": "",
            "x": xy[:, 0],
            "y": xy[:, 1],
            "pattern": "emerging",
        }
    )


def _square(codes, sites, start, end, rng) -> pd.DataFrame:
    summer = [date(end.year if end.month >= 6 else end.year - 1, m, 1) for m in (6, 9)]
    first = max((summer[0] - start).days, 0)
    last = min((summer[1] - start).days, (end - start).days + 1)
    n = int(rng.poisson(5.0 * (last - first) / 7)) if last > first else 0
    day = rng.integers(first, last, n) if n else np.zeros(0, dtype=int)
    square = codes.town_name + "文化广场"
    xy = _point_cloud(rng, sites.square, 45.0, n)
    return pd.DataFrame(
        {
            "source": rng.choice(SOURCES, n, p=[0.75, 0.2, 0.05, 0.0]),
            "category": "文体生活",
            "description": [
                _fill(rng, str(rng.choice(SQUARE_TEMPLATES)), square=square) for _ in range(n)
            ],
            "address": square,
            "reported_at": _evenings(rng, start, day),
            "household_id": "",
            "x": xy[:, 0],
            "y": xy[:, 1],
            "pattern": "seasonal",
        }
    )


def _locate(layout: Layout, codes: Codes, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep issues inside the town and give each its small grid and village by geometry."""
    tree = shapely.STRtree(layout.cells)
    pts = shapely.points(frame[["x", "y"]].to_numpy())
    pidx, cidx = tree.query(pts, predicate="within")
    cell = np.full(len(frame), -1)
    cell[pidx] = cidx
    frame = frame[cell >= 0].reset_index(drop=True)
    small = layout.small_of_cell[cell[cell >= 0]]
    village = layout.village_of_large[layout.large_of_small[small]]
    frame["grid_code"] = np.array(codes.small_codes)[small]
    frame["village_code"] = np.array(codes.village_codes)[village]
    road = frame["pattern"] == "emerging"
    names = np.array(codes.village_names)[village[road.to_numpy()]]
    frame.loc[road, "address"] = [f"{a}{v}段" for a, v in zip(frame.loc[road, "address"], names)]
    return frame


def _close_loop(frame: pd.DataFrame, start: date, end: date, rng) -> pd.DataFrame:
    """Timestamps through the closed loop, censored at the end of ``end``."""
    n = len(frame)
    cutoff = pd.Timestamp(end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    reported = pd.to_datetime(frame["reported_at"]).dt.round("s").to_numpy()
    complex_p = np.where(frame["category"].isin(["劳资纠纷"]), 0.55, 0.22)
    complex_p = np.where(frame["source"] == "petition", 0.75, complex_p)
    is_complex = rng.random(n) < complex_p
    late_contact = rng.random(n) < 0.08
    contact_min = np.where(
        late_contact, rng.uniform(62, 300, n), np.minimum(rng.exponential(16.0, n), 58.0)
    )
    first_contact = reported + pd.to_timedelta(np.round(contact_min * 60), unit="s").to_numpy()

    cal = Calendar(start - timedelta(days=10), end + timedelta(days=40))
    rep_day = np.array([pd.Timestamp(t).toordinal() for t in reported])
    due_n = np.where(is_complex, 3, 1)
    due = cal.nth_after(rep_day, due_n)
    late = rng.random(n) < 0.09
    first_wd = cal.nth_after(rep_day, np.zeros(n, dtype=int))
    span = np.searchsorted(cal.workdays, due) - np.searchsorted(cal.workdays, first_wd)
    step = np.where(late, span + rng.integers(1, 5, n), rng.integers(0, span + 1))
    pos = np.searchsorted(cal.workdays, first_wd) + step
    res_day = cal.workdays[np.minimum(pos, len(cal.workdays) - 1)]
    res_date = np.array([np.datetime64(date.fromordinal(int(d)), "s") for d in res_day])
    res_time = res_date + np.round(rng.uniform(9.0, 17.5, n) * 3600).astype("timedelta64[s]")
    # Never before first contact: such cases close on the first working day after it.
    floor = first_contact + np.timedelta64(20, "m")
    early = res_time < floor
    floor_day = floor.astype("datetime64[D]")
    floor_ord = floor_day.astype(np.int64) + date(1970, 1, 1).toordinal()
    evening = (floor - floor_day) > np.timedelta64(20, "h")
    next_wd = cal.nth_after(floor_ord + evening, np.zeros(n, dtype=int))
    same_day = next_wd == floor_ord
    later = np.array([np.datetime64(date.fromordinal(int(d)), "s") for d in next_wd])
    later = later + np.round(rng.uniform(9.0, 17.5, n) * 3600).astype("timedelta64[s]")
    soon = floor + np.round(rng.uniform(5.0, 90.0, n) * 60).astype("timedelta64[s]")
    resolved = np.where(early, np.where(same_day, soon, later), res_time)
    # 回访: a call back during office hours one or two days after resolution.
    review_day = resolved.astype("datetime64[D]") + rng.integers(1, 3, n).astype("timedelta64[D]")
    review_s = np.round(rng.uniform(8.5, 18.0, n) * 3600).astype("timedelta64[s]")
    reviewed = review_day.astype("datetime64[s]") + review_s
    has_review = rng.random(n) < 0.86
    on_time = ~late
    sat = np.where(
        on_time,
        rng.choice([1, 2, 3, 4, 5], n, p=[0.02, 0.03, 0.08, 0.27, 0.60]),
        rng.choice([1, 2, 3, 4, 5], n, p=[0.08, 0.12, 0.25, 0.30, 0.25]),
    ).astype(float)

    # A few complex cases from the last weeks are still open, and overdue, at the end date.
    recent = np.flatnonzero(
        is_complex & (rep_day >= end.toordinal() - 21) & (rep_day <= end.toordinal() - 6)
    )
    stuck = rng.choice(recent, min(6, len(recent)), replace=False)
    resolved[stuck] = np.datetime64("NaT")

    cut = np.datetime64(cutoff.to_datetime64(), "s")
    open_ = np.isnat(resolved) | (resolved > cut)
    contacted = first_contact <= cut
    status = np.where(has_review & (reviewed <= cut), "reviewed", "resolved")
    handling = contacted & ((cut - first_contact) > np.timedelta64(3, "h"))
    status = np.where(open_, np.where(handling, "handled", "dispatched"), status)
    status = np.where(open_ & ((cut - reported) < np.timedelta64(10, "m")), "reported", status)
    frame = frame.copy()
    frame["reported_at"] = reported
    frame["first_contact_at"] = np.where(contacted, first_contact, np.datetime64("NaT"))
    frame["resolved_at"] = np.where(open_, np.datetime64("NaT"), resolved)
    frame["reviewed_at"] = np.where(status == "reviewed", reviewed, np.datetime64("NaT"))
    frame["status"] = status
    frame["complexity"] = np.where(is_complex, "complex", "simple")
    frame["satisfaction"] = np.where(status == "reviewed", sat, np.nan)
    return frame
