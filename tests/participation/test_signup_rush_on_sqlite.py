"""60 people sign up at the same moment on the embedded default (`make run`: SQLite, runserver).

The test migrates a fresh SQLite file, starts `manage.py runserver` on it with the
development settings (as `make run` does) and rate limits off, and sends 60
simultaneous sign-ups (real HTTP, each with its own CSRF token) for an event with
10 seats: exactly 10 are confirmed, 50 wait, none is lost and nobody gets a 5xx.
Before SQLite ran in WAL mode with IMMEDIATE transactions and a busy timeout, most of
them got a 503 ("database is locked") and their sign-ups were lost.

It runs whatever database the rest of the suite uses: the server has its own file.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

PROJECT = Path(__file__).resolve().parents[2]
SEATS = 10
VISITORS = 60
SLUG = "rush"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite_rush")
    database = folder / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lejerbo_site.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        RATE_LIMIT_ENABLED="false",
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "from participation.models import Event\n"
        "start = timezone.now() + dt.timedelta(days=10)\n"
        f"Event.objects.create(title='Rush', slug={SLUG!r}, kind='seminar', language='en',"
        " time_zone='Europe/Copenhagen', starts_at=start,"
        " ends_at=start + dt.timedelta(hours=2), place='Online',"
        f" capacity={SEATS}, waiting_list=True, contact_email='ara@example.org')\n",
    )
    return env, database


@pytest.fixture(scope="module")
def server(sqlite_file, tmp_path_factory):
    env, _database = sqlite_file
    port = free_port()
    log = open(tmp_path_factory.mktemp("rush_log") / "server.log", "w")  # closed below
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "runserver exited"
            try:
                if requests.get(f"{base}/events/{SLUG}/", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass  # still starting
            assert time.monotonic() < deadline, "runserver never answered"
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_sixty_simultaneous_sign_ups_on_sqlite_fill_ten_seats_and_lose_none(server, sqlite_file):
    _env, database = sqlite_file
    url = f"{server}/events/{SLUG}/"
    barrier = threading.Barrier(VISITORS, timeout=60)

    def sign_up(n):
        session = requests.Session()
        form = session.get(url, timeout=60)
        assert form.status_code == 200
        token = CSRF_INPUT.search(form.text).group(1)
        barrier.wait()
        answer = session.post(
            url,
            data={
                "csrfmiddlewaretoken": token,
                "name": f"Visitor {n}",
                "email": f"visitor{n}@example.org",
                "organisation": "Kommune",
                "organisation_type": "municipality",
                "municipality": "Aarhus",
                "consent": "on",
                "website": "",
            },
            allow_redirects=False,
            timeout=120,
        )
        return answer.status_code

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        statuses = list(pool.map(sign_up, range(VISITORS)))

    assert statuses == [302] * VISITORS
    with sqlite3.connect(database) as db:
        counts = dict(
            db.execute(
                "SELECT r.status, count(*) FROM participation_registration r"
                " JOIN participation_event e ON e.id = r.event_id"
                " WHERE e.slug = ? GROUP BY r.status",
                [SLUG],
            ).fetchall()
        )
        emails = {row[0] for row in db.execute("SELECT email FROM participation_registration")}
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert counts == {"confirmed": SEATS, "waiting": VISITORS - SEATS}
    assert emails == {f"visitor{n}@example.org" for n in range(VISITORS)}
    assert journal == "wal"
