"""Issue 14, deliver 3: schemathesis against `/api/schema/` — every operation, as CAST admin and as a
society's secretary, with a few generated examples each (destructive operations included: the test database is
thrown away). No answer may be a 5xx, and every documented answer must match its documented schema.

Generated ids would almost never name a row, so a path's `{id}` is mapped onto the ids the caller's own list
of that resource returns (world.py's objects of society A, built before the run): detail pages, histories
and actions are exercised on real rows. The run is bounded — MAX_EXAMPLES per operation, no shrinking —
so the module stays within about a minute on two cores."""

import json
import time
from collections.abc import Callable

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.exceptions import CheckFailed

from tests.factories import token_for

MAX_EXAMPLES = 3
PREFIX = "/api/v1"

pytestmark = pytest.mark.django_db
SEEDED = [
    *("membership", "application", "change_request", "credit_record", "training_record", "council", "term"),
    *("seat", "officer", "branch_officer_record", "resolution", "filing", "attachment", "matter", "donation"),
    *("expenditure", "party_organization", "election", "candidate", "finding", "evidence", "sweep", "report"),
    *("annual_report", "award_program", "award_round", "nomination", "nomination_material", "review"),
]


@pytest.fixture
def app():
    """The WSGI app, as gunicorn runs it. Like Django's test client, it must not close the test's
    connection (which holds the test transaction) when a request starts or ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world):
    """The objects of society A that the detail routes name (world.py builds each on first use)."""
    for name in SEEDED:
        getattr(world, name)
    return world


def _known_ids(schema, call: Callable) -> dict[str, list[int]]:
    """For each collection `/api/v1/<name>/`, the ids of its first page as the caller sees it."""
    known: dict[str, list[int]] = {}
    for path in schema.raw_schema["paths"]:
        if path.count("{") or "get" not in schema.raw_schema["paths"][path]:
            continue
        response = call("GET", path)
        if response.status_code != 200:
            continue
        body = response.get_json(silent=True)
        rows = body.get("results", []) if isinstance(body, dict) else body if isinstance(body, list) else []
        known[path] = [row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)]
    return known


def _run(app, user) -> tuple[list[str], int]:
    headers = {"Authorization": f"Token {token_for(user)}"}
    schema = schemathesis.from_wsgi("/api/schema/?format=json", app, headers=headers)

    from werkzeug.test import Client

    client = Client(app)

    def call(method, path):
        with transaction.atomic():
            return client.open(path, method=method, headers=headers)

    known = _known_ids(schema, call)

    @schema.hook
    def map_path_parameters(context, path_parameters):
        """An `{id}` of /api/v1/<name>/{id}/… is one of the rows the caller's list of <name> shows."""
        path = context.operation.path
        ids = known.get(path[: path.index("{")]) if "{" in path else None
        if ids and isinstance(path_parameters.get("id"), int):
            path_parameters["id"] = ids[path_parameters["id"] % len(ids)]
        return path_parameters

    failures: list[str] = []
    calls = [0]

    def checker(operation):
        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            calls[0] += 1
            with transaction.atomic():  # a refusal's set_rollback() stays within this request
                response = case.call_wsgi(headers=headers)
                transaction.set_rollback(True)
            try:
                case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
            except CheckFailed as exc:
                body = response.get_data(as_text=True)[:300]
                failures.append(
                    f"{operation.method.upper()} {operation.path} -> {response.status_code}: "
                    f"{' / '.join(str(exc).strip().splitlines()[:12])[:700]} | {body}"
                )

        return check

    for result in schema.get_all_operations():
        checker(result.ok())()
    return failures, calls[0]


@pytest.mark.parametrize("persona", ["cast_admin", "secretary_a"])
def test_api_schema_holds_under_generated_requests(app, seeded, persona):
    started = time.monotonic()
    failures, calls = _run(app, seeded.users[persona])
    elapsed = time.monotonic() - started
    print(f"schemathesis as {persona}: {calls} requests in {elapsed:.0f} s")  # noqa: T201 - pytest -s shows it
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} failures:\n" + "\n".join(unique[:60])


def test_schema_is_served_as_json(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200 and "paths" in json.loads(response.content)
