"""Helpers to show a service's DomainError on the form field it names."""

from django import forms

from core.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    message = str(exc.message)
    if exc.rule:
        message = f"{message} [{exc.rule}]"
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, message)
