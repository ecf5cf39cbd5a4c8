"""Privacy audit (issue 9): no export carries unmasked personal data in its default mode.

Inventory of every export and output path, and how each is audited here
------------------------------------------------------------------------
CLI (``gisgrid/cli.py``) and the core functions behind it:

* ``export coverage --out *.html`` → :func:`gisgrid.layers.coverage.export_coverage`
  (``layers/web_coverage.py``, ``layers/web.py``, ``layers/web_templates.py``): HTML text,
  raw and decoded (entities, ``\\uXXXX`` of the embedded GeoJSON);
* ``export coverage --out *.pdf`` (atlas / one village) → ``gisgrid/export/atlas.py``,
  ``printmap.py``: ``pdftotext``, and the text matplotlib drew;
* ``export coverage --out *.png`` → the same figures as the PDF: audited through the text
  matplotlib drew on the figure when it was saved (no OCR: tesseract is not installed);
* ``export roster`` → ``gisgrid/roster.py``: XLSX cells of every sheet, comments, defined
  names and the raw XML of the package; ``--show-contacts`` must print phones (the check
  that the scanner can fail);
* ``report weekly --week/--month`` → ``gisgrid/report.py``, ``report_pdf.py``,
  ``report_xlsx.py``, ``layers/report_web.py`` (+ the hotspot map inside): HTML, PDF, XLSX;
* ``hotspots --html`` → ``layers/hotspot_web.py``: HTML; ``hotspots --json``;
* ``stats --xlsx`` / ``--json`` (``gisgrid/stats.py``), ``coverage --json``,
  ``issues sla --json``, ``validate --json``, ``info --json``, ``assign --json``: the text
  printed or written.
* Not audited as files: ``import --json`` and ``plan --json`` (counts, codes and reasons
  only), ``repair`` and ``sample``.

The app (``ui/``) writes no file of its own: the export dialog calls ``export_coverage`` and
``write_roster``, the report dialog ``build_pack`` (the same writers as above), the hotspot
view ``write_hotspot_html``, the hierarchy tab's *Export figures to Excel* ``write_workbook``
of ``statistics_sheets``; the attribute table has no export. Masking rules live in
``gisgrid/privacy.py`` (:func:`~gisgrid.privacy.mask_text` for citizens' text).

What counts as personal: household heads' names, phone numbers (mobile, landline) and ID
numbers anywhere; cadres' full names in exports meant for a wall or a meeting (coverage maps,
the weekly pack), which mask them — the roster and the JSON figures name cadres by design.
"""

import pytest
from hostile_case import CADRE_NAME, HOUSEHOLD_NAMES, ID_NUMBERS, PHONES
from pii_scan import find_pii, scan_file, xlsx_text

pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")

#: Exports that mask cadres' names as well (meant for a wall or a meeting).
MASKS_CADRES = {
    "coverage_html", "coverage_pdf", "coverage_pdf_drawn", "coverage_png_drawn",
    "weekly_html", "weekly_pdf", "weekly_xlsx", "weekly_drawn",
    "monthly_html", "monthly_pdf", "monthly_xlsx", "monthly_drawn", "hotspot_html",
}  # fmt: skip
DEFAULT_EXPORTS = sorted(
    MASKS_CADRES
    | {"roster_xlsx", "stats_xlsx", "info_json", "validate_json", "stats_json"}
    | {"coverage_json", "issues_sla_json", "assign_json", "hotspots_json"}
)


@pytest.mark.parametrize("name", DEFAULT_EXPORTS)
def test_default_export_has_no_personal_data(exports, name):
    names = HOUSEHOLD_NAMES + ([CADRE_NAME] if name in MASKS_CADRES else [])
    assert scan_file(exports[name], names) == []


def test_opt_in_roster_prints_the_phones(exports):
    found = scan_file(exports["roster_xlsx_contacts"], [CADRE_NAME])
    assert ("mobile", PHONES[0]) in found and ("landline", PHONES[1]) in found
    assert ("name", CADRE_NAME) in found


def test_opt_in_pack_prints_what_citizens_wrote(exports):
    found = {text for _, text in scan_file(exports["weekly_xlsx_contacts"], HOUSEHOLD_NAMES)}
    assert {"13912345678", "139-1234-5678", ID_NUMBERS[0], *HOUSEHOLD_NAMES} <= found


def test_masked_text_is_still_there(exports):
    # masking keeps the message: the planted issue reads "联系电话139****5678，身份证…"
    sheet = xlsx_text(exports["weekly_xlsx"])
    assert "联系电话139****5678" in sheet and "370523********102X" in sheet
    assert "户主欧**花（手机 139-****-5678）反映" in sheet


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("电话 +86 186 5555 0123", ["mobile"]),
        ("座机(0546)8211234", ["landline"]),
        ("身份证３７０５２３１９７５１２３１１０２Ｘ", ["id18"]),
        ("身份证370523800101123", ["id15"]),
        ("370523197512311021 坏校验位", []),
        ("网格37052310300101004 户3705231030010001 138****1234", []),
    ],
)
def test_scanner_finds_what_it_should(text, kinds):
    assert [kind for kind, _ in find_pii(text)] == kinds
