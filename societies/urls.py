from django.urls import path

from members.views import directory as member_views  # the member pages live in members/
from members.views import exports as member_exports
from members.views import imports as member_imports

from . import cast_views, views
from . import workspace_views as ws

app_name = "societies"
urlpatterns = [
    path("", views.society_list, name="list"),
    path("cast/", cast_views.cast_workspace, name="cast"),
    path("register/", cast_views.register_society, name="register"),
    path("<int:pk>/", views.society_detail, name="detail"),
    path("<int:pk>/status/<str:step>/", views.society_change_status, name="change_status"),
    # secretary workspace
    path("<int:pk>/workspace/", ws.overview, name="workspace"),
    path("<int:pk>/workspace/profile/", ws.edit_profile, name="edit_profile"),
    path("<int:pk>/workspace/charters/new/", ws.add_charter, name="add_charter"),
    path("<int:pk>/workspace/terms/new/", ws.open_term, name="open_term"),
    path("<int:pk>/workspace/terms/<int:term_pk>/", ws.term_detail, name="term"),
    path("<int:pk>/workspace/seats/<int:seat_pk>/remove/", ws.remove_seat, name="remove_seat"),
    path("<int:pk>/workspace/officers/new/", ws.appoint_officer, name="appoint_officer"),
    path("<int:pk>/workspace/officers/<int:officer_pk>/end/", ws.end_officer, name="end_officer"),
    path(
        "<int:pk>/workspace/officers/<int:officer_pk>/full-time/",
        ws.officer_full_time,
        name="officer_full_time",
    ),
    # member directory, export, import
    path("<int:pk>/members/", member_views.directory, name="members"),
    path("<int:pk>/members/new/", member_views.add_member, name="add_member"),
    path("<int:pk>/members/export/<str:fmt>/", member_views.export, name="members_export"),
    path("<int:pk>/members/exports/<int:job>/", member_exports.job_detail, name="members_export_job"),
    path("<int:pk>/members/imports/<int:job>/", member_imports.job_detail, name="members_import_job"),
    path(
        "<int:pk>/members/imports/<int:job>/progress/",
        member_imports.job_progress,
        name="members_import_progress",
    ),
    path(
        "<int:pk>/members/exports/<int:job>/progress/",
        member_exports.job_progress,
        name="members_export_progress",
    ),
    path(
        "<int:pk>/members/exports/<int:job>/download/",
        member_exports.job_download,
        name="members_export_download",
    ),
    path("<int:pk>/members/import/", member_views.import_members, name="members_import"),
    path(
        "<int:pk>/members/import/template/<str:fmt>/", member_views.import_template, name="members_template"
    ),
]
