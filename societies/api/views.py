"""`societies/`: the society directory, and CAST's status actions (suspend, reinstate, deregister)."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.access import VIEW
from core.api.viewsets import ActionCommentSerializer, WorkflowViewSetMixin
from societies import services
from societies.models import Society

from .serializers import SocietySerializer


class SocietyViewSet(WorkflowViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Society.objects.order_by("code")
    serializer_class = SocietySerializer
    filterset_fields = ["status", "discipline", "secretary_general_full_time"]
    search_fields = ["name", "name_en", "code", "credit_code"]
    ordering_fields = ["code", "name", "founded_on"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return super().get_permissions()

    def _step(self, request, name):
        society = self.get_object_for(VIEW)
        data = ActionCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        society = services.change_society_status(
            actor=request.user, society=society, action=name, comment=data.validated_data["comment"]
        )
        return Response(SocietySerializer(society).data)

    @extend_schema(request=ActionCommentSerializer, responses=SocietySerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._step(request, "suspend")

    @extend_schema(request=ActionCommentSerializer, responses=SocietySerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._step(request, "reinstate")

    @extend_schema(request=ActionCommentSerializer, responses=SocietySerializer)
    @action(detail=True, methods=["post"])
    def deregister(self, request, pk=None):
        return self._step(request, "deregister")
