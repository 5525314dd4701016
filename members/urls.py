from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("privacy/consent/", views.reconsent, name="reconsent"),
    path("societies/<int:pk>/joining/", views.joining_policy, name="joining_policy"),
    path("join/<int:society_id>/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
    path("profile/", views.profile, name="profile"),
    path("memberships/<int:pk>/", views.membership_detail, name="membership"),
    path("memberships/<int:pk>/<str:step>/", views.membership_step, name="membership_step"),
    path("applications/", views.application_queue, name="application_queue"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/<str:step>/", views.application_decide, name="application_decide"),
    path("change-requests/", views.change_request_queue, name="change_request_queue"),
    path("change-requests/<int:pk>/<str:step>/", views.change_request_decide, name="change_request_decide"),
    path("credit/", views.credit_list, name="credit_list"),
    path("credit/new/", views.credit_create, name="credit_create"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/overdue/", views.training_gaps_list, name="training_gaps"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/lookup/", views.person_lookup, name="person_lookup"),
    path("people/search/", views.person_search, name="person_search"),
]
