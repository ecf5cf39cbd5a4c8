"""The ``gisgrid`` command: every operation of the app, scriptable."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gisgrid.errors import GisgridError


def _json_safe(value: Any) -> Any:
    """Return ``value`` with what strict JSON cannot carry turned into null or text.

    NaN, infinities, NaT and pd.NA become None; numpy scalars become Python numbers; dates
    and timestamps become ISO text.
    """
    import math

    import numpy as np
    import pandas as pd

    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_json_safe(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)):
        return value
    if hasattr(value, "isoformat"):
        return None if pd.isna(value) else value.isoformat()
    return str(value)


def _print_json(data: Any) -> None:
    """Print ``data`` as strict JSON (no NaN/Infinity: every parser reads it)."""
    text = json.dumps(_json_safe(data), ensure_ascii=False, indent=2, allow_nan=False)
    print(text)


def _records(table: Any) -> list[dict[str, Any]]:
    """Rows of a DataFrame as JSON-ready dicts (missing values as None)."""
    return _json_safe(table.astype(object).where(table.notna(), None).to_dict("records"))


def _figure(value: Any, unit: str = "") -> str:
    """Return a figure for people: ``61.2%``, ``38 件``; ``—`` when there is none."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return f"{value}{unit}" if unit in ("%", "") else f"{value} {unit}"


def _table_text(table: Any, empty: str, max_rows: int = 40) -> str:
    """Return a table for people (missing values as ``—``), or one line when it is empty."""
    from pandas.api.types import is_numeric_dtype

    if len(table) == 0:
        return f"无数据 (no rows): {empty}"
    shown = table.copy()
    for column in shown.columns:  # numbers keep pandas' formatting, NaN shown by na_rep
        if not is_numeric_dtype(shown[column]):
            shown[column] = shown[column].astype(object).where(shown[column].notna(), "—")
    return shown.to_string(index=False, max_rows=max_rows, na_rep="—")


Command = Callable[[argparse.Namespace], int]


def _writes(program: str, when: Callable[[argparse.Namespace], bool] | None = None):
    """Run a command holding the project's lock (``gisgrid.locking``) from read to save.

    ``when`` says from the arguments whether this run writes (e.g. only with ``--apply``).
    """

    def wrap(func: Command) -> Command:
        @functools.wraps(func)
        def run(args: argparse.Namespace) -> int:
            project = getattr(args, "project", None) or args.out
            if (when is not None and not when(args)) or not Path(project).exists():
                return func(args)  # nothing to write, or no project yet (open says so)
            from gisgrid.locking import ProjectLock

            with ProjectLock.acquire(project, f"gisgrid CLI: {program}") as lock:
                if lock.note:
                    print(f"gisgrid: note: {lock.note}", file=sys.stderr)
                return func(args)

        return run

    return wrap


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty project."""
    from gisgrid.project import Project

    levels = args.levels.split(",") if args.levels else None
    project = Project.create(args.project, args.name, args.code or "", levels=levels)
    print(f"created {project.path} ({args.name})")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """Print counts per level, households, cadres, issues, CRS, extent and issue dates."""
    from gisgrid.project import Project

    info = Project.open(args.project).info()
    if args.json:
        _print_json(info)
        return 0
    print(f"{info['name']}  {info['code']}  ({info['path']})")
    for layer, n in info["levels"].items():
        print(f"  {layer:<12} {n:>8}")
    for key in ("households", "cadres", "assignments", "issues"):
        print(f"  {key:<12} {info[key]:>8}")
    metric = info["metric_crs"] or "a Gauss-Krüger zone chosen once there is data"
    print(f"  crs          {info['crs']} (metric work in {metric})")
    if info["extent"]:
        print("  extent       " + ", ".join(f"{v:.5f}" for v in info["extent"]))
    if info["issues_from"]:
        print(f"  issues       {info['issues_from']} … {info['issues_to']}")
    return 0


def _source_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the reading options shared by ``gisgrid import`` and ``gisgrid issues import``."""
    from gisgrid.io.importer import load_mapping

    return {
        "layer": args.layer_name,
        "encoding": args.encoding,
        "crs": args.crs,
        "coords": args.coords,
        "lon": args.lon,
        "lat": args.lat,
        "mapping": load_mapping(args.mapping) if args.mapping else None,
    }


@_writes("import")
def cmd_import(args: argparse.Namespace) -> int:
    """Import a file into one layer of a project; the project is saved only on success."""
    from gisgrid.io.importer import ImportOptions, import_file
    from gisgrid.project import Project

    project = Project.open(args.project)
    options = ImportOptions(**_source_options(args), replace=args.replace)
    report = import_file(project, args.layer, args.file, options)
    project.save()
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return 0


