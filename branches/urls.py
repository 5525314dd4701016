from django.urls import path

from . import views

app_name = "branches"
urlpatterns = [
    path("", views.branch_list, name="list"),
    path("new/", views.branch_propose, name="propose"),
    path("check/", views.branch_check, name="check"),
    path("import/", views.branch_import, name="import"),
    path("review/", views.review_queue, name="review"),
    path("cleanup/", views.cleanup, name="cleanup"),
    path("cleanup/scan/", views.cleanup_scan, name="cleanup_scan"),
    path("roster/<int:society_pk>/", views.roster, name="roster"),
    path("officers/<int:pk>/remove/", views.officer_remove, name="officer_remove"),
    path("<int:pk>/", views.branch_detail, name="detail"),
    path("<int:pk>/edit/", views.branch_edit, name="edit"),
    path("<int:pk>/assess/", views.assessment_create, name="assess"),
    path("<int:pk>/officers/", views.officer_add, name="officer_add"),
    path("<int:pk>/resolution/document/", views.resolution_document, name="resolution_document"),
    path("<int:pk>/<str:step>/", views.branch_step, name="step"),
]
