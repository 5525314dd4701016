"""Shared by the awards API: correlated counts."""

from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce


def _count(queryset):
    """A correlated `SELECT COUNT(*)` of `queryset` (filtered on an OuterRef): one number per outer row,
    no GROUP BY, 0 when there are none."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
