"""members.services: every rule with its refusal, audit rows, email on decision."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import entries_for, status_history
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from members import services
from members.choices import IdType, Region
from members.models import CreditRecord, Membership, MembershipApplication, Person, ProfileChangeRequest
from members.sanctions import active_sanction, is_under_sanction

from ..factories import MembershipFactory, PersonFactory, valid_mainland_id, wrong_check_digit

pytestmark = pytest.mark.django_db


# --- R-MEM-01: one active membership per person per society ------------------------------------


def test_apply_refused_when_active_membership_exists(society_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=member, society=society_a, person=member_person)
    assert exc.value.rule == "R-MEM-01" and exc.value.field == "society"
    assert not MembershipApplication.objects.exists()


def test_apply_refused_when_open_application_exists(society_a, society_b, member, member_person):
    services.apply_for_membership(actor=member, society=society_a, person=member_person)
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=member, society=society_a, person=member_person)
    assert exc.value.rule == "R-MEM-01"
    assert MembershipApplication.objects.count() == 1
    # another society is fine: members may belong to several societies
    services.apply_for_membership(actor=member, society=society_b, person=member_person)
    assert MembershipApplication.objects.count() == 2


def test_database_constraint_refuses_second_active_membership(society_a, member_person):
    MembershipFactory(society=society_a, person=member_person)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Membership.objects.create(society=society_a, person=member_person, status="active", number="X-1")
    assert "one_active_membership_per_society" in str(exc.value)
    # a lapsed one next to the active one is allowed
    MembershipFactory(society=society_a, person=member_person, status="lapsed")


def test_approve_turns_constraint_violation_into_domain_error(society_a, secretary_a, application_a):
    # an active membership appeared behind the application's back (e.g. an import)
    MembershipFactory(society=society_a, person=application_a.person)
    with pytest.raises(DomainError) as exc:
        services.approve_application(actor=secretary_a, application=application_a)
    assert exc.value.rule == "R-MEM-01"
    application_a.refresh_from_db()
    assert application_a.status == "submitted"
    assert Membership.objects.filter(person=application_a.person).count() == 1


def test_renew_refused_when_another_membership_is_active(society_a, secretary_a, member_person):
    old = MembershipFactory(society=society_a, person=member_person, status="lapsed")
    MembershipFactory(society=society_a, person=member_person, status="active")
    with pytest.raises(DomainError) as exc:
        services.change_membership_status(actor=secretary_a, membership=old, action="renew")
    assert exc.value.rule == "R-MEM-01"
    old.refresh_from_db()
    assert old.status == "lapsed"


# --- approval, numbering, email --------------------------------------------------------------


def test_submit_and_approve_creates_numbered_membership_and_mails(
    society_a, member, member_person, secretary_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply_for_membership(
            actor=member, society=society_a, person=member_person, tier="senior", statement="有机合成"
        )
    assert application.needs_explicit_approval is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member1@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_application(actor=secretary_a, application=application, comment="欢迎")
    today = timezone.localdate()
    membership = approved.membership
    assert approved.status == "approved" and approved.decided_by == secretary_a
    assert approved.comment == "欢迎" and approved.decided_by == secretary_a
    assert membership.status == "active" and membership.tier == "senior"
    assert membership.number == f"CCS-{today.year}-000001"
    assert membership.joined_on == today and membership.valid_until == services.one_year_after(today)
    assert len(mail.outbox) == 2 and membership.number in mail.outbox[1].body
    assert [(e.from_status, e.to_status) for e in status_history(approved)] == [
        ("", "submitted"),
        ("submitted", "approved"),
    ]
    assert entries_for(membership).filter(action="members.membership.created").exists()


def test_membership_numbers_continue_the_sequence(society_a, secretary_a):
    year = timezone.localdate().year
    MembershipFactory(society=society_a, number=f"CCS-{year}-000041")
    application = MembershipApplication.objects.create(society=society_a, person=PersonFactory())
    approved = services.approve_application(actor=secretary_a, application=application)
    assert approved.membership.number == f"CCS-{year}-000042"


def test_reject_needs_comment_and_mails(secretary_a, application_a, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError) as exc:
        services.reject_application(actor=secretary_a, application=application_a, comment="  ")
    assert exc.value.field == "comment"
    with django_capture_on_commit_callbacks(execute=True):
        rejected = services.reject_application(
            actor=secretary_a, application=application_a, comment="材料不全"
        )
    assert rejected.status == "rejected" and rejected.membership is None
    assert len(mail.outbox) == 1 and "材料不全" in mail.outbox[0].body
    assert not Membership.objects.exists()


def test_deciding_twice_is_a_transition_error(secretary_a, application_a):
    services.approve_application(actor=secretary_a, application=application_a)
    with pytest.raises(TransitionNotAllowed) as exc:
        services.reject_application(actor=secretary_a, application=application_a, comment="x")
    assert exc.value.status == "approved"
    with pytest.raises(TransitionNotAllowed):
        services.approve_application(actor=secretary_a, application=application_a)
    assert Membership.objects.count() == 1


# --- R-MEM-02: HK/Macao/Taiwan/foreign flagged, explicit approval ----------------------------


def test_flagged_application_needs_explicit_confirmation(society_a, secretary_a, hk_person, cast_admin):
    application = services.apply_for_membership(actor=cast_admin, society=society_a, person=hk_person)
    assert application.needs_explicit_approval is True
    with pytest.raises(DomainError) as exc:
        services.approve_application(actor=secretary_a, application=application)
    assert exc.value.rule == "R-MEM-02" and exc.value.field == "confirm_flagged"
    application.refresh_from_db()
    assert application.status == "submitted" and not Membership.objects.exists()
    approved = services.approve_application(actor=secretary_a, application=application, confirm_flagged=True)
    assert approved.status == "approved"
    entry = entries_for(approved).get(action="members.membershipapplication.approve")
    assert entry.data["confirmed_flagged"] is True


@pytest.mark.parametrize("region", ["mainland", "hong_kong", "macao", "taiwan", "foreign"])
def test_flag_follows_region(society_a, cast_admin, region):
    person = PersonFactory(region=region)
    application = services.apply_for_membership(actor=cast_admin, society=society_a, person=person)
    assert application.needs_explicit_approval is (region != "mainland")


# --- cross-society and role refusals ---------------------------------------------------------


def test_other_society_secretary_cannot_decide(secretary_b, application_a, member):
    for actor in (secretary_b, member):
        with pytest.raises(PermissionDenied):
            services.approve_application(actor=actor, application=application_a)
        with pytest.raises(PermissionDenied):
            services.reject_application(actor=actor, application=application_a, comment="x")
    application_a.refresh_from_db()
    assert application_a.status == "submitted" and not Membership.objects.exists()


def test_member_applies_only_for_themself(society_a, member, outsider):
    someone = PersonFactory(user=outsider)
    with pytest.raises(PermissionDenied):
        services.apply_for_membership(actor=member, society=society_a, person=someone)


def test_suspended_society_takes_no_applications(society_a, member, member_person):
    society_a.status = "suspended"
    society_a.save()
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=member, society=society_a, person=member_person)
    assert exc.value.field == "society"


# --- registration and ID checksum ---------------------------------------------------------------


def test_register_visitor_creates_member_account_and_profile(db):
    number = valid_mainland_id(7)
    user = services.register_visitor(
        username="newbie",
        password="Sehr-Gutes-Passw0rt",
        email="newbie@example.cn",
        name="王新",
        id_type="mainland_id",
        id_number=number.lower(),
        employer="清华大学",
        consent=True,
    )
    person = Person.objects.get(user=user)
    assert person.id_number == number.upper() and person.employer == "清华大学"
    from core.roles import reach_of

    assert reach_of(user).member


def test_register_refuses_wrong_check_digit_and_writes_nothing(db):
    from accounts.models import User

    with pytest.raises(DomainError) as exc:
        services.register_visitor(
            username="newbie",
            password="Sehr-Gutes-Passw0rt",
            email="n@example.cn",
            name="王新",
            id_type="mainland_id",
            id_number=wrong_check_digit(valid_mainland_id(8)),
            consent=True,
        )
    assert exc.value.field == "id_number"
    assert not User.objects.filter(username="newbie").exists() and not Person.objects.exists()


def test_duplicate_id_number_refused(cast_admin):
    number = valid_mainland_id(9)
    services.create_person(actor=cast_admin, name="甲", id_number=number)
    with pytest.raises(DomainError) as exc:
        services.create_person(actor=cast_admin, name="乙", id_number=number)
    assert exc.value.field == "id_number"


# --- R-MEM-03: self-service profile ----------------------------------------------------------


def test_non_identity_change_saved_with_history(member, member_person):
    person, request = services.update_own_profile(
        actor=member, person=member_person, data={"employer": "清华大学", "title": "教授", "name": "刘会员"}
    )
    assert request is None
    person.refresh_from_db()
    assert person.employer == "清华大学" and person.title == "教授"
    latest = person.history.order_by("-history_id").first()
    assert latest.history_user == member
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {"employer", "title"}
    assert entries_for(person).filter(action="members.person.updated").exists()


def test_identity_change_becomes_a_request(member, member_person):
    old_number = member_person.id_number
    new_number = valid_mainland_id(555, birth="19850312")
    person, request = services.update_own_profile(
        actor=member, person=member_person, data={"name": "刘新名", "id_number": new_number, "phone": "139"}
    )
    person.refresh_from_db()
    assert person.name == "刘会员" and person.id_number == old_number  # identity untouched
    assert person.phone == "139"  # the rest saved at once
    assert request.status == "pending"
    assert request.changes == {"name": ["刘会员", "刘新名"], "id_number": [old_number, new_number]}
    # a second identity change waits for the first
    with pytest.raises(DomainError) as exc:
        services.update_own_profile(actor=member, person=person, data={"name": "又改名"})
    assert exc.value.rule == "R-MEM-03"
    assert ProfileChangeRequest.objects.count() == 1


def test_identity_change_with_bad_checksum_refused(member, member_person):
    with pytest.raises(DomainError) as exc:
        services.update_own_profile(
            actor=member, person=member_person, data={"id_number": wrong_check_digit(member_person.id_number)}
        )
    assert exc.value.field == "id_number"
    assert not ProfileChangeRequest.objects.exists()


def test_only_own_profile(member, outsider, member_person):
    with pytest.raises(PermissionDenied):
        services.update_own_profile(actor=outsider, person=member_person, data={"employer": "x"})


def test_secretary_confirms_identity_change(society_a, secretary_a, secretary_b, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    _p, request = services.update_own_profile(actor=member, person=member_person, data={"name": "刘新名"})
    with pytest.raises(PermissionDenied):  # not a member of society B
        services.confirm_change_request(actor=secretary_b, change_request=request)
    confirmed = services.confirm_change_request(actor=secretary_a, change_request=request, comment="已核对")
    assert confirmed.status == "confirmed" and confirmed.decided_by == secretary_a
    member_person.refresh_from_db()
    member.refresh_from_db()
    assert member_person.name == "刘新名" and member.name == "刘新名"
    names = list(member_person.history.order_by("history_id").values_list("name", flat=True))
    assert names[0] == "刘会员" and names[-1] == "刘新名"  # the old name stays in the history
    with pytest.raises(TransitionNotAllowed):
        services.reject_change_request(actor=secretary_a, change_request=request, comment="x")


def test_secretary_rejects_identity_change(society_a, secretary_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    _p, request = services.update_own_profile(actor=member, person=member_person, data={"name": "刘新名"})
    with pytest.raises(DomainError):
        services.reject_change_request(actor=secretary_a, change_request=request, comment="")
    services.reject_change_request(actor=secretary_a, change_request=request, comment="无证明材料")
    member_person.refresh_from_db()
    assert member_person.name == "刘会员"


def _hk_member(member):
    """The member persona's profile, registered as from Hong Kong."""
    return PersonFactory(
        user=member,
        name="陈港会员",
        region=Region.HONG_KONG,
        id_type=IdType.HMT_PERMIT,
        id_number="H23456789",
    )


