from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    out = []
    if reach.secretary_of or reach.officer_of:
        out.append((_("My filings"), reverse("activities:list")))
    if reach.cast_admin or reach.regulator:
        out.append((_("Filing review"), reverse("activities:review")))
    return out
