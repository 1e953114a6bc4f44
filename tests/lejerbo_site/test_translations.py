"""Every interface string has a Danish, Norwegian and English translation, compiled."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "lejerbo_site", "participation", "surveys"]
LANGUAGES = ["da", "nb", "en"]
CATALOGUES = [(app, lang) for app in APPS for lang in LANGUAGES]


def catalogue(app, lang, suffix="po"):
    return ROOT / app / "locale" / lang / "LC_MESSAGES" / f"django.{suffix}"


def untranslated(po):
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr)
        )
    ]


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_catalogue_has_no_empty_or_fuzzy_entry(app, lang):
    po = polib.pofile(str(catalogue(app, lang)))
    assert untranslated(po) == []


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_compiled_catalogue_matches_its_source(app, lang):
    po = polib.pofile(str(catalogue(app, lang)))
    mo = polib.mofile(str(catalogue(app, lang, "mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ), f"{app}/{lang}: {entry.msgid!r} is not compiled; run make messages"


@pytest.mark.parametrize("app", APPS)
def test_every_string_in_the_code_is_in_the_catalogue(app, tmp_path):
    """Extract the app's strings afresh and compare with the committed catalogue."""
    xgettext = subprocess.run(["which", "xgettext"], capture_output=True)
    if xgettext.returncode:
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / app
    subprocess.run(["cp", "-r", str(ROOT / app), str(copy)], check=True)
    subprocess.run(
        [
            sys.executable,
            "-P",  # the copy's selectors.py must not shadow the standard library's
            "-m",
            "django",
            "makemessages",
            "-l",
            "da",
            "--no-location",
            "--ignore",
            "migrations/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.test",
            "PYTHONPATH": str(ROOT),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/da/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(catalogue(app, "da")))}
    assert sorted(fresh - committed) == []
