"""core.models.Decided: a decision step records who, when and why on the record itself (issue 10)."""

import pytest
from django.apps import apps

from activities import services as filings
from core.models import Decided
from party_building.services import matters
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_every_workflow_with_a_decision_step_is_a_decided_record():
    """A model whose workflow declares `decides`/`reopens` must carry the fields the workflow writes."""
    deciding = []
    for model in apps.get_models():
        workflow = getattr(model, "workflow", None)
        transitions = getattr(workflow, "transitions", {})
        if any(t.decides or t.reopens for t in transitions.values()):
            deciding.append(model._meta.label)
            assert issubclass(model, Decided), model._meta.label
    assert {"activities.Activity", "branches.Branch", "members.MembershipApplication"} <= set(deciding)


def test_return_records_the_reviewer_time_and_reason(society_a, cast_admin):
    activity = ActivityFactory(society=society_a, status="submitted")
    returned = filings.return_filing(actor=cast_admin, activity=activity, comment="请补充议程")
    returned.refresh_from_db()
    assert (returned.decided_by, returned.comment) == (cast_admin, "请补充议程")
    assert returned.decided_at is not None


def test_resubmitting_a_matter_clears_the_decision(society_a, secretary_a, reviewer_a):
    matter = matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="年度计划")
    matter = matters.return_matter(actor=reviewer_a, matter=matter, opinion="请补充预算")
    assert (matter.decided_by, matter.comment) == (reviewer_a, "请补充预算")
    matter = matters.resubmit_matter(actor=secretary_a, matter=matter, comment="已补充")
    matter.refresh_from_db()
    assert (matter.decided_by, matter.decided_at, matter.comment) == (None, None, "")
