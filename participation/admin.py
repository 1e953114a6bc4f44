"""Staff screens in Django's admin: events with their counts, registrations, invitations.

Every action and custom view declares the permission it needs (docs/roles.md), and
every export, mailing, erasure and change to registrations writes one row to the
audit trail (core.audit) plus Django's LogEntry for each registration it touched.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.audit import Action, AuditedDeleteMixin, audit_record
from core.exports import (
    CSV_DELIMITERS,
    csv_response,
    export_filename,
    rows_in_language,
    xlsx_response,
)
from participation import selectors, services
from participation.exceptions import RegistrationError
from participation.exports import participant_header, participant_rows
from participation.forms import CheckInForm, InvitationForm, StaffRegistrationForm
from participation.models import Event, EventSeries, Invitation, Registration
from participation.selectors import registration_list_for_export
from surveys.selectors import seminar_invitation_contacts


def _export(request, name: str, events, fmt: str):
    events = list(events)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        what="participant list",
        subject=", ".join(e.slug for e in events),
        file_format=fmt,
        row_count=registration_list_for_export(events=events).count(),
    )
    # Headings and values in the staff member's admin language, also while streaming.
    header = participant_header()
    rows = rows_in_language(participant_rows(events=events), translation.get_language())
    variant = "participants-semicolon" if fmt == "semicolon" else "participants"
    if fmt == "xlsx":
        # A short sheet name (Excel allows 31 characters); the events are in the file
        # name and in the first column.
        filename = export_filename(name, variant, "xlsx")
        return xlsx_response(filename, [(gettext("Participants"), header, rows)])
    filename = export_filename(name, variant, "csv")
    return csv_response(filename, header, rows, delimiter=CSV_DELIMITERS[fmt])


def _export_actions(events_of):
    """Admin actions exporting the participants of the selected events or series."""

    def make(fmt, label):
        def action(modeladmin, request, queryset):
            # The file is named after the selected events or series (the first three).
            name = slugify("-".join(str(o.slug) for o in queryset[:3]))[:60]
            return _export(request, name, events_of(queryset), fmt)

        action.__name__ = f"export_{fmt}"
        return admin.action(description=label, permissions=["export"])(action)

    return [
        make("comma", _("Export participants (CSV, comma)")),
        make("semicolon", _("Export participants (CSV, semicolon)")),
        make("xlsx", _("Export participants (Excel)")),
    ]


class ParticipantExportMixin:
    """Offers the export actions only to staff who may see and export registrations."""

    def has_export_permission(self, request):
        user = request.user
        return user.has_perm("participation.view_registration") and user.has_perm(
            "participation.export_registration"
        )


class EventInline(admin.TabularInline):
    model = Event
    fields = ["title", "starts_at", "place", "capacity"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventSeries)
class EventSeriesAdmin(ParticipantExportMixin, admin.ModelAdmin):
    list_display = ["title", "language", "project_page", "invite_link"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventInline]
    actions = _export_actions(lambda qs: Event.objects.filter(series__in=qs))
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "description", "language", "project_page"]},
        ),
        (_("Contact"), {"fields": ["contact_email"]}),
        (
            _("Sender of the e-mails"),
            {
                "fields": ["sender_name", "sender_email", "reply_to_email"],
                "description": _("Used for all the series' events unless an event sets its own."),
            },
        ),
    ]

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if not self.has_invite_permission(request):
            fields = [f for f in fields if f != "invite_link"]
        return fields

    @admin.display(description=_("Invitations"))
    def invite_link(self, obj):
        url = reverse("admin:participation_eventseries_invite", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Send invitations"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="participation_eventseries_invite",
            ),
            *super().get_urls(),
        ]

    def has_invite_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(
            "participation.send_invitation"
        )

    def invite_view(self, request, pk):
        if not self.has_invite_permission(request):
            raise PermissionDenied
        series = get_object_or_404(EventSeries, pk=pk)
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            contacts = []
            if form.cleaned_data["include_survey_contacts"]:
                contacts.extend(seminar_invitation_contacts())
            contacts.extend({"email": address} for address in form.cleaned_data["addresses"])
            with transaction.atomic():
                result = services.invitations_send(
                    series=series, contacts=contacts, invited_by=request.user
                )
                audit_record(
                    user=request.user,
                    action=Action.MAIL,
                    what="series invitations",
                    subject=series.slug,
                    row_count=len(result.invited),
                    objects=[series],
                    change_message=f"Invited {len(result.invited)}",
                )
            self.message_user(
                request,
                _("%(sent)d invited; %(skipped)d skipped because they were already invited.")
                % {"sent": len(result.invited), "skipped": len(result.skipped)},
                messages.SUCCESS,
            )
            return redirect(
                reverse("admin:participation_invitation_changelist") + f"?series__id__exact={pk}"
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send invitations: %(series)s") % {"series": series.title},
            "series": series,
            "form": form,
            "already_invited": series.invitations.count(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/participation/invite.html", context)


@admin.register(Event)
class EventAdmin(ParticipantExportMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "series",
        "starts_at",
        "language",
        "capacity",
        "confirmed",
        "waiting",
        "cancelled",
        "seats",
        "is_published",
    ]
    list_filter = ["series", "kind", "language", "is_published"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series"]
    actions = _export_actions(lambda qs: qs)
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "project_page", "kind", "description"]}),
        (
            _("Time and place"),
            {"fields": ["time_zone", "starts_at", "ends_at", "place", "meeting_url"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "language",
                    "capacity",
                    "waiting_list",
                    "registration_opens_at",
                    "registration_closes_at",
                    "is_published",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_email"]}),
        (
            _("Sender of the e-mails"),
            {
                "fields": ["sender_name", "sender_email", "reply_to_email"],
                "description": _("Blank fields take the series' sender, else the site's."),
            },
        ),
    ]

    def get_queryset(self, request):
        return selectors.event_list_with_counts()

    # --- Adding a participant by hand, and the check-in list ---------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/add-participant/",
                self.admin_site.admin_view(self.add_participant_view),
                name="participation_event_add_participant",
            ),
            path(
                "<int:pk>/check-in/",
                self.admin_site.admin_view(self.checkin_view),
                name="participation_event_checkin",
            ),
            *super().get_urls(),
        ]

    def has_add_participant_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(
            "participation.add_registration"
        )

    def has_checkin_permission(self, request):
        # Marking who came is a change to their registration (docs/roles.md).
        user = request.user
        return user.has_perm("participation.view_registration") and user.has_perm(
            "participation.change_registration"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if str(object_id).isdigit():
            if self.has_add_participant_permission(request):
                extra_context["add_participant_url"] = reverse(
                    "admin:participation_event_add_participant", args=[object_id]
                )
            if self.has_checkin_permission(request):
                extra_context["checkin_url"] = reverse(
                    "admin:participation_event_checkin", args=[object_id]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _event_context(self, request, event, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "event": event,
            "opts": self.model._meta,
        }

    def add_participant_view(self, request, pk):
        """Sign up someone who asked by e-mail, through the public form's rules."""
        if not self.has_add_participant_permission(request):
            raise PermissionDenied
        event = get_object_or_404(self.get_queryset(request), pk=pk)
        form = StaffRegistrationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    result = services.registration_create_by_staff(
                        event=event,
                        recorded_by=request.user,
                        name=data["name"],
                        email=data["email"],
                        organisation=data["organisation"],
                        organisation_type=data["organisation_type"],
                        municipality=data["municipality"],
                        role=data["role"],
                        needs=data["needs"],
                    )
                    self._audit_participant_added(request, event, result)
            except RegistrationError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if result.outcome != services.ALREADY_REGISTERED:
                    self._say_participant_added(request, result)
                    if not request.user.has_perm("participation.view_registration"):
                        return redirect("admin:participation_event_change", event.pk)
                    changelist = reverse("admin:participation_registration_changelist")
                    return redirect(f"{changelist}?event__id__exact={event.pk}")
                # The public form's answer: nothing new, the confirmation sent again.
                form.add_error(
                    "email",
                    _(
                        "This e-mail address is already registered for the event. "
                        "We have sent the confirmation to it again."
                    ),
                )
        context = {
            **self._event_context(
                request, event, _("Add participant: %(event)s") % {"event": event.title}
            ),
            "form": form,
        }
        return TemplateResponse(request, "admin/participation/event/add_participant.html", context)

    def _audit_participant_added(self, request, event, result):
        if result.outcome == services.ALREADY_REGISTERED:
            audit_record(
                user=request.user,
                action=Action.MAIL,
                what="confirmation e-mails",
                subject=event.slug,
                row_count=1,
                note="already registered; added by staff",
                objects=[result.registration],
            )
            return
        audit_record(
            user=request.user,
            action=Action.CHANGE,
            what="registration added by staff",
            subject=event.slug,
            row_count=1,
            note=f"{result.outcome}; consent given by e-mail to staff",
            objects=[result.registration],
        )

    def _say_participant_added(self, request, result):
        values = {"name": result.registration.name, "email": result.registration.email}
        if result.outcome == services.WAITING:
            self.message_user(
                request,
                _(
                    "The event is full: %(name)s is on the waiting list. The e-mail to "
                    "%(email)s says so; they move up when a seat becomes free."
                )
                % values,
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                _(
                    "%(name)s is registered. The confirmation, with the calendar file and "
                    "the cancel link, goes to %(email)s."
                )
                % values,
                messages.SUCCESS,
            )

    def checkin_view(self, request, pk):
        """The door list: confirmed participants, printable, and a tap to check in."""
        if not self.has_checkin_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        url = reverse("admin:participation_event_checkin", args=[event.pk])
        query = request.GET.get("q", "").strip()[:100]
        back = f"{url}?{urlencode({'q': query})}" if query else url
        if request.method == "POST":
            return self._checkin(request, event, back)
        participants = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, anonymised_at__isnull=True
        ).order_by("name", "pk")
        if query:
            participants = participants.filter(name__icontains=query)
        participants = list(participants)
        # Seeing (or printing) a list of names is access to personal data, as an export.
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            what="check-in list",
            subject=event.slug,
            row_count=len(participants),
            file_format="html",
            note=f"search: {query}" if query else "",
        )
        started = event.starts_at <= timezone.now()
        context = {
            **self._event_context(
                request, event, _("Check-in list: %(event)s") % {"event": event.title}
            ),
            "participants": participants,
            "checked_in": sum(p.attended for p in participants),
            "query": query,
            "started": started,
            "checkin_url": url,
        }
        return TemplateResponse(request, "admin/participation/event/checkin.html", context)

    def _checkin(self, request, event, back):
        form = CheckInForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Nobody was chosen."), messages.ERROR)
            return redirect(back)
        registration = get_object_or_404(
            Registration.objects.select_related("event"),
            pk=form.cleaned_data["registration"],
            event=event,
            status=Registration.Status.CONFIRMED,
            anonymised_at__isnull=True,
        )
        attended = form.cleaned_data["attended"]
        try:
            with transaction.atomic():
                services.registration_mark_attended(registrations=[registration], attended=attended)
                audit_record(
                    user=request.user,
                    action=Action.CHANGE,
                    what="attendance: attended" if attended else "attendance: not attended",
                    subject=event.slug,
                    row_count=1,
                    note="check-in list",
                    objects=[registration],
                )
        except RegistrationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(back)
        if attended:
            message = _("%(name)s is checked in.")
        else:
            message = _("%(name)s is no longer checked in.")
        self.message_user(request, message % {"name": registration.name}, messages.SUCCESS)
        return redirect(f"{back}#p-{registration.pk}")

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("cancelled"), ordering="cancelled_count")
    def cancelled(self, obj):
        return obj.cancelled_count

    @admin.display(description=_("seats left"))
    def seats(self, obj):
        return "∞" if obj.capacity is None else obj.seats_left

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats: the waiting list moves up at once, as after a cancellation.
            promoted = services.event_fill_free_seats(event=obj)
            if promoted:
                audit_record(
                    user=request.user,
                    action=Action.PROMOTE,
                    what="waiting list",
                    subject=obj.slug,
                    row_count=len(promoted),
                    note="more seats",
                    objects=promoted,
                )
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d person moved from the waiting list.",
                        "%(n)d people moved from the waiting list.",
                        len(promoted),
                    )
                    % {"n": len(promoted)},
                )


