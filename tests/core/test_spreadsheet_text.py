"""core.exports.spreadsheet_text: the one place that makes stored text safe for a spreadsheet."""

import csv
import io

from openpyxl import load_workbook

from core import exports
from core.exports import csv_lines, xlsx_chunks

EVERY_CLASS = (
    "æøå ÆØÅ "  # Danish and Norwegian letters
    "\t\n\r"  # the whitespace controls XML keeps
    "\x00\x01\x08\x0b\x0c\x0e\x1f"  # the controls it does not
    "\x7f\x85\x9f"  # DEL and C1 controls (legal in XML 1.0)
    "\ud7ff\ue000\ufffd"  # the neighbours of the surrogates
    "\ud800\udbff\udc00\udfff"  # lone surrogates
    "\ufdd0\ufeff\ufffe\uffff"  # non-characters and the byte-order mark
    "\U00010000\U0001f642\U0010ffff"  # beyond the BMP
    "\u202e\u200d\u2028\u2029"  # bidi override, zero-width joiner, separators
    "<>&\"'"  # markup
)


def test_text_cells_lose_only_what_excel_refuses():
    text = exports.spreadsheet_text(EVERY_CLASS, formula_guard=False)
    assert "æøå" in text and "\U0001f642" in text and "\ufffd" in text
    for refused in "\x00\x01\x0b\x1f\ud800\udfff\ufffe\uffff":
        assert refused not in text


def test_formula_guard_stays():
    for risky in ("=1+1", "+cmd", "-cmd", "@SUM(A1)", "|calc", "%0A"):
        assert exports.spreadsheet_text(risky)[:1] not in "=+-@|%"


def test_overlong_text_is_cut_to_what_one_cell_holds():
    assert len(exports.spreadsheet_text("x" * 100_000)) == exports.EXCEL_CELL_MAX


def test_xlsx_with_every_character_class_opens():
    sheets = [(f"Ark {EVERY_CLASS}"[:40], ["svar"], [[EVERY_CLASS], ["=" + EVERY_CLASS]])]
    data = b"".join(xlsx_chunks(sheets))
    sheet = load_workbook(io.BytesIO(data)).active
    assert "æøå" in sheet["A2"].value and "\U0001f642" in sheet["A2"].value
    assert sheet["A3"].data_type == "s"


def test_csv_with_every_character_class_is_utf8():
    data = "".join(csv_lines(["svar"], [[EVERY_CLASS]])).encode("utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "æøå" in rows[1][0] and "\ufffe" not in rows[1][0]
