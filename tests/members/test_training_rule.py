"""R-TR-01: new leaders trained within `new_leader_training_months`; secretaries-general attend rotation
training every `sg_rotation_years` — otherwise an advisory finding (members.training)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry
from core.rule_settings import change_rule_setting
from members.models import TrainingRecord
from members.training import (
    add_months,
    new_leader_training_overdue,
    rotation_training_overdue,
    training_gaps,
)
from societies.models import Officer
from tests.factories import PersonFactory, SocietyFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 15)


def _officer(society, position="president", starts_on=None, **kw):
    return Officer.objects.create(
        society=society,
        person=kw.pop("person", None) or PersonFactory(),
        position=position,
        starts_on=starts_on,
        **kw,
    )


def _train(person, kind, attended_on, recorded_by):
    return TrainingRecord.objects.create(
        person=person, kind=kind, course="培训", attended_on=attended_on, hours=8, recorded_by=recorded_by
    )


def _ids(officers):
    return sorted(o.pk for o in officers)


# --- new-leader training -------------------------------------------------------------------------------


def test_president_13_months_without_training_is_overdue(society_a):
    president = _officer(society_a, "president", add_months(ON, -13))
    officers = new_leader_training_overdue(ON)
    assert _ids(officers) == [president.pk]
    assert officers[0].due_on == add_months(ON, -1)


def test_training_within_12_months_clears_it(society_a, cast_admin):
    president = _officer(society_a, "president", add_months(ON, -13))
    secretary_general = _officer(society_a, "secretary_general", add_months(ON, -20))
    _train(president.person, "new_leader", add_months(president.starts_on, 6), cast_admin)
    _train(secretary_general.person, "new_leader", add_months(secretary_general.starts_on, 12), cast_admin)
    assert new_leader_training_overdue(ON) == []


def test_training_outside_the_window_or_of_another_kind_does_not_count(society_a, cast_admin):
    before = _officer(society_a, "president", add_months(ON, -13))
    late = _officer(society_a, "secretary_general", add_months(ON, -30))
    _train(before.person, "new_leader", add_months(before.starts_on, -2), cast_admin)  # before appointment
    _train(before.person, "staff", add_months(before.starts_on, 3), cast_admin)  # another course
    _train(late.person, "new_leader", add_months(late.starts_on, 14), cast_admin)  # after the deadline
    assert _ids(new_leader_training_overdue(ON)) == sorted([before.pk, late.pk])


def test_not_yet_due_other_positions_and_former_officers_ignored(society_a, society_b):
    _officer(society_a, "president", add_months(ON, -11))  # deadline not reached
    _officer(society_a, "vice_president", add_months(ON, -40))  # not a leader of R-TR-01
    _officer(society_b, "president", add_months(ON, -40), ends_on=add_months(ON, -1))  # left office
    assert new_leader_training_overdue(ON) == []


def test_the_setting_changes_the_window(society_a, cast_admin):
    thirteen = _officer(society_a, "president", add_months(ON, -13))
    seven = _officer(society_a, "secretary_general", add_months(ON, -7))
    assert _ids(new_leader_training_overdue(ON)) == [thirteen.pk]
    change_rule_setting(actor=cast_admin, key="new_leader_training_months", value=18)
    assert new_leader_training_overdue(ON) == []
    change_rule_setting(actor=cast_admin, key="new_leader_training_months", value=6)
    assert _ids(new_leader_training_overdue(ON)) == sorted([thirteen.pk, seven.pk])
    # the training window follows the setting too: 10 months after appointment is outside a 6-month window
    _train(thirteen.person, "new_leader", add_months(thirteen.starts_on, 10), cast_admin)
    assert thirteen.pk in _ids(new_leader_training_overdue(ON))


# --- secretary-general rotation training ------------------------------------------------------------------


def test_rotation_four_years_ago_is_overdue_two_years_ago_is_not(society_a, society_b, cast_admin):
    old = _officer(society_a, "secretary_general", add_months(ON, -12 * 8))
    recent = _officer(society_b, "secretary_general", add_months(ON, -12 * 8))
    _train(old.person, "sg_rotation", add_months(ON, -12 * 4), cast_admin)
    _train(recent.person, "sg_rotation", add_months(ON, -12 * 7), cast_admin)
    _train(recent.person, "sg_rotation", add_months(ON, -12 * 2), cast_admin)
    officers = rotation_training_overdue(ON)
    assert _ids(officers) == [old.pk]
    assert officers[0].last_rotation == add_months(ON, -12 * 4)
    assert officers[0].due_on == add_months(ON, -12)


def test_rotation_none_while_in_office_longer_than_the_period(society_a, society_b):
    long_serving = _officer(society_a, "secretary_general", add_months(ON, -12 * 4))
    _officer(society_b, "secretary_general", add_months(ON, -12 * 2))  # in office 2 years: not yet
    _officer(society_b, "president", add_months(ON, -12 * 9))  # presidents owe no rotation training
    officers = rotation_training_overdue(ON)
    assert _ids(officers) == [long_serving.pk]
    assert officers[0].last_rotation is None


def test_rotation_setting_and_recent_appointment(society_a, cast_admin):
    sg = _officer(society_a, "secretary_general", add_months(ON, -12 * 5))
    _train(sg.person, "sg_rotation", add_months(ON, -12 * 4), cast_admin)
    assert _ids(rotation_training_overdue(ON)) == [sg.pk]
    change_rule_setting(actor=cast_admin, key="sg_rotation_years", value=5)
    assert rotation_training_overdue(ON) == []
    # a rotation record older than the appointment: the clock starts at the appointment
    newcomer = _officer(SocietyFactory(), "secretary_general", add_months(ON, -12))
    _train(newcomer.person, "sg_rotation", add_months(ON, -12 * 7), cast_admin)
    assert rotation_training_overdue(ON) == []


# --- advisory items, query count -------------------------------------------------------------------------


def test_training_gaps_name_the_rule_and_the_society(society_a, society_b, cast_admin):
    president = _officer(society_a, "president", add_months(ON, -13), person=PersonFactory(name="王会长"))
    sg = _officer(
        society_a, "secretary_general", add_months(ON, -12 * 4), person=PersonFactory(name="李秘书长")
    )
    _train(sg.person, "new_leader", add_months(sg.starts_on, 3), cast_admin)
    _officer(society_b, "president", add_months(ON, -13))  # another society's gap
    gaps = training_gaps(society_a, ON)
    assert [(g.officer.pk, g.kind) for g in gaps] == [(sg.pk, "sg_rotation"), (president.pk, "new_leader")]
    assert all(g.rule == "R-TR-01" and "R-TR-01" in g.message for g in gaps)
    assert "王会长" in gaps[1].message and society_a.name in gaps[1].message
    assert "李秘书长" in gaps[0].message
    assert len(training_gaps(None, ON)) == 3
    assert training_gaps(society_b, add_months(ON, -2)) == []  # not yet due two months earlier


def _leaders(n, cast_admin):
    for i in range(n):
        society = SocietyFactory()
        president = _officer(society, "president", add_months(ON, -13 - i))
        sg = _officer(society, "secretary_general", add_months(ON, -12 * 4 - i))
        if i % 2:
            _train(president.person, "new_leader", add_months(president.starts_on, 2), cast_admin)
            _train(sg.person, "sg_rotation", add_months(ON, -12 * 4), cast_admin)


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
        # touch what the page shows: no lazy query per row
        shown = [
            (getattr(item, "officer", item).society.name, getattr(item, "officer", item).person.name)
            for item in result
        ]
    assert len(shown) == len(result)
    return len(ctx.captured_queries), len(result)


def test_query_count_constant_for_2_vs_20_officers(cast_admin):
    _leaders(1, cast_admin)  # 2 officers
    few = [_count(lambda: new_leader_training_overdue(ON)), _count(lambda: rotation_training_overdue(ON))]
    few_gaps = _count(lambda: training_gaps(None, ON))
    _leaders(10, cast_admin)  # 20 more
    many = [_count(lambda: new_leader_training_overdue(ON)), _count(lambda: rotation_training_overdue(ON))]
    many_gaps = _count(lambda: training_gaps(None, ON))
    assert [q for q, _n in few] == [q for q, _n in many]
    assert few_gaps[0] == many_gaps[0]
    assert many_gaps[1] > few_gaps[1]  # more rows, same queries


# --- pages ---------------------------------------------------------------------------------------------


def test_training_page_shows_overdue_section(login, cast_admin, secretary_a, society_a):
    president = _officer(society_a, "president", add_months(ON, -13), person=PersonFactory(name="王会长"))
    client = login(cast_admin)
    response = client.get("/members/training/", {"on": ON.isoformat()})
    assert response.status_code == 200
    assert [(g.officer.pk, g.rule) for g in response.context["gaps"]] == [(president.pk, "R-TR-01")]
    html = response.content.decode()
    assert 'id="training-overdue"' in html and 'id="training-overdue-link"' in html
    # the overdue officers' own tab lists them, each row opening the person
    overdue = client.get("/members/training/overdue/", {"on": ON.isoformat()})
    assert [(r.officer.pk, r.rule) for r in overdue.context["page"]] == [(president.pk, "R-TR-01")]
    html = overdue.content.decode()
    assert f'data-officer="{president.pk}"' in html and 'data-kind="new_leader"' in html
    assert f'data-href="/members/people/{president.person_id}/"' in html
    # filtered by the training owed: a president owes no rotation training
    rotation = client.get("/members/training/overdue/", {"on": ON.isoformat(), "kind": "sg_rotation"})
    assert rotation.context["table"].count == 0
    # an earlier day: not yet due
    assert client.get("/members/training/", {"on": add_months(ON, -2).isoformat()}).context["gaps"] == []
    earlier = client.get("/members/training/overdue/", {"on": add_months(ON, -2).isoformat()})
    assert earlier.context["table"].count == 0
    assert login(secretary_a).get("/members/training/").status_code == 403
    assert login(secretary_a).get("/members/training/overdue/").status_code == 403


def test_person_lookup_flags_overdue_leader(login, cast_admin, society_a):
    president = _officer(society_a, "president", add_months(ON, -13), person=PersonFactory(name="王会长"))
    response = login(cast_admin).get("/members/people/lookup/", {"q": "王会长", "on": ON.isoformat()})
    [row] = response.context["page"]
    assert row.pk == president.person_id
    assert [g.kind for g in row.training_gaps] == ["new_leader"]
    assert 'class="small training-gap" data-kind="new_leader"' in response.content.decode()


def test_overdue_officers_sort_and_export_audited(login, cast_admin, society_a, society_b):
    late = _officer(society_a, "president", add_months(ON, -20))
    later = _officer(society_b, "president", add_months(ON, -14))
    client = login(cast_admin)
    url = "/members/training/overdue/"

    def officers(**params):
        return [r.officer.pk for r in client.get(url, {"on": ON.isoformat(), **params}).context["page"]]

    assert officers() == [late.pk, later.pk]  # the oldest deadline first
    assert officers(sort="-due_on") == [later.pk, late.pk]
    names = sorted([(society_a.name, late.pk), (society_b.name, later.pk)])
    assert officers(sort="society") == [pk for _name, pk in names]
    assert officers(society=society_b.pk) == [later.pk]
    download = client.get(url, {"on": ON.isoformat(), "export": "csv"})
    lines = download.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3 and later.person.name in lines[2]
    entry = AuditEntry.objects.get(action="societies.officer.exported")
    assert entry.actor == cast_admin and entry.data["rows"] == 2 and entry.data["format"] == "csv"
