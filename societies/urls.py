from django.urls import path

from . import views

app_name = "societies"
urlpatterns = [
    path("", views.society_list, name="list"),
    path("<int:pk>/", views.society_detail, name="detail"),
    path("<int:pk>/status/<str:step>/", views.society_change_status, name="change_status"),
]
