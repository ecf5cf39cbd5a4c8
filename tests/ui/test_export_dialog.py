"""导出网格责任图 dialog: defaults, preview on a worker, PDF atlas and Excel roster, errors."""

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from gisgrid.ui.export_dialog import ExportDialog, run_export
from gisgrid.ui.i18n import install_language

from gisgrid.export.coverage import CoverageMapParams
from gisgrid.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_support"))
import coverage_case  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("export_ui") / "town.gpkg"
    coverage_case.build(path)
    return path


@pytest.fixture
def dialog(qtbot, finish_tasks, built):
    install_language("zh_CN")
    d = ExportDialog(Project.open(built))
    qtbot.addWidget(d)
    d.show()
    yield d
    d._timer.stop()


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _export(dialog, qtbot, path):
    dialog.set_output(path)
    task = dialog.start_export()
    assert task is not None
    # the dialog's own done slot was connected before the start: a fast failure is not missed
    qtbot.waitUntil(lambda: dialog._work_task is None, timeout=60000)
    return Path(dialog.path.text())


def test_defaults_and_privacy_warning(dialog):
    assert not dialog.show_contacts.isChecked()
    assert not dialog.params().show_contacts
    assert dialog.privacy_warning.isHidden()
    dialog.show_contacts.setChecked(True)
    assert dialog.privacy_warning.isVisible() and dialog.params().show_contacts
    assert dialog.params() == CoverageMapParams(show_contacts=True, date=dialog.params().date)


def test_preview_appears(dialog, qtbot):
    dialog._timer.stop()
    task = dialog.update_preview()
    assert task is not None

    def shown():
        pixmap = dialog.preview.pixmap()
        return pixmap is not None and not pixmap.isNull() and "3" in dialog.preview_note.text()

    qtbot.waitUntil(shown, timeout=30000)  # overview + 2 villages: "page 1 of 3"


def test_pdf_atlas_and_roster(dialog, qtbot, tmp_path):
    pdf = _export(dialog, qtbot, tmp_path / "atlas.pdf")
    assert pdf.exists() and _pages(pdf) >= 3
    assert dialog.result_path == pdf
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    xlsx = _export(dialog, qtbot, tmp_path / "roster")
    assert xlsx.suffix == ".xlsx" and xlsx.exists()
    sheet = openpyxl.load_workbook(xlsx).active
    phones = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert not any("13812341234" in str(v) for v in phones)  # masked by default


def test_one_village_png(dialog, qtbot, tmp_path):
    dialog.format.setCurrentIndex(dialog.format.findData("png"))
    dialog.village.setCurrentIndex(1)
    png = _export(dialog, qtbot, tmp_path / "village.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_errors_are_shown_in_the_dialog(dialog, qtbot, tmp_path):
    _export(dialog, qtbot, tmp_path / "no such folder" / "atlas.pdf")
    assert "no such folder" in dialog.message.text()
    assert "Traceback" not in dialog.message.text()
    dialog.path.setText("")
    assert dialog.start_export() is None and dialog.message.text()


def test_run_export_picks_the_writer(built, tmp_path):
    project = Project.open(built)
    out = run_export(project, tmp_path / "map.html", CoverageMapParams())
    assert out.exists() and "http://" not in out.read_text(encoding="utf-8").split("<script")[0]
