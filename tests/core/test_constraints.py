"""Every check and unique constraint reaches the user as a translated message on its field (core.constraints):
in full_clean and model forms, at the write (IntegrityError), on the web and in the API. Never a raw name."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import BaseConstraint, UniqueConstraint
from django.utils import translation

from activities.models import Activity
from branches.models import Branch
from core.api.errors import exception_handler
from core.constraints import FieldCheckConstraint, FieldUniqueConstraint, domain_error_for

from ..factories import filing_data

PROJECT_APPS = {
    "accounts",
    "activities",
    "awards",
    "branches",
    "compliance",
    "core",
    "members",
    "party_building",
    "societies",
}
CONSTRAINTS = [
    (model, constraint)
    for model in apps.get_models()
    if model._meta.app_label in PROJECT_APPS
    for constraint in model._meta.constraints
]
IDS = [f"{model._meta.label}.{constraint.name}" for model, constraint in CONSTRAINTS]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _read_fields(constraint) -> set[str]:
    """The fields a constraint reads: a ModelForm validates it only when the form has all of them."""
    fields = set(getattr(constraint, "fields", ()))
    condition = getattr(constraint, "condition", None)
    if condition is not None:
        fields |= condition.referenced_base_fields
    return fields


def test_the_walk_sees_every_constraint():
    assert len(CONSTRAINTS) >= 26
    assert {m._meta.app_label for m, _ in CONSTRAINTS} >= {
        "activities",
        "branches",
        "compliance",
        "members",
        "party_building",
        "societies",
    }


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=IDS)
def test_constraint_speaks_translated_on_a_real_field(model, constraint):
    assert isinstance(constraint, FieldCheckConstraint | FieldUniqueConstraint)
    model._meta.get_field(constraint.field)  # a real field of the model
    assert constraint.field in _read_fields(constraint)
    message = constraint.violation_error_message
    with translation.override("en"):
        english = str(message)
    with translation.override("zh-hans"):
        chinese = str(message)
    assert english != BaseConstraint.default_violation_error_message
    assert "%(name)s" not in english and constraint.name not in english and constraint.name not in chinese
    assert chinese != english and HAN.search(chinese), "translate it in locale/zh_Hans"
    assert constraint.rule is None or re.fullmatch(r"R-[A-Z]+-\d+", constraint.rule)
    _path, _args, kwargs = constraint.deconstruct()
    assert kwargs["field"] == constraint.field and kwargs.get("rule") == constraint.rule


class _PsycopgError(Exception):
    """What psycopg2 puts behind Django's IntegrityError: `diag.constraint_name`."""

    def __init__(self, name):
        super().__init__("violation")
        self.diag = type("Diag", (), {"constraint_name": name})()


def _postgres_text(constraint) -> str:
    kind = "unique" if isinstance(constraint, UniqueConstraint) else "check"
    return f'new row violates {kind} constraint "{constraint.name}"\nDETAIL:  Failing row contains (1).'


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=IDS)
def test_domain_error_for_names_field_message_and_rule(model, constraint):
    by_diag = IntegrityError("violation")
    by_diag.__cause__ = _PsycopgError(constraint.name)
    by_text = IntegrityError(_postgres_text(constraint))
    for exc in (by_diag, by_text):
        error = domain_error_for(exc)
        assert error is not None
        assert (error.field, error.rule) == (constraint.field, constraint.rule)
        assert str(error.message) == str(constraint.violation_error_message)


def test_domain_error_for_ignores_other_integrity_errors():
    not_null = IntegrityError('null value in column "name" violates not-null constraint')
    assert domain_error_for(not_null) is None
    unknown = IntegrityError("violation")
    unknown.__cause__ = _PsycopgError("accounts_user_username_key")
    assert domain_error_for(unknown) is None
    assert exception_handler(unknown, {}) is None  # a real server error, not dressed up as a 400


# --- activity_dates_ordered, end to end ----------------------------------------------------------------

END_BEFORE_START = "结束日期不能早于开始日期。"


def _backwards(**overrides):
    data = filing_data(**overrides)
    data["starts_on"], data["ends_on"] = data["ends_on"], data["starts_on"]
    return data


@pytest.mark.django_db
def test_full_clean_puts_the_message_on_ends_on(society_a):
    activity = Activity(society=society_a, **_backwards())
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        activity.validate_constraints()
    assert exc.value.message_dict == {"ends_on": [END_BEFORE_START]}


@pytest.mark.django_db
def test_api_end_before_start_is_a_400_on_ends_on(api, secretary_a, society_a):
    body = {**_backwards(), "society": society_a.pk}
    body["starts_on"], body["ends_on"] = str(body["starts_on"]), str(body["ends_on"])
    client = api.as_user(secretary_a)
    response = client.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400
    assert response.json()["ends_on"] == [END_BEFORE_START]
    assert "activity_dates_ordered" not in response.content.decode()
    assert not Activity.objects.exists()

    body["starts_on"], body["ends_on"] = body["ends_on"], body["starts_on"]
    pk = client.post("/api/v1/activities/", body, format="json").json()["id"]
    edited = client.patch(f"/api/v1/activities/{pk}/", {"ends_on": "2000-01-01"}, format="json")
    assert edited.status_code == 400 and edited.json()["ends_on"] == [END_BEFORE_START]


@pytest.mark.django_db
def test_web_form_end_before_start_shows_the_message_on_ends_on(login, secretary_a):
    data = {k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in _backwards().items()}
    response = login(secretary_a).post("/activities/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [END_BEFORE_START]
    assert END_BEFORE_START in html and "activity_dates_ordered" not in html
    assert not Activity.objects.exists()


# --- a real IntegrityError at the write ------------------------------------------------------------------


@pytest.mark.django_db
def test_api_duplicate_branch_name_past_the_service_check_is_a_400_on_name(
    api, secretary_a, society_a, branch_x, monkeypatch
):
    """Two proposals racing past `check_unique_name`: the database refuses the second one and the API
    answers with the constraint's message on `name` (exception_handler), not a 500."""
    monkeypatch.setattr("branches.rules.check_unique_name", lambda *args, **kwargs: None)
    response = api.as_user(secretary_a).post(
        "/api/v1/branches/",
        {"society": society_a.pk, "name": branch_x.name, "business_scope": ["15020"]},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == ["本学会已有同名的分支机构。"] and body["detail"] == body["name"][0]
    assert "branch_name_unique_in_society" not in response.content.decode()
    assert Branch.objects.filter(society=society_a, name=branch_x.name).count() == 1


@pytest.mark.django_db
def test_api_second_party_organization_at_a_level_names_level_and_rule(api, secretary_a, society_a):
    client = api.as_user(secretary_a)
    body = {"society": society_a.pk, "level": "council_committee", "secretary_name": "赵", "members_count": 9}
    assert client.post("/api/v1/party-organizations/", body, format="json").status_code == 201
    dup = client.post("/api/v1/party-organizations/", body, format="json")
    assert dup.status_code == 400
    assert dup.json()["level"] == ["本学会在该层级已有党组织。"] and dup.json()["rule"] == "R-PB-04"
