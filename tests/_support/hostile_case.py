"""A hostile copy of the sample township: planted personal data and script payloads.

:func:`make_hostile_project` copies ``sample_data/sample_town.gpkg`` (the committed file is
never written) and, in one village (:data:`VILLAGE`), plants

* personal data where it belongs and where citizens write it: household heads named
  :data:`HOUSEHOLD_NAMES` with the phones of :data:`PHONES` and the ID numbers of
  :data:`ID_NUMBERS` (valid check digits, one ending in ``X``); a grid leader named
  :data:`CADRE_NAME`; the same numbers and names inside issue descriptions and addresses
  ("户主欧阳翠花，联系电话13912345678，身份证…"), full-width digits and dashes included;
* :data:`PAYLOADS` in every free-text field that can reach a page: the town's, village's
  and grids' names, cadres' names, issue descriptions, addresses and categories.

Every payload that runs marks the page: it sets ``data-pwned`` on ``<html>``
(:data:`MARK`), which ``--dump-dom`` shows. The planted issues are open and received in
:data:`WEEK`, so they are overdue, repeated and in the weekly pack's tables.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gisgrid.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"
VILLAGE = "370523103001"
WEEK, MONTH = "2026-W47", "2026-11"
HOT_FROM, HOT_TO = "2026-09-01", "2026-11-22"

#: What a payload does when it runs: a mark that shows in the DOM.
MARK = "document.documentElement.dataset.pwned=1"
PAYLOADS: list[str] = [
    f"<script>{MARK}</script>",
    f'<img src=x onerror="{MARK}">',
    f"javascript:{MARK}",
    f"</script><script>{MARK}</script>",
    "{{ 7*7 }}{% raw %}{{ 8*8 }}{# c #}",
    f"${{{MARK}}}`;{MARK};`",
    "\\\"\\\\ \u2028 \u2029 '\"‘’“”\\u2028",
    "--> ]]> <!-- <![CDATA[ x",
    f"<svg onload={MARK}>",
    f'<a href="javascript:{MARK}">点此</a>',
    "$x^{2}$ $\\undefinedcmd$ $$ 100%",
    f"'-{MARK}-'\"-{MARK}-\"",
]
LONG = "长" * 3000 + PAYLOADS[0]

HOUSEHOLD_NAMES = ["欧阳翠花", "司马建国", "诸葛秀英"]
CADRE_NAME = "上官婉儿"
PHONES = ["13912345678", "0546-8211234", "15098765432", "18655550123"]
ID_NUMBERS = ["370523198001011230", "37052319751231102X", "370523200502280017"]
#: Numbers as citizens write them in text (full-width digits, blanks, dashes, +86).
WRITTEN = [
    "联系电话13912345678，身份证37052319751231102X",
    "户主欧阳翠花（手机 139-1234-5678）反映",
    "电话：１５０９８７６５４３２ 诸葛秀英",
    "座机0546-8211234，+86 186 5555 0123，身份证号370523198001011230",
    "司马建国说身份证是３７０５２３２００５０２２８００１７",
]


def _check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


assert all(n[-1] == _check_digit(n[:17]) for n in ID_NUMBERS)


def _issue_rows(issues: pd.DataFrame, households: pd.DataFrame, grids: list[str]) -> pd.DataFrame:
    """Open issues received on 2026-11-16/17 in the hostile grids, carrying text to test."""
    home = households[households["grid_code"].isin(grids)].reset_index(drop=True)
    texts = (
        [f"{p}，{WRITTEN[k % len(WRITTEN)]}" for k, p in enumerate(PAYLOADS)]
        + [f"{w}，{PAYLOADS[k]}" for k, w in enumerate(WRITTEN)]
        + [LONG, "重复诉求：" + PAYLOADS[1], "重复诉求：" + PAYLOADS[2], "重复诉求：" + PAYLOADS[3]]
    )
    rows = []
    for k, text in enumerate(texts):
        repeat = k >= len(texts) - 3  # the last three: one household, three times
        house = home.iloc[0 if repeat else k % len(home)]
        when = pd.Timestamp("2026-11-16 08:30") + pd.Timedelta(minutes=37 * k)
        rows.append(
            {
                "id": f"HX{k:04d}",
                "source": ["hotline", "patrol", "visit", "petition"][k % 4],
                "category": PAYLOADS[k % len(PAYLOADS)] if k % 3 == 0 else "人居环境",
                "description": text,
                "address": f"{PAYLOADS[k % len(PAYLOADS)]}{WRITTEN[k % len(WRITTEN)]}",
                "reported_at": when,
                "first_contact_at": when + pd.Timedelta(minutes=20),
                "resolved_at": pd.NaT,
                "reviewed_at": pd.NaT,
                "status": "dispatched",
                "complexity": "simple",
                "household_id": house["id"],
                "village_code": VILLAGE,
                "grid_code": house["grid_code"],
                "geometry": house["geometry"],
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(issues.columns), crs=issues.crs)


def make_hostile_project(path: Path) -> Path:
    """Write the hostile township to ``path`` (a new ``.gpkg``) and return the path."""
    shutil.copyfile(SAMPLE, path)
    project = Project.open(path)
    project.meta.name = f"临河镇</title><img src=x onerror=\"{MARK}\">{{{{7*7}}}}"
    project.meta.categories = [*project.meta.categories, PAYLOADS[0]]
    project.mark_meta_changed()

    villages = project.layer("villages").copy()
    villages.loc[villages["code"] == VILLAGE, "name"] = f"西关社区{PAYLOADS[0]}"
    project.set_layer("villages", villages)

    large = project.layer("grids_large").copy()
    mine = large["parent_code"] == VILLAGE
    large.loc[mine, "name"] = [PAYLOADS[(k + 3) % len(PAYLOADS)] for k in range(mine.sum())]
    project.set_layer("grids_large", large)

    small = project.layer("grids_small").copy()
    mine = small["code"].str.startswith(VILLAGE)
    small.loc[mine, "name"] = [PAYLOADS[k % len(PAYLOADS)] + "网格" for k in range(mine.sum())]
    grids = small.loc[mine, "code"].tolist()
    project.set_layer("grids_small", small)

    assignments = project.layer("assignments")
    cadres = project.layer("cadres").copy()
    leaders = assignments.loc[assignments["grid_code"].isin(grids), "cadre_id"].unique()
    liaison = assignments.loc[assignments["grid_code"] == VILLAGE, "cadre_id"].unique()
    for k, cadre in enumerate([*leaders, *liaison]):
        at = cadres["id"] == cadre
        cadres.loc[at, "name"] = CADRE_NAME if k == 0 else PAYLOADS[k % len(PAYLOADS)]
        cadres.loc[at, "phone"] = PHONES[k % len(PHONES)]
    project.set_layer("cadres", cadres)

    households = project.layer("households").copy()
    first = households.index[households["grid_code"].isin(grids)][: len(HOUSEHOLD_NAMES)]
    households.loc[first, "head"] = HOUSEHOLD_NAMES
    households.loc[first, "phone"] = PHONES[: len(first)]
    households.loc[first, "id_number"] = ID_NUMBERS[: len(first)]
    households.loc[first[0], "address"] = PAYLOADS[1] + WRITTEN[0]
    project.set_layer("households", households)

    issues = project.layer("issues")
    planted = _issue_rows(issues, households, grids)
    both = pd.concat([issues, planted], ignore_index=True)
    project.set_layer("issues", gpd.GeoDataFrame(both, geometry="geometry", crs=issues.crs))
    project.save()
    return path
