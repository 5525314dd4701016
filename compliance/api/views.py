"""`findings/`: read, scoped to the user's societies (CAST and the regulator read all); actions
`acknowledge, resolve, dismiss` (API.md) and `rectify, return, evidence`. `compliance/sweeps/`: POST starts
a sweep of all societies (CAST) or `{"society": id}` (also its secretariat) → 202 with the job row;
GET lists and reads them, scoped like findings."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from compliance import services
from compliance.choices import SweepTrigger
from compliance.models import Finding, Sweep
from core.access import CHANGE, DECIDE, VIEW, restrict
from core.api.viewsets import ActionCommentSerializer, ScopedViewSetMixin, WorkflowViewSetMixin
from societies.models import Society

from .serializers import (
    DismissSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    FindingSerializer,
    ReasonSerializer,
    RectifySerializer,
    SweepSerializer,
    SweepStartSerializer,
)


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

    @extend_schema(request=RectifySerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        finding = self.get_object_for(CHANGE)
        body = RectifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.rectify(
            actor=request.user, finding=finding, rectification=body.validated_data["rectification"]
        )
        return Response(FindingSerializer(done).data)

    @extend_schema(request=ReasonSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        finding = self.get_object_for(DECIDE)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.send_back(actor=request.user, finding=finding, reason=body.validated_data["reason"])
        return Response(FindingSerializer(done).data)

    @extend_schema(request=EvidenceUploadSerializer, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        finding = self.get_object_for(CHANGE)
        body = EvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        added = services.add_evidence(actor=request.user, finding=finding, upload=body.validated_data["file"])
        return Response(EvidenceSerializer(added).data, status=status.HTTP_201_CREATED)


class SweepViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Sweep.objects.order_by("-created_at", "-id")
    serializer_class = SweepSerializer
    filterset_fields = ["status", "society"]
    ordering_fields = ["created_at", "id"]

    @extend_schema(request=SweepStartSerializer, responses={202: SweepSerializer})
    def create(self, request, *args, **kwargs):
        body = SweepStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        society = None
        society_id = body.validated_data.get("society")
        if society_id is not None:
            society = restrict(Society.objects.all(), request.user, VIEW).filter(pk=society_id).first()
            if society is None:
                raise ValidationError({"society": ["No such society."]})
        sweep = services.start_sweep(actor=request.user, society=society, trigger=SweepTrigger.API)
        sweep.refresh_from_db()
        return Response(SweepSerializer(sweep).data, status=status.HTTP_202_ACCEPTED)
