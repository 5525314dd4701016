"""`findings/`: read, scoped to the user's societies (CAST and the regulator read all);
actions `acknowledge, resolve, dismiss` (API.md)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from compliance import services
from compliance.models import Finding
from core.access import VIEW
from core.api.viewsets import ActionCommentSerializer, WorkflowViewSetMixin

from .serializers import DismissSerializer, FindingSerializer


class FindingFilter(django_filters.FilterSet):
    class Meta:
        model = Finding
        fields = ["society", "rule", "severity", "status"]


class FindingViewSet(WorkflowViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Finding.objects.select_related("society").order_by("-opened_at", "-id")
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    search_fields = ["message", "rule", "society__name"]
    ordering_fields = ["opened_at", "deadline", "id"]

    def _comment(self, request) -> str:
        body = ActionCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data["comment"]

    @extend_schema(request=ActionCommentSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        finding = self.get_object_for(VIEW)
        done = services.acknowledge(actor=request.user, finding=finding, comment=self._comment(request))
        return Response(FindingSerializer(done).data)

    @extend_schema(request=ActionCommentSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        finding = self.get_object_for(VIEW)
        done = services.resolve(actor=request.user, finding=finding, comment=self._comment(request))
        return Response(FindingSerializer(done).data)

    @extend_schema(request=DismissSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        finding = self.get_object_for(VIEW)
        body = DismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"] or body.validated_data["comment"]
        done = services.dismiss(actor=request.user, finding=finding, reason=reason)
        return Response(FindingSerializer(done).data)
