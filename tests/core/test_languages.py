from django.conf import settings

from core.languages import Language


def test_model_language_choices_are_the_site_languages():
    assert Language.values == [code for code, _name in settings.LANGUAGES]
    assert Language.values == [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
