from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("<slug:slug>/", views.survey_answer, name="answer"),
    path("<slug:slug>/preview/", views.survey_preview, name="preview"),
    path("<slug:slug>/thanks/", views.survey_thanks, name="thanks"),
    path("<slug:slug>/results/", views.survey_results_public, name="results"),
]
