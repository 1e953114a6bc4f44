"""Staff build surveys, read results, export, and manage invitation codes here.

A survey is locked once answered (the rule is `surveys.services.survey_is_locked`
and its neighbours; the forms here only ask it). Every action and custom view
checks a permission before it does anything (docs/roles.md), and every export,
mailing and erasure writes one row to the audit trail (core.audit).
"""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import Action, AuditedDeleteMixin, audit_record
from core.exports import (
    FILE_FORMATS,
    STATISTICS_FORMATS,
    csv_response,
    export_filename,
    export_format_bad_request,
    statistics_response,
    xlsx_response,
)
from core.urls import absolute_url
from surveys import recipients, selectors, services
from surveys.exports import (
    survey_codebook,
    survey_export_columns,
    survey_export_header,
    survey_export_language,
    survey_export_rows,
    survey_labels_header,
    survey_labels_rows,
    survey_statistics_variables,
)
from surveys.models import (
    LANGUAGE_CODES,
    InvitationCode,
    Option,
    Question,
    Section,
    SeminarContact,
    Survey,
)

EXPORT_PERMISSION = "surveys.export_responses"
CODES_EXPORT_PERMISSION = "surveys.export_invitationcode"
CONTACTS_EXPORT_PERMISSION = "surveys.export_seminarcontact"
LOCKED_QUESTION_FIELDS = list(services.LOCKED_QUESTION_FIELDS)
LOCK_REASON = services.SURVEY_LOCK_REASON


def _lang_fields(name):
    return [f"{name}_{code}" for code in LANGUAGE_CODES]


def _has_responses(survey) -> bool:
    return services.survey_is_locked(survey=survey)


def _survey_of(obj) -> Survey | None:
    """The survey an inline's parent object belongs to (nested inlines get a section
    or a question as their parent; a new one may not have it yet)."""
    if isinstance(obj, Survey):
        return obj
    if isinstance(obj, Section):
        return obj.survey if obj.survey_id else None
    if isinstance(obj, Question):
        if obj.survey_id:
            return obj.survey
        return _survey_of(obj.section) if obj.section_id else None
    return None


def _advanced(*fields):
    """The technical fields, folded away after what editors need."""
    return (
        _("Advanced"),
        {
            "classes": ["collapse"],
            "fields": list(fields),
            "description": _(
                "Column names, order numbers and scale bounds. Filled in automatically; "
                "change them only when you know why."
            ),
        },
    )


class LockedQuestionFormSet(nested_admin.NestedInlineFormSet):
    def clean(self):
        super().clean()
        survey = _survey_of(self.instance)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            try:
                services.question_change_check(
                    survey=survey,
                    is_new=form.instance.pk is None,
                    required=bool(form.cleaned_data.get("required")),
                    changed_fields=form.changed_data,
                )
            except services.SurveyLocked as error:
                if not error.field:
                    raise ValidationError(str(error)) from error
                form.add_error(error.field, str(error))


