from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    """The public dynamic list for everyone (anonymous visitors too); each role's award pages."""
    out = []
    if reach.cast_admin or reach.regulator:
        out.append((_("Award listing"), reverse("awards:listing")))
    elif reach.secretary_of or reach.reviewer_of:
        out.append((_("Awards"), reverse("awards:programs")))
    else:
        out.append((_("Award list"), reverse("awards:public_list")))
    if reach.award_reviewer_of:
        out.append((_("My reviews"), reverse("awards:my_reviews")))
    if reach.member:
        out.append((_("My nominations"), reverse("awards:my_nominations")))
    return out
