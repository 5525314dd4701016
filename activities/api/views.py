"""`activities/`: filings and their review; actions `submit, approve, return, reject` (API.md)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from activities import services
from activities.models import Activity
from core.access import CHANGE, VIEW
from core.api.viewsets import ServiceAction, WorkflowViewSetMixin
from core.roles import reach_of

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

    # Who may take each step is the service's rule (the filer submits, CAST decides): VIEW to reach it.
    submit = ServiceAction(services.submit_filing, obj="activity", body=None)
    approve = ServiceAction(services.approve_filing, obj="activity")
    return_ = ServiceAction(services.return_filing, obj="activity", url_path="return")
    reject = ServiceAction(services.reject_filing, obj="activity")

    @extend_schema(responses=ActivityVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        activity = self.get_object_for(VIEW)
        return Response(
            ActivityVersionSerializer(activity.versions.select_related("submitted_by"), many=True).data
        )

    summary = ServiceAction(services.record_summary, obj="activity", access=CHANGE, body=SummarySerializer)
