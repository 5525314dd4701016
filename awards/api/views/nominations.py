"""`nominations/`: nominations, their reviewers and documents (R-AW-03, R-AW-04, R-ETH-02)."""

from django.db.models import OuterRef, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.access import CHANGE, VIEW, restrict
from core.api.viewsets import ServiceAction, WorkflowViewSetMixin
from core.roles import reach_of

from ... import services
from ...choices import NominationStatus, ProgramStatus, RoundStatus
from ...models import AwardRound, Nomination, NominationMaterial, Review
from ..serializers import (
    AssignReviewersSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    NominationCreateSerializer,
    NominationSerializer,
)
from .common import _count

FLAG_SAME_YEAR = "same_nominee_same_year"


def _reviews_of_nomination():
    return Review.objects.filter(nomination=OuterRef("pk"))


class NominationViewSet(
    WorkflowViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Nominations. The secretariat nominates on behalf of a unit, a member where the program allows it;
    a sanctioned person is refused (R-ETH-02). `flags` name the same nominee in another program of the
    same year (the society's secretariat and CAST see them). `assign_reviewers` refuses a conflicted
    reviewer (R-AW-04)."""

    base_queryset = (
        Nomination.objects.select_related("round__program", "nominee", "nominator")
        .prefetch_related("coauthors")
        .annotate(
            reviews_count=_count(_reviews_of_nomination()),
            scored_reviews_count=_count(_reviews_of_nomination().filter(score__isnull=False)),
        )
        .order_by("round_id", "id")
    )
    serializer_class = NominationSerializer
    filterset_fields = ["round", "round__program", "status", "nominee", "nominator_kind", "proposed_winner"]
    search_fields = ["nominee__name", "nominee__employer", "nominating_unit"]
    ordering_fields = ["submitted_at", "id"]

    def _flags(self, nominations) -> dict[int, list[dict]]:
        """services.same_year_elsewhere for a whole page in one query, for the rows of societies the
        caller's secretariat runs (CAST: all); nobody else sees another program's nominations."""
        reach = reach_of(self.request.user)
        mine = [
            n for n in nominations if reach.cast_admin or n.round.program.society_id in reach.secretary_of
        ]
        if not mine:
            return {}
        others = (
            Nomination.objects.filter(
                nominee_id__in={n.nominee_id for n in mine}, round__year__in={n.round.year for n in mine}
            )
            .exclude(status=NominationStatus.WITHDRAWN)
            .select_related("round__program__society")
            .order_by("id")
        )
        by_person_year: dict[tuple[int, int], list[Nomination]] = {}
        for other in others:
            by_person_year.setdefault((other.nominee_id, other.round.year), []).append(other)
        return {
            n.pk: [
                {
                    "kind": FLAG_SAME_YEAR,
                    "nomination": other.pk,
                    "program": other.round.program.name,
                    "society": other.round.program.society.name,
                    "year": other.round.year,
                }
                for other in by_person_year.get((n.nominee_id, n.round.year), [])
                if other.round_id != n.round_id
            ]
            for n in mine
        }

    def _render(self, rows, many=False):
        context = {**self.get_serializer_context(), "flags": self._flags(list(rows) if many else [rows])}
        return NominationSerializer(rows, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self._render(page, many=True))
        return Response(self._render(list(queryset), many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._render(self.get_object_for(VIEW)))

    def action_response(self, nomination, code=status.HTTP_200_OK):
        return Response(self._render(self.base_queryset.get(pk=nomination.pk)), status=code)

    def _rounds_open_to(self, user):
        """Rounds a caller may nominate in: those they see, and the open rounds of listed programs (a
        member nominates where the program allows it; the service decides who may)."""
        visible = restrict(AwardRound.objects.all(), user, VIEW).values("pk")
        return AwardRound.objects.filter(
            Q(pk__in=visible) | Q(status=RoundStatus.OPEN, program__status=ProgramStatus.LISTED)
        )

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer})
    def create(self, request, *args, **kwargs):
        body = NominationCreateSerializer(data=request.data, rounds=self._rounds_open_to(request.user))
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        nomination = services.nominate(actor=request.user, award_round=data.pop("round"), **data)
        return self.action_response(nomination, status.HTTP_201_CREATED)

    withdraw = ServiceAction(
        services.withdraw_nomination,
        obj="nomination",
        description="The nominating member or the society's secretariat, while the round is open or in "
        "review.",
    )
    assign_reviewers = ServiceAction(
        services.assign_reviewers,
        obj="nomination",
        access=CHANGE,
        body=AssignReviewersSerializer,
        description=(
            "Assign award reviewers of the society; a conflicted one (the nominee's employer, the nominee "
            "or nominator, a declared co-author) is refused with R-AW-04 and none is assigned."
        ),
    )

    @extend_schema(
        methods=["GET"], responses=MaterialSerializer(many=True), description="The nomination's documents."
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": MaterialUploadSerializer},
        responses={201: MaterialSerializer},
        description="Attach a document (PDF, image, Office; checked by content) while nominations are open.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def materials(self, request, pk=None):
        nomination = self.get_object_for(VIEW if request.method == "GET" else CHANGE)
        if request.method == "GET":
            materials = restrict(
                NominationMaterial.objects.filter(nomination=nomination).select_related("uploaded_by"),
                request.user,
                VIEW,
            ).order_by("uploaded_at", "id")
            return Response(MaterialSerializer(materials, many=True).data)
        body = MaterialUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        material = services.add_material(
            actor=request.user, nomination=nomination, upload=body.validated_data["file"]
        )
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)
