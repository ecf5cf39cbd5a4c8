import re

import assign_case as case
import pandas as pd
import pytest
from openpyxl import load_workbook

from gisgrid.assign import assign_households
from gisgrid.cli import main
from gisgrid.errors import InputError
from gisgrid.roster import SHEET, roster_table, write_roster

L, B, S = case.LON0, case.LAT0, case.STEP
PHONES = {"lead": "13812341234", "sec": "13900001111", "liaison": "0546-8211234"}


def make_project():
    layers = case.lattice(2, 1)
    codes = layers["grids_small"]["code"].tolist()
    hh = case.households([(L + 0.5 * S, B + 0.5 * S)] * 2 + [(L + 1.5 * S, B + 0.5 * S)])
    cadres = case.cadres(
        [
            {"id": "lead", "name": "王小明", "lon": L, "lat": B, "phone": PHONES["lead"]},
            {"id": "lead2", "name": "李华", "lon": L, "lat": B, "phone": "13912345678"},
            {
                "id": "sec",
                "name": "赵书记",
                "lon": L,
                "lat": B,
                "role": "branch_secretary",
                "phone": PHONES["sec"],
            },
            {
                "id": "liaison",
                "name": "钱包村",
                "lon": L,
                "lat": B,
                "role": "village_liaison",
                "phone": PHONES["liaison"],
            },
        ]
    )
    assignments = case.assignments(
        [
            ("lead", "grid_leader", "small", codes[0]),
            ("lead2", "grid_leader", "small", codes[0]),
            ("sec", "branch_secretary", "large", case.VILLAGES[0] + "01"),
            ("liaison", "village_liaison", "village", case.VILLAGES[0]),
            ("liaison", "village_liaison", "village", case.VILLAGES[1]),
        ]
    )
    p = case.project({**layers, "households": hh, "cadres": cadres, "assignments": assignments})
    assign_households(p).command().do(p)
    return p, codes


def cells(path):
    sheet = load_workbook(path)[SHEET]
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_roster_table_values():
    p, codes = make_project()
    table = roster_table(p)
    first = table.iloc[0]
    assert table["网格编码"].tolist() == codes
    assert first["村(社区)"] == "东村" and first["大网格"] == "东村第1大网格"
    assert table["户数"].tolist() == [2, 1]
    assert first["网格长"] == "王小明、李华" and first["网格长电话"] == "138****1234、139****5678"
    assert first["总支书记电话"] == "139****1111"
    assert pd.isna(table.iloc[1]["网格长"]) and pd.isna(table.iloc[1]["总支书记"])
    assert table["包村干部"].tolist() == ["钱包村", "钱包村"]


def test_roster_workbook_is_masked_by_default(tmp_path):
    p, codes = make_project()
    path = write_roster(p, tmp_path / "roster.xlsx")
    sheet, rows = cells(path)
    header = rows[0]
    assert header[:6] == ["网格编码", "网格名称", "村(社区)", "大网格", "户数", "网格长"]
    assert {"网格长电话", "总支书记", "包村干部", "包村干部电话"} <= set(header)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.cell(1, 1).font.bold
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJK")
    assert rows[1][0] == codes[0] and rows[1][4] == 2 and rows[1][5] == "王小明、李华"
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "138****1234" in text
    assert not re.search(r"\d{7,}", text.replace(codes[0], "").replace(codes[1], ""))
    for phone in PHONES.values():
        assert phone not in text


def test_roster_shows_contacts_when_asked(tmp_path):
    p, _ = make_project()
    _, rows = cells(write_roster(p, tmp_path / "r.xlsx", show_contacts=True))
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    for phone in PHONES.values():
        assert phone in text


def test_roster_errors(tmp_path):
    p, _ = make_project()
    with pytest.raises(InputError, match=r"\.xlsx"):
        write_roster(p, tmp_path / "roster.pdf")
    with pytest.raises(InputError, match="no small grids"):
        roster_table(case.project({}))


@pytest.mark.parametrize("flag, masked", [([], True), (["--show-contacts"], False)])
def test_cli_export_roster(tmp_path, capsys, flag, masked):
    p, _ = make_project()
    p.save(tmp_path / "p.gpkg")
    out = tmp_path / "roster.xlsx"
    assert main(["export", "roster", str(tmp_path / "p.gpkg"), "--out", str(out), *flag]) == 0
    assert "wrote" in capsys.readouterr().out
    _, rows = cells(out)
    assert (PHONES["lead"] in str(rows)) is not masked
