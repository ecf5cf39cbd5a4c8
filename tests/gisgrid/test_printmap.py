"""Print maps end to end: the village atlas PDF, PNG at 300 dpi, privacy, fonts, bad input."""

import re
import shutil
import subprocess

import coverage_case as case
import numpy as np
import pytest
from PIL import Image

from gisgrid.cli import main
from gisgrid.errors import Cancelled, InputError
from gisgrid.export.atlas import Colouring, coverage_sheets, export_print
from gisgrid.export.coverage import CoverageMapParams, coverage_grids
from gisgrid.project import Project

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")


def _run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    case.build(folder / "town.gpkg")
    return folder


@pytest.fixture(scope="module")
def atlas(town):
    out = town / "atlas.pdf"
    assert main(["export", "coverage", str(town / "town.gpkg"), "--out", str(out)]) == 0
    return out


@needs_poppler
def test_atlas_has_overview_and_one_page_per_village(atlas):
    info = _run("pdfinfo", str(atlas))
    assert re.search(r"Pages:\s+3\b", info)
    pages = [_run("pdftotext", "-f", str(i), "-l", str(i), str(atlas), "-") for i in (1, 2, 3)]
    assert "临河镇网格责任图" in pages[0] and "各村(社区)网格配备" in pages[0]
    assert "临河镇张家庄村网格责任图" in pages[1] and "张家庄村 网格责任表" in pages[1]
    assert "临河镇李家屯村网格责任图" in pages[2]


@needs_poppler
def test_atlas_text_is_chinese_masked_and_sourced(atlas):
    text = _run("pdftotext", str(atlas), "-")
    assert "王*明" in text and "138****1234" in text
    for name, phone in case.LEADERS.values():
        assert name not in text
        assert phone not in text
    assert "数据来源" in text and "CGCS2000" in text and "制图日期" in text
    assert "比例尺 1:" in text and "北" in text and "米" in text


@needs_poppler
def test_atlas_embeds_the_cjk_font(atlas):
    rows = [r.split() for r in _run("pdffonts", str(atlas)).splitlines()[2:]]
    cjk = [r for r in rows if "CJK" in r[0] or "Hei" in r[0]]
    assert cjk, rows
    # columns: name type… encoding emb sub uni id gen → emb is the 5th from the end
    assert all(r[-5] == "yes" for r in rows)


@needs_poppler
def test_atlas_page_rasterises_with_a_coloured_map(atlas, tmp_path):
    subprocess.run(["pdftoppm", "-r", "30", "-f", "2", "-l", "2", "-png", str(atlas),
                    str(tmp_path / "p")], check=True)  # fmt: skip
    image = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB"))
    colours = {tuple(c) for c in image.reshape(-1, 3)[::7]}
    assert len(colours) > 20  # fills, borders, text — not a blank page
    assert (image < 60).all(axis=2).mean() > 0.002  # dark text and frame lines


@needs_poppler
def test_show_contacts_prints_names_in_full(town, tmp_path):
    out = tmp_path / "v.pdf"
    args = ["export", "coverage", str(town / "town.gpkg"), "--out", str(out)]
    assert main([*args, "--village", case.V1, "--show-contacts", "--paper", "A3"]) == 0
    text = _run("pdftotext", str(out), "-")
    assert "王小明" in text and "13812341234" in text
    assert re.search(r"Pages:\s+1\b", _run("pdfinfo", str(out)))
    assert "(A3)" in _run("pdfinfo", str(out))


@pytest.mark.parametrize(
    ("paper", "landscape", "village", "size_mm"),
    [("A4", False, case.V1, (210, 297)), ("A4", True, None, (297, 210))],
)
def test_png_is_300_dpi_on_paper_size(town, tmp_path, paper, landscape, village, size_mm):
    out = tmp_path / "map.png"
    args = ["export", "coverage", str(town / "town.gpkg"), "--out", str(out), "--paper", paper,
            "--color-by", "load"]  # fmt: skip
    args += ["--landscape"] if landscape else []
    args += ["--village", village] if village else []
    assert main(args) == 0
    with Image.open(out) as image:
        dpi = image.info["dpi"]
        assert dpi[0] == pytest.approx(300, abs=0.5)
        expected = [round(mm / 25.4 * 300) for mm in size_mm]
        assert list(image.size) == pytest.approx(expected, abs=2)


