"""Society resource: public directory, CAST-only status actions, 409 and history shapes."""

import pytest
from django.core.exceptions import ValidationError

from societies.validators import validate_credit_code

from ..factories import make_credit_code, wrong_check_digit


@pytest.mark.django_db
def test_directory_is_public(api, society_a, society_b):
    body = api.get("/api/v1/societies/").json()
    assert {s["name"] for s in body["results"]} == {"中国化学会", "中国物理学会"}
    assert api.get("/api/v1/societies/?search=化学").json()["count"] == 1


@pytest.mark.django_db
def test_status_actions_history_and_illegal_move(api, cast_admin, society_a):
    client = api.as_user(cast_admin)
    url = f"/api/v1/societies/{society_a.pk}"
    assert (
        client.post(f"{url}/suspend/", {"comment": "停业整顿"}, format="json").json()["status"] == "suspended"
    )
    refused = client.post(f"{url}/suspend/", {"comment": "again"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["status"] == "suspended" and "detail" in refused.json()
    no_reason = client.post(f"{url}/reinstate/", {}, format="json")
    assert no_reason.status_code == 400 and "comment" in no_reason.json()
    assert client.post(f"{url}/reinstate/", {"comment": "整改完成"}, format="json").status_code == 200
    history = client.get(f"{url}/history/").json()
    assert [(h["from_status"], h["to_status"], h["actor"]) for h in history] == [
        ("active", "suspended", "cast"),
        ("suspended", "active", "cast"),
    ]
    assert set(history[0]) == {"at", "actor", "from_status", "to_status", "comment"}


@pytest.mark.django_db
def test_secretary_cannot_change_status(api, secretary_a, society_a):
    response = api.as_user(secretary_a).post(
        f"/api/v1/societies/{society_a.pk}/suspend/", {"comment": "x"}, format="json"
    )
    assert response.status_code == 403
    society_a.refresh_from_db()
    assert society_a.status == "active"


def test_credit_code_checksum():
    validate_credit_code(make_credit_code(7))
    validate_credit_code("91350100M000100Y43")  # a published real-world code
    good = make_credit_code(7)
    for bad in (wrong_check_digit(good), good[:17], good[:16] + "I" + good[17]):
        with pytest.raises(ValidationError):
            validate_credit_code(bad)
