"""The 诉求 panel: filters like pandas, overdue as the core says, selection, drill-down, import."""

import os
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from gisgrid.ui.import_dialog import ImportDialog
from gisgrid.ui.issues_panel import COLUMNS, IssueFilter, filter_rows
from issue_case import V1, V2, G, make_project
from PyQt6.QtCore import QDate, QItemSelectionModel, Qt

from gisgrid.closed_loop import closed_loop
from gisgrid.schema import conform

CATS = ["环境卫生", "道路交通", "噪音扰民", "其他"]
FIRST = date(2025, 9, 22)


def make_issues(n=48, seed=3):
    """``n`` issues over six weeks around National Day, spread over the four small grids."""
    rng = np.random.default_rng(seed)
    grid = rng.integers(0, 4, n)
    x = 118.70 + 0.01 * (grid >= 2) + 0.001 + rng.random(n) * 0.008
    y = 36.90 + 0.005 * (grid % 2) + 0.0005 + rng.random(n) * 0.004
    reported = [
        pd.Timestamp(FIRST + timedelta(days=int(d))) + pd.Timedelta(hours=9 + int(h))
        for d, h in zip(rng.integers(0, 42, n), rng.integers(0, 8, n))
    ]
    done = rng.random(n) < 0.6
    resolved = [r + pd.Timedelta(hours=int(h)) if k else pd.NaT
                for r, k, h in zip(reported, done, rng.integers(2, 120, n))]  # fmt: skip
    frame = pd.DataFrame(
        {
            "id": [f"GD{k:04d}" for k in range(n)],
            "source": np.where(rng.random(n) < 0.7, "hotline", "patrol"),
            "category": [CATS[i] for i in rng.integers(0, len(CATS), n)],
            "description": [f"第{k}号诉求" for k in range(n)],
            "address": [f"张家庄村东{k % 5}排" for k in range(n)],
            "reported_at": reported,
            "first_contact_at": [r + pd.Timedelta(minutes=30) for r in reported],
            "resolved_at": resolved,
            "status": np.where(
                done, "resolved", np.where(rng.random(n) < 0.5, "handled", "reported")
            ),
            "complexity": np.where(rng.random(n) < 0.3, "complex", "simple"),
            "grid_code": [G[g] for g in grid],
            "village_code": [V1 if g < 2 else V2 for g in grid],
        }
    )
    return conform("issues", gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(x, y), crs=4490))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("issues") / "issues.gpkg"
    project = make_project(path)
    project.set_layer("issues", make_issues())
    project.save()
    return path


@pytest.fixture
def window(open_window, qtbot, built, tmp_path):
    path = tmp_path / "town.gpkg"
    path.write_bytes(built.read_bytes())
    w = open_window(path, size=(1300, 860))
    qtbot.waitUntil(lambda: w.issues_panel.flags is not None, timeout=10000)  # on a worker
    return w


def _shown_ids(panel):
    return sorted(panel.model._frame["id"].iloc[panel.rows])


def _shown_layer_rows(panel):
    proxy = panel.proxy
    return [panel.model.layer_row(proxy.mapToSource(proxy.index(r, 0)).row())
            for r in range(proxy.rowCount())]  # fmt: skip


@pytest.mark.parametrize("column", ["reported_at", "category", "resolved_at", "satisfaction", None])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_orders_by_the_sort_values_and_keeps_the_selection(window, column, order):
    """The model sorts itself in the order a sort proxy gave on the ``UserRole`` values."""
    panel = window.issues_panel
    model = panel.model
    index = COLUMNS.index(column) if column else model.columnCount() - 1  # None: days overdue
    window.stack["issues"].selected = frozenset({3, 17})
    key = {model.layer_row(r): model.index(r, index).data(Qt.ItemDataRole.UserRole)
           for r in range(model.rowCount())}  # fmt: skip
    panel.view.sortByColumn(index, order)
    descending = order == Qt.SortOrder.DescendingOrder
    assert _shown_layer_rows(panel) == sorted(sorted(key), key=key.get, reverse=descending)
    assert panel.selected_layer_rows() == [3, 17]


