"""Test data of the branches tests: resolutions, members (for the ceiling) and activities."""

from datetime import date, timedelta

from django.utils import timezone

from branches.models import BranchResolution
from members.models import Membership, Person


def good_resolution(**overrides) -> dict:
    data = {
        "body": "council",
        "held_on": timezone.localdate() - timedelta(days=10),
        "seats": 90,
        "present": 70,
        "votes_for": 60,
        "votes_against": 5,
        "abstain": 5,
    }
    data.update(overrides)
    return data


def add_resolution(branch, **overrides) -> BranchResolution:
    return BranchResolution.objects.create(branch=branch, **good_resolution(**overrides))


def add_active_members(society, n: int) -> None:
    people = Person.objects.bulk_create([Person(name=f"会员{society.pk}-{i}") for i in range(n)])
    Membership.objects.bulk_create(
        [
            Membership(society=society, person=p, status="active", number=f"M{society.pk}-{i}")
            for i, p in enumerate(people)
        ]
    )


def add_activity(branch, *, user, ends_on: date, status="approved"):
    from activities.models import Activity

    return Activity.objects.create(
        society=branch.society,
        branch=branch,
        title=f"{branch.name}学术研讨会",
        kind="seminar",
        starts_on=ends_on,
        ends_on=ends_on,
        location="北京",
        scope_codes=["150"],
        status=status,
        created_by=user,
    )
