import io

from openpyxl import load_workbook

from core.exports import csv_response, xlsx_response

HEADER = ["Navn", "Kommentar", "Antal"]
ROWS = [
    ["Åse Ødegård", '=HYPERLINK("http://evil")', 3],
    ["Bjørn Æbelø", "+47 22 00 00 00", 0],
    ["Søren", "@SUM(A1)", -5],
    ["Kari", "-1+2", 1.5],
]


def read_csv(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_starts_with_bom_and_keeps_danish_and_norwegian_letters():
    text = read_csv(csv_response("x.csv", HEADER, ROWS))
    assert text.startswith("\ufeffNavn,Kommentar,Antal")
    assert "Åse Ødegård" in text and "Bjørn Æbelø" in text


def test_csv_neutralises_cells_that_excel_would_run_as_formulas():
    lines = read_csv(csv_response("x.csv", HEADER, ROWS)).splitlines()
    assert "'=HYPERLINK" in lines[1]
    assert "'+47 22 00 00 00" in lines[2]
    assert "'@SUM(A1)" in lines[3]
    assert "'-1+2" in lines[4]


def test_csv_numbers_stay_numbers():
    lines = read_csv(csv_response("x.csv", HEADER, ROWS)).splitlines()
    assert lines[3].endswith(",-5")


def test_csv_semicolon_variant_for_danish_excel():
    text = read_csv(csv_response("x.csv", HEADER, ROWS, delimiter=";"))
    assert text.splitlines()[0] == "\ufeffNavn;Kommentar;Antal"


def test_xlsx_writes_formula_like_text_as_text_and_numbers_as_numbers():
    response = xlsx_response("x.xlsx", [("Svar", HEADER, ROWS)])
    content = b"".join(response.streaming_content)
    response.file_to_stream.close()
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Svar"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER)
    assert rows[1][0] == "Åse Ødegård"
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == '=HYPERLINK("http://evil")'
    assert rows[3][2] == -5 and sheet["C4"].data_type == "n"
    assert rows[4][2] == 1.5


def test_a_csv_download_starts_with_its_header_before_any_row_is_read():
    read = []

    def rows():
        read.append("a row")
        yield ["Ålesund", 1]

    response = csv_response("svar.csv", ["Kommune", "Antal"], rows())
    chunks = iter(response.streaming_content)

    assert next(chunks).decode("utf-8") == "\ufeffKommune,Antal\r\n"
    assert read == []
    assert next(chunks).decode("utf-8") == "Ålesund,1\r\n"


def test_csv_download_is_named_utf8_text_and_keeps_every_row_and_empty_cell():
    rows = [[f"Række {n}", None if n % 2 else n] for n in range(1203)]
    response = csv_response("svar.csv", ["Tekst", "Antal"], rows)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"svar.csv\"; filename*=UTF-8''svar.csv"
    )
    text = read_csv(response)
    expected = "".join(f"Række {n},{'' if n % 2 else n}\r\n" for n in range(1203))
    assert text == "\ufeffTekst,Antal\r\n" + expected
