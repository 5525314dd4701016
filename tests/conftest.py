"""Personas mapped to the roles of DOMAIN.md, and the clients that act as them."""

import os

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from core.roles import Role

from .factories import PASSWORD, BranchFactory, SocietyFactory, UserFactory, token_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs an event loop


@pytest.fixture
def society_a(db):
    return SocietyFactory(code="ccs", name="中国化学会", name_en="Chinese Chemical Society")


@pytest.fixture
def society_b(db):
    return SocietyFactory(
        code="cps", name="中国物理学会", name_en="Chinese Physical Society", business_scope=["140"]
    )


@pytest.fixture
def branch_x(society_a):
    return BranchFactory(society=society_a, name="有机化学专业委员会")


@pytest.fixture
def branch_y(society_a):
    return BranchFactory(society=society_a, name="分析化学专业委员会")


@pytest.fixture
def cast_admin(db):
    return UserFactory(username="cast", roles=[{"role": Role.CAST_ADMIN}])


@pytest.fixture
def regulator(db):
    return UserFactory(username="mca", roles=[{"role": Role.REGULATOR}])


@pytest.fixture
def secretary_a(society_a):
    return UserFactory(username="sec_a", roles=[{"role": Role.SECRETARY, "society": society_a}])


@pytest.fixture
def secretary_b(society_b):
    return UserFactory(username="sec_b", roles=[{"role": Role.SECRETARY, "society": society_b}])


@pytest.fixture
def reviewer_a(society_a):
    return UserFactory(username="rev_a", roles=[{"role": Role.PARTY_REVIEWER, "society": society_a}])


@pytest.fixture
def branch_officer_x(branch_x):
    return UserFactory(username="officer_x", roles=[{"role": Role.BRANCH_OFFICER, "branch": branch_x}])


@pytest.fixture
def member(db):
    return UserFactory(username="member1", roles=[{"role": Role.MEMBER}])


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Each test starts with empty API throttle counters (they live in the default cache, shared by
    every test of the process): the production rates stay in force within a test."""
    cache.clear()


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates it with a new token of that user."""
    client = APIClient()

    def as_user(user):
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def login(client):
    """Log the Django test client in as a persona — with the second factor passed for the roles that
    require it (tests/support/two_factor.py)."""
    from .support.two_factor import verify_session

    def _login(user):
        # With a request, as a login form sends it: django-axes refuses an authenticate() without one.
        request = RequestFactory().post("/accounts/login/")
        assert client.login(request=request, username=user.username, password=PASSWORD)
        verify_session(client, user)
        return client

    return _login


# --- Playwright against Debian's chromium (never a downloaded browser) ---

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
