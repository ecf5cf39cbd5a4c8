"""The worker, the translations and the settings helpers, without the main window."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gisgrid.ui import settings as store
from gisgrid.ui.i18n import I18N_DIR, LANGUAGES, current_language, install_language, qm_path
from gisgrid.ui.worker import Task
from PyQt6.QtCore import QCoreApplication, QSettings, QTranslator

from gisgrid.errors import Cancelled, InputError

UI_DIR = Path(__file__).resolve().parents[2] / "ui"


# -- worker ---------------------------------------------------------------------------------
def _work(n, progress, cancelled, fail=None):
    for i in range(n):
        progress((i + 1) / n, f"step {i + 1}")
        if cancelled():
            raise Cancelled()
    if fail is not None:
        raise fail
    return n * 2


def test_task_reports_progress_and_result(qtbot):
    task = Task(_work, 4)
    seen = []
    task.progress.connect(lambda f, m: seen.append((f, m)))
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        task.start()
    assert blocker.args == [8]
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert seen[-1] == (1.0, "step 4") and not task.running


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            InputError("hh.xlsx row 3: 经度 is empty; fill it"),
            "hh.xlsx row 3: 经度 is empty; fill it",
        ),
        (
            ZeroDivisionError("division by zero"),
            "Unexpected error: ZeroDivisionError: division by zero",
        ),
    ],
)
def test_task_failures_become_one_line(qtbot, error, expected):
    install_language("en")
    try:
        task = Task(_work, 2, fail=error)
        with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
            task.start()
    finally:
        install_language("zh_CN")
    assert blocker.args == [expected] and "Traceback" not in blocker.args[0]


def test_task_cancel(qtbot):
    gate = []

    def wait_for_cancel(progress, cancelled):
        gate.append(True)
        while not cancelled():
            pass
        raise Cancelled()

    task = Task(wait_for_cancel)
    finished = []
    task.finished.connect(finished.append)
    task.start()
    qtbot.waitUntil(lambda: bool(gate), timeout=5000)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert task.wait(5) and finished == []
    with pytest.raises(RuntimeError):
        task._running = True
        task.start()


# -- translations ---------------------------------------------------------------------------
def _messages(ts):
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name"), m.findtext("source")): m.find("translation")
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    }


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_catalogue_complete_and_compiled(qapp, language):
    ts = I18N_DIR / f"gisgrid_{language}.ts"
    messages = _messages(ts)
    assert len(messages) > 150
    unfinished = [k for k, t in messages.items() if t.get("type") == "unfinished" or not t.text]
    assert unfinished == []
    compiled = QTranslator()
    assert compiled.load(str(qm_path(language)))
    qapp.installTranslator(compiled)  # consulted first
    try:
        stale = [
            (context, source)
            for (context, source), translation in messages.items()
            if QCoreApplication.translate(context, source) != translation.text
        ]
    finally:
        qapp.removeTranslator(compiled)
    assert stale == [], "the .qm is older than the .ts: run `python -m gisgrid.ui.i18n`"
    for (_context, source), translation in messages.items():
        # placeholders survive translation
        assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(
            re.findall(r"\{[^}]*\}", translation.text)
        ), source


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    """pylupdate6 (shipped with PyQt6) finds no string the catalogue lacks."""
    tool = shutil.which("pylupdate6") or str(Path(sys.executable).with_name("pylupdate6"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([tool, str(UI_DIR), "--no-summary", "--ts", str(fresh)], check=True)
    missing = set(_messages(fresh)) - set(_messages(I18N_DIR / "gisgrid_zh_CN.ts"))
    assert missing == set(), "run `python -m gisgrid.ui.i18n` and translate the new strings"


def test_install_language_switches_translations(qapp):
    try:
        assert install_language("en") == "en"
        assert QCoreApplication.translate("MainActions", "&File") == "&File"
        assert install_language("zh_CN") == "zh_CN"
        assert QCoreApplication.translate("MainActions", "&File") == "文件(&F)"
        assert QCoreApplication.translate("Names", "Small grids") == "小网格"
        assert install_language("xx") == "zh_CN"  # unknown → the default
    finally:
        install_language("zh_CN")
    assert current_language() == "zh_CN"


# -- settings helpers -----------------------------------------------------------------------
def test_recent_files(settings, tmp_path):
    files = []
    for i in range(10):
        path = tmp_path / f"p{i}.gpkg"
        path.write_bytes(b"")
        files.append(path)
        store.add_recent_file(settings, path)
    store.add_recent_file(settings, files[3])  # reopened: moves to the top, no duplicate
    recent = store.recent_files(settings)
    assert len(recent) == store.MAX_RECENT and recent[0] == str(files[3].resolve())
    assert recent[1] == str(files[9].resolve()) and len(set(recent)) == len(recent)
    files[9].unlink()
    assert str(files[9].resolve()) not in store.recent_files(settings)


def test_basemap_and_language_settings(settings):
    assert store.BasemapSettings.load(settings).enabled is False  # off by default
    assert store.language(settings) == "zh_CN"
    store.BasemapSettings(True, store.TIANDITU_URL, "abc123").save(settings)
    store.set_language(settings, "en")
    settings.sync()
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    basemap = store.BasemapSettings.load(again)
    assert basemap.enabled is True and basemap.tile_url.endswith("tk=abc123")
    assert store.language(again) == "en"
