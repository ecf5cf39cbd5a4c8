"""Every ``gisgrid`` command on every project shape offices have (issue 13).

The harness (``tests/_support/shapes_harness.py``) accepts a run only when it ends with exit
0/1, clean text and strict JSON, the project's invariants after a write, or exit 2 with one
line and the project untouched. ``make test`` runs the light commands on every shape and each heavy
one on a rotating quarter of the shapes; ``make fuzz`` runs the whole matrix.
"""

import pytest
from project_shapes import SHAPES, build_shape
from shapes_harness import COMMANDS, QUICK_SKIP, check_invariants, run_matrix, run_one

#: What ``make test`` runs (``make fuzz`` runs every command on every shape): the core of
#: each job on every shape; the other light commands on every second shape; the commands
#: that take seconds each (print maps, packs, Gi*) on every fourth. Rotations start at
#: different shapes, so every shape meets many commands and every command several shapes.
CORE = [
    "info_json", "validate", "repair_all_json", "stats_json", "assign_apply", "coverage_json",
    "plan_large_village_apply", "issues_sla_json",
]  # fmt: skip
HEAVY = [
    "export_pdf", "export_html", "export_roster", "stats_xlsx", "hotspots", "hotspots_json",
    "report_week", "report_week_2027", "report_month", "calendar_set", "plan_small_all",
    "plan_renumber_validate", "import_issues", "assign_reassign_apply",
]  # fmt: skip


def quick_commands(shape: str) -> list[str]:
    """The commands ``make test`` runs on ``shape``."""
    k = list(SHAPES).index(shape)
    chosen = []
    for i, command in enumerate(c for c in COMMANDS if c not in QUICK_SKIP):
        every = 1 if command in CORE else 4 if command in HEAVY else 2
        if (k + i) % every == 0:
            chosen.append(command)
    return chosen


def test_the_quick_set_covers_every_command_on_several_shapes():
    runs = {c: sum(c in quick_commands(s) for s in SHAPES) for c in COMMANDS}
    assert all(runs[c] >= 4 for c in COMMANDS if c not in QUICK_SKIP), runs
    assert all(runs[c] == len(SHAPES) for c in CORE)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_command_on_shape(shape, tmp_path):
    commands = quick_commands(shape)
    outcomes = run_matrix([shape], commands, tmp_path)
    assert len(outcomes) == len(commands)
    bad = [o.line() for o in outcomes if not o.ok]
    assert not bad, "\n".join(bad)


def test_harness_catches_a_traceback(tmp_path, monkeypatch):
    import gisgrid.cli

    base = tmp_path / "base.gpkg"
    build_shape("one_village_only", base)

    def broken(args):
        raise IndexError("index 0 is out of bounds")

    monkeypatch.setattr(gisgrid.cli, "cmd_info", broken)
    codes = dict.fromkeys(["VILLAGE", "LARGE", "SMALL", "TOWN", "WEEK", "MONTH"], "x")
    outcome = run_one("one_village_only", base, "info", tmp_path / "run", codes)
    assert outcome.code is None
    assert outcome.failures and "traceback: IndexError" in outcome.failures[0]


def test_harness_catches_an_emptied_grid(tmp_path):
    from gisgrid.project import Project

    base = tmp_path / "base.gpkg"
    build_shape("complete", base)
    after = tmp_path / "after.gpkg"
    project = Project.open(base)
    small = project.layer("grids_small").copy()
    first = small.geometry.iloc[0]
    small.loc[0, "geometry"] = first.buffer(-first.bounds[2] + first.bounds[0])  # empty
    second = small.geometry.iloc[1]
    small.loc[1, "geometry"] = second.buffer(-(second.bounds[2] - second.bounds[0]) / 4)
    project.set_layer("grids_small", small)
    leaders = project.layer("assignments").copy()
    leaders.loc[len(leaders)] = ["nobody", "grid_leader", "small", small["code"].iloc[1]]
    project.set_layer("assignments", leaders)
    project.save(after)
    found = check_invariants(base, after, "repair_overlap")
    assert any(f"{small['code'].iloc[0]} emptied" in f for f in found), found
    assert any(f"{small['code'].iloc[1]} lost land no other grid held" in f for f in found)
    assert any("unknown cadre nobody" in f for f in found), found
    assert any("two leaders" in f for f in found), found
