"""The README's "From nothing to a wall map" commands, run as written (issue 13).

The office's files are made from the project-shapes town: a village-boundary GeoJSON, a
household ledger and a cadre roster as CSV with Chinese headers. Every command of the README
block runs through ``gisgrid.cli.main``; the project must end validated clean, with every
household in a small grid, one party-member leader per small grid, and an atlas PDF with a
page per village.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import shapely
from project_shapes import town_layers

from gisgrid.cli import main
from gisgrid.project import Project

README = Path(__file__).parents[2] / "README.md"


def readme_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- from-scratch -->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README.md lost its from-scratch block"
    lines = [ln.split("#")[0].strip() for ln in block.group(1).splitlines()]
    return [ln.split()[1:] for ln in lines if ln.startswith("gisgrid ")]


def office_files(folder: Path) -> None:
    layers = town_layers("370523103000", n_villages=3, households_per_village=120)
    villages = layers["villages"][["code", "name", "kind", "geometry"]].rename(
        columns={"code": "村代码", "name": "村名称"}
    )
    villages.to_file(folder / "村界.geojson", driver="GeoJSON")
    hh = layers["households"]
    pd.DataFrame(
        {
            "户编号": hh["id"],
            "户主": hh["head"],
            "地址": hh["address"],
            "联系电话": hh["phone"],
            "家庭人数": hh["size"],
            "经度": shapely.get_x(hh.geometry.array).round(6),
            "纬度": shapely.get_y(hh.geometry.array).round(6),
        }
    ).to_csv(folder / "住户台账.csv", index=False, encoding="utf-8-sig")
    cadres = layers["cadres"]
    roles = {"village_liaison": "包村干部", "branch_secretary": "总支书记", "grid_leader": "网格长"}
    pd.DataFrame(
        {
            "干部编号": cadres["id"],
            "姓名": cadres["name"],
            "职务": cadres["role"].map(roles),
            "党员": ["是" if p else "否" for p in cadres["party_member"]],
            "联系电话": cadres["phone"],
            "所属村编码": cadres["village_code"],
            "经度": shapely.get_x(cadres.geometry.array).round(6),
            "纬度": shapely.get_y(cadres.geometry.array).round(6),
        }
    ).to_csv(folder / "干部名册.csv", index=False, encoding="utf-8-sig")


@pytest.mark.slow
def test_readme_from_scratch(tmp_path, monkeypatch, capsys):
    office_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    codes = []
    for argv in readme_commands():
        code = main(argv)
        out = capsys.readouterr()
        assert code in (0, 1), f"gisgrid {' '.join(argv)} -> {code}: {out.err}"
        codes.append((argv[0], code, out.out))
    validate_runs = [c for c in codes if c[0] == "validate"]
    assert validate_runs and validate_runs[-1][1] == 0, validate_runs[-1][2]
    project = Project.open(tmp_path / "试点镇.gpkg")
    small = project.layer("grids_small")
    assert len(project.layer("grids_large")) >= len(project.layer("villages"))
    assert len(small) > len(project.layer("grids_large"))
    hh = project.layer("households")
    assert hh["grid_code"].isin(set(small["code"])).all()
    leaders = project.layer("assignments")
    leaders = leaders[leaders["role"] == "grid_leader"]
    assert set(leaders["grid_code"]) == set(small["code"])
    assert not leaders["grid_code"].duplicated().any()
    atlas = tmp_path / "网格责任图.pdf"
    assert atlas.stat().st_size > 10_000
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(atlas)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages >= 1 + len(project.layer("villages"))
