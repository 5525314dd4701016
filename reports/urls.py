from django.urls import path

from . import annual_views, scorecard_views, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("start/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/progress/", views.report_progress, name="report_progress"),
    path("<int:pk>/download.<str:fmt>", views.report_download, name="report_download"),
    path("<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("scorecard/", scorecard_views.scorecard, name="scorecard"),
    path("scorecard/export.<str:fmt>", scorecard_views.export, name="scorecard_export"),
    path("scorecard/<int:society_pk>/", scorecard_views.society_scorecard, name="scorecard_society"),
    path("annual/", annual_views.annual_list, name="annual_list"),
    path("annual/open/", annual_views.annual_open, name="annual_open"),
    path("annual/<int:pk>/", annual_views.annual_detail, name="annual"),
    path("annual/<int:pk>/<str:step>/", annual_views.annual_step, name="annual_step"),
]
