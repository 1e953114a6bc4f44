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
MUTANTS = ROOT / "mutants"
TEMPLATE_DB = MUTANTS / "template.sqlite3"
TESTS_SEEN = MUTANTS / "tests-of-last-run.txt"


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


def _forget_what_another_run_left(modules: list[str], tests: list[str]) -> None:
    """Make mutmut mutate the modules named and trace the tests named.

    mutmut copies every source file into mutants/ and re-mutates only files that
    changed since: a module first copied unmutated by a run that did not name it
    would never be mutated. Its record of which test calls which function
    (mutmut-stats.json) is kept between runs too; after a run with other tests it
    names too few, and mutants then show as "no tests".
    """
    for module in modules:
        if not (MUTANTS / f"{module}.meta").exists():
            (MUTANTS / module).unlink(missing_ok=True)
    listed = "\n".join(sorted(tests))
    if not TESTS_SEEN.exists() or TESTS_SEEN.read_text() != listed:
        (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    MUTANTS.mkdir(exist_ok=True)
    TESTS_SEEN.write_text(listed)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", required=True, help="files to mutate, space-separated")
    parser.add_argument("--tests", required=True, help="test files or folders, space-separated")
    options, rest = parser.parse_known_args(argv)
    rest = rest or ["run"]
    if rest[0] == "run":
        _forget_what_another_run_left(options.modules.split(), options.tests.split())
        os.environ["MUTMUT_TEST_DB_TEMPLATE"] = str(_migrated_template())
    os.environ["DJANGO_SETTINGS_MODULE"] = "lejerbo_site.settings.test"
    os.environ.pop("DATABASE_URL", None)  # SQLite: PostgreSQL's locking tests skip
    cfg = config()
    cfg.only_mutate = options.modules.split()
    cfg.pytest_add_cli_args_test_selection = options.tests.split()
    mutmut_main.cli(rest)


if __name__ == "__main__":
    main(sys.argv[1:])
