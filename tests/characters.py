"""Text with one character of every class that has broken a file, a page or a database."""

from django.db import connection


def every_character_class() -> str:
    """What a database can store: PostgreSQL refuses NUL, no database takes lone surrogates."""
    nul = "\x00" if connection.vendor != "postgresql" else ""
    return (
        "Æble, øl og å: "
        f"{nul}\x01\x08\x0b\x0c\x0e\x1f\x7f\x85\x9f"  # control characters
        "\ud7ff\ue000\ufffd"  # the neighbours of the surrogates
        "\ufdd0\ufeff\ufffe\uffff"  # non-characters and the byte-order mark
        "\U00010000\U0001f642\U0010ffff"  # beyond the BMP
        "\u202e\u200d\u2028\u2029"  # bidi override, zero-width joiner, separators
        "\t\n\r<>&\"'"
    )
