from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    if reach.reviewer_of and not (reach.secretary_of or reach.cast_admin):
        return [(_("Pre-review"), reverse("party_building:matters"))]
    if reach.cast_admin or reach.secretary_of or reach.reviewer_of:
        return [(_("Party building"), reverse("party_building:matters"))]
    return []
