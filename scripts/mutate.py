"""`make mutate`: mutmut over the modules that protect people, with only their tests.

    .venv/bin/python scripts/mutate.py --modules "core/exports.py ..." --tests "tests/core ..." run
    .venv/bin/python scripts/mutate.py --modules ... --tests ... results   # or show NAME, browse

mutmut 3 reads its settings from `[tool.mutmut]` in pyproject.toml (what is copied, how
pytest is run); the modules to mutate and the tests to run differ from one run to the
next, so they come from the command line (the Makefile's MUTATE_MODULES and
MUTATE_TESTS) and are set on mutmut's configuration before its command line runs.
mutmut works in a copy of the code under `mutants/` (git-ignored) and remembers its
results there: a second run only tries what changed. Every mutant's tests start from
a copy of one SQLite database migrated here first (tests/conftest.py), not from a
fresh migration. See docs/testing.md.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from mutmut import __main__ as mutmut_main
from mutmut.configuration import config

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DB = ROOT / "mutants" / "template.sqlite3"


def _migrated_template() -> Path:
    TEMPLATE_DB.parent.mkdir(exist_ok=True)
    TEMPLATE_DB.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.test",
        "DATABASE_URL": f"sqlite:///{TEMPLATE_DB}",
    }
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return TEMPLATE_DB


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", required=True, help="files to mutate, space-separated")
    parser.add_argument("--tests", required=True, help="test files or folders, space-separated")
    options, rest = parser.parse_known_args(argv)
    rest = rest or ["run"]
    if rest[0] == "run":
        os.environ["MUTMUT_TEST_DB_TEMPLATE"] = str(_migrated_template())
    os.environ["DJANGO_SETTINGS_MODULE"] = "lejerbo_site.settings.test"
    os.environ.pop("DATABASE_URL", None)  # SQLite: PostgreSQL's locking tests skip
    cfg = config()
    cfg.only_mutate = options.modules.split()
    cfg.pytest_add_cli_args_test_selection = options.tests.split()
    mutmut_main.cli(rest)


if __name__ == "__main__":
    main(sys.argv[1:])
