"""`award-programs/`: a society's award programs and CAST's dynamic list (R-AW-01)."""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets

from core.access import CHANGE, DECIDE
from core.api.permissions import refuse_unless_secretariat
from core.api.viewsets import ServiceAction, WorkflowViewSetMixin

from ... import services
from ...models import AwardProgram, AwardRound
from ..serializers import (
    AwardProgramSerializer,
    ProgramUpdateSerializer,
    ProgramWriteSerializer,
)


def _rounds_latest_first():
    return AwardRound.objects.filter(program=OuterRef("pk")).order_by("-year")


class AwardProgramViewSet(
    WorkflowViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Award programs. A society's secretariat creates (POST), edits a draft (PATCH) and `submit`s; CAST
    lists it on the dynamic list (`list`), `return`s it, `suspend`s, `reinstate`s or `withdraw`s it."""

    base_queryset = (
        AwardProgram.objects.select_related("society")
        .annotate(
            last_round_id=Subquery(_rounds_latest_first().values("pk")[:1]),
            last_round_year=Subquery(_rounds_latest_first().values("year")[:1]),
        )
        .order_by("society__code", "name", "id")
    )
    serializer_class = AwardProgramSerializer
    filterset_fields = ["society", "category", "status", "member_nominations"]
    search_fields = ["name", "society__name", "description"]
    ordering_fields = ["name", "created_at", "submitted_at", "listed_at", "id"]

    @extend_schema(request=ProgramWriteSerializer, responses={201: AwardProgramSerializer})
    def create(self, request):
        """The society's secretariat (or CAST) registers a draft program; any fee is refused (R-AW-03)."""
        refuse_unless_secretariat(request.user)
        body = ProgramWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        society = data.pop("society")
        program = services.create_program(actor=request.user, society=society, **data)
        return self.action_response(program, status.HTTP_201_CREATED)

    @extend_schema(request=ProgramUpdateSerializer, responses=AwardProgramSerializer)
    def partial_update(self, request, pk=None):
        """Edit a draft (or a program CAST returned); 409 in any other status."""
        program = self.get_object_for(CHANGE)
        body = ProgramUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        program = services.update_program(actor=request.user, program=program, **body.validated_data)
        return self.action_response(program)

    submit = ServiceAction(services.submit_program, obj="program", access=CHANGE)
    list_program = ServiceAction(
        services.decide_program,
        obj="program",
        access=DECIDE,
        fixed={"step": "list"},
        description="CAST lists a submitted program on the dynamic list 动态清单 (R-AW-01).",
        url_path="list",
        url_name="list-program",
    )
    return_ = ServiceAction(
        services.decide_program,
        obj="program",
        access=DECIDE,
        fixed={"step": "return"},
        url_path="return",
        url_name="return",
    )
    suspend = ServiceAction(services.decide_program, obj="program", access=DECIDE, fixed={"step": "suspend"})
    reinstate = ServiceAction(
        services.decide_program, obj="program", access=DECIDE, fixed={"step": "reinstate"}
    )
    withdraw = ServiceAction(
        services.decide_program, obj="program", access=DECIDE, fixed={"step": "withdraw"}
    )
