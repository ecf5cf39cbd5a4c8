"""Corpus families for vector files: Shapefile bundles, GeoJSON and GeoPackage."""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from corpus import LAT0, LON0, Entry
from formats import (
    MULTIPOINT,
    NULL,
    POINT,
    POLYGON,
    POLYLINE,
    PRJ_CGCS2000,
    PRJ_GK40,
    dbf,
    shp_shx,
)

NAMES = ["张家庄村", "东关社区", "鑫源村", "李家屯村"]  # 鑫 is in GBK but not GB2312
NAN, INF = float("nan"), float("inf")


def square(i: int, size: float = 0.004) -> list[tuple[float, float]]:
    """Return the closed ring of made-up village ``i`` inside the runner's project."""
    x, y = LON0 + 0.005 * (i % 3), LAT0 + 0.004 * (i // 3 % 2)
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]


def point(i: int) -> list[tuple[float, float]]:
    """Return the one-vertex part of made-up household ``i``."""
    return [(LON0 + 0.001 + 0.003 * (i % 6), LAT0 + 0.001 + 0.001 * (i % 8))]


def _fields_rows(n: int, encoding: str = "gbk", names: list[bytes] | None = None):
    fields = [("NAME", "C", 40), ("CODE", "C", 12), ("HH", "N", 6)]
    texts = names or [NAMES[i % len(NAMES)].encode(encoding) for i in range(n)]
    rows = [[texts[i % len(texts)], f"3705231032{i:02d}".encode(), str(10 + i).encode()]
            for i in range(n)]
    return fields, rows


def bundle(stem: str, shapes, *, encoding: str = "gbk", cpg: bytes | None = None,
           prj: bytes | None = PRJ_CGCS2000.encode(), names: list[bytes] | None = None,
           ldid: int = 0, header_kind: int | None = None) -> dict[str, bytes | None]:
    """Return the files of a shapefile: ``stem.shp/.shx/.dbf`` (+ ``.cpg``, ``.prj``)."""
    shp, shx = shp_shx(shapes, header_kind)
    fields, rows = _fields_rows(len(shapes), encoding, names)
    files: dict[str, bytes | None] = {
        f"{stem}.shp": shp, f"{stem}.shx": shx, f"{stem}.dbf": dbf(fields, rows, ldid)
    }
    if cpg is not None:
        files[f"{stem}.cpg"] = cpg
    if prj is not None:
        files[f"{stem}.prj"] = prj
    return files


def polygons(n: int = 4) -> list:
    """Return ``n`` square polygon shapes."""
    return [(POLYGON, [square(i)]) for i in range(n)]


def points(n: int = 6) -> list:
    """Return ``n`` point shapes."""
    return [(POINT, [point(i)]) for i in range(n)]


def _shp(name, desc, target, files, **kw) -> Entry:
    main = next(k for k in files if k.endswith(".shp"))
    return Entry(name, desc, target, files, main=main, **kw)


def truncated(rng: random.Random) -> Iterator[Entry]:
    """Shapefile parts cut off at many offsets."""
    for kind, shapes, target in (("poly", polygons(), "villages"), ("pt", points(), "households")):
        base = bundle("村界" if kind == "poly" else "住户", shapes)
        for part in (".shp", ".shx", ".dbf"):
            name = next(k for k in base if k.endswith(part))
            data = base[name]
            cuts = sorted({0, 1, 10, 31, 32, 33, 50, 99, 100, 101, 108, len(data) // 2,
                           len(data) - 9, len(data) - 1} | {rng.randrange(1, len(data))})
            for cut in cuts:
                if not 0 <= cut < len(data):
                    continue
                files = dict(base)
                files[name] = data[:cut]
                yield _shp(f"shp-{kind}-trunc{part[1:]}-{cut}",
                           f"{kind} shapefile with {part} cut to {cut} of {len(data)} bytes",
                           target, files)


