"""The secretary workspace of one society: profile, charter versions, governance bodies with terms and
seats, officers. Every page first reaches the society through societies.access (404/403, audited);
every POST calls one function of societies.services."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import selectors as compliance_selectors
from core.access import CHANGE, may
from core.audit import entries_for
from core.charts import chart_context
from core.disciplines import name_of
from core.forms import run_service
from core.history import history_with_changes
from core.uploads import files_with_held, keep_uploads

from . import services
from .access import society_for_change, society_for_governance
from .choices import REQUIRED_BODIES, BodyKind, OfficerPosition, TermStatus
from .forms import CharterForm, OfficerForm, ReasonForm, SeatForm, SocietyProfileForm, TermForm
from .models import GovernanceBody, Officer, Seat, Society, Term
from .selectors import council_targets, term_composition


def _field_label(name: str) -> str:
    try:
        return str(Society._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001  a field since removed keeps its raw name
        return name


def _field_value(name: str, value) -> str:
    """A historical value as people read it: choice labels, yes/no, discipline names."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "business_scope" and isinstance(value, list):
        return "、".join(f"{code} {name_of(code)}".strip() for code in value)
    try:
        choices = dict(Society._meta.get_field(name).choices or ())
    except Exception:  # noqa: BLE001
        choices = {}
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return str(value)


def field_history(society, limit: int = 30) -> list[dict]:
    """What changed in the society's own fields, newest first (django-simple-history), in one query.
    Fields and values are given as people read them (labels, not column names or codes)."""
    rows = []
    for newer, delta in history_with_changes(society.history, limit):
        created = delta is None
        changes = [
            {
                "field": c.field,
                "label": _field_label(c.field),
                "old": _field_value(c.field, c.old),
                "new": _field_value(c.field, c.new),
            }
            for c in delta or []
        ]
        if changes or created:
            rows.append(
                {
                    "at": newer.history_date,
                    "user": newer.history_user,
                    "reason": newer.history_change_reason or "",
                    "created": created,
                    "changes": changes,
                }
            )
    return rows


@login_required
def overview(request, pk):
    """Profile, officers, the society's trend charts (the dashboard's, narrowed to it), bodies with their
    current terms, charter history, field history."""
    society = society_for_governance(request, pk)
    today = timezone.localdate()
    bodies = list(
        GovernanceBody.objects.filter(society=society).prefetch_related(
            Prefetch("terms", queryset=Term.objects.annotate(filled=Count("seat_set")).order_by("-number"))
        )
    )
    by_kind = {b.kind: b for b in bodies}
    body_rows = []
    for kind, label in BodyKind.choices:
        body = by_kind.get(kind)
        terms = list(body.terms.all()) if body else []
        current = next((t for t in terms if t.status == TermStatus.CURRENT), None)
        body_rows.append(
            {
                "kind": kind,
                "label": label,
                "body": body,
                "current": current,
                "expired": bool(current and current.ends_on < today),
                "required": kind in REQUIRED_BODIES,
                "terms": terms,
            }
        )
    rank = {p: i for i, p in enumerate(OfficerPosition.values)}
    officers = sorted(
        Officer.objects.filter(society=society).select_related("person"),
        key=lambda o: (o.ends_on is not None, rank.get(o.position, 99), o.starts_on, o.pk),
    )
    return render(
        request,
        "societies/workspace/overview.html",
        {
            "society": society,
            "can_change": may(request.user, society, CHANGE),
            "body_rows": body_rows,
            "officers": [o for o in officers if o.ends_on is None],
            "past_officers": [o for o in officers if o.ends_on is not None][:20],
            "charters": society.charters.select_related("recorded_by"),
            "field_history": field_history(society),
            "audit": entries_for(society).order_by("-at", "-id")[:20],
            "findings": compliance_selectors.society_counts(society),
            **chart_context(request.user, society),
        },
    )


def _form_page(request, society, form, title, template="societies/workspace/form.html", **extra):
    return render(request, template, {"society": society, "form": form, "title": title, **extra})


@login_required
def edit_profile(request, pk):
    society = society_for_change(request, pk)
    form = SocietyProfileForm(request.POST or None, initial=SocietyProfileForm.initial_for(society))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        if response := run_service(
            request,
            form,
            lambda: services.update_society_profile(
                actor=request.user, society=society, changes=data, comment=comment
            ),
            _("Profile saved."),
            "societies:workspace",
            pk=society.pk,
        ):
            return response
    return _form_page(request, society, form, _("Edit profile"))


