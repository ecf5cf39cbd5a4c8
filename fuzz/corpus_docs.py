"""Corpus families for documents: KML/KMZ, zip archives, Excel, CSV, issue ledgers, junk."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Iterator

from corpus import LAT0, LON0, Entry
from corpus_vector import bundle, points, polygons
from formats import replace_member, xlsx_bytes, zip_bytes

KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'


def placemark(i: int, kind: str = "Polygon", coords: str | None = None) -> str:
    """Return a KML placemark (polygon or point) of a made-up village ``i``."""
    x, y = LON0 + 0.005 * (i % 3), LAT0 + 0.004 * (i // 3 % 2)
    if kind == "Point":
        text = coords or f"{x + 0.001},{y + 0.001},0"
        geom = f"<Point><coordinates>{text}</coordinates></Point>"
    else:
        ring = coords or " ".join(f"{a},{b},0" for a, b in
                                  ((x, y), (x + .004, y), (x + .004, y + .004), (x, y + .004),
                                   (x, y)))
        geom = (f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
                "</LinearRing></outerBoundaryIs></Polygon>")
    return (f"<Placemark><name>村{i}</name><ExtendedData><Data name=\"编码\"><value>37052310320"
            f"{i}</value></Data></ExtendedData>{geom}</Placemark>")


def kml(body: str, head: str = KML_HEAD) -> bytes:
    """Return a KML document around ``body``."""
    return f"{head}<Document><name>村界</name>{body}</Document></kml>".encode()


GOOD_KML = kml("".join(placemark(i) for i in range(4)))


def kml_entries(rng: random.Random) -> Iterator[Entry]:
    """Malformed XML, entity bombs, external entities, odd coordinates, deep folders."""
    for cut in sorted({5, 40, 120, len(GOOD_KML) // 2, len(GOOD_KML) - 3,
                       rng.randrange(6, len(GOOD_KML))}):
        yield Entry(f"kml-trunc-{cut}", f"KML cut at byte {cut}", "villages",
                    {"村界.kml": GOOD_KML[:cut]})
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    bombs = {
        "billion-laughs": (f'<?xml version="1.0"?><!DOCTYPE kml [{lol}]>'
                           '<kml><Document><name>&lol9;</name></Document></kml>',
                           "billion laughs entity expansion"),
        "quadratic": ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "' + "x" * 50000 + '">]>'
                      "<kml><Document><Placemark><name>" + "&a;" * 2000 + "</name></Placemark>"
                      "</Document></kml>", "quadratic blow-up: a 50 kB entity used 2,000 times"),
        "xxe-passwd": ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM '
                       '"file:///etc/passwd">]><kml><Document><Placemark><name>&x;</name>'
                       "<Point><coordinates>118.701,36.901</coordinates></Point></Placemark>"
                       "</Document></kml>", "external entity reading /etc/passwd"),
        "xxe-http": ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM '
                     '"http://127.0.0.1:9/evil">]><kml><Document><Placemark><name>&x;</name>'
                     "</Placemark></Document></kml>", "external entity over HTTP"),
        "xxe-parameter": ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY % p SYSTEM '
                          '"file:///etc/passwd"> %p;]><kml/>', "external parameter entity"),
        "dtd-external": ('<?xml version="1.0"?><!DOCTYPE kml SYSTEM "http://127.0.0.1:9/k.dtd">'
                         "<kml><Document/></kml>", "external DTD"),
        "entity-harmless": ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY v "张家庄村">]>'
                            + KML_HEAD.split("\n", 1)[1] + "<Document>"
                            + placemark(0).replace("村0", "&v;") + "</Document></kml>",
                            "one small internal entity"),
    }
    for name, (text, desc) in bombs.items():
        yield Entry(f"kml-{name}", f"KML: {desc}", "villages", {"村界.kml": text.encode()})
    odd = {
        "coords-text": placemark(0, coords="a,b,c d,e,f g,h,i j,k,l"),
        "coords-nan": placemark(0, coords="nan,nan nan,nan nan,nan nan,nan"),
        "coords-inf": placemark(0, "Point", coords="inf,-inf"),
        "coords-1e999": placemark(0, "Point", coords="1e999,36.9"),
        "coords-one-number": placemark(0, "Point", coords="118.7"),
        "coords-empty": placemark(0, "Point", coords=" "),
        "coords-swapped": placemark(0, "Point", coords=f"{LAT0 + .001},{LON0 + .001}"),
        "coords-huge-list": placemark(0, coords=" ".join(["118.7,36.9"] * 60000)),
        "unclosed-ring": placemark(0, coords="118.701,36.901 118.704,36.901 118.704,36.904"),
        "bowtie": placemark(0, coords="118.701,36.901 118.704,36.904 118.704,36.901 "
                                      "118.701,36.904 118.701,36.901"),
        "no-geometry": "<Placemark><name>空</name></Placemark>" * 3,
        "multi-mixed": ("<Placemark><name>混</name><MultiGeometry>"
                        + placemark(0).split("<Polygon>")[1].join(["<Polygon>", ""])
                        .split("</Placemark>")[0]
                        + "<Point><coordinates>118.701,36.901</coordinates></Point>"
                        "</MultiGeometry></Placemark>"),
        "dup-data-names": placemark(0).replace(
            "</ExtendedData>", '<Data name="编码"><value>dup</value></Data></ExtendedData>'),
        "data-no-name": placemark(0).replace('name="编码"', ""),
        "only-points": "".join(placemark(i, "Point") for i in range(4)),
    }
    for name, body in odd.items():
        yield Entry(f"kml-{name}", f"KML placemarks: {name.replace('-', ' ')}", "villages",
                    {"村界.kml": kml(body)})
    yield Entry("kml-points-households", "KML points imported as households", "households",
                {"住户.kml": kml("".join(placemark(i, "Point") for i in range(6)))})
    yield Entry("kml-polys-households", "KML polygons imported as households", "households",
                {"住户.kml": GOOD_KML})
    deep = "<Folder><name>f</name>" * 3000 + placemark(0) + "</Folder>" * 3000
    yield Entry("kml-deep-folders", "placemark inside 3,000 nested folders", "villages",
                {"村界.kml": kml(deep)})
    deep_multi = "<MultiGeometry>" * 3000 + "</MultiGeometry>" * 3000
    yield Entry("kml-deep-multigeometry", "3,000 nested MultiGeometry elements", "villages",
                {"村界.kml": kml(f"<Placemark><name>x</name>{deep_multi}</Placemark>")})
    yield Entry("kml-wrong-root", "XML whose root is <html>", "villages",
                {"村界.kml": b"<html><body>hi</body></html>"})
    yield Entry("kml-no-placemarks", "a valid KML with no placemarks", "villages",
                {"村界.kml": kml("")})
    gbk = GOOD_KML.decode().replace("UTF-8", "GBK").encode("gbk")
    yield Entry("kml-gbk-declared", "GBK bytes with encoding=GBK declared", "villages",
                {"村界.kml": gbk})
    yield Entry("kml-gbk-lying", "GBK bytes declared UTF-8", "villages",
                {"村界.kml": GOOD_KML.decode().encode("gbk")})
    yield Entry("kml-utf16", "UTF-16 KML", "villages",
                {"村界.kml": GOOD_KML.decode().replace("UTF-8", "UTF-16").encode("utf-16")})
    yield Entry("kml-folder-option", "option layer names a missing folder", "villages",
                {"村界.kml": GOOD_KML}, options={"layer": "nope"})


def _zip_raw_entry(name: str, data: bytes, declared: int | None = None,
                   method: int = 8, flags: int = 0, crc: int | None = None) -> bytes:
    """Return a one-entry zip written by hand, so sizes, CRC, method and flags can lie."""
    body = zlib.compress(data)[2:-4] if method == 8 else data
    crc = zlib.crc32(data) if crc is None else crc
    size = len(data) if declared is None else declared
    fname = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0, crc, len(body),
                        size, len(fname), 0) + fname
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0, crc,
                          len(body), size, len(fname), 0, 0, 0, 0, 0, 0) + fname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central),
                      len(local) + len(body), 0)
    return local + body + central + end


def kmz_entries(rng: random.Random) -> Iterator[Entry]:
    """Zip bombs, nested archives, many entries, traversal names, lying headers."""
    zeros = b"\0" * (40 * 2**20)
    cases = {
        "ok": (zip_bytes({"doc.kml": GOOD_KML}), "a valid KMZ"),
        "not-zip": (GOOD_KML, "a plain KML named .kmz"),
        "bomb-ratio": (zip_bytes({"doc.kml": KML_HEAD.encode() + zeros}),
                       "doc.kml of 40 MB of zeros (ratio ~1000:1)"),
        "bomb-declared-small": (_zip_raw_entry("doc.kml", GOOD_KML + b" " * (8 * 2**20),
                                               declared=len(GOOD_KML)),
                                "entry declaring 1 kB but inflating to 8 MB"),
        "bomb-declared-huge": (_zip_raw_entry("doc.kml", GOOD_KML, declared=2**32 - 1),
                               "entry declaring 4 GB"),
        "bad-crc": (_zip_raw_entry("doc.kml", GOOD_KML, crc=12345), "wrong CRC-32"),
        "encrypted": (_zip_raw_entry("doc.kml", GOOD_KML, method=0, flags=1),
                      "entry flagged as encrypted"),
        "method-99": (_zip_raw_entry("doc.kml", GOOD_KML, method=99),
                      "entry with compression method 99 (AES)"),
        "method-lzma": (zip_bytes({"doc.kml": GOOD_KML}, zipfile.ZIP_LZMA), "LZMA entry"),
        "nested": (zip_bytes({"inner.kmz": zip_bytes({"doc.kml": GOOD_KML})}),
                   "a KMZ inside the KMZ"),
        "nested-bomb": (zip_bytes({"a.zip": zip_bytes({f"{i}.kml": zeros[: 4 * 2**20]
                                                         for i in range(4)})}),
                        "a zip of 4 MB zero entries inside the KMZ"),
        "many-entries": (zip_bytes({f"f{i}.png": b"" for i in range(12000)} |
                                   {"doc.kml": GOOD_KML}), "12,000 entries"),
        "traversal": (zip_bytes({"../../../../tmp/evil.kml": GOOD_KML}),
                      "entry named ../../../../tmp/evil.kml"),
        "absolute": (zip_bytes({"/tmp/evil.kml": GOOD_KML}), "entry with an absolute name"),
        "no-kml": (zip_bytes({"image.png": b"\x89PNG"}), "no .kml inside"),
        "empty-zip": (zip_bytes({}), "an empty zip"),
        "kml-is-dir": (zip_bytes({"doc.kml/": b""}), "doc.kml is a folder entry"),
        "truncated": (zip_bytes({"doc.kml": GOOD_KML})[:-30], "zip cut before its end record"),
        "xxe-inside": (zip_bytes({"doc.kml": b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x '
                                  b'SYSTEM "file:///etc/passwd">]><kml><Document><Placemark>'
                                  b"<name>&x;</name></Placemark></Document></kml>"}),
                       "XXE inside the KMZ"),
    }
    for name, (data, desc) in cases.items():
        yield Entry(f"kmz-{name}", f"KMZ: {desc}", "villages", {"村界.kmz": data})


def zip_entries() -> Iterator[Entry]:
    """Zipped Shapefiles as sent by WeChat: traversal, several layers, bombs."""
    shp = bundle("村界", polygons())
    cases = {
        "shp-ok": (zip_bytes(shp), "a zipped shapefile"),
        "shp-no-dbf": (zip_bytes({k: v for k, v in shp.items() if not k.endswith(".dbf")}),
                       "a zipped shapefile without .dbf"),
        "traversal": (zip_bytes({f"../../{k}": v for k, v in shp.items()}),
                      "shapefile parts named ../../"),
        "two-layers": (zip_bytes(shp | {f"b{k}": v for k, v in shp.items()}),
                       "two shapefiles, none chosen"),
        "nested-zip": (zip_bytes({"inner.zip": zip_bytes(shp)}), "a zip inside the zip"),
        "bomb": (zip_bytes({"a.csv": b"0" * (40 * 2**20)}), "a 40 MB CSV of zeros"),
        "kmz-inside": (zip_bytes({"a.kmz": zip_bytes({"doc.kml": GOOD_KML})}),
                       "a KMZ inside the zip"),
        "subfolders": (zip_bytes({f"dir/{k}": v for k, v in shp.items()}),
                       "the shapefile in a subfolder"),
        "split-folders": (zip_bytes({("a/" if k.endswith(".shp") else "b/") + k: v
                                     for k, v in shp.items()}), "the .shp apart from its parts"),
        "case-clash": (zip_bytes(shp | {"村界.SHP": b"junk"}), "村界.shp and 村界.SHP"),
        "declared-small": (_zip_raw_entry("a.csv", b"x,y\n" * 2**20, declared=10),
                           "a CSV entry declaring 10 bytes"),
    }
    for name, (data, desc) in cases.items():
        yield Entry(f"zip-{name}", f"zip: {desc}", "villages", {"村界.zip": data})


HOUSE_HEAD = ["户主", "联系电话", "地址", "经度", "纬度"]


def house_rows(n: int) -> list[list[object]]:
    """Return ``n`` household rows matching :data:`HOUSE_HEAD`."""
    return [[f"王{i}", f"1380000{i:04d}", f"张家庄村{i}号", LON0 + 0.001 + 0.0003 * (i % 60),
             LAT0 + 0.001 + 0.0001 * (i % 80)] for i in range(n)]


ISSUE_HEAD = ["工单编号", "受理时间", "问题类别", "诉求内容", "地址", "经度", "纬度", "办理状态"]


def issue_rows(n: int) -> list[list[object]]:
    """Return ``n`` 12345 ticket rows matching :data:`ISSUE_HEAD`."""
    return [[f"GD2024{i:05d}", f"2024-05-{1 + i % 28:02d} 09:{i % 60:02d}", "环境卫生",
             f"垃圾{i}", "张家庄村东1排", LON0 + 0.001 + 0.0002 * i, LAT0 + 0.001, "已办结"]
            for i in range(n)]


def xlsx_entries(rng: random.Random) -> Iterator[Entry]:
    """Formulas, merged cells, title rows, hidden and empty sheets, dates as numbers."""
    rows = [HOUSE_HEAD] + house_rows(8)
    formulas = [HOUSE_HEAD] + [["=HYPERLINK(\"http://evil\",\"王\")", "=cmd|' /C calc'!A0",
                                "=1/0", "=A1*2", "=NA()"]] + house_rows(3)
    merged_rows = [["住户台账", None, None, None, None]] + rows
    titles = [[f"第{i}行标题"] for i in range(40)] + rows
    dates = [ISSUE_HEAD] + [[r[0], 45400 + i + 0.4, *r[2:]] for i, r in enumerate(issue_rows(6))]
    issues_ok = [ISSUE_HEAD] + issue_rows(6)
    wide = [[f"c{i}" for i in range(3000)], list(range(3000))]
    big = [HOUSE_HEAD] + house_rows(20000)
    errors = [HOUSE_HEAD] + [["王", "#DIV/0!", "#REF!", "#VALUE!", "#N/A"]] + house_rows(2)
    books = {
        "ok": ({"住户": rows}, None, (), "households", "a valid ledger"),
        "formulas": ({"住户": formulas}, None, (), "households",
                     "formulas =HYPERLINK, =cmd|..., =1/0 (no cached values)"),
        "merged-header": ({"住户": merged_rows}, {"住户": ["A1:E1", "A2:A3"]}, (), "households",
                          "merged title and merged cells into the data"),
        "title-rows-40": ({"住户": titles}, None, (), "households",
                          "40 title rows before the header"),
        "empty-sheet": ({"Sheet1": []}, None, (), "households", "one empty sheet"),
        "header-only": ({"住户": [HOUSE_HEAD]}, None, (), "households", "header with no rows"),
        "hidden-data": ({"空": [], "住户": rows}, None, ("住户",), "households",
                        "the data on a hidden sheet, the visible one empty"),
        "dates-numbers": ({"工单": dates}, None, (), "issues", "receipt times as Excel serials"),
        "issues-ok": ({"工单": issues_ok}, None, (), "issues", "a valid 12345 export"),
        "issues-as-households": ({"工单": issues_ok}, None, (), "households",
                                 "a 12345 export imported as households"),
        "wide-3000": ({"宽": wide}, None, (), "households", "3,000 columns"),
        "big-20000": ({"住户": big}, None, (), "households", "20,000 rows (bounded size)"),
        "error-values": ({"住户": errors}, None, (), "households", "cells holding #DIV/0! etc."),
        "many-sheets": ({f"s{i}": [["a"]] for i in range(200)}, None, (), "households",
                        "200 sheets without a header"),
    }
    for name, (sheets, merged, hidden, target, desc) in books.items():
        yield Entry(f"xlsx-{name}", f"Excel: {desc}", target,
                    {"台账.xlsx": xlsx_bytes(sheets, merged, hidden)})
    base = xlsx_bytes({"住户": rows})
    sheet_path = "xl/worksheets/sheet1.xml"
    lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{("&a%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 9)) + "]>"
    tampered = {
        "sheet-billion-laughs": (sheet_path, f'<?xml version="1.0"?>{lol}<worksheet xmlns='
                                 '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a8;"
                                 "</t></is></c></row></sheetData></worksheet>",
                                 "billion laughs in the sheet XML"),
        "sheet-xxe": (sheet_path, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                      '"file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org'
                      '/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                      "<is><t>&e;</t></is></c></row></sheetData></worksheet>",
                      "external entity in the sheet XML"),
        "sheet-garbage": (sheet_path, "<<<not xml", "sheet XML that is not XML"),
        "sheet-dimension-lie": (sheet_path, '<?xml version="1.0"?><worksheet xmlns="http://'
                                'schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension '
                                'ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"'
                                '><is><t>户主</t></is></c></row><row r="1048576"><c r="XFD1048576"'
                                ' t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
                                "</worksheet>", "a cell at XFD1048576"),
        "styles-garbage": ("xl/styles.xml", "<styleSheet><<", "a broken styles.xml"),
        "workbook-missing": ("xl/workbook.xml", "", "an empty workbook.xml"),
        "sharedstrings-garbage": ("xl/sharedStrings.xml", "\0\0\0", "NULs as shared strings"),
        "merged-huge": (sheet_path, '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                        'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c '
                        'r="A1" t="inlineStr"><is><t>户主</t></is></c></row></sheetData>'
                        '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>',
                        "a merged range to the sheet's last cell"),
        "merge-garbage": (sheet_path, '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                          'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c '
                          'r="A1" t="inlineStr"><is><t>户主</t></is></c></row></sheetData>'
                          '<mergeCells><mergeCell ref="ZZZZ99999999:A1"/></mergeCells></worksheet>',
                          "a merged range ZZZZ99999999:A1"),
    }
    for name, (member, text, desc) in tampered.items():
        yield Entry(f"xlsx-{name}", f"Excel: {desc}", "households",
                    {"台账.xlsx": replace_member(base, member, text.encode())})
    yield Entry("xlsx-is-csv", "a CSV file named .xlsx", "households",
                {"台账.xlsx": "户主,经度,纬度\n王,118.7,36.9\n".encode()})
    yield Entry("xlsx-zip-no-workbook", "a zip with no workbook parts", "households",
                {"台账.xlsx": zip_bytes({"a.txt": b"hello"})})
    yield Entry("xlsx-bomb", "a workbook whose sheet inflates 1000:1", "households",
                {"台账.xlsx": replace_member(base, sheet_path, b" " * (30 * 2**20))})
    yield Entry("xlsx-sheet-option-missing", "option layer names a missing sheet", "households",
                {"台账.xlsx": base}, options={"layer": "没有"})
    cut = base[: len(base) // 2]
    yield Entry("xlsx-truncated", "a workbook cut in half", "households", {"台账.xlsx": cut})
    yield Entry("xlsm-ok", "a macro-enabled extension on a plain workbook", "households",
                {"台账.xlsm": base})


def csv_text(rows: list[list[object]], sep: str = ",") -> str:
    """Return ``rows`` as delimited text (no quoting: the corpus wants it raw)."""
    return "\n".join(sep.join("" if v is None else str(v) for v in r) for r in rows) + "\n"


def csv_entries(rng: random.Random) -> Iterator[Entry]:
    """Delimiters, encodings, NULs, ragged rows, 10k columns, formulas and odd numbers."""
    good = csv_text([HOUSE_HEAD] + house_rows(6))
    gbk = good.encode("gbk")
    cases = {
        "ok": (good.encode(), "households", "a valid CSV"),
        "semicolon": (csv_text([HOUSE_HEAD] + house_rows(6), ";").encode(), "households",
                      "semicolon separated"),
        "tab-as-comma": (csv_text([HOUSE_HEAD] + house_rows(6), "\t").encode(), "households",
                         "tab separated"),
        "pipe-with-commas": (good.replace(",", "|").replace("号", "号,东").encode(),
                             "households", "pipe separated with commas in values"),
        "gbk": (gbk, "households", "GBK"),
        "gbk-bom": (b"\xef\xbb\xbf" + gbk, "households", "a UTF-8 BOM over GBK bytes"),
        "utf16": (good.encode("utf-16"), "households", "UTF-16 with BOM"),
        "utf16le-nobom": (good.encode("utf-16-le"), "households", "UTF-16LE without BOM"),
        "big5": ("戶主,經度,緯度\n王,118.701,36.901\n".encode("big5"), "households", "Big5"),
        "mixed-lines": (good.encode() + "李,138,东街,118.702,36.902\n".encode("gbk"),
                        "households", "UTF-8 lines then a GBK line"),
        "nuls": (good.encode().replace(b",", b",\0", 3), "households", "NUL bytes in cells"),
        "all-nuls": (b"\0" * 5000, "households", "5,000 NUL bytes"),
        "ragged": (good.encode() + b"a,b,c,d,e,f,g,h,i\nx\n", "households",
                   "rows with too many and too few fields"),
        "10k-columns": ((",".join(f"c{i}" for i in range(10000)) + "\n"
                         + ",".join("1" for _ in range(10000)) + "\n").encode(), "households",
                        "10,000 columns"),
        "10k-columns-coords": ((",".join(["经度", "纬度"] + [f"c{i}" for i in range(10000)])
                                + "\n" + ",".join(["118.701", "36.901"] + ["1"] * 10000)
                                + "\n").encode(), "households",
                               "10,000 columns besides lon/lat"),
        "rows-longer": (csv_text([HOUSE_HEAD] + [r + ["多", "余"] for r in house_rows(4)])
                        .encode(), "households", "every row longer than the header"),
        "header-only": (csv_text([HOUSE_HEAD]).encode(), "households", "a header and no rows"),
        "blank-lines": (b"\n\n\n\r\n  \n", "households", "only blank lines"),
        "cr-only": (good.replace("\n", "\r").encode(), "households", "old Mac CR line ends"),
        "unbalanced-quote": (good.replace("王1", '"王1').encode(), "households",
                             "an unbalanced quote"),
        "long-field": (csv_text([HOUSE_HEAD, ["王" * 300000, "1", "x", 118.701, 36.901]])
                       .encode(), "households", "a 300,000-character cell"),
        "formulas": (csv_text([HOUSE_HEAD, ["=cmd|' /C calc'!A0", "=1+1", "@SUM(A1)",
                                            "=HYPERLINK(\"x\")", "-1+1"]] + house_rows(2))
                     .encode(), "households", "formula-like cells"),
        "coords-nan": (csv_text([HOUSE_HEAD, ["王", 1, "x", "nan", "nan"],
                                 ["李", 1, "x", "inf", "-inf"], ["张", 1, "x", "1e308", "1e308"]])
                       .encode(), "households", "NaN, inf and 1e308 coordinates"),
        "coords-huge-only": (csv_text([HOUSE_HEAD, ["王", 1, "x", "1e308", "-1e308"]]).encode(),
                             "households", "only 1e308 coordinates"),
        "coords-decimal-comma": ('户主;经度;纬度\n王;118,701;36,901\n'.encode(), "households",
                                 "decimal commas"),
        "coords-swapped": (csv_text([HOUSE_HEAD] + [[r[0], r[1], r[2], r[4], r[3]]
                                                    for r in house_rows(4)]).encode(),
                           "households", "lat/lon swapped"),
        "coords-dms-garbage": (csv_text([HOUSE_HEAD, ["王", 1, "x", "118°99′99″", "N36°°"]])
                               .encode(), "households", "broken degree-minute-second text"),
        "coords-combined-junk": ("户主,坐标\n王,\"118.7,,36.9\"\n李,(((\n".encode(), "households",
                                 "a combined coordinate column with junk"),
        "coords-gk-nozone": (csv_text([["户主", "X", "Y"], ["王", 560000, 4085000]]).encode(),
                             "households", "GK metres without zone or project zone"),
        "coords-gk-badzone": (csv_text([["户主", "X", "Y"], ["王", 99560000, 4085000]]).encode(),
                              "households", "an easting with zone 99"),
        "dup-columns": ("经度,经度,纬度,纬度\n118.701,1,36.901,2\n".encode(), "households",
                        "duplicate column names"),
        "empty-names": (b",,,\n118.701,36.901,,\n", "households", "blank column names"),
        "wkt-broken": ("名称,WKT\n甲,POLYGON((118.7 36.9, 118.71 36.9\n乙,POINT(1e999 1)\n"
                       .encode(), "villages", "a WKT column with broken geometries"),
        "wkt-srid": ("名称,wkt\n甲,\"SRID=3857;POLYGON((0 0,1 0,1 1,0 0))\"\n".encode(),
                     "villages", "EWKT with SRID=3857"),
        "polygon-layer": (good.encode(), "villages", "a point table imported as villages"),
        "binary": (bytes(rng.randrange(256) for _ in range(4000)), "households", "random bytes"),
        "ids-duplicate": (csv_text([["编号"] + HOUSE_HEAD] + [["H1"] + r for r in house_rows(4)])
                          .encode(), "households", "every row with id H1"),
    }
    for name, (data, target, desc) in cases.items():
        yield Entry(f"csv-{name}", f"CSV: {desc}", target, {"台账.csv": data})
    issues = csv_text([ISSUE_HEAD] + issue_rows(6))
    icases = {
        "ok": (issues, "a valid 12345 export"),
        "no-time-column": (csv_text([["工单编号", "地址"], ["1", "张家庄村"]]), "no receipt time"),
        "times-garbage": (csv_text([ISSUE_HEAD] + [[r[0], "昨天下午", *r[2:]]
                                                   for r in issue_rows(3)]), "unreadable times"),
        "times-mixed": (csv_text([ISSUE_HEAD] + [[r[0], t, *r[2:]] for r, t in zip(
            issue_rows(5), ["2024年5月1日", "45400.5", "1e308", "-1", "2024-13-45 25:61"])]),
                        "odd receipt times"),
        "ids-duplicate": (csv_text([ISSUE_HEAD] + [["GD1", *r[1:]] for r in issue_rows(4)]),
                          "every ticket id GD1"),
        "ids-some-blank": (csv_text([ISSUE_HEAD] + [["" if i % 2 else r[0], *r[1:]]
                                                    for i, r in enumerate(issue_rows(4))]),
                           "ticket ids blank in some rows (found by atheris)"),
        "ids-huge": (csv_text([ISSUE_HEAD] + [["9" * 400, *r[1:]] for r in issue_rows(2)]),
                     "a 400-digit ticket id"),
        "coords-nan": (csv_text([ISSUE_HEAD] + [[*r[:5], "nan", "inf", r[7]]
                                                for r in issue_rows(3)]), "NaN coordinates"),
        "status-garbage": (csv_text([ISSUE_HEAD] + [[*r[:7], "\u202e\u0000??"]
                                                    for r in issue_rows(3)]), "odd status text"),
        "gbk": (issues, "GBK encoded"),
        "semicolon": (csv_text([ISSUE_HEAD] + issue_rows(3), ";"), "semicolon separated"),
        "formulas": (csv_text([ISSUE_HEAD] + [[f"=cmd|'{i}'!A0", *r[1:3], "=HYPERLINK(\"x\")",
                                               *r[4:]] for i, r in enumerate(issue_rows(3))]),
                     "formula-like ids and descriptions"),
    }
    for name, (text, desc) in icases.items():
        data = text.encode("gbk" if name == "gbk" else "utf-8")
        yield Entry(f"issues-csv-{name}", f"issues CSV: {desc}", "issues", {"工单.csv": data})
    yield Entry("issues-kml", "issues from a KML of points", "issues",
                {"工单.kml": kml("".join(placemark(i, "Point") for i in range(3)))})
    yield Entry("issues-shp", "issues from a shapefile of points (no time column)", "issues",
                {k.replace("住户", "工单"): v for k, v in bundle("住户", points()).items()},
                main="工单.shp")
    yield Entry("issues-geojson-broken", "issues from broken GeoJSON", "issues",
                {"工单.geojson": b'{"type":"FeatureCollection","features":[{'})


def junk_entries(rng: random.Random) -> Iterator[Entry]:
    """Empty files, folders named like files, random bytes with every extension."""
    exts = [".shp", ".gpkg", ".geojson", ".json", ".kml", ".kmz", ".xlsx", ".xlsm", ".csv",
            ".txt", ".tsv", ".zip"]
    for ext in exts:
        yield Entry(f"empty{ext}", f"an empty {ext} file", "households", {f"空{ext}": b""})
        yield Entry(f"folder{ext}", f"a folder named like a {ext} file", "households",
                    {f"文件夹{ext}": None})
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(100, 3000)))
        yield Entry(f"junk{ext}", f"random bytes named {ext}", "villages", {f"乱码{ext}": junk})
        if ext not in (".shp",):
            yield Entry(f"issues-junk{ext}", f"random bytes named {ext} as issues", "issues",
                        {f"乱码{ext}": junk[::-1]})
    for ext in (".xls", ".dbf", ".shx", ".mdb", ".pdf", ""):
        yield Entry(f"unsupported{ext or '-none'}", f"unsupported extension {ext or '(none)'}",
                    "households", {f"文件{ext}": b"data"})
    yield Entry("name-spaces", "a CSV whose name has spaces and brackets", "households",
                {"住户 台账 (1) [副本].csv": csv_text([HOUSE_HEAD] + house_rows(3)).encode()})
    yield Entry("png-as-csv", "a PNG named .csv", "households",
                {"图.csv": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500))})
    yield Entry("pdf-as-xlsx", "a PDF named .xlsx", "households",
                {"表.xlsx": b"%PDF-1.4\n" + b"x" * 500})
    buf = io.BytesIO(GOOD_KML)
    yield Entry("kml-as-geojson", "a KML named .geojson", "villages", {"村界.geojson": buf.read()})


def entries(rng: random.Random) -> Iterator[Entry]:
    """Every document family."""
    yield from kml_entries(rng)
    yield from kmz_entries(rng)
    yield from zip_entries()
    yield from xlsx_entries(rng)
    yield from csv_entries(rng)
    yield from junk_entries(rng)
