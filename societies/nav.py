from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(request, reach):
    return [(_("Societies"), reverse("societies:list"))]
