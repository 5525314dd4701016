"""E-mail change re-verified (issue 16 item 7): a member who gives a new e-mail address on their profile
verifies it first — the link (PORTAL_BASE_URL) goes to the new address, the old one stays in use for the
account, the profile and notifications until the link is opened; a link to the old address, another
account's link or a later second change cannot confirm it; each step is audited."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.email_verification import verify_email
from accounts.verification_tokens import make_token
from core.errors import DomainError
from core.models import AuditEntry
from members.models import Person

from ..factories import PersonFactory, profile_form_data, valid_mainland_id

pytestmark = pytest.mark.django_db
OLD, NEW = "old@example.cn", "new@example.cn"


@pytest.fixture
def person(member):
    member.email = OLD
    member.save()
    return PersonFactory(user=member, name="刘会员", email=OLD, id_number=valid_mainland_id(811))


def _link(message) -> str:
    found = re.search(r"(https?://\S+)/accounts/verify-email/\S+/", message.body).group(0)
    return found


def test_a_new_address_is_verified_before_it_is_used(
    login, member, person, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    client = login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/members/profile/", profile_form_data(person, email=NEW, employer="浙江大学"), follow=True
        )
    assert [str(m) for m in response.context["messages"]] == [
        f"资料已保存。验证链接已发送至 {NEW}；在您打开链接之前，邮件仍发送至 {OLD}。"
    ]
    person.refresh_from_db()
    member.refresh_from_db()
    assert person.employer == "浙江大学"  # the rest of the profile is saved at once
    assert person.email == OLD and member.email == OLD and member.pending_email == NEW  # old one in use
    assert 'id="pending-email"' in response.content.decode() and NEW in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == [NEW]
    link = _link(sent)
    assert link.startswith("https://portal.example.cn/accounts/verify-email/")
    requested = AuditEntry.objects.get(action="accounts.user.email_change_requested")
    assert requested.data == {"email": OLD, "new_email": NEW}

    assert client.get(urlsplit(link).path).status_code == 302
    person.refresh_from_db()
    member.refresh_from_db()
    assert person.email == NEW and member.email == NEW and member.pending_email == ""
    assert member.email_verified_at is not None
    changed = AuditEntry.objects.get(action="accounts.user.email_changed")
    assert changed.data == {"old": OLD, "new": NEW}
    assert person.history.first().history_change_reason == "email-verified"
    assert 'id="pending-email"' not in client.get("/members/profile/").content.decode()


def test_only_the_link_to_the_latest_new_address_confirms_it(
    login, member, person, django_capture_on_commit_callbacks
):
    client = login(member)
    for address in (NEW, "newer@example.cn"):  # each request commits (and mails) on its own
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/members/profile/", profile_form_data(person, email=address))
    first, second = mail.outbox
    assert first.to == [NEW] and second.to == ["newer@example.cn"]
    assert client.get(urlsplit(_link(first)).path).status_code == 400  # superseded
    member.refresh_from_db()
    assert member.email == OLD and member.pending_email == "newer@example.cn"
    verify_email(token=make_token(member))  # a link to the old address verifies that one, changes nothing
    member.refresh_from_db()
    assert member.email == OLD and Person.objects.get(pk=person.pk).email == OLD
    with pytest.raises(DomainError):  # a token naming the new address for another account
        verify_email(token=make_token(type(member)(pk=member.pk + 999, email="newer@example.cn")))
    assert client.get(urlsplit(_link(second)).path).status_code == 302
    member.refresh_from_db()
    assert member.email == "newer@example.cn"


def test_the_same_address_or_none_is_an_ordinary_change(
    login, member, person, django_capture_on_commit_callbacks
):
    client = login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/profile/", profile_form_data(person, email=OLD.upper()))
    assert mail.outbox == []
    member.refresh_from_db()
    assert member.pending_email == ""
