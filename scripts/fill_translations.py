"""Fill a catalogue from a dict of translations: fill_translations.py APP FILE.

FILE is a Python file defining T = {msgid: (danish, norwegian)} and optionally
PLURAL = {msgid: ([da forms], [nb forms])}. Entries already translated are kept.
"""

import runpy
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(app, source):
    data = runpy.run_path(source)
    singular, plural = data.get("T", {}), data.get("PLURAL", {})
    missing = []
    for index, lang in enumerate(("da", "nb")):
        po = polib.pofile(str(ROOT / app / "locale" / lang / "LC_MESSAGES" / "django.po"))
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            if entry.msgid_plural:
                if entry.msgid in plural:
                    forms = plural[entry.msgid][index]
                    entry.msgstr_plural = dict(enumerate(forms))
                elif not all(entry.msgstr_plural.values()):
                    missing.append((lang, entry.msgid))
            elif entry.msgid in singular:
                entry.msgstr = singular[entry.msgid][index]
            elif not entry.msgstr:
                missing.append((lang, entry.msgid))
        po.save()
    for lang, msgid in missing:
        sys.stdout.write(f"missing {lang}: {msgid!r}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