class LockedOptionFormSet(nested_admin.NestedInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            try:
                services.option_change_check(
                    question=self.instance,
                    is_new=form.instance.pk is None,
                    changed_fields=form.changed_data,
                )
            except services.SurveyLocked as error:
                raise ValidationError(str(error)) from error


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = [*_lang_fields("label"), "code", "order"]
        widgets = {
            **{name: forms.TextInput(attrs={"size": 28}) for name in _lang_fields("label")},
            "code": forms.NumberInput(attrs={"class": "vSmallField"}),
            # Set by dragging the row (nested_admin's sortable_field_name).
            "order": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["order"].required = False


class OptionInline(nested_admin.NestedTabularInline):
    """Choices of a choice question, items (rows) of a matrix: drag to reorder."""

    model = Option
    form = OptionForm
    formset = LockedOptionFormSet
    sortable_field_name = "order"
    extra = 0
    classes = ["survey-options"]

    def get_fields(self, request, obj=None):
        return [*(f"label_{code}" for code in _languages_of(obj)), "code", "order"]

    def has_delete_permission(self, request, obj=None):
        question = obj if isinstance(obj, Question) else None
        return not services.question_is_locked(question=question) and super().has_delete_permission(
            request, obj
        )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        exclude = ["survey", "section"]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 2, "cols": 60}) for name in _lang_fields("text")
            },
            **{name: forms.TextInput(attrs={"size": 60}) for name in _lang_fields("help")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


def _languages_of(obj) -> list[str]:
    """The survey's languages, main first; every language while the survey is new.

    The builder shows the text fields of these only (a field not shown keeps its
    text); a language added to the survey shows its fields once saved."""
    # Only a saved parent: nested_admin lays out the forms of an unsaved one with
    # obj=None, and the form's fields and its layout must agree.
    survey = _survey_of(obj) if obj is not None and obj.pk else None
    return survey.languages if survey is not None else list(LANGUAGE_CODES)


def _question_fieldsets(languages):
    return [
        (
            None,
            {
                "fields": [
                    ("type", "required", "allow_other"),
                    *[f"text_{code}" for code in languages],
                ]
            },
        ),
        (
            _("Scale end labels (Likert and matrix)"),
            {
                "classes": ["survey-scale-labels"],
                "fields": [(f"low_label_{code}", f"high_label_{code}") for code in languages],
                "description": _(
                    "What the lowest and the highest number of the scale mean. Left empty, "
                    "they become “strongly disagree” and “strongly agree” in each language."
                ),
            },
        ),
        (_("Help text"), {"classes": ["collapse"], "fields": [f"help_{c}" for c in languages]}),
        _advanced(("key", "order"), ("scale_min", "scale_max"), ("min_value", "max_value")),
    ]


QUESTION_FIELDSETS = _question_fieldsets(LANGUAGE_CODES)


class QuestionInline(nested_admin.NestedStackedInline):
    """The questions of a section, with their options or matrix items: drag to reorder,
    also into another section."""

    model = Question
    fk_name = "section"
    form = QuestionForm
    formset = LockedQuestionFormSet
    sortable_field_name = "order"
    inlines = [OptionInline]
    extra = 0
    classes = ["survey-questions"]

    def get_fieldsets(self, request, obj=None):
        return _question_fieldsets(_languages_of(obj))

    def has_delete_permission(self, request, obj=None):
        return not _has_responses(_survey_of(obj)) and super().has_delete_permission(request, obj)


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = [*_lang_fields("title"), "order"]
        widgets = {name: forms.TextInput(attrs={"size": 40}) for name in _lang_fields("title")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class SectionInline(nested_admin.NestedStackedInline):
    """A section is one step of the form; its questions are built inside it, so a new
    section takes questions before it is saved."""

    model = Section
    form = SectionForm
    sortable_field_name = "order"
    inlines = [QuestionInline]
    extra = 0
    classes = ["survey-sections"]

    def get_fieldsets(self, request, obj=None):
        titles = tuple(f"title_{code}" for code in _languages_of(obj))
        return [(None, {"fields": [titles]}), _advanced("order")]

    def has_delete_permission(self, request, obj=None):
        # A section of an answered survey holds answered questions.
        return not _has_responses(_survey_of(obj)) and super().has_delete_permission(request, obj)


def _fill_option_codes(options):
    """Number new options after the highest code of their question."""
    for option in options:
        if option.code is None:
            taken = set(
                Option.objects.filter(question=option.question).values_list("code", flat=True)
            )
            taken |= {o.code for o in options if o.code is not None}
            option.code = max(taken, default=0) + 1


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = "__all__"
        widgets = {
            **{name: forms.TextInput(attrs={"size": 30}) for name in _lang_fields("title")},
            **{
                name: forms.Textarea(attrs={"rows": 3, "cols": 60})
                for name in [*_lang_fields("intro"), *_lang_fields("thank_you")]
            },
        }


@admin.register(Survey)
class SurveyAdmin(nested_admin.NestedModelAdmin):
    form = SurveyForm
    change_form_template = "surveys/admin/survey_change_form.html"
    list_display = [
        "__str__",
        "slug",
        "status",
        "access",
        "opens_at",
        "closes_at",
        "response_count",
    ]
    list_filter = ["status", "access", "main_language"]
    search_fields = ["slug", *_lang_fields("title")]
    prepopulated_fields = {"slug": ["title_da"]}
    inlines = [SectionInline]
    actions = ["copy_surveys"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    tuple(_lang_fields("title")),
                    "slug",
                    ("status", "access"),
                    ("main_language", "extra_languages"),
                    ("opens_at", "closes_at"),
                    "project_page",
                    ("offer_seminar_invitation", "results_published"),
                ]
            },
        ),
        (_("Introduction"), {"fields": _lang_fields("intro")}),
        (_("Thank-you text"), {"classes": ["collapse"], "fields": _lang_fields("thank_you")}),
    ]
    raw_id_fields = ["project_page"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_response_count=Count("responses"))

    @admin.display(description=_("responses"), ordering="_response_count")
    def response_count(self, obj):
        return obj._response_count

    @admin.display(description=_("Results"))
    def results_link(self, obj):
        url = reverse("admin:surveys_survey_results", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, gettext("Results"))

    @admin.action(
        description=_("Copy the selected surveys (as drafts, without responses)"),
        permissions=["add"],
    )
    def copy_surveys(self, request, queryset):
        surveys = list(queryset)
        copies = []
        for survey in surveys:
            copy = services.survey_copy(survey=survey)
            copies.append(copy)
            self.message_user(
                request, gettext("Copied to “%(slug)s”.") % {"slug": copy.slug}, messages.SUCCESS
            )
        audit_record(
            user=request.user,
            action=Action.CHANGE,
            what="survey copy",
            subject=", ".join(c.slug for c in copies),
            row_count=len(copies),
            objects=copies,
            change_message="Copied from another survey",
        )

    class Media:
        css = {"all": ["surveys/surveys.css", "surveys/admin.css"]}
        js = ["surveys/admin-builder.js"]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        _fill_option_codes([o for o in instances if isinstance(o, Option)])
        for obj in instances:
            if isinstance(obj, Question):
                obj.survey = form.instance
                position = obj.order  # the builder's, not "after the last"
                services.question_fill_defaults(question=obj)
                obj.order = position
            obj.save()
        formset.save_m2m()

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return self._response_preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return self._response_preview(request, obj)
        return super().response_change(request, obj)

    def _response_preview(self, request, obj):
        """The "Save and preview" button: saved as by "Save", then shown as respondents see it."""
        self.message_user(
            request, gettext("The survey was saved. This is its preview."), messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("surveys:preview", kwargs={"slug": obj.slug}))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.survey_questions_renumber(survey=form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "locked_reason": LOCK_REASON if _has_responses(survey) else "",
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            "can_view_codes": request.user.has_perm("surveys.view_invitationcode"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="surveys_survey_results"),
            path(
                "<int:pk>/export/", view(self.export_page_view), name="surveys_survey_export_page"
            ),
            # The coded responses (the address of the first exports, kept).
            path(
                "<int:pk>/export/<str:file_format>/",
                view(self.export_view),
                name="surveys_survey_export",
            ),
            path(
                "<int:pk>/export/<str:variant>/<str:file_format>/",
                view(self.export_view),
                name="surveys_survey_export_variant",
            ),
            path("<int:pk>/codes/", view(self.codes_view), name="surveys_survey_codes"),
            *super().get_urls(),
        ]

    def _survey_or_403(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request, pk):
        survey = self._survey_or_403(request, pk)
        # Questions and answers in the staff member's admin language where the survey
        # has it, else in the survey's own.
        language = selectors.survey_display_language(
            survey=survey, language=translation.get_language() or survey.main_language
        )
        # Only groups that are safe to show (selectors.survey_result_groups); the
        # figures come protected from survey_results, whatever group is asked for.
        group_questions = [
            {
                "text": group["question"].text_in("text", language),
                "options": [(o, o.text_in("label", language)) for o in group["options"]],
            }
            for group in selectors.survey_result_groups(survey=survey)
        ]
        offered = {o.pk: (o, label) for g in group_questions for o, label in g["options"]}
        group_id = request.GET.get("group", "")
        group_option, group_label = (
            offered.get(int(group_id), (None, "")) if group_id.isdigit() else (None, "")
        )
        refused = bool(group_id) and group_option is None
        results = selectors.survey_results(
            survey=survey,
            language=language,
            # A group not offered gets no figures rather than everyone's.
            group_option=Option(pk=0) if refused else group_option,
            with_texts=True,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "survey": survey,
            "title": gettext("Results: %(title)s") % {"title": survey.title},
            "results": results,
            "group_questions": group_questions,
            "group_option": group_option,
            "group_label": group_label,
            "group_refused": refused,
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            **self._crosstab_context(request, survey, language),
        }
        return TemplateResponse(request, "surveys/admin/results.html", context)

    def _crosstab_context(self, request, survey, language) -> dict:
        """The cross-table form and, when two questions are chosen, the protected table.

        Part of the results page, so it needs exactly the results' permission.
        """
        choices = selectors.survey_crosstab_choices(survey=survey, language=language)
        row, column = request.GET.get("row", ""), request.GET.get("column", "")
        context = {
            "crosstab_choices": choices,
            "crosstab_row": row,
            "crosstab_column": column,
            "crosstab": None,
            "crosstab_error": "",
        }
        if not (row or column):
            return context
        keys = {key for key, _label in choices}
        if row not in keys or column not in keys:
            context["crosstab_error"] = gettext("Choose two questions from the lists.")
        elif row == column:
            context["crosstab_error"] = gettext("Choose two different questions.")
        else:
            context["crosstab"] = selectors.survey_crosstab(
                survey=survey, row=row, column=column, language=language
            )
        return context

    def export_view(self, request, pk, file_format, variant="coded"):
        """One survey's responses (or its codebook) as a file; docs/exports.md."""
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        survey = self._survey_or_403(request, pk)
        if file_format not in SURVEY_EXPORTS.get(variant, ()):
            return export_format_bad_request()
        # One language for every text in the file: the staff member's, if the survey has it.
        language = survey_export_language(survey=survey, language=translation.get_language())
        with translation.override(language):
            response, count = _survey_export(survey, variant, file_format, language)
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            what="survey codebook" if variant == "codebook" else "survey responses",
            subject=survey.slug,
            file_format=file_format,
            note=variant,
            row_count=count,
        )
        return response

    def export_page_view(self, request, pk):
        """Every variant and format of the survey's export, each with who it is for."""
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        survey = self._survey_or_403(request, pk)

        def link(variant, file_format, label):
            url = reverse(
                "admin:surveys_survey_export_variant",
                kwargs={"pk": survey.pk, "variant": variant, "file_format": file_format},
            )
            name = export_filename(
                survey.slug, _export_variant_name(variant, file_format), _EXTENSIONS[file_format]
            )
            return {"url": url, "label": label, "filename": name}

        spreadsheet = [
            ("csv", gettext("CSV, comma")),
            ("csv-semicolon", gettext("CSV, semicolon (Excel in Danish or Norwegian)")),
            ("xlsx", gettext("Excel")),
        ]
        choices = [
            {
                "title": gettext("Labels"),
                "description": gettext(
                    "For reading and Excel: question texts as headings, answers as their labels."
                ),
                "links": [link("labels", f, label) for f, label in spreadsheet],
            },
            {
                "title": gettext("Coded"),
                "description": gettext(
                    "For statistics: column names as headings, answers as codes (see the codebook)."
                ),
                "links": [link("coded", f, label) for f, label in spreadsheet],
            },
            {
                "title": gettext("SPSS"),
                "description": gettext(
                    "The coded answers with the questions as variable labels and the "
                    "choices as value labels."
                ),
                "links": [link("coded", "sav", gettext("SPSS (.sav)"))],
            },
            {
                "title": gettext("Stata"),
                "description": gettext(
                    "The coded answers with the questions as variable labels and the "
                    "choices as value labels."
                ),
                "links": [link("coded", "dta", gettext("Stata (.dta)"))],
            },
            {
                "title": gettext("Codebook"),
                "description": gettext("What each column and each code of the coded export means."),
                "links": [link("codebook", f, label) for f, label in spreadsheet],
            },
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "survey": survey,
            "title": gettext("Export: %(title)s") % {"title": survey.title},
            "choices": choices,
            "response_count": survey.responses.count(),
            "language": survey_export_language(survey=survey, language=translation.get_language()),
        }
        return TemplateResponse(request, "surveys/admin/export.html", context)

    def codes_view(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        # Reading the page needs the codes' view permission; generating and importing
        # add codes; the export takes e-mail addresses out (docs/roles.md).
        needed = "surveys.view_invitationcode"
        if request.method == "POST":
            needed = (
                CODES_EXPORT_PERMISSION
                if "export" in request.POST
                else "surveys.add_invitationcode"
            )
        if not (
            request.user.has_perm("surveys.view_invitationcode") and request.user.has_perm(needed)
        ):
            raise PermissionDenied
        batch_form = CodeBatchForm(request.POST if "generate" in request.POST else None)
        import_form = RecipientImportForm(
            request.POST if "import" in request.POST else None,
            request.FILES if "import" in request.POST else None,
        )
        if request.method == "POST":
            if "generate" in request.POST and batch_form.is_valid():
                codes = services.invitation_codes_generate(
                    survey=survey, count=batch_form.cleaned_data["count"]
                )
                self.message_user(
                    request, gettext("%(n)d codes generated.") % {"n": len(codes)}, messages.SUCCESS
                )
                return HttpResponseRedirect(request.path)
            if "import" in request.POST and import_form.is_valid():
                created, skipped = services.invitation_recipients_import(
                    survey=survey, rows=import_form.cleaned_data["rows"]
                )
                self.message_user(
                    request,
                    gettext("%(created)d recipients added, %(skipped)d skipped.")
                    % {"created": created, "skipped": skipped},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
            if "export" in request.POST:
                return _codes_export(request, survey)
        counts = survey.codes.aggregate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "survey": survey,
            "title": gettext("Invitation codes: %(title)s") % {"title": survey.title},
            "batch_form": batch_form,
            "import_form": import_form,
            "counts": counts,
            "can_export": request.user.has_perm(CODES_EXPORT_PERMISSION),
            "can_add": request.user.has_perm("surveys.add_invitationcode"),
            "codes_url": reverse("admin:surveys_invitationcode_changelist")
            + f"?survey__id__exact={survey.pk}",
        }
        return TemplateResponse(request, "surveys/admin/codes.html", context)


# The survey exports: variant -> the file formats it comes in (docs/exports.md).
SURVEY_EXPORTS = {
    "coded": (*FILE_FORMATS, *STATISTICS_FORMATS),
    "labels": tuple(FILE_FORMATS),
    "codebook": tuple(FILE_FORMATS),
}
_EXTENSIONS = {"csv": "csv", "csv-semicolon": "csv", "xlsx": "xlsx", "sav": "sav", "dta": "dta"}


def _export_variant_name(variant: str, file_format: str) -> str:
    # The two CSV files differ in their names: "coded" (comma), "coded-semicolon".
    return f"{variant}-semicolon" if file_format == "csv-semicolon" else variant


def _survey_export(survey, variant, file_format, language):
    """(response, number of rows) for one survey export; call with `language` active."""
    columns = survey_export_columns(survey=survey)
    filename = export_filename(
        survey.slug, _export_variant_name(variant, file_format), _EXTENSIONS[file_format]
    )
    codebook_header, codebook_rows = survey_codebook(
        survey=survey, columns=columns, language=language
    )
    if variant == "codebook":
        if file_format == "xlsx":
            sheets = [(gettext("Codebook"), codebook_header, codebook_rows)]
            return xlsx_response(filename, sheets), len(codebook_rows)
        delimiter = FILE_FORMATS[file_format]
        response = csv_response(filename, codebook_header, codebook_rows, delimiter=delimiter)
        return response, len(codebook_rows)
    count = survey.responses.count()
    rows = survey_export_rows(survey=survey, columns=columns)
    if file_format in STATISTICS_FORMATS:
        variables = survey_statistics_variables(columns=columns, language=language)
        response = statistics_response(
            filename,
            file_format=file_format,
            variables=variables,
            rows=rows,
            file_label=survey.text_in("title", language),
        )
        return response, count
    if variant == "labels":
        header = survey_labels_header(columns=columns, language=language)
        rows = survey_labels_rows(rows, columns=columns, language=language)
    else:
        header = survey_export_header(columns)
    if file_format == "xlsx":
        sheets = [
            (gettext("Responses"), header, rows),
            (gettext("Codebook"), codebook_header, codebook_rows),
        ]
        return xlsx_response(filename, sheets), count
    return csv_response(filename, header, rows, delimiter=FILE_FORMATS[file_format]), count


def _codes_export(request, survey):
    if not request.user.has_perm(CODES_EXPORT_PERMISSION):
        raise PermissionDenied
    base = absolute_url(reverse("surveys:answer", kwargs={"slug": survey.slug}), request=request)
    codes = survey.codes.order_by("organisation", "email", "code")
    rows = (
        [c.code, f"{base}?code={c.code}", c.organisation, c.email, int(c.used)]
        for c in codes.iterator(chunk_size=2000)
    )
    header = [gettext("Code"), gettext("Link"), gettext("Organisation"), gettext("E-mail")]
    header.append(gettext("Used (1 = yes)"))
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        what="invitation codes",
        subject=survey.slug,
        file_format="csv",
        row_count=codes.count(),
    )
    return csv_response(export_filename(survey.slug, "codes", "csv"), header, rows)


