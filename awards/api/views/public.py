"""`public/awards/`: the public list of award programs and their published results."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from core.access import VIEW, restrict

from ... import selectors
from ...choices import NominationStatus, RoundStatus
from ...models import AwardRound, Nomination
from ..serializers import (
    PublicFilterSerializer,
    PublicProgramDetailSerializer,
    PublicProgramSerializer,
)


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
