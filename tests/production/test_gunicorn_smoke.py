"""The portal as production runs it: collectstatic with the manifest storage into a fresh folder, then
gunicorn with DJANGO_DEBUG=false on PostgreSQL (the test database) and a Redis broker, checked over HTTP.

The rest of the suite runs with test settings (plain static storage, in-process tasks); this test is
the one that would have seen every production page answer 500 for a missing manifest entry.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.two_factor import requires_two_factor
from core.roles import Role
from tests.factories import PASSWORD, BranchFactory, SocietyFactory, UserFactory
from tests.support.two_factor import code_for, enrol

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A tiny HTTP client over loopback that behaves like a browser behind the TLS proxy: it sends
    X-Forwarded-Proto: https (so secure cookies and CSRF's Referer check apply as in production) and
    keeps cookies itself (secure cookies would not be sent over plain http by a cookie jar)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, *, json_body=None, token=None, files=None
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "zh-hans",
            "Referer": origin + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            data = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        if files is not None:  # {field: (filename, bytes)} beside the form fields of `body`, as multipart
            boundary = "smoke-boundary-7f3a"
            parts = []
            for key, value in (body or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
                )
            encoded = "".join(parts).encode()
            for key, (filename, content) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                )
                encoded += head.encode() + content + b"\r\n"
            data = encoded + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        if token:
            headers["Authorization"] = f"Token {token}"
            headers.pop("Cookie", None)
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        content = response.read().decode("utf-8", errors="replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path):
        return self.request("GET", path)

    def login(self, username: str):
        """The password, then — for the roles that require it — the code on the verification page."""
        status, _, page = self.get("/accounts/login/")
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, page = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/"},
        )
        assert status == 302, f"login of {username} answered {status}: {page[:300]}"
        assert "sessionid" in self.cookies
        user = get_user_model().objects.get(username=username)
        if not requires_two_factor(user):
            return
        status, headers, _ = self.get("/")
        assert status == 302 and headers["Location"].startswith("/accounts/two-factor/verify/"), headers
        status, _, page = self.get(headers["Location"])
        assert status == 200 and 'name="code"' in page, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, page = self.request(
            "POST",
            "/accounts/two-factor/verify/",
            {"csrfmiddlewaretoken": token, "code": code_for(user), "next": "/"},
        )
        assert status == 302 and headers["Location"] == "/", f"verify of {username}: {status} {page[:300]}"

    def api_token(self, username: str) -> str:
        """POST auth/token/ with the password and, for the roles that require it, the current code."""
        body = {"username": username, "password": PASSWORD}
        user = get_user_model().objects.get(username=username)
        if requires_two_factor(user):
            status, _, answer = self.request("POST", "/api/v1/auth/token/", json_body=body)
            assert status == 400 and "otp" in json.loads(answer), answer  # not without the second factor
            body["otp"] = code_for(user)
        status, _, answer = self.request("POST", "/api/v1/auth/token/", json_body=body)
        assert status == 200, answer
        return json.loads(answer)["token"]


@pytest.fixture
def personas(db):
    """One user per role; passwords hashed with the production hasher (test settings use MD5)."""
    society = SocietyFactory(code="ccs", name="中国化学会")
    branch = BranchFactory(society=society, name="有机化学专业委员会")
    rows = {
        "cast_admin": [{"role": Role.CAST_ADMIN}],
        "regulator": [{"role": Role.REGULATOR}],
        "secretary": [{"role": Role.SECRETARY, "society": society}],
        "party_reviewer": [{"role": Role.PARTY_REVIEWER, "society": society}],
        "branch_officer": [{"role": Role.BRANCH_OFFICER, "branch": branch}],
        "member": [{"role": Role.MEMBER}],
    }
    users = {}
    for name, roles in rows.items():
        user = UserFactory(username=f"smoke_{name}", roles=roles)
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
        enrol(user)  # production has 2FA on: CAST, secretaries and Party reviewers pass a code after it
        users[name] = user
    return users


@pytest.fixture(scope="module")
def collected(tmp_path_factory, django_db_setup):
    """collectstatic with the production storage, once for the module (collecting and compressing every
    static file is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("production")
    static_root = tmp_path / "static"
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "smoke-test-production-secret-" + "s" * 40,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "STATIC_ROOT": str(static_root),
        "PORTAL_ERROR_PROBE": "true",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    return tmp_path, env, manifest


@pytest.fixture
def gunicorn(collected):
    """gunicorn for one test: each test flushes the tables, and post_migrate re-creates the content types
    under new ids, which a worker kept from an earlier test would still hold in its cache (every login
    writes an audit entry naming the user's content type)."""
    tmp_path, env, manifest = collected
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)
        yield port, manifest
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        print(log.read()[-4000:])
        log.close()


@pytest.fixture
def production_server(gunicorn, personas):
    port, manifest = gunicorn
    return Browser(port), manifest, personas


