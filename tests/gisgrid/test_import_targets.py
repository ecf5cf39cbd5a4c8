"""Computed layers (problems) are refused as import targets, with the reason."""

import pandas as pd
import pytest

from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.project import Project
from gisgrid.schema import COMPUTED_LAYERS, IMPORT_TARGETS, LAYERS, check_import_target


def test_targets_are_the_layers_less_the_computed_ones():
    assert set(COMPUTED_LAYERS) == {"problems"}
    assert "assignments" in IMPORT_TARGETS  # an office's existing roster comes in this way
    assert set(IMPORT_TARGETS) == set(LAYERS) - set(COMPUTED_LAYERS)
    assert list(IMPORT_TARGETS) == [name for name in LAYERS if name in IMPORT_TARGETS]
    for name in IMPORT_TARGETS:
        check_import_target(name)  # no error


@pytest.mark.parametrize(("layer", "command"), [("problems", "validate")])
def test_computed_layer_refused_naming_the_command(layer, command):
    with pytest.raises(InputError) as info:
        check_import_target(layer)
    message = str(info.value)
    assert message.startswith(f"{layer} is computed by gisgrid {command}")
    assert "households" in message and "problems," not in message


def test_unknown_layer_refused():
    with pytest.raises(InputError, match="unknown layer 'roads'; import into one of: town"):
        check_import_target("roads")


@pytest.mark.parametrize("layer", ["problems"])
def test_cli_refuses_computed_layer_and_keeps_the_project(tmp_path, capsys, layer):
    path = tmp_path / "town.gpkg"
    Project.create(path, "临河镇", "371521103000")
    before = path.read_bytes()
    table = tmp_path / "a.csv"
    pd.DataFrame({"干部编号": ["C1"], "网格编码": ["1"]}).to_csv(table, index=False)
    with pytest.raises(SystemExit) as info:
        main(["import", str(path), layer, str(table)])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert f"invalid choice: '{layer}'" in err and "'households'" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_core_import_refuses_computed_layer(tmp_path):
    from gisgrid.io.importer import import_file

    project = Project.create(None, "临河镇", "371521103000")
    table = tmp_path / "p.csv"
    pd.DataFrame({"kind": ["gap"]}).to_csv(table, index=False)
    with pytest.raises(InputError, match="problems is computed by gisgrid validate"):
        import_file(project, "problems", table)


def test_reimport_updates_features_by_code_instead_of_doubling_them(tmp_path):
    """An office re-imports an updated boundary file: same codes update, new ones are added."""
    from project_shapes import TOWN, town_layers

    from gisgrid.io.importer import import_file
    from gisgrid.project import Project

    villages = town_layers(TOWN)["villages"]
    first = tmp_path / "v1.geojson"
    villages.iloc[:2].to_file(first, driver="GeoJSON")
    changed = villages.copy()
    changed.loc[0, "name"] = "新名村"
    second = tmp_path / "v2.geojson"
    changed.to_file(second, driver="GeoJSON")
    project = Project.create(None, "临河镇", TOWN)
    import_file(project, "villages", first)
    report = import_file(project, "villages", second)
    layer = project.layer("villages")
    assert len(layer) == 3
    assert not layer["code"].duplicated().any()
    assert layer.set_index("code").loc[villages["code"][0], "name"] == "新名村"
    assert any("2 code(s) already in the layer were updated" in n for n in report.notes)


def test_replacing_a_layer_removes_the_assignments_it_orphans(tmp_path):
    """Villages replaced by a file with other codes: their liaisons' assignments go, said."""
    from project_shapes import build_shape, town_layers

    from gisgrid.hierarchy import dangling_assignments
    from gisgrid.io.importer import ImportOptions, import_file

    project = build_shape("complete", tmp_path / "p.gpkg")
    others = town_layers("370523104000")["villages"]  # another town's village codes
    path = tmp_path / "v.geojson"
    others.to_file(path, driver="GeoJSON")
    liaisons = (project.layer("assignments")["level"] == "village").sum()
    report = import_file(project, "villages", path, ImportOptions(replace=True))
    no_unit, no_cadre = dangling_assignments(project)
    assert not no_unit.any() and not no_cadre.any()
    assert (project.layer("assignments")["level"] == "village").sum() == 0
    assert any(f"{liaisons} assignment(s) named a grid or cadre" in n for n in report.notes)
