"""Dashboard panels: a member's memberships and applications; a secretariat's waiting queues;
CAST's academic credit records."""

from django.db.models import Count, Q

from societies.models import Society

from .choices import ApplicationStatus, ChangeRequestStatus, CreditKind
from .models import CreditRecord, Membership, MembershipApplication, Person, ProfileChangeRequest


def panels(request, reach):
    user = request.user
    out = []
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is not None or reach.member:
        out.append(
            {
                "template": "members/partials/panel_member.html",
                "memberships": list(Membership.objects.filter(person=person).select_related("society")[:10])
                if person
                else [],
                "applications": list(
                    MembershipApplication.objects.filter(person=person).select_related("society")[:5]
                )
                if person
                else [],
            }
        )
    if reach.secretary_of:
        societies = Society.objects.filter(pk__in=reach.secretary_of).annotate(
            pending=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
            flagged=Count(
                "applications",
                filter=Q(
                    applications__status=ApplicationStatus.SUBMITTED,
                    applications__needs_explicit_approval=True,
                ),
            ),
        )
        changes = ProfileChangeRequest.objects.filter(
            status=ChangeRequestStatus.PENDING,
            person_id__in=Membership.objects.filter(
                society_id__in=reach.secretary_of, status="active"
            ).values("person_id"),
        ).count()
        out.append(
            {
                "template": "members/partials/panel_secretary.html",
                "societies": list(societies.order_by("code")),
                "change_requests": changes,
            }
        )
    if reach.cast_admin:
        out.append(
            {
                "template": "members/partials/panel_cast.html",
                "credit_records": CreditRecord.objects.count(),
                "sanctions": CreditRecord.objects.filter(kind=CreditKind.SANCTION).count(),
                "pending_applications": MembershipApplication.objects.filter(
                    status=ApplicationStatus.SUBMITTED
                ).count(),
            }
        )
    return out
