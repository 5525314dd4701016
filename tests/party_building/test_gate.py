"""The one pre-review gate (R-PB-02): thresholds, linking, idempotence, every kind gating its object."""

from decimal import Decimal

import pytest

from core.audit import entries_for
from core.errors import DomainError, TransitionNotAllowed
from core.rule_settings import change_rule_setting
from party_building.choices import MatterKind, MatterStatus
from party_building.gate import (
    ensure_cleared,
    is_cleared,
    matter_for,
    needs_pre_review,
    require_matter,
    withdraw_obsolete,
)
from party_building.models import MajorMatter
from party_building.services.matters import approve_matter, resubmit_matter, return_matter

from ..factories import CharterVersionFactory, filing_data

pytestmark = pytest.mark.django_db


def test_thresholds_come_from_rule_settings(cast_admin):
    assert not needs_pre_review("large_expenditure", Decimal("499999.99"))
    assert needs_pre_review("large_expenditure", Decimal("500000.00"))
    assert not needs_pre_review("large_donation", Decimal("199999.99"))
    assert needs_pre_review("large_donation", Decimal("200000"))
    assert needs_pre_review("large_donation", Decimal("1"), is_foreign=True)
    for kind in ("plan", "award_selection", "talent_recommendation", "election"):
        assert needs_pre_review(kind)
    change_rule_setting(actor=cast_admin, key="large_expenditure_threshold", value="100000")
    assert needs_pre_review("large_expenditure", Decimal("100000"))


@pytest.mark.parametrize("kind", MatterKind.values)
def test_each_kind_gates_its_object(kind, society_a, secretary_a, reviewer_a):
    """Any object is held until its matter is approved (a society's charter version stands in for an
    award round, a plan, a recommendation …)."""
    obj = CharterVersionFactory(society=society_a)
    assert is_cleared(obj) and matter_for(obj) is None
    matter = require_matter(
        obj, kind=kind, society=society_a, title=f"事项 {kind}", actor=secretary_a, amount=Decimal("900000")
    )
    assert matter.status == MatterStatus.PENDING and matter.linked == obj
    assert not is_cleared(obj)
    with pytest.raises(DomainError) as refused:
        ensure_cleared(obj)
    assert refused.value.rule == "R-PB-02"
    assert f"事项 {kind}" in str(refused.value.message)
    return_matter(actor=reviewer_a, matter=matter, opinion="请补充材料")
    with pytest.raises(DomainError):
        ensure_cleared(obj)
    resubmit_matter(actor=secretary_a, matter=matter, comment="已补充")
    assert not is_cleared(obj)
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    assert is_cleared(obj)
    ensure_cleared(obj)


def test_require_matter_is_idempotent_and_audited(society_a, secretary_a, reviewer_a):
    charter = CharterVersionFactory(society=society_a)
    first = require_matter(charter, kind="plan", society=society_a, title="年度计划", actor=secretary_a)
    again = require_matter(charter, kind="plan", society=society_a, title="年度计划", actor=secretary_a)
    assert first.pk == again.pk
    approve_matter(actor=reviewer_a, matter=first, opinion="同意")
    assert (
        require_matter(charter, kind="plan", society=society_a, title="x", actor=secretary_a).pk == first.pk
    )
    created = entries_for(first).filter(action="party_building.majormatter.created")
    assert created.count() == 1 and created.get().actor == secretary_a


def test_every_kind_linked_to_one_object_must_be_approved(society_a, secretary_a, reviewer_a):
    """An activity with a foreign donation and a large budget carries two matters; both must pass."""
    obj = CharterVersionFactory(society=society_a)
    donation = require_matter(
        obj, kind="large_donation", society=society_a, title="境外捐赠", actor=secretary_a, is_foreign=True
    )
    spending = require_matter(
        obj, kind="large_expenditure", society=society_a, title="大额预算", actor=secretary_a, amount=600000
    )
    approve_matter(actor=reviewer_a, matter=spending, opinion="同意")
    assert not is_cleared(obj)
    with pytest.raises(DomainError) as refused:
        ensure_cleared(obj)
    assert "境外捐赠" in str(refused.value.message)
    approve_matter(actor=reviewer_a, matter=donation, opinion="同意")
    assert is_cleared(obj)


# --- an approval covers only the facts it judged (R-PB-02) --------------------------------------------


def _donation_matter(obj, society, actor, amount, is_foreign=True, title="境外捐赠"):
    return require_matter(
        obj,
        kind="large_donation",
        society=society,
        title=title,
        actor=actor,
        amount=amount,
        is_foreign=is_foreign,
    )


