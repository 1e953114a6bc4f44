"""Two-factor sign-in for staff (django-otp), in the Django admin and the Wagtail admin.

With TWO_FACTOR_REQUIRED on (always in production settings), signing in to either
admin takes the password and a code from an authenticator app (TOTP) or a one-time
recovery code, and a session that was not verified that way (one from before the
switch, say) opens neither admin. Staff register an authenticator in the Django
admin (Django OTP → TOTP devices: the QR code is on the device's page); the first
account gets a recovery code with `manage.py addstatictoken <username>`
(docs/deployment.md). Off by default in dev and test settings, so `make run` and the
browser tests sign in with a password alone.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.localization import get_localized_response

OTP_ERROR_MESSAGES = {
    **OTPAuthenticationFormMixin.otp_error_messages,
    "token_required": _("Enter the code from your authenticator app."),
    "invalid_token": _("That code is not valid. Check it and try again."),
    "device_required": _("Choose the authenticator you took the code from."),
    "n_failed_attempts": ngettext_lazy(
        "Sign-in with a code is paused after %(failure_count)d failed attempt. "
        "Try again in a moment.",
        "Sign-in with a code is paused after %(failure_count)d failed attempts. "
        "Try again in a moment.",
        "failure_count",
    ),
    "verification_not_allowed": _("Sign-in with a code is paused. Try again in a moment."),
}


def two_factor_required() -> bool:
    return settings.TWO_FACTOR_REQUIRED


class TwoFactorFieldsMixin:
    """The code field, labelled for people; the authenticator is chosen for them
    when they have only one."""

    otp_error_messages = OTP_ERROR_MESSAGES

    def _setup_otp_fields(self):
        self.fields["otp_token"] = forms.CharField(
            label=_("Code from your authenticator app"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )
        self.fields["otp_device"] = forms.CharField(
            label=_("Authenticator"), required=False, widget=forms.HiddenInput
        )
        self.fields.pop("otp_challenge", None)  # no device here sends challenges

    def _choose_device(self, user):
        devices = list(devices_for_user(user))
        if not self.cleaned_data.get("otp_device") and len(devices) == 1:
            self.cleaned_data["otp_device"] = devices[0].persistent_id
        if len(devices) > 1:
            self.fields["otp_device"].widget = forms.Select()

    def _clean_two_factor(self):
        user = self.get_user()
        if user is not None:
            self._choose_device(user)
            self.clean_otp(user)


class StaffAdminLoginForm(TwoFactorFieldsMixin, OTPAdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_otp_fields()

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        self._clean_two_factor()
        return self.cleaned_data


class StaffAdminSite(OTPAdminSite):
    """Django's admin, verified by a second factor when TWO_FACTOR_REQUIRED is on.

    Each signed-in page speaks the staff member's own admin language and time zone,
    the ones chosen in the Wagtail admin (Account, Preferences), so both admins and
    every export's headings use one language per person (docs/exports.md). Without
    a choice it is the site's language (LANGUAGE_CODE), as before.
    """

    def __init__(self, name="admin"):
        super().__init__(name)

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def in_staff_language(request, *args, **kwargs):
            return get_localized_response(checked, request, *args, **kwargs)

        return in_staff_language

    @property
    def login_form(self):
        return StaffAdminLoginForm if two_factor_required() else None

    @property
    def login_template(self):
        return "admin/two_factor_login.html" if two_factor_required() else None

    def has_permission(self, request):
        if two_factor_required():
            return super().has_permission(request)
        return admin.AdminSite.has_permission(self, request)


class WagtailTwoFactorLoginForm(TwoFactorFieldsMixin, OTPAuthenticationFormMixin, WagtailLoginForm):
    """Wagtail's sign-in form with the code field (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if two_factor_required():
            self._setup_otp_fields()

    @property
    def extra_fields(self):
        # The authenticator choice is shown only to people with more than one; a
        # hidden field would get a label with nothing to fill in.
        for name, field in super().extra_fields:
            if not field.is_hidden:
                yield name, field

    def clean(self):
        cleaned_data = super().clean()
        if two_factor_required():
            self._clean_two_factor()
        return cleaned_data


WAGTAIL_OPEN_PATHS = ("login/", "logout/", "password_reset/", "jsi18n/")


class WagtailAdminTwoFactorMiddleware:
    """A session not verified by a second factor does not open the Wagtail admin.

    The Wagtail sign-in form asks for the code itself; this catches sessions that
    were signed in some other way (before two-factor was switched on, say).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = "/admin/"
        if (
            two_factor_required()
            and request.path.startswith(prefix)
            and not request.path[len(prefix) :].startswith(WAGTAIL_OPEN_PATHS)
            and request.user.is_authenticated
            and not request.user.is_verified()
        ):
            logout(request)
            return redirect_to_login(request.get_full_path(), login_url="wagtailadmin_login")
        return self.get_response(request)
