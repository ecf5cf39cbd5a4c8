"""Issue 13: a snapped household belongs to its grid; coverage text without leaders is plain."""

import contextlib
import io
import re

import assign_case as case
from project_shapes import build_shape

from gisgrid.assign import assign_households
from gisgrid.coverage import coverage
from gisgrid.hierarchy import ValidationParams, validate

L, B, S = case.LON0, case.LAT0, case.STEP


def test_snapped_households_are_pinned_and_not_listed_outside():
    layers = case.lattice(2, 1, villages=False)
    codes = layers["grids_small"]["code"].tolist()
    near = (L + 2 * S + 0.0001, B + S / 2)  # about 9 m east of the last grid
    far = (L + 2 * S + 0.01, B + S / 2)  # about 900 m east
    hh = case.households([(L + S / 2, B + S / 2), near, far])
    project = case.project({**layers, "households": hh})
    result = assign_households(project, snap_outside_m=20)
    assert result.households["grid_code"].tolist()[:2] == [codes[0], codes[1]]
    assert result.households["pinned"].tolist() == [False, True, False]
    assert result.outside["id"].tolist() == ["H002"]  # the snapped one is no longer outside
    assert "within 8.9 m" in result.notes[0] and "pinned" in result.notes[0]
    result.command().do(project)

    check = ValidationParams(check_staffing=False)
    outside = [p.codes for p in validate(project, check).of_kind("household_outside")]
    assert outside == [["H002"]]
    assert coverage(project)["households_outside"] == 1
    again = assign_households(project)  # a later run without --snap keeps it in its grid
    assert again.households["grid_code"].tolist()[1] == codes[1] and again.changed == 0


def test_snap_with_nobody_outside_changes_nothing():
    layers = case.lattice(2, 1, villages=False)
    project = case.project({**layers, "households": case.households([(L + S / 2, B + S / 2)])})
    result = assign_households(project, snap_outside_m=50)
    assert result.outside.empty and not result.notes
    assert result.households["pinned"].tolist() == [False]


def test_pinned_household_of_a_missing_grid_is_still_outside():
    layers = case.lattice(1, 1, villages=False)
    hh = case.households([(L + 2 * S, B + S / 2)], grid_code=["GONE"], pinned=[True])
    project = case.project({**layers, "households": hh})
    outside = validate(project, ValidationParams(check_staffing=False)).of_kind(
        "household_outside"
    )
    assert [p.codes for p in outside] == [["H000"]]
    assert coverage(project)["households_outside"] == 1


def test_coverage_text_without_leaders_says_n_a(tmp_path):
    from gisgrid.cli import main

    path = tmp_path / "one.gpkg"
    build_shape("one_village_only", path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["coverage", str(path)]) == 0
    text = out.getvalue()
    assert "min n/a  median n/a  max n/a" in text
    assert not re.search(r"(?<![A-Za-z])(None|nan|NaN)(?![A-Za-z])", text)


def test_a_grid_never_gets_a_second_leader_by_hand():
    from gisgrid.cadres import assign_cadre

    layers = case.lattice(2, 1, villages=False)
    code = layers["grids_small"]["code"].iloc[0]
    people = case.cadres([{"id": "a", "lon": L, "lat": B}, {"id": "b", "lon": L, "lat": B}])
    project = case.project({**layers, "cadres": people})
    assign_cadre(project, "a", code).do(project)
    edit = assign_cadre(project, "b", code, replace=False)  # leaders are never added beside
    edit.do(project)
    assert project.layer("assignments")["cadre_id"].tolist() == ["b"]
    assert edit.notes == ["replaces a as 网格长"]
    assign_cadre(project, "a", code, role="grid_worker", replace=False).do(project)
    assert len(project.layer("assignments")) == 2  # workers may be several
