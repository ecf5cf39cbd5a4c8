import hashlib
import json

import assign_case as case
import pytest

from gisgrid.cli import main
from gisgrid.project import Project

L, B, S = case.LON0, case.LAT0, case.STEP


@pytest.fixture
def project_file(tmp_path):
    layers = case.lattice(2, 1, villages=False)
    hh = case.households([(L + 0.5 * S, B + 0.5 * S), (L + 1.5 * S, B + 0.5 * S), (L + 3 * S, B)])
    cadres = case.cadres(
        [{"id": "c1", "lon": L, "lat": B}, {"id": "c2", "lon": L + 2 * S, "lat": B}]
    )
    p = case.project({**layers, "households": hh, "cadres": cadres})
    return p.save(tmp_path / "p.gpkg")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_assign_shows_a_diff_and_writes_nothing(project_file, capsys):
    before = digest(project_file)
    assert main(["assign", str(project_file)]) == 0
    out = capsys.readouterr().out
    assert "households: 3 located, 2 in a grid, 2 changed, 1 outside" in out
    assert "outside H002: nearest grid" in out
    assert "+ c1 " in out and "+ c2 " in out
    assert "nothing was written" in out
    assert digest(project_file) == before


def test_assign_apply_saves(project_file, capsys):
    assert main(["assign", str(project_file), "--apply", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] and report["households"]["assigned"] == 2
    assert len(report["cadres"]["added"]) == 2
    p = Project.open(project_file)
    assert p.layer("households")["grid_code"].notna().sum() == 2
    assert sorted(p.layer("assignments")["cadre_id"]) == ["c1", "c2"]
    assert main(["assign", str(project_file), "--cadres"]) == 0  # nothing left to propose
    assert "0 assignment(s) to add, 0 to remove" in capsys.readouterr().out


def test_assign_households_only_with_changed_grids(project_file, capsys):
    main(["assign", str(project_file), "--households", "--apply"])
    capsys.readouterr()
    code = Project.open(project_file).layer("grids_small")["code"][0]
    assert (
        main(["assign", str(project_file), "--households", "--changed-grids", code, "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert "cadres" not in report
    assert report["households"]["checked"] == 2 and report["households"]["changed"] == 0


def test_coverage_cli(project_file, capsys):
    assert main(["coverage", str(project_file), "--json", "--days", "7"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["households_total"] == 3 and figures["households_outside"] == 1
    assert len(figures["grids_without_leader"]) == 2 and figures["visit_days"] == 7
    assert main(["coverage", str(project_file)]) == 0
    out = capsys.readouterr().out
    assert "grids_without_leader" in out and "3 total" in out


def test_missing_project_is_a_clear_error(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "none.gpkg")]) == 2
    assert "not found" in capsys.readouterr().err
