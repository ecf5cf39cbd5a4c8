"""Bad-input fuzzing (issue 9): every corpus file ends in a clear message or a correct import.

The corpus (fuzz/corpus.py: truncated shapefiles, lying encodings, NaN coordinates, entity
bombs, zip bombs, formulas, 10,000 columns …) is written once per session and run through the
importers in worker processes with a time and memory limit (fuzz/runner.py); each entry is a
test of its own, named after the file, so a failure says which file did what.
"""

import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
sys.path.insert(0, str(FUZZ))

import corpus  # noqa: E402
import runner  # noqa: E402

ENTRIES = list(corpus.entries())
IDS = [f"{e.name}: {e.description}" for e in ENTRIES]
#: Entries also run through the `gisgrid` command in a subprocess (slow: one start each).
CLI_SAMPLE = ["shp-missing-dbf", "kml-xxe-passwd", "kmz-bomb-ratio", "csv-gbk",
              "xlsx-formulas", "issues-csv-times-mixed"]  # fmt: skip


@pytest.fixture(scope="session")
def fuzz_setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    manifest = corpus.write_corpus(root / "corpus", listed=ENTRIES)
    project = runner.make_project(root / "town.gpkg")
    return root / "corpus", manifest, project


@pytest.fixture(scope="session")
def outcomes(fuzz_setup):
    folder, manifest, project = fuzz_setup
    results = runner.run_core(manifest, folder, project, jobs=2, timeout=30)
    return {m["id"].split("-", 1)[1]: r for m, r in zip(manifest, results)}


def test_corpus_is_large_and_deterministic(fuzz_setup):
    folder, manifest, _ = fuzz_setup
    assert len(manifest) >= 300
    assert len({m["id"] for m in manifest}) == len(manifest)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 50 * 2**20
    again = list(corpus.entries())
    assert [e.files for e in again[:40]] == [e.files for e in ENTRIES[:40]]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_clear_message_or_correct_import(outcomes, entry):
    outcome = outcomes[entry.name]
    assert outcome.ok, f"{outcome.kind}: {outcome.detail}"


def test_known_hostile_files_are_refused(outcomes):
    """The defences themselves: entities, zip bombs and broken zips end in messages."""
    for name in ("kml-billion-laughs", "kml-xxe-passwd", "kml-xxe-parameter", "kmz-bomb-ratio",
                 "kmz-bad-crc", "kmz-encrypted", "zip-bomb", "xlsx-bomb", "kml-deep-folders"):
        assert outcomes[name].kind == "message", name
    assert "root:" not in outcomes["kml-xxe-passwd"].detail
    assert "zip bomb" in outcomes["kmz-bomb-ratio"].detail


def test_damaged_features_are_skipped_not_fatal(outcomes):
    """NaN coordinates and unclosed rings cost their feature only; GBK KML is decoded."""
    assert (outcomes["shp-pt-nan"].kind, outcomes["shp-pt-nan"].detail) == (
        "imported", "4 of 6 rows")
    assert outcomes["geom-unclosed"].detail == "2 of 3 rows"
    assert outcomes["kml-gbk-declared"].detail == "4 of 4 rows"
    assert outcomes["issues-csv-times-mixed"].detail == "2 of 5 rows"  # years -1, 1e308 out


def test_cli_ends_in_exit_code_and_one_line(fuzz_setup, tmp_path):
    folder, manifest, project = fuzz_setup
    picked = [m for m in manifest if m["id"].split("-", 1)[1] in CLI_SAMPLE]
    assert len(picked) == len(CLI_SAMPLE)
    results = runner.run_cli_sample(picked, folder, project, every=1, jobs=2)
    bad = [f"{r.id} {r.kind}: {r.detail}" for r in results if not r.ok]
    assert not bad
    assert {r.kind for r in results} == {"message", "imported"}