def test_region_change_is_queued_not_applied(society_b, member):
    """R-MEM-02/03: a member cannot drop the Hong Kong flag by editing their own region."""
    person = _hk_member(member)
    history_rows = person.history.count()
    _p, request = services.update_own_profile(
        actor=member, person=person, data={"region": "mainland", "employer": "深圳大学"}
    )
    person.refresh_from_db()
    assert person.region == "hong_kong"  # identity untouched
    assert person.employer == "深圳大学"  # the rest saved at once
    assert request.status == "pending" and request.changes == {"region": ["hong_kong", "mainland"]}
    assert not person.history.filter(region="mainland").exists()
    assert person.history.count() == history_rows + 1  # the employer edit only
    submitted = entries_for(request).get(action="members.profilechangerequest.submitted")
    assert submitted.data == {"fields": ["region"]}
    # applying now is still flagged for explicit approval
    application = services.apply_for_membership(actor=member, society=society_b, person=person)
    assert application.needs_explicit_approval is True


def test_region_change_waits_for_pending_identity_change(member, member_person):
    services.update_own_profile(actor=member, person=member_person, data={"name": "刘新名"})
    with pytest.raises(DomainError) as exc:
        services.update_own_profile(actor=member, person=member_person, data={"region": "taiwan"})
    assert exc.value.rule == "R-MEM-03" and exc.value.field == "region"
    member_person.refresh_from_db()
    assert member_person.region == "mainland" and ProfileChangeRequest.objects.count() == 1


