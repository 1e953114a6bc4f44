"""`make audit`: pip-audit over the pins; a clear notice when no vulnerability data is reachable.

pip-audit needs a vulnerability service: PyPI's JSON API (the default), OSV or
ecosyste.ms, all online; it has no offline database. On a machine whose package
index is a mirror without the JSON API (or without the internet) pip-audit can
only report every pin as "not found", which says nothing about vulnerabilities.

So this script first asks PyPI, then osv.dev, about a package that certainly exists:
- no answer (or not the JSON API): say so plainly and exit 0 - NOT AUDITED;
  set AUDIT_REQUIRE_SERVICE=1 to make that an error instead;
- an answer: run pip-audit over requirements.txt and requirements-dev.txt with
  --strict, and exit with its status, so a known vulnerability fails CI.
"""

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
# pip-audit itself is pinned in requirements-dev.txt: it exists on PyPI. The
# per-version endpoint is the one pip-audit reads (with its "vulnerabilities");
# a mirror may serve the per-project one, whose list covers only the latest release.
PIP_AUDIT = version("pip-audit")
PYPI_PROBE = f"https://pypi.org/pypi/pip-audit/{PIP_AUDIT}/json"
OSV_PROBE = "https://api.osv.dev/v1/query"
EXIT_UNREACHABLE = 0


def pypi_problem() -> str:
    """Why PyPI's vulnerability data cannot be read from here, or "" when it can."""
    try:
        response = requests.get(PYPI_PROBE, timeout=20)
    except requests.RequestException as error:
        return f"{PYPI_PROBE} did not answer ({type(error).__name__})"
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if (
        response.status_code != 200
        or not isinstance(answer, dict)
        or "vulnerabilities" not in answer
    ):
        return (
            f"{PYPI_PROBE} answered HTTP {response.status_code} without the JSON API "
            "(a package mirror, not PyPI)"
        )
    return ""


def osv_problem() -> str:
    """Why osv.dev cannot be read from here, or "" when it can."""
    query = {"package": {"name": "pip-audit", "ecosystem": "PyPI"}, "version": PIP_AUDIT}
    try:
        response = requests.post(OSV_PROBE, json=query, timeout=20)
    except requests.RequestException as error:
        return f"{OSV_PROBE} did not answer ({type(error).__name__})"
    if response.status_code != 200:
        return f"{OSV_PROBE} answered HTTP {response.status_code}"
    return ""


def main() -> int:
    service = "pypi"
    problems = [pypi_problem()]
    if problems[0]:
        service = "osv"
        problems.append(osv_problem())
    if all(problems):
        required = os.environ.get("AUDIT_REQUIRE_SERVICE") == "1"
        sys.stderr.write(
            "make audit: vulnerability data UNREACHABLE, the pins were NOT audited.\n"
            + "".join(f"  {problem}.\n" for problem in problems)
            + "  pip-audit has no offline database; run `make audit` where PyPI or\n"
            "  osv.dev can be reached (CI with internet access) before a release.\n"
        )
        return 1 if required else EXIT_UNREACHABLE
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--vulnerability-service",
        service,
        "--requirement",
        "requirements.txt",
        "--requirement",
        "requirements-dev.txt",
        # Every pin is exact (pip freeze): no resolver, no throwaway virtualenv.
        "--no-deps",
        "--disable-pip",
        "--strict",
        "--progress-spinner",
        "off",
    ]
    return subprocess.run(command, cwd=PROJECT).returncode


if __name__ == "__main__":
    sys.exit(main())