@_writes("sample --force", when=lambda args: args.force)
def cmd_sample(args: argparse.Namespace) -> int:
    """Build the sample township (or county) project."""
    from gisgrid.sample_data.township import build_sample

    out = Path(args.out)
    project = build_sample(out, seed=args.seed, scale=args.scale, overwrite=args.force)
    info = project.info()
    print(
        f"built {out}: {info['levels']} households={info['households']} "
        f"cadres={info['cadres']} issues={info['issues']}"
    )
    return 0


@_writes("validate", when=lambda args: not args.no_save)
def cmd_validate(args: argparse.Namespace) -> int:
    """Check the hierarchy; exit 0 when clean, 1 when problems were found."""
    from gisgrid.hierarchy import ValidationParams, store_problems, validate
    from gisgrid.project import Project

    project = Project.open(args.project)
    params = ValidationParams(
        tolerance_m=args.tolerance,
        check_staffing=not args.no_staffing,
        check_households=not args.no_households,
    )
    result = validate(project, params)
    if not args.no_save:
        store_problems(project, result)
        project.save()
    if args.json:
        _print_json(result.to_dict())
    else:
        for problem in result.problems:
            print(f"{problem.kind:<18} {problem.level:<9} {problem.message}")
        counts = ", ".join(f"{k}={v}" for k, v in result.counts.items()) or "none"
        print(f"{len(result.problems)} problem(s): {counts}")
    return 0 if result.clean else 1