def test_coverage_grids_masks_and_counts(town):
    project = Project.open(town / "town.gpkg")
    grids = coverage_grids(project).set_index("code")
    first = grids.loc[case.V1 + "01001"]
    assert first["leader"] == "王*明" and first["phone"] == "138****1234"
    assert first["village_name"] == "张家庄村" and first["large_code"] == case.V1 + "01"
    assert first["short_code"] == "01-001" and first["households"] == 1
    assert grids.loc[case.V1 + "02001", "leader_id"] == ""
    assert grids.loc[case.V2 + "01003", "households"] == 7
    full = coverage_grids(project, show_contacts=True).set_index("code")
    assert full.loc[case.V1 + "01001", "leader"] == "王小明"


def _flat(frame, color_by="leader"):
    return np.array(["#123456"] * len(frame), dtype=object), [("样例", "#123456")]


FLAT = Colouring(grids=_flat, villages=lambda f: _flat(f))


def test_sheets_use_the_given_colours_and_skip_tiny_labels(town):
    project = Project.open(town / "town.gpkg")
    sheets = coverage_sheets(project, CoverageMapParams(), FLAT)
    assert [s.title for s in sheets] == [
        "临河镇网格责任图", "临河镇张家庄村网格责任图", "临河镇李家屯村网格责任图",
    ]  # fmt: skip
    village = sheets[1]
    assert village.legend == [("样例", "#123456")]
    assert set(village.fills[-1].colors) == {"#123456"}
    assert len(village.table.rows) == 4 and village.table.rows[2][3] == "（未配备）"


def test_export_print_can_be_cancelled(town, tmp_path):
    project = Project.open(town / "town.gpkg")
    with pytest.raises(Cancelled):
        export_print(project, tmp_path / "a.pdf", CoverageMapParams(), FLAT,
                     cancelled=lambda: True)  # fmt: skip
    assert not list(tmp_path.iterdir())  # no half-written file


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--village", "999999999999"], "no village with that code"),
        (["--out-ext", ".svg"], "choose an output ending in .pdf"),
    ],
)
def test_bad_requests_get_one_line_errors(town, tmp_path, capsys, extra, message):
    out = tmp_path / "map.pdf"
    if extra[0] == "--out-ext":
        out, extra = out.with_suffix(extra[1]), []
    code = main(["export", "coverage", str(town / "town.gpkg"), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_folder_and_empty_project(town, tmp_path):
    project = Project.open(town / "town.gpkg")
    with pytest.raises(InputError, match="does not exist"):
        export_print(project, tmp_path / "no" / "a.png", CoverageMapParams(village=case.V1), FLAT)
    empty = Project.create(tmp_path / "e.gpkg", "空镇")
    with pytest.raises(InputError, match="no small grids"):
        export_print(empty, tmp_path / "e.pdf", CoverageMapParams(), FLAT)


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"paper": "A5"}, "A4 or A3"), ({"color_by": "age"}, "leader or load")]
)
def test_params_are_checked(kwargs, message):
    with pytest.raises(InputError, match=message):
        CoverageMapParams(**kwargs)


def test_sparse_project_still_maps(tmp_path):
    # A village with no small grids, and no leaders or households anywhere.
    project = case.build(tmp_path / "sparse.gpkg")
    grids = project.layer("grids_small")
    project.set_layer("grids_small", grids[~grids["code"].str.startswith(case.V2)])
    project.set_layer("assignments", project.layer("assignments").iloc[0:0])
    project.set_layer("households", project.layer("households").iloc[0:0])
    project.save()
    base = ["export", "coverage", str(project.path)]
    assert main([*base, "--out", str(tmp_path / "a.pdf"), "--color-by", "load"]) == 0
    assert main([*base, "--out", str(tmp_path / "v.png"), "--village", case.V2]) == 0
    if POPPLER:
        text = _run("pdftotext", str(tmp_path / "a.pdf"), "-")
        assert "（未配备）" in text and re.search(r"0\s*户", text)