def missing_parts() -> Iterator[Entry]:
    """Shapefiles with parts missing or in upper case."""
    base = bundle("村界", polygons())
    for drop in ((".shx",), (".dbf",), (".shx", ".dbf"), (".prj",), (".shp",)):
        files = {k: v for k, v in base.items() if not k.endswith(drop)}
        if drop == (".shp",):
            yield Entry("shp-missing-shp", "only .shx/.dbf/.prj; the .shp named is absent",
                        "villages", files | {"村界.txt": b"see shp"}, main="村界.shp")
            continue
        yield _shp(f"shp-missing-{'-'.join(d[1:] for d in drop)}",
                   f"polygon shapefile without {' and '.join(drop)}", "villages", files)
    files = {k.upper(): v for k, v in base.items()}
    files = {k.replace(".SHP", ".shp"): v for k, v in files.items()}
    yield _shp("shp-upper-sidecars", "sidecars with upper-case extensions", "villages", files)


def encodings(rng: random.Random) -> Iterator[Entry]:
    """Yield .dbf text in GBK, UTF-8, mixed or garbage, with honest, lying or no .cpg."""
    utf8 = [NAMES[i % 4].encode("utf-8") for i in range(4)]
    gbk = [NAMES[i % 4].encode("gbk") for i in range(4)]
    mixed = [gbk[0], utf8[1], gbk[2], utf8[3]]
    junk = [bytes(rng.randrange(128, 256) for _ in range(30)) for _ in range(4)]
    big5 = [n.encode("big5", errors="replace") for n in ("張家莊村", "東關社區", "李家屯", "王村")]
    utf16 = [n.encode("utf-16") for n in NAMES]
    cases = [
        ("gbk-nocpg", gbk, None, 0, "GBK text, no .cpg"),
        ("gbk-cpg", gbk, b"GBK", 0, "GBK text, .cpg GBK"),
        ("gbk-cpg-utf8", gbk, b"UTF-8", 0, "GBK text, lying .cpg UTF-8"),
        ("utf8-cpg-gbk", utf8, b"GBK", 0, "UTF-8 text, lying .cpg GBK"),
        ("utf8-nocpg", utf8, None, 0, "UTF-8 text, no .cpg"),
        ("mixed-nocpg", mixed, None, 0, "GBK and UTF-8 rows mixed, no .cpg"),
        ("mixed-cpg-utf8", mixed, b"UTF-8", 0, "GBK and UTF-8 rows mixed, .cpg UTF-8"),
        ("junk-nocpg", junk, None, 0, "random high bytes as text, no .cpg"),
        ("junk-cpg-gbk", junk, b"GBK", 0, "random high bytes, .cpg GBK"),
        ("cpg-936", gbk, b"936", 0, ".cpg with code page number 936"),
        ("cpg-65001-gbk", gbk, b"65001", 0, ".cpg 65001 (UTF-8) over GBK text"),
        ("cpg-garbage", gbk, b"\xff\xfe\x00zz\x00", 0, ".cpg holding binary garbage"),
        ("cpg-unknown", gbk, b"klingon-8", 0, ".cpg naming an unknown codec"),
        ("cpg-empty", gbk, b"", 0, "empty .cpg"),
        ("cpg-huge", gbk, b"GBK" * 20000, 0, ".cpg of 60 kB"),
        ("ldid-gbk-utf8", utf8, None, 0x4D, "language byte says GBK, text is UTF-8"),
        ("ldid-big5-gbk", gbk, None, 0x4F, "language byte says Big5, text is GBK"),
        ("big5-nocpg", big5, None, 0, "Big5 text, no .cpg"),
        ("utf16-nocpg", utf16, None, 0, "UTF-16 text with NULs in fields"),
        ("cpg-utf16", gbk, b"UTF-16", 0, ".cpg naming UTF-16 over GBK"),
    ]
    for name, texts, cpg, ldid, desc in cases:
        yield _shp(f"dbf-{name}", desc, "villages",
                   bundle("村界", polygons(), cpg=cpg, names=texts, ldid=ldid))
    yield _shp("dbf-gbk-with-encoding-utf8", "GBK .dbf with the option encoding=utf-8",
               "villages", bundle("村界", polygons()), options={"encoding": "utf-8"})
    yield _shp("dbf-encoding-option-unknown", "option encoding names no codec", "villages",
               bundle("村界", polygons()), options={"encoding": "no-such-codec"})


