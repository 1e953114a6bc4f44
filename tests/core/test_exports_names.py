"""File names, the download header and sheet names of every export."""

import datetime as dt
import io

from openpyxl import load_workbook

from core.exports import content_disposition, export_filename, statistics_names, xlsx_response


def test_file_name_is_name_variant_and_date():
    day = dt.date(2026, 12, 3)
    assert export_filename("beboerundersogelse", "labels", "csv", day=day) == (
        "beboerundersogelse-labels-2026-12-03.csv"
    )
    assert export_filename("Beboerundersøgelse Århus", "coded-semicolon", "csv", day=day) == (
        "beboerundersogelse-arhus-coded-semicolon-2026-12-03.csv"
    )


def test_download_header_has_an_ascii_name_and_the_exact_utf8_name():
    header = content_disposition("Undersøgelse æøå.csv")
    assert header == (
        'attachment; filename="undersogelse-aeoa.csv"; '
        "filename*=UTF-8''Unders%C3%B8gelse%20%C3%A6%C3%B8%C3%A5.csv"
    )
    assert header.isascii()
    assert '"' not in content_disposition('a"b.csv').split(";")[1].strip()[10:-1]


def test_long_sheet_name_is_cut_at_a_word():
    title = "Innspillsmøte om leieboerdemokrati i Trondheim"
    response = xlsx_response("x.xlsx", [(title, ["a"], [[1]])])
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    response.file_to_stream.close()
    name = book.sheetnames[0]
    assert name == "Innspillsmøte om…" or (len(name) <= 31 and name.endswith("…"))
    assert name.removesuffix("…") in title and title[len(name) - 1] == " "


def test_statistics_names_are_valid_in_spss_and_stata():
    assert statistics_names(["who", "q-1", "1a", "to", "Q_1", "q_1", "x" * 40, "str12"]) == [
        "who",
        "q_1",
        "v_1a",
        "v_to",
        "Q_1_2",
        "q_1_3",
        "x" * 32,
        "v_str12",
    ]
