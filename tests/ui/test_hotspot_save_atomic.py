"""Saving the hotspot map from the app is atomic (issue 15.15): a failed copy keeps the old page."""

from __future__ import annotations

import errno
from types import SimpleNamespace

import pytest
from gisgrid.ui import hotspot_view

from gisgrid.io.atomic import WriteError


def _save_as(html_path, target):
    view = SimpleNamespace(html_path=html_path)
    return hotspot_view.HotspotView.save_as(view, target)


def test_save_as_copies_the_page(tmp_path):
    source = tmp_path / "shown.html"
    source.write_text("<html>新</html>", encoding="utf-8")
    target = tmp_path / "out" / "hot.html"
    target.parent.mkdir()
    target.write_text("OLD", encoding="utf-8")
    assert _save_as(source, target) == target
    assert target.read_text(encoding="utf-8") == "<html>新</html>"
    assert [p.name for p in target.parent.iterdir()] == ["hot.html"]


def test_failed_copy_keeps_the_old_page(tmp_path, monkeypatch):
    source = tmp_path / "shown.html"
    source.write_text("<html>" + "x" * 10000 + "</html>", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "hot.html"
    target.write_text("OLD", encoding="utf-8")

    def half_copy(src, dst):  # the disk fills up half-way through the copy
        with open(dst, "w", encoding="utf-8") as fh:
            fh.write("<html>xxx")
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(hotspot_view.shutil, "copyfile", half_copy)
    with pytest.raises(WriteError, match="磁盘空间不足") as caught:
        _save_as(source, target)
    assert str(target) in str(caught.value)
    assert target.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in folder.iterdir()] == ["hot.html"]
