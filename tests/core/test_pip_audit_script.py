"""scripts/pip-audit.sh, the `make test` step: skipped (exit 0, "skipped: offline") where PyPI's advisory
data cannot be reached; where it can, a known vulnerability fails the build and a clean report passes.

The script runs against a stand-in virtualenv: its `pip-audit` is a stub printing a prepared JSON report,
and the probe URL points at a local server (reachable) or a closed port (offline)."""

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "pip-audit.sh"


@pytest.fixture
def venv(tmp_path):
    """A stand-in venv: bin/python is this interpreter, bin/pip-audit prints $FAKE_REPORT and exits with
    $FAKE_STATUS, and leaves a mark that it ran."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    stub = bin_dir / "pip-audit"
    stub.write_text('#!/usr/bin/env bash\ntouch "$FAKE_MARK"\ncat "$FAKE_REPORT"\nexit "$FAKE_STATUS"\n')
    stub.chmod(0o755)
    return tmp_path


@pytest.fixture
def pypi():
    """A local 'PyPI' answering the release JSON with its `vulnerabilities` field."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = json.dumps({"info": {"name": "pip", "version": "24.0"}, "vulnerabilities": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/pypi/pip/24.0/json"
    server.shutdown()


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/pypi/pip/24.0/json"  # nothing listens there any more


def run(venv, probe, report: dict | None = None, status: int = 0):
    report_file = venv / "report.json"
    report_file.write_text(json.dumps(report or {"dependencies": [], "fixes": []}))
    env = {
        **os.environ,
        "PIP_AUDIT_PROBE_URL": probe,
        "PIP_AUDIT_PROBE_TIMEOUT": "3",
        "FAKE_REPORT": str(report_file),
        "FAKE_STATUS": str(status),
        "FAKE_MARK": str(venv / "ran"),
    }
    result = subprocess.run(
        ["bash", str(SCRIPT), str(venv / "venv")], env=env, capture_output=True, text=True, check=False
    )
    return result, (venv / "ran").exists()


def test_offline_is_skipped_clearly_and_does_not_fail(venv):
    result, ran = run(venv, _closed_port_url())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip-audit: skipped: offline" in result.stdout
    assert not ran, "pip-audit is not run when the advisory database cannot be reached"


def test_a_mirror_without_advisory_data_counts_as_offline(venv, pypi):
    # every package "not found on PyPI": what pip-audit reports behind this project's package mirror
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
            {"name": "celery", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        ]
    }
    result, ran = run(venv, pypi, report)
    assert ran and result.returncode == 0
    assert "skipped: offline" in result.stdout


def test_a_known_vulnerability_fails_when_reachable(venv, pypi):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}],
            },
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    result, ran = run(venv, pypi, report, status=1)
    assert ran and result.returncode == 1, result.stdout + result.stderr
    assert "django 5.2.0: PYSEC-2025-1 (fixed in: 5.2.1)" in result.stdout
    assert "skipped" not in result.stdout


def test_a_clean_report_passes_when_reachable(venv, pypi):
    report = {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]}
    result, ran = run(venv, pypi, report)
    assert ran and result.returncode == 0
    assert "no known vulnerabilities in 1 packages" in result.stdout


def test_pip_audit_failing_without_a_report_fails(venv, pypi):
    stub = venv / "venv" / "bin" / "pip-audit"
    stub.write_text('#!/usr/bin/env bash\necho "boom" >&2\nexit 2\n')
    result, _ran = run(venv, pypi)
    assert result.returncode == 2 and "boom" in result.stdout
