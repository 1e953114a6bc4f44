"""`make test`, second step: the PostgreSQL-only tests when the suite ran on SQLite.

The tests marked `postgres` (row locks under real concurrency, two servers on one
database) skip on SQLite, so a removed lock would pass there. When DATABASE_URL is
not set and a PostgreSQL server answers on 127.0.0.1:5432 (user postgres, trust
authentication, as in the README), they run here against a throwaway database that
is dropped afterwards; when none answers, a notice says they did not run. With
DATABASE_URL set the suite itself ran them, and this prints nothing.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("POSTGRES_TEST_SERVER", "postgres://postgres@127.0.0.1:5432")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _admin(statement) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement)


def main() -> int:
    if os.environ.get("DATABASE_URL"):
        return 0
    try:
        _admin("SELECT 1")
    except psycopg.Error as error:
        _say(
            f"\nNOTICE: no PostgreSQL at {SERVER} ({str(error).strip().splitlines()[0]}):\n"
            "the locking tests (pytest -m postgres) were SKIPPED. A removed row lock would\n"
            "go unnoticed. Start PostgreSQL there or set DATABASE_URL (see README.md).\n"
        )
        return 0
    name = f"lejerbo_locks_{int(time.time())}_{os.getpid()}"
    _say(f"\nThe locking tests (pytest -m postgres) on PostgreSQL, throwaway database {name}:")
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"{SERVER}/{name}",
            "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.test",
        }
        command = [sys.executable, "-m", "pytest", "-m", "postgres", "--create-db"]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        for database in (f"test_{name}", name):
            _admin(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
        _say(f"Dropped {name} and test_{name}.")


if __name__ == "__main__":
    sys.exit(main())
