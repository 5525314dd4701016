"""Where a request comes from, as the lockout, the login history and the audit trail record it."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The peer's address. Never a forwarding header: any client can send one. Behind the TLS proxy this
    is the proxy's address unless it rewrites REMOTE_ADDR; the username+IP lockout key holds either way."""
    return request.META.get("REMOTE_ADDR") or None


def channel_of(request: HttpRequest | None) -> str:
    """`api` for the REST API, `web` for everything else a browser reaches."""
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "web"
