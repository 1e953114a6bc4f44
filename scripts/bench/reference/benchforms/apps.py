from django.apps import AppConfig


class BenchformsConfig(AppConfig):
    name = "benchforms"
    default_auto_field = "django.db.models.BigAutoField"
