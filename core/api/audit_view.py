"""`audit-log/`: the audit trail, read-only (no method writes it), for CAST administrators and the
regulator (shared/API.md). Filters are those of the CAST page (core.audit_search): `actor, action,
society, object_type, object_id, object, result, channel, at_after, at_before, ordering`; a bad one is a
400 naming the field."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from core.audit_labels import action_label
from core.audit_search import AuditFilterForm, may_read_audit_log, object_type_of, search
from core.models import AuditEntry


class MayReadAuditLog(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_read_audit_log(request.user)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    action_label = serializers.SerializerMethodField()
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "action_label",
            "society",
            "object_type",
            "object_id",
            "object_repr",
            "from_status",
            "to_status",
            "comment",
            "ip",
            "channel",
            "result",
        ]
        read_only_fields = fields

    def get_action_label(self, entry) -> str:
        return action_label(entry.action)

    def get_object_type(self, entry) -> str:
        return object_type_of(entry)


_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.DATE if name.startswith("at_") else OpenApiTypes.STR)
    for name in AuditFilterForm.base_fields
]


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, MayReadAuditLog]
    filter_backends: list = []  # the filter form below is the one way to narrow the list

    def get_queryset(self):
        if self.action != "list":
            return AuditEntry.objects.select_related("actor", "content_type")
        form = AuditFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        return search(form.cleaned_data)
