"""Chinese names, village names, phone numbers and ID numbers for the sample township.

Everything is drawn from a :class:`numpy.random.Generator`, so a seed gives the same people.
ID numbers follow GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence (odd
for men) and an ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

#: Common surnames of the north China plain with rough weights (per mille).
SURNAMES = {
    "王": 92, "李": 88, "张": 85, "刘": 66, "陈": 30, "杨": 32, "赵": 30, "孙": 28, "周": 16,
    "吴": 14, "徐": 16, "马": 22, "朱": 14, "胡": 12, "郭": 16, "何": 8, "高": 20, "林": 6,
    "罗": 6, "郑": 10, "梁": 10, "宋": 14, "谢": 6, "韩": 14, "唐": 6, "冯": 10, "于": 14,
    "董": 12, "萧": 4, "程": 8, "曹": 10, "袁": 6, "邓": 6, "许": 8, "傅": 4, "沈": 4,
    "曾": 4, "彭": 6, "吕": 8, "苏": 8, "卢": 6, "蒋": 6, "蔡": 6, "贾": 10, "丁": 8,
    "魏": 10, "薛": 6, "叶": 4, "阎": 6, "崔": 10, "任": 8, "姜": 10, "范": 6, "方": 4,
    "石": 8, "姚": 6, "谭": 4, "廖": 2, "邹": 4, "熊": 2, "金": 4, "陆": 4, "郝": 6,
    "孔": 6, "白": 6, "毛": 4, "邱": 4, "秦": 6, "江": 4, "史": 6, "顾": 2, "侯": 6,
    "邵": 4, "孟": 8, "龙": 2, "万": 4, "段": 6, "雷": 4, "钱": 2, "汤": 4, "尹": 4,
    "黎": 2, "易": 2, "常": 6, "武": 8, "乔": 6, "贺": 4, "赖": 2, "龚": 2, "文": 2,
    "庞": 4, "樊": 4, "兰": 2, "殷": 2, "施": 2, "陶": 4, "洪": 2, "翟": 4, "安": 4,
    "颜": 4, "倪": 2, "严": 4, "牛": 6, "温": 4, "芦": 2, "季": 4, "俞": 2, "章": 2,
    "鲁": 4, "葛": 4, "伍": 2, "申": 4, "尤": 2, "毕": 4, "聂": 4, "焦": 4, "岳": 4,
    "齐": 6, "商": 2, "耿": 4, "祝": 2, "桑": 2, "房": 4, "国": 2, "隋": 2, "刁": 2,
}  # fmt: skip

_MALE_OLD = "建国 建军 建华 国庆 国强 德明 德胜 振华 振兴 志刚 志强 学军 卫东 卫国 红军 永刚 \
永胜 长青 长海 茂林 庆丰 金水 满仓 春生 秋生 明亮 文化 宝山 树林 玉峰 宗仁 传福 继先 广田 万福"
_MALE_NEW = "浩 宇 磊 伟 强 鹏 杰 涛 超 明 勇 军 斌 凯 帅 辉 博 鑫 昊 晨 阳 瑞 泽 俊 峰 \
浩然 子豪 宇航 俊杰 志远 文博 天佑 嘉豪 明轩 一鸣 晓东 海涛 建伟 立新 亚东 春雷 洪涛 国栋"
_FEMALE_OLD = "秀英 桂兰 玉珍 秀兰 桂英 凤英 玉兰 秀珍 淑珍 翠花 春梅 桂芝 兰英 素芬 玉梅 \
淑芬 桂香 月华 凤兰 玉凤 金凤 爱莲 美兰 彩霞 红梅 秀云 丽华 淑华 银花 小凤"
_FEMALE_NEW = "丽 静 敏 燕 艳 娟 霞 芳 娜 婷 雪 慧 颖 倩 琳 晶 莉 欣 悦 璐 \
丽娟 晓燕 海燕 雪梅 文静 佳琪 欣怡 梦瑶 思雨 雨涵 婷婷 晓丽 春燕 红霞 玉洁 美玲"

_MALE = (_MALE_OLD.split(), _MALE_NEW.split())
_FEMALE = (_FEMALE_OLD.split(), _FEMALE_NEW.split())

#: Village name patterns of the north China plain: surname + suffix, or a prefix + surname.
_VILLAGE_SUFFIX = "家庄 庄 家屯 家营 家店 家集 家洼 家口 家寨 家坊 家楼 家桥 家埠 家湖".split()
_VILLAGE_PREFIX = "前 后 东 西 南 北 大 小 中 新 老 上 下".split()
_VILLAGE_TAIL = ["", *"庄 屯 营 店 集 寨 坡 岭 园 官庄".split()]
_COMMUNITY = "东关 西关 南关 北关 镇中 新华 幸福 和平 振兴 花园 滨河 文昌 鑫源 康居 金桥".split()
_DIRECTIONS = {"centre": "镇中", "east": "东关", "west": "西关", "south": "南关", "north": "北关"}

#: Region codes (GB/T 2260) of the sample's county and its neighbours, with weights.
REGIONS = {
    "370523": 0.80, "370502": 0.05, "370503": 0.03, "370522": 0.03, "370505": 0.02,
    "371621": 0.03, "370321": 0.02, "370303": 0.01, "371625": 0.01,
}  # fmt: skip

_MOBILE_PREFIXES = "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 \
166 170 173 175 176 177 178 180 181 182 183 185 186 187 188 189 191 198 199".split()
_CHECK_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_CHECK_CHARS = np.array(list("10X98765432"))


def surnames(rng: np.random.Generator, n: int, local: str | None = None) -> np.ndarray:
    """Draw ``n`` surnames; a village's own clan surname ``local`` takes about 40 %."""
    keys = np.array(list(SURNAMES))
    p = np.array(list(SURNAMES.values()), dtype=float)
    out = rng.choice(keys, n, p=p / p.sum())
    if local:
        out[rng.random(n) < 0.4] = local
    return out


