"""What of joining waits for someone (core.inbox): a society's secretariat decides the applications and
confirms identity changes (R-MEM-03); a member waits for the decision on their own applications."""

from django.db.models import F, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, VIEW, restrict
from core.inbox import Source, choice_label

from .choices import ApplicationStatus, ChangeRequestStatus, MembershipTier
from .models import MembershipApplication, ProfileChangeRequest


def _tier():
    return choice_label("tier", MembershipTier.choices)


SOURCES = [
    Source(
        key="members.application",
        label=_("Membership application"),
        action=_("Approve or reject the application"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=lambda user: restrict(
            MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED), user, CHANGE, cast=False
        ),
        url="members:application_detail",
        since=F("submitted_at"),
        title=F("person__name"),
        detail=_tier,
    ),
    Source(
        key="members.change_request",
        label=_("Identity change"),
        action=_("Confirm or reject the change"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=lambda user: restrict(
            ProfileChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING), user, CHANGE, cast=False
        ),
        url=lambda pk: reverse("members:change_request_queue"),
        since=F("requested_at"),
        title=F("person__name"),
        society=Value(""),
    ),
    Source(
        key="members.my_application",
        label=_("My application"),
        action=_("Waiting for the secretariat's decision"),
        applies=lambda reach: reach.member,
        rows=lambda user: restrict(
            MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED, person__user=user),
            user,
            VIEW,
        ),
        url=lambda pk: reverse("members:mine") + f"#application-{pk}",
        since=F("submitted_at"),
        title=F("society__name"),
        society=Value(""),
        detail=_tier,
    ),
]
