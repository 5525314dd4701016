"""Human names for the rule IDs of DOMAIN.md that open findings or label refusals and badges, and labels for
the facts a rule records on a finding. Pages show "R-BR-05 · Branch long inactive" instead of a bare ID."""

from django.utils.translation import gettext_lazy as _

RULE_TITLES = {
    "R-BR-01": _("No branch of a branch"),
    "R-BR-02": _("Branch scope within the society's scope"),
    "R-BR-03": _("Establishing resolution with quorum and majority"),
    "R-BR-04": _("Branch ceiling"),
    "R-BR-05": _("Yearly assessment; long-inactive branches"),
    "R-ACT-01": _("Activity scope within the society's scope"),
    "R-ACT-02": _("Filing before the activity starts"),
    "R-ACT-05": _("Foreign-affairs approval for foreign cooperation"),
    "R-AW-01": _("Only listed programs open rounds"),
    "R-AW-02": _("Winners within quota and ratio cap"),
    "R-AW-03": _("No fees in awards"),
    "R-PB-01": _("Party-leadership clause in the charter"),
    "R-PB-02": _("Party pre-review of major matters"),
    "R-PB-03": _("Political review of the candidate slate"),
    "R-PB-04": _("Three-level Party organizations"),
    "R-GOV-01": _("Charter versions"),
    "R-GOV-02": _("Governing bodies with a current term"),
    "R-GOV-03": _("Council composition"),
    "R-GOV-04": _("Full-time secretary-general"),
    "R-GOV-05": _("Annual work report on time"),
    "R-ETH-02": _("No candidacy under an academic sanction"),
    "R-EV-01": _("First-class society scorecard"),
    "R-TR-01": _("Leader training"),
}

FACT_LABELS = {
    "months": _("Months without an approved activity"),
    "cutoff": _("No approved activity since"),
    "year": _("Year"),
    "grade": _("Grade"),
    "filed": _("Activities filed"),
    "approved": _("Activities approved"),
    "branches": _("Branch offices"),
    "allowed": _("Ceiling"),
    "active_members": _("Active members"),
    "starts_on": _("Starts on"),
    "submitted_at": _("Filed at"),
    "society": _("Society"),
    "branch": _("Branch office"),
    "title": _("Title"),
    "filed_on": _("Filed on"),
    "days": _("Days required"),
    "partner": _("Foreign partner"),
    "amount": _("Amount (CNY)"),
    "program": _("Award program"),
    "program_status": _("Program status"),
    "winners": _("Winners"),
    "valid": _("Valid nominations"),
    "quota": _("Quota"),
    "cap": _("Winner-ratio cap"),
    "fee": _("Fee (CNY)"),
    "donor": _("Donor"),
    "purpose": _("Purpose"),
    "body": _("Body"),
    "term_start": _("Term from"),
    "ended": _("Last term ended"),
    "missing": _("Missing"),
    "gaps": _("Gaps"),
    "branches_without": _("Branch offices without a Party organization"),
    "version": _("Charter version"),
    "seats": _("Seats"),
    "grassroots_share": _("Grassroots share"),
    "under50_share": _("Share under 50"),
    "grassroots_target": _("Grassroots target"),
    "under50_target": _("Under-50 target"),
    "person": _("Person"),
    "position": _("Position"),
    "kinds": _("Training owed"),
    "due_on": _("Due on"),
}


def rule_title(rule: str) -> str:
    """The rule's name ("Branch ceiling" for R-BR-04), or "" for a rule without one."""
    return str(RULE_TITLES.get((rule or "").strip().upper(), ""))


def fact_label(key: str) -> str:
    """The label of a recorded fact, or the key itself when it has none."""
    return str(FACT_LABELS.get(key, key))


def fact_value(key: str, value):
    """A recorded fact as people read it: a grade by its label, a timestamp without seconds."""
    if key == "grade":
        from branches.choices import AssessmentGrade

        return str(dict(AssessmentGrade.choices).get(value, value))
    if key.endswith("_at") and isinstance(value, str):
        from datetime import datetime

        from django.utils import timezone

        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return value
