"""Account administration pages for CAST administrators (list, create, grant roles, deactivate)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import RoleForm, UserCreateForm
from accounts.tables import UserTable
from core.access import ADMIN, get_for, may, restrict
from core.audit import entries_for
from core.errors import DomainError
from core.forms import apply_domain_error, parse_id, run_service

User = get_user_model()


def _require_admin(request):
    if not may(request.user, None, ADMIN):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_admin(request)
    table = UserTable(request, restrict(User.objects.all(), request.user))
    if (download := table.export_response()) is not None:
        return download
    return render(request, "accounts/user_list.html", {"table": table, "page": table.page})


@login_required
def user_create(request):
    _require_admin(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Account created."))
            society = request.GET.get("society", "")
            if parse_id(society) is not None:  # from "register a society": grant its secretary next
                return redirect(reverse("user_detail", args=[user.pk]) + f"?role=secretary&society={society}")
            return redirect("user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_admin(request)
    target = get_for(User.objects.all(), request.user, pk=pk)
    # Prefilled from "register a society" → "create its secretary's account" (?role=secretary&society=…).
    initial = {k: v for k in ("role", "society") if (v := request.GET.get(k, "")) and v.isascii()}
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        op = services.revoke_role if request.POST.get("op") == "revoke" else services.grant_role
        if response := run_service(
            request,
            form,
            lambda: op(actor=request.user, user=target, **form.cleaned_data),
            lambda _result: (
                (
                    _("Role “%(role)s” granted to %(user)s.")
                    if request.POST.get("op") != "revoke"
                    else _("Role “%(role)s” revoked from %(user)s.")
                )
                % {"role": form.role_label(), "user": target.get_full_name() or target.username}
            ),
            "user_detail",
            pk=target.pk,
        ):
            return response
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "role_rows": services.labelled_role_rows(target),
            "form": form,
            "audit": entries_for(target).order_by("-at")[:20],
        },
    )


@login_required
def user_deactivate(request, pk):
    """GET shows what will happen; POST does it."""
    _require_admin(request)
    target = get_for(User.objects.all(), request.user, pk=pk)
    if request.method == "POST":
        try:
            services.deactivate_user(actor=request.user, user=target, comment=request.POST.get("comment", ""))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Account deactivated."))
        return redirect("user_detail", pk=target.pk)
    return render(request, "accounts/user_deactivate.html", {"target": target})
