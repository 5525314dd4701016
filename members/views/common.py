"""Shared by the members pages: who is asking."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from core.access import DECIDE, VIEW, get_for, may
from core.roles import reach_of
from societies.access import society_for_change

from ..models import Person
from ..privacy import needs_reconsent


def own_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def require_secretariat(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.secretary_of):
        raise PermissionDenied
    return reach


def require_cast(request):
    """CAST's own records (academic credit, training): DECIDE, held by CAST administrators alone."""
    if not may(request.user, None, DECIDE):
        raise PermissionDenied


def consent_current(view):
    """Before a page that edits the member's data or applies: a member whose last consent is to an older
    version of the personal-data notice is sent to consent again first (members:reconsent), then back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_reconsent(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('members:reconsent')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def society_job(request, pk, job_pk, model):
    """A member export or import job (`model`) of the society `pk` that the user runs: 404 for a job of
    another society or one the user may not see."""
    society = society_for_change(request, pk)
    queryset = model.objects.filter(society=society).select_related("society", "requested_by")
    return get_for(queryset, request.user, VIEW, pk=job_pk)
