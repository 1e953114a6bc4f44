"""Surveys: built by staff, answered anonymously.

Anonymity is a property of the schema, not of good intentions:

- `Response` and `Answer` hold the survey, the submission *date*, the language and
  the answers. No user, session, IP address, user agent or exact time, and random
  (UUID) primary keys so that row order reveals nothing.
  tests/surveys/test_anonymity.py fails if any other field appears.
- `InvitationCode.used` is a flag without a time and without a link to the
  response it allowed (LimeSurvey's anonymised mode).
- `SeminarContact` (the optional "invite me to the seminars" form) lives in its own
  table with no foreign key or shared key to a response, and no date: a survey and
  a date could single out the only respondent of a quiet day.
- Nothing that names or codes a person is written next to a response. A code's use
  and a seminar contact first wait in a pool (`PendingCodeUse`, `PendingContact`),
  each in its own transaction, and are moved to `InvitationCode.used` and
  `SeminarContact` in batches of at least SURVEY_MIN_GROUP_SIZE, in random order
  (services.pool_flush). Transaction ids, storage order and the admin then pair a
  person with answers no better than chance within a batch (docs/privacy.md).

Texts are stored once per language in `<field>_<language>` columns. The answers
point to questions and options, never to texts, so answers given in any language
form one data set with the same columns.
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.languages import Language

LANGUAGE_CHOICES = Language.choices
LANGUAGE_CODES = Language.values

# The end labels a Likert or matrix question gets in each language when staff leave
# both ends empty: a scale shown as bare numbers ("1 2 3 4 5") does not say which
# end is agreement. They are survey content in that language, not interface text.
DEFAULT_SCALE_LABELS = {
    "da": ("Meget uenig", "Meget enig"),
    "nb": ("Svært uenig", "Svært enig"),
    "en": ("Strongly disagree", "Strongly agree"),
}


def translated_fields(name, *, long=False, max_length=255, verbose_name=""):
    """One field per language: {"title_da": CharField(...), ...}."""
    fields = {}
    for code in LANGUAGE_CODES:
        kwargs = {"blank": True, "verbose_name": format_lazy("{} ({})", verbose_name, code)}
        if long:
            fields[f"{name}_{code}"] = models.TextField(**kwargs)
        else:
            fields[f"{name}_{code}"] = models.CharField(max_length=max_length, **kwargs)
    return fields


class TranslatedTextMixin:
    """Reads `<name>_<language>`, falling back to the survey's main language."""

    def text_in(self, name: str, language: str) -> str:
        value = getattr(self, f"{name}_{language}", "")
        if value:
            return value
        main = self.fallback_language()
        return getattr(self, f"{name}_{main}", "") or ""

    def fallback_language(self) -> str:
        raise NotImplementedError


