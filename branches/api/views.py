"""`branches/`: branch offices; actions `submit, approve, reject, flag, rectified, revoke` (API.md), and
`resolution_document` (multipart upload of the establishing resolution's signed document)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import reach_of
from branches import services
from branches.models import Branch
from core.access import CHANGE, VIEW
from core.api.viewsets import ActionCommentSerializer, WorkflowViewSetMixin

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
        return Response(BranchSerializer(self._fresh(branch)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        branch = self.get_object_for(CHANGE)
        serializer = self.get_serializer(branch, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("society", None)
        resolution = data.pop("resolution", None)
        from django.db import transaction

        with transaction.atomic():
            if data:
                branch = services.update_branch(actor=request.user, branch=branch, data=data)
            if resolution:
                services.save_resolution(actor=request.user, branch=branch, data=resolution)
        return Response(BranchSerializer(self._fresh(branch)).data)

    def _fresh(self, branch):
        return self.base_queryset.get(pk=branch.pk)

    def _comment(self, request) -> str:
        body = ActionCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data["comment"]

    def _done(self, branch):
        return Response(BranchSerializer(self._fresh(branch)).data)

    @extend_schema(request=SubmitSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(
            services.submit_branch(
                actor=request.user,
                branch=branch,
                over_ceiling_reason=body.validated_data["over_ceiling_reason"],
            )
        )

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
        return self._done(branch)

    @extend_schema(request=ActionCommentSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        return self._done(
            services.approve_branch(actor=request.user, branch=branch, comment=self._comment(request))
        )

    @extend_schema(request=ActionCommentSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        return self._done(
            services.reject_branch(actor=request.user, branch=branch, comment=self._comment(request))
        )

    @extend_schema(request=FlagSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        body = FlagSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(services.flag_branch(actor=request.user, branch=branch, **body.validated_data))

    @extend_schema(request=ActionCommentSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def rectified(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        return self._done(
            services.confirm_rectified(actor=request.user, branch=branch, comment=self._comment(request))
        )

    @extend_schema(request=ActionCommentSerializer, responses=BranchSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        branch = self.get_object_for(VIEW)
        return self._done(
            services.revoke_branch(actor=request.user, branch=branch, comment=self._comment(request))
        )
