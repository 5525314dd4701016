"""State changes of people, memberships, applications, identity changes, credit and training records.

One function per state change. Each checks the rule (DomainError naming the field and rule ID),
runs in one transaction, writes the audit trail and queues mail with `transaction.on_commit`.
Web views, API viewsets and the demo call these; none of them re-implements a rule.

Modules: `common` (shared helpers), `people` (profiles, registration), `joining` (applications and their
mails), `memberships` (lapse/renew/withdraw/expel), `profile` (own edits and identity change requests,
R-MEM-03), `records` (credit and training records). Their mails are Celery tasks (`members.tasks`,
rendered by `members.notifications`), queued on commit. Import from `members.services`; the names below
are its public face (a few private helpers too, used by the API and the demo).
"""

from ..choices import FLAGGED_REGIONS
from ..permissions import can_decide_for_society, can_write_credit_records
from .common import _check_choice, _jsonable, _require_decider, _today, one_year_after
from .enrolment import record_membership
from .exports import record_download, start_export
from .imports import import_members, start_import
from .joining import (
    _create_active_membership,
    _next_number,
    apply_for_membership,
    approve_application,
    reject_application,
    self_selectable_tiers,
    set_self_selectable_tiers,
    withdraw_application,
)
from .memberships import change_membership_status
from .people import (
    _CHOICES,
    PERSON_FIELDS,
    PROFILE_FIELDS,
    _clean_id,
    _validated_profile,
    consent_again,
    create_person,
    link_person_to_user,
    register_visitor,
)
from .profile import (
    can_decide_change_request,
    confirm_change_request,
    reject_change_request,
    update_own_profile,
)
from .records import record_credit, record_training

__all__ = [
    "record_download",
    "start_export",
    "FLAGGED_REGIONS",
    "PERSON_FIELDS",
    "PROFILE_FIELDS",
    "_CHOICES",
    "_check_choice",
    "_clean_id",
    "_create_active_membership",
    "_jsonable",
    "_next_number",
    "_require_decider",
    "_today",
    "_validated_profile",
    "apply_for_membership",
    "approve_application",
    "can_decide_change_request",
    "can_decide_for_society",
    "can_write_credit_records",
    "change_membership_status",
    "confirm_change_request",
    "create_person",
    "import_members",
    "start_import",
    "link_person_to_user",
    "one_year_after",
    "record_credit",
    "record_membership",
    "record_training",
    "reject_application",
    "reject_change_request",
    "self_selectable_tiers",
    "set_self_selectable_tiers",
    "withdraw_application",
    "consent_again",
    "register_visitor",
    "update_own_profile",
]