def _expected(frame, **f):
    keep = pd.Series(True, index=frame.index)
    rep = pd.to_datetime(frame["reported_at"])
    if "date_from" in f:
        keep &= rep.dt.date >= f["date_from"]
    if "date_to" in f:
        keep &= rep.dt.date <= f["date_to"]
    for key in ("category", "status", "source"):
        if key in f:
            keep &= frame[key] == f[key]
    return sorted(frame.loc[keep, "id"])


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"category": "环境卫生"},
        {"status": "resolved"},
        {"source": "patrol"},
        {"date_from": date(2025, 10, 1), "date_to": date(2025, 10, 8)},
        {"category": "噪音扰民", "source": "hotline", "date_from": date(2025, 10, 9)},
    ],
)
def test_filters_change_rows_like_pandas(window, chosen):
    panel = window.issues_panel
    frame = window.project.layer("issues")
    assert panel.model.rowCount() == len(frame) == 48
    for key in ("category", "status", "source"):
        if key in chosen:
            combo = getattr(panel, key)
            combo.setCurrentIndex(combo.findData(chosen[key]))
    for key in ("date_from", "date_to"):
        if key in chosen:
            d = chosen[key]
            getattr(panel, key).setDate(QDate(d.year, d.month, d.day))
    assert _shown_ids(panel) == _expected(frame, **chosen)
    assert panel.proxy.rowCount() == len(_expected(frame, **chosen))
    assert f"<b>{panel.proxy.rowCount()}</b>" in panel.figures.text()
    panel.reset_filters()
    assert panel.model.rowCount() == 48


def test_overdue_only_matches_core_and_figures(window):
    panel = window.issues_panel
    result = closed_loop(window.project)
    overdue = sorted(result.issues.loc[result.issues["overdue_now"], "id"])
    assert 0 < len(overdue) < 48
    panel.overdue_only.setChecked(True)
    assert _shown_ids(panel) == overdue
    # every shown row carries its days overdue (last column), as the core says
    days = dict(zip(result.issues["id"], result.issues["overdue_days"]))
    last = panel.model.columnCount() - 1
    for row in range(panel.model.rowCount()):
        ident = panel.model.data(panel.model.index(row, 0))
        assert panel.model.data(panel.model.index(row, last)) == f"{days[ident]:.6g}"
    panel.overdue_only.setChecked(False)
    totals = result.totals
    text = panel.figures.text()
    assert f"{totals['resolution_rate']:.1f}%" in text and f"<b>{totals['overdue']}</b>" in text
    assert panel.model.headerData(0, 1) == "工单编号"  # Qt.Orientation.Horizontal


def test_table_selection_and_map_selection_follow_each_other(window, qtbot):
    panel = window.issues_panel
    layer = window.stack["issues"]
    panel.category.setCurrentIndex(panel.category.findData("道路交通"))
    model_rows = [0, 2]
    sel = panel.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in model_rows:
        sel.select(panel.proxy.index(r, 0), flags)
    expected = {panel.model.layer_row(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row())
                for r in model_rows}  # fmt: skip
    assert layer.selected == frozenset(expected)
    assert all(window.project.layer("issues")["category"].iloc[r] == "道路交通" for r in expected)
    # map → table
    frame = window.project.layer("issues")
    road = np.flatnonzero(frame["category"].to_numpy() == "道路交通")
    layer.selected = frozenset(
        {int(road[-1]), int(np.flatnonzero(frame["category"] != "道路交通")[0])}
    )
    assert panel.selected_layer_rows() == [int(road[-1])]  # the other is filtered out


@pytest.mark.parametrize("layer_name, index", [("grids_small", 1), ("grids_large", 1)])
def test_drill_down_from_a_grid_lists_its_issues(window, layer_name, index):
    panel = window.issues_panel
    frame = window.project.layer("issues")
    window.canvas.featureIdentified.emit(layer_name, index)
    code = window.project.layer(layer_name)["code"].iloc[index]
    expected = sorted(frame.loc[frame["grid_code"].str.startswith(code), "id"])
    assert expected and _shown_ids(panel) == expected
    assert panel.grid_label.isVisibleTo(panel) and window.issues_dock.isVisibleTo(window)
    window.canvas.featureIdentified.emit("households", 0)  # not a grid: filter stays
    assert _shown_ids(panel) == expected
    panel.clear_grid_button.click()
    assert panel.model.rowCount() == len(frame)


