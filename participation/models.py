"""Events people sign up for, their registrations and the invitations sent for a series.

The rules (capacity, waiting list, deadlines, duplicates) live in services.py; the
database constraints here back the most important of them up.
"""

import datetime as dt
import uuid
import zoneinfo
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import Language


def normalise_email(email: str) -> str:
    """The form of an address used for the uniqueness check.

    Domains are case-insensitive, and in practice so is the local part at every
    provider people use, so "Anne@Lbf.no " and "anne@lbf.no" are one person.
    """
    return (email or "").strip().lower()


class TimeZone(models.TextChoices):
    OSLO = "Europe/Oslo", _("Norway (Europe/Oslo)")
    COPENHAGEN = "Europe/Copenhagen", _("Denmark (Europe/Copenhagen)")


class SenderFields(models.Model):
    """Who the participant e-mails come from: the organiser, not always Lejerbo.

    Set on a series, it holds for all its events; set on an event, it wins.
    """

    sender_name = models.CharField(
        _("sender name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The organiser's name as the e-mails' sender, e.g. 'Leieboerforeningen'. "
            "Blank: the series' sender, else the site's (DEFAULT_FROM_EMAIL)."
        ),
    )
    sender_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_(
            "Only an address whose domain lets this site's mail server send for it "
            "(SPF/DKIM); otherwise the mails end up as spam. Blank: the series' address, "
            "else the site's (DEFAULT_FROM_EMAIL)."
        ),
    )
    reply_to_email = models.EmailField(
        _("reply-to address"),
        blank=True,
        help_text=_("Where answers to the e-mails go. Blank: the contact e-mail."),
    )

    class Meta:
        abstract = True


