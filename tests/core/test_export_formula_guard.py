"""No export cell is ever run as a formula by a spreadsheet, whatever a person typed.

The leads are OWASP's "CSV injection" list (=, +, -, @, tab, carriage return) and
defusedcsv's additions (| for DDE, % for some locales).
"""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from core.exports import csv_response, xlsx_response

PAYLOADS = [
    '=HYPERLINK("http://evil","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "|cmd /C calc",
    "%0A=1+1",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cell_that_starts_like_a_formula_is_text(payload, delimiter):
    response = csv_response("x.csv", ["Svar", payload], [[payload, 1]], delimiter=delimiter)
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    header, row = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    for cell in (header[1], row[0]):
        assert cell.startswith("'")  # Excel shows what follows a leading quote as text
        assert cell[1:].replace("\\|", "|") == payload  # and nothing else is lost
    assert row[1] == "1"


def test_csv_leaves_plain_text_and_negative_numbers_alone():
    response = csv_response("x.csv", ["Svar"], [["Åse: 5 % færre"], ["-12.5"], [-3]])
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["Svar"],
        ["Åse: 5 % færre"],
        ["-12.5"],
        ["-3"],
    ]


def test_xlsx_cell_that_starts_like_a_formula_is_text():
    response = xlsx_response("x.xlsx", [("Svar", ["Svar", PAYLOADS[0]], [[p] for p in PAYLOADS])])
    content = b"".join(response.streaming_content)
    response.file_to_stream.close()

    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content))["Svar"]
    cells = [sheet["B1"], *(row[0] for row in sheet.iter_rows(min_row=2))]
    assert [cell.data_type for cell in cells] == ["s"] * (len(PAYLOADS) + 1)
    # The text is kept whole, a carriage return included (written as &#13;).
    assert [cell.value for cell in cells] == [PAYLOADS[0], *PAYLOADS]
