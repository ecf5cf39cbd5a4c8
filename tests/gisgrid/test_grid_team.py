"""A small grid's team: leader and workers, its large grid's secretary, its village's liaison."""

import sys
from pathlib import Path

import pandas as pd
import pytest

from gisgrid.errors import InputError
from gisgrid.grid_team import grid_team, team_units

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_support"))
import assign_case as case  # noqa: E402

V1 = case.VILLAGES[0]
LARGE = V1 + "01"
GRID = LARGE + "001"


@pytest.fixture
def project():
    p = case.project(
        {
            **case.lattice(4, 2),
            "cadres": case.cadres(
                [
                    {"id": "a", "lon": 118.701, "lat": 37.001, "name": "王网格"},
                    {
                        "id": "w",
                        "lon": 118.701,
                        "lat": 37.001,
                        "name": "李网格员",
                        "role": "grid_worker",
                        "party_member": False,
                    },
                    {
                        "id": "s",
                        "lon": 118.701,
                        "lat": 37.001,
                        "name": "赵书记",
                        "role": "branch_secretary",
                    },
                    {
                        "id": "l",
                        "lon": 118.701,
                        "lat": 37.001,
                        "name": "孙联络",
                        "role": "village_liaison",
                    },
                ]
            ),  # fmt: skip
        }
    )
    p.set_layer(
        "assignments",
        case.assignments(
            [
                ("a", "grid_leader", "small", GRID),
                ("w", "grid_worker", "small", GRID),
                ("s", "branch_secretary", "large", LARGE),
                ("l", "village_liaison", "village", V1),
                ("a", "grid_leader", "small", LARGE + "002"),
            ]
        ),
    )
    return p


def test_team_in_display_order(project):
    team = grid_team(project, GRID)
    assert [(m.role, m.cadre_id, m.unit_code) for m in team] == [
        ("grid_leader", "a", GRID),
        ("branch_secretary", "s", LARGE),
        ("village_liaison", "l", V1),
        ("grid_worker", "w", GRID),
    ]
    assert [m.name for m in team] == ["王网格", "赵书记", "孙联络", "李网格员"]
    assert [m.party_member for m in team] == [True, True, True, False]


def test_units_per_role(project):
    assert team_units(project, GRID) == {
        "grid_leader": GRID,
        "grid_worker": GRID,
        "branch_secretary": LARGE,
        "village_liaison": V1,
    }


def test_unknown_cadre_and_empty_duties(project):
    rows = project.layer("assignments")
    extra = case.assignments([("ghost", "grid_leader", "small", LARGE + "003")])
    project.set_layer("assignments", pd.concat([rows, extra], ignore_index=True))
    team = grid_team(project, LARGE + "003")
    assert [(m.role, m.name, m.party_member) for m in team][0] == ("grid_leader", "ghost", False)
    assert {m.role for m in grid_team(project, LARGE + "004")} == {
        "branch_secretary", "village_liaison"
    }  # fmt: skip


def test_unknown_grid_is_an_input_error(project):
    with pytest.raises(InputError, match="no small grid"):
        grid_team(project, "nope")
