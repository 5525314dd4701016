"""`reports/` (POST `{kind, society, year}` → 202 with the queued job; GET one for `{status, progress,
file}`; action `retry`) and `annual-reports/` (the society's yearly report: POST opens the year's draft,
PATCH writes the narrative, actions `submit, accept, return`) — API.md."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.access import CHANGE, DECIDE, VIEW, restrict
from core.api.viewsets import ScopedViewSetMixin, ServiceAction, WorkflowViewSetMixin
from reports import services
from reports.models import AnnualReport, Report
from societies.models import Society

from .serializers import (
    AnnualReportSerializer,
    ReportSerializer,
    ReportStartSerializer,
    ReturnReasonSerializer,
)


def _society(request, society_id):
    if society_id is None:
        return None
    society = restrict(Society.objects.all(), request.user, VIEW).filter(pk=society_id).first()
    if society is None:
        raise ValidationError({"society": ["No such society."]})
    return society


class ReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Report.objects.select_related("society").order_by("-created_at", "-id")
    serializer_class = ReportSerializer
    filterset_fields = ["kind", "society", "year", "status"]
    ordering_fields = ["created_at", "version"]

    @extend_schema(request=ReportStartSerializer, responses={202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        body = ReportStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        report = services.start_report(
            actor=request.user,
            kind=data["kind"],
            society=_society(request, data.get("society")),
            year=data.get("year"),
        )
        report.refresh_from_db()
        return Response(
            ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )

    retry = ServiceAction(services.retry_report, obj="report", access=VIEW, body=None)

    def action_response(self, obj, code=status.HTTP_200_OK) -> Response:
        obj.refresh_from_db()
        return Response(ReportSerializer(obj, context={"request": self.request}).data, status=code)


class AnnualReportViewSet(
    WorkflowViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = AnnualReport.objects.select_related("society").order_by("-year", "society__code")
    serializer_class = AnnualReportSerializer
    filterset_fields = ["society", "year", "status"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        annual = services.open_annual_report(
            actor=self.request.user, society=data["society"], year=data["year"]
        )
        if data.get("narrative"):
            annual = services.update_narrative(
                actor=self.request.user, annual=annual, narrative=data["narrative"]
            )
        serializer.instance = annual

    def update(self, request, *args, **kwargs):
        annual = self.get_object_for(CHANGE)
        body = AnnualReportSerializer(annual, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        narrative = body.validated_data.get("narrative")
        if narrative is not None:
            annual = services.update_narrative(actor=request.user, annual=annual, narrative=narrative)
        return self.action_response(annual)

    submit = ServiceAction(services.submit_annual_report, obj="annual", access=CHANGE)
    accept = ServiceAction(services.accept_annual_report, obj="annual", access=DECIDE)
    return_ = ServiceAction(
        services.return_annual_report,
        obj="annual",
        access=DECIDE,
        body=ReturnReasonSerializer,
        url_path="return",
        url_name="return",
    )
