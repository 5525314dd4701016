"""`auth/token/` (log in, get a new token) and `auth/tokens/` (the caller's own tokens: list, revoke).

The login goes through django.contrib.auth.authenticate with the request, so django-axes counts its failures
and refuses a locked-out username+IP (429 with a message, accounts.lockout) even with the right password.
A wrong `otp` (the second factor of the roles that need one) counts as a failed login as well, so the same
lockout (5 failures in 15 minutes) stops guessing codes with a known password. A password past
PASSWORD_MAX_AGE_DAYS gets no token: 400 naming `password`, code `password_expired`, telling the user to
change it on the website first (the web sends them to the change page; the API has no other way).
"""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import tokens
from accounts.lockout import lockout_message
from accounts.models import ApiToken
from accounts.passwords import is_expired
from accounts.two_factor import OtpRefused, check_api_otp
from core.api.throttling import AnonThrottle, AuthTokenThrottle
from core.audit import log_action


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)
    # The 6-digit code of the user's authenticator app, for the roles that require two factors.
    otp = serializers.CharField(max_length=32, required=False, allow_blank=True, write_only=True)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ApiTokenSerializer(serializers.ModelSerializer):
    active = serializers.BooleanField(source="is_active", read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "prefix", "created", "expires", "last_used", "revoked_at", "active", "current"]
        read_only_fields = fields

    def get_current(self, token) -> bool:
        return token == self.context.get("current")


class ObtainTokenView(APIView):
    """POST {username, password} → {"token": key}: a new token on every login."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, AuthTokenThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        http_request = request._request  # what axes and the audit read (address, path, lockout flag)
        otp = data.validated_data.pop("otp", "")
        user = authenticate(request=http_request, **data.validated_data)
        if getattr(http_request, "axes_locked_out", False):
            return self._locked_out(http_request)
        if user is None:
            message = _("Unable to log in with provided credentials.")
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            check_api_otp(user, otp)  # 400 naming `otp` for a 2FA role without a current code
        except OtpRefused as refused:
            if refused.guessed:  # a wrong code: a failed login for django-axes and the audit trail
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": user.get_username()},
                    request=http_request,
                )
                if getattr(http_request, "axes_locked_out", False):
                    return self._locked_out(http_request)
            raise
        if is_expired(user):
            log_action("accounts.token.refused", actor=user, obj=user, data={"reason": "password_expired"})
            message = _(
                "Your password has expired: change it on the website (account menu → change password, "
                "/accounts/password/change/), then request a token again."
            )
            return Response(
                {"password": [message], "code": "password_expired"}, status=status.HTTP_400_BAD_REQUEST
            )
        # A login without a session: last_login, axes resets the failure count, audit (accounts.signals).
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        _token, key = tokens.issue_token(user=user, channel="api")
        return Response({"token": key})

    @staticmethod
    def _locked_out(http_request) -> Response:
        return Response(
            {"detail": lockout_message(http_request), "code": "locked_out"},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )


class TokenListView(APIView):
    """GET: the caller's tokens, newest first (never a key). DELETE: revoke every live one of them."""

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        rows = tokens.tokens_of(request.user)
        return Response(ApiTokenSerializer(rows, many=True, context={"current": request.auth}).data)

    @extend_schema(
        operation_id="v1_auth_tokens_revoke_all",
        request=None,
        responses=inline_serializer("TokensRevoked", {"revoked": serializers.IntegerField()}),
    )
    def delete(self, request):
        count = tokens.revoke_all(user=request.user, actor=request.user, reason="owner")
        return Response({"revoked": count})


class TokenDetailView(APIView):
    """DELETE auth/tokens/<id>/: revoke one of the caller's own tokens (another's is 404)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        try:
            tokens.revoke_token(actor=request.user, token_id=pk)
        except ApiToken.DoesNotExist:
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)
