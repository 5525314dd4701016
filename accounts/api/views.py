"""`users/`: CAST administrators create staff accounts and grant roles; everyone reads themself."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts import services
from accounts.services import role_rows_prefetch
from core.access import ADMIN, VIEW, may
from core.api.viewsets import ActionCommentSerializer, ScopedViewSetMixin

from .serializers import RoleSerializer, UserCreateSerializer, UserSerializer

User = get_user_model()


class UserViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    base_queryset = User.objects.order_by("id").prefetch_related(*role_rows_prefetch())
    serializer_class = UserSerializer
    filterset_fields = ["is_active"]
    search_fields = ["username", "name", "email"]
    ordering_fields = ["id", "username", "name"]

    def _fresh(self, user):
        """The user read again after a change of roles (the prefetched roles of `user` are stale)."""
        return self.base_queryset.get(pk=user.pk)

    def _require_admin(self):
        if not may(self.request.user, None, ADMIN):
            raise PermissionDenied("Only CAST administrators manage accounts.")

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request):
        self._require_admin()
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.create_user(actor=request.user, **data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserSerializer, responses=UserSerializer)
    def partial_update(self, request, pk=None):
        self._require_admin()
        user = self.get_object_for(VIEW)
        serializer = UserSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.update_user(actor=request.user, user=user, **serializer.validated_data)
        return Response(UserSerializer(user).data)

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(UserSerializer(request.user).data)

    @extend_schema(request=RoleSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def grant_role(self, request, pk=None):
        self._require_admin()
        user = self.get_object_for(VIEW)
        data = RoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.grant_role(actor=request.user, user=user, **data.validated_data)
        return Response(UserSerializer(self._fresh(user)).data)

    @extend_schema(request=RoleSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def revoke_role(self, request, pk=None):
        self._require_admin()
        user = self.get_object_for(VIEW)
        data = RoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.revoke_role(actor=request.user, user=user, **data.validated_data)
        return Response(UserSerializer(self._fresh(user)).data)

    @extend_schema(request=ActionCommentSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        self._require_admin()
        user = self.get_object_for(VIEW)
        data = ActionCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.deactivate_user(actor=request.user, user=user, comment=data.validated_data["comment"])
        return Response(UserSerializer(user).data)