def coordinates() -> Iterator[Entry]:
    """Non-finite, huge, swapped and projected coordinates."""
    bad_values = {"nan": NAN, "inf": INF, "-inf": -INF, "1e308": 1e308, "-1e308": -1e308,
                  "5e-324": 5e-324, "zero": 0.0}  # fmt: skip
    for label, v in bad_values.items():
        pts = points()
        pts[1] = (POINT, [[(v, LAT0)]])
        pts[2] = (POINT, [[(LON0, v)]])
        yield _shp(f"shp-pt-{label}", f"points with {label} in x and y of two features",
                   "households", bundle("住户", pts))
        allbad = [(POINT, [[(v, v)]]) for _ in range(3)]
        yield _shp(f"shp-pt-all-{label}", f"every point at ({label}, {label})", "households",
                   bundle("住户", allbad))
        polys = polygons()
        ring = square(1)
        ring[2] = (v, v)
        polys[1] = (POLYGON, [ring])
        yield _shp(f"shp-poly-{label}", f"a polygon vertex at ({label}, {label})", "villages",
                   bundle("村界", polys))
    swapped = [(POINT, [[(y, x)]]) for (x, y), in (point(i) for i in range(6))]
    yield _shp("shp-pt-swapped", "points with lat/lon swapped", "households",
               bundle("住户", swapped))
    gk = [(POINT, [[(40_500_000 + 60_000 + i * 50.0, 4_085_000 + i * 40.0)]]) for i in range(6)]
    yield _shp("shp-gk-prj", "GK zone 40 points with a matching .prj", "households",
               bundle("住户", gk, prj=PRJ_GK40.encode()))
    yield _shp("shp-gk-noprj", "GK zone 40 points (zone-prefixed), no .prj", "households",
               bundle("住户", gk, prj=None))
    plain = [(POINT, [[(560_000 + i * 50.0, 4_085_000 + i * 40.0)]]) for i in range(6)]
    yield _shp("shp-gk-nozone", "GK points without zone number, no .prj", "households",
               bundle("住户", plain, prj=None))
    yield _shp("shp-gk-prj-lonlat", ".prj says lon/lat, numbers are GK metres", "households",
               bundle("住户", gk))
    yield _shp("shp-lonlat-prj-gk", ".prj says GK metres, numbers are lon/lat", "households",
               bundle("住户", points(), prj=PRJ_GK40.encode()))
    for label, prj in (("garbage", b"\x00\xffGEOGCS[[[[" * 50), ("empty", b""),
                       ("epsg3857", b'PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84"]]'),
                       ("huge", b"GEOGCS[" * 30000), ("utf16", PRJ_CGCS2000.encode("utf-16"))):
        yield _shp(f"shp-prj-{label}", f".prj holding {label}", "villages",
                   bundle("村界", polygons(), prj=prj))
    yield _shp("shp-outside-china", "points in Europe (lon 2, lat 48)", "households",
               bundle("住户", [(POINT, [[(2.0 + i, 48.0)]]) for i in range(4)]))
    yield _shp("shp-crs-option-bad", "option crs is not a CRS", "households",
               bundle("住户", points()), options={"crs": "EPSG:99999999"})
    yield _shp("shp-crs-option-gk", "lon/lat points with option crs EPSG:4549", "households",
               bundle("住户", points()), options={"crs": "EPSG:4549"})
    yield _shp("shp-coords-gcj02", "lon/lat points with option coords gcj02", "households",
               bundle("住户", points()), options={"coords": "gcj02"})


