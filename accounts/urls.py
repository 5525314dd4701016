from django.contrib.auth import views as auth_views
from django.urls import path

from . import account_views, two_factor_views, verification_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("verify-email/", verification_views.status, name="email_verification"),
    path("verify-email/<str:token>/", verification_views.verify, name="verify_email"),
    path("logins/", account_views.login_history, name="login_history"),
    path("tokens/", account_views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", account_views.token_revoke, name="token_revoke"),
    path("two-factor/", two_factor_views.two_factor_manage, name="two_factor_manage"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
]
