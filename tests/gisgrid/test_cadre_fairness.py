"""Fair cadre proposals (issue 14.5): every grid covered, then the load spread, then distance.

No grid goes to a farther cadre who already holds another while an eligible idle cadre is
nearer, and the diff says why each cadre was chosen.
"""

import assign_case as case
import numpy as np
import pytest
import shapely

from gisgrid.assign import assign_households
from gisgrid.cadre_proposal import propose_cadres
from gisgrid.cadres import cadre_limits, cadre_loads

L, B, S = case.LON0, case.LAT0, case.STEP


def located(layers, hh, cadre_rows, staffing=None):
    p = case.project({**layers, "households": hh, "cadres": case.cadres(cadre_rows)}, staffing)
    assign_households(p).command().do(p)
    return p


def leaders(p):
    after = p.layer("assignments")
    return after[after["role"] == "grid_leader"].set_index("grid_code")["cadre_id"].to_dict()


def test_as_many_eligible_cadres_as_grids_gives_every_grid_its_own_leader():
    # six party members living in one corner of a 3 × 2 village, one non-member in the middle:
    # by distance alone the corner grid's neighbours would pile onto one or two of them
    layers = case.lattice(3, 2, villages=False)
    hh = case.households(
        [(L + (i + 0.5) * S, B + (j + 0.5) * S) for i in range(3) for j in range(2)]
    )
    rows = [
        {"id": f"P{i}", "name": f"党员{i}", "lon": L + 0.1 * S + 0.02 * S * i, "lat": B + 0.1 * S}
        for i in range(6)
    ]
    rows.append(
        {"id": "N", "name": "群众", "lon": L + 1.5 * S, "lat": B + S, "party_member": False}
    )
    p = located(layers, hh, rows)
    proposal = propose_cadres(p)
    assert proposal.uncovered.empty and proposal.removed.empty
    proposal.command().do(p)
    held = leaders(p)
    assert len(held) == 6 and sorted(held.values()) == [f"P{i}" for i in range(6)]
    assert cadre_loads(p)["grids"].max() == 1
    assert all("空闲党员" in r for r in proposal.added["reason"])


def test_idle_cadre_living_in_the_grid_takes_it_not_a_busier_farther_one():
    # "busy" lives in the first grid by the shared edge, nearer the second grid's centre than
    # "home", who lives in the second grid's far corner: the second grid is home's
    layers = case.lattice(2, 1, villages=False)
    codes = layers["grids_small"]["code"].tolist()
    hh = case.households([(L + 0.5 * S, B + 0.5 * S), (L + 1.5 * S, B + 0.5 * S)])
    rows = [
        {"id": "busy", "name": "王明", "lon": L + 0.99 * S, "lat": B + 0.5 * S},
        {"id": "home", "name": "李华", "lon": L + 1.98 * S, "lat": B + 0.98 * S},
    ]
    p = located(layers, hh, rows)
    proposal = propose_cadres(p, k=1)  # "home" is no k-nearest candidate: it lives there
    added = proposal.added.set_index("grid_code")
    assert added["cadre_id"].to_dict() == {codes[0]: "busy", codes[1]: "home"}
    assert added.at[codes[1], "distance_m"] == 0
    assert added.at[codes[1], "reason"] == "no 网格长；最近的空闲党员（住在该单元内）"
    assert any(
        line.startswith(f"+ home 李华 网格长 {codes[1]} (0 m)") for line in proposal.diff_lines()
    )


def test_more_grids_than_cadres_says_who_doubles_up_and_why():
    layers = case.lattice(3, 1, villages=False)
    codes = layers["grids_small"]["code"].tolist()
    hh = case.households([(L + (i + 0.5) * S, B + 0.5 * S) for i in range(3)])
    rows = [
        {"id": "west", "name": "王明", "lon": L + 0.5 * S, "lat": B + 0.5 * S},
        {"id": "east", "name": "李华", "lon": L + 2.5 * S, "lat": B + 0.5 * S},
    ]
    p = located(layers, hh, rows)
    proposal = propose_cadres(p)
    assert proposal.uncovered.empty
    added = proposal.added.set_index("grid_code")
    middle = added.at[codes[1], "cadre_id"]
    name = {"west": "王明", "east": "李华"}[middle]
    assert (
        added.at[codes[1], "reason"] == f"no 网格长；无空闲合格党员，由 {name} 兼任（共 2 个单元）"
    )
    assert added.at[codes[0], "cadre_id"] == "west" and added.at[codes[2], "cadre_id"] == "east"


