"""Run the repository's VCL (deploy/varnish/default.vcl) in front of local app servers.

Used by the two-server test and by `make bench`. A backends.vcl written to a
temporary folder, found before the repository's own on varnishd's vcl_path,
points the proxy at the given servers (round robin).
"""

import http.client
import shutil
import subprocess
import time
from pathlib import Path

VCL_DIR = Path(__file__).resolve().parents[1] / "deploy" / "varnish"


def varnishd():
    return shutil.which("varnishd") or next(
        (p for p in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if Path(p).exists()), None
    )


def start(folder: Path, port: int, servers: list[int], logfile: Path) -> subprocess.Popen:
    """varnishd on 127.0.0.1:`port`, in front of the app servers on `servers` (ports)."""
    folder.mkdir(parents=True, exist_ok=True)
    backends = [
        f'backend app{n} {{ .host = "127.0.0.1"; .port = "{server}"; }}'
        for n, server in enumerate(servers)
    ]
    adds = "".join(f"    app.add_backend(app{n});\n" for n in range(len(servers)))
    (folder / "backends.vcl").write_text(
        "import directors;\n"
        + "\n".join(backends)
        + "\nsub vcl_init {\n    new app = directors.round_robin();\n"
        + adds
        + "}\nsub vcl_recv {\n    set req.backend_hint = app.backend();\n}\n"
    )
    with open(logfile, "ab") as out:
        process = subprocess.Popen(
            [
                varnishd(), "-F", "-j", "none", "-a", f"127.0.0.1:{port}",
                "-f", str(VCL_DIR / "default.vcl"), "-p", f"vcl_path={folder}:{VCL_DIR}",
                "-n", str(folder / "work"), "-s", "malloc,128m",
            ],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    for _ in range(100):
        assert process.poll() is None, f"varnishd exited; see {logfile}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("PURGE", "/")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    process.terminate()
    raise RuntimeError(f"varnishd did not answer on {port}; see {logfile}")


def stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