class CodeBatchForm(forms.Form):
    count = forms.IntegerField(min_value=1, max_value=10_000, label=_("Number of codes"))


class RecipientImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma- or semicolon-separated, with a header row naming the columns "
            "“organisation” and “email”."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > recipients.MAX_BYTES:
            raise ValidationError(gettext("The file is too large (at most 5 MB)."))
        try:
            self.cleaned_data["rows"] = recipients.recipients_parse(data=upload.read())
        except services.SurveyError as error:
            raise ValidationError(str(error)) from error
        return upload


@admin.register(Question)
class QuestionAdmin(nested_admin.NestedModelAdmin):
    """All questions of all surveys; a survey's own page is where they are built."""

    list_display = ["key", "__str__", "survey", "type", "required"]
    list_filter = ["survey", "type"]
    list_select_related = ["survey"]
    inlines = [OptionInline]
    fieldsets = [(None, {"fields": ["survey", "section"]}), *QUESTION_FIELDSETS]

    def has_add_permission(self, request):
        return False  # questions are added on their survey

    def get_readonly_fields(self, request, obj=None):
        if services.question_is_locked(question=obj):
            return ["survey", *LOCKED_QUESTION_FIELDS]
        return ["survey"]

    def has_delete_permission(self, request, obj=None):
        return not services.question_is_locked(question=obj) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            question = Question.objects.filter(pk=object_id).first() if object_id else None
            kwargs["queryset"] = Section.objects.filter(
                survey_id=question.survey_id if question else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        _fill_option_codes([o for o in instances if isinstance(o, Option)])
        for obj in instances:
            obj.save()
        formset.save_m2m()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if services.question_is_locked(question=question) and request.method == "GET":
            self.message_user(request, LOCK_REASON, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(InvitationCode)
class InvitationCodeAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    audit_what = "invitation codes"
    list_display = ["code", "survey", "organisation", "email", "used", "invited_on", "reminded_on"]
    list_filter = ["survey", "used"]
    search_fields = ["code", "organisation", "email"]
    list_select_related = ["survey"]
    readonly_fields = ["code", "used", "invited_on", "reminded_on"]
    fields = ["survey", "code", "organisation", "email", "used", "invited_on", "reminded_on"]
    actions = ["send_invitations", "send_reminders", "erase_contact_details"]

    def has_send_permission(self, request):
        return request.user.has_perm("surveys.send_invitationcode")

    def has_erase_permission(self, request):
        return request.user.has_perm("surveys.erase_invitationcode")

    def _mail(self, request, codes, *, reminder):
        codes = list(codes)
        n = services.invitation_codes_send(codes=codes, reminder=reminder)
        audit_record(
            user=request.user,
            action=Action.MAIL,
            what="survey reminders" if reminder else "survey invitations",
            subject=", ".join(sorted({c.survey.slug for c in codes})),
            row_count=n,
            objects=codes,
        )
        return n

    @admin.action(
        description=_("Send invitation e-mails to the selected recipients"), permissions=["send"]
    )
    def send_invitations(self, request, queryset):
        n = self._mail(request, queryset.select_related("survey"), reminder=False)
        self.message_user(request, gettext("%(n)d invitations sent.") % {"n": n}, messages.SUCCESS)

    @admin.action(
        description=_("Send a reminder to the selected recipients who have not answered"),
        permissions=["send"],
    )
    def send_reminders(self, request, queryset):
        n = self._mail(request, queryset.filter(used=False).select_related("survey"), reminder=True)
        self.message_user(request, gettext("%(n)d reminders sent.") % {"n": n}, messages.SUCCESS)

    @admin.action(
        description=_("Erase organisation and e-mail of the selected codes"), permissions=["erase"]
    )
    def erase_contact_details(self, request, queryset):
        codes = list(queryset.select_related("survey"))
        n = InvitationCode.objects.filter(pk__in=[c.pk for c in codes]).update(
            organisation="", email=""
        )
        audit_record(
            user=request.user,
            action=Action.ERASE,
            what="invitation code contacts",
            subject=", ".join(sorted({c.survey.slug for c in codes})),
            row_count=n,
            objects=codes,
        )
        self.message_user(request, gettext("%(n)d codes erased.") % {"n": n}, messages.SUCCESS)


@admin.register(SeminarContact)
class SeminarContactAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    audit_what = "seminar contacts"
    change_list_template = "surveys/admin/contacts_change_list.html"
    list_display = ["name", "email", "organisation", "survey"]
    list_filter = ["survey"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["survey"]

    def get_urls(self):
        return [
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="surveys_seminarcontact_export",
            ),
            *super().get_urls(),
        ]

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(
            CONTACTS_EXPORT_PERMISSION
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request, file_format):
        """Everyone who may be invited to the seminars: recipients who took part + contacts."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        if file_format not in FILE_FORMATS:
            return export_format_bad_request()
        contacts = selectors.seminar_invitation_contacts()
        # Headings in the staff member's admin language, like every other export.
        header = [gettext("Name"), gettext("E-mail"), gettext("Organisation")]
        rows = ([c["name"], c["email"], c["organisation"]] for c in contacts)
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            what="seminar contacts",
            file_format=file_format,
            row_count=len(contacts),
        )
        variant = "contacts-semicolon" if file_format == "csv-semicolon" else "contacts"
        extension = "xlsx" if file_format == "xlsx" else "csv"
        filename = export_filename("seminar", variant, extension)
        if not FILE_FORMATS[file_format]:
            return xlsx_response(filename, [(gettext("Contacts"), header, rows)])
        return csv_response(filename, header, rows, delimiter=FILE_FORMATS[file_format])
