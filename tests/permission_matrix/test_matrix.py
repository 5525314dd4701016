"""The generated permission matrix (NetBox's view-test pattern): table.py's expectation for every route
× persona × method, checked against the real views; and a test that the table lists exactly the routes
the URL resolver and the API router serve, so a new route without a row fails the suite.

One test per route (and per variant of its `step`/`kind`); inside it every persona makes its GET and its
writes, each in a savepoint rolled back afterwards, so a write by one persona (CAST approving a branch)
never changes what the next one meets, and no test depends on another's order.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.test import APIClient
from rest_framework.views import APIView

from ..factories import token_for
from ..support.two_factor import force_login
from .table import ANON, DENY, LOGIN, NONE, OK, PERSONAS, ROUTES

# Not the portal's own pages: Django's admin, the language switch, static and uploaded files.
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
WRITE_METHODS = ("post", "put", "patch", "delete")


def resolver_routes(resolver=None, prefix: str = "", namespace: str = ""):
    """(name, route, callback) of every URL pattern, recursively through includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from resolver_routes(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route, pattern.callback


def test_table_covers_exactly_the_routes():
    from config.urls import router

    served = {name for name, _route, _callback in resolver_routes()}
    router_names = {url.name for url in router.urls}
    assert router_names <= served, "the API router's routes are all served under /api/v1/"
    missing = sorted(served - ROUTES.keys())
    stale = sorted(ROUTES.keys() - served)
    assert not missing, f"routes without a row in tests/permission_matrix/table.py: {missing}"
    assert not stale, f"rows of tests/permission_matrix/table.py for routes that no longer exist: {stale}"


def test_every_row_names_every_persona():
    for name, row in ROUTES.items():
        for label, _kwargs, get, write in row.cases():
            for column, expect in (("get", get), ("write", write)):
                assert set(expect) == set(PERSONAS), f"{name}[{label}] {column}: {sorted(expect)}"


LOGIN_PATH = resolve_url(settings.LOGIN_URL)


def outcome_of(response) -> str:
    code = response.status_code
    if code == 401:
        return LOGIN
    if 300 <= code < 400:
        target = urlsplit(response["Location"])
        return LOGIN if target.path == LOGIN_PATH and "next=" in target.query else OK
    if code in (403, 404):
        return DENY
    if code == 405:
        return NONE
    if 200 <= code < 300 or code in (400, 409, 422):
        return OK
    return f"HTTP {code}"


def write_methods(callback, is_api: bool) -> list[str]:
    """The writes a route offers: POST on a page; on the API the viewset's mapped methods, or the
    APIView's handlers. A route offering none is sent a POST (and should answer 405)."""
    if not is_api:
        return ["post"]
    actions = getattr(callback, "actions", None)
    if actions is not None:
        methods = [m for m in actions if m in WRITE_METHODS]
    else:
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        methods = [m for m in WRITE_METHODS if cls and issubclass(cls, APIView) and hasattr(cls, m)]
    return methods or ["post"]


def _cases():
    for name, row in ROUTES.items():
        for label, kwargs, get, write in row.cases():
            yield pytest.param(name, kwargs, get, write, row.api, id=f"{name}[{label}]" if label else name)


# One request handler for every client: building one loads the middleware, and WhiteNoise then indexes
# every static file (~0.1 s) — eight times per route otherwise. Cookies and credentials stay per client.
_HANDLER = APIClient().handler


def _client() -> APIClient:
    client = APIClient()
    client.handler = _HANDLER
    return client


def _clients(world, is_api: bool) -> dict:
    clients = {ANON: _client()}
    for persona, user in world.users.items():
        client = _client()
        if is_api:  # a token, as other systems call the API (and no CSRF)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        else:  # a session, as a browser (second factor passed for the roles that require it)
            force_login(client, user)
        clients[persona] = client
    return clients


def _request(client, method: str, url: str, is_api: bool):
    if method == "get":
        return client.get(url)
    if is_api:  # an empty body; multipart, which every API view parses
        return getattr(client, method)(url, {}, format="multipart")
    return client.post(url)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "get", "write", "is_api"), list(_cases()))
def test_route(world, name, kwargs, get, write, is_api):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)  # fixture objects built before any request
    plan = [("get", get)] + [(m, write) for m in write_methods(resolve(url).func, is_api)]
    clients = _clients(world, is_api)
    wrong = []
    for persona in PERSONAS:
        for method, expect in plan:
            try:
                with transaction.atomic():
                    response = _request(clients[persona], method, url, is_api)
                    got, detail = outcome_of(response), response.status_code
                    transaction.set_rollback(True)  # the next persona meets the same world
            except Exception as exc:  # noqa: BLE001 - a crash is a wrong answer, listed with the others
                got, detail = "error", f"{type(exc).__name__}: {exc}"
            if got != expect[persona]:
                wrong.append(
                    f"  {persona:<17} {method.upper():<6} expected {expect[persona]:<5} got {got} ({detail})"
                )
    assert not wrong, f"{name} {url}\n" + "\n".join(wrong)


def test_outcomes_are_the_four_symbols():
    for row in ROUTES.values():
        for _label, _kwargs, get, write in row.cases():
            assert set(get.values()) | set(write.values()) <= {OK, DENY, LOGIN, NONE}
