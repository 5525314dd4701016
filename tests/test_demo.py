"""`make run` loads the demo: it must load on PostgreSQL too, give every role its login, and be idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from activities.models import Activity
from branches.models import Branch
from members.models import Membership
from societies.models import Society


@pytest.mark.django_db
def test_demo_loads_once_and_again(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        Society.objects.count(),
        Membership.objects.count(),
        Branch.objects.count(),
        Activity.objects.count(),
    )
    assert counts[0] >= 30 and counts[1] > 2000 and counts[2] > 150 and counts[3] > 300
    assert (
        Society.objects.filter(
            name__in=["中国数学会", "中国物理学会", "中国化学会", "中国计算机学会"]
        ).count()
        == 4
    )
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Society.objects.count(), Membership.objects.count(), Branch.objects.count()) == counts[:3]
    users = get_user_model().objects
    for username in ("cast_admin", "regulator", "secretary", "party_reviewer", "branch_officer", "member"):
        user = users.get(username=username)
        client.force_login(user)
        assert client.get("/").status_code == 200, username
