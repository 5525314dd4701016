"""API request rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read from the environment in settings).

DRF's throttles copy the rates once, when their module is imported; these read them at each request, so a
changed setting (a test's override_settings) applies at once. Counts live in the default cache.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _CurrentRates:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    """Anonymous requests, per client address."""


class UserThrottle(_CurrentRates, UserRateThrottle):
    """Signed-in requests, per user."""


class AuthTokenThrottle(_CurrentRates, SimpleRateThrottle):
    """POST auth/token/, per client address, signed in or not: stricter than `anon`, since each request
    tries a password (django-axes locks a username+IP after five failures besides)."""

    scope = "auth_token"

    def allow_request(self, request, view):
        if request.method != "POST":  # only a login attempt counts; a GET there is a 405 anyway
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
