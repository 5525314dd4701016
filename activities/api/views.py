"""`activities/`: filings and their review; actions `submit, approve, return, reject` (API.md)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.roles import reach_of
from activities import services
from activities.models import Activity
from core.access import CHANGE, VIEW
from core.api.viewsets import ActionCommentSerializer, WorkflowViewSetMixin

from .serializers import ActivitySerializer, ActivityVersionSerializer, SummarySerializer


class ActivityFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["society", "branch", "kind", "role", "status", "is_late", "is_overseas"]


class ActivityViewSet(
    WorkflowViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = Activity.objects.select_related("society", "branch").order_by("-starts_on", "-id")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["title", "location", "society__name"]
    ordering_fields = ["starts_on", "submitted_at", "id"]

    def create(self, request, *args, **kwargs):
        # Only a secretariat or a branch officer files (services._can_file): refused before the body.
        reach = reach_of(request.user)
        if not (reach.secretary_of or reach.officer_of):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        society = data.pop("society")
        activity = services.create_filing(actor=request.user, society=society, data=data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        activity = self.get_object_for(CHANGE)
        serializer = self.get_serializer(activity, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("society", None)
        activity = services.update_filing(actor=request.user, activity=activity, data=data)
        return Response(ActivitySerializer(activity).data)

    def _step(self, request, service, with_comment=True):
        activity = self.get_object_for(VIEW)
        body = ActionCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kwargs = {"comment": body.validated_data["comment"]} if with_comment else {}
        return Response(ActivitySerializer(service(actor=request.user, activity=activity, **kwargs)).data)

    @extend_schema(request=None, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.submit_filing, with_comment=False)

    @extend_schema(request=ActionCommentSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, services.approve_filing)

    @extend_schema(request=ActionCommentSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._step(request, services.return_filing)

    @extend_schema(request=ActionCommentSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, services.reject_filing)

    @extend_schema(responses=ActivityVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        activity = self.get_object_for(VIEW)
        return Response(
            ActivityVersionSerializer(activity.versions.select_related("submitted_by"), many=True).data
        )

    @extend_schema(request=SummarySerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def summary(self, request, pk=None):
        activity = self.get_object_for(CHANGE)
        body = SummarySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(
            ActivitySerializer(
                services.record_summary(actor=request.user, activity=activity, **body.validated_data)
            ).data
        )