@_writes("repair")
def cmd_repair(args: argparse.Namespace) -> int:
    """Apply repairs, save, and report what is left."""
    from gisgrid.hierarchy import ValidationParams, store_problems, validate
    from gisgrid.project import Project
    from gisgrid.repair import repair

    project = Project.open(args.project)
    params = ValidationParams(tolerance_m=args.tolerance)
    commands = repair(project, args.fix, params, level=args.level)
    result = validate(project, params)
    store_problems(project, result)
    project.save()
    summary = {
        "repairs": [{"text": c.text, "changed": c.changed, "notes": c.notes} for c in commands],
        "counts": result.counts,
    }
    if args.json:
        _print_json(summary)
    else:
        for command in commands:
            print(command.text)
            for note in command.notes:
                print(f"  {note}")
        left = ", ".join(f"{k}={v}" for k, v in result.counts.items()) or "none"
        print(f"problems left: {left}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print or export figures per unit at every level."""
    from gisgrid.io.workbook import write_workbook
    from gisgrid.project import Project
    from gisgrid.stats import statistics_sheets, unit_statistics

    stats = unit_statistics(Project.open(args.project))
    if args.xlsx:
        if not stats:
            raise GisgridError(
                f"{Path(args.xlsx).name}: nothing to write; the project has no villages or "
                "grids yet (import them first)"
            )
        write_workbook(args.xlsx, statistics_sheets(stats))
        print(f"wrote {args.xlsx}")
    if args.json:
        _print_json({level: _records(table) for level, table in stats.items()})
    elif not args.xlsx:
        for level, table in stats.items():
            print(f"[{level}] {len(table)} units")
            print(_table_text(table, "no units at this level", max_rows=20))
        if not stats:
            print("无数据 (no rows): the project has no villages or grids yet")
    return 0


@_writes("assign --apply", when=lambda args: args.apply)
def cmd_assign(args: argparse.Namespace) -> int:
    """Locate households in grids and/or propose cadres; write only with --apply."""
    from gisgrid.assign import assign_households
    from gisgrid.cadre_proposal import propose_cadres
    from gisgrid.project import Project

    project = Project.open(args.project)
    both = not args.households and not args.cadres
    report: dict[str, Any] = {"applied": bool(args.apply)}
    lines: list[str] = []
    if args.households or both:
        changed = args.changed_grids.split(",") if args.changed_grids else None
        result = assign_households(project, changed_grids=changed, snap_outside_m=args.snap)
        report["households"] = result.to_dict()
        lines.append(
            f"households: {result.checked} located, {result.assigned} in a grid, "
            f"{result.changed} changed, {len(result.outside)} outside, {result.pinned} pinned"
        )
        lines += [f"  {note}" for note in result.notes]
        for r in result.outside.head(50).itertuples(index=False):
            lines.append(
                f"  outside {r.id}: nearest grid {r.suggested_code} ({r.distance_m:,.0f} m)"
            )
        if len(result.outside) > 50:
            lines.append(f"  … and {len(result.outside) - 50} more (see --json)")
        if args.apply:
            result.command().do(project)
    if args.cadres or both:
        proposal = propose_cadres(project, reassign=args.reassign)
        report["cadres"] = proposal.to_dict()
        lines += proposal.diff_lines()
        lines.append(f"cadres: {proposal.message}")
        lines += [f"  {note}" for note in proposal.notes]
        if args.apply:
            proposal.command().do(project)
    if args.apply:
        project.save()
        lines.append(f"applied and saved {project.path}")
    else:
        lines.append("nothing was written; run again with --apply to apply")
    if args.json:
        _print_json(report)
    else:
        print("\n".join(lines))
    return 0


@_writes("plan --apply", when=lambda args: args.apply)
def cmd_plan(args: argparse.Namespace) -> int:
    """Propose balanced grids inside a parent (or every parent); write only with --apply."""
    from gisgrid.errors import InputError
    from gisgrid.plan import PlanParams, plan_partition
    from gisgrid.project import Project

    project = Project.open(args.project)
    parent = "all" if args.all else args.parent
    if not parent:
        raise InputError("give --parent CODE (a parent grid, a village or the town) or --all")
    params = PlanParams(
        parent=parent,
        level=args.level,
        count=args.count,
        target=args.target,
        tolerance=args.tolerance,
        barriers=args.barriers,
        locked=tuple(c.strip() for c in (args.lock or "").split(",") if c.strip()),
        seed=args.seed,
    )
    result = plan_partition(project, params)
    if args.apply:
        result.command().do(project)
        project.save()
    if args.json:
        _print_json(result.to_dict())
    else:
        for row in result.grids.itertuples(index=False):
            flag = "  (locked)" if row.locked else ""
            print(f"{row.code}  {row.households:>6}  PP {row.polsby_popper:.2f}{flag}")
        print(
            f"{len(result.grids)} grids, "
            + (
                f"target {result.target:.1f} households, max deviation "
                f"{result.max_deviation:.1%}"
                if result.target > 0
                else "planned by area (no households)"
            )
            + f", contiguous {'yes' if result.contiguous else 'no'}, "
            f"Polsby-Popper mean {result.polsby_popper_mean:.2f} min "
            f"{result.polsby_popper_min:.2f}, {result.households_moved} households change grid"
        )
        for message in result.messages:
            print(f"note: {message}")
        print(
            f"applied and saved {project.path}"
            if args.apply
            else "nothing was written; run again with --apply to apply"
        )
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print the coverage figures: households in grids, leaders, cadre loads, visits."""
    from gisgrid.coverage import coverage
    from gisgrid.project import Project

    figures = coverage(Project.open(args.project), days=args.days)
    if args.json:
        _print_json(figures)
        return 0
    per = figures["households_per_cadre"]
    print(
        f"households        {figures['households_total']} total, "
        f"{figures['households_assigned']} in a grid, {figures['households_outside']} outside"
    )
    for key in (
        "grids_without_leader",
        "leaders_not_party_members",
        "cadres_over_limit",
        "cadres_without_grid",
    ):
        values = figures[key]
        shown = ", ".join(values[:10]) + (" …" if len(values) > 10 else "")
        print(f"{key:<26}{len(values):>5}  {shown}")
    spread = "  ".join(  # no leaders yet: no figures ("n/a", never "None")
        f"{key} {'n/a' if per[key] is None else per[key]}" for key in ("min", "median", "max")
    )
    print(f"households per grid leader  {spread}")
    share, day = figures["visit_coverage"], figures["visit_reference_date"]
    print(
        f"visited within {figures['visit_days']} days"
        + (f" of {day}: " if day is not None else " (no issue records): ")
        + (f"{share:.1%}" if share is not None else "n/a")
    )
    return 0


def cmd_export_roster(args: argparse.Namespace) -> int:
    """Write the Excel roster (网格责任表)."""
    from gisgrid.project import Project
    from gisgrid.roster import write_roster

    path = write_roster(Project.open(args.project), args.out, show_contacts=args.show_contacts)
    masked = "full phone numbers" if args.show_contacts else "phone numbers masked"
    print(f"wrote {path} ({masked})")
    return 0


def cmd_export_coverage(args: argparse.Namespace) -> int:
    """Write the cadre-coverage map: PDF (atlas), PNG (300 dpi) or offline HTML by extension."""
    from gisgrid.export.coverage import CoverageMapParams
    from gisgrid.layers.coverage import export_coverage
    from gisgrid.project import Project

    params = CoverageMapParams(
        village=args.village,
        paper=args.paper,
        landscape=args.landscape,
        show_contacts=args.show_contacts,
        color_by=args.color_by,
    )
    result = export_coverage(Project.open(args.project), args.out, params)
    masked = "names and phones in full" if args.show_contacts else "names and phones masked"
    pages = f"{result.pages} page(s), " if result.format == "pdf" else ""
    print(f"wrote {result.path} ({result.format}, {pages}{masked})")
    return 0


def _date(text: str | None) -> Any:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise GisgridError(f"date {text!r}: write it as YYYY-MM-DD, e.g. 2025-10-09") from None


@_writes("issues import")
def cmd_issues_import(args: argparse.Namespace) -> int:
    """Import 12345/patrol/visit records into the issues layer (updates known ticket ids)."""
    from gisgrid.issue_import import IssueImportOptions, import_issues
    from gisgrid.issues import load_category_mapping
    from gisgrid.project import Project

    project = Project.open(args.project)
    if args.categories:
        mapping = load_category_mapping(args.categories, project.meta.categories)
        project.meta.category_mapping = {**project.meta.category_mapping, **mapping}
        project.mark_meta_changed()
    options = IssueImportOptions(
        **_source_options(args), source=args.source, complexity=args.complexity
    )
    report = import_issues(project, args.file, options)
    project.save()
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return 0


def cmd_issues_sla(args: argparse.Namespace) -> int:
    """Print closed-loop figures: deadlines on working days, overdue cases, 办结率."""
    from datetime import datetime, timedelta

    from gisgrid.closed_loop import ClosedLoopParams, closed_loop
    from gisgrid.project import Project

    try:
        at = datetime.fromisoformat(args.at) if args.at else None
    except ValueError:
        raise GisgridError(f"--at {args.at!r}: write it as YYYY-MM-DD[THH:MM]") from None
    params = ClosedLoopParams(at=at, date_from=_date(args.date_from), date_to=_date(args.date_to))
    result = closed_loop(Project.open(args.project), params)
    if args.json:
        _print_json(result.to_dict())
        return 0
    t = result.totals
    when = "now" if at is None else "given"
    print(f"at {result.at:%Y-%m-%d %H:%M} ({when}): new {t['new']}, resolved {t['resolved']} "
          f"(办结率 {_figure(t['resolution_rate'], '%')}), "
          f"on time {_figure(t['on_time_rate'], '%')}")  # fmt: skip
    contact = "无数据 n/a" if t["contact_rate"] is None else _figure(t["contact_rate"], "%")
    print(f"  contact within the hour {contact}, overdue now "
          f"{t['overdue']}, satisfaction {_figure(t['satisfaction'])}, "
          f"repeat complaints {t['repeat']}")  # fmt: skip
    if result.implausible_text():
        print(f"注意 warning: {result.implausible_text()}（--json 列出全部）")
    if at is None and result.latest is not None and result.at - result.latest > timedelta(days=30):
        print(f"注意 warning: 记录中最晚的时间是 {result.latest:%Y-%m-%d}，统计时点是现在；"
              f"要看当时的情况，用 --at {result.latest:%Y-%m-%d}")  # fmt: skip
    table = {"grid": result.by_grid, "village": result.by_village, "cadre": result.by_cadre,
             "week": result.by_week}[args.by]  # fmt: skip
    why = {
        "grid": "no issue carries a grid code (locate the issues in grids first)",
        "village": "no issue carries a village code (import villages, locate the issues)",
        "cadre": "no cadre is assigned to the grids or villages of these issues",
        "week": "no issue has a receipt time",
    }[args.by]
    print(_table_text(table, why))
    for note in result.notes:  # a computed (provisional) holiday schedule was used
        print(f"注意 warning: {note}（国务院公布后用 gisgrid calendar import 或 set 录入）")
    return 0


def cmd_hotspots(args: argparse.Namespace) -> int:
    """Gi* hot and cold spots, emerging hot spots and weekly change per grid."""
    from gisgrid.hotspots import CLASS_LABELS, HotspotParams, hotspots
    from gisgrid.project import Project

    params = HotspotParams(
        date_from=_date(args.date_from),
        date_to=_date(args.date_to),
        level=args.level,
        categories=args.category,
        value=args.value,
        weights="distance" if args.distance else "queen",
        distance_m=args.distance,
        permutations=args.permutations,
        seed=args.seed,
        bin_days=args.bin_days,
    )
    project = Project.open(args.project)
    result = hotspots(project, params)
    if args.html:
        from gisgrid.layers.hotspot_web import write_hotspot_html

        path = write_hotspot_html(result, args.html, title=f"{project.meta.name} 诉求热点")
        if not args.json:
            print(f"wrote {path}")
    if args.json:
        _print_json(result.to_dict())
        return 0
    for w in result.warnings:
        print(f"注意 warning: {w}")
    grids = result.grids.sort_values(["gi_class", "gi_z"], ascending=False)
    counts = grids["gi_class"].value_counts()
    for k in sorted(counts.index, reverse=True):
        print(f"  {CLASS_LABELS[int(k)]}: {int(counts[k])}")
    cols = ["code", "name", "count", "households", "rate", "gi_z", "gi_class", "trend", "change"]
    print(_table_text(grids[cols].head(20), "no grids at this level"))
    return 0


def cmd_report_weekly(args: argparse.Namespace) -> int:
    """Write the weekly meeting pack (or, with --month, the monthly ranking): HTML, PDF, XLSX."""
    from gisgrid.project import Project
    from gisgrid.report import ReportParams, pack_stem, weekly_report, write_pack

    params = ReportParams(week=args.week, month=args.month, show_contacts=args.show_contacts)
    report = weekly_report(Project.open(args.project), params)
    paths = write_pack(report, args.out)
    if not args.no_html:
        from gisgrid.layers.report_web import write_report_html

        paths["html"] = write_report_html(report, Path(args.out) / f"{pack_stem(report)}.html")
    head = report.headline
    if args.json:
        figures = head[["current", "previous", "change"]].to_dict("index")
        files = {k: str(v) for k, v in paths.items()}
        _print_json({"period": [str(report.start), str(report.end)], "at": report.at,
                     "empty": report.empty, "files": files, "headline": figures,
                     "notes": list(report.notes)})  # fmt: skip
        return 0
    print(f"{report.title} {report.period_text}" + ("：本期无新受理诉求" if report.empty else ""))
    for row in head.to_dict("records"):
        print(f"  {row['label']}: {_figure(row['current'], row['unit'])} "
              f"({report.previous_word} {_figure(row['previous'], row['unit'])})")  # fmt: skip
    for note in report.notes:
        print(f"注意 note: {note}")
    for path in paths.values():
        print(f"wrote {path}")
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    """Show the project's working-day calendar: where each year comes from, its holidays."""
    from gisgrid.calendar_data import describe_lines, describe_year, project_years
    from gisgrid.project import Project
    from gisgrid.workdays import WorkCalendar

    project = Project.open(args.project)
    calendar = WorkCalendar.from_project(project)
    if args.year is not None and not 1900 <= args.year <= 2200:
        raise GisgridError(f"--year {args.year}: give a year from 1900 to 2200, e.g. 2027")
    years = [args.year] if args.year is not None else project_years(project)
    if args.json:
        _print_json({"years": [describe_year(calendar, y) for y in years]})
        return 0
    if args.year is not None:
        print("\n".join(describe_lines(calendar, args.year)))
        return 0
    for year in years:
        info = describe_year(calendar, year)
        off = sum(1 for d in info["holidays"] if d["weekday"] not in "六日")
        print(f"{year}  工作日放假 {off:>2} 天  调休上班 {len(info['workdays'])} 天  "
              f"{info['source_text']}")  # fmt: skip
    if any(calendar.is_provisional(y) for y in years):
        print("暂定的年份：国务院公布放假安排后，用 gisgrid calendar import 或 set 录入")
    return 0


def _calendar_change(args: argparse.Namespace, project: Any, change: Any) -> int:
    """Do a planned calendar change, save, and report it."""
    if change.edit.entries:
        change.edit.do(project)
        project.save()
    if args.json:
        _print_json(change.to_dict())
        return 0
    for line in change.lines:
        print(line)
    for warning in change.warnings:
        print(f"注意 warning: {warning}")
    print(f"saved {project.path}" if change.edit.entries else "nothing was changed")
    return 0


@_writes("calendar import")
def cmd_calendar_import(args: argparse.Namespace) -> int:
    """Import an official holiday schedule; each year in the file replaces that year's."""
    from gisgrid.calendar_data import plan_import
    from gisgrid.io.calendar_file import read_calendar_file
    from gisgrid.project import Project

    project = Project.open(args.project)
    days = read_calendar_file(args.file, sheet=args.sheet, encoding=args.encoding)
    return _calendar_change(args, project, plan_import(project, days, Path(args.file).name))


@_writes("calendar set")
def cmd_calendar_set(args: argparse.Namespace) -> int:
    """Make a date (or range) a rest day or a working day, or clear it (or a whole year)."""
    from gisgrid.calendar_data import plan_clear_year, plan_set
    from gisgrid.io.calendar_file import parse_day_range
    from gisgrid.project import Project

    project = Project.open(args.project)
    text = args.date.strip()
    if text.isdigit() and len(text) == 4:
        if args.kind != "clear":
            raise GisgridError(
                f"{text}: a whole year can only be cleared; give a date or a range "
                "(2027-02-05..2027-02-11) to set holidays or workdays"
            )
        return _calendar_change(args, project, plan_clear_year(project, int(text)))
    first, last = parse_day_range(text, "DATE")
    return _calendar_change(args, project, plan_set(project, first, last, args.kind, args.name))


def cmd_unlock(args: argparse.Namespace) -> int:
    """Break a project's lock left by a program that is gone (or, with --force, any)."""
    from gisgrid.locking import ProjectLockedError, break_lock

    try:
        status = break_lock(args.project, force=args.force)
    except ProjectLockedError as exc:
        raise GisgridError(f"{exc} (to break it anyway: --force)") from None
    if status is None:
        print(f"{args.project} is not locked; nothing to do")
        return 0
    info = status.info
    who = (
        f"{info.program} of {info.user}@{info.host} (pid {info.pid}, since {info.since})"
        if info is not None
        else "an unreadable lock file"
    )
    state = {True: "still running", False: "no longer running", None: "on another computer"}
    print(f"removed the lock held by {who}, {state[status.alive]}")
    if status.alive is not False:
        print(
            "warning: if that program is still open, it can no longer save to this file; "
            "save there with Save As to another file",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``gisgrid`` command."""
    from gisgrid.schema import IMPORT_TARGETS

    parser = argparse.ArgumentParser(
        prog="gisgrid", description="网格办 GIS: grids, cadres, issues"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create an empty project")
    p.add_argument("project", help="new project file (*.gpkg)")
    p.add_argument("--name", required=True, help="township name, e.g. 临河镇")
    p.add_argument("--code", help="12-digit statistical code of the township")
    p.add_argument("--levels", help="hierarchy levels, e.g. town,village,large,small,micro")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="summarise a project")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("import", help="import a vector file or table into a project layer")
    p.add_argument("project")
    p.add_argument(
        "layer",
        choices=IMPORT_TARGETS,
        metavar="layer",
        help="target layer: %(choices)s (assignments and problems are computed, not imported)",
    )
    p.add_argument("file", help="Shapefile, GeoPackage, GeoJSON, KML/KMZ, XLSX or CSV")
    p.add_argument("--layer", dest="layer_name", help="layer of a multi-layer source")
    p.add_argument("--encoding", help="text encoding of a Shapefile .dbf or CSV (e.g. gbk)")
    p.add_argument("--crs", help="source coordinate system, e.g. EPSG:4549")
    p.add_argument(
        "--coords",
        choices=["wgs84", "cgcs2000", "gcj02", "bd09"],
        help="lon/lat datum: gcj02 for Gaode/Tencent, bd09 for Baidu picks",
    )
    p.add_argument("--lon", help="longitude / x column")
    p.add_argument("--lat", help="latitude / y column")
    p.add_argument("--mapping", help="JSON or TOML file: project field = source column")
    p.add_argument("--replace", action="store_true", help="replace the layer instead of appending")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("validate", help="check nesting, gaps, overlaps, codes, households, staff")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--tolerance", type=float, default=1.0, help="metres (default 1)")
    p.add_argument("--no-staffing", action="store_true", help="skip the staffing rules")
    p.add_argument("--no-households", action="store_true", help="skip household checks")
    p.add_argument("--no-save", action="store_true", help="do not store the problems layer")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("repair", help="repair hierarchy problems (undoable in the app)")
    p.add_argument("project")
    p.add_argument(
        "--fix",
        nargs="+",
        required=True,
        metavar="KIND",
        help="invalid, outside_parent (snap), gap, overlap, sliver, orphan, renumber, dangling",
    )
    p.add_argument("--tolerance", type=float, default=1.0, help="metres (default 1)")
    p.add_argument("--level", help="with renumber: highest level to renumber (large/small/micro)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_repair)

    p = sub.add_parser("stats", help="area, households, population, cadres, issues per unit")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--xlsx", help="write an Excel workbook, one sheet per level")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("sample", help="build a realistic sample township project")
    p.add_argument("out", help="output project file (*.gpkg)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", choices=["town", "county"], default="town")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("assign", help="households → grids, cadres → grids (a diff; --apply)")
    p.add_argument("project")
    p.add_argument("--households", action="store_true", help="locate households in grids")
    p.add_argument("--cadres", action="store_true", help="propose grid leaders and rebalance")
    p.add_argument("--reassign", action="store_true", help="reopen every cadre assignment")
    p.add_argument("--apply", action="store_true", help="apply and save (default: only show)")
    p.add_argument("--changed-grids", help="comma-separated codes: re-locate only around them")
    p.add_argument(
        "--snap", type=float, default=0.0, help="metres: outside households take a grid this near"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("plan", help="balanced grids inside a parent (a proposal; --apply)")
    p.add_argument("project")
    p.add_argument("--parent", help="parent code; a village or the town code plans all inside")
    p.add_argument("--all", action="store_true", help="re-plan every parent (whole town)")
    p.add_argument("--level", choices=["small", "micro", "large"], default="small")
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--count", type=int, help="grids per parent (whole town: in total)")
    size.add_argument("--target", type=float, help="households per grid")
    p.add_argument("--tolerance", type=float, default=0.15, help="allowed deviation (0.15)")
    p.add_argument("--barriers", help="line file or project layer whose lines borders follow")
    p.add_argument("--lock", help="comma-separated codes of grids to keep as they are")
    p.add_argument("--seed", type=int, default=0, help="partitioner seed (default 0)")
    p.add_argument("--apply", action="store_true", help="apply and save (default: only show)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("coverage", help="grids without leaders, cadre loads, visit coverage")
    p.add_argument("project")
    p.add_argument("--days", type=int, default=30, help="visit window in days (default 30)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_coverage)

    # `gisgrid export KIND …`: one sub-command per export kind (roster, coverage maps, …)
    p = sub.add_parser("export", help="export maps and tables")
    export_sub = p.add_subparsers(dest="export_kind", required=True, metavar="KIND")
    e = export_sub.add_parser("roster", help="Excel roster (网格责任表)")
    e.add_argument("project")
    e.add_argument("--out", required=True, help="output workbook (*.xlsx)")
    e.add_argument("--show-contacts", action="store_true", help="print phone numbers in full")
    e.set_defaults(func=cmd_export_roster)
    e = export_sub.add_parser(
        "coverage", help="cadre-coverage map: .pdf (village atlas), .png (300 dpi) or .html"
    )
    e.add_argument("project")
    e.add_argument("--out", required=True, help="output file: *.pdf, *.png or *.html")
    e.add_argument("--village", help="12-digit code of one village (default: the whole town)")
    e.add_argument("--paper", choices=["A4", "A3"], default="A4", help="paper size (default A4)")
    e.add_argument("--landscape", action="store_true", help="landscape instead of portrait")
    e.add_argument(
        "--show-contacts", action="store_true", help="print names and phones unmasked"
    )
    e.add_argument(
        "--color-by", choices=["leader", "load"], default="leader",
        help="colour grids by grid leader (default) or by households per grid",
    )  # fmt: skip
    e.set_defaults(func=cmd_export_coverage)

    # `gisgrid issues import|sla …`: citizen issues and the closed loop
    p = sub.add_parser("issues", help="import 12345/patrol records; closed-loop figures")
    issues_sub = p.add_subparsers(dest="issues_cmd", required=True, metavar="ACTION")
    e = issues_sub.add_parser("import", help="import issues (Excel/CSV); known ticket ids update")
    e.add_argument("project")
    e.add_argument("file", help="XLSX or CSV export")
    e.add_argument("--layer", dest="layer_name", help="sheet of a workbook")
    e.add_argument("--encoding", help="text encoding of a CSV (e.g. gbk)")
    e.add_argument("--crs", help="coordinate system of projected coordinates, e.g. EPSG:4549")
    e.add_argument(
        "--coords", choices=["wgs84", "cgcs2000", "gcj02", "bd09"],
        help="lon/lat datum: gcj02 for Gaode/Tencent, bd09 for Baidu",
    )  # fmt: skip
    e.add_argument("--lon", help="longitude / x column")
    e.add_argument("--lat", help="latitude / y column")
    e.add_argument("--mapping", help="JSON or TOML file: field = source column")
    e.add_argument(
        "--categories", help='JSON/TOML {"人居环境": ["垃圾", …]}: category mapping, kept'
    )
    e.add_argument("--source", choices=["hotline", "patrol", "visit", "petition"])
    e.add_argument("--complexity", choices=["simple", "complex"], default="simple",
                   help="for rows that do not say (default simple)")  # fmt: skip
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.set_defaults(func=cmd_issues_import)
    e = issues_sub.add_parser("sla", help="closed loop: deadlines, overdue, 办结率, repeats")
    e.add_argument("project")
    e.add_argument("--at", help="reference time 统计时点, YYYY-MM-DD[THH:MM] (default: now)")
    e.add_argument("--from", dest="date_from", help="first day received (YYYY-MM-DD)")
    e.add_argument("--to", dest="date_to", help="last day received (YYYY-MM-DD)")
    e.add_argument("--by", choices=["grid", "village", "cadre", "week"], default="grid")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_issues_sla)

    p = sub.add_parser("hotspots", help="Gi* hot/cold spots, emerging hot spots, weekly change")
    p.add_argument("project")
    p.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD; default all)")
    p.add_argument("--to", dest="date_to", help="last day (YYYY-MM-DD; default all)")
    p.add_argument("--level", choices=["small", "large", "micro"], default="small")
    p.add_argument("--category", action="append", help="only this category (repeatable)")
    p.add_argument("--value", choices=["count", "rate"], default="count",
                   help="Gi* on counts or on issues per 100 households")  # fmt: skip
    p.add_argument("--distance", type=float, help="distance-band weights (metres), not queen")
    p.add_argument("--permutations", type=int, default=99999)
    p.add_argument("--bin-days", type=int, default=7, help="days per time step (default 7)")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--html", help="write an offline HTML map")
    p.set_defaults(func=cmd_hotspots)

    # `gisgrid calendar show|import|set …`: the working-day calendar the office owns
    p = sub.add_parser(
        "calendar",
        help="working-day calendar: show it, import or enter the official holiday schedule",
        description=(
            "Deadlines count working days. Each year's schedule comes from the office's entry "
            "(import/set), else the chinese-calendar package, else the statutory holidays "
            "computed by rule (provisional: weekends rest, no make-up working days)."
        ),
    )
    cal_sub = p.add_subparsers(dest="calendar_cmd", required=True, metavar="ACTION")
    e = cal_sub.add_parser("show", help="where each year comes from; one year's holidays")
    e.add_argument("project")
    e.add_argument("--year", type=int, help="list this year's holidays and make-up workdays")
    e.add_argument("--json", action="store_true", help="print JSON (importable again)")
    e.set_defaults(func=cmd_calendar_show)
    e = cal_sub.add_parser(
        "import",
        help="import the State Council's schedule (CSV, XLSX or JSON)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Each year that has a date in FILE becomes the office's schedule for that year,\n"
            "as a whole (list every holiday and make-up working day of the year).\n\n"
            "CSV / XLSX: a header row and one row per date or range:\n"
            "  日期,类型,名称\n"
            "  2027-01-01,休,元旦\n"
            "  2027-02-05..2027-02-11,休,春节\n"
            "  2027-02-20,班,春节\n"
            "  日期 / date: 2027-02-05, 2027/2/5, 2027年2月5日, an Excel date, or a range\n"
            "               FIRST..LAST (also ~ or 至)\n"
            "  类型 / kind: 休 放假 holiday rest = rest day; 班 上班 补班 workday = working day\n"
            "  名称 / name: optional holiday name\n"
            'JSON: [{"date": "2027-02-05..2027-02-11", "kind": "holiday", "name": "春节"}],\n'
            '  or {"2027-02-20": "班", ...}, or what `calendar show --json` prints.'
        ),
    )  # fmt: skip
    e.add_argument("project")
    e.add_argument("file", help="CSV, XLSX or JSON file of dates with 休/班")
    e.add_argument("--sheet", help="worksheet of a workbook (default the first)")
    e.add_argument("--encoding", help="text encoding of a CSV (default detected)")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_calendar_import)
    e = cal_sub.add_parser(
        "set",
        help="make a date a rest day or a working day, or clear it",
        description=(
            "holiday: a rest day; workday: a working day (调休上班); clear: no entry, an "
            "ordinary day (Mon-Fri working, Sat-Sun rest). A year the office had not entered "
            "is first copied from the package or the computed rules. DATE YYYY with clear "
            "removes the office's whole schedule of that year."
        ),
    )
    e.add_argument("project")
    e.add_argument("date", help="YYYY-MM-DD, a range FIRST..LAST, or YYYY (with clear)")
    e.add_argument("kind", choices=["holiday", "workday", "clear"])
    e.add_argument("--name", default="", help="holiday name to store, e.g. 春节")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_calendar_set)

    p = sub.add_parser("unlock", help="break a project's lock left by a closed program")
    p.add_argument("project")
    p.add_argument(
        "--force", action="store_true", help="also when its holder still runs on this computer"
    )
    p.set_defaults(func=cmd_unlock)

    # `gisgrid report weekly …`: the 周调度 meeting pack and the monthly ranking
    p = sub.add_parser("report", help="meeting packs: weekly (周调度) and monthly ranking")
    report_sub = p.add_subparsers(dest="report_kind", required=True, metavar="KIND")
    e = report_sub.add_parser("weekly", help="HTML + A4 PDF + Excel ledger for one week/month")
    e.add_argument("project")
    period = e.add_mutually_exclusive_group(required=True)
    period.add_argument("--week", help="ISO week, e.g. 2026-W47")
    period.add_argument("--month", help="month for the monthly ranking, e.g. 2026-11")
    e.add_argument("--out", required=True, help="output folder")
    e.add_argument("--show-contacts", action="store_true", help="names and phones unmasked")
    e.add_argument("--no-html", action="store_true", help="write only the PDF and the workbook")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_report_weekly)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gisgrid`` command; returns the exit code (2 for a user-facing error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GisgridError as exc:
        print(f"gisgrid: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gisgrid: interrupted; nothing was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `gisgrid info P | head -1`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the system refused a file no writer turned into a message
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            f"gisgrid: error: {where}{exc.strerror or exc}; check the path, that its folder is "
            "writable and that the disk has space",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
