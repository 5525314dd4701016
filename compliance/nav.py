from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    """CAST and the regulator: the compliance board, findings and sweeps; a society's secretariat: its
    findings and the re-check of its society; its Party reviewers: its findings."""
    out = []
    if reach.cast_admin or reach.regulator:
        out.append((_("Compliance"), reverse("compliance:dashboard")))
    if reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of:
        out.append((_("Findings"), reverse("compliance:findings")))
    if reach.cast_admin or reach.regulator or reach.secretary_of:
        out.append((_("Sweeps"), reverse("compliance:sweeps")))
    return out
