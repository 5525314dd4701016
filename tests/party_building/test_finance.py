"""Donations and expenditures: recording opens the matter when a threshold is crossed; confirm is
refused with R-PB-02 until the Party pre-review approves (services and API)."""

from datetime import date
from decimal import Decimal

import pytest

from core.audit import entries_for
from core.errors import DomainError
from party_building.gate import matter_for
from party_building.models import Donation, Expenditure, MajorMatter
from party_building.services import finance
from party_building.services.matters import approve_matter

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def test_below_threshold_expenditure_is_not_gated_and_confirms(society_a, secretary_a):
    exp = finance.record_expenditure(
        actor=secretary_a, society=society_a, amount=Decimal("499999.99"), purpose="会务", spent_on=TODAY
    )
    assert matter_for(exp) is None and not MajorMatter.objects.exists()
    exp = finance.confirm_expenditure(actor=secretary_a, expenditure=exp)
    assert exp.status == "confirmed"
    assert entries_for(exp).filter(action="party_building.expenditure.confirm").exists()


def test_large_expenditure_is_gated_until_approved(society_a, secretary_a, reviewer_a):
    exp = finance.record_expenditure(
        actor=secretary_a, society=society_a, amount=Decimal("800000"), purpose="学术年会", spent_on=TODAY
    )
    matter = matter_for(exp)
    assert matter.kind == "large_expenditure" and matter.status == "pending" and matter.amount == 800000
    with pytest.raises(DomainError) as refused:
        finance.confirm_expenditure(actor=secretary_a, expenditure=exp)
    assert refused.value.rule == "R-PB-02" and matter.title in str(refused.value.message)
    exp.refresh_from_db()
    assert exp.status == "recorded"
    assert not entries_for(exp).filter(action="party_building.expenditure.confirm").exists()
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    assert finance.confirm_expenditure(actor=secretary_a, expenditure=exp).status == "confirmed"


def test_foreign_donation_of_one_yuan_is_gated(society_a, secretary_a):
    donation = finance.record_donation(
        actor=secretary_a,
        society=society_a,
        donor="Foreign Foundation",
        amount=Decimal("1.00"),
        purpose="研讨会",
        received_on=TODAY,
        is_foreign=True,
    )
    matter = matter_for(donation)
    assert matter.kind == "large_donation" and matter.is_foreign
    with pytest.raises(DomainError) as refused:
        finance.confirm_donation(actor=secretary_a, donation=donation)
    assert refused.value.rule == "R-PB-02"
    domestic = finance.record_donation(
        actor=secretary_a,
        society=society_a,
        donor="某企业",
        amount=Decimal("199999.99"),
        purpose="科普",
        received_on=TODAY,
    )
    assert matter_for(domestic) is None
    assert finance.confirm_donation(actor=secretary_a, donation=domestic).status == "confirmed"


def test_threshold_lowered_after_recording_still_gates(society_a, secretary_a, cast_admin):
    from core.rule_settings import change_rule_setting

    exp = finance.record_expenditure(
        actor=secretary_a, society=society_a, amount=Decimal("300000"), purpose="出版", spent_on=TODAY
    )
    change_rule_setting(actor=cast_admin, key="large_expenditure_threshold", value="200000")
    with pytest.raises(DomainError) as refused:
        finance.confirm_expenditure(actor=secretary_a, expenditure=exp)
    assert refused.value.rule == "R-PB-02"
    assert matter_for(exp) is not None  # opened and kept although the confirmation was refused


def test_api_create_confirm_refused_then_approved(api, society_a, secretary_a, reviewer_a):
    client = api.as_user(secretary_a)
    body = {"society": society_a.pk, "amount": "800000.00", "purpose": "学术年会", "spent_on": "2026-03-01"}
    created = client.post("/api/v1/expenditures/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "recorded" and data["amount"] == "800000.00"
    assert data["matter"]["status"] == "pending"
    refused = client.post(f"/api/v1/expenditures/{data['id']}/confirm/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["rule"] == "R-PB-02" and data["matter"]["title"] in refused.json()["detail"]
    approved = api.as_user(reviewer_a).post(
        f"/api/v1/major-matters/{data['matter']['id']}/approve/", {"comment": "同意"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    client = api.as_user(secretary_a)
    ok = client.post(f"/api/v1/expenditures/{data['id']}/confirm/", {}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"
    again = client.post(f"/api/v1/expenditures/{data['id']}/confirm/", {}, format="json")
    assert again.status_code == 409 and again.json()["status"] == "confirmed"
    history = client.get(f"/api/v1/expenditures/{data['id']}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "recorded"),
        ("recorded", "confirmed"),
    ]


def test_api_donation_foreign_and_scope(api, society_a, society_b, secretary_a, secretary_b):
    client = api.as_user(secretary_a)
    body = {
        "society": society_a.pk,
        "donor": "Overseas Fund",
        "amount": "1.00",
        "is_foreign": True,
        "purpose": "交流",
        "received_on": "2026-03-01",
    }
    data = client.post("/api/v1/donations/", body, format="json").json()
    assert data["matter"]["status"] == "pending" and data["is_foreign"] is True
    # another society's secretary cannot see it, nor record for society A
    other = api.as_user(secretary_b)
    assert other.get(f"/api/v1/donations/{data['id']}/").status_code == 404
    assert other.post(f"/api/v1/donations/{data['id']}/confirm/", {}, format="json").status_code == 404
    assert other.post("/api/v1/donations/", body, format="json").status_code == 403
    assert Donation.objects.count() == 1
    bad = client.post("/api/v1/donations/", {**body, "amount": "0"}, format="json")
    assert bad.status_code == 400 and "amount" in bad.json()
    assert Expenditure.objects.count() == 0
