"""`award-programs/`, `award-rounds/`, `nominations/`, `reviews/` and `public/awards/` (shared/API.md).

Every queryset passes through core.access.restrict (ScopedViewSetMixin); every write calls awards.services,
so the API and the web pages enforce the same rules (R-AW-01..06, R-ETH-02, R-PB-02)."""

from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts.roles import reach_of
from core.access import CHANGE, DECIDE, VIEW, restrict
from core.api.permissions import refuse_unless_secretariat
from core.api.viewsets import ScopedViewSetMixin, ServiceAction, WorkflowViewSetMixin
from party_building.choices import MatterStatus
from party_building.models import MajorMatter

from .. import selectors, services
from ..choices import NominationStatus, ProgramStatus, RoundStatus
from ..models import AwardProgram, AwardRound, Nomination, NominationMaterial, Review
from .serializers import (
    AssignReviewersSerializer,
    AwardProgramSerializer,
    AwardRoundSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    ProgramUpdateSerializer,
    ProgramWriteSerializer,
    ProposeResultsSerializer,
    PublicFilterSerializer,
    PublicProgramDetailSerializer,
    PublicProgramSerializer,
    RankingSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    RoundCreateSerializer,
)

FLAG_SAME_YEAR = "same_nominee_same_year"


def _count(queryset):
    """A correlated `SELECT COUNT(*)` of `queryset` (filtered on an OuterRef): one number per outer row,
    no GROUP BY, 0 when there are none."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- programs -------------------------------------------------------------------------------------


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


# --- rounds ---------------------------------------------------------------------------------------


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


# --- nominations ----------------------------------------------------------------------------------


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
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
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


# --- reviews --------------------------------------------------------------------------------------


class ReviewViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Peer reviews. An assigned reviewer POSTs a score (0–100) or declares a conflict (then no score is
    kept and the nomination needs another reviewer, R-AW-04); posting again changes the review until the
    results are proposed. A reviewer sees their own reviews; the society's secretariat all of its rounds'."""

    base_queryset = Review.objects.select_related("reviewer").order_by("-submitted_at", "-id")
    serializer_class = ReviewSerializer
    filterset_fields = ["nomination", "conflict_declared"]
    ordering_fields = ["submitted_at", "score", "id"]

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def create(self, request, *args, **kwargs):
        if not reach_of(request.user).award_reviewer_of:  # only award reviewers review (and only assigned)
            raise PermissionDenied
        body = ReviewCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.submit_review(actor=request.user, **body.validated_data)
        review = self.base_queryset.get(pk=review.pk)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


# --- the public dynamic list (R-AW-06) ------------------------------------------------------------


class PublicAwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The dynamic list 动态清单, no login: every listed program with its society, category, cycle and last
    published round (year, winners, link to the results). Filters `q` (program or society name),
    `society`, `category`, `discipline`. A program's page lists its published rounds and their winners
    (name and employer only). Constant query count whatever the number of programs."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    filter_backends: list = []
    serializer_class = PublicProgramSerializer

    def get_serializer_class(self):
        return PublicProgramDetailSerializer if self.action == "retrieve" else PublicProgramSerializer

    def get_queryset(self):
        user = self.request.user
        if self.action != "list":
            return restrict(selectors.public_programs(), user, VIEW)
        filters = PublicFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return restrict(selectors.public_programs(filters.validated_data), user, VIEW)

    def get_object(self):
        winners = restrict(
            Nomination.objects.filter(status=NominationStatus.WINNER), self.request.user, VIEW
        ).select_related("nominee")
        rounds = restrict(
            AwardRound.objects.filter(status=RoundStatus.PUBLISHED), self.request.user, VIEW
        ).prefetch_related(
            Prefetch(
                "nominations", queryset=winners.order_by("nominee__name", "id"), to_attr="published_winners"
            )
        )
        queryset = self.get_queryset().prefetch_related(
            Prefetch("rounds", queryset=rounds.order_by("-year"), to_attr="published_rounds")
        )
        pk = str(self.kwargs["pk"])
        well_formed = pk.isascii() and pk.isdigit() and len(pk) <= 18
        program = queryset.filter(pk=int(pk)).first() if well_formed else None
        if program is None:
            raise Http404
        return program

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Program or society name contains"),
            OpenApiParameter("society", int, description="Society id"),
            OpenApiParameter("category", str, description="Award category"),
            OpenApiParameter("discipline", str, description="The society's discipline group"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
