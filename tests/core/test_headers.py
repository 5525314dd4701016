"""Issue 14, finding 8: authenticated pages are not cached, a Content-Security-Policy without inline
script or style holds on every page (and the templates give it nothing inline to block), a
Permissions-Policy is sent, and X-Forwarded-Proto is believed only behind the TLS proxy."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# PDFs are rendered by WeasyPrint from these, never served to a browser: their <style> is theirs.
SERVED = [p for p in (ROOT / "templates").rglob("*.html") if "reports/pdf" not in p.as_posix()]
INLINE = [
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)),
    ("event handler attribute", re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)),
    ("style attribute", re.compile(r"<[^>]+\sstyle\s*=", re.I)),
    ("style element", re.compile(r"<style[\s>]", re.I)),
]


@pytest.mark.parametrize("template", SERVED, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_have_nothing_inline_for_the_policy_to_block(template):
    text = template.read_text()
    found = [what for what, pattern in INLINE if pattern.search(text)]
    assert not found, f"{template}: {found} — move it to static/portal.js or static/portal.css"


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored_and_carry_the_policies(login, secretary_a, society_a):
    response = login(secretary_a).get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_anonymous_pages_carry_the_policy_too(client):
    response = client.get("/accounts/login/")
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response
    assert response.get("Cache-Control") != "no-store"


def test_forwarded_proto_is_not_believed_by_default(settings):
    from django.test import RequestFactory

    assert settings.SECURE_PROXY_SSL_HEADER is None
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is False