def test_approval_of_other_facts_does_not_clear_a_changed_matter(society_a, secretary_a, reviewer_a):
    """A ¥1 foreign donation was approved; raised to ¥5,000,000 it needs a new pre-review."""
    obj = CharterVersionFactory(society=society_a)
    small = _donation_matter(obj, society_a, secretary_a, Decimal("1.00"))
    approve_matter(actor=reviewer_a, matter=small, opinion="同意")
    assert _donation_matter(obj, society_a, secretary_a, Decimal("1")).pk == small.pk  # same facts: reused

    raised = _donation_matter(obj, society_a, secretary_a, Decimal("5000000"), title="境外捐赠 500万")
    assert raised.pk != small.pk
    assert raised.status == MatterStatus.PENDING and raised.amount == Decimal("5000000")
    assert matter_for(obj) == raised
    assert not is_cleared(obj)
    with pytest.raises(DomainError) as refused:
        ensure_cleared(obj)
    assert refused.value.rule == "R-PB-02" and "境外捐赠 500万" in str(refused.value.message)
    small.refresh_from_db()
    assert small.status == MatterStatus.APPROVED  # the earlier decision is kept as it was
    created = entries_for(raised).filter(action="party_building.majormatter.created").get()
    assert created.actor == secretary_a and created.data["amount"] == "5000000"
    # asking again with the same new facts is idempotent
    assert _donation_matter(obj, society_a, secretary_a, Decimal("5000000.00")).pk == raised.pk
    approve_matter(actor=reviewer_a, matter=raised, opinion="同意")
    assert is_cleared(obj)


def test_foreign_flag_change_needs_a_new_pre_review(society_a, secretary_a, reviewer_a):
    obj = CharterVersionFactory(society=society_a)
    domestic = _donation_matter(obj, society_a, secretary_a, Decimal("300000"), is_foreign=False)
    approve_matter(actor=reviewer_a, matter=domestic, opinion="同意")
    foreign = _donation_matter(obj, society_a, secretary_a, Decimal("300000"), is_foreign=True)
    assert foreign.pk != domestic.pk and foreign.is_foreign and not is_cleared(obj)


def test_open_matter_is_revised_to_the_current_facts(society_a, secretary_a, reviewer_a):
    """A pending/returned matter is not approved yet: it is kept, but the reviewer judges the new amount."""
    obj = CharterVersionFactory(society=society_a)
    matter = _donation_matter(obj, society_a, secretary_a, Decimal("1"))
    return_matter(actor=reviewer_a, matter=matter, opinion="请说明用途")
    again = _donation_matter(obj, society_a, secretary_a, Decimal("5000000"), title="境外捐赠 500万")
    assert again.pk == matter.pk
    matter.refresh_from_db()
    assert matter.status == MatterStatus.RETURNED and matter.amount == Decimal("5000000")
    assert matter.title == "境外捐赠 500万"
    revised = entries_for(matter).filter(action="party_building.majormatter.revised").get()
    assert revised.data["before"]["amount"] == "1.00" and revised.data["after"]["amount"] == "5000000.00"
    assert revised.actor == secretary_a
    assert matter.history.filter(amount=Decimal("1")).exists()  # the earlier version is kept
    assert MajorMatter.objects.count() == 1


def test_activity_raised_donation_after_return_needs_new_pre_review(
    society_a, secretary_a, cast_admin, reviewer_a
):
    """The reviewer's example end to end: a filing's ¥1 foreign donation was pre-reviewed; the filing was
    returned, the donation raised to ¥5,000,000 and resubmitted — CAST cannot approve it on the old
    approval."""
    from activities import services as activities
    from activities.models import Activity

    activity = activities.create_filing(
        actor=secretary_a,
        society=society_a,
        data=filing_data(
            title="国际有机化学研讨会",
            foreign_donation=Decimal("1.00"),
            foreign_partner="Wiley",
            foreign_affairs_approval_ref="外事〔2026〕12号",
        ),
    )
    activity = activities.submit_filing(actor=secretary_a, activity=activity)
    first = matter_for(activity)
    approve_matter(actor=reviewer_a, matter=first, opinion="同意")
    activities.return_filing(actor=cast_admin, activity=activity, comment="请补充合作协议")
    activities.update_filing(
        actor=secretary_a, activity=activity, data={"foreign_donation": Decimal("5000000.00")}
    )
    activity = activities.submit_filing(actor=secretary_a, activity=Activity.objects.get(pk=activity.pk))
    second = matter_for(activity)
    assert second.pk != first.pk and second.status == "pending" and second.amount == Decimal("5000000")
    with pytest.raises(DomainError) as refused:
        activities.approve_filing(actor=cast_admin, activity=activity)
    assert refused.value.rule == "R-PB-02"
    assert Activity.objects.get(pk=activity.pk).status == "submitted"
    approve_matter(actor=reviewer_a, matter=second, opinion="同意")
    assert activities.approve_filing(actor=cast_admin, activity=activity).status == "approved"


