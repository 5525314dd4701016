"""Response headers every page carries (issue 14, finding 8): pages of a signed-in user are not stored by
browsers or proxies (`Cache-Control: no-store` — they hold personal data), and a Permissions-Policy turns
off the browser features the portal never uses. The Content-Security-Policy itself comes from django-csp
(settings.CONTENT_SECURITY_POLICY): no inline script or style anywhere — behaviour lives in
static/portal.js, looks in static/portal.css."""

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response
