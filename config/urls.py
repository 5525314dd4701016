from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from accounts.api.views import UserViewSet
from core import views as core_views
from societies.api.views import SocietyViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("societies", SocietyViewSet, basename="society")

api_v1 = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("societies/", include("societies.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
