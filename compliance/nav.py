from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    if reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of:
        return [(_("Findings"), reverse("compliance:findings"))]
    return []
