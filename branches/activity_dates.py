"""Branch.last_activity_on: the latest day of an approved activity filing of each branch office — the
date R-BR-05 ("no approved activity for `branch_inactive_months` months") is decided on.

Stored on the branch because the clean-up list, the dashboard count and the compliance sweep ask it of all
10,000 branches at once: as a correlated search of the 90,000 filings it cost ~60 ms per list page at full
scale (bench/pages.py), as a column it is a plain comparison. Activity filings sit above branches, so the
activities app calls `refresh` when a filing is saved or deleted (activities/signals.py), and bulk loaders
(demo data, the bench dataset) call `refresh()` once after loading. It recomputes from the filings rather
than adjusting the stored value, so a call is always right whatever changed.
"""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from .models import Branch
from .rules import filings

APPROVED = "approved"  # activities.choices.ActivityStatus.APPROVED (activities sits above branches)


def latest_approved_day(branch_ref) -> Subquery:
    """The latest day (the end or, if later, the start) of the approved filings of `branch_ref`."""
    return Subquery(
        filings()
        .filter(branch=branch_ref, status=APPROVED)
        .order_by()
        .values("branch")
        .annotate(day=Max(Greatest("ends_on", "starts_on")))
        .values("day")[:1]
    )


def refresh(branch_ids=None) -> int:
    """Recompute the date of the given branches (all when None) in one UPDATE; returns the rows updated."""
    branches = Branch.objects.all() if branch_ids is None else Branch.objects.filter(pk__in=set(branch_ids))
    return branches.update(last_activity_on=latest_approved_day(OuterRef("pk")))
