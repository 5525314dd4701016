"""Issue 14, findings 6 and 7: bad input is a 400 (or a form error) naming the field, never a 500, and values
that should be refused are refused — on the API, on the web pages and in the services."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts.services import create_user
from activities.models import Activity
from branches.forms import OfficerForm
from branches.models import BranchOfficer
from core.api.parsers import json_depth
from core.errors import DomainError
from core.forms import parse_id
from core.models import RuleSettingValue
from core.rule_settings import SPECS, all_rule_settings, change_rule_setting, rule_setting
from tests.factories import ActivityFactory, MajorMatterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _post_json(client, url, body: str, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


# --- finding 6: JSON bodies ---------------------------------------------------------------------------------


def test_json_depth_counts_structure_not_strings():
    assert json_depth('{"a": "[[[[[[", "b": [1, {"c": []}]}') == 4
    assert json_depth('{"a": "\\"[["}') == 1
    assert json_depth('"just text"') == 0


def test_deeply_nested_json_is_a_400_naming_the_body(api, cast_admin):
    body = "[" * 5000 + "]" * 5000
    response = _post_json(api.as_user(cast_admin), "/api/v1/societies/", body)
    assert response.status_code == 400
    assert "request body" in response.json()["detail"].lower() or "请求" in response.json()["detail"]


def test_nesting_within_the_limit_is_read(api, cast_admin):
    body = json.dumps({"name": [[[[1]]]]})
    response = _post_json(api.as_user(cast_admin), "/api/v1/societies/", body)
    assert response.status_code == 400  # a validation answer about the fields, not the body's shape
    assert "name" in response.json()


@override_settings(API_JSON_MAX_BYTES=1000)
def test_oversized_json_body_is_a_400(api, cast_admin):
    response = _post_json(api.as_user(cast_admin), "/api/v1/societies/", json.dumps({"name": "x" * 2000}))
    assert response.status_code == 400
    assert "1000" in response.json()["detail"]


@pytest.mark.parametrize("body", ["null", "[]", '"a string"', "42", "[{}]"])
def test_a_body_that_is_not_an_object_is_a_400(api, cast_admin, society_a, body):
    client = api.as_user(cast_admin)
    for method, url in [
        ("patch", f"/api/v1/societies/{society_a.pk}/"),
        ("post", "/api/v1/societies/"),
        ("post", f"/api/v1/societies/{society_a.pk}/suspend/"),
        ("patch", "/api/v1/settings/"),
    ]:
        response = _post_json(client, url, body, method=method)
        assert response.status_code == 400, (method, url, response.status_code)
        assert "object" in response.json()["detail"] or "对象" in response.json()["detail"]


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity"])
def test_json_numbers_beyond_float_are_a_400(api, secretary_a, society_a, number):
    body = '{"actual_participants": NUMBER, "summary": "x"}'.replace("NUMBER", number)
    activity = ActivityFactory(society=society_a)
    response = _post_json(api.as_user(secretary_a), f"/api/v1/activities/{activity.pk}/summary/", body)
    assert response.status_code == 400


def test_nul_in_a_json_body_is_a_400_naming_the_field(api, cast_admin, society_a):
    response = api.as_user(cast_admin).patch(
        f"/api/v1/societies/{society_a.pk}/", {"name_en": "Chem\x00ical"}, format="json"
    )
    assert response.status_code == 400 and "name_en" in response.json()


def test_nul_nested_in_a_json_body_names_its_path(api, cast_admin, society_a):
    response = api.as_user(cast_admin).patch(
        f"/api/v1/societies/{society_a.pk}/", {"business_scope": ["150", "\x00"]}, format="json"
    )
    assert response.status_code == 400 and "business_scope.1" in response.json()


def test_nul_in_a_query_parameter_is_not_a_500(api, cast_admin, login):
    assert api.as_user(cast_admin).get("/api/v1/societies/", {"search": "a\x00b"}).status_code == 400
    assert login(cast_admin).get("/societies/", {"q": "a\x00b"}).status_code == 400


# --- finding 6: numbers the columns cannot hold -------------------------------------------------------------


@pytest.mark.parametrize("number", [10**30, 1.5e308, "1" + "0" * 30])
def test_huge_numbers_on_the_activity_summary_are_a_400(api, secretary_a, society_a, number):
    activity = ActivityFactory(society=society_a)
    response = api.as_user(secretary_a).post(
        f"/api/v1/activities/{activity.pk}/summary/",
        {"actual_participants": number, "summary": "ok"},
        format="json",
    )
    assert response.status_code == 400 and "actual_participants" in response.json()


@pytest.mark.parametrize("number", [str(10**30), "1.5e308"])
def test_huge_numbers_on_the_branch_assessment_form_are_a_form_error(login, secretary_a, branch_x, number):
    response = login(secretary_a).post(
        f"/branches/{branch_x.pk}/assess/",
        {"year": "2024", "members_served": number, "grade": "good", "reason": "x"},
    )
    assert response.status_code == 200
    assert "members_served" in response.context["form"].errors


# --- finding 6: digits that are not ASCII -------------------------------------------------------------------


def test_parse_id_takes_only_ascii_digits_in_range():
    assert parse_id("42") == 42
    for value in ["²", "١٢", "４２", "-1", "", "1.0", " 1", None, "9" * 20, "0"]:
        assert parse_id(value) is None, value


@pytest.mark.parametrize(
    "path",
    [
        "/activities/",
        "/activities/?branch=²",
        "/branches/",
        "/branches/cleanup/",
        "/members/applications/",
        "/party-building/matters/",
        "/party-building/organizations/",
        "/awards/",
        "/awards/manage/",
        "/compliance/findings/",
        "/members/people/search/?field=person&q=王",
    ],
)
def test_unicode_digits_in_list_page_parameters_are_no_500(login, cast_admin, path):
    sep = "&" if "?" in path else "?"
    response = login(cast_admin).get(f"{path}{sep}society=²")
    assert response.status_code < 500, response.status_code


def test_unicode_digits_to_the_person_picker_and_check_endpoints(login, secretary_a, society_a):
    client = login(secretary_a)
    assert client.get("/members/people/search/", {"society": "²", "q": "王"}).status_code == 404
    assert client.post("/activities/check/", {"activity_id": "²", "society_id": "²"}).status_code < 500
    assert client.post("/branches/check/", {"editing_pk": "²", "society_id": "²"}).status_code < 500


def test_unicode_digits_in_an_api_number_name_the_field(api, secretary_a, society_a):
    activity = ActivityFactory(society=society_a)
    for digits in ["١٢", "²", "１２"]:
        response = api.as_user(secretary_a).post(
            f"/api/v1/activities/{activity.pk}/summary/",
            {"actual_participants": digits, "summary": "ok"},
            format="json",
        )
        assert response.status_code == 400 and "actual_participants" in response.json(), digits


def test_unicode_digits_in_a_web_number_are_a_form_error(login, secretary_a, branch_x):
    response = login(secretary_a).post(
        f"/branches/{branch_x.pk}/assess/",
        {"year": "٢٠٢٤", "members_served": "1", "grade": "good", "reason": "x"},
    )
    assert response.status_code == 200 and "year" in response.context["form"].errors


def test_nul_in_a_web_choice_is_a_form_error(login, secretary_a, branch_x):
    response = login(secretary_a).post(
        f"/branches/{branch_x.pk}/assess/",
        {"year": "2024", "members_served": "1", "grade": "good", "reason": "a\x00b"},
    )
    assert response.status_code == 200 and "reason" in response.context["form"].errors


# --- finding 6: POST users/ without a password --------------------------------------------------------------


def test_creating_a_user_without_password_names_the_field(api, cast_admin):
    response = api.as_user(cast_admin).post("/api/v1/users/", {"username": "newbie"}, format="json")
    assert response.status_code == 400 and "password" in response.json()


def test_an_empty_password_still_means_set_it_by_reset(api, cast_admin):
    response = api.as_user(cast_admin).post(
        "/api/v1/users/", {"username": "newbie", "password": ""}, format="json"
    )
    assert response.status_code == 201


# --- finding 7: rule settings -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e30", str(10**30), "-1", "sNaN"])
def test_a_rule_setting_must_be_finite_and_in_range(cast_admin, value):
    with pytest.raises(DomainError) as caught:
        change_rule_setting(actor=cast_admin, key="large_expenditure_threshold", value=value)
    assert caught.value.field == "large_expenditure_threshold" and caught.value.rule == "R-PB-02"
    assert rule_setting("large_expenditure_threshold") == Decimal("500000.00")


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("branch_quorum_ratio", "1.5"),
        ("award_winner_ratio_cap", "-0.1"),
        ("branch_rectification_days", "0"),
        ("branch_rectification_days", "36500"),
        ("scorecard_weight_academic", "101"),
        ("activity_lead_days", "2.5"),
        ("activity_lead_days", "١٢"),
        ("annual_report_due", "13-45"),
    ],
)
def test_each_setting_has_its_range_and_names_its_own_rule(cast_admin, key, bad):
    with pytest.raises(DomainError) as caught:
        change_rule_setting(actor=cast_admin, key=key, value=bad)
    assert caught.value.field == key and caught.value.rule == (SPECS[key].rule or None)


def test_every_setting_declares_a_range_its_default_lies_in():
    for spec in SPECS.values():
        if spec.type is str:
            continue
        assert spec.min is not None and spec.max is not None, spec.key
        assert spec.min <= spec.default <= spec.max, spec.key


def test_api_refuses_infinity_naming_the_setting(api, cast_admin):
    response = api.as_user(cast_admin).patch(
        "/api/v1/settings/", {"large_donation_threshold": "Infinity", "comment": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "large_donation_threshold" and response.json()["rule"] == "R-PB-02"


def test_a_stored_bad_value_falls_back_to_the_default_and_the_page_warns(login, cast_admin):
    RuleSettingValue.objects.create(key="large_expenditure_threshold", value="Infinity")
    RuleSettingValue.objects.create(key="branch_inactive_months", value=str(10**30))
    assert rule_setting("large_expenditure_threshold") == Decimal("500000.00")
    assert all_rule_settings()["branch_inactive_months"] == 12
    response = login(cast_admin).get("/settings/")
    assert response.status_code == 200
    assert response.context["invalid"] == ["large_expenditure_threshold", "branch_inactive_months"] or set(
        response.context["invalid"]
    ) == {"large_expenditure_threshold", "branch_inactive_months"}


# --- finding 7: negative money ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["budget", "participant_fee", "fee_to_society", "foreign_donation"])
def test_negative_activity_money_is_refused_by_the_database(society_a, field):
    activity = ActivityFactory(society=society_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(**{field: Decimal("-1")})


def test_negative_activity_money_is_a_400_on_the_api(api, secretary_a, society_a):
    activity = ActivityFactory(society=society_a, status="draft")
    response = api.as_user(secretary_a).patch(
        f"/api/v1/activities/{activity.pk}/", {"budget": "-100.00"}, format="json"
    )
    assert response.status_code == 400 and "budget" in response.json()


def test_negative_matter_amount_and_fees_are_refused(society_a):
    matter = MajorMatterFactory(society=society_a)
    matter.amount = Decimal("-5")
    with pytest.raises(ValidationError) as caught:
        matter.full_clean()
    assert "amount" in caught.value.message_dict
    membership = MembershipFactory(society=society_a)
    membership.fees_paid = Decimal("-1")
    with pytest.raises(ValidationError) as caught:
        membership.full_clean()
    assert "fees_paid" in caught.value.message_dict


def test_negative_matter_amount_on_the_web_form(login, secretary_a, society_a):
    response = login(secretary_a).post(
        "/party-building/matters/new/",
        {"society": society_a.pk, "kind": "other", "title": "x", "amount": "-10", "description": ""},
    )
    assert response.status_code == 200 and "amount" in response.context["form"].errors


# --- finding 7: dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_implausible_dates_are_a_400_naming_the_field(api, cast_admin, society_a, day):
    response = api.as_user(cast_admin).patch(
        f"/api/v1/societies/{society_a.pk}/", {"founded_on": day}, format="json"
    )
    assert response.status_code == 400 and "founded_on" in response.json()


def test_plausible_dates_pass(api, cast_admin, society_a):
    response = api.as_user(cast_admin).patch(
        f"/api/v1/societies/{society_a.pk}/", {"founded_on": "1907-05-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["founded_on"] == str(date(1907, 5, 1))


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_implausible_dates_on_a_web_form(login, secretary_a, branch_x, day):
    response = login(secretary_a).post(
        f"/branches/{branch_x.pk}/officers/", {"name": "王", "position": "chair", "since": day}
    )
    assert response.status_code == 302 and not BranchOfficer.objects.filter(branch=branch_x).exists()
    assert "since" in OfficerForm({"name": "王", "position": "chair", "since": day}).errors


# --- finding 7: text length ---------------------------------------------------------------------------------


def test_100000_character_comment_is_a_400(api, cast_admin, society_a):
    response = api.as_user(cast_admin).post(
        f"/api/v1/societies/{society_a.pk}/suspend/", {"comment": "长" * 100_000}, format="json"
    )
    assert response.status_code == 400 and "comment" in response.json()


def test_narratives_may_be_long_but_not_endless(api, secretary_a, society_a):
    activity = ActivityFactory(society=society_a)
    url = f"/api/v1/activities/{activity.pk}/summary/"
    client = api.as_user(secretary_a)
    too_long = client.post(url, {"actual_participants": 5, "summary": "字" * 100_001}, format="json")
    assert too_long.status_code == 400 and "summary" in too_long.json()
    long = client.post(url, {"actual_participants": 5, "summary": "字" * 20_000}, format="json")
    assert long.status_code == 200, long.json()


def test_long_text_on_a_web_form_is_a_form_error(login, secretary_a, branch_x):
    response = login(secretary_a).post(
        f"/branches/{branch_x.pk}/assess/",
        {"year": "2024", "members_served": "1", "grade": "good", "reason": "x" * 100_000},
    )
    assert response.status_code == 200 and "reason" in response.context["form"].errors


# --- finding 7: usernames -----------------------------------------------------------------------------------

BAD_USERNAMES = ["\u200b", "ab\u200bc", "admin\u202etxt", "😀", "joe😀", "a\u2066b", "a b"]


@pytest.mark.parametrize("username", BAD_USERNAMES)
def test_invisible_bidi_and_emoji_usernames_are_refused_on_the_api(api, cast_admin, username):
    response = api.as_user(cast_admin).post(
        "/api/v1/users/", {"username": username, "password": "Strong-Pass-8812"}, format="json"
    )
    assert response.status_code == 400 and "username" in response.json()


@pytest.mark.parametrize("username", BAD_USERNAMES)
def test_invisible_bidi_and_emoji_usernames_are_refused_by_the_service(cast_admin, username):
    with pytest.raises(DomainError) as caught:
        create_user(actor=cast_admin, username=username, password=None)
    assert caught.value.field == "username"


@pytest.mark.parametrize("username", BAD_USERNAMES[:4])
def test_invisible_bidi_and_emoji_usernames_are_refused_on_the_web(login, cast_admin, username):
    response = login(cast_admin).post("/accounts/users/new/", {"username": username, "password": ""})
    assert response.status_code == 200 and "username" in response.context["form"].errors


def test_chinese_usernames_remain_welcome(cast_admin):
    assert create_user(actor=cast_admin, username="王小明.chem", password=None).pk


def test_unicode_digits_as_a_scorecard_year_are_no_500(api, login, cast_admin):
    assert api.as_user(cast_admin).get("/api/v1/scorecard/", {"year": "²²²²"}).status_code == 400
    assert login(cast_admin).get("/reports/scorecard/", {"year": "²²²²"}).status_code < 500


def test_a_session_cookie_holding_nul_is_ignored_not_a_500(client, api):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code in (200, 302)
    api.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert api.get("/api/v1/societies/").status_code in (200, 401, 403)
