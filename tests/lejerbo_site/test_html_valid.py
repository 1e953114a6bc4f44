"""Every public page and state passes the W3C Nu HTML checker with no errors.

Runs when the checker is there: VNU_JAR points at vnu.jar (`npm install vnu-jar`, see
`make validate`) and `java` is on the PATH (Debian: default-jre-headless); skipped
otherwise, and says so.
"""

import json
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command

from tests.browser.helpers import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

VNU_JAR = os.environ.get("VNU_JAR", "")
# Pages and states beyond the content pages: the forms, open and closed.
STATES = [
    "/survey/kartlegging-medvirkning-demo/",
    "/survey/kartlegging-medvirkning-demo/?lang=en",
    "/events/provearrangement-demo/",
    "/events/series/seminarrekke-varen-2023/",
    "/events/privacy/?lang=nb",
    "/events/?lang=da",
    "/en/search/?q=seminar",
    "/search/?q=leieboer",
    "/en/nonexistent/",
]


@pytest.mark.skipif(
    not (VNU_JAR and os.path.exists(VNU_JAR) and shutil.which("java")),
    reason="W3C Nu HTML checker not installed (set VNU_JAR; see `make validate`)",
)
def test_every_public_page_is_valid_html(client, site_content, tmp_path):
    call_command("load_demo_content", verbosity=0)
    urls = [url for _name, url, _lang in PUBLIC_PAGES] + STATES
    files = {}
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 404, 410), url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files[str(path)] = url
    result = subprocess.run(
        ["java", "-jar", VNU_JAR, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert result.returncode in (0, 1) and result.stderr, result.stderr  # it did run
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
