from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.filing_list, name="list"),
    path("review/", views.review_queue, name="review"),
    path("review/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("new/", views.filing_create, name="create"),
    path("check/", views.filing_check, name="check"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/edit/", views.filing_edit, name="edit"),
    path("<int:pk>/duplicate/", views.filing_duplicate, name="duplicate"),
    path("<int:pk>/summary/", views.filing_summary, name="summary"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<str:step>/", views.filing_step, name="step"),
]
