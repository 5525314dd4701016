"""Readable names of audit action codes (`app.model.verb`), for the audit-log page, its CSV and the API:
the model's verbose name and a label of the verb — a workflow step's own label when the model has a
workflow, else the table below — e.g. `branches.branch.approve` → "分支机构：批准"."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

VERBS = {
    "created": pgettext_lazy("audit action", "created"),
    "updated": pgettext_lazy("audit action", "updated"),
    "edited": pgettext_lazy("audit action", "edited"),
    "recorded": pgettext_lazy("audit action", "recorded"),
    "changed": pgettext_lazy("audit action", "changed"),
    "deleted": pgettext_lazy("audit action", "deleted"),
    "removed": pgettext_lazy("audit action", "removed"),
    "role_granted": pgettext_lazy("audit action", "role granted"),
    "role_revoked": pgettext_lazy("audit action", "role revoked"),
    "deactivated": pgettext_lazy("audit action", "deactivated"),
    "exported": pgettext_lazy("audit action", "exported"),
    "imported": pgettext_lazy("audit action", "imported"),
    "duplicated": pgettext_lazy("audit action", "duplicated"),
    "summarized": pgettext_lazy("audit action", "summary recorded"),
    "added": pgettext_lazy("audit action", "added"),
    "downloaded": pgettext_lazy("audit action", "downloaded"),
    "revised": pgettext_lazy("audit action", "revised"),
    "proposed": pgettext_lazy("audit action", "proposed"),
    "submitted": pgettext_lazy("audit action", "submitted"),
    "opened": pgettext_lazy("audit action", "opened"),
    "registered": pgettext_lazy("audit action", "registered"),
    "renewed": pgettext_lazy("audit action", "renewed"),
    "heartbeat": pgettext_lazy("audit action", "heartbeat"),
    "logged_in": pgettext_lazy("audit action", "logged in"),
    "logged_out": pgettext_lazy("audit action", "logged out"),
    "login_failed": pgettext_lazy("audit action", "login failed"),
    "purged": pgettext_lazy("audit action", "old entries purged"),
    "reviewer_assigned": pgettext_lazy("audit action", "reviewer assigned"),
    "material_added": pgettext_lazy("audit action", "material added"),
    "evidence_added": pgettext_lazy("audit action", "evidence added"),
    "document_attached": pgettext_lazy("audit action", "document attached"),
    "linked": pgettext_lazy("audit action", "linked"),
    "verification_sent": pgettext_lazy("audit action", "verification link sent"),
    "email_verified": pgettext_lazy("audit action", "e-mail verified"),
    "email_change_requested": pgettext_lazy("audit action", "e-mail change requested"),
    "email_changed": pgettext_lazy("audit action", "e-mail changed"),
    "ended": pgettext_lazy("audit action", "ended"),
    "appointed": pgettext_lazy("audit action", "appointed"),
    "started": pgettext_lazy("audit action", "started"),
    "closed": pgettext_lazy("audit action", "closed"),
    "escalated": pgettext_lazy("audit action", "escalated"),
    "requested": pgettext_lazy("audit action", "requested"),
    "renamed": pgettext_lazy("audit action", "renamed"),
    "resumed": pgettext_lazy("audit action", "resumed"),
    "retried": pgettext_lazy("audit action", "retried"),
    "declared": pgettext_lazy("audit action", "declared"),
    "candidate_added": pgettext_lazy("audit action", "candidate added"),
    "candidate_removed": pgettext_lazy("audit action", "candidate removed"),
    "admin_added": pgettext_lazy("audit action", "administrator added"),
    "admin_changed": pgettext_lazy("audit action", "administrator changed"),
    "profile_changed": pgettext_lazy("audit action", "profile changed"),
    "identity_changed": pgettext_lazy("audit action", "identity changed"),
    "full_time_changed": pgettext_lazy("audit action", "full-time status changed"),
    "narrative_saved": pgettext_lazy("audit action", "narrative saved"),
    "import_refused": pgettext_lazy("audit action", "import refused"),
    "sg_full_time_synced": pgettext_lazy("audit action", "secretary-general full-time status synced"),
    "denied_view": pgettext_lazy("audit action", "refused: viewing"),
    "denied_change": pgettext_lazy("audit action", "refused: changing"),
    "denied_review": pgettext_lazy("audit action", "refused: pre-review"),
    "denied_decide": pgettext_lazy("audit action", "refused: deciding"),
    "denied_admin": pgettext_lazy("audit action", "refused: administration"),
    "denied_web": pgettext_lazy("audit action", "refused: page"),
    "denied_api": pgettext_lazy("audit action", "refused: API request"),
    "denied_reference": pgettext_lazy("audit action", "refused: another society's object named"),
    "issued": pgettext_lazy("audit action", "issued"),
    "revoked": pgettext_lazy("audit action", "revoked"),
    "revoked_all": pgettext_lazy("audit action", "all revoked"),
    "api_refused": pgettext_lazy("audit action", "API request refused"),
    "enrol_failed": pgettext_lazy("audit action", "enrolment failed"),
    "enrolled": pgettext_lazy("audit action", "enrolled"),
    "recovery_code_used": pgettext_lazy("audit action", "recovery code used"),
    "recovery_codes_regenerated": pgettext_lazy("audit action", "recovery codes regenerated"),
    "verify_failed": pgettext_lazy("audit action", "verification failed"),
    "password_changed": pgettext_lazy("audit action", "password changed"),
    "backup": pgettext_lazy("audit action", "backup made"),
}
# Subjects that are no model of their own.
SUBJECTS = {
    ("core", "access"): _("Access"),
    ("core", "system"): _("System"),
    ("core", "rulesetting"): _("Rule setting"),
    ("accounts", "two_factor"): _("Two-factor authentication"),
    ("reports", "scorecard"): _("First-class society scorecard"),
    ("core", "auditentry"): _("Audit trail"),
}


def _model_ending_with(app_label: str, model_name: str):
    """The app's one model whose name ends or starts with `model_name` (`branches.resolution` →
    BranchResolution, `societies.charter` → CharterVersion), or None (then SUBJECTS, then the code)."""
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return None
    name = model_name or "\0"
    found = [m for m in models if m._meta.model_name.endswith(name) or m._meta.model_name.startswith(name)]
    return found[0] if len(found) == 1 else None


def action_label(action: str) -> str:
    """ "<what it concerns>：<what happened>", translated; the code's own parts only where neither the
    model nor the table knows them."""
    app_label, _sep, rest = action.partition(".")
    model_name, _sep, verb = rest.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        model = _model_ending_with(app_label, model_name)
    if model is not None:
        subject = str(model._meta.verbose_name)
    elif (app_label, model_name) in SUBJECTS:
        subject = str(SUBJECTS[app_label, model_name])
    else:
        subject = model_name
    workflow = getattr(model, "workflow", None)
    if workflow is not None and verb in workflow.transitions:
        what = str(workflow[verb].label)
    elif verb in VERBS:
        what = str(VERBS[verb])
    elif verb.startswith("denied"):
        what = str(_("access refused"))
    else:
        what = verb.replace("_", " ")
    return f"{subject}：{what}"
