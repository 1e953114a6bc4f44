"""The live site survives a PostgreSQL restart: 503 while it is down, back on its own.

Starts its OWN PostgreSQL (initdb + pg_ctl, a temporary data folder, a free port),
migrates a database there, runs the site under gunicorn against it, stops and
starts that server. The shared PostgreSQL is never touched.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    return False


class OwnPostgres:
    def __init__(self):
        self.bin = Path(PG_BINS[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="lejerbo-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        # initdb refuses to run as root: run the server as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args):
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def init(self):
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.dir / "server.log"), "-w", "start",
        )  # fmt: skip

    def stop(self):
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def own_postgres():
    if not PG_BINS or not shutil.which("runuser" if os.geteuid() == 0 else "true"):
        pytest.skip("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin")
    server = OwnPostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(server.dir, ignore_errors=True)


@pytest.fixture
def live_site(own_postgres, tmp_path):
    import psycopg

    with psycopg.connect(own_postgres.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE lejerbo")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SENTRY_DSN")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lejerbo_site.settings.test",
        DATABASE_URL=own_postgres.url("lejerbo"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lejerbo_site.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: get(f"{base}/healthz")[0] == 200), (
            tmp_path / "gunicorn.log"
        ).read_text()
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_site_answers_503_while_the_database_is_down_and_recovers_by_itself(
    own_postgres, live_site
):
    page = f"{live_site}/no-such-page/"
    status, _body = get(page)
    assert status == 404  # a page lookup in the database: up and answering

    own_postgres.stop()
    status, body = get(page)
    health_status, _ = get(f"{live_site}/healthz")

    assert status == 503
    assert "Siden er midlertidigt utilgængelig" in body
    assert "Traceback" not in body
    assert health_status == 503

    own_postgres.start()

    assert wait_for(lambda: get(page)[0] == 404, timeout=30)
    assert get(f"{live_site}/healthz")[0] == 200
