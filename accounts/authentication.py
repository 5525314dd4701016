"""DRF authentication by `Authorization: Token <key>` against accounts.ApiToken (hashed, expiring,
revocable), in place of rest_framework.authtoken's plain-text keys. The header format is unchanged."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .tokens import user_for_key


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        found = user_for_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return found
