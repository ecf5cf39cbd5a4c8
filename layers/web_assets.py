"""Local copies of the JavaScript and CSS an offline web map needs, ready to inline.

Leaflet 1.9.3 comes from the PyPI package ``XStatic-Leaflet``, Leaflet.markercluster from
``XStatic-Leaflet-MarkerCluster``, and Leaflet.heat from folium's own ``templates`` folder.
Images that Leaflet's CSS and default marker icon load from ``images/…png`` become data URIs,
so a saved page needs no network and no files beside it.
"""

from __future__ import annotations

import base64
import functools
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from gisgrid.errors import InputError


@dataclass(frozen=True)
class Asset:
    """One script or stylesheet to inline: ``kind`` is ``"js"`` or ``"css"``."""

    name: str
    kind: str
    text: str


def _package_dir(module: str, pip_name: str) -> Path:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"offline web maps need the Python package {pip_name}; install it with "
            f"`pip install {pip_name}`"
        ) from None
    base = getattr(mod, "BASE_DIR", None)
    return Path(base) if base else Path(mod.__file__).parent


def _read(folder: Path, name: str) -> str:
    path = folder / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"offline web maps: cannot read {path} ({exc.strerror})") from exc


def data_uri(path: Path) -> str:
    """Return the ``data:`` URI of an image file (PNG, SVG, GIF)."""
    mime = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}.get(
        path.suffix.lower(), "application/octet-stream"
    )
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _folium_templates() -> Path:
    return _package_dir("folium", "folium") / "templates"


def _leaflet_dir() -> Path:
    return _package_dir("xstatic.pkg.leaflet", "XStatic-Leaflet")


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace ``url(images/x.png)`` references in ``css`` by data URIs."""

    def repl(match: re.Match) -> str:
        target = folder / match.group(2)
        if not target.exists():
            return match.group(0)
        return f'url("{data_uri(target)}")'

    return re.sub(r"url\((['\"]?)(images/[^'\")]+)\1\)", repl, css)


def script_safe(text: str) -> str:
    r"""Return JavaScript or CSS text that can sit inside a ``<script>``/``<style>`` element.

    ``</`` cannot end the element early once written ``<\\/``: the same string to JavaScript
    (in Leaflet and its plugins it only occurs inside string literals).
    """
    return text.replace("</", "<\\/")


@functools.cache
def asset(name: str) -> Asset:
    """Return the local copy of folium's resource ``name`` (as named in its ``default_js/css``).

    Raises
    ------
    KeyError
        If gisgrid has no local copy of that resource.
    """
    leaflet = _leaflet_dir
    cluster = functools.partial(
        _package_dir, "xstatic.pkg.leaflet_markercluster", "XStatic-Leaflet-MarkerCluster"
    )
    table = {
        "leaflet": ("js", lambda: _read(leaflet(), "leaflet.js")),
        "leaflet_css": (
            "css",
            lambda: _inline_css_images(_read(leaflet(), "leaflet.css"), leaflet()),
        ),
        "leaflet_icons": ("js", _default_icon_script),
        "markerclusterjs": ("js", lambda: _read(cluster(), "leaflet.markercluster.js")),
        "markerclustercss": ("css", lambda: _read(cluster(), "MarkerCluster.css")),
        "markerclusterdefaultcss": ("css", lambda: _read(cluster(), "MarkerCluster.Default.css")),
        "leaflet-heat.js": ("js", lambda: _read(_folium_templates(), "leaflet_heat.min.js")),
    }
    kind, load = table[name]
    return Asset(name, kind, script_safe(load()))


def _default_icon_script() -> str:
    # Leaflet finds its marker images through a CSS url it then strips to a folder; a data URI
    # defeats that, so the default icon is given its images directly.
    images = _leaflet_dir() / "images"
    options = {
        "iconUrl": data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": data_uri(images / "marker-shadow.png"),
    }
    body = ", ".join(f'{k}: "{v}"' for k, v in options.items())
    return f"L.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions({{{body}}});"


#: Resources folium's Map asks for that a map built from gisgrid's elements never uses.
UNUSED: frozenset[str] = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)

#: Assets that must come right after another one (the icon fix needs Leaflet loaded).
FOLLOWERS: dict[str, tuple[str, ...]] = {"leaflet": ("leaflet_icons",)}
