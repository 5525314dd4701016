"""Every state change of a branch office, one function each; web views, the API, the import, the admin
and the Celery task call these. Rules live in branches.rules.

Modules by aggregate: `proposals` (establishment, edits, resolution, submission), `decisions` (CAST's
approve, reject, flag, rectified, revoke), `officers`, `assessment` (R-BR-05 yearly assessment and the
long-inactivity sweep), `imports` (CSV/XLSX import), `common` (fields, who may act).
"""

from .assessment import activity_counts, open_inactivity_findings, record_assessment
from .common import BRANCH_FIELDS, RESOLUTION_FIELDS, _require_runner, _require_secretary
from .decisions import (
    approve_branch,
    confirm_rectified,
    default_rectification_deadline,
    flag_branch,
    reject_branch,
    revoke_branch,
)
from .imports import IMPORT_COLUMNS, KIND_LABELS, ImportRefused, import_branches, import_columns
from .officers import add_officer, remove_officer
from .proposals import (
    DEFINING_FIELDS,
    attach_resolution_document,
    files_removed_on_failure,
    propose_branch,
    save_resolution,
    submit_branch,
    update_branch,
)

__all__ = [
    "BRANCH_FIELDS",
    "DEFINING_FIELDS",
    "IMPORT_COLUMNS",
    "KIND_LABELS",
    "RESOLUTION_FIELDS",
    "ImportRefused",
    "_require_runner",
    "_require_secretary",
    "activity_counts",
    "add_officer",
    "approve_branch",
    "attach_resolution_document",
    "confirm_rectified",
    "default_rectification_deadline",
    "files_removed_on_failure",
    "flag_branch",
    "import_branches",
    "import_columns",
    "open_inactivity_findings",
    "propose_branch",
    "record_assessment",
    "reject_branch",
    "remove_officer",
    "revoke_branch",
    "save_resolution",
    "submit_branch",
    "update_branch",
]
