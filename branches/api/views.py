"""`branches/`: branch offices; actions `submit, approve, reject, flag, rectified, revoke` (API.md), and
`resolution_document` (multipart upload of the establishing resolution's signed document)."""

import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser

from branches import services
from branches.models import Branch
from core.access import CHANGE, VIEW
from core.api.viewsets import ServiceAction, WorkflowViewSetMixin
from core.roles import reach_of

from .serializers import (
    BranchSerializer,
    FlagSerializer,
    ResolutionDocumentSerializer,
    SubmitSerializer,
)


class BranchFilter(django_filters.FilterSet):
    class Meta:
        model = Branch
        fields = ["society", "kind", "status", "needs_cast_attention"]


class BranchViewSet(
    WorkflowViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = (
        Branch.objects.select_related("society", "resolution")
        .prefetch_related("officers", "assessments")
        .order_by("society_id", "name")
    )
    serializer_class = BranchSerializer
    filterset_class = BranchFilter
    search_fields = ["name"]
    ordering_fields = ["name", "submitted_at", "established_on", "id"]

    def create(self, request, *args, **kwargs):
        # Only a society's secretariat proposes (services._require_secretary): refused before the body.
        if not reach_of(request.user).secretary_of:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        society = data.pop("society")
        resolution = data.pop("resolution", None)
        branch = services.propose_branch(
            actor=request.user, society=society, data=data, resolution=resolution
        )
        return self.action_response(branch, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        branch = self.get_object_for(CHANGE)
        serializer = self.get_serializer(branch, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("society", None)
        resolution = data.pop("resolution", None)
        with transaction.atomic():
            if data:
                branch = services.update_branch(actor=request.user, branch=branch, data=data)
            if resolution:
                services.save_resolution(actor=request.user, branch=branch, data=resolution)
        return self.action_response(branch)

    submit = ServiceAction(services.submit_branch, obj="branch", body=SubmitSerializer)

    @extend_schema(
        request={"multipart/form-data": ResolutionDocumentSerializer},
        responses=BranchSerializer,
        description=(
            "Attach or replace the signed document of the proposal's recorded resolution (R-BR-03): the "
            "society's secretary or CAST, only while the branch is proposed (409 otherwise). PDF or image, "
            "checked by content and size (400 on `file` with the rule)."
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def resolution_document(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        # The service checks who and when before the file itself (a missing file is a 400 on `file`).
        services.attach_resolution_document(
            actor=request.user, branch=branch, document=request.FILES.get("file")
        )
        return self.action_response(branch)

    # Who may take each step is the service's rule (the secretariat submits, CAST decides): VIEW to reach it.
    approve = ServiceAction(services.approve_branch, obj="branch")
    reject = ServiceAction(services.reject_branch, obj="branch")
    flag = ServiceAction(services.flag_branch, obj="branch", body=FlagSerializer)
    rectified = ServiceAction(services.confirm_rectified, obj="branch")
    revoke = ServiceAction(services.revoke_branch, obj="branch")