def mail_sender(*sources) -> str:
    """The From header: the first sender name and address set on `sources` (event,
    then series), else the site's DEFAULT_FROM_EMAIL's."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = next((s.sender_email for s in sources if s and s.sender_email), "")
    name = next((s.sender_name for s in sources if s and s.sender_name), "")
    if not name and not address:
        return settings.DEFAULT_FROM_EMAIL
    # An organiser's own name with the site's address still says who writes.
    return formataddr((name or ("" if address else default_name), address or default_address))


def mail_reply_to(*sources) -> str:
    """The Reply-To: the first reply-to set, else the first contact e-mail."""
    for attr in ("reply_to_email", "contact_email"):
        for source in sources:
            if source and getattr(source, attr, ""):
                return getattr(source, attr)
    return ""


class EventSeries(SenderFields, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown above the series' events.")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.DANISH,
        help_text=_("Language of the invitation e-mails for this series."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    project_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project page"),
        help_text=_("The series is listed on this page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]

    def __str__(self):
        return self.title


def end_of_local_day(moment: dt.datetime, tz) -> dt.datetime:
    """The midnight after `moment` in time zone `tz`."""
    day = moment.astimezone(tz).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def event_q_not_over(now: dt.datetime, prefix: str = "") -> Q:
    """Events not over at `now` (see Event.over_at), as a filter; `prefix` is e.g. "event__"."""
    q = Q(**{f"{prefix}ends_at__gt": now})
    for zone in TimeZone.values:
        # Not over without an end time: it starts today or later in its own zone.
        midnight = end_of_local_day(now, zoneinfo.ZoneInfo(zone)) - dt.timedelta(days=1)
        q |= Q(
            **{
                f"{prefix}ends_at__isnull": True,
                f"{prefix}time_zone": zone,
                f"{prefix}starts_at__gte": midnight,
            }
        )
    return q


class Event(SenderFields, models.Model):
    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital meeting")
        SEMINAR = "seminar", _("Seminar")
        OTHER = "other", _("Other")

    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("series"),
    )
    project_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project page"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SEMINAR)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.DANISH,
        help_text=_("The event page, the form and the e-mails use this language."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.COPENHAGEN
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(
        _("ends"),
        null=True,
        blank=True,
        help_text=_("Leave blank when the end time is not known; nothing is then shown for it."),
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Address, or e.g. 'Online (Teams)'.")
    )
    meeting_url = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("Only confirmed participants receive this link, by e-mail."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave blank for unlimited seats.")
    )
    waiting_list = models.BooleanField(
        _("keep a waiting list"),
        default=True,
        help_text=_("When full, new sign-ups go on a waiting list instead of being refused."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Blank: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Blank: when it starts.")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="event_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.local_start:%Y-%m-%d %H:%M})"

    def clean(self):
        if self.kind == self.Kind.DIGITAL and not self.meeting_url and not self.place:
            raise ValidationError(
                {"meeting_url": _("A digital meeting needs a meeting link (or a place).")}
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.tz)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.tz) if self.ends_at else None

    @property
    def over_at(self) -> dt.datetime:
        """When the event is over: its end, or without one the end of the day it starts on."""
        if self.ends_at:
            return self.ends_at
        return end_of_local_day(self.starts_at, self.tz)

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    @property
    def is_past(self) -> bool:
        return self.over_at <= timezone.now()

    def registration_state(self, now=None) -> str:
        """ "not_open", "open" or "closed" at `now`."""
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open"
        return "open" if now < self.registration_closes else "closed"

    @property
    def seats_left(self):
        """Seats left; needs the `confirmed_count` annotation (see selectors)."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class OrganisationType(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        MUNICIPAL_AGENCY = "municipal_agency", _("Municipal agency or company")
        NONPROFIT_LANDLORD = "nonprofit_landlord", _("Non-profit landlord")
        COMMERCIAL_LANDLORD = "commercial_landlord", _("Commercial landlord")
        TENANT_ORGANISATION = "tenant_organisation", _("Tenant organisation")
        OTHER = "other", _("Other")

    class ConsentGiven(models.TextChoices):
        FORM = "form", _("In the sign-up form")
        EMAIL_TO_STAFF = "email_to_staff", _("By e-mail to staff")

    class MailState(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Public identifier for signed cancel links; never the sequential primary key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    email_normalised = models.CharField(max_length=254, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("organisation type"), max_length=30, choices=OrganisationType.choices
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    role = models.CharField(_("role"), max_length=200, blank=True)
    needs = models.TextField(_("access or dietary needs"), blank=True)
    consent = models.BooleanField(_("consent to the privacy notice"), default=False)
    # Someone who asks staff by e-mail to be signed up gives their consent there;
    # the member of staff who added them records it, and when (services).
    consent_given = models.CharField(
        _("consent given"), max_length=20, choices=ConsentGiven.choices, default=ConsentGiven.FORM
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    promoted_at = models.DateTimeField(_("moved from waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    mail_state = models.CharField(
        _("e-mail delivery"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    mail_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)
    mail_sent_at = models.DateTimeField(_("last e-mail sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        # Participant lists hold personal data; seeing an event is not enough to export them.
        # Moving someone past the capacity and erasing a person are decisions of their
        # own, given apart from the change permission (docs/roles.md).
        permissions = [
            ("export_registration", _("Can export participant lists")),
            (
                "override_capacity_registration",
                _("Can move people from the waiting list past the capacity"),
            ),
            ("erase_registration", _("Can erase the personal data of registrations")),
        ]
        constraints = [
            # One active registration per person and event; a cancelled one may be
            # followed by a new sign-up, and anonymised rows have no address left.
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_unique_active_email",
                violation_error_message=_("This e-mail address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(consent=True) | Q(anonymised_at__isnull=False),
                name="registration_has_consent",
            ),
        ]
        indexes = [
            # The sign-up lock counts and the waiting list order by these.
            models.Index(fields=["event", "status", "created_at"], name="registration_evt_status"),
            models.Index(fields=["organisation_type"], name="registration_org_type_idx"),
            models.Index(fields=["status"], name="registration_status_idx"),
            models.Index(fields=["mail_state"], name="registration_mail_state_idx"),
        ]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        self.email_normalised = normalise_email(self.email)

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED


class Invitation(models.Model):
    """Who was invited to a series, and when: nobody is invited twice."""

    series = models.ForeignKey(
        EventSeries,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("series"),
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    mail_state = models.CharField(
        _("e-mail delivery"),
        max_length=10,
        choices=Registration.MailState.choices,
        default=Registration.MailState.PENDING,
    )
    mail_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        permissions = [("send_invitation", _("Can send invitations to a series"))]
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "email"], name="invitation_unique_email")
        ]

    def __str__(self):
        return f"{self.email} – {self.series}"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)