@admin.register(Registration)
class RegistrationAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    audit_what = "registrations"
    list_display = [
        "name",
        "email",
        "organisation",
        "organisation_type",
        "event",
        "status",
        "attended",
        "mail_state",
        "created_at",
    ]
    list_filter = ["status", "organisation_type", "attended", "mail_state", "event"]
    search_fields = ["name", "email", "organisation", "municipality"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "status",
        "consent",
        "consent_given",
        "consent_recorded_by",
        "consent_recorded_at",
        "created_at",
        "updated_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
        "mail_state",
        "mail_error",
        "mail_sent_at",
    ]
    fields = [
        "event",
        "status",
        "name",
        "email",
        "organisation",
        "organisation_type",
        "municipality",
        "role",
        "needs",
        "attended",
        *readonly_fields[2:],
    ]
    actions = [
        "mark_attended",
        "mark_not_attended",
        "promote",
        "promote_past_capacity",
        "resend",
        "cancel",
        "erase",
    ]

    def has_add_permission(self, request):
        # Sign-ups go through the service (seats, duplicates): the public form, or
        # staff's "Add participant" on the event (EventAdmin.add_participant_view).
        return False

    def has_erase_permission(self, request):
        return request.user.has_perm("participation.erase_registration")

    def has_override_capacity_permission(self, request):
        return self.has_change_permission(request) and request.user.has_perm(
            "participation.override_capacity_registration"
        )

    def _audit(self, request, action, what, registrations, note=""):
        audit_record(
            user=request.user,
            action=action,
            what=what,
            subject=", ".join(sorted({r.event.slug for r in registrations})),
            row_count=len(registrations),
            note=note,
            objects=registrations,
        )

    def _attendance(self, request, queryset, attended):
        """The number marked, or None (and a message) when refused before the start."""
        registrations = list(queryset.select_related("event"))
        try:
            n = services.registration_mark_attended(registrations=registrations, attended=attended)
        except RegistrationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        self._audit(
            request,
            Action.CHANGE,
            "attendance: attended" if attended else "attendance: not attended",
            registrations,
        )
        return n

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        n = self._attendance(request, queryset, True)
        if n is not None:
            self.message_user(request, _("%(n)d marked as attended.") % {"n": n})

    @admin.action(description=_("Mark as not attended"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        n = self._attendance(request, queryset, False)
        if n is not None:
            self.message_user(request, _("%(n)d marked as not attended.") % {"n": n})

    def _promote(self, request, queryset, *, override):
        promoted = []
        for registration in queryset.select_related("event"):
            try:
                if services.registration_promote(registration=registration, override=override):
                    promoted.append(registration)
            except services.RegistrationError as error:
                self.message_user(request, f"{registration}: {error}", messages.WARNING)
        self._audit(
            request,
            Action.PROMOTE,
            "waiting list",
            promoted,
            note="past the capacity (override)" if override else "",
        )
        self.message_user(request, _("%(n)d moved from the waiting list.") % {"n": len(promoted)})

    @admin.action(
        description=_("Move from waiting list to confirmed (free seats only)"),
        permissions=["change"],
    )
    def promote(self, request, queryset):
        self._promote(request, queryset, override=False)

    @admin.action(
        description=_("Move from waiting list to confirmed, even past the capacity"),
        permissions=["override_capacity"],
    )
    def promote_past_capacity(self, request, queryset):
        self._promote(request, queryset, override=True)

    @admin.action(description=_("Re-send confirmation e-mail"), permissions=["change"])
    def resend(self, request, queryset):
        registrations = list(queryset.select_related("event"))
        for registration in registrations:
            services.registration_resend(registration=registration)
        self._audit(request, Action.MAIL, "confirmation e-mails", registrations)
        self.message_user(request, _("E-mails queued; see the e-mail delivery column."))

    @admin.action(description=_("Cancel (frees the seat)"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = []
        for registration in queryset.select_related("event"):
            try:
                if services.registration_cancel(registration=registration):
                    cancelled.append(registration)
            except services.RegistrationError as error:
                self.message_user(request, f"{registration}: {error}", messages.WARNING)
        self._audit(request, Action.CANCEL, "registrations", cancelled)
        self.message_user(request, _("%(n)d cancelled.") % {"n": len(cancelled)})

    @admin.action(description=_("Erase personal data (on request)"), permissions=["erase"])
    def erase(self, request, queryset):
        registrations = list(queryset.select_related("event"))
        for registration in registrations:
            services.registration_erase(registration=registration)
        # The audit row names the events, not the people: they asked to be forgotten.
        audit_record(
            user=request.user,
            action=Action.ERASE,
            what="registrations",
            subject=", ".join(sorted({r.event.slug for r in registrations})),
            row_count=len(registrations),
            # Read again after the erasure, so the log entries name nobody.
            objects=Registration.objects.filter(
                pk__in=[r.pk for r in registrations]
            ).select_related("event"),
        )
        self.message_user(request, _("%(n)d erased.") % {"n": len(registrations)})


@admin.register(Invitation)
class InvitationAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    audit_what = "series invitations"
    list_display = [
        "email",
        "name",
        "organisation",
        "series",
        "invited_at",
        "invited_by",
        "mail_state",
    ]
    list_filter = ["series", "mail_state"]
    search_fields = ["email", "name", "organisation"]
    list_select_related = ["series", "invited_by"]
    readonly_fields = [
        "series",
        "email",
        "name",
        "organisation",
        "invited_at",
        "invited_by",
        "mail_state",
        "mail_error",
    ]

    def has_add_permission(self, request):
        return False
