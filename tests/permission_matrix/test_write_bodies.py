"""Issue 14, finding 6: every write route of the API answers a body that is not an object of fields —
`null`, `[]`, a string, a number, JSON nested 5,000 deep — with a 400 (or its usual refusal: 403, 404,
405, 409; an action that reads no body may succeed), never a 500.

The routes are those the permission matrix walks (every API route of the router), with the fixture objects
of world.py; each body is sent as CAST admin and as society A's secretary, who between them may write
every route (CAST decides, the secretariat files)."""

import pytest
from django.db import transaction
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from tests.factories import token_for

from .table import ROUTES
from .test_matrix import write_methods

BODIES = {
    "null": "null",
    "list": "[]",
    "string": '"text"',
    "number": "42",
    "deep": "[" * 5000 + "]" * 5000,
    "deep_object": '{"a":' * 5000 + "1" + "}" * 5000,
}

API_ROUTES = [
    pytest.param(name, kwargs, id=f"{name}[{label}]" if label else name)
    for name, row in ROUTES.items()
    if row.api
    for label, kwargs, _get, _write in row.cases()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), API_ROUTES)
def test_write_route_refuses_a_body_that_is_not_an_object(world, name, kwargs):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    methods = [m for m in write_methods(resolve(url).func, is_api=True) if m != "delete"]
    wrong = []
    for persona in ("cast_admin", "secretary_a"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.users[persona])}")
        for method in methods:
            for label, body in BODIES.items():
                try:
                    with transaction.atomic():
                        response = getattr(client, method)(url, body, content_type="application/json")
                        transaction.set_rollback(True)  # the next request meets the same world
                    got = str(response.status_code)
                except Exception as exc:  # noqa: BLE001 - a crash is a wrong answer, listed with the others
                    got = f"{type(exc).__name__}: {str(exc)[:100]}"
                if not got.isascii() or not got.isdigit() or int(got) >= 500:
                    wrong.append(f"  {persona} {method.upper()} {label}: {got}")
    assert not wrong, f"{name} {url}\n" + "\n".join(wrong)