def five_in_a_row_four_cadres():
    layers = case.lattice(5, 1, villages=False)
    hh = case.households([(L + (i + 0.5) * S, B + 0.5 * S) for i in range(5)])
    rows = [
        {"id": "A", "name": "王明", "lon": L + 1.0 * S, "lat": B + 0.5 * S},  # on g0|g1
        {"id": "Bc", "name": "李华", "lon": L + 3.0 * S, "lat": B + 0.5 * S},  # on g2|g3
        {"id": "C", "name": "张强", "lon": L + 4.5 * S, "lat": B + 0.5 * S},  # in g4
        {"id": "D", "name": "赵敏", "lon": L + 9.0 * S, "lat": B + 0.5 * S},  # far east
    ]
    return layers["grids_small"]["code"].tolist(), located(layers, hh, rows)


def test_an_idle_cadre_takes_a_grid_before_anyone_takes_a_second():
    # five grids, four cadres: one holds two (level 2), and no one else does although the
    # fourth lives far to the east: the load is spread before distance counts
    codes, p = five_in_a_row_four_cadres()
    proposal = propose_cadres(p)
    added = proposal.added.set_index("grid_code")
    assert sorted(added["cadre_id"].value_counts().tolist()) == [1, 1, 1, 2]
    assert added.at[codes[4], "cadre_id"] == "D"  # C moves west, D takes the east end
    assert added.at[codes[4], "reason"].startswith("no 网格长；最近的空闲党员；更近的 ")


def test_idle_cadre_beyond_the_candidates_is_named_when_someone_doubles_up():
    # with the three nearest cadres as candidates the far one is none: A takes two grids and
    # the diff names the idle cadre and how far away they live
    codes, p = five_in_a_row_four_cadres()
    proposal = propose_cadres(p, k=3)
    added = proposal.added.set_index("grid_code")["cadre_id"].to_dict()
    assert added == {codes[0]: "A", codes[1]: "A", codes[2]: "Bc", codes[3]: "Bc", codes[4]: "C"}
    reason = proposal.added.set_index("grid_code").at[codes[0], "reason"]
    assert reason.startswith(
        "no 网格长；由 王明 兼任（共 2 个单元）；空闲的合格党员都更远（最近的 赵敏 距 "
    )
    assert proposal.total_distance_m == pytest.approx(0, abs=0.01)  # all live on or in them


@pytest.mark.parametrize("seed", range(5))
def test_no_grid_goes_to_a_farther_cadre_while_a_nearer_one_is_idle(seed):
    rng = np.random.default_rng(seed)
    layers = case.lattice(4, 3, villages=False)
    hh = case.random_households(rng, 120, 4, 3)
    rows = [
        {
            "id": f"C{i}",
            "lon": L + rng.uniform(0, 4 * S),
            "lat": B + rng.uniform(0, 3 * S),
            "party_member": bool(rng.random() > 0.15),
            "max_households": int(rng.integers(20, 120)),
            "max_grids": int(rng.integers(1, 4)),
        }
        for i in range(int(rng.integers(6, 14)))
    ]
    p = located(layers, hh, rows)
    proposal = propose_cadres(p, k=2)  # few candidates: the rule must hold beyond them
    proposal.command().do(p)
    crs = p.metric_crs
    grids = p.layer("grids_small").to_crs(crs).set_index("code").geometry
    cad = p.layer("cadres").to_crs(crs).set_index("id")
    loads, limits = cadre_loads(p), cadre_limits(p)
    per_grid = p.layer("households")["grid_code"].value_counts()
    idle = [c for c in cad.index if cad.at[c, "party_member"] and loads.at[c, "grids"] == 0]
    for code, cid in leaders(p).items():
        mine = shapely.distance(cad.geometry[cid], grids[code])
        for other in idle:
            if limits.at[other, "max_households"] < per_grid.get(code, 0):
                continue  # no room for this grid
            assert shapely.distance(cad.geometry[other], grids[code]) >= mine - 1e-3, (
                f"{code} went to {cid} while idle {other} is nearer"
            )
    for code in proposal.uncovered["grid_code"]:  # covered first: no idle cadre could take it
        need = per_grid.get(code, 0)
        assert all(limits.at[c, "max_households"] < need for c in idle)
