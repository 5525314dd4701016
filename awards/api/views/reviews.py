"""`reviews/`: an award reviewer's reviews of the nominations assigned to them (R-AW-04)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.viewsets import ScopedViewSetMixin
from core.roles import reach_of

from ... import services
from ...models import Review
from ..serializers import (
    ReviewCreateSerializer,
    ReviewSerializer,
)


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
