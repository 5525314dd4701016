from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    """Reports for CAST, the regulator and a society's secretariat and Party reviewers."""
    if reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of:
        return [(_("Reports"), reverse("reports:reports"))]
    return []