def test_production_pages_over_http(production_server):
    browser, manifest, personas = production_server

    # Plain HTTP is sent to HTTPS (SECURE_SSL_REDIRECT) — the proxy header is what makes the rest work.
    conn = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=10)
    conn.request("GET", "/accounts/login/", headers={"Host": f"127.0.0.1:{browser.port}"})
    assert conn.getresponse().status == 301
    conn.close()

    status, headers, page = browser.get("/accounts/login/")
    assert status == 200, page[:1000]
    assert "学会治理与服务平台" in page and 'name="username"' in page
    hashed_css = manifest["vendor/bootstrap.min.css"]
    assert hashed_css != "vendor/bootstrap.min.css" and f"/static/{hashed_css}" in page
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=")

    status, headers, css = browser.get(f"/static/{hashed_css}")
    assert status == 200 and ".container" in css
    assert "immutable" in headers.get("Cache-Control", "") or "max-age" in headers.get("Cache-Control", "")
    status, _, _ = browser.get("/static/vendor/bootstrap.min.css.map")
    assert status == 404

    status, _, docs = browser.get("/api/docs/")
    assert status == 200 and "swagger" in docs.lower()
    sidecar = re.search(r'src="(/static/drf_spectacular_sidecar/[^"]+\.js)"', docs)
    assert sidecar, docs[:1500]
    assert browser.get(sidecar.group(1))[0] == 200
    status, _, schema = browser.get("/api/schema/?format=json")
    assert status == 200 and '"openapi"' in schema

    status, _, missing = browser.get("/no-such-page/")
    assert status == 404
    assert "404" in missing and f"/static/{hashed_css}" in missing  # the styled page, not Django's

    status, _, failed = browser.get("/__probe__/500/")
    assert status == 500
    assert "系统发生错误" in failed and "Traceback" not in failed

    status, _, health = browser.get("/healthz")
    assert status == 200 and '"ok"' in health

    expectations = {
        "cast_admin": "科协管理员",
        "regulator": "民政部",
        "secretary": "中国化学会",
        "party_reviewer": "中国化学会",
        "branch_officer": "有机化学专业委员会",
        "member": "会员",
    }
    for role, text in expectations.items():
        session = Browser(browser.port)
        session.login(personas[role].username)
        status, _, dashboard = session.get("/")
        assert status == 200, f"{role}: {status} {dashboard[:500]}"
        assert text in dashboard, role
        assert f"/static/{hashed_css}" in dashboard
        status, _, _ = session.get("/accounts/login/")
        assert status == 302  # signed in: the login page sends them on


def test_production_api_writes_and_registration_page(production_server):
    """The issue's new writes, tried through gunicorn: token auth, POST societies/ (201, then a duplicate
    credit code 400 naming the field), and CAST's registration page."""
    from tests.factories import make_credit_code

    browser, _, personas = production_server
    token = browser.api_token("smoke_cast_admin")
    society = {
        "code": "cms",
        "name": "中国数学会",
        "discipline": "science",
        "credit_code": make_credit_code(95001),
        "business_scope": ["110"],
    }
    status, _, body = browser.request("POST", "/api/v1/societies/", json_body=society, token=token)
    assert status == 201, body
    status, _, body = browser.request(
        "POST", "/api/v1/societies/", json_body={**society, "code": "cms2", "name": "另一个"}, token=token
    )
    assert status == 400 and "credit_code" in json.loads(body), body
    status, _, body = browser.request(
        "POST", "/api/v1/societies/", json_body={"a": [[[[[[[[[[[]]]]]]]]]]]}, token=token
    )
    assert status == 400, body

    session = Browser(browser.port)
    session.login("smoke_cast_admin")
    status, _, page = session.get("/societies/register/")
    assert status == 200 and "统一社会信用代码" in page
    secretary = Browser(browser.port)
    secretary.login("smoke_secretary")
    assert secretary.get("/societies/register/")[0] == 403


def test_production_compliance_pages(production_server):
    """Issue 12 through gunicorn: the board with its vendored Chart.js (hashed name), the sweeps page,
    a control page, and `POST compliance/sweeps/` answering 202 with a queued job (the Redis broker
    takes it; no worker runs in this test)."""
    browser, _, personas = production_server
    session = Browser(browser.port)
    session.login(personas["cast_admin"].username)
    status, _, board = session.get("/compliance/")
    assert status == 200 and "合规看板" in board, board[:500]
    assert "/static/vendor/chart.umd.min." in board and "/static/compliance/dashboard." in board
    assert session.get("/compliance/sweeps/")[0] == 200
    status, _, control = session.get("/compliance/controls/R-GOV-04/")
    assert status == 200 and "R-GOV-04" in control
    status, _, csv = session.get("/compliance/charts/by_rule.csv")
    assert status == 200 and "规则" in csv

    token = browser.api_token("smoke_cast_admin")
    status, _, body = browser.request("POST", "/api/v1/compliance/sweeps/", json_body={}, token=token)
    assert status == 202, body
    assert json.loads(body)["status"] == "queued"