def geometries() -> Iterator[Entry]:
    """Empty, mixed, self-intersecting, unclosed and degenerate shapes."""
    x, y = LON0 + 0.001, LAT0 + 0.001
    bowtie = [(x, y), (x + 0.003, y + 0.003), (x + 0.003, y), (x, y + 0.003), (x, y)]
    spike = [(x, y), (x + 0.003, y), (x + 0.0015, y + 0.003), (x + 0.0015, y - 0.002),
             (x + 0.0015, y + 0.003), (x, y)]
    unclosed = square(2)[:-1]
    cases = {
        "bowtie": ([(POLYGON, [bowtie])] + polygons(3), "a bow-tie polygon"),
        "spike": ([(POLYGON, [spike])] + polygons(2), "a polygon with a spike"),
        "unclosed": ([(POLYGON, [unclosed])] + polygons(2), "an unclosed ring"),
        "two-points": ([(POLYGON, [square(0)[:2]])] + polygons(2), "a 2-vertex ring"),
        "one-point": ([(POLYGON, [square(0)[:1]])] + polygons(2), "a 1-vertex ring"),
        "null-shapes": ([(NULL, [])] * 3 + polygons(2), "three null shapes among polygons"),
        "all-null": ([(NULL, [])] * 4, "only null shapes"),
        "hole-outside": ([(POLYGON, [square(0), square(4)])] + polygons(2),
                         "a hole lying outside its shell"),
        "mixed-types": ([(POINT, [point(0)]), (POLYGON, [square(1)]),
                         (POLYLINE, [square(2)]), (MULTIPOINT, [point(3) + point(4)])],
                        "points, polygons and lines in one file"),
        "lines-closed": ([(POLYLINE, [square(i)]) for i in range(3)], "closed polylines"),
        "lines-open": ([(POLYLINE, [square(i)[:3]]) for i in range(3)], "open polylines"),
        "multipoint": ([(MULTIPOINT, [point(i) + point(i + 1)]) for i in range(3)],
                       "multipoints for a polygon layer"),
        "duplicate": (polygons(2) * 3, "the same polygons three times (duplicate codes)"),
        "zero-area": ([(POLYGON, [[(x, y)] * 5])] + polygons(2), "a ring of one repeated point"),
        "many-parts": ([(POLYGON, [square(i) for i in range(6)] * 50)],
                       "one polygon with 300 overlapping parts"),
    }
    for name, (shapes, desc) in cases.items():
        yield _shp(f"geom-{name}", desc, "villages", bundle("村界", shapes))
    pts = {"poly-for-points": (polygons(3), "polygons imported as households"),
           "multipoint-for-points": ([(MULTIPOINT, [point(i)]) for i in range(3)],
                                     "single-point multipoints for households"),
           "mixed-for-points": ([(POINT, [point(0)]), (POLYGON, [square(1)]), (NULL, [])],
                                "point, polygon and null for households"),
           "dup-points": (points(3) * 4, "every point repeated four times")}
    for name, (shapes, desc) in pts.items():
        yield _shp(f"geom-{name}", desc, "households", bundle("住户", shapes))
    yield _shp("geom-header-type-lies", "header says Point, records are polygons", "villages",
               bundle("村界", polygons(), header_kind=POINT))