def given_names(rng: np.random.Generator, male: np.ndarray, birth_year: np.ndarray) -> np.ndarray:
    """Draw given names fitting each person's sex and generation (born before 1975 or not)."""
    n = len(male)
    out = np.empty(n, dtype=object)
    old = birth_year < 1975
    for is_male, pools in ((True, _MALE), (False, _FEMALE)):
        for gen, pool in ((True, pools[0]), (False, pools[1])):
            m = (male == is_male) & (old == gen)
            out[m] = rng.choice(pool, int(m.sum()))
    return out


def person_names(
    rng: np.random.Generator, male: np.ndarray, birth_year: np.ndarray, local: str | None = None
) -> np.ndarray:
    """Full names (surname + given name) for people of the given sex and birth year."""
    family = surnames(rng, len(male), local)
    return np.array([f + g for f, g in zip(family, given_names(rng, male, birth_year))])


def village_names(rng: np.random.Generator, n: int) -> list[str]:
    """Return ``n`` distinct village names ending in 村, e.g. 张家庄村, 前王村, 大辛集村."""
    keys = list(SURNAMES)
    weights = np.array(list(SURNAMES.values()), dtype=float)
    seen: list[str] = []
    while len(seen) < n:
        s = str(rng.choice(keys, p=weights / weights.sum()))
        if rng.random() < 0.6:
            name = s + str(rng.choice(_VILLAGE_SUFFIX))
        else:
            name = str(rng.choice(_VILLAGE_PREFIX)) + s + str(rng.choice(_VILLAGE_TAIL))
        name = name + "村"
        if name not in seen:
            seen.append(name)
    return seen


def clan_surname(village: str) -> str | None:
    """Return the surname a village is named after (张家庄村 → 张), or None."""
    for ch in village[:2]:
        if ch in SURNAMES:
            return ch
    return None


def community_names(rng: np.random.Generator, directions: list[str]) -> list[str]:
    """Names of the seat's communities; the ones on the seat's edge are named after it (东关)."""
    used: set[str] = set()
    out = []
    spare = [c for c in _COMMUNITY if c not in _DIRECTIONS.values()]
    rng.shuffle(spare)
    for d in directions:
        name = _DIRECTIONS.get(d)
        if name is None or name in used:
            name = spare.pop(0)
        used.add(name)
        out.append(name + "社区")
    return out


def mobile_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct 11-digit mobile numbers with real Chinese carrier prefixes."""
    out: set[str] = set()
    result = []
    while len(result) < n:
        prefix = rng.choice(_MOBILE_PREFIXES, n)
        rest = rng.integers(0, 10**8, n)
        for p, r in zip(prefix, rest):
            number = f"{p}{r:08d}"
            if number not in out:
                out.add(number)
                result.append(number)
    return np.array(result[:n])


def id_check_char(body17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of a 17-digit ID body."""
    digits = np.frombuffer(body17.encode("ascii"), dtype=np.uint8) - 48
    return str(_CHECK_CHARS[int(digits @ _CHECK_WEIGHTS) % 11])


def id_numbers(
    rng: np.random.Generator, birth: list[date], male: np.ndarray, regions: np.ndarray
) -> np.ndarray:
    """18-digit resident ID numbers with valid check characters."""
    seq = rng.integers(0, 500, len(birth)) * 2 + male.astype(int)  # odd for men
    bodies = [f"{r}{b:%Y%m%d}{s:03d}" for r, b, s in zip(regions, birth, seq)]
    digits = np.frombuffer("".join(bodies).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    checks = _CHECK_CHARS[(digits.astype(np.int64) @ _CHECK_WEIGHTS) % 11]
    return np.array([b + c for b, c in zip(bodies, checks)])


def birth_dates(rng: np.random.Generator, ages: np.ndarray, on: date) -> list[date]:
    """Birth dates of people ``ages`` years old on the date ``on``."""
    days = (ages * 365.25 + rng.uniform(0, 365, len(ages))).astype(int)
    return [on - timedelta(days=int(d)) for d in days]


def regions(rng: np.random.Generator, n: int) -> np.ndarray:
    """Region codes of birth registration, mostly the sample's own county."""
    keys = np.array(list(REGIONS))
    p = np.array(list(REGIONS.values()))
    return rng.choice(keys, n, p=p / p.sum())