def test_production_report_pages(production_server):
    """Issue 13 through gunicorn: the reports list, the annual reports, the scorecard table with its
    vendored radar script, and `POST reports/` answering 202 with a queued job for the worker."""
    browser, _, personas = production_server
    session = Browser(browser.port)
    session.login(personas["cast_admin"].username)
    status, _, page = session.get("/reports/")
    assert status == 200 and "年度工作报告" in page, page[:500]
    assert session.get("/reports/annual/")[0] == 200
    status, _, table = session.get("/reports/scorecard/")
    assert status == 200 and "一流学会评估" in table
    token = browser.api_token("smoke_cast_admin")
    status, _, body = browser.request(
        "POST", "/api/v1/reports/", json_body={"kind": "award_list"}, token=token
    )
    assert status == 202 and json.loads(body)["status"] == "queued", body
    secretary = Browser(browser.port)
    secretary.login(personas["secretary"].username)
    status, _, annual = secretary.get("/reports/annual/")
    assert status == 200 and "open-annual" in annual


def test_production_tables_import_job_and_scorecard(production_server):
    """Issues 15 and 16 through gunicorn: the lists moved onto the table component this session answer
    with their column choice; a member list of more than IN_REQUEST_ROWS rows is held and queued as a job
    (no worker here: it waits, queued) whose page answers; the scorecard says when it was counted."""
    from members.import_export import IN_REQUEST_ROWS
    from members.models import MemberImport
    from societies.models import Society

    browser, _, personas = production_server
    cast = Browser(browser.port)
    cast.login(personas["cast_admin"].username)
    for path in (
        "/party-building/organizations/",
        "/party-building/finance/",
        "/branches/cleanup/",
        "/societies/cast/",
        "/members/training/",
        "/members/training/overdue/",
        "/awards/listing/",
        "/accounts/logins/",
    ):
        status, _, page = cast.get(path)
        assert status == 200, (path, page[:300])
        assert "显示列" in page, path  # the column choice of the table component
    status, _, public = Browser(browser.port).get("/awards/")
    assert status == 200
    status, _, table = cast.get("/reports/scorecard/")
    assert status == 200 and 'id="scorecard-computed"' in table and "统计时间" in table

    secretary = Browser(browser.port)
    secretary.login(personas["secretary"].username)
    society = Society.objects.get(code="ccs")
    status, _, form = secretary.get(f"/societies/{society.pk}/members/import/")
    assert status == 200, form[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    from bench.members_io import csv_file

    content = csv_file(0, IN_REQUEST_ROWS + 5)
    status, headers, body = secretary.request(
        "POST",
        f"/societies/{society.pk}/members/import/",
        {"csrfmiddlewaretoken": token},
        files={"file": ("members.csv", content)},
    )
    job = MemberImport.objects.get(society=society)
    assert status == 302 and headers["Location"] == f"/societies/{society.pk}/members/imports/{job.pk}/", (
        body[:300]
    )
    assert job.status == "queued" and job.file
    status, _, page = secretary.get(headers["Location"])
    assert status == 200 and 'id="import-progress"' in page and "会员导入" in page
    held = ROOT / "var" / "media" / job.file.name  # the production MEDIA_ROOT the server wrote to
    assert held.read_bytes() == content
    held.unlink()


def test_production_workspace_charts_and_rows_built_in_python(production_server):
    """This session's changes through gunicorn with DEBUG off: the society workspace draws the trend
    charts from the manifest's static files with its own CSV links (another society's refused); the
    scorecard's and the tables' rows, now built in Python, are there; the clean-up list reads the stored
    last-activity date."""
    from societies.models import Society

    browser, _, personas = production_server
    secretary = Browser(browser.port)
    secretary.login(personas["secretary"].username)
    own = Society.objects.get(code="ccs")
    other = SocietyFactory(code="cps", name="中国物理学会")
    BranchFactory(society=own, name="无机化学专业委员会", status="active", established_on=date(2015, 1, 1))
    status, _, page = secretary.get(f"/societies/{own.pk}/workspace/")
    assert status == 200, page[:300]
    assert 'id="dashboard-trends"' in page and 'id="dashboard-charts"' in page
    chart_js = re.search(r'src="(/static/vendor/chart\.umd\.min\.[0-9a-f]+\.js)"', page)
    assert chart_js, "Chart.js from the hashed static files"
    assert secretary.get(chart_js.group(1))[0] == 200
    status, headers, csv = secretary.get(f"/charts/branches_by_status.csv?society={own.pk}")
    assert status == 200 and "ccs" in headers["Content-Disposition"] and csv.count("\n") >= 7
    assert secretary.get(f"/charts/branches_by_status.csv?society={other.pk}")[0] == 404

    cast = Browser(browser.port)
    cast.login(personas["cast_admin"].username)
    status, _, table = cast.get("/reports/scorecard/")
    assert status == 200 and table.count("<tr data-society=") == 2 and "中国物理学会" in table
    status, _, cleanup = cast.get("/branches/cleanup/")
    assert status == 200 and 'data-reason="inactive"' in cleanup and "<tr class=" in cleanup
