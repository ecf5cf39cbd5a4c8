"""The sample township's households and cadres, as plain tables in Gauss-Krüger metres.

Household heads, sizes and tags follow the shape of a north China plain township: older,
smaller households in the villages; about 7 % elderly living alone; 低保 and 特困 support
mostly among them. Cadres are staffed as DESIGN.md describes, with a few planted defects for
the coverage checks (grids without a leader, a leader who is not a party member, cadres over
their limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import shapely
from gisgrid.sample_data import names as nm
from gisgrid.sample_data import partition as pt
from gisgrid.sample_data.layout import Layout

_RURAL_SIZES = [0.13, 0.30, 0.22, 0.19, 0.10, 0.045, 0.015]
_URBAN_SIZES = [0.10, 0.25, 0.33, 0.20, 0.08, 0.03, 0.01]
_STREETS = "新华街 人民路 建设路 胜利街 文化路 振兴街 和平街 解放路 团结路 光明街 育才路 \
幸福街 商业街 迎宾路 工业路 府前街 青年路 民主街".split()
_PART = {0: "", 1: "东片", 2: "西片", 3: "南片", 4: "北片"}

#: Cadre limits by role: (households, grids) a cadre may be responsible for.
LIMITS = {
    "town_leader": (100_000, 1),
    "village_liaison": (2_500, 2),
    "branch_secretary": (1_500, 1),
    "grid_leader": (400, 12),
    "grid_worker": (500, 16),
}


@dataclass
class Codes:
    """Codes and names of every polygon of a township, in layout order."""

    town_code: str
    town_name: str
    village_codes: list[str]
    village_names: list[str]
    large_codes: list[str]
    large_names: list[str]
    small_codes: list[str]
    small_names: list[str]


@dataclass
class Staffing:
    """Cadres and their assignments, with the planted defects named."""

    cadres: pd.DataFrame  # with x, y columns (metres)
    assignments: pd.DataFrame
    defects: dict[str, list[str]] = field(default_factory=dict)


def name_units(layout: Layout, town_code: str, town_name: str, rng: np.random.Generator) -> Codes:
    """Give every village, large grid and small grid its name and code."""
    n_comm = int((layout.village_kind == "urban").sum())
    v_names = nm.community_names(rng, layout.village_direction) + nm.village_names(
        rng, len(layout.village_kind) - n_comm
    )
    prefix = town_code[:9]
    v_codes = [f"{prefix}{i + 1:03d}" for i in range(n_comm)]
    v_codes += [f"{prefix}{200 + i:03d}" for i in range(len(v_names) - n_comm)]
    l_codes, l_names = [], []
    for v in range(len(v_names)):
        larges = np.flatnonzero(layout.village_of_large == v)
        for seq, _ in enumerate(larges, start=1):
            l_codes.append(f"{v_codes[v]}{seq:02d}")
            suffix = f"第{seq}大网格" if len(larges) > 1 else "大网格"
            l_names.append(v_names[v] + suffix)
    s_codes, s_names = [], []
    per_village: dict[int, int] = {}
    per_large: dict[int, int] = {}
    for lg in layout.large_of_small:
        v = int(layout.village_of_large[lg])
        per_large[lg] = per_large.get(lg, 0) + 1
        per_village[v] = per_village.get(v, 0) + 1
        s_codes.append(f"{l_codes[lg]}{per_large[lg]:03d}")
        n = per_village[v]
        urban = layout.village_kind[v] == "urban"
        s_names.append(f"{v_names[v]}{n}网格" if urban else f"{v_names[v]}第{n}网格")
    return Codes(town_code, town_name, v_codes, v_names, l_codes, l_names, s_codes, s_names)


def households_table(
    layout: Layout, codes: Codes, on: date, rng: np.random.Generator
) -> pd.DataFrame:
    """Return the households with heads, addresses, phones, IDs, sizes, tags and x/y."""
    hh = layout.households
    n = len(hh.xy)
    small = layout.small_of_household
    village = layout.village_of_large[layout.large_of_small[small]]
    urban = layout.village_kind[village] == "urban"
    size = np.where(
        urban, rng.choice(7, n, p=_URBAN_SIZES) + 1, rng.choice(7, n, p=_RURAL_SIZES) + 1
    )
    age = np.where(
        size == 1,
        np.where(rng.random(n) < 0.75, rng.uniform(60, 90, n), rng.uniform(24, 60, n)),
        np.where(size == 2, rng.uniform(45, 85, n), rng.uniform(27, 72, n)),
    ).astype(int)
    male = np.where((size == 1) & (age >= 70), rng.random(n) < 0.45, rng.random(n) < 0.85)
    birth = nm.birth_dates(rng, age, on)
    born = np.array([b.year for b in birth])
    clan = np.array([nm.clan_surname(codes.village_names[v]) or "" for v in village])
    heads = nm.person_names(rng, male, born)
    clan_pick = (clan != "") & (rng.random(n) < 0.35) & ~urban
    heads[clan_pick] = [c + h[1:] for c, h in zip(clan[clan_pick], heads[clan_pick])]

    alone = (size == 1) & (age >= 65)
    tekun = (alone & (rng.random(n) < 0.12)) | (rng.random(n) < 0.002)
    dibao = ~tekun & (rng.random(n) < np.where(alone | (age >= 70), 0.09, 0.025))
    disabled = rng.random(n) < 0.05
    model = ~tekun & ~dibao & (age >= 35) & (age <= 75) & (rng.random(n) < 0.035)
    left_behind = ~urban & (size >= 3) & (age < 70) & (rng.random(n) < 0.07)
    veteran = male & (age >= 30) & (rng.random(n) < 0.05)
    tag_names = ["低保", "特困", "独居老人", "党员示范户", "残疾人", "留守儿童", "退役军人"]
    flags = np.column_stack([dibao, tekun, alone, model, disabled, left_behind, veteran])
    tags = np.array([";".join(t for t, f in zip(tag_names, row) if f) for row in flags])

    address = _addresses(layout, codes, village)
    order = np.lexsort((np.arange(n), village))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = _rank_within(village[order])
    ids = [f"{codes.village_codes[v]}{s:04d}" for v, s in zip(village, seq)]
    return (
        pd.DataFrame(
            {
                "id": ids,
                "head": heads,
                "address": address,
                "phone": nm.mobile_numbers(rng, n),
                "id_number": nm.id_numbers(rng, birth, male, nm.regions(rng, n)),
                "size": size,
                "village_code": np.array(codes.village_codes)[village],
                "grid_code": np.array(codes.small_codes)[small],
                "micro_code": "",
                "tags": tags,
                "pinned": False,
                "x": hh.xy[:, 0],
                "y": hh.xy[:, 1],
            }
        )
        .iloc[order]
        .reset_index(drop=True)
    )


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """1-based position of each element within its run of equal sorted ``groups``."""
    start = np.r_[0, np.flatnonzero(groups[1:] != groups[:-1]) + 1]
    run = np.repeat(start, np.diff(np.r_[start, len(groups)]))
    return np.arange(len(groups)) - run + 1


def _addresses(layout: Layout, codes: Codes, village: np.ndarray) -> np.ndarray:
    hh = layout.households
    vname = np.array(codes.village_names)[village]
    out = np.empty(len(village), dtype=object)
    rural = hh.kind == 0
    part = np.array([_PART[int(p)] for p in hh.part[rural]])
    out[rural] = [
        f"{v}{p}{a}排{b}号" for v, p, a, b in zip(vname[rural], part, hh.a[rural], hh.b[rural])
    ]
    flats = np.flatnonzero(hh.kind == 1)
    # Buildings are numbered within each community, in the order they were built.
    keys, building = np.unique(
        np.column_stack([village[flats], hh.a[flats]]), axis=0, return_inverse=True
    )
    number = _rank_within(keys[:, 0])
    out[flats] = [
        f"{v}{number[bno]}号楼{u}单元{r}"
        for v, bno, u, r in zip(vname[flats], building.ravel(), hh.b[flats], hh.c[flats])
    ]
    bung = hh.kind == 2
    out[bung] = [
        f"{v}{_STREETS[a % len(_STREETS)]}{b}号"
        for v, a, b in zip(vname[bung], hh.a[bung], hh.b[bung])
    ]
    return out


def staffing(
    layout: Layout,
    codes: Codes,
    households: pd.DataFrame,
    on: date,
    rng: np.random.Generator,
) -> Staffing:
    """Staff the township: leaders, liaisons, branch secretaries, grid leaders and workers."""
    hh_small = households["grid_code"].value_counts().reindex(codes.small_codes, fill_value=0)
    hh_small = hh_small.to_numpy()
    village_of_small = layout.village_of_large[layout.large_of_small]
    rows: list[dict] = []
    assign: list[tuple[int, str, str, str]] = []
    homes = households[["x", "y", "village_code"]].to_numpy()

    def home_in(mask: np.ndarray) -> tuple[float, float]:
        pick = homes[rng.choice(np.flatnonzero(mask))]
        return float(pick[0]) + rng.normal(0, 3), float(pick[1]) + rng.normal(0, 3)

    def add(role: str, village: str, party: bool, where: np.ndarray) -> int:
        x, y = home_in(where)
        rows.append({"role": role, "village_code": village, "party_member": party, "x": x, "y": y})
        return len(rows) - 1

    seat = (
        households["village_code"]
        .isin([c for c, k in zip(codes.village_codes, layout.village_kind) if k == "urban"])
        .to_numpy()
    )
    for _ in range(5):
        c = add("town_leader", "", True, seat)
        assign.append((c, "town_leader", "town", codes.town_code))

    for group in _pair_villages(layout, rng):
        c = add("village_liaison", codes.village_codes[group[0]], rng.random() < 0.9, seat)
        for v in group:
            assign.append((c, "village_liaison", "village", codes.village_codes[v]))

    hh_village = households["village_code"].to_numpy()
    hh_large = households["grid_code"].str.slice(0, 14).to_numpy()
    for lg, lcode in enumerate(codes.large_codes):
        v = int(layout.village_of_large[lg])
        c = add("branch_secretary", codes.village_codes[v], True, hh_large == lcode)
        assign.append((c, "branch_secretary", "large", lcode))

    groups = _leader_groups(layout, hh_small, rng)
    leader_of_group = []
    hh_grid = households["grid_code"].to_numpy()
    for g in groups:
        v = int(village_of_small[g[0]])
        where = np.isin(hh_grid, [codes.small_codes[s] for s in g])
        c = add("grid_leader", codes.village_codes[v], True, where)
        leader_of_group.append(c)
        for s in g:
            assign.append((c, "grid_leader", "small", codes.small_codes[s]))
    urban_groups = [
        i for i, g in enumerate(groups) if layout.village_kind[village_of_small[g[0]]] == "urban"
    ]
    for gi in urban_groups[:12]:
        g = groups[gi]
        v = int(village_of_small[g[0]])
        party = bool(rng.random() < 0.3)
        c = add("grid_worker", codes.village_codes[v], party, hh_village == codes.village_codes[v])
        for s in g:
            assign.append((c, "grid_worker", "small", codes.small_codes[s]))

    cadres = pd.DataFrame(rows)
    assignments = pd.DataFrame(assign, columns=["cadre", "role", "level", "grid_code"])
    assignments, defects = _plant_defects(cadres, assignments, groups, leader_of_group, codes, rng)
    _set_limits(cadres, assignments, households, codes, defects)
    n = len(cadres)
    town3 = codes.town_code[6:9]
    cadres.insert(0, "id", [f"GB{town3}{i + 1:03d}" for i in range(n)])
    male = rng.random(n) < 0.7
    age = rng.integers(26, 59, n)
    cadres.insert(1, "name", nm.person_names(rng, male, on.year - age))
    cadres.insert(4, "phone", nm.mobile_numbers(rng, n))
    assignments.insert(0, "cadre_id", cadres["id"].to_numpy()[assignments.pop("cadre")])
    defects["non_party_leader"] = cadres["id"].to_numpy()[defects["non_party_leader"]].tolist()
    defects["over_limit"] = cadres["id"].to_numpy()[defects["over_limit"]].tolist()
    return Staffing(cadres, assignments, defects)


def _pair_villages(layout: Layout, rng: np.random.Generator) -> list[list[int]]:
    """One liaison per two neighbouring villages (greedy matching), the rest one each."""
    vs = layout.village_of_large[layout.large_of_small]
    coo = layout.adjacency_small.tocoo()
    a, b = vs[coo.row], vs[coo.col]
    pairs = {(int(x), int(y)) for x, y in zip(a, b) if x < y}
    free = set(range(len(layout.village_kind)))
    out = []
    for x, y in sorted(pairs, key=lambda p: (rng.random(), p)):
        if x in free and y in free:
            if rng.random() < 0.9:
                out.append([x, y])
                free -= {x, y}
    out += [[v] for v in sorted(free)]
    return sorted(out)


def _leader_groups(
    layout: Layout, hh_small: np.ndarray, rng: np.random.Generator
) -> list[np.ndarray]:
    """Adjacent small grids led by one grid leader: about ten per leader, within a large grid."""
    graph = pt._Graph(layout.adjacency_small)
    centroids = shapely.get_coordinates(shapely.centroid(layout.small_polygons))
    groups = []
    for lg in range(len(layout.village_of_large)):
        nodes = np.flatnonzero(layout.large_of_small == lg)
        k = max(1, int(round(len(nodes) / 10)))
        groups += pt.balanced_parts(nodes, k, graph, hh_small.astype(float) + 1, centroids, rng, 1)
    return groups


def _plant_defects(
    cadres: pd.DataFrame,
    assignments: pd.DataFrame,
    groups: list[np.ndarray],
    leader_of_group: list[int],
    codes: Codes,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, dict[str, list]]:
    """Plant the defects the coverage checks must find, recording where they are."""
    leaders = np.flatnonzero(cadres["role"].to_numpy() == "grid_leader")
    big = [i for i, g in enumerate(groups) if len(g) >= 4]
    unled = [codes.small_codes[int(groups[gi][-1])] for gi in rng.choice(big, 3, replace=False)]
    drop = (assignments["role"] == "grid_leader") & assignments["grid_code"].isin(unled)
    assignments = assignments[~drop].reset_index(drop=True)
    non_party = int(rng.choice(leaders))
    cadres.loc[non_party, "party_member"] = False
    over_grids = int(rng.choice([leader_of_group[i] for i in big]))
    liaisons = np.flatnonzero(cadres["role"].to_numpy() == "village_liaison")
    over_households = int(rng.choice(liaisons))
    return assignments, {
        "unled_small_grids": sorted(unled),
        "non_party_leader": [non_party],
        "over_limit": [over_grids, over_households],
    }


def _set_limits(
    cadres: pd.DataFrame,
    assignments: pd.DataFrame,
    households: pd.DataFrame,
    codes: Codes,
    defects: dict[str, list],
) -> None:
    """Limits by role, raised where a cadre's real load needs it, except the planted ones."""
    per_grid = households["grid_code"].value_counts()
    per_unit: dict[str, int] = {}
    for code in codes.small_codes:
        per_unit[code] = int(per_grid.get(code, 0))
    for code in codes.large_codes + codes.village_codes + [codes.town_code]:
        per_unit[code] = 0
    for code, n in list(per_grid.items()):
        for cut in (14, 12):
            per_unit[code[:cut]] = per_unit.get(code[:cut], 0) + int(n)
    per_unit[codes.town_code] = len(households)
    load_hh = assignments["grid_code"].map(per_unit).groupby(assignments["cadre"]).sum()
    load_n = assignments.groupby("cadre").size()
    max_hh, max_n = [], []
    over_grids, over_households = defects["over_limit"]
    for i, role in enumerate(cadres["role"]):
        lim_hh, lim_n = LIMITS[role]
        hh, n = int(load_hh.get(i, 0)), int(load_n.get(i, 0))
        lim_hh = max(lim_hh, -(-hh // 50) * 50)
        lim_n = max(lim_n, n)
        if i == over_grids:
            lim_n = max(1, n - 2)
        if i == over_households:
            lim_hh = max(50, int(hh * 0.8) // 50 * 50)
        max_hh.append(lim_hh)
        max_n.append(lim_n)
    cadres["max_households"] = max_hh
    cadres["max_grids"] = max_n