# --- matters the object no longer needs are withdrawn -------------------------------------------------


def test_withdraw_obsolete_releases_the_object(society_a, secretary_a, reviewer_a):
    obj = CharterVersionFactory(society=society_a)
    donation = _donation_matter(obj, society_a, secretary_a, Decimal("1"))
    spending = require_matter(
        obj, kind="large_expenditure", society=society_a, title="大额预算", actor=secretary_a, amount=600000
    )
    plan = require_matter(obj, kind="plan", society=society_a, title="年度计划", actor=secretary_a)
    return_matter(actor=reviewer_a, matter=spending, opinion="预算过高")
    approve_matter(actor=reviewer_a, matter=plan, opinion="同意")
    assert not is_cleared(obj)

    # the donation was removed and the budget dropped under the threshold: only the plan is still needed
    withdrawn = withdraw_obsolete(obj, keep_kinds=["plan"], actor=secretary_a)
    assert {m.pk for m in withdrawn} == {donation.pk, spending.pk}
    assert is_cleared(obj)
    ensure_cleared(obj)
    assert matter_for(obj) == plan
    statuses = dict(MajorMatter.objects.values_list("pk", "status"))
    assert statuses == {donation.pk: "withdrawn", spending.pk: "withdrawn", plan.pk: "approved"}  # kept
    for matter, before in ((donation, "pending"), (spending, "returned")):
        entry = entries_for(matter).get(action="party_building.majormatter.withdraw")
        assert (entry.from_status, entry.to_status) == (before, "withdrawn")
        assert entry.actor == secretary_a and entry.data["rule"] == "R-PB-02"
    # idempotent, and approved matters are never withdrawn
    assert withdraw_obsolete(obj, keep_kinds=[], actor=secretary_a) == []
    plan.refresh_from_db()
    assert plan.status == "approved"
    # a withdrawn matter cannot be decided any more
    with pytest.raises(TransitionNotAllowed):
        approve_matter(actor=reviewer_a, matter=donation, opinion="同意")
    # the donation comes back: a new pending matter holds the object again
    back = _donation_matter(obj, society_a, secretary_a, Decimal("1"))
    assert back.pk != donation.pk and back.status == "pending" and not is_cleared(obj)


def test_withdraw_obsolete_keeps_needed_kinds_and_checks_kinds(society_a, secretary_a):
    obj = CharterVersionFactory(society=society_a)
    donation = _donation_matter(obj, society_a, secretary_a, Decimal("1"))
    assert withdraw_obsolete(obj, keep_kinds={MatterKind.LARGE_DONATION}, actor=secretary_a) == []
    donation.refresh_from_db()
    assert donation.status == "pending" and not is_cleared(obj)
    with pytest.raises(ValueError):
        withdraw_obsolete(obj, keep_kinds=["donation"], actor=secretary_a)
    other = CharterVersionFactory(society=society_a, version=2)
    other_matter = _donation_matter(other, society_a, secretary_a, Decimal("1"))
    withdraw_obsolete(obj, keep_kinds=[], actor=secretary_a)
    other_matter.refresh_from_db()
    assert other_matter.status == "pending"  # only matters linked to obj


def test_withdrawn_matter_api_and_pages(api, login, society_a, secretary_a, reviewer_a):
    obj = CharterVersionFactory(society=society_a)
    matter = _donation_matter(obj, society_a, secretary_a, Decimal("1"))
    withdraw_obsolete(obj, keep_kinds=[], actor=secretary_a)
    response = api.as_user(reviewer_a).post(
        f"/api/v1/major-matters/{matter.pk}/approve/", {"comment": "同意"}, format="json"
    )
    assert response.status_code == 409
    assert api.as_user(reviewer_a).get(f"/api/v1/major-matters/{matter.pk}/").json()["status"] == "withdrawn"
    web = login(reviewer_a)
    assert web.get(f"/party-building/matters/{matter.pk}/").status_code == 200
    assert f'data-matter="{matter.pk}"' not in web.get("/party-building/matters/").text  # not in the queue
