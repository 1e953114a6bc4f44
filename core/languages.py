"""The site's three languages, for model fields (a survey's, an event's language).

The same codes as settings.LANGUAGES; a test keeps the two in step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    NORWEGIAN = "nb", _("Norwegian Bokmål")
    ENGLISH = "en", _("English")
