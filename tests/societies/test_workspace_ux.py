"""Workspace pages: officers and seats picked with the person picker (active members only), readable
record history, nowrap person cells, the status confirmation naming the target status."""

from datetime import date

import pytest
from django.utils import translation

from core import audit_labels
from core.audit import log_action
from members.models import Person
from societies import services
from societies.models import Officer, Seat

from ..factories import MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_officer_picked_by_person_id_among_active_members(login, secretary_a, society_a, society_b):
    member = MembershipFactory(society=society_a).person
    stranger = MembershipFactory(society=society_b, person=PersonFactory(name="外会秘密")).person
    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/officers/new/"
    form = client.get(url).content.decode()
    assert f'hx-get="/members/people/search/?field=person&amp;society={society_a.pk}"' in form
    data = {"position": "president", "starts_on": "2024-01-01"}
    response = client.post(url, {**data, "person": stranger.pk})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert "外会秘密" not in response.content.decode()  # a posted id reveals nobody outside the scope
    assert not Officer.objects.exists()
    assert client.post(url, {**data, "person": member.pk}).status_code == 302
    assert Officer.objects.get(society=society_a).person == member


def test_seat_picked_by_id_or_typed_number(login, secretary_a, society_a):
    term = TermFactory(body__society=society_a)
    first, second = (MembershipFactory(society=society_a) for _ in range(2))
    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/terms/{term.pk}/"
    assert client.post(url, {"person": first.person.pk, "sector": ""}).status_code == 302
    assert client.post(url, {"person": "", "person_q": second.number, "sector": ""}).status_code == 302
    assert set(Seat.objects.filter(term=term).values_list("person_id", flat=True)) == {
        first.person_id,
        second.person_id,
    }
    html = client.get(url).content.decode()
    assert f'<td class="text-nowrap">{first.person.name}</td>' in html


def test_record_history_is_readable(login, secretary_a, society_a):
    services.update_society_profile(
        actor=secretary_a, society=society_a, changes={"founded_on": date(1932, 1, 1)}, comment="更正"
    )
    response = login(secretary_a).get(f"/societies/{society_a.pk}/workspace/")
    rows = response.context["field_history"]
    assert rows[0]["changes"][0]["field"] == "founded_on" and rows[0]["changes"][0]["new"] == "1932-01-01"
    assert rows[-1]["created"] is True and rows[-1]["changes"] == []
    html = response.content.decode().split('id="field-history"', 1)[1].split('id="audit"', 1)[0]
    assert "<thead>" in html and 'data-field="founded_on"' in html and "history-created" in html
    assert "<code>founded_on</code>" not in html


def test_audit_panel_shows_state_labels(login, secretary_a, society_a):
    log_action(
        "societies.society.suspend",
        actor=secretary_a,
        obj=society_a,
        from_status="active",
        to_status="suspended",
    )
    html = login(secretary_a).get(f"/societies/{society_a.pk}/workspace/").content.decode()
    audit = html.split('id="audit"', 1)[1]
    with translation.override("zh-hans"):
        label = audit_labels.action_label("societies.society.suspend")
    assert label in audit and "→" in audit and ">active" not in audit
    assert "societies.society.suspend" not in audit  # the action in words, never its key (issue 16)


def test_directory_person_cells_do_not_wrap(login, secretary_a, society_a):
    MembershipFactory(society=society_a, person=PersonFactory(name="长名字会员"))
    html = login(secretary_a).get(f"/societies/{society_a.pk}/members/").content.decode()
    person = Person.objects.get(name="长名字会员")
    assert f'<td class="text-nowrap"><a href="/members/people/{person.pk}/">长名字会员</a></td>' in html


def test_status_confirmation_names_target(login, cast_admin, society_a):
    response = login(cast_admin).get(f"/societies/{society_a.pk}/status/suspend/")
    assert response.status_code == 200
    assert 'data-from="active" data-to="suspended"' in response.content.decode()
