from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    entries = [(_("Societies"), reverse("societies:list"))]
    if reach.cast_admin or reach.regulator:
        entries.append((_("CAST workspace"), reverse("societies:cast")))
    if len(reach.secretary_of) == 1:
        (pk,) = reach.secretary_of
        entries.append((_("Society workspace"), reverse("societies:workspace", args=[pk])))
        entries.append((_("Member directory"), reverse("societies:members", args=[pk])))
    return entries
