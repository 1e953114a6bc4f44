from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("privacy/", views.privacy, name="privacy"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("series/<slug:slug>/calendar.ics", views.series_ics, name="series_ics"),
    path("<slug:slug>/", views.event_detail, name="event_detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="event_ics"),
    path("<slug:slug>/result/<str:token>/", views.event_result, name="event_result"),
]
