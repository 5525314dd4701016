"""Past one machine (issue 15, docs/scaling.md): two web nodes — two gunicorn processes with production
settings — on one PostgreSQL database and one Redis, and a Celery worker of the `reports` queue beside
them. Whatever one node or the worker made, the other node serves:

- a session made by logging in on node A is served by node B (sessions live in Redis, REDIS_URL: no row
  is written to the database's session table);
- a document uploaded through node A is downloaded through node B;
- a report asked for through node A's API is rendered by the worker (routed by kind,
  CELERY_ROUTE_BY_KIND) and downloaded through node B.

Files: both nodes and the worker share one MEDIA_ROOT directory here — the stand-in for the S3 bucket of
a real deployment (S3_BUCKET, django-storages; no MinIO server runs on this machine). The nodes hold no
file of their own either way.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session

from activities.models import Attachment
from core.roles import Role
from reports.models import Report
from tests.factories import PASSWORD, ActivityFactory, BranchFactory, SocietyFactory, UserFactory
from tests.support.two_factor import enrol

from .test_gunicorn_smoke import ROOT, Browser, collected, free_port  # noqa: F401 - collected: a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REDIS_DB = 12  # sessions and cache of this test's nodes
BROKER_DB = 13  # this test's broker: no other test's worker takes its tasks


def _wait_port(proc, port, log):
    import socket

    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.2)
    pytest.fail(f"port {port} never opened:\n{log.read_text()}")


def _warm(proc, port, log):
    """The first request loads Django in the gunicorn worker: wait for it (a loaded machine is slow)."""
    import http.client

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/healthz", headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
            conn.getresponse().read()  # any answer: Django is loaded in the worker
            conn.close()
            return
        except OSError:
            pass
        assert proc.poll() is None, log.read_text()
        time.sleep(0.5)
    pytest.fail(f"node on {port} never answered /healthz:\n{log.read_text()}")


@pytest.fixture
def cluster(collected, tmp_path):  # noqa: F811 - the imported fixture
    """Two gunicorn nodes and a `reports` worker sharing the database, Redis and the file store."""
    _tmp, env, _manifest = collected
    media = tmp_path / "shared-media"
    media.mkdir()
    for db in (REDIS_DB, BROKER_DB):
        redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()
    env = {
        **env,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{BROKER_DB}",
        "CELERY_RESULT_BACKEND": f"redis://127.0.0.1:6379/{BROKER_DB}",
        "CELERY_ROUTE_BY_KIND": "true",
        "MEDIA_ROOT": str(media),
    }
    procs = []
    try:
        ports = []
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"node-{name}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "1", "--timeout", "60", "--control-socket", str(tmp_path / f"{name}.ctl")],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            procs.append((proc, log))
            ports.append(port)
        worker_log = tmp_path / "worker.log"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "reports", "--pool=solo"]
            + ["--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["-n", f"reports-{uuid.uuid4().hex[:6]}@%h"],
            cwd=ROOT,
            env=env,
            stdout=worker_log.open("w"),
            stderr=subprocess.STDOUT,
        )
        procs.append((worker, worker_log))
        for (proc, log), port in zip(procs, ports, strict=False):
            _wait_port(proc, port, log)
            _warm(proc, port, log)
        yield ports, media, procs
    finally:
        for proc, _log in procs:
            proc.terminate()
        for proc, log in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            print(log.name, log.read_text()[-3000:])


@pytest.fixture
def secretary(db):
    society = SocietyFactory(code="ccs2", name="中国化学会")
    BranchFactory(society=society, name="有机化学专业委员会")
    user = UserFactory(username="node_secretary", roles=[{"role": Role.SECRETARY, "society": society}])
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    enrol(user)
    return user, society


def _multipart(browser, path, field, filename, content: bytes, fields: dict):
    """POST a multipart form (CSRF token included in `fields`) through the browser's node."""
    import http.client

    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=30)
    origin = f"https://127.0.0.1:{browser.port}"
    conn.request(
        "POST",
        path,
        body=body,
        headers={
            "Host": f"127.0.0.1:{browser.port}",
            "X-Forwarded-Proto": "https",
            "Referer": origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def _download(browser, path) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=30)
    conn.request(
        "GET",
        path,
        headers={
            "Host": f"127.0.0.1:{browser.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        },
    )
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response.status, content


def test_a_session_an_upload_and_a_report_made_on_one_node_are_served_by_the_other(cluster, secretary):
    (port_a, port_b), media, procs = cluster
    user, society = secretary

    # --- the session: signed in (password and second factor) on A, served by B; none in the database
    browser = Browser(port_a)
    browser.login(user.username)
    status, _, page = browser.get(f"/societies/{society.pk}/workspace/")
    assert status == 200, page[:500]
    browser.port = port_b
    status, headers, page = browser.get(f"/societies/{society.pk}/workspace/")
    assert status == 200, (status, headers.get("Location"), page[:300])
    assert society.name in page
    assert not Session.objects.exists(), "sessions are meant to live in Redis, not in the database"
    keys = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).keys("session:*")
    assert keys, "no session key in Redis"

    # --- the upload: a filing's attachment sent to A, downloaded from B
    filing = ActivityFactory(society=society, status="draft", created_by=user, title="节点测试研讨会")
    browser.port = port_a
    _, _, detail = browser.get(f"/activities/{filing.pk}/")
    token = detail.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    status = _multipart(
        browser,
        f"/activities/{filing.pk}/attachments/",
        "file",
        "议程.pdf",
        PDF,
        {"csrfmiddlewaretoken": token},
    )
    assert status == 302
    attachment = Attachment.objects.get(activity=filing)
    assert (media / attachment.file.name).read_bytes() == PDF  # in the shared store, not on node A
    browser.port = port_b
    status, content = _download(browser, f"/activities/attachments/{attachment.pk}/")
    assert (status, content) == (200, PDF)

    # --- the report: asked for on A (API, token with the second factor), rendered by the worker of the
    # `reports` queue, downloaded from B
    browser.port = port_a
    api_token = browser.api_token(user.username)
    status, _, answer = browser.request(
        "POST",
        "/api/v1/reports/",
        json_body={"kind": "branch_roster", "society": society.pk},
        token=api_token,
    )
    assert status == 202, answer
    report_pk = json.loads(answer)["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_pk)
        if report.is_finished:
            break
        assert procs[2][0].poll() is None, procs[2][1].read_text()
        time.sleep(0.3)
    assert report.status == "done", (report.status, report.error, procs[2][1].read_text()[-2000:])
    browser.port = port_b
    status, content = _download(browser, f"/reports/{report_pk}/download.pdf")
    assert status == 200 and content.startswith(b"%PDF") and len(content) > 1000
    assert (media / report.file.name).read_bytes() == content


def test_the_switches_are_off_by_default():
    """Without REDIS_URL, S3_BUCKET, CELERY_ROUTE_BY_KIND or DATABASE_REPLICA_URL the portal runs as one
    machine: sessions in the database, files on the local disk, one queue, one database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "CELERY_"))}
    env |= {"DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in ("REDIS_URL", "S3_BUCKET", "DATABASE_REPLICA_URL", "CACHE_URL"):
        env.pop(name, None)
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'], bool(s.CELERY_TASK_ROUTES),"
        " sorted(s.DATABASES), s.DATABASE_ROUTERS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[:3] == [
        "django.contrib.sessions.backends.db",
        "django.core.files.storage.FileSystemStorage",
        "False",
    ]
    on = env | {
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "S3_BUCKET": "portal",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "CELERY_ROUTE_BY_KIND": "true",
        "DATABASE_REPLICA_URL": "postgres://u:p@replica:5432/portal",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=ROOT,
        env=on,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "django.contrib.sessions.backends.cache" in out and "storages.backends.s3.S3Storage" in out
    assert "True" in out and "'replica'" in out and "core.db_router.ReplicaRouter" in out