class Survey(TranslatedTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Access(models.TextChoices):
        LINK = "link", _("Open link: anyone with the address")
        CODES = "codes", _("Invitation codes: one code per respondent")

    slug = models.SlugField(
        max_length=80,
        unique=True,
        verbose_name=_("slug"),
        # No "<slug>": the Django admin shows help texts as HTML, so it would vanish as a tag.
        help_text=_("The public address: /survey/(slug)/. Do not change it once it is sent out."),
    )
    main_language = models.CharField(
        max_length=5,
        choices=LANGUAGE_CHOICES,
        default="da",
        verbose_name=_("main language"),
        help_text=_(
            "The language the survey is shown in unless the respondent picks another. Texts "
            "missing in another language are shown in this one."
        ),
    )
    extra_languages = models.CharField(
        max_length=20,
        blank=True,
        verbose_name=_("other languages"),
        help_text=_(
            'Codes of the other languages respondents may pick, comma-separated (e.g. "nb,en"). '
            "Fill in the texts in those languages too."
        ),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    access = models.CharField(
        max_length=10, choices=Access.choices, default=Access.LINK, verbose_name=_("access")
    )
    opens_at = models.DateTimeField(
        default=timezone.now,
        verbose_name=_("opens at"),
        help_text=_("An open survey takes responses from this time."),
    )
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("closes at"),
        help_text=_("Leave empty to keep the survey open until its status is set to closed."),
    )
    project_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project page"),
        help_text=_("The project page that links to the survey while it is open."),
    )
    results_published = models.BooleanField(
        default=False,
        verbose_name=_("results published"),
        help_text=_(
            "Show the results of the closed survey on the site, at /survey/(slug)/results/. "
            "Small groups are suppressed there too."
        ),
    )
    locals().update(translated_fields("title", verbose_name=_("title")))
    locals().update(translated_fields("intro", long=True, verbose_name=_("introduction")))
    locals().update(translated_fields("thank_you", long=True, verbose_name=_("thank-you text")))
    offer_seminar_invitation = models.BooleanField(
        default=True,
        verbose_name=_("offer seminar invitation"),
        help_text=_(
            'Offer the optional "I want an invitation to the seminars" form after answering.'
        ),
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        permissions = [("export_responses", _("Can export survey responses"))]

    def __str__(self):
        return self.title

    def fallback_language(self) -> str:
        return self.main_language

    @property
    def title(self) -> str:
        return self.text_in("title", self.main_language) or self.slug

    @property
    def languages(self) -> list[str]:
        """The main language first, then the others in the order they were given."""
        main = self.main_language
        extra = [c.strip() for c in self.extra_languages.split(",") if c.strip()]
        return [main, *[c for c in extra if c in LANGUAGE_CODES and c != main]]

    def clean(self):
        main = self.main_language
        unknown = [
            c.strip()
            for c in self.extra_languages.split(",")
            if c.strip() and c.strip() not in LANGUAGE_CODES
        ]
        if unknown:
            raise ValidationError(
                {"extra_languages": _("Use only the codes da, nb and en, separated by commas.")}
            )
        if not getattr(self, f"title_{main}"):
            raise ValidationError({f"title_{main}": _("Give the title in the main language.")})
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def is_accepting_answers(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )

    def has_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.CLOSED or (
            self.status == self.Status.OPEN and self.closes_at is not None and now >= self.closes_at
        )


class SurveyChild(TranslatedTextMixin):
    def fallback_language(self) -> str:
        return self.survey.main_language


class Section(SurveyChild, models.Model):
    """A group of questions shown as one step of the form."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    locals().update(translated_fields("title", verbose_name=_("title")))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.text_in("title", self.fallback_language()) or _("Section %(n)s") % {
            "n": self.order
        }


class Question(SurveyChild, models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        LIKERT = "likert", _("Likert scale")
        MATRIX = "matrix", _("Matrix of Likert items (the options are the items)")
        YES_NO = "yesno", _("Yes/no")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short", _("Short text")
        LONG_TEXT = "long", _("Long text")

    CHOICE_TYPES = {Type.SINGLE, Type.MULTIPLE}
    SCALE_TYPES = {Type.LIKERT, Type.MATRIX}
    TEXT_TYPES = {Type.SHORT_TEXT, Type.LONG_TEXT}

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("section"),
        help_text=_("The step the question is shown in; drag it to another section to move it."),
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    key = models.SlugField(
        max_length=40,
        blank=True,
        verbose_name=_("column name"),
        help_text=_('Short name of the question in exports (e.g. "q1"). Filled in if left empty.'),
    )
    type = models.CharField(max_length=10, choices=Type.choices, verbose_name=_("type"))
    required = models.BooleanField(default=True, verbose_name=_("required"))
    allow_other = models.BooleanField(
        default=False,
        verbose_name=_('"other, please state"'),
        help_text=_('For choice questions: add an "Other" choice with a text field.'),
    )
    min_value = models.IntegerField(null=True, blank=True, verbose_name=_("smallest number"))
    max_value = models.IntegerField(null=True, blank=True, verbose_name=_("largest number"))
    scale_min = models.PositiveSmallIntegerField(default=1, verbose_name=_("scale from"))
    scale_max = models.PositiveSmallIntegerField(default=5, verbose_name=_("scale to"))
    locals().update(translated_fields("text", long=True, verbose_name=_("question")))
    locals().update(translated_fields("help", max_length=500, verbose_name=_("help text")))
    locals().update(translated_fields("low_label", max_length=100, verbose_name=_("low end label")))
    locals().update(
        translated_fields("high_label", max_length=100, verbose_name=_("high end label"))
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                condition=~Q(key=""),
                name="surveys_question_unique_key",
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="surveys_question_scale_increasing",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text_in('text', self.fallback_language())[:60]}"

    def clean(self):
        if self.type in self.SCALE_TYPES and self.scale_max - self.scale_min > 10:
            raise ValidationError({"scale_max": _("A scale has at most 11 steps.")})
        self.scale_labels_fill()
        if self.min_value is not None and self.max_value is not None:
            if self.max_value < self.min_value:
                raise ValidationError(
                    {"max_value": _("The largest number must not be below the smallest.")}
                )
        if self.section_id and self.survey_id and self.section.survey_id != self.survey_id:
            raise ValidationError({"section": _("Choose a section of this survey.")})

    def scale_labels_fill(self) -> None:
        """Give a scale question end labels: the defaults when no end is labelled at all.

        With labels in some language, the others stay empty and show the main
        language's (TranslatedTextMixin), so no language contradicts another. One end
        labelled and the other not is refused, next to the empty one: respondents
        would see a scale whose other end means nothing.
        """
        if self.type not in self.SCALE_TYPES:
            return
        pairs = {
            code: (
                (getattr(self, f"low_label_{code}") or "").strip(),
                (getattr(self, f"high_label_{code}") or "").strip(),
            )
            for code in LANGUAGE_CODES
        }
        if not any(low or high for low, high in pairs.values()):
            for code in LANGUAGE_CODES:
                low, high = DEFAULT_SCALE_LABELS.get(code, ("", ""))
                setattr(self, f"low_label_{code}", low)
                setattr(self, f"high_label_{code}", high)
            return
        errors = {
            f"{'low' if not low else 'high'}_label_{code}": _(
                "Give both end labels of the scale, or leave both empty for the defaults."
            )
            for code, (low, high) in pairs.items()
            if bool(low) != bool(high)
        }
        if errors:
            raise ValidationError(errors)

    @property
    def has_options(self) -> bool:
        return self.type in self.CHOICE_TYPES or self.type == self.Type.MATRIX


class Option(SurveyChild, models.Model):
    """A choice of a choice question, or an item (row) of a matrix question."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    code = models.PositiveSmallIntegerField(
        verbose_name=_("code"),
        help_text=_("The number stored and exported for this choice. Unique within the question."),
    )
    locals().update(translated_fields("label", max_length=500, verbose_name=_("label")))

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="surveys_option_unique_code")
        ]

    def __str__(self):
        return self.text_in("label", self.fallback_language())

    def fallback_language(self) -> str:
        return self.question.survey.main_language


