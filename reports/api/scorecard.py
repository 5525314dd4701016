"""`scorecard/` (R-EV-01): `GET ?year=` (default last calendar year), optional `?discipline=` → the paginated
list of the active societies' scorecards, best total first: `society, year, scores` (one per indicator area),
`total, rank_in_discipline` (API.md) and `rank_in_size_tier, size_tier, stars, previous_total`. CAST and the
regulator read every society, a secretary their own societies only, anyone else is refused (403).
Scores and ranks are always relative to all active societies (reports.scorecard)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from accounts.roles import reach_of
from core.api.pagination import PortalPagination
from reports import scorecard
from societies.choices import Discipline


class ScorecardQuerySerializer(serializers.Serializer):
    year = serializers.CharField(required=False)
    discipline = serializers.ChoiceField(choices=Discipline.choices, required=False)

    def validate_year(self, value: str) -> int:
        text = value.strip()
        if not (len(text) == 4 and text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100):
            raise serializers.ValidationError(_("Enter a four-digit year between 2000 and 2100."))
        return int(text)


class ScorecardRowSerializer(serializers.Serializer):
    society = serializers.IntegerField(source="society.id")
    society_name = serializers.CharField(source="society.name")
    society_code = serializers.CharField(source="society.code")
    discipline = serializers.CharField(source="society.discipline")
    year = serializers.IntegerField()
    scores = serializers.DictField(child=serializers.FloatField())
    total = serializers.FloatField()
    stars = serializers.IntegerField()
    rank_in_discipline = serializers.IntegerField()
    rank_in_size_tier = serializers.IntegerField()
    size_tier = serializers.ChoiceField(choices=scorecard.SizeTier.choices)
    members = serializers.IntegerField()
    previous_total = serializers.FloatField(allow_null=True)


class ScorecardView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PortalPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Calendar year, 2000–2100 (default: last year)"),
            OpenApiParameter("discipline", str, enum=Discipline.values),
        ],
        responses=ScorecardRowSerializer(many=True),
    )
    def get(self, request):
        reach = reach_of(request.user)
        if reach.cast_admin or reach.regulator:
            society_ids = None
        elif reach.secretary_of:
            society_ids = reach.secretary_of
        else:
            raise PermissionDenied
        query = ScorecardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or scorecard.default_year()
        rows, _computed_at = scorecard.latest(year, society_ids)  # the stored counts, as the pages
        discipline = query.validated_data.get("discipline")
        if discipline:
            rows = [r for r in rows if r.society.discipline == discipline]
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ScorecardRowSerializer(page, many=True).data)
