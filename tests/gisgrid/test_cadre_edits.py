import assign_case as case
import pytest

from gisgrid.assign import assign_households
from gisgrid.cadres import assign_cadre, cadre_limits, cadre_loads, unassign_cadre, unit_households
from gisgrid.errors import InputError

L, B, S = case.LON0, case.LAT0, case.STEP


@pytest.fixture
def project():
    layers = case.lattice(2, 1)
    hh = case.households([(L + 0.5 * S, B + 0.5 * S)] * 3 + [(L + 1.5 * S, B + 0.5 * S)])
    cadres = case.cadres(
        [
            {"id": "a", "lon": L, "lat": B, "max_households": 3},
            {"id": "b", "lon": L, "lat": B},
            {"id": "npm", "lon": L, "lat": B, "party_member": False},
        ]
    )
    p = case.project({**layers, "households": hh, "cadres": cadres}, {"max_grids_per_cadre": 1})
    assign_households(p).command().do(p)
    return p


def test_unit_households_roll_up(project):
    counts = unit_households(project)
    small = project.layer("grids_small")["code"].tolist()
    assert counts[small[0]] == 3 and counts[small[1]] == 1
    assert counts[case.VILLAGES[0]] == 3 and counts[case.VILLAGES[1] + "01"] == 1
    assert counts["370523103000"] == 4  # rolled up through the villages' parent_code


def test_limits_use_cadre_value_or_rule(project):
    limits = cadre_limits(project)
    assert limits.loc["a"].tolist() == [3, 1]
    assert limits.loc["b"].tolist() == [300, 1]


def test_assign_replace_and_undo(project):
    small = project.layer("grids_small")["code"].tolist()
    first = assign_cadre(project, "a", small[0])
    first.do(project)
    assert first.notes == []
    second = assign_cadre(project, "b", small[0])
    second.do(project)
    rows = project.layer("assignments")
    assert rows[["cadre_id", "level", "grid_code"]].values.tolist() == [["b", "small", small[0]]]
    second.undo(project)
    assert project.layer("assignments")["cadre_id"].tolist() == ["a"]
    over = assign_cadre(project, "a", small[1])  # a second unit: over max_grids 1, 4 > 3 households
    assert "over their limits (2/1 units, 4/3 households)" in over.notes[0]
    over.do(project)
    assert cadre_loads(project).at["a", "over"]
    worker = assign_cadre(project, "b", small[1], role="grid_worker", replace=False)
    worker.do(project)
    assert len(project.layer("assignments")) == 3
    unassign_cadre(project, "a", small[1]).do(project)
    assert len(project.layer("assignments")) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("zz", "x"), "not in the cadres layer"),
        (("a", "nope"), "no unit with code"),
        (("a", case.VILLAGES[0], "mayor"), "unknown role"),
        (("npm", None), "not a party member"),
    ],
)
def test_assign_errors(project, args, message):
    args = list(args)
    if args[1] is None:
        args[1] = project.layer("grids_small")["code"][0]
    with pytest.raises(InputError, match=message):
        assign_cadre(project, *args)


def test_unassign_missing(project):
    with pytest.raises(InputError, match="nothing to remove"):
        unassign_cadre(project, "a", "x")
