"""Citizen issues: import, categories and the closed loop, in one place for callers.

The work lives in short modules; this one gathers their public names:

* :mod:`gisgrid.issue_import` — reading 12345/patrol/visit/Open311 records into the project,
  de-duplicated by ticket id, located by coordinates or address, joined to grids;
* :mod:`gisgrid.issue_fields` — header synonyms, times, status texts, category mapping;
* :mod:`gisgrid.closed_loop` — contact and working-day deadlines, overdue cases, 办结率,
  repeat complaints, per grid, village, cadre and week;
* :mod:`gisgrid.workdays` — China's official working-day calendar.
"""

from pathlib import Path

from gisgrid.closed_loop import (
    ClosedLoopParams,
    ClosedLoopResult,
    closed_loop,
    evaluate,
    summarise,
)
from gisgrid.issue_fields import (
    OTHER,
    check_category_mapping,
    default_category_mapping,
    map_categories,
    map_status,
)
from gisgrid.issue_import import (
    IssueImportOptions,
    IssueImportReport,
    import_issues,
    merge_issues,
)

__all__ = [
    "OTHER",
    "ClosedLoopParams",
    "ClosedLoopResult",
    "IssueImportOptions",
    "IssueImportReport",
    "check_category_mapping",
    "closed_loop",
    "default_category_mapping",
    "evaluate",
    "import_issues",
    "load_category_mapping",
    "map_categories",
    "map_status",
    "merge_issues",
    "summarise",
]


def load_category_mapping(path: str | Path, categories: list[str]) -> dict[str, list[str]]:
    """Read a category mapping file (JSON or TOML: ``{"人居环境": ["垃圾", "环境卫生"]}``).

    Raises
    ------
    InputError
        If the file is unreadable, malformed, or names a category the project lacks.
    """
    import json
    import tomllib

    from gisgrid.errors import InputError

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"category mapping {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"category mapping {path}: save it as UTF-8 text") from None
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"category mapping {path}: not valid JSON/TOML ({exc})") from None
    return check_category_mapping(data, categories, str(path))
