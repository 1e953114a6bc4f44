"""Refresh and compile the translation catalogues of every app (or of the apps named).

Each app keeps its own catalogue in <app>/locale. English source strings are the
msgids; the English catalogue repeats them so that a missing translation is easy
to spot (tests/lejerbo_site/test_translations.py fails on any empty entry).
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "lejerbo_site", "participation", "surveys"]
LANGUAGES = ["da", "nb", "en"]
# -P: an app module named like a stdlib one (selectors.py) must not shadow it.
DJANGO_ADMIN = [sys.executable, "-P", "-m", "django"]


def main(apps):
    # -P keeps the app folder off sys.path, so PYTHONPATH must name the project.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "lejerbo_site.settings.dev")
    env_args = {"cwd": None, "check": True, "env": env}
    for app in apps:
        app_dir = ROOT / app
        (app_dir / "locale").mkdir(exist_ok=True)
        args = [*DJANGO_ADMIN, "makemessages", "--no-obsolete", "--no-location"]
        args += [f"-l{lang}" for lang in LANGUAGES]
        args += ["--ignore", "migrations/*"]
        env_args["cwd"] = app_dir
        subprocess.run(args, **env_args)
        en = polib.pofile(str(app_dir / "locale/en/LC_MESSAGES/django.po"))
        for entry in en:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        en.save()
        subprocess.run([*DJANGO_ADMIN, "compilemessages"], **env_args)


if __name__ == "__main__":
    # Name apps to refresh only their catalogues: scripts/update_messages.py surveys
    main(sys.argv[1:] or APPS)
