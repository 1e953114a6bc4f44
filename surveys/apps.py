from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from surveys.models import Option, Question, Section, Survey
        from surveys.selectors import survey_loaded_forget

        # Loaded surveys are kept in the cache (selectors.survey_get_with_questions).
        for model in (Survey, Section, Question, Option):
            for signal in (post_save, post_delete):
                signal.connect(
                    survey_loaded_forget,
                    sender=model,
                    dispatch_uid=f"surveys-loaded-{model.__name__}-{id(signal)}",
                )
