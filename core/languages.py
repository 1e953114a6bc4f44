"""The site's three languages, for model fields (a survey's, an event's language),
and their names as their speakers write them.

The same codes as settings.LANGUAGES; a test keeps the two in step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    NORWEGIAN = "nb", _("Norwegian Bokmål")
    ENGLISH = "en", _("English")


# A visitor looks for their own language by its own name, whatever the page's
# language, so these are never translated (and are the one way the public pages
# name a language).
ENDONYMS = {
    Language.DANISH: "dansk",
    Language.NORWEGIAN: "norsk bokmål",
    Language.ENGLISH: "English",
}


def language_endonym(code: str) -> str:
    """The language's own name for itself ("dansk", "norsk bokmål", "English")."""
    return ENDONYMS.get(code, code)
