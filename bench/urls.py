"""The portal's URLs plus the bare view of the throughput benchmark (bench/settings.py only)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def bare(request, size: int):
    """A response of `size` bytes and nothing else: no query, no template — through the same middleware."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


urlpatterns = [path("__bench__/bare/<int:size>/", bare), *portal_urlpatterns]
