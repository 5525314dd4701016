from django.urls import path

from .views import nominations, programs, public, reviews, rounds

app_name = "awards"
urlpatterns = [
    # public: the dynamic list 科技奖项动态清单 and each program's page (no login)
    path("", public.public_list, name="public_list"),
    path("programs/<int:pk>/", public.program_public, name="program_public"),
    # the secretariat's programs; CAST's listing queue and list management
    path("manage/", programs.program_list, name="programs"),
    path("manage/new/", programs.program_create, name="program_create"),
    path("manage/<int:pk>/", programs.program_detail, name="program"),
    path("manage/<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("manage/<int:pk>/document/", programs.program_document, name="program_document"),
    path("manage/<int:pk>/rounds/new/", rounds.round_create, name="round_create"),
    path("manage/<int:pk>/<str:step>/", programs.program_step, name="program_step"),
    path("listing/", programs.listing_queue, name="listing"),
    path("dynamic-list/", programs.list_management, name="list_management"),
    # rounds
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/nominate/", rounds.nominate, name="nominate"),
    path("rounds/<int:pk>/assign/", rounds.bulk_assign, name="bulk_assign"),
    path("rounds/<int:pk>/panel/", rounds.panel, name="panel"),
    path("rounds/<int:pk>/results/", rounds.results, name="results"),
    path("rounds/<int:pk>/<str:step>/", rounds.round_step, name="round_step"),
    # nominations
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/assign/", nominations.nomination_assign, name="nomination_assign"),
    path("nominations/<int:pk>/materials/", nominations.material_upload, name="material_upload"),
    path("nominations/<int:pk>/withdraw/", nominations.nomination_withdraw, name="nomination_withdraw"),
    path("nominations/<int:pk>/review/", reviews.review_form, name="review"),
    path("materials/<int:pk>/", nominations.material_download, name="material"),
    path("mine/", nominations.my_nominations, name="my_nominations"),
    # an award reviewer's pages
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path("reviews/coauthors/", reviews.coauthors, name="coauthors"),
]
