"""core.bulk.copy_with_history: rows written by PostgreSQL COPY read back exactly as the ORM would have
written them (tabs, line breaks, backslashes, JSON, dates, NULLs), with their pk set and one "+" history row
each that names the actor and the reason."""

from datetime import date

import pytest

from core.bulk import copy_with_history
from members.models import Membership, Person

from ..factories import SocietyFactory, UserFactory, valid_mainland_id

pytestmark = pytest.mark.django_db


def test_values_survive_copy_and_history_names_actor_and_reason():
    actor = UserFactory()
    awkward = "李\t四\\n\n第二行\r\\"
    people = [
        Person(name=awkward, id_number=valid_mainland_id(1), employer="", disciplines=["070", "080"]),
        Person(name="王五", id_number=valid_mainland_id(2), birth_date=date(1980, 2, 29), employer="中科院"),
    ]
    written = copy_with_history(people, Person, actor=actor, reason="import")
    assert all(p.pk for p in written) and written[0].pk != written[1].pk
    first = Person.objects.get(pk=written[0].pk)
    assert first.name == awkward and first.employer == "" and first.disciplines == ["070", "080"]
    assert first.birth_date is None and first.created_at is not None
    assert Person.objects.get(pk=written[1].pk).birth_date == date(1980, 2, 29)
    record = first.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", actor, "import")
    assert record.name == awkward

    society = SocietyFactory()
    memberships = copy_with_history(
        [Membership(society=society, person=p, number=f"N{i}") for i, p in enumerate(written)],
        Membership,
        actor=actor,
        reason="import",
    )
    assert set(Membership.objects.filter(society=society).values_list("number", flat=True)) == {"N0", "N1"}
    assert memberships[0].history.get().history_user == actor
    # The sequence moved past the reserved ids: the next ORM insert does not collide.
    assert Person.objects.create(name="赵六", id_number=valid_mainland_id(3)).pk > written[1].pk


def test_nothing_to_write_is_nothing():
    assert copy_with_history([], Person) == []
