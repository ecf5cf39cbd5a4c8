import json
from datetime import date, datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from issue_case import V1, V2, G, make_project

from gisgrid.cli import main
from gisgrid.closed_loop import ClosedLoopParams, closed_loop, evaluate
from gisgrid.errors import InputError

SLA = {"contact_hours": 1, "simple_working_days": 1, "complex_working_days": 3}
T = pd.Timestamp


def _issues(rows):
    frame = pd.DataFrame(rows)
    for col in ("first_contact_at", "resolved_at", "reviewed_at"):
        frame[col] = pd.to_datetime(frame.get(col, pd.Series([None] * len(frame))))
    frame["reported_at"] = pd.to_datetime(frame["reported_at"])
    defaults = {"status": None, "complexity": "simple", "satisfaction": np.nan,
                "household_id": None, "address": None, "grid_code": G[0], "village_code": V1,
                "category": "人居环境", "source": "hotline", "description": ""}  # fmt: skip
    for col, value in defaults.items():
        if col not in frame:
            frame[col] = value
    return frame


def test_deadlines_contact_and_overdue_around_national_day():
    cases = _issues(
        [
            # Tuesday before the 2025 break, simple: due end of 9 October; closed the 9th.
            {"id": "a", "reported_at": "2025-09-30 16:00", "first_contact_at": "2025-09-30 16:40",
             "resolved_at": "2025-10-09 17:00", "status": "resolved"},
            # Complex, same day: due end of the make-up Saturday 11 October; closed Monday.
            {"id": "b", "reported_at": "2025-09-30 16:00", "complexity": "complex",
             "first_contact_at": "2025-09-30 17:30", "resolved_at": "2025-10-13 09:00"},
            # Received on the make-up Sunday, still open: due end of Monday 29 September.
            {"id": "c", "reported_at": "2025-09-28 10:00"},
            # Received just now: contact still pending, not overdue.
            {"id": "d", "reported_at": "2025-10-14 11:30"},
        ]
    )  # fmt: skip
    out = evaluate(cases, SLA, T("2025-10-14 12:00")).set_index("id")
    assert out.loc["a", "due_at"] == T("2025-10-10") and out.loc["a", "on_time"] is True
    assert out.loc["b", "due_at"] == T("2025-10-12") and out.loc["b", "on_time"] is False
    assert out.loc["a", "contact_on_time"] is True and out.loc["b", "contact_on_time"] is False
    assert out.loc["c", "contact_on_time"] is False  # no contact and the hour is long gone
    assert pd.isna(out.loc["d", "contact_on_time"])
    assert out.loc["c", "overdue_now"] and not out.loc["d", "overdue_now"]
    assert out.loc["c", "due_at"] == T("2025-09-30")
    # 14.5 calendar days past midnight of 30 Sep; working days since the 29th: 30 Sep, 9, 10,
    # 11 (make-up Saturday), 13, 14 October = 6.
    assert out.loc["c", "overdue_days"] == 14.5
    assert out.loc["c", "overdue_workdays"] == 6
    assert out.loc["a", "week"] == "2025-W40" and out.loc["c", "week"] == "2025-W39"


def test_closed_after_reference_time_counts_as_open():
    cases = _issues([{"id": "a", "reported_at": "2025-11-03 09:00",
                      "resolved_at": "2025-11-06 09:00", "status": "resolved"}])  # fmt: skip
    out = evaluate(cases, SLA, T("2025-11-05 12:00"))
    assert not out["resolved"].iloc[0] and out["overdue_now"].iloc[0]


