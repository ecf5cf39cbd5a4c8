"""The sample township's hierarchy validates clean; its only problems are the staffing defects
planted for the assignment tools, and the optimised proposal clears them."""

import shutil
from pathlib import Path

import pytest
from gisgrid.sample_data.township import planted_patterns

from gisgrid.cadre_proposal import propose_cadres
from gisgrid.hierarchy import ValidationParams, validate
from gisgrid.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_town.gpkg"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "town.gpkg"
    shutil.copyfile(SAMPLE, path)
    return Project.open(path)


def test_sample_geometry_codes_and_households_are_clean(sample):
    result = validate(sample, ValidationParams(check_staffing=False))
    assert result.problems == []


def test_only_the_planted_staffing_defects_are_reported(sample):
    staffing = validate(sample).of_kind("staffing")
    defects = planted_patterns(1)["defects"]
    unled = {p.codes[0] for p in staffing if len(p.codes) == 1}
    not_members = {p.codes[1] for p in staffing if len(p.codes) == 2}
    assert unled == set(defects["unled_small_grids"])
    assert not_members == set(defects["non_party_leader"])
    assert len(staffing) == len(validate(sample).problems)


def test_proposal_leaves_the_sample_fully_clean(sample):
    proposal = propose_cadres(sample)
    proposal.command().do(sample)
    assert validate(sample).clean
