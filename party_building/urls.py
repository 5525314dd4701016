from django.urls import path
from django.views.generic import RedirectView

from .views import elections, finance, matters, organizations

app_name = "party_building"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="party_building:matters"), name="index"),
    path("matters/", matters.matter_list, name="matters"),
    path("matters/new/", matters.matter_create, name="matter_create"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter"),
    path("matters/<int:pk>/<str:step>/", matters.matter_step, name="matter_step"),
    path("finance/", finance.finance_list, name="finance"),
    path("finance/<str:kind>/new/", finance.finance_create, name="finance_create"),
    path("finance/<str:kind>/<int:pk>/", finance.finance_detail, name="finance_detail"),
    path("finance/<str:kind>/<int:pk>/confirm/", finance.finance_confirm, name="finance_confirm"),
    path("organizations/", organizations.organization_list, name="organizations"),
    path("organizations/new/", organizations.organization_edit, name="organization_create"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("elections/", elections.election_list, name="elections"),
    path("elections/new/", elections.election_create, name="election_create"),
    path("elections/<int:pk>/", elections.election_detail, name="election"),
    path("elections/<int:pk>/votes/", elections.election_votes, name="election_votes"),
    path(
        "elections/<int:pk>/candidates/<int:candidate_pk>/remove/",
        elections.candidate_remove,
        name="candidate_remove",
    ),
    path("elections/<int:pk>/<str:step>/", elections.election_step, name="election_step"),
]
