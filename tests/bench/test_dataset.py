"""The benchmark dataset generator (bench/dataset.py) at a tiny scale: the counts it promises, rows that
hang together, identifiers the portal's own validators accept — so `make bench` cannot rot unnoticed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F

from bench import dataset

SCALE = 0.0005


@pytest.fixture
def generated(db):
    return dataset.generate(SCALE, log=lambda line: None)


def test_the_plan_scales_linearly_and_full_scale_is_the_domain():
    full = dataset.plan(1.0)
    assert len(full.sizes) == 220
    assert full.people == 6_000_000
    assert sum(full.branches) == 10_000
    assert sum(full.activities) == 90_000
    assert sum(full.programs) == 500
    assert 300_000 <= full.sizes[7] <= full.sizes[0] <= 700_000  # a few giants
    assert sorted(full.sizes)[110] < 10_000  # most have a few thousand
    quarter = dataset.plan(0.25)
    assert len(quarter.sizes) == 55
    assert quarter.people == 1_500_000
    assert sum(quarter.branches) == 2_500


def test_counts_match_the_plan(generated):
    plan = dataset.plan(SCALE)
    counts = generated["counts"]
    assert counts["societies"] == len(plan.sizes) == 3
    assert counts["people"] == counts["memberships"] == plan.people == 3_000
    assert counts["branches"] == sum(plan.branches)
    assert counts["branch_officers"] == 2 * counts["branches"]
    assert counts["activities"] == sum(plan.activities) == 45
    assert counts["award_programs"] == sum(plan.programs)
    assert counts["nominations"] > 0 and counts["reviews"] > 0
    assert counts["findings"] > 0  # one real sweep ran
    assert set(generated["timings"]) >= {"people and memberships", "analyze", "total"}


def test_rows_hang_together(generated):
    from activities.models import Activity
    from awards.models import Nomination, Review
    from branches.models import Branch, BranchOfficer
    from members.models import Membership, Person
    from societies.models import Society

    plan = dataset.plan(SCALE)
    sizes = sorted(Society.objects.annotate(n=Count("memberships")).values_list("n", flat=True), reverse=True)
    assert sizes == plan.sizes
    # every person is a member of exactly one society; membership numbers are unique in the society
    assert not Person.objects.annotate(n=Count("memberships")).exclude(n=1).exists()
    assert Membership.objects.values("society", "number").distinct().count() == Membership.objects.count()
    # branch scopes lie inside their society's scope (R-BR-02), officers are members of that society
    for branch in Branch.objects.select_related("society")[:50]:
        assert all(code.startswith(branch.society.business_scope[0]) for code in branch.business_scope)
    for officer in BranchOfficer.objects.select_related("branch", "person")[:50]:
        assert officer.person.memberships.filter(society=officer.branch.society_id).exists()
        assert officer.name == officer.person.name
    # a filing's branch belongs to the filing's society
    assert not Activity.objects.filter(branch__isnull=False).exclude(branch__society=F("society")).exists()
    # nominees are members of the program's society; reviewers hold the reviewer role on it
    for nomination in Nomination.objects.select_related("round__program")[:50]:
        assert nomination.nominee.memberships.filter(society=nomination.round.program.society_id).exists()
    from core.roles import reach_of

    for review in Review.objects.select_related("reviewer", "nomination__round__program")[:30]:
        assert review.nomination.round.program.society_id in reach_of(review.reviewer).award_reviewer_of


def test_identifiers_pass_the_portals_validators(generated):
    from members.models import Person
    from societies.models import Society

    people = list(Person.objects.all()[:500])
    assert {p.id_type for p in people} >= {"mainland_id"}
    for person in people:
        try:
            person.full_clean(exclude=["user", "registered_by_society"])
        except ValidationError as exc:  # pragma: no cover - the assertion says what failed
            pytest.fail(f"{person.id_number} ({person.id_type}): {exc}")
        if person.id_type == "mainland_id":
            assert (int(person.id_number[16]) % 2 == 1) == (person.gender == "male")
        assert len(person.name) in (2, 3, 4)
    for society in Society.objects.all():
        society.full_clean()


def test_indexes_and_constraints_are_the_migrations_own(db):
    def catalogue():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('members_person', "
                "'members_membership') ORDER BY 1"
            )
            indexes = cur.fetchall()
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN "
                "('members_person'::regclass, 'members_membership'::regclass) ORDER BY 1"
            )
            return indexes, cur.fetchall()

    before = catalogue()
    dataset.generate(SCALE, sweep=False, log=lambda line: None)
    assert catalogue() == before


def test_the_command_reuses_a_marked_dataset_and_refuses_a_foreign_database(db, capsys):
    info = dataset.generate(SCALE, sweep=False, log=lambda line: None)
    with pytest.raises(CommandError, match="no scale-0.0005 bench dataset"):
        call_command("bench_dataset", scale=SCALE)
    dataset.mark(SCALE, info)
    assert dataset.existing(SCALE)["counts"] == info["counts"]
    call_command("bench_dataset", scale=SCALE)
    assert "Reusing the scale-0.0005 dataset" in capsys.readouterr().out