@pytest.mark.parametrize("region", ["atlantis", "", None])
def test_region_change_to_invalid_value_refused(member, member_person, region):
    with pytest.raises(DomainError) as exc:
        services.update_own_profile(actor=member, person=member_person, data={"region": region})
    assert exc.value.field == "region"
    assert not ProfileChangeRequest.objects.exists()
    member_person.refresh_from_db()
    assert member_person.region == "mainland"


def test_unchanged_region_makes_no_request(member, member_person):
    _p, request = services.update_own_profile(
        actor=member, person=member_person, data={"region": "mainland", "title": "研究员"}
    )
    assert request is None and not ProfileChangeRequest.objects.exists()


def test_region_change_applied_on_confirmation(society_a, society_b, secretary_a, secretary_b, member):
    person = _hk_member(member)
    MembershipFactory(society=society_a, person=person)
    _p, request = services.update_own_profile(actor=member, person=person, data={"region": "mainland"})
    with pytest.raises(PermissionDenied):  # not a member of society B
        services.confirm_change_request(actor=secretary_b, change_request=request)
    person.refresh_from_db()
    assert person.region == "hong_kong"
    services.confirm_change_request(actor=secretary_a, change_request=request, comment="已核对回乡证")
    person.refresh_from_db()
    assert person.region == "mainland"
    latest = person.history.order_by("-history_id").first()
    assert latest.history_user == secretary_a
    assert latest.history_change_reason == f"identity change request {request.pk}"
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {"region"}
    changed = entries_for(person).get(action="members.person.identity_changed")
    assert changed.data["changes"] == {"region": ["hong_kong", "mainland"]}
    # once the secretariat confirmed the region, a new application follows it
    application = services.apply_for_membership(actor=member, society=society_b, person=person)
    assert application.needs_explicit_approval is False


