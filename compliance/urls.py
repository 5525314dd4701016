from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("findings/", views.finding_list, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/<str:step>/", views.finding_step, name="finding_step"),
]