def test_filter_rows_without_widgets():
    frame = make_issues(20)
    overdue = np.zeros(20, bool)
    overdue[[3, 5]] = True
    assert list(filter_rows(frame, overdue, IssueFilter(overdue_only=True))) == [3, 5]
    picked = filter_rows(frame, overdue, IssueFilter(grids=frozenset({G[0]})))
    assert list(picked) == list(np.flatnonzero(frame["grid_code"] == G[0]))
    assert len(filter_rows(frame, overdue, IssueFilter(category="没有这类"))) == 0


HOTLINE = (
    "工单编号,来电时间,诉求类别,诉求内容,地址,经度,纬度,办理状态\n"
    "A-1,2025-11-03 09:10,垃圾清运,垃圾没人收,张家庄村东1排3号,118.702,36.902,已办结\n"
    "A-2,2025-11-03 10:00,路灯不亮,村口路灯坏了,李家屯村北1排2号,118.716,36.907,处理中\n"
    "A-3,2025-11-04 15:30,外星人,<script>alert(1)</script>,,118.705,36.908,已受理\n"
)


def test_issue_import_through_the_app_updates_instead_of_duplicating(window, qtbot, tmp_path):
    csv = tmp_path / "12345.csv"
    csv.write_text(HOTLINE, encoding="utf-8")
    before = len(window.project.layer("issues"))
    for round_, (added, updated) in enumerate([(3, 0), (0, 3)]):
        dialog = ImportDialog(window.project, window)
        dialog.imported.connect(window.layer_data_changed)
        dialog.set_file(csv, "issues")
        qtbot.waitUntil(lambda d=dialog: d.info is not None, timeout=10000)
        with qtbot.waitSignal(dialog.imported, timeout=20000):
            dialog.start_import()
        assert (dialog.report.added, dialog.report.updated) == (added, updated), round_
        texts = [
            dialog.results.topLevelItem(i).text(0)
            for i in range(dialog.results.topLevelItemCount())
        ]
        assert "诉求" in texts or "Issues" in texts
        if round_ == 0:
            assert dialog.report.unmapped_categories  # 外星人 kept as 其他
        if os.environ.get("GISGRID_SHOTS"):
            dialog.grab().save(os.path.join(os.environ["GISGRID_SHOTS"], f"import_{round_}.png"))
        dialog.close()
    frame = window.project.layer("issues")
    assert len(frame) == before + 3 and frame["id"].is_unique
    panel = window.issues_panel
    assert panel.model.rowCount() == before + 3  # the panel re-read the layer
    qtbot.waitUntil(lambda: panel.flags is not None, timeout=10000)
    assert len(panel.flags.overdue) == before + 3
    assert f"{before + 3}" in panel.figures.text()


def test_screenshot_of_the_issues_dock(window, qtbot, tmp_path):
    window.issues_dock.raise_()
    window.canvas.featureIdentified.emit("grids_small", 0)
    out = os.environ.get("GISGRID_SHOTS")
    image = window.grab()
    assert not image.isNull()
    if out:
        image.save(os.path.join(out, "issues_panel.png"))


def test_issue_import_can_replace_and_a_bad_file_leaves_issues_alone(window, qtbot, tmp_path):
    from gisgrid.ui.import_dialog import run_import

    from gisgrid.errors import InputError
    from gisgrid.io.importer import ImportOptions

    project = window.project
    bad = tmp_path / "bad.csv"
    bad.write_text("工单编号,诉求内容\nA,吵\n", encoding="utf-8")
    with pytest.raises(InputError, match="receipt-time"):
        run_import(project, "issues", str(bad), ImportOptions(replace=True), [], None, None)
    assert len(project.layer("issues")) == 48
    csv = tmp_path / "12345.csv"
    csv.write_text(HOTLINE, encoding="utf-8")
    report = run_import(project, "issues", str(csv), ImportOptions(replace=True), [], None, None)
    assert report.added == 3 and list(project.layer("issues")["id"]) == ["A-1", "A-2", "A-3"]
