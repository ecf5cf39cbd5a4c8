"""Optional XYZ tile basemap (Tianditu, OpenStreetMap …) under the map layers.

Off by default: the app works offline. Tiles are Web Mercator; each is drawn into the quad its
corners make in the canvas's Gauss-Krüger frame (over a tile the difference from the exact
reprojection is far below a pixel). Tiles are fetched asynchronously with Qt's network
manager, kept on disk by ``QNetworkDiskCache`` and in memory by an LRU dictionary; a tile
that cannot be fetched is simply not drawn, and the first failure is reported once.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

import numpy as np
from gisgrid.ui.canvas.viewport import Viewport
from pyproj import Transformer
from PyQt6.QtCore import QObject, QPointF, QStandardPaths, QUrl, pyqtSignal
from PyQt6.QtGui import QImage, QPainter, QPolygonF, QTransform
from PyQt6.QtNetwork import (
    QNetworkAccessManager,
    QNetworkDiskCache,
    QNetworkReply,
    QNetworkRequest,
)

from gisgrid.errors import InputError

TILE_PIXELS = 256
EARTH_RES0 = 156543.03392804097  # metres per pixel of zoom 0 at the equator
MAX_TILES = 64  # never ask for more tiles than this for one view
MAX_ZOOM = 18
USER_AGENT = b"gisgrid/0.1 (township grid office desktop GIS)"


def tile_zoom(res: float, lat: float) -> int:
    """XYZ zoom level whose pixels are closest to ``res`` metres at latitude ``lat``.

    Examples
    --------
    >>> tile_zoom(2.0, 37.0)
    16
    """
    z = math.log2(EARTH_RES0 * math.cos(math.radians(lat)) / res)
    return int(min(max(round(z), 0), MAX_ZOOM))


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional XYZ tile coordinates of ``(lon, lat)`` at zoom ``z``."""
    n = 2**z
    lat = min(max(lat, -85.05112878), 85.05112878)
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def tile_to_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    """Lon/lat of the tile-grid point ``(x, y)`` (a tile corner for integers) at zoom ``z``."""
    n = 2**z
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, lat


class TileBasemap(QObject):
    """XYZ tiles for the canvas.

    Parameters
    ----------
    url : str
        Template with ``{z}``, ``{x}``, ``{y}`` (and optionally ``{s}``), e.g.
        ``https://tile.openstreetmap.org/{z}/{x}/{y}.png`` or a ``file://`` folder.
    cache_dir : path, optional
        Disk cache folder (default: the user's cache folder / ``tiles``).
    """

    tileLoaded = pyqtSignal()
    failed = pyqtSignal(str)

    def __init__(self, url: str, cache_dir: str | Path | None = None, parent=None) -> None:
        super().__init__(parent)
        if "{z}" not in url or "{x}" not in url or "{y}" not in url:
            raise InputError(
                f"tile URL {url!r} needs {{z}}, {{x}} and {{y}} placeholders, e.g. "
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
            )
        self.url = url
        self._net = QNetworkAccessManager(self)
        if cache_dir is None:
            base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
            cache_dir = Path(base or Path.home() / ".cache" / "gisgrid") / "tiles"
        cache = QNetworkDiskCache(self)
        cache.setCacheDirectory(str(cache_dir))
        cache.setMaximumCacheSize(512 * 1024 * 1024)
        self._net.setCache(cache)
        self._tiles: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self._pending: set[tuple[int, int, int]] = set()
        self._missing: set[tuple[int, int, int]] = set()
        self._reported = False
        self.requests = 0  # how many tiles were asked of the network (tests read it)

    def tile_url(self, z: int, x: int, y: int) -> str:
        """Return the URL of tile ``(z, x, y)``."""
        return self.url.format(z=z, x=x, y=y, s="abc"[(x + y) % 3])

    def wanted(
        self, view: Viewport, width: int, height: int, to_lonlat: Transformer, origin: np.ndarray
    ) -> list[tuple[int, int, int]]:
        """Tiles ``(z, x, y)`` covering the view, at most :data:`MAX_TILES`."""
        minx, miny, maxx, maxy = view.extent(width, height)
        lon0, lat0, lon1, lat1 = to_lonlat.transform_bounds(
            minx + origin[0], miny + origin[1], maxx + origin[0], maxy + origin[1]
        )
        z = tile_zoom(view.res, (lat0 + lat1) / 2)
        while True:
            x0, y0 = lonlat_to_tile(lon0, lat1, z)
            x1, y1 = lonlat_to_tile(lon1, lat0, z)
            xs = range(max(int(x0), 0), min(int(x1), 2**z - 1) + 1)
            ys = range(max(int(y0), 0), min(int(y1), 2**z - 1) + 1)
            if len(xs) * len(ys) <= MAX_TILES or z == 0:
                return [(z, x, y) for y in ys for x in xs]
            z -= 1

    def paint(
        self,
        painter: QPainter,
        view: Viewport,
        width: int,
        height: int,
        to_metric: Transformer,
        to_lonlat: Transformer,
        origin: np.ndarray,
    ) -> None:
        """Draw the tiles already loaded for this view; request the others."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for key in self.wanted(view, width, height, to_lonlat, origin):
            image = self._tiles.get(key)
            if image is None:
                self._request(key)
                continue
            self._tiles.move_to_end(key)
            z, x, y = key
            corners = [
                tile_to_lonlat(x + dx, y + dy, z) for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))
            ]
            lon, lat = zip(*corners)
            gx, gy = to_metric.transform(np.array(lon), np.array(lat))
            xy = np.column_stack([np.asarray(gx) - origin[0], np.asarray(gy) - origin[1]])
            screen = view.to_screen(xy, width, height)
            target = QPolygonF([QPointF(float(a), float(b)) for a, b in screen])
            w, h = float(image.width()), float(image.height())
            source = QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)])
            transform = QTransform()
            if QTransform.quadToQuad(source, target, transform):
                painter.setTransform(transform)
                painter.drawImage(QPointF(0, 0), image)
                painter.resetTransform()
        painter.restore()

    def _request(self, key: tuple[int, int, int]) -> None:
        if key in self._pending or key in self._missing:
            return
        self._pending.add(key)
        request = QNetworkRequest(QUrl(self.tile_url(*key)))
        request.setRawHeader(b"User-Agent", USER_AGENT)
        request.setAttribute(
            QNetworkRequest.Attribute.CacheLoadControlAttribute,
            QNetworkRequest.CacheLoadControl.PreferCache,
        )
        reply = self._net.get(request)
        self.requests += 1
        reply.finished.connect(lambda: self._finished(key, reply))

    def _finished(self, key: tuple[int, int, int], reply: QNetworkReply) -> None:
        self._pending.discard(key)
        data = reply.readAll()
        error = reply.error()
        reply.deleteLater()
        image = QImage()
        if error != QNetworkReply.NetworkError.NoError or not image.loadFromData(data):
            self._missing.add(key)
            if not self._reported:
                self._reported = True
                reason = reply.errorString() or "not an image"
                self.failed.emit(self.tr("Basemap tiles could not be loaded: {0}").format(reason))
            return
        self._tiles[key] = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        while len(self._tiles) > 512:
            self._tiles.popitem(last=False)
        self.tileLoaded.emit()

    @property
    def loaded(self) -> int:
        """Number of tiles held in memory."""
        return len(self._tiles)

    @property
    def busy(self) -> bool:
        """Whether tiles are still being fetched."""
        return bool(self._pending)
