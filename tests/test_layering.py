"""The house rule, enforced: the core never imports Qt, folium, layers or ui; layers never Qt;
the CLI (a front end) may use layers lazily but never Qt.

import-linter cannot see ``layers/`` and ``ui/`` (they install into the ``gisgrid`` namespace
from folders outside ``gisgrid/``), so the imports are read from the source with ``ast``, and
a subprocess imports every core module and checks that no Qt module was loaded.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_FORBIDDEN = ("PyQt6", "PySide6", "folium", "branca", "gisgrid.layers", "gisgrid.ui")
LAYERS_FORBIDDEN = ("PyQt6", "PySide6", "gisgrid.ui")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _violations(folder: str, forbidden: tuple[str, ...], skip: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if str(path.relative_to(ROOT)) in skip:
            continue
        for line, module in _imports(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


# The command line is a front end like the app: it may put the core and the map layers
# together (lazily, inside its commands), but never touches Qt.
CLI = "gisgrid/cli.py"
CLI_FORBIDDEN = ("PyQt6", "PySide6", "gisgrid.ui")


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("gisgrid", CORE_FORBIDDEN), ("sample_data", CORE_FORBIDDEN), ("layers", LAYERS_FORBIDDEN)],
)
def test_forbidden_imports(folder, forbidden):
    assert _violations(folder, forbidden, skip=(CLI,)) == []


def test_cli_imports_layers_only_inside_commands():
    tree = ast.parse((ROOT / CLI).read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    modules = [a.name for n in top_level if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module for n in top_level if isinstance(n, ast.ImportFrom) and n.module]
    assert not [m for m in modules if m.startswith(("gisgrid.layers", "folium"))]
    assert _violations("gisgrid", CLI_FORBIDDEN) == []


def test_core_modules_load_without_qt():
    modules = sorted(
        "gisgrid." + ".".join(p.relative_to(ROOT / "gisgrid").with_suffix("").parts)
        for p in (ROOT / "gisgrid").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        "sys.modules['PyQt6'] = None  # any Qt import now fails loudly\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "loaded = [m for m, v in sys.modules.items() if v is not None]\n"
        "print(sorted(m for m in loaded if m.startswith(('PyQt6', 'folium'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