class Response(models.Model):
    """One submitted questionnaire. Nothing here may identify who sent it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    # A date, never a time: a time could be matched against a web server log or an
    # e-mail "I just answered".
    submitted_on = models.DateField(verbose_name=_("submitted on"))
    language = models.CharField(max_length=5, choices=LANGUAGE_CHOICES, verbose_name=_("language"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # No ordering: the natural order of rows must mean nothing.
        indexes = [
            # The export reads a survey's responses in this order, straight from the index.
            models.Index(
                fields=["survey", "submitted_on", "id"], name="surveys_response_export_idx"
            ),
        ]


# What Answer.number holds on every database (PostgreSQL's integer); the form keeps
# a number question's answers within it.
ANSWER_NUMBER_MIN, ANSWER_NUMBER_MAX = -(2**31), 2**31 - 1


class Answer(models.Model):
    """One value of a response.

    Single choice: option. Multiple choice: one row per chosen option. Matrix: one
    row per item (option) with the scale value in `number`. Likert, yes/no (1/0)
    and number: `number`. Texts and "other, please state": `text`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        Option,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("option"),
    )
    number = models.IntegerField(null=True, blank=True, verbose_name=_("number"))
    text = models.TextField(blank=True, verbose_name=_("text"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(option__isnull=False) | Q(number__isnull=False) | ~Q(text=""),
                name="surveys_answer_not_empty",
            ),
        ]


class SubmissionToken(models.Model):
    """A one-time token of a filled-in form, stored with its response in one transaction.

    The primary key makes a second submission of the same form (reload, double
    click, two concurrent requests) fail in the database. It has no link to the
    response it came with.
    """

    token = models.UUIDField(primary_key=True)

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")


def new_invitation_code() -> str:
    # No 0/O/1/I/L: codes are typed in from letters and e-mails.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _i in range(10))


class InvitationCode(models.Model):
    """Single-use access to a survey with invitation codes.

    `used` has no time and no link to the response, so taking part is known but
    not what was answered.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="codes", verbose_name=_("survey")
    )
    code = models.CharField(
        max_length=20, unique=True, default=new_invitation_code, verbose_name=_("code")
    )
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("organisation"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    used = models.BooleanField(default=False, verbose_name=_("used"))
    invited_on = models.DateField(null=True, blank=True, verbose_name=_("invitation sent on"))
    reminded_on = models.DateField(null=True, blank=True, verbose_name=_("reminder sent on"))

    class Meta:
        ordering = ["organisation", "email", "code"]
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        # Codes carry e-mail addresses: seeing them is not enough to take them out,
        # mail them or erase them (docs/roles.md).
        permissions = [
            ("export_invitationcode", _("Can export invitation codes with e-mail addresses")),
            ("send_invitationcode", _("Can send invitation e-mails and reminders")),
            ("erase_invitationcode", _("Can erase the contact details of invitation codes")),
        ]

    def __str__(self):
        return self.code


class SeminarContact(models.Model):
    """Left on the thank-you page: "I want an invitation to the seminars".

    Deliberately no foreign key to a response, no shared key and no date (see the
    module docstring).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey,
        null=True,
        on_delete=models.SET_NULL,
        related_name="seminar_contacts",
        verbose_name=_("survey"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    email = models.EmailField(verbose_name=_("e-mail"))
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("organisation"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("seminar contact")
        verbose_name_plural = _("seminar contacts")
        permissions = [("export_seminarcontact", _("Can export the seminar invitation list"))]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class PendingCodeUse(models.Model):
    """A claimed invitation code waiting for its batch (see services.pool_flush).

    Holds keyed hashes (HMAC with SECRET_KEY), never the code or its id: the
    database alone does not say whose code it is. The unique hash makes a code
    usable once between flushes; the form's token hash lets the same form be sent
    again after a crash between the claim and the response. Never shown in the admin.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64)


class PendingContact(models.Model):
    """A seminar contact waiting for its batch (see services.pool_flush). Never shown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
