"""Branch pages, one module per aggregate. Secretary: the society's branches, the proposal form with its
resolution and inline rule checks, CSV import (proposals), officers, assessments. CAST: the steps on a
proposal or branch (steps), the review queue across societies and a society's roster (review), the
clean-up candidates and the R-BR-05 inactivity scan (cleanup). A branch officer sees and manages only
their own branch (core.access).
"""

from .assessment import assessment_create
from .cleanup import cleanup, cleanup_scan
from .common import DETAIL_QS, LIST_QS
from .officers import officer_add, officer_remove
from .proposals import (
    branch_check,
    branch_detail,
    branch_edit,
    branch_import,
    branch_list,
    branch_propose,
    resolution_document,
)
from .review import review_queue, roster
from .steps import STEPS, branch_step, may_take_step

__all__ = [
    "DETAIL_QS",
    "LIST_QS",
    "STEPS",
    "assessment_create",
    "branch_check",
    "branch_detail",
    "branch_edit",
    "branch_import",
    "branch_list",
    "branch_propose",
    "branch_step",
    "cleanup",
    "cleanup_scan",
    "may_take_step",
    "officer_add",
    "officer_remove",
    "resolution_document",
    "review_queue",
    "roster",
]
