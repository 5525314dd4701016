"""`societies/`: the society directory; `POST` registers a society (CAST); `PATCH` of profile fields by
the society's secretaries or CAST (credit code checked); CAST's status actions (suspend, reinstate,
deregister); read-only governance: `bodies/`, `officers/` (public), `charters/` and `history/` (CAST,
the regulator, the society's secretaries and reviewers)."""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.access import CHANGE, DECIDE, VIEW, may, restrict
from core.api.viewsets import ActionCommentSerializer, HistoryEntrySerializer, WorkflowViewSetMixin
from core.audit import status_history
from societies import services
from societies.access import can_read_governance
from societies.models import CharterVersion, GovernanceBody, Officer, Society, Term

from .serializers import (
    CharterVersionSerializer,
    GovernanceBodySerializer,
    SocietyOfficerSerializer,
    SocietyProfileSerializer,
    SocietyRegistrationSerializer,
    SocietySerializer,
)


class SocietyViewSet(WorkflowViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Society.objects.order_by("code")
    serializer_class = SocietySerializer
    filterset_fields = ["status", "discipline", "secretary_general_full_time"]
    search_fields = ["name", "name_en", "code", "credit_code"]
    ordering_fields = ["code", "name", "founded_on"]

    def get_permissions(self):
        if self.action in ("list", "retrieve", "bodies", "officers"):
            return [AllowAny()]
        return super().get_permissions()

    @extend_schema(request=SocietyRegistrationSerializer, responses={201: SocietySerializer})
    def create(self, request):
        """CAST registers a society (403 for anyone else); each bad field is a 400 naming it."""
        if not may(request.user, None, DECIDE):  # refused before the body is read (services: DECIDE)
            raise PermissionDenied
        data = SocietyRegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        comment = fields.pop("comment", "")
        society = services.register_society(actor=request.user, comment=comment, **fields)
        return Response(SocietySerializer(society).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SocietyProfileSerializer, responses=SocietySerializer)
    def partial_update(self, request, pk=None):
        society = self.get_object_for(CHANGE)
        if "status" in request.data:
            raise ValidationError(
                {"status": ["The status changes only through its actions (suspend, reinstate, deregister)."]}
            )
        data = SocietyProfileSerializer(society, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        comment = changes.pop("comment", "")
        society = services.update_society_profile(
            actor=request.user, society=society, changes=changes, comment=comment
        )
        return Response(SocietySerializer(society).data)

    @extend_schema(responses=GovernanceBodySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def bodies(self, request, pk=None):
        society = self.get_object_for(VIEW)
        terms = Term.objects.annotate(filled=Count("seat_set")).order_by("-number")
        bodies = restrict(
            GovernanceBody.objects.filter(society=society), request.user, VIEW
        ).prefetch_related(Prefetch("terms", queryset=terms))
        return Response(GovernanceBodySerializer(bodies, many=True).data)

    @extend_schema(responses=SocietyOfficerSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def officers(self, request, pk=None):
        society = self.get_object_for(VIEW)
        officers = restrict(
            Officer.objects.filter(society=society, ends_on__isnull=True), request.user, VIEW
        ).select_related("person")
        return Response(SocietyOfficerSerializer(officers, many=True).data)

    @extend_schema(responses=CharterVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def charters(self, request, pk=None):
        society = self._governance_of()
        charters = restrict(CharterVersion.objects.filter(society=society), request.user, VIEW)
        return Response(CharterVersionSerializer(charters.order_by("-version"), many=True).data)

    def _governance_of(self):
        """A society whose governance records (charters, status history) the user reads: CAST, the
        regulator, its secretariat and Party reviewers. Anyone else is refused, not given an empty list."""
        society = self.get_object_for(VIEW)
        if not can_read_governance(self.request.user, society):
            raise PermissionDenied
        return society

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """The society's status changes with CAST's reasons — not another society's business."""
        return Response(HistoryEntrySerializer(status_history(self._governance_of()), many=True).data)

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