def geojson_entries(rng: random.Random) -> Iterator[Entry]:
    """Broken JSON, wrong types, deep nesting, BOM and odd numbers."""
    def fc(features):
        return {"type": "FeatureCollection", "features": features}

    def feat(geom, props=None):
        return {"type": "Feature", "properties": props or {"名称": "张家庄村", "编码": "1"},
                "geometry": geom}

    poly = {"type": "Polygon", "coordinates": [[list(p) for p in square(0)]]}
    good = json.dumps(fc([feat(poly), feat({"type": "Polygon",
                          "coordinates": [[list(p) for p in square(1)]]})]), ensure_ascii=False)
    raw = good.encode("utf-8")
    for cut in sorted({1, 10, 40, len(raw) // 2, len(raw) - 2, rng.randrange(2, len(raw))}):
        yield Entry(f"geojson-trunc-{cut}", f"GeoJSON cut at byte {cut}", "villages",
                    {"村界.geojson": raw[:cut]})
    texts = {
        "bom": (b"\xef\xbb\xbf" + raw, "UTF-8 BOM before the JSON"),
        "utf16": (good.encode("utf-16"), "UTF-16 with BOM"),
        "gbk": (good.encode("gbk"), "GBK-encoded JSON"),
        "null": (b"null", "the JSON value null"),
        "number": (b"42", "a bare number"),
        "string": (b'"FeatureCollection"', "a bare string"),
        "array": (b"[1,2,3]", "a top-level array"),
        "empty-object": (b"{}", "an empty object"),
        "empty-fc": (json.dumps(fc([])).encode(), "a FeatureCollection with no features"),
        "nan-literal": (good.replace("118.7", "NaN", 1).encode(), "a NaN literal coordinate"),
        "infinity": (good.replace("118.7", "Infinity", 1).encode(), "an Infinity literal"),
        "1e400": (good.replace("118.7", "1e400", 1).encode(), "a coordinate 1e400"),
        "deep-array": (b'{"type":"FeatureCollection","features":[{"type":"Feature",'
                       b'"properties":{},"geometry":{"type":"Polygon","coordinates":'
                       + b"[" * 50000 + b"]" * 50000 + b"}}]}", "coordinates nested 50,000 deep"),
        "deep-object": (b'{"a":' * 20000 + b"1" + b"}" * 20000, "objects nested 20,000 deep"),
        "features-object": (b'{"type":"FeatureCollection","features":{"a":1}}',
                            "features is an object"),
        "type-foo": (json.dumps(fc([feat({"type": "Foo", "coordinates": [1, 2]})])).encode(),
                     "geometry type Foo"),
        "coords-strings": (json.dumps(fc([feat({"type": "Point", "coordinates": ["a", "b"]})]))
                           .encode(), "coordinates as strings"),
        "coords-short": (json.dumps(fc([feat({"type": "Point", "coordinates": [118.7]})]))
                         .encode(), "a point with one number"),
        "null-geometry": (json.dumps(fc([feat(None), feat(None)])).encode(),
                          "features without geometry"),
        "geometry-only": (json.dumps(poly).encode(), "a bare Polygon, no FeatureCollection"),
        "crs-3857": (json.dumps({**fc([feat(poly)]), "crs": {"type": "name", "properties":
                     {"name": "EPSG:3857"}}}).encode(), "old-style crs member EPSG:3857"),
        "crs-garbage": (json.dumps({**fc([feat(poly)]), "crs": {"type": "name", "properties":
                        {"name": "urn:ogc:def:crs:EPSG::0"}}}).encode(), "crs naming EPSG:0"),
        "4d": (json.dumps(fc([feat({"type": "Point", "coordinates": [118.701, 36.901, 5, 7]})]))
               .encode(), "a 4-D point"),
        "props-array": (json.dumps(fc([feat(poly, [1, 2])])).encode(), "properties is a list"),
        "dup-keys": (good.replace('"名称": "张家庄村"', '"名称": "甲", "名称": "乙"').encode(),
                     "a property key repeated"),
        "binary": (bytes(rng.randrange(256) for _ in range(2000)), "random bytes"),
        "html": (b"<html><body>404 Not Found</body></html>", "an HTML error page"),
        "nul-inside": (raw[:60] + b"\0" * 20 + raw[60:], "NUL bytes inside the JSON"),
    }
    for name, (data, desc) in texts.items():
        yield Entry(f"geojson-{name}", f"GeoJSON: {desc}", "villages", {"村界.geojson": data})
    bowtie = [[118.701, 36.901], [118.704, 36.904], [118.704, 36.901], [118.701, 36.904],
              [118.701, 36.901]]
    mixed = fc([feat({"type": "Point", "coordinates": [118.701, 36.901]}), feat(poly),
                feat({"type": "LineString", "coordinates": bowtie}),
                feat({"type": "GeometryCollection", "geometries": []}),
                feat({"type": "Polygon", "coordinates": [bowtie]})])
    yield Entry("geojson-mixed", "GeoJSON with point, polygon, line, empty collection, bow-tie",
                "villages", {"村界.geojson": json.dumps(mixed).encode()})
    yield Entry("geojson-mixed-households", "the mixed GeoJSON imported as households",
                "households", {"住户.json": json.dumps(mixed).encode()})
    many_props = fc([feat(poly, {f"f{i}": i for i in range(3000)})])
    yield Entry("geojson-3000-props", "a feature with 3,000 properties", "villages",
                {"村界.geojson": json.dumps(many_props).encode()})


def _sqlite_bytes(statements: list[str]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sqlite"
        con = sqlite3.connect(path)
        for s in statements:
            con.execute(s)
        con.commit()
        con.close()
        return path.read_bytes()


def _gpkg_bytes(frames: dict[str, object]) -> bytes:
    import pyogrio

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.gpkg"
        for layer, frame in frames.items():
            pyogrio.write_dataframe(frame, path, layer=layer)
        return path.read_bytes()


def geopackage_entries(rng: random.Random) -> Iterator[Entry]:
    """GeoPackages that are not SQLite, are plain SQLite, are cut, or hold odd layers."""
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame({"名称": NAMES[:3]},
                             geometry=[shapely.Polygon(square(i)) for i in range(3)], crs=4490)
    good = _gpkg_bytes({"村界": frame})
    yield Entry("gpkg-text", "a .gpkg that is a text file", "villages",
                {"村界.gpkg": b"this is not a database\n" * 10})
    yield Entry("gpkg-sqlite-plain", "plain SQLite with one table, no GeoPackage tables",
                "villages", {"村界.gpkg": _sqlite_bytes(["create table t (a int)",
                                                        "insert into t values (1)"])})
    yield Entry("gpkg-sqlite-empty", "SQLite with no tables", "villages",
                {"村界.gpkg": _sqlite_bytes(["pragma user_version=1"])})
    for cut in (100, 1024, 4096, len(good) // 2, len(good) - 100):
        yield Entry(f"gpkg-trunc-{cut}", f"a GeoPackage cut at byte {cut}", "villages",
                    {"村界.gpkg": good[:cut]})
    noise = bytearray(good)
    for _ in range(200):
        noise[rng.randrange(100, len(noise))] = rng.randrange(256)
    yield Entry("gpkg-bitflips", "a GeoPackage with 200 random bytes changed", "villages",
                {"村界.gpkg": bytes(noise)})
    two = _gpkg_bytes({"a": frame, "b": frame})
    yield Entry("gpkg-two-layers", "two layers, none chosen", "villages", {"村界.gpkg": two})
    yield Entry("gpkg-layer-missing", "option layer names a layer that is not there",
                "villages", {"村界.gpkg": two}, options={"layer": "zzz"})
    bad = gpd.GeoDataFrame({"名称": ["甲", "乙", "丙"]}, geometry=[
        shapely.Polygon([(118.701, 36.901), (118.704, 36.904), (118.704, 36.901),
                         (118.701, 36.904)]), shapely.Polygon(), None], crs=4490)
    yield Entry("gpkg-invalid-geoms", "a bow-tie, an empty polygon and a null geometry",
                "villages", {"村界.gpkg": _gpkg_bytes({"村界": bad})})
    merc = frame.to_crs(3857)
    yield Entry("gpkg-web-mercator", "polygons in EPSG:3857", "villages",
                {"村界.gpkg": _gpkg_bytes({"村界": merc})})
    table = _sqlite_bytes(["create table gpkg_contents (table_name text)",
                           "insert into gpkg_contents values ('nothere')"])
    yield Entry("gpkg-contents-dangling", "gpkg_contents naming a missing table", "villages",
                {"村界.gpkg": table})


def entries(rng: random.Random) -> Iterator[Entry]:
    """Every vector family."""
    yield from truncated(rng)
    yield from missing_parts()
    yield from encodings(rng)
    yield from coordinates()
    yield from geometries()
    yield from geojson_entries(rng)
    yield from geopackage_entries(rng)