def test_region_change_rejected_leaves_region(society_a, secretary_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    _p, request = services.update_own_profile(actor=member, person=member_person, data={"region": "foreign"})
    services.reject_change_request(actor=secretary_a, change_request=request, comment="无证明材料")
    member_person.refresh_from_db()
    assert member_person.region == "mainland"
    request.refresh_from_db()
    assert request.status == "rejected"


def test_create_person_still_takes_region(cast_admin):
    person = services.create_person(actor=cast_admin, name="陈澳", region="macao")
    assert person.region == "macao"
    with pytest.raises(DomainError) as exc:
        services.create_person(actor=cast_admin, name="陈某", region="atlantis")
    assert exc.value.field == "region"


# --- R-ETH-01 and the sanction helper ---------------------------------------------------------


def test_only_cast_records_credit(cast_admin, secretary_a, member, member_person):
    kwargs = {
        "person": member_person,
        "kind": "sanction",
        "summary": "数据造假",
        "starts_on": date(2026, 1, 1),
        "source_document": "科协学术〔2026〕1号",
    }
    for actor in (secretary_a, member):
        with pytest.raises(PermissionDenied):
            services.record_credit(actor=actor, **kwargs)
    assert not CreditRecord.objects.exists()
    record = services.record_credit(actor=cast_admin, **kwargs)
    assert record.recorded_by == cast_admin
    assert AuditEntry.objects.filter(action="members.creditrecord.recorded", actor=cast_admin).count() == 1


def test_credit_needs_source_document_and_ordered_period(cast_admin, member_person):
    with pytest.raises(DomainError) as exc:
        services.record_credit(
            actor=cast_admin,
            person=member_person,
            kind="sanction",
            summary="x",
            starts_on=date(2026, 1, 1),
            source_document=" ",
        )
    assert exc.value.rule == "R-ETH-01" and exc.value.field == "source_document"
    with pytest.raises(DomainError) as exc:
        services.record_credit(
            actor=cast_admin,
            person=member_person,
            kind="sanction",
            summary="x",
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
            source_document="d",
        )
    assert exc.value.field == "ends_on"


def test_sanction_helper_on_dates(cast_admin, member_person):
    services.record_credit(
        actor=cast_admin,
        person=member_person,
        kind="sanction",
        summary="x",
        starts_on=date(2026, 3, 1),
        ends_on=date(2027, 2, 28),
        source_document="d",
    )
    services.record_credit(  # a commendation is no sanction
        actor=cast_admin,
        person=member_person,
        kind="commendation",
        summary="y",
        starts_on=date(2020, 1, 1),
        source_document="d2",
    )
    assert not is_under_sanction(member_person, date(2026, 2, 28))
    assert is_under_sanction(member_person, date(2026, 3, 1))
    assert is_under_sanction(member_person, date(2027, 2, 28))
    assert not is_under_sanction(member_person, date(2027, 3, 1))
    assert active_sanction(member_person, date(2026, 6, 1)).source_document == "d"


def test_open_ended_sanction(cast_admin, member_person):
    services.record_credit(
        actor=cast_admin,
        person=member_person,
        kind="sanction",
        summary="x",
        starts_on=date(2020, 1, 1),
        source_document="d",
    )
    assert is_under_sanction(member_person, date(2099, 1, 1))
    assert not is_under_sanction(member_person, date(2019, 12, 31))


def test_training_recorded_by_cast_only(cast_admin, secretary_a, society_a, member_person):
    kwargs = {
        "person": member_person,
        "kind": "new_leader",
        "course": "新任负责人培训",
        "attended_on": timezone.localdate() - timedelta(days=3),
        "hours": "16",
        "society": society_a,
    }
    with pytest.raises(PermissionDenied):
        services.record_training(actor=secretary_a, **kwargs)
    with pytest.raises(DomainError) as exc:
        services.record_training(actor=cast_admin, **{**kwargs, "hours": "0"})
    assert exc.value.field == "hours"
    record = services.record_training(actor=cast_admin, **kwargs)
    assert str(record.hours) == "16.0"


# --- membership transitions -----------------------------------------------------------------------


def test_membership_transitions(society_a, secretary_a, secretary_b, member, member_person):
    membership = MembershipFactory(society=society_a, person=member_person, valid_until=date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        services.change_membership_status(actor=secretary_b, membership=membership, action="lapse")
    with pytest.raises(PermissionDenied):  # a member cannot lapse themself, only withdraw
        services.change_membership_status(actor=member, membership=membership, action="lapse")
    lapsed = services.change_membership_status(actor=secretary_a, membership=membership, action="lapse")
    renewed = services.change_membership_status(actor=secretary_a, membership=lapsed, action="renew")
    assert renewed.status == "active" and renewed.valid_until > timezone.localdate()
    with pytest.raises(DomainError) as exc:
        services.change_membership_status(actor=secretary_a, membership=renewed, action="expel", comment="")
    assert exc.value.field == "comment"
    withdrawn = services.change_membership_status(actor=member, membership=renewed, action="withdraw")
    assert withdrawn.status == "withdrawn"
    assert [e.to_status for e in status_history(withdrawn)] == ["lapsed", "active", "withdrawn"]


@pytest.mark.django_db
def test_confirmed_region_change_reflags_pending_application(society_a, society_b, secretary_a, member):
    """R-MEM-02: an undecided application follows the region the secretariat confirmed."""
    person = _hk_member(member)
    MembershipFactory(society=society_a, person=person)
    pending = services.apply_for_membership(actor=member, society=society_b, person=person)
    assert pending.needs_explicit_approval is True
    _p, request = services.update_own_profile(actor=member, person=person, data={"region": "mainland"})
    services.confirm_change_request(actor=secretary_a, change_request=request)
    pending.refresh_from_db()
    assert pending.needs_explicit_approval is False
