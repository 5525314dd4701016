from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    out = []
    if reach.secretary_of or reach.officer_of or reach.reviewer_of:
        out.append((_("Branch offices"), reverse("branches:list")))
    if reach.cast_admin or reach.regulator:
        out.append((_("Branch review"), reverse("branches:review")))
        out.append((_("Branch clean-up"), reverse("branches:cleanup")))
    return out
