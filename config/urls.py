from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.tokens import ObtainTokenView, TokenDetailView, TokenListView
from accounts.api.views import UserViewSet
from core import views as core_views
from core.api.audit_view import AuditEntryViewSet
from core.api.settings_view import RuleSettingsView
from core.registry import PORTAL_APPS, app_modules
from reports.api.scorecard import ScorecardView

from . import views

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("audit-log", AuditEntryViewSet, basename="auditentry")
for routes in app_modules("api.routes"):
    routes.register(router)

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("settings/", RuleSettingsView.as_view(), name="api-settings"),
    path("scorecard/", ScorecardView.as_view(), name="api-scorecard"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inbox/", core_views.inbox_page, name="inbox"),
    path("charts/<slug:key>.csv", core_views.chart_csv, name="chart_csv"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("settings/", core_views.rule_settings, name="rule_settings"),
    path("audit-log/", core_views.audit_log, name="audit_log"),
    path("audit-log/export/", core_views.audit_log_export, name="audit_log_export"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    *[path(f"{app.replace('_', '-')}/", include(f"{app}.urls")) for app in PORTAL_APPS],
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its start-up script as a file: the Content-Security-Policy allows no inline one
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.PORTAL_ERROR_PROBE:
    urlpatterns.append(path("__probe__/500/", core_views.error_probe))
