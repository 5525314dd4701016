"""Joining done right (issue 16, 7): consent to the personal-data notice recorded (PIPL), the e-mail
verified before applying, the tiers an applicant may choose set per society (fellow and honorary never
self-chosen, R-MEM-01), a pending application withdrawn by its applicant, and a member told "已是会员"."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from accounts.email_verification import verify_email
from accounts.models import User
from accounts.verification_tokens import make_token
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from members import services
from members.models import JoiningPolicy, MembershipApplication, Person, PrivacyConsent
from members.privacy import NOTICE_VERSION

from ..factories import PASSWORD, ApplicationFactory, MembershipFactory, PersonFactory, valid_mainland_id

pytestmark = pytest.mark.django_db


def _registration(**overrides):
    data = {
        "username": "visitor",
        "email": "visitor@example.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "赵访客",
        "id_type": "mainland_id",
        "id_number": valid_mainland_id(654),
        "region": "mainland",
        "employer": "南开大学",
        "consent": "on",
    }
    return {**data, **overrides}


def _link(message) -> str:
    return urlsplit(re.search(r"https?://\S+/accounts/verify-email/\S+/", message.body).group(0)).path


def test_login_page_links_registration(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'id="login-register"' in html and 'href="/members/register/' in html
    # a visitor at / is sent to that login page
    assert client.get("/").url.startswith("/accounts/login/")


def test_registration_without_consent_is_refused_on_the_field(client):
    response = client.post("/members/register/", _registration(consent=""))
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not User.objects.filter(username="visitor").exists()


def test_service_refuses_registration_without_consent(db):
    with pytest.raises(DomainError) as exc:
        services.register_visitor(
            username="v2",
            password=PASSWORD,
            email="v2@example.cn",
            name="钱",
            id_type="mainland_id",
            id_number=valid_mainland_id(655),
        )
    assert exc.value.field == "consent" and not User.objects.filter(username="v2").exists()


def test_privacy_notice_states_what_why_and_retention(client):
    html = client.get("/members/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-version="{NOTICE_VERSION}"' in html
    for heading in ("What is collected", "Why", "How long it is kept", "identity document type and number"):
        assert heading in html


def test_registration_records_consent_and_mails_a_verification_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/members/register/", _registration(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    user = User.objects.get(username="visitor")
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.notice_version == NOTICE_VERSION and consent.ip == "203.0.113.9"
    assert consent.person.user == user and consent.consented_at is not None
    assert user.email_verification_required and user.email_verified_at is None
    assert [m.to for m in mail.outbox] == [["visitor@example.cn"]]
    registered = AuditEntry.objects.get(action="members.person.registered")
    assert registered.data["notice_version"] == NOTICE_VERSION


def test_unverified_account_cannot_apply_until_the_link_is_opened(
    client, society_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/register/", _registration())
    user = User.objects.get(username="visitor")
    person = Person.objects.get(user=user)
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=user, society=society_a, person=person)
    assert exc.value.field == "email"
    page = client.get(f"/members/join/{society_a.pk}/").content.decode()
    assert 'id="join-verify-email"' in page and 'id="application-form"' not in page
    # resend: a second mail with a link; a second click within the minute sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/verify-email/").status_code == 302
        assert client.post("/accounts/verify-email/").status_code == 302
    assert len(mail.outbox) == 2
    assert client.get(_link(mail.outbox[-1])).status_code == 302
    user.refresh_from_db()
    assert not user.email_verification_required and user.email_verified_at is not None
    assert AuditEntry.objects.filter(action="accounts.user.email_verified", object_id=str(user.pk)).exists()
    assert 'id="application-form"' in client.get(f"/members/join/{society_a.pk}/").content.decode()
    services.apply_for_membership(actor=user, society=society_a, person=person)


def test_bad_or_expired_or_stale_link_is_refused(client, member):
    member.email = "m@example.cn"
    member.email_verification_required = True
    member.save()
    assert client.get("/accounts/verify-email/garbage/").status_code == 400
    token = make_token(member)
    with override_settings(EMAIL_VERIFICATION_MAX_AGE=-1), pytest.raises(DomainError) as exc:
        verify_email(token=token)
    assert exc.value.field == "token"
    member.email = "changed@example.cn"  # the link verified the old address, not this one
    member.save()
    with pytest.raises(DomainError):
        verify_email(token=token)
    member.refresh_from_db()
    assert member.email_verification_required


# --- tiers an applicant may choose ----------------------------------------------------------------


@pytest.fixture
def applicant(member):
    return PersonFactory(user=member)


@pytest.mark.parametrize("tier", ["fellow", "honorary"])
def test_fellow_and_honorary_are_never_self_chosen(member, applicant, society_a, tier):
    JoiningPolicy.objects.create(society=society_a, self_selectable_tiers=["ordinary", tier])
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=member, society=society_a, person=applicant, tier=tier)
    assert exc.value.rule == "R-MEM-01" and exc.value.field == "tier"
    assert not MembershipApplication.objects.exists()


def test_society_sets_the_tiers_applicants_may_choose(member, applicant, secretary_a, society_a):
    services.set_self_selectable_tiers(actor=secretary_a, society=society_a, tiers=["student"])
    assert services.self_selectable_tiers(society_a) == ["student"]
    with pytest.raises(DomainError) as exc:
        services.apply_for_membership(actor=member, society=society_a, person=applicant, tier="ordinary")
    assert exc.value.field == "tier"
    services.apply_for_membership(actor=member, society=society_a, person=applicant, tier="student")
    assert AuditEntry.objects.filter(action="members.joiningpolicy.changed", society=society_a).exists()


def test_secretariat_only_tiers_cannot_be_offered(secretary_a, secretary_b, society_a):
    with pytest.raises(DomainError) as exc:
        services.set_self_selectable_tiers(actor=secretary_a, society=society_a, tiers=["ordinary", "fellow"])
    assert exc.value.rule == "R-MEM-01"
    with pytest.raises(PermissionDenied):
        services.set_self_selectable_tiers(actor=secretary_b, society=society_a, tiers=["ordinary"])


def test_secretariat_may_apply_a_fellow_on_someones_behalf(secretary_a, society_a):
    person = PersonFactory()
    application = services.apply_for_membership(
        actor=secretary_a, society=society_a, person=person, tier="fellow"
    )
    assert application.tier == "fellow"


def test_join_form_offers_only_the_society_tiers(login, member, applicant, society_a):
    services.set_self_selectable_tiers(actor=None, society=society_a, tiers=["student", "senior"])
    form = login(member).get(f"/members/join/{society_a.pk}/").context["form"]
    assert [v for v, _label in form.fields["tier"].choices] == ["student", "senior"]
    response = login(member).post(
        f"/members/join/{society_a.pk}/", {"tier": "fellow", "category": "individual"}
    )
    assert response.status_code == 200 and "tier" in response.context["form"].errors


def test_policy_page_saves_and_refuses_fellow(login, secretary_a, society_a):
    client = login(secretary_a)
    url = f"/members/societies/{society_a.pk}/joining/"
    assert client.post(url, {"self_selectable_tiers": ["ordinary", "senior"]}).status_code == 302
    assert JoiningPolicy.objects.get(society=society_a).self_selectable_tiers == ["ordinary", "senior"]
    response = client.post(url, {"self_selectable_tiers": ["fellow"]})
    assert response.status_code == 200 and "self_selectable_tiers" in response.context["form"].errors


# --- withdrawing a pending application -------------------------------------------------------------


def test_applicant_withdraws_pending_application(login, member, applicant, society_a):
    application = ApplicationFactory(society=society_a, person=applicant)
    client = login(member)
    page = client.get(f"/members/applications/{application.pk}/withdraw/").content.decode()
    assert 'id="withdraw-confirm"' in page and "disabled" not in page.split('id="withdraw-confirm"')[1][:20]
    response = client.post(f"/members/applications/{application.pk}/withdraw/", {"comment": "改投他会"})
    assert response.status_code == 302 and response.url == "/members/mine/"
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.decided_at is not None
    entry = AuditEntry.objects.get(action="members.membershipapplication.withdraw")
    assert entry.actor == member and entry.from_status == "submitted" and entry.comment == "改投他会"
    # the secretariat no longer has it to decide; the applicant may apply again
    assert not MembershipApplication.objects.filter(status="submitted").exists()


def test_nobody_else_withdraws_and_the_refusal_is_audited(secretary_a, society_a, applicant):
    application = ApplicationFactory(society=society_a, person=applicant)
    with pytest.raises(PermissionDenied):
        services.withdraw_application(actor=secretary_a, application=application)
    assert AuditEntry.objects.filter(action="core.access.denied_change", result="denied").exists()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_decided_application_cannot_be_withdrawn(member, applicant, society_a):
    application = ApplicationFactory(society=society_a, person=applicant, status="approved")
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_application(actor=member, application=application)


# --- what the society page offers --------------------------------------------------------------------


def test_member_sees_already_member_and_applicant_sees_pending(
    login, member, applicant, society_a, society_b
):
    MembershipFactory(society=society_a, person=applicant)
    ApplicationFactory(society=society_b, person=applicant)
    client = login(member)
    a = client.get(f"/societies/{society_a.pk}/").content.decode()
    assert 'id="already-member"' in a and 'id="join-society"' not in a
    b = client.get(f"/societies/{society_b.pk}/").content.decode()
    assert 'id="application-pending"' in b and 'id="join-society"' not in b
    assert 'id="join-pending"' in client.get(f"/members/join/{society_b.pk}/").content.decode()


def test_visitor_is_offered_to_join(client, society_a):
    assert 'id="join-society"' in client.get(f"/societies/{society_a.pk}/").content.decode()
