"""`award-rounds/`: a program's yearly rounds, the ranking and the results (R-AW-02, R-AW-05)."""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import CHANGE, VIEW, restrict
from core.api.permissions import refuse_unless_secretariat
from core.api.viewsets import ServiceAction, WorkflowViewSetMixin
from party_building.choices import MatterStatus
from party_building.models import MajorMatter

from ... import services
from ...choices import NominationStatus
from ...models import AwardProgram, AwardRound, Nomination
from ..serializers import (
    AwardRoundSerializer,
    ProposeResultsSerializer,
    RankingSerializer,
    RoundCreateSerializer,
)
from .common import _count


def _nominations_of_round():
    return Nomination.objects.filter(round=OuterRef("pk"))


def _matters_of_round():
    """The latest live major matter linked to the round: party_building.gate.matter_for as a subquery."""
    return (
        MajorMatter.objects.filter(
            content_type__app_label=AwardRound._meta.app_label,
            content_type__model=AwardRound._meta.model_name,
            object_id=OuterRef("pk"),
        )
        .exclude(status=MatterStatus.WITHDRAWN)
        .order_by("-created_at", "-id")
    )


class AwardRoundViewSet(
    WorkflowViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Rounds of a listed program (R-AW-01): `open` → `close_nominations` → `propose_results` (opens the
    award-selection pre-review, R-PB-02) → `publish` (once that is approved, R-AW-05). `ranking/` is the
    secretariat's ranked list."""

    base_queryset = (
        AwardRound.objects.select_related("program__society")
        .annotate(
            nominations_count=_count(_nominations_of_round().exclude(status=NominationStatus.WITHDRAWN)),
            winners_count=_count(_nominations_of_round().filter(status=NominationStatus.WINNER)),
            major_matter_id=Subquery(_matters_of_round().values("pk")[:1]),
            major_matter_status=Subquery(_matters_of_round().values("status")[:1]),
        )
        .order_by("-year", "program__name", "id")
    )
    serializer_class = AwardRoundSerializer
    filterset_fields = ["program", "program__society", "year", "status"]
    search_fields = ["program__name"]
    ordering_fields = ["year", "created_at", "published_at", "id"]

    @extend_schema(request=RoundCreateSerializer, responses={201: AwardRoundSerializer})
    def create(self, request):
        """A draft round of a program on the dynamic list (R-AW-01), by the society's secretariat."""
        refuse_unless_secretariat(request.user)
        programs = restrict(AwardProgram.objects.all(), request.user, VIEW)
        body = RoundCreateSerializer(data=request.data, programs=programs)
        body.is_valid(raise_exception=True)
        award_round = services.create_round(actor=request.user, **body.validated_data)
        return self.action_response(award_round, status.HTTP_201_CREATED)

    open = ServiceAction(services.open_round, obj="award_round", access=CHANGE)
    close_nominations = ServiceAction(services.close_nominations, obj="award_round", access=CHANGE)
    propose_results = ServiceAction(
        services.propose_results,
        obj="award_round",
        access=CHANGE,
        body=ProposeResultsSerializer,
        description=(
            "Propose the winners (nomination ids of this round): within the quota and the winner-ratio cap "
            "(R-AW-02), each with the required scored reviews (R-AW-04). Opens the award-selection major "
            "matter for the Party pre-review (R-PB-02); `major_matter` names it."
        ),
    )
    publish = ServiceAction(
        services.publish_results,
        obj="award_round",
        access=CHANGE,
        description="Refused (400, R-AW-05) until the Party reviewer approves the award selection.",
    )

    @extend_schema(responses=RankingSerializer)
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        """The live nominations, best mean score first, with scored reviews and conflicts, and what R-AW-02
        allows (the society's secretariat and CAST)."""
        award_round = self.get_object_for(CHANGE)
        facts = services.round_facts(award_round)
        data = {
            "round": award_round.pk,
            "valid": facts["valid"],
            "limit": facts["limit"],
            "cap": facts["cap"],
            "min_reviews": facts["min_reviews"],
            "nominations": list(services.ranked(award_round)),
        }
        return Response(RankingSerializer(data).data)
