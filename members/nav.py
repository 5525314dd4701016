from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    out = []
    if reach.member:
        out.append((_("My memberships"), reverse("members:mine")))
        out.append((_("My profile"), reverse("members:profile")))
    if reach.secretary_of or reach.cast_admin:
        out.append((_("Applications"), reverse("members:application_queue")))
    if reach.secretary_of:
        out.append((_("Identity changes"), reverse("members:change_request_queue")))
    if reach.cast_admin:
        out.append((_("Credit and training"), reverse("members:credit_list")))
    return out
