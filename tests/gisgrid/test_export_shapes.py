"""Exports, packs and printed figures on the project shapes offices have (issue 13).

Each test pins one defect seen on a real project shape: invalid polygons kept as imported
(item 3), a project without cadres (4), strict JSON (12), file modes that follow the umask
(14), and no Python text or "None"/"nan" in what people read (16).
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from project_shapes import build_shape

from gisgrid.cli import _json_safe, _print_json, main
from gisgrid.closed_loop import closed_loop
from gisgrid.export.drawable import drawable_geometries, rounded
from gisgrid.hotspots import HotspotParams, hotspots
from gisgrid.project import Project

PEOPLE_WORDS = re.compile(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])")


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    """``shape(name)`` → path of a fresh copy of that project shape (built once)."""
    root = tmp_path_factory.mktemp("shapes")
    built: dict[str, Path] = {}
    copies = iter(range(10_000))

    def get(name: str) -> Path:
        if name not in built:
            built[name] = root / f"{name}.base.gpkg"
            build_shape(name, built[name])
        copy = root / f"{name}.{next(copies)}.gpkg"
        shutil.copyfile(built[name], copy)
        return copy

    return get


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- item 3: invalid polygons kept as imported -----------------------------------------------
def test_drawable_copies_make_a_bowtie_valid_and_keep_its_area():
    bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    good = shapely.box(5, 5, 6, 6)
    geoms = np.array([bowtie, good, None], dtype=object)
    fixed = drawable_geometries(geoms)
    assert shapely.is_valid(fixed[:2]).all()
    assert fixed[0].geom_type == "MultiPolygon" and fixed[0].area == pytest.approx(2.0)
    assert fixed[1] is good and fixed[2] is None
    assert geoms[0] is bowtie  # the caller's array (the project) is not changed
    assert shapely.is_valid(rounded(geoms[:1], 1e-6)).all()


@pytest.mark.parametrize("colour", ["leader", "load"])
def test_html_coverage_map_of_invalid_polygons_is_written(shape, tmp_path, capsys, colour):
    project = shape("invalid_polygons")
    before = _digest(project)
    out = tmp_path / "map.html"
    code, stdout, err = _run(
        ["export", "coverage", project, "--out", out, "--color-by", colour], capsys
    )
    assert code == 0, err
    assert _digest(project) == before  # drawn from valid copies; the project is as imported
    bowtie = Project.open(project).layer("grids_small").iloc[1]
    assert not bowtie.geometry.is_valid  # still kept as imported
    assert bowtie["code"] in out.read_text(encoding="utf-8")  # and it is on the map


def test_print_exports_of_invalid_polygons(shape, tmp_path, capsys):
    project = shape("invalid_polygons")
    village = Project.open(project).layer("villages")["code"].iloc[2]  # the multipart one
    code, _, err = _run(
        ["export", "coverage", project, "--out", tmp_path / "v.pdf", "--village", village],
        capsys,
    )
    assert code == 0, err
    code, _, err = _run(["export", "coverage", project, "--out", tmp_path / "m.pdf"], capsys)
    assert code == 0, err


# -- item 4: reports on projects without cadres (and other thin projects) ---------------------
def test_monthly_report_without_cadres(shape, tmp_path, capsys):
    project = shape("no_cadres")
    code, out, err = _run(
        ["report", "weekly", project, "--month", "2026-11", "--out", tmp_path], capsys
    )
    assert code == 0, err
    assert "办结率: 61.2% (上月 69.9%)" in out  # the figures, with their unit
    book = load_workbook(tmp_path / "月度排名_2026-11.xlsx")
    assert book["干部排名"].max_row == 1  # the header: no cadre, no ranking rows
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "月度排名_2026-11.pdf"), "-"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    assert "项目未录入干部或干部分工" in pdf  # the empty ranking says why, not "no issues"
    assert book["村排名"].max_row == 4  # three villages ranked
    result = closed_loop(Project.open(project))
    assert {"cadre_id", "name", "new", "resolution_rate"} <= set(result.by_cadre.columns)
    assert len(result.by_cadre) == 0


@pytest.mark.parametrize("name", ["no_households", "only_small_grids", "issues_without_location"])
def test_monthly_report_on_thin_projects(shape, tmp_path, capsys, name):
    code, out, err = _run(
        ["report", "weekly", shape(name), "--month", "2026-11", "--out", tmp_path], capsys
    )
    assert code == 0, err
    assert not PEOPLE_WORDS.search(out), out


def test_report_on_an_empty_project_is_one_line(shape, tmp_path, capsys):
    project = shape("empty_project")
    code, _, err = _run(
        ["report", "weekly", project, "--month", "2026-11", "--out", tmp_path], capsys
    )
    assert code == 2
    assert err.startswith("gisgrid: error:") and len(err.strip().splitlines()) == 1


# -- item 12: strict JSON -----------------------------------------------------------------
def _strict(text: str):
    def reject(word):
        raise ValueError(f"{word} is not JSON")

    return json.loads(text, parse_constant=reject)


def test_print_json_is_strict(capsys):
    import pandas as pd

    _print_json(
        {
            "a": float("nan"),
            "b": [np.inf, np.float64(1.5)],
            "c": pd.NaT,
            "d": np.int64(3),
            "e": pd.Timestamp("2026-11-20 08:00"),
            "f": pd.NA,
        }  # fmt: skip
    )
    data = _strict(capsys.readouterr().out)
    assert data == {"a": None, "b": [None, 1.5], "c": None, "d": 3,
                    "e": "2026-11-20T08:00:00", "f": None}  # fmt: skip
    assert _json_safe({1: (np.float32("nan"),)}) == {"1": [None]}


def test_stats_json_of_a_town_without_code_is_strict(shape, capsys):
    code, out, _ = _run(["stats", shape("town_without_code"), "--json"], capsys)
    assert code == 0
    data = _strict(out)
    assert data["town"][0]["code"] is None  # the town's missing code is null, not NaN


@pytest.mark.parametrize(
    "argv",
    [
        ["info", "{P}", "--json"],
        ["hotspots", "{P}", "--permutations", "9", "--json"],
        ["issues", "sla", "{P}", "--json", "--at", "2026-12-20"],
        ["report", "weekly", "{P}", "--week", "2026-W47", "--out", "{OUT}", "--json"],
    ],
)
def test_json_outputs_are_strict(shape, tmp_path, capsys, argv):
    project = shape("no_households")  # rates without households: NaN at the source
    argv = [a.format(P=project, OUT=tmp_path) for a in argv]
    code, out, err = _run(argv, capsys)
    assert code == 0, err
    _strict(out)


# -- item 14: files follow the umask ------------------------------------------------------
@pytest.fixture
def umask():
    old = os.umask(0o022)

    def set_(mask: int) -> int:
        os.umask(mask)
        return mask

    yield set_
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_follow_the_umask(shape, tmp_path, capsys, umask):
    source = shape("complete")
    mask = umask(0o002)  # a shared office folder: the group may read and write
    expected = 0o666 & ~mask
    project = tmp_path / "new.gpkg"
    Project.open(source).save(project)  # a new project file
    assert _mode(project) == expected
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ["export", "coverage", project, "--out", out / "map.png", "--village",
         Project.open(project).layer("villages")["code"].iloc[0]],
        ["export", "coverage", project, "--out", out / "map.html"],
        ["export", "roster", project, "--out", out / "roster.xlsx"],
        ["stats", project, "--xlsx", out / "stats.xlsx"],
        ["report", "weekly", project, "--week", "2026-W47", "--out", out / "pack"],
        ["hotspots", project, "--permutations", "9", "--html", out / "hot.html"],
    ]  # fmt: skip
    for argv in commands:
        assert _run(argv, capsys)[0] == 0
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in written} == {".png", ".html", ".xlsx", ".pdf"}
    assert {p.name: _mode(p) for p in written} == {p.name: expected for p in written}
    assert not [p for p in out.rglob(".*")]  # no temporary file left behind


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_modes_follow_other_umasks(shape, tmp_path, umask, mask):
    from gisgrid.io.workbook import write_workbook

    umask(mask)
    project = Project.open(shape("complete")).save(tmp_path / "p.gpkg")
    book = write_workbook(tmp_path / "t.xlsx", {"表": Project.open(project).layer("cadres")})
    assert _mode(project) == _mode(book) == 0o666 & ~mask


def test_a_save_keeps_the_mode_of_the_file_it_replaces(shape, umask):
    project = shape("complete")
    umask(0o077)  # the saving program's umask does not matter for an existing file
    os.chmod(project, 0o664)
    opened = Project.open(project)
    opened.meta.name = "临河镇（改）"
    opened.mark_meta_changed()
    opened.save()
    assert _mode(project) == 0o664
    assert Project.open(project).meta.name == "临河镇（改）"


def test_recovery_copies_stay_private(shape, tmp_path, umask):
    umask(0o002)
    copy = Project.open(shape("complete")).save_copy(tmp_path / "recovery.gpkg")
    assert _mode(copy) == 0o600


# -- item 16: no Python text for people ----------------------------------------------------
def test_disconnected_weights_are_a_sentence_not_a_python_warning(shape):
    project = Project.open(shape("county"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = hotspots(project, HotspotParams(permutations=9, kde=False))
    assert not [w for w in caught if issubclass(w.category, UserWarning)]
    assert any("do not touch each other" in w for w in result.warnings)


def test_sla_by_village_without_rows_says_so(shape, capsys):
    path = shape("complete")
    project = Project.open(path)
    issues = project.layer("issues").copy()
    issues["village_code"] = None
    project.set_layer("issues", issues)
    project.save()
    code, out, _ = _run(["issues", "sla", path, "--by", "village", "--at", "2026-12-20"], capsys)
    assert code == 0
    assert "Empty DataFrame" not in out
    assert "无数据 (no rows): no issue carries a village code" in out


def _visible_html_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("no_issues", ["--week", "2026-W47"]),
        ("no_cadres", ["--month", "2026-11"]),
        ("only_small_grids", ["--week", "2026-W47"]),
    ],  # fmt: skip
)
def test_pack_text_has_no_python_words(shape, tmp_path, capsys, name, period):
    code, out, err = _run(["report", "weekly", shape(name), *period, "--out", tmp_path], capsys)
    assert code == 0, err
    assert not PEOPLE_WORDS.search(out), out
    if name == "no_issues":
        assert "办结率: — (上周 —)" in out
    pdf = next(tmp_path.glob("*.pdf"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "办结率" in text
    assert not PEOPLE_WORDS.search(text), PEOPLE_WORDS.search(text)
    book = load_workbook(next(tmp_path.glob("*.xlsx")))
    cells = [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
        if v is not None
    ]  # fmt: skip
    assert cells and not [c for c in cells if PEOPLE_WORDS.search(c)]
    page = _visible_html_text(next(tmp_path.glob("*.html")).read_text(encoding="utf-8"))
    assert not PEOPLE_WORDS.search(page), PEOPLE_WORDS.search(page)


def test_empty_grid_tables_say_why_when_issues_have_no_grid(shape):
    from gisgrid.report import ReportParams, weekly_report

    project = Project.open(shape("complete"))
    issues = project.layer("issues").copy()
    issues["grid_code"] = None  # a hotline export: received, not yet located in grids
    project.set_layer("issues", issues)
    report = weekly_report(project, ReportParams(week="2026-W47", permutations=9))
    assert not report.empty and len(report.top_rate) == 0
    assert (
        report.empty_text("top_rate")
        == f"本期受理的 {len(report.cases)} 件诉求均未定位到网格（无网格编码）"
    )
    assert any("未定位到网格" in note for note in report.notes)
