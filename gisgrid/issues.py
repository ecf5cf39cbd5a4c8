"""Citizen issues: import, categories and the closed loop, in one place for callers.

The work lives in short modules; this one gathers their public names:

* :mod:`gisgrid.issue_import` — reading 12345/patrol/visit/Open311 records into the project,
  de-duplicated by ticket id, located by coordinates or address, joined to grids;
* :mod:`gisgrid.issue_fields` — header synonyms, times, status texts, category mapping;
* :mod:`gisgrid.closed_loop` — contact and working-day deadlines, overdue cases, 办结率,
  repeat complaints, per grid, village, cadre and week;
* :mod:`gisgrid.workdays` — China's official working-day calendar.
"""

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
    "map_categories",
    "map_status",
    "merge_issues",
    "summarise",
]
