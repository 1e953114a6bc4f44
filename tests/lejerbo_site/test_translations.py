"""Every interface string, public or admin-only, has a Danish, Norwegian and English
translation, compiled, and the admin speaks one vocabulary in each language.

"Every string" is checked against the code itself: each app's strings are extracted
afresh (makemessages, as scripts/update_messages.py does, reading the app's Python
files, admin.py included, and its templates, admin templates included) and compared
with the committed catalogues, so a string added without running the script, or left
untranslated, fails here.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "lejerbo_site", "participation", "surveys"]
LANGUAGES = ["da", "nb", "en"]
CATALOGUES = [(app, lang) for app in APPS for lang in LANGUAGES]
# One word per idea in the admin (docs: the brief's vocabulary); these are the
# words it replaced, and a typo that once shipped.
FORBIDDEN_WORDS = {
    "da": ["spørgeskema", "taketekst"],
    "nb": ["spørreskjema", "spørreundersøkelse"],
}
SURVEY_WORD = {"da": "undersøgelse", "nb": "undersøkelse", "en": "survey"}


def catalogue(app, lang, suffix="po"):
    return ROOT / app / "locale" / lang / "LC_MESSAGES" / f"django.{suffix}"


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


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


def msgstrs(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_app_with_a_catalogue_is_checked():
    with_locale = sorted(path.parent.name for path in ROOT.glob("*/locale") if path.is_dir())
    assert with_locale == sorted(APPS)


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_catalogue_has_no_empty_or_fuzzy_entry(app, lang):
    po = polib.pofile(str(catalogue(app, lang)))
    assert untranslated(po) == []
    assert po.obsolete_entries() == []


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_placeholders_are_the_same_in_every_translation(app, lang):
    """msgfmt refuses a translation whose %(name)s placeholders differ from the source."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue(app, lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


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


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """app -> the entries makemessages finds in the app's code today (with locations)."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    fresh = {}
    for app in APPS:
        copy = tmp_path_factory.mktemp("messages") / app
        shutil.copytree(
            ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc")
        )
        (copy / "locale").mkdir()  # makemessages writes where a locale folder is
        subprocess.run(
            [
                sys.executable,
                "-P",  # the copy's selectors.py must not shadow the standard library's
                "-m",
                "django",
                "makemessages",
                "-l",
                "da",
                # The same options as scripts/update_messages.py, locations kept.
                "--no-obsolete",
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
        fresh[app] = polib.pofile(str(copy / "locale/da/LC_MESSAGES/django.po"))
    return fresh


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_every_string_in_the_code_is_in_the_catalogue(extracted, app, lang):
    """A string added to the code (admin.py, an admin template...) without
    `scripts/update_messages.py` and a translation fails here."""
    fresh = {key(e): e for e in extracted[app]}
    committed = {key(e) for e in polib.pofile(str(catalogue(app, lang)))}
    missing = [
        f"{e.msgid!r} ({', '.join(path for path, _line in e.occurrences)})"
        for k, e in fresh.items()
        if k not in committed
    ]
    assert missing == [], f"{app}/{lang}: run scripts/update_messages.py {app} and translate"


@pytest.mark.parametrize(("app", "lang"), CATALOGUES)
def test_the_catalogue_keeps_no_string_the_code_no_longer_uses(extracted, app, lang):
    fresh = {key(e) for e in extracted[app]}
    committed = {key(e) for e in polib.pofile(str(catalogue(app, lang)))}
    assert sorted(committed - fresh, key=str) == []


TRANSLATES = re.compile(
    r"\b(gettext|gettext_lazy|ngettext|pgettext|_)\(|{%\s*(trans|translate|blocktrans)"
)


def admin_files(app):
    """The app's admin code and admin templates (under a folder named "admin")."""
    app_dir = ROOT / app
    for path in sorted(app_dir.rglob("*")):
        relative = path.relative_to(app_dir)
        if "migrations" in relative.parts or path.suffix not in {".py", ".html"}:
            continue
        if path.name == "admin.py" or "admin" in relative.parts[:-1]:
            yield relative


@pytest.mark.parametrize("app", APPS)
def test_the_extraction_reads_the_admin_code_and_templates(extracted, app):
    """Admin-only strings are covered like the others: the comparison above would
    prove nothing if the extraction skipped admin.py or the admin templates."""
    read = {Path(path) for e in extracted[app] for path, _line in e.occurrences}
    translating = [f for f in admin_files(app) if TRANSLATES.search((ROOT / app / f).read_text())]
    assert translating, f"{app} has no admin strings?"
    assert [f for f in translating if f not in read] == []


@pytest.mark.parametrize("lang", ["da", "nb"])
@pytest.mark.parametrize("app", APPS)
def test_the_admin_has_one_word_for_survey(app, lang):
    po = polib.pofile(str(catalogue(app, lang)))
    offending = [
        (entry.msgid, text)
        for entry in po
        for text in msgstrs(entry)
        if any(word in text.lower() for word in FORBIDDEN_WORDS[lang])
    ]
    assert offending == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_survey_model_is_called_by_the_one_word(lang):
    po = polib.pofile(str(catalogue("surveys", lang)))
    assert po.find("survey").msgstr == SURVEY_WORD[lang]
    assert po.find("Thank-you text").msgstr in {"Takketekst", "Thank-you text"}
