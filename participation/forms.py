from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.abuse import HoneypotMixin
from core.hostile_input import CleanTextMixin
from participation.models import Registration

NEEDS_MAX_LENGTH = 2000


class RegistrationForm(CleanTextMixin, HoneypotMixin, forms.ModelForm):
    """The shape of a sign-up; the rules (seats, deadline, duplicates) are in services.

    A filled-in honeypot (a field only bots see) makes the form invalid with a
    general error: nothing is stored and nothing is sent.
    """

    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("You must accept the privacy notice to sign up.")},
    )

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "organisation",
            "organisation_type",
            "municipality",
            "role",
            "needs",
            "consent",
        ]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3, "maxlength": NEEDS_MAX_LENGTH})}
        labels = {
            "name": _("Your name"),
            "email": _("E-mail"),
            "needs": _("Access or dietary needs (optional)"),
            "role": _("Your role or position (optional)"),
        }

    def __init__(self, *args, waiting_list: bool = False, **kwargs):
        """`waiting_list`: the event is full, so signing up means joining its waiting list."""
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        # The one unbounded column of a sign-up is bounded here, at the form.
        self.fields["needs"].validators.append(MaxLengthValidator(NEEDS_MAX_LENGTH))
        self.fields["organisation_type"].choices = [
            ("", _("Choose…")),
            *Registration.OrganisationType.choices,
        ]
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I agree that my details are stored as described in the"),
            # The form is built inside the event's language; the notice opens in it too.
            f"{reverse('participation:privacy')}?lang={translation.get_language()}",
            _("privacy notice"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        # The server's messages, in the event's language, beat the browser's own bubbles.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(
            Submit("submit", _("Join the waiting list") if waiting_list else _("Sign up"))
        )

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class StaffRegistrationForm(CleanTextMixin, forms.ModelForm):
    """Staff sign someone up who asked by e-mail: the public form's fields, and the
    consent they gave in their e-mail instead of the tick box. The rules are in services."""

    consent_by_email = forms.BooleanField(
        label=_(
            "The participant has agreed by e-mail that their details are stored as "
            "described in the privacy notice"
        ),
        required=True,
        error_messages={
            "required": _("Only with the participant's consent, given by e-mail to staff.")
        },
    )

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "organisation",
            "organisation_type",
            "municipality",
            "role",
            "needs",
        ]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3, "maxlength": NEEDS_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].validators.append(MaxLengthValidator(NEEDS_MAX_LENGTH))
        self.fields["organisation_type"].choices = [
            ("", _("Choose…")),
            *Registration.OrganisationType.choices,
        ]

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class CheckInForm(forms.Form):
    """One tap on the check-in list: whom, and whether they came."""

    registration = forms.IntegerField(min_value=1)
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class CancelForm(forms.Form):
    """Only a button: the cancellation happens on POST, never on the GET a mail
    scanner makes when it follows the link."""


class InvitationForm(forms.Form):
    include_survey_contacts = forms.BooleanField(
        label=_("Invite the survey's contacts (municipalities that took part)"),
        required=False,
        initial=True,
    )
    addresses = forms.CharField(
        label=_("More addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One e-mail address per line (or separated by commas)."),
    )

    def clean_addresses(self):
        raw = self.cleaned_data["addresses"].replace(",", "\n").replace(";", "\n")
        addresses = [line.strip() for line in raw.splitlines() if line.strip()]
        validator = forms.EmailField()
        bad = []
        for address in addresses:
            try:
                validator.clean(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError(
                _("Not valid e-mail addresses: %(list)s"), params={"list": ", ".join(bad)}
            )
        return addresses

    def clean(self):
        data = super().clean()
        if not data.get("include_survey_contacts") and not data.get("addresses"):
            raise forms.ValidationError(_("Choose the survey contacts or paste some addresses."))
        return data
