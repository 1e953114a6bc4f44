"""`make audit` (scripts/audit.py): unreachable vulnerability data passes with a notice;
reachable data runs pip-audit strictly, and a vulnerable pin fails."""

import importlib.util
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Answer:
    def __init__(self, status, body):
        self.status_code, self.body = status, body

    def json(self):
        if self.body is None:
            raise ValueError("not JSON")
        return self.body


def unreachable(*args, **kwargs):
    raise requests.ConnectionError("no route")


@pytest.fixture
def pip_audit_runs(monkeypatch):
    calls = []

    def run(command, cwd):
        calls.append(command)
        return SimpleNamespace(returncode=1)  # pip-audit found a vulnerability

    monkeypatch.setattr(subprocess, "run", run)
    return calls


def test_a_mirror_without_the_json_api_is_reported_as_not_audited(
    audit, monkeypatch, capsys, pip_audit_runs
):
    monkeypatch.delenv("AUDIT_REQUIRE_SERVICE", raising=False)
    monkeypatch.setattr(audit.requests, "get", lambda *a, **k: Answer(404, None))
    monkeypatch.setattr(audit.requests, "post", unreachable)

    assert audit.main() == 0
    assert "NOT audited" in capsys.readouterr().err
    assert pip_audit_runs == []


def test_unreachable_data_fails_when_the_service_is_required(audit, monkeypatch, pip_audit_runs):
    monkeypatch.setenv("AUDIT_REQUIRE_SERVICE", "1")
    monkeypatch.setattr(audit.requests, "get", unreachable)
    monkeypatch.setattr(audit.requests, "post", unreachable)

    assert audit.main() == 1


def test_with_pypi_reachable_a_vulnerable_pin_fails(audit, monkeypatch, pip_audit_runs):
    monkeypatch.setattr(
        audit.requests, "get", lambda *a, **k: Answer(200, {"info": {}, "vulnerabilities": []})
    )

    assert audit.main() == 1
    (command,) = pip_audit_runs
    assert command[command.index("--vulnerability-service") + 1] == "pypi"
    assert "--strict" in command and "requirements.txt" in command


def test_with_only_osv_reachable_osv_is_used(audit, monkeypatch, pip_audit_runs):
    monkeypatch.setattr(audit.requests, "get", unreachable)
    monkeypatch.setattr(audit.requests, "post", lambda *a, **k: Answer(200, {}))

    audit.main()

    (command,) = pip_audit_runs
    assert command[command.index("--vulnerability-service") + 1] == "osv"
