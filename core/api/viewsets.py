"""Base pieces every API viewset is built from, so scoping and history come for free."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import VIEW, get_for, restrict
from core.audit import status_history


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None)
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    comment = serializers.CharField()


class ScopedViewSetMixin:
    """Every queryset passes through core.access.restrict; one object is fetched with get_for,
    which answers 404 for objects the user may not see and audits the attempt."""

    base_queryset = None  # the unscoped queryset, with its select_related/prefetch

    def get_queryset(self):
        return restrict(self.base_queryset.all(), self.request.user, VIEW)

    def get_object(self):
        """DRF's own lookups (retrieve, update) also go through get_for: 404 and an audit entry."""
        return self.get_object_for(VIEW)

    def get_object_for(self, action: str):
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        obj = get_for(self.base_queryset.all(), self.request.user, action, **lookup)
        self.check_object_permissions(self.request, obj)
        return obj


class WorkflowViewSetMixin(ScopedViewSetMixin):
    """Adds `GET …/<id>/history/`: the audited state changes of one object."""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        obj = self.get_object_for(VIEW)
        return Response(HistoryEntrySerializer(status_history(obj), many=True).data)


class ActionCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
