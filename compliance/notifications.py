"""The secretaries' daily digest of compliance findings: who gets it, what it says, in each one's language.

Rendering only; compliance.tasks sends (see core/mail.py). A society gets a digest on a day when it has
findings opened since its last digest, or overdue ones — and never two on the same day (`Digest`).
"""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import language_of, localized, society_name
from societies.models import Society

from .choices import UNRESOLVED
from .models import Digest, Finding
from .rule_titles import rule_title


def societies_due_a_digest() -> list[int]:
    """Societies with new findings since their last digest, or overdue findings, and no digest today.
    Two queries whatever the number of societies."""
    today = timezone.localdate()
    last = {
        row["society_id"]: row
        for row in Digest.objects.filter(sent_at__isnull=False)
        .values("society_id")
        .annotate(day=Max("day"), sent_at=Max("sent_at"))
    }
    rows = (
        Finding.objects.filter(status__in=UNRESOLVED)
        .values("society_id")
        .annotate(newest=Max("opened_at"), overdue=Max("deadline", filter=Q(deadline__lt=today)))
    )
    due = []
    for row in rows:
        previous = last.get(row["society_id"])
        if previous and previous["day"] == today:
            continue
        if row["overdue"] is not None or previous is None or row["newest"] > previous["sent_at"]:
            due.append(row["society_id"])
    return sorted(due)


def secretaries(society: Society):
    """The society's secretariat accounts (object permission `manage_society`), active ones with mail."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            userobjectpermission__permission__codename="manage_society",
            userobjectpermission__object_pk=str(society.pk),
        )
        .exclude(email="")
    )


def digest(society_pk: int) -> tuple[list[EmailMessage], Digest | None]:
    """Today's digest of one society (messages, and the Digest row to mark sent), or ([], None) when
    it already got one today or has nothing to report."""
    today = timezone.localdate()
    society = Society.objects.get(pk=society_pk)
    with transaction.atomic():
        try:
            record, _created = Digest.objects.get_or_create(society=society, day=today)
        except IntegrityError:
            return [], None
    if record.sent_at is not None:
        return [], None
    previous = (
        Digest.objects.filter(society=society, sent_at__isnull=False, day__lt=today)
        .order_by("-day")
        .values_list("sent_at", flat=True)
        .first()
    )
    unresolved = Finding.objects.filter(society=society, status__in=UNRESOLVED).order_by("deadline", "id")
    new = list(unresolved.filter(opened_at__gt=previous) if previous else unresolved)
    overdue = list(unresolved.filter(deadline__lt=today))
    if not new and not overdue:
        return [], None
    Digest.objects.filter(pk=record.pk).update(new=len(new), overdue=len(overdue))

    def line(f: Finding) -> str:
        deadline = f.deadline.isoformat() if f.deadline else "—"
        return f"- {f.rule} {rule_title(f.rule)}: {f.text} ({_('deadline')} {deadline})"

    def render() -> tuple[str, str]:
        names = {"society": society_name(society), "new": len(new), "overdue": len(overdue)}
        subject = _("Compliance findings of %(society)s: %(new)d new, %(overdue)d overdue") % names
        parts = [_("Dear secretariat of %(society)s,") % names, ""]
        if new:
            parts.append(ngettext("%(new)d new finding:", "%(new)d new findings:", len(new)) % names)
            parts += [line(f) for f in new[:50]]
            parts.append("")
        if overdue:
            parts.append(
                ngettext(
                    "%(overdue)d finding is past its deadline:",
                    "%(overdue)d findings are past their deadline:",
                    len(overdue),
                )
                % names
            )
            parts += [line(f) for f in overdue[:50]]
            parts.append("")
        parts.append(_("Follow them up under “Compliance findings” in the portal."))
        return subject, "\n".join(parts)

    recipients = [(u.email, language_of(u)) for u in secretaries(society)]
    return localized(recipients, render), record


def mark_sent(record: Digest, *, recipients: int) -> None:
    Digest.objects.filter(pk=record.pk).update(sent_at=timezone.now(), recipients=recipients)