@login_required
def add_charter(request, pk):
    society = society_for_change(request, pk)
    form = CharterForm(
        request.POST or None,
        files_with_held(request, ["document"]) if request.method == "POST" else None,
        initial={
            "business_scope": society.business_scope,
            "business_scope_text": society.business_scope_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if response := run_service(
            request,
            form,
            lambda: services.add_charter_version(
                actor=request.user,
                society=society,
                adopted_on=data["adopted_on"],
                has_party_leadership_clause=data["has_party_leadership_clause"],
                business_scope=data["business_scope"],
                business_scope_text=data["business_scope_text"],
                document=data.get("document"),
                comment=data["comment"],
            ),
            lambda charter: _("Charter version %(v)d recorded.") % {"v": charter.version},
            "societies:workspace",
            pk=society.pk,
        ):
            return response
    note = _(
        "This records version %(v)d. Earlier versions are kept unchanged; the society's business scope "
        "becomes the scope of this version."
    ) % {"v": services.next_charter_version(society)}
    keep_uploads(form, user=request.user)  # a chosen document survives an error elsewhere on the form
    return _form_page(request, society, form, _("Record a new charter version"), note=note, multipart=True)


@login_required
def open_term(request, pk):
    society = society_for_change(request, pk)
    form = TermForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if response := run_service(
            request,
            form,
            lambda: services.open_term(actor=request.user, society=society, **data),
            _("Term recorded."),
            lambda term: reverse("societies:term", kwargs={"pk": society.pk, "term_pk": term.pk}),
        ):
            return response
    note = _("The new term becomes the body's current term; the current term, if any, is closed.")
    return _form_page(request, society, form, _("Record a term"), note=note)


@login_required
def term_detail(request, pk, term_pk):
    society = society_for_governance(request, pk)
    term = get_object_or_404(Term.objects.select_related("body"), pk=term_pk, body__society=society)
    seats = list(term.seat_set.select_related("person").order_by("person__name", "id"))
    editable = Term.workflow.can_edit(term, request.user)
    form = SeatForm(request.POST or None, society=society) if editable else None
    if request.method == "POST":
        society_for_change(request, pk)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            if response := run_service(
                request,
                form,
                lambda: services.add_seat(
                    actor=request.user,
                    term=term,
                    person=data["person"],
                    birth_year=data["birth_year"],
                    grassroots=data["grassroots"],
                    sector=data["sector"],
                ),
                _("Seat recorded."),
                "societies:term",
                pk=society.pk,
                term_pk=term.pk,
            ):
                return response
    composition = term_composition(term)
    return render(
        request,
        "societies/workspace/term.html",
        {
            "society": society,
            "term": term,
            "seats": seats,
            "form": form,
            "editable": editable,
            # `total` is the name the template reads for the number of filled seats.
            "composition": {**composition, "total": composition["seats"]},
            "targets": council_targets() if term.body.kind == BodyKind.COUNCIL else None,
        },
    )


@login_required
def remove_seat(request, pk, seat_pk):
    society = society_for_change(request, pk)
    seat = get_object_or_404(
        Seat.objects.select_related("term__body", "person"), pk=seat_pk, term__body__society=society
    )
    form = ReasonForm(request.POST or None)
    form.fields["ends_on"].widget = form.fields["ends_on"].hidden_widget()
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.remove_seat(
                    actor=request.user, seat=seat, comment=form.cleaned_data["comment"]
                ),
                _("Seat vacated."),
                "societies:term",
                pk=society.pk,
                term_pk=seat.term_id,
            )
        )
    ):
        return response
    note = _("%(person)s leaves %(body)s, term %(n)d. The removal and its reason are recorded.") % {
        "person": seat.person.name,
        "body": seat.term.body,
        "n": seat.term.number,
    }
    return _form_page(request, society, form, _("Vacate a seat"), note=note, danger=True)


@login_required
def appoint_officer(request, pk):
    society = society_for_change(request, pk)
    form = OfficerForm(
        request.POST or None, society=society, initial={"position": request.GET.get("position", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if response := run_service(
            request,
            form,
            lambda: services.appoint_officer(
                actor=request.user,
                society=society,
                person=data["person"],
                position=data["position"],
                starts_on=data["starts_on"],
                full_time=data["full_time"],
                term=Term.objects.filter(
                    body__society=society, body__kind=BodyKind.COUNCIL, status=TermStatus.CURRENT
                ).first(),
                comment=data["comment"],
            ),
            _("Officer recorded."),
            "societies:workspace",
            pk=society.pk,
        ):
            return response
    note = _(
        "A new president, secretary-general or chief supervisor replaces the sitting one, whose office ends "
        "the day the new one starts. The society's secretary-general full-time flag follows the sitting "
        "secretary-general (R-GOV-04)."
    )
    return _form_page(request, society, form, _("Record an officer"), note=note)


def _officer(society, officer_pk):
    return get_object_or_404(Officer.objects.select_related("person"), pk=officer_pk, society=society)


@login_required
def end_officer(request, pk, officer_pk):
    society = society_for_change(request, pk)
    officer = _officer(society, officer_pk)
    form = ReasonForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    form.fields["ends_on"].required = True
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.end_officer(
                    actor=request.user,
                    officer=officer,
                    ends_on=form.cleaned_data["ends_on"],
                    comment=form.cleaned_data["comment"],
                ),
                _("Office ended."),
                "societies:workspace",
                pk=society.pk,
            )
        )
    ):
        return response
    note = _("%(person)s leaves the office of %(position)s.") % {
        "person": officer.person.name,
        "position": officer.get_position_display(),
    }
    return _form_page(request, society, form, _("End an office"), note=note, danger=True)


@login_required
def officer_full_time(request, pk, officer_pk):
    """Confirmation page: switch a sitting officer between full-time and part-time."""
    society = society_for_change(request, pk)
    officer = _officer(society, officer_pk)
    form = ReasonForm(request.POST or None)
    form.fields["ends_on"].widget = form.fields["ends_on"].hidden_widget()
    form.fields["comment"].required = False
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.set_officer_full_time(
                    actor=request.user,
                    officer=officer,
                    full_time=not officer.full_time,
                    comment=form.cleaned_data["comment"],
                ),
                _("Officer updated."),
                "societies:workspace",
                pk=society.pk,
            )
        )
    ):
        return response
    if officer.full_time:
        note = _("%(person)s (%(position)s) will be recorded as not full-time.")
    else:
        note = _("%(person)s (%(position)s) will be recorded as full-time.")
    note = note % {"person": officer.person.name, "position": officer.get_position_display()}
    return _form_page(request, society, form, _("Change full-time status"), note=note)
