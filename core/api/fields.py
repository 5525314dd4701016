"""Serializer fields of the permission layer."""

from rest_framework import serializers

from core.access import audit_refused_reference


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field whose queryset is narrowed by core.access.restrict (in the serializer's
    get_fields): an id outside it answers the field's usual "does not exist" (400) — the same whether or
    not the object exists elsewhere — and, when it does exist (another society's), the attempt is
    audited (`core.access.denied_reference`, result "denied")."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            request = self.context.get("request")
            queryset = self.get_queryset()
            if request is not None and queryset is not None and not isinstance(data, bool):
                audit_refused_reference(
                    request.user, queryset.model, data, field=self.field_name or self.source
                )
            raise