def test_repeat_complaints_three_in_thirty_days():
    rows = [
        {"id": f"h{i}", "reported_at": d, "household_id": "H1"}
        for i, d in enumerate(["2025-03-01", "2025-03-20", "2025-03-30", "2025-06-01"])
    ]
    rows += [
        {"id": f"x{i}", "reported_at": d, "address": a}
        for i, (d, a) in enumerate(
            [("2025-03-01", "临河镇张家庄村东1排3号"), ("2025-03-05", "张家庄村 东1排3号"),
             ("2025-04-20", "张家庄村东1排3号")]
        )
    ]  # fmt: skip
    out = evaluate(_issues(rows), SLA, T("2025-07-01")).set_index("id")
    assert out.loc[["h0", "h1", "h2"], "repeat"].all() and not out.loc["h3", "repeat"]
    assert not out.loc[["x0", "x1", "x2"], "repeat"].any()  # 3 cases, but over 50 days


def _project_with(rows):
    project = make_project()
    frame = _issues(rows)
    pts = [shapely.Point(118.702, 36.902)] * len(frame)
    project.set_layer("issues", gpd.GeoDataFrame(frame, geometry=pts, crs=4490))
    return project


def test_resolution_rate_116_of_127_and_groups():
    start = datetime(2025, 11, 3, 9, 0)
    rows = []
    for i in range(127):
        rep = start + pd.Timedelta(hours=i)
        done = i < 116
        rows.append(
            {"id": f"I{i:03d}", "reported_at": rep,
             "first_contact_at": rep + pd.Timedelta(minutes=20),
             "resolved_at": rep + pd.Timedelta(hours=2) if done else None,
             "status": "resolved" if done else "handled", "satisfaction": 4.0 + (i % 2),
             "grid_code": G[i % 2], "village_code": V1}
        )  # fmt: skip
    rows.append({"id": "other", "reported_at": start, "grid_code": G[2], "village_code": V2})
    clock = pd.Timestamp.now().floor("s")
    result = closed_loop(_project_with(rows), ClosedLoopParams(date_to=date(2025, 12, 31)))
    village = result.by_village.set_index("village_code")
    assert village.loc[V1, "new"] == 127 and village.loc[V1, "resolved"] == 116
    assert village.loc[V1, "resolution_rate"] == 91.3
    assert village.loc[V1, "satisfaction"] == pytest.approx(
        np.mean([4.0 + (i % 2) for i in range(116)]), abs=0.01
    )
    assert result.totals["new"] == 128
    cadres = result.by_cadre.set_index("cadre_id")
    assert cadres.loc["C1", "new"] == 127 and cadres.loc["C2", "new"] == 1
    assert cadres.loc["C1", "name"] == "周一"
    assert result.by_grid.set_index("grid_code").loc[G[0], "new"] == 64
    # As at now, not at the latest time recorded (the last case's first contact).
    assert clock <= result.at <= pd.Timestamp.now()
    assert result.latest == T(start) + pd.Timedelta(hours=126, minutes=20)
    json.dumps(result.to_dict(), default=str)


def test_period_filters_and_errors():
    project = _project_with([{"id": "a", "reported_at": "2025-05-06 10:00"}])
    with pytest.raises(InputError, match="no issues received"):
        closed_loop(project, ClosedLoopParams(date_from=date(2025, 6, 1)))
    with pytest.raises(InputError, match="no issues"):
        closed_loop(make_project())


def test_cli_sla_json(tmp_path, capsys):
    gpkg = tmp_path / "t.gpkg"
    project = _project_with(
        [{"id": "a", "reported_at": "2025-09-30 16:00", "complexity": "complex"},
         {"id": "b", "reported_at": "2025-10-09 08:00", "resolved_at": "2025-10-09 10:00",
          "first_contact_at": "2025-10-09 08:30", "status": "resolved"}]
    )  # fmt: skip
    project.save(gpkg)
    assert main(["issues", "sla", str(gpkg), "--at", "2025-10-13T10:00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["totals"]["new"] == 2 and out["totals"]["overdue"] == 1
    assert out["overdue"][0]["id"] == "a" and out["overdue"][0]["overdue_workdays"] == 1
    assert main(["issues", "sla", str(gpkg), "--by", "week"]) == 0
    assert "2025-W40" in capsys.readouterr().out
    assert main(["issues", "sla", str(gpkg), "--at", "someday"]) == 2
