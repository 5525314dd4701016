from django.urls import path

from . import board, sweep_views, views

app_name = "compliance"
urlpatterns = [
    path("", board.dashboard, name="dashboard"),
    path("charts/<slug:name>.csv", board.chart_csv, name="chart_csv"),
    path("controls/<str:rule>/", board.control, name="control"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("findings/<int:pk>/<str:step>/", views.finding_step, name="finding_step"),
    path("sweeps/", sweep_views.sweep_list, name="sweeps"),
    path("sweeps/start/", sweep_views.sweep_start, name="sweep_start"),
    path("sweeps/<int:pk>/", sweep_views.sweep_detail, name="sweep"),
    path("sweeps/<int:pk>/progress/", sweep_views.sweep_progress, name="sweep_progress"),
    path("sweeps/<int:pk>/resume/", sweep_views.sweep_resume, name="sweep_resume"),
]
