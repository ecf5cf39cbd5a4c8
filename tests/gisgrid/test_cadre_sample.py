"""The sample township ends with every small grid led by a party member (issue 5)."""

import pytest

from gisgrid.assign import assign_households
from gisgrid.cadre_proposal import propose_cadres
from gisgrid.coverage import coverage
from gisgrid.roster import roster_table

township = pytest.importorskip("gisgrid.sample_data.township")


@pytest.mark.slow
def test_sample_town_fully_led_after_proposal(tmp_path):
    project = township.build_sample(tmp_path / "town.gpkg", seed=1)
    defects = township.planted_patterns(1)["defects"]
    before = coverage(project)
    assert before["grids_without_leader"] == sorted(defects["unled_small_grids"])
    assert set(before["cadres_over_limit"]) == set(defects["over_limit"])
    households = assign_households(project)
    assert households.changed == 0 and households.outside.empty
    proposal = propose_cadres(project)
    assert proposal.uncovered.empty
    proposal.command().do(project)
    after = coverage(project)
    assert after["grids_without_leader"] == []
    assert after["leaders_not_party_members"] == []
    assert after["cadres_over_limit"] == []
    roster = roster_table(project)
    assert roster["网格长"].notna().all()
    assert len(roster) == len(project.layer("grids_small"))
