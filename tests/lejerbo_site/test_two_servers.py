"""More than one app server: two gunicorn processes share one PostgreSQL and one Redis.

The test starts both servers with the production settings (DEBUG off, secure
cookies; only the HTTPS redirect is off, as there is no TLS proxy here) against a
fresh database it creates and drops, and a Redis database number of its own.

(a) A page cached by server B is retired the moment a change is published
    elsewhere: the app's page cache lives in Redis and the publish purges it, so
    B's next anonymous response shows the change, and A serves the very copy B stored.
(c) Both servers behind one Varnish with the repository's VCL (deploy/varnish/):
    a publish made elsewhere is fresh through the proxy at once, also for a
    browser that sends a language and a CSRF cookie; a page made private is
    never served from the proxy to anonymous visitors.
(b) 50 visitors sign up at the same moment for an event with 10 seats, spread
    over both servers (real HTTP, each with its own CSRF token): exactly 10 are
    confirmed and 40 wait, none is lost, and every sign-up's mail is queued
    rather than sent in the request.

Skipped unless the suite runs on PostgreSQL and Redis answers (REDIS_TWO_SERVERS_URL,
default redis://127.0.0.1:6379/7; that database is flushed before and after); (c)
also needs varnishd (Debian package varnish, which .ci/run installs).
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from django.conf import settings

from tests import varnish

pytestmark = pytest.mark.postgres

PROJECT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TWO_SERVERS_URL", "redis://127.0.0.1:6379/7")
SEATS = 10
VISITORS = 50
# Behind the load balancer every server sees the site's own host name.
SITE = {"Host": "localhost"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def fresh_database():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL to a PostgreSQL database)")
    name = f"{db['NAME']}_two_servers"[:63]
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    yield url, lambda: psycopg.connect(dbname=name, autocommit=True, **server)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def proxy_port():
    return free_port()


@pytest.fixture(scope="module")
def production_env(fresh_database, shared_redis, tmp_path_factory, proxy_port):
    url, _connect = fresh_database
    folder = tmp_path_factory.mktemp("two_servers")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lejerbo_site.settings.production",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="two-servers",
        # Sign-ups from one address in one second: the limits would (rightly) stop them.
        RATE_LIMIT_ENABLED="false",
        # Shared by both servers, as the NFS mount would be.
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        EMAIL_URL="smtp://127.0.0.1:9",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT),
        # Every process purges the proxy (c) after a change.
        VARNISH_URL=f"http://127.0.0.1:{proxy_port}",
    )
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_site_content"],
    ):
        manage(env, *command)
    return env


def manage(env, *args, code=None):
    command = [sys.executable, "manage.py", *args]
    if code is not None:
        command += ["-c", code]
    result = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def servers(production_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("server_logs")
    started = []
    for name in ("a", "b"):
        port = free_port()
        env = {
            **production_env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "8",
        }
        log = open(logs / f"{name}.log", "w")  # closed in the finally below
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "lejerbo_site.wsgi"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log, f"http://127.0.0.1:{port}"))
    try:
        for process, _log, base in started:
            wait_until_healthy(process, base)
        yield [base for _process, _log, base in started]
    finally:
        for process, log, _base in started:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@pytest.fixture(scope="module")
def proxy(servers, proxy_port, tmp_path_factory):
    if not varnish.varnishd():
        pytest.skip("needs varnishd (apt-get install varnish; .ci/run installs it)")
    folder = tmp_path_factory.mktemp("varnish")
    ports = [int(base.rsplit(":", 1)[1]) for base in servers]
    process = varnish.start(folder, proxy_port, ports, folder / "varnishd.log")
    yield f"http://127.0.0.1:{proxy_port}"
    varnish.stop(process)


def wait_until_healthy(process, base):
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server {base} exited"
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass  # still starting
        time.sleep(0.2)
    raise AssertionError(f"server {base} never became healthy")


def test_a_change_published_elsewhere_reaches_the_other_servers_cached_page(
    servers, production_env
):
    server_a, server_b = servers
    requests.get(f"{server_a}/", headers=SITE, timeout=10)
    again = requests.get(f"{server_b}/", headers=SITE, timeout=10)
    assert again.status_code == 200
    # B answers with the copy A stored; Django's cache middleware gives its age.
    assert "Age" in again.headers
    new_title = f"Published through another process {uuid.uuid4().hex[:8]}"
    assert new_title not in again.text

    manage(
        production_env,
        "shell",
        code=(
            "from wagtail.models import Site\n"
            "home = Site.objects.get(is_default_site=True).root_page.specific\n"
            f"home.title = {new_title!r}\n"
            "home.save_revision().publish()\n"
        ),
    )

    fresh = requests.get(f"{server_b}/", headers=SITE, timeout=10)
    assert fresh.status_code == 200
    assert new_title in fresh.text
    assert "Age" not in fresh.headers
    # Server A serves the very copy that B just stored in Redis.
    from_a = requests.get(f"{server_a}/", headers=SITE, timeout=10)
    assert "Age" in from_a.headers
    assert new_title in from_a.text


def test_fifty_simultaneous_sign_ups_on_two_servers_fill_ten_seats_and_lose_none(
    servers, production_env, fresh_database
):
    _url, connect = fresh_database
    slug = f"two-servers-{uuid.uuid4().hex[:6]}"
    manage(
        production_env,
        "shell",
        code=(
            "import datetime as dt\n"
            "from django.utils import timezone\n"
            "from participation.models import Event\n"
            "start = timezone.now() + dt.timedelta(days=10)\n"
            f"Event.objects.create(title='Two servers', slug={slug!r}, kind='seminar',"
            " language='en', time_zone='Europe/Copenhagen', starts_at=start,"
            " ends_at=start + dt.timedelta(hours=2), place='Online',"
            f" capacity={SEATS}, waiting_list=True, contact_email='ara@example.org',"
            " is_published=True)\n"
        ),
    )
    barrier = threading.Barrier(VISITORS, timeout=30)

    def sign_up(n):
        base = servers[n % 2]
        url = f"{base}/events/{slug}/"
        form = requests.get(url, timeout=30)
        assert form.status_code == 200, form.text[:500]
        # The CSRF cookie is Secure, so a client would not send it back over plain
        # HTTP by itself; send it as a browser behind the TLS proxy would.
        cookie = form.cookies["csrftoken"]
        token = CSRF_INPUT.search(form.text).group(1)
        barrier.wait()
        answer = requests.post(
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
            headers={"Cookie": f"csrftoken={cookie}"},
            allow_redirects=False,
            timeout=60,
        )
        return answer.status_code, answer.headers.get("Location", "")

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        answers = list(pool.map(sign_up, range(VISITORS)))

    assert [status for status, _location in answers] == [302] * VISITORS
    assert all(f"/events/{slug}/result/" in location for _status, location in answers)
    with connect() as db:
        counts = dict(
            db.execute(
                "SELECT r.status, count(*) FROM participation_registration r"
                " JOIN participation_event e ON e.id = r.event_id"
                " WHERE e.slug = %s GROUP BY r.status",
                [slug],
            ).fetchall()
        )
        emails = {
            row[0]
            for row in db.execute(
                "SELECT r.email FROM participation_registration r"
                " JOIN participation_event e ON e.id = r.event_id WHERE e.slug = %s",
                [slug],
            )
        }
        queued_mails = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'participation.emails.registration_mail_task'"
        ).fetchone()[0]
    assert counts == {"confirmed": SEATS, "waiting": VISITORS - SEATS}
    assert emails == {f"visitor{n}@example.org" for n in range(VISITORS)}
    assert queued_mails == VISITORS


def publish_home_title(env, title):
    manage(
        env,
        "shell",
        code=(
            "from wagtail.models import Site\n"
            "home = Site.objects.get(is_default_site=True).root_page.specific\n"
            f"home.title = {title!r}\n"
            "home.save_revision().publish()\n"
        ),
    )


def test_a_publish_is_fresh_through_the_proxy_for_a_real_browser(proxy, production_env):
    # As a browser sends them after a form was opened: the copy is still shared.
    browser = {**SITE, "Accept-Language": "nb,en;q=0.8", "Cookie": "csrftoken=abc; _pk_id=1"}
    requests.get(f"{proxy}/", headers=SITE, timeout=10)
    cached = requests.get(f"{proxy}/", headers=browser, timeout=10)
    assert cached.status_code == 200 and cached.headers["X-Cache"] == "hit"
    new_title = f"Fresh through the proxy {uuid.uuid4().hex[:8]}"
    assert new_title not in cached.text

    publish_home_title(production_env, new_title)

    fresh = requests.get(f"{proxy}/", headers=browser, timeout=10)
    assert new_title in fresh.text
    assert requests.get(f"{proxy}/", headers=browser, timeout=10).headers["X-Cache"] == "hit"
    # A signed-in editor (a session) always reaches the servers.
    editor = requests.get(f"{proxy}/", headers={**SITE, "Cookie": "sessionid=x"}, timeout=10)
    assert editor.headers["X-Cache"] == "miss"


def test_a_page_made_private_is_never_served_from_the_proxy(proxy, production_env):
    url = f"{proxy}/grundlag/"
    requests.get(url, headers=SITE, timeout=10)
    assert requests.get(url, headers=SITE, timeout=10).headers["X-Cache"] == "hit"
    restrict = (
        "from wagtail.models import Page, PageViewRestriction\n"
        "page = Page.objects.get(url_path__endswith='/grundlag/', locale__language_code='da')\n"
    )
    manage(
        production_env,
        "shell",
        code=restrict + "PageViewRestriction.objects.create(page=page, restriction_type='login')\n",
    )
    try:
        for _ in range(3):
            answer = requests.get(url, headers=SITE, timeout=10, allow_redirects=False)
            assert answer.status_code == 302  # to the login page
            assert answer.headers["X-Cache"] == "miss"
            assert "public" not in answer.headers.get("Cache-Control", "")
    finally:
        manage(
            production_env,
            "shell",
            code=restrict + "PageViewRestriction.objects.filter(page=page).delete()\n",
        )
