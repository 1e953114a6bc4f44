"""Forms for answering a survey, one step (section) at a time.

Multi-step state travels in one signed hidden field (`django.core.signing`), not in
a session: nothing about the respondent is stored on the server until the last
step is submitted, no cookie is needed, and it works without JavaScript.
"""

import secrets
import uuid
from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Fieldset, Layout
from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from core.abuse import HoneypotMixin
from core.hostile_input import CleanTextMixin
from surveys.models import ANSWER_NUMBER_MAX, ANSWER_NUMBER_MIN, Question, SeminarContact

OTHER = "other"
STATE_SALT = "surveys.form-state"
THANKS_SALT = "surveys.thanks"
# A half-finished form may wait this long (seconds) before it must be started again.
STATE_MAX_AGE = 7 * 24 * 3600


def state_dump(state: dict) -> str:
    return signing.dumps(state, salt=STATE_SALT, compress=True)


def state_load(value: str) -> dict | None:
    try:
        return signing.loads(value, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return None


def state_new(*, language: str, code: str = "") -> dict:
    return {"token": str(uuid.uuid4()), "lang": language, "code": code, "step": 0, "data": {}}


def _template_safe(text: str) -> str:
    """Escape staff text for crispy's Fieldset legend and HTML(), which render it as a template."""
    return conditional_escape(text).replace("{", "&#123;").replace("%", "&#37;")


class SurveyStepForm(CleanTextMixin, HoneypotMixin, forms.Form):
    """The questions of one step; field names are q<id>, q<id>_other and q<id>_i<item id>.

    Every step carries the honeypot (HoneypotMixin), so a bot is stopped at the
    first step it fills in; its value never goes into the signed form state.
    """

    def __init__(self, *args, questions, language, **kwargs):
        self.questions = list(questions)
        self.language = language
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = []
        for question in self.questions:
            layout.append(self._add_question(question))
        # The honeypot (added by the mixin) is not a question: it goes last.
        layout.append(self.honeypot_field_name)
        self.helper.layout = Layout(*layout)

    @property
    def answer_field_names(self) -> list[str]:
        return [name for name in self.fields if name != self.honeypot_field_name]

    def _add_question(self, q: Question):
        lang = self.language
        label = q.text_in("text", lang)
        help_text = q.text_in("help", lang)
        name = f"q{q.pk}"
        t = Question.Type
        if q.type in (t.SINGLE, t.MULTIPLE):
            choices = [(str(o.pk), o.text_in("label", lang)) for o in q.options.all()]
            if q.allow_other:
                choices.append((OTHER, _("Other, please state")))
            if q.type == t.SINGLE:
                field = forms.ChoiceField(widget=forms.RadioSelect, choices=choices)
            else:
                field = forms.MultipleChoiceField(
                    widget=forms.CheckboxSelectMultiple, choices=choices
                )
            self._set(name, field, q, label, help_text)
            if q.allow_other:
                self.fields[f"{name}_other"] = forms.CharField(
                    required=False, max_length=500, label=_("If other, please state")
                )
                return Layout(name, Field(f"{name}_other", wrapper_class="survey-other"))
            return Layout(name)
        if q.type == t.LIKERT:
            self._set(name, self._scale_field(q), q, label, help_text)
            return Layout(name)
        if q.type == t.MATRIX:
            # One fieldset per item inside the question's fieldset: every radio
            # button has a label and every group a legend, for screen readers too.
            names = []
            for item in q.options.all():
                item_name = f"{name}_i{item.pk}"
                self._set(item_name, self._scale_field(q), q, item.text_in("label", lang), "")
                names.append(item_name)
            intro = format_html('<p class="form-text">{}</p>', help_text) if help_text else ""
            return Fieldset(
                _template_safe(label),
                HTML(_template_safe(intro)),
                *names,
                css_class="survey-matrix",
            )
        if q.type == t.YES_NO:
            field = forms.TypedChoiceField(
                widget=forms.RadioSelect,
                choices=[("1", _("Yes")), ("0", _("No"))],
                coerce=int,
            )
            self._set(name, field, q, label, help_text)
            return Layout(name)
        if q.type == t.NUMBER:
            # The question's own bounds, within what the answer's column can hold:
            # a larger number is a message next to the field, never a lost response.
            low = ANSWER_NUMBER_MIN if q.min_value is None else max(q.min_value, ANSWER_NUMBER_MIN)
            high = ANSWER_NUMBER_MAX if q.max_value is None else min(q.max_value, ANSWER_NUMBER_MAX)
            field = forms.IntegerField(min_value=low, max_value=high)
            self._set(name, field, q, label, help_text)
            return Layout(Field(name, css_class="survey-number"))
        if q.type == t.SHORT_TEXT:
            self._set(name, forms.CharField(max_length=255), q, label, help_text)
            return Layout(name)
        field = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
        self._set(name, field, q, label, help_text)
        return Layout(name)

    def _scale_field(self, q: Question):
        lang = self.language
        low, high = q.text_in("low_label", lang), q.text_in("high_label", lang)
        choices = []
        for value in range(q.scale_min, q.scale_max + 1):
            text = str(value)
            if value == q.scale_min and low:
                text = f"{value} – {low}"
            elif value == q.scale_max and high:
                text = f"{value} – {high}"
            choices.append((str(value), text))
        return forms.TypedChoiceField(widget=forms.RadioSelect, choices=choices, coerce=int)

    def _set(self, name, field, q, label, help_text):
        field.label = label
        # Crispy renders help text unescaped; staff type plain text here, so it is
        # shown as text, never as markup.
        field.help_text = conditional_escape(help_text)
        field.required = q.required
        self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            if not q.allow_other or q.type not in Question.CHOICE_TYPES:
                continue
            chosen = cleaned.get(f"q{q.pk}") or []
            chosen = [chosen] if isinstance(chosen, str) else chosen
            other = (cleaned.get(f"q{q.pk}_other") or "").strip()
            if OTHER in chosen and not other:
                self.add_error(f"q{q.pk}_other", _("Please state what “other” is."))
            if other and OTHER not in chosen:
                self.add_error(f"q{q.pk}", _("Choose “Other” too, or remove the text."))
        return cleaned

    def answer_values(self) -> dict:
        """Cleaned values by question id, in the shape services.response_submit expects."""
        values = {}
        data = self.cleaned_data
        t = Question.Type
        for q in self.questions:
            name = f"q{q.pk}"
            if q.type == t.SINGLE:
                chosen = data.get(name) or ""
                values[q.pk] = {
                    "option": chosen if chosen and chosen != OTHER else None,
                    "other": (data.get(f"{name}_other") or "").strip(),
                }
            elif q.type == t.MULTIPLE:
                chosen = data.get(name) or []
                values[q.pk] = {
                    "options": [c for c in chosen if c != OTHER],
                    "other": (data.get(f"{name}_other") or "").strip(),
                }
            elif q.type == t.MATRIX:
                values[q.pk] = {
                    item.pk: data.get(f"{name}_i{item.pk}")
                    for item in q.options.all()
                    if data.get(f"{name}_i{item.pk}") not in (None, "")
                }
            elif q.type in (t.LIKERT, t.YES_NO, t.NUMBER):
                value = data.get(name)
                values[q.pk] = None if value in (None, "") else int(value)
            else:
                values[q.pk] = (data.get(name) or "").strip()
        return values


class InvitationCodeForm(CleanTextMixin, forms.Form):
    code = forms.CharField(max_length=20, label=_("Your invitation code"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SeminarContactForm(CleanTextMixin, HoneypotMixin, forms.ModelForm):
    thanks_key = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = SeminarContact
        fields = ["name", "email", "organisation"]
        labels = {
            "name": _("Name"),
            "email": _("E-mail"),
            "organisation": _("Organisation"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_thanks_key(self):
        # The form is offered only to someone who has just submitted a response; the
        # signed key proves that without pointing at the response.
        if not thanks_key_valid(self.cleaned_data["thanks_key"]):
            raise forms.ValidationError(
                _("This form has expired. Thank you for answering the survey.")
            )
        return self.cleaned_data["thanks_key"]


def thanks_key_new(slug: str) -> str:
    """Proves "answered this survey today", and nothing more.

    No time: the thank-you address is in the browser's history and perhaps in a
    proxy's log, and a submission second would match the response's place in the
    table. So a plain Signer (django.core.signing.dumps would add a timestamp),
    the day, and a random nonce.
    """
    payload = {"s": slug, "d": timezone.localdate().isoformat(), "n": secrets.token_hex(4)}
    return signing.Signer(salt=THANKS_SALT).sign_object(payload)


def thanks_key_valid(key: str) -> bool:
    """Signed by us, and from today or yesterday (answers given just before midnight)."""
    try:
        payload = signing.Signer(salt=THANKS_SALT).unsign_object(key)
    except signing.BadSignature:
        return False
    today = timezone.localdate()
    return payload.get("d") in {today.isoformat(), (today - timedelta(days=1)).isoformat()}
