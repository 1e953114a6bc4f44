"""Public survey pages: answer step by step, thank-you, published results.

Every page renders in the survey's language (or the one the respondent picked
among the survey's languages), whatever the site's URL prefix. Nothing here writes
to the session, sets a cookie other than CSRF's, or logs who is answering.
"""

from collections import OrderedDict
from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from core.abuse import rate_limit_for, too_many_requests
from core.languages import language_endonym
from surveys import selectors, services
from surveys.forms import (
    InvitationCodeForm,
    SeminarContactForm,
    SurveyStepForm,
    state_dump,
    state_load,
    state_new,
    thanks_key_new,
)
from surveys.models import Survey


def _language(request, survey: Survey, state: dict | None = None) -> str:
    language = request.GET.get("lang") or (state or {}).get("lang") or ""
    return language if language in survey.languages else survey.main_language


def _language_links(survey: Survey, active: str, *, view="answer", **params) -> list[dict]:
    base = reverse(f"surveys:{view}", kwargs={"slug": survey.slug})
    params = {k: v for k, v in params.items() if v}
    return [
        {
            "code": code,
            "name": language_endonym(code),
            "url": f"{base}?{urlencode({**params, 'lang': code})}",
            "active": code == active,
        }
        for code in survey.languages
    ]


def _render(request, template, context, *, language, status=200):
    with translation.override(language):
        response = render(
            request, template, {"survey_language": language, **context}, status=status
        )
    response["Content-Language"] = language
    return response


def _unavailable(request, *, language, title, message, status, survey=None):
    return _render(
        request,
        "surveys/unavailable.html",
        {"survey": survey, "heading": title, "message": message},
        language=language,
        status=status,
    )


def _visitor_language(request) -> str:
    """No survey, so no survey language: the one the visitor asked for or reads."""
    language = request.GET.get("lang", "")
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else translation.get_language_from_request(request)


def _not_found(request):
    language = _visitor_language(request)
    with translation.override(language):
        title = translation.gettext("Survey not found")
        message = translation.gettext(
            "There is no survey at this address. Please check the link you were given."
        )
    return _unavailable(request, language=language, title=title, message=message, status=404)


def _results_unavailable(request, survey: Survey):
    """The survey exists, but its results are not public (yet): say which, and why."""
    language = _language(request, survey)
    with translation.override(language):
        if survey.results_published and not survey.has_closed():
            message = translation.gettext("The results are published when the survey has closed.")
        else:
            message = translation.gettext("The results of this survey are not published.")
    return _unavailable(
        request,
        survey=survey,
        language=language,
        title=survey.text_in("title", language),
        message=message,
        status=404,
    )


def _initial(form: SurveyStepForm, raw: dict) -> dict:
    """Turn stored raw values back into initial values for an unbound step form."""
    initial = {}
    for name, field in form.fields.items():
        values = raw.get(name) or []
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        initial[name] = values if multiple else (values[0] if values else None)
    return initial


def _step_form(steps, index, language, *, data=None, raw=None):
    questions = steps[index].questions
    if data is not None:
        return SurveyStepForm(data, questions=questions, language=language)
    form = SurveyStepForm(questions=questions, language=language)
    if raw:
        form.initial = _initial(form, raw)
    return form


# Rendered empty step forms, per worker process. Crispy's templates cost most of
# a survey page; an empty step form is the same for every respondent (the CSRF
# token and the signed state are outside it), so it is rendered once per worker.
# The key holds everything the HTML is made of, so an edited survey gets new HTML.
_FORM_HTML: OrderedDict = OrderedDict()
_FORM_HTML_MAX = 64


def _form_fingerprint(form: SurveyStepForm, language: str) -> tuple:
    parts = [language]
    for question in form.questions:
        parts.append(tuple(vars(question).get(f.attname) for f in question._meta.concrete_fields))
        parts += [
            tuple(vars(option).get(f.attname) for f in option._meta.concrete_fields)
            for option in question.options.all()
        ]
    return tuple(parts)


def _form_html(form: SurveyStepForm, language: str) -> str:
    """The step form's HTML; from the per-process store when the form is empty."""
    if form.is_bound or form.initial:
        return render_crispy_form(form)
    key = _form_fingerprint(form, language)
    html = _FORM_HTML.get(key)
    if html is None:
        html = render_crispy_form(form)
        _FORM_HTML[key] = html
        if len(_FORM_HTML) > _FORM_HTML_MAX:
            _FORM_HTML.popitem(last=False)
    return html


def _render_step(request, survey, steps, state, form, language, *, preview=False):
    index = state["step"]
    with translation.override(language):
        form_html = _form_html(form, language)
    return _render(
        request,
        "surveys/preview.html" if preview else "surveys/answer.html",
        {
            "survey": survey,
            "title": survey.text_in("title", language),
            "intro": survey.text_in("intro", language) if index == 0 else "",
            "step": steps[index],
            "step_number": index + 1,
            "step_count": len(steps),
            "is_last": index == len(steps) - 1,
            "form": form,
            "form_html": form_html,
            "state": state_dump(state),
            "language_links": _language_links(
                survey,
                language,
                view="preview" if preview else "answer",
                code=state.get("code"),
            ),
        },
        language=language,
    )


@require_http_methods(["GET", "POST"])
def survey_answer(request, slug):
    survey = selectors.survey_get_with_questions(slug=slug)
    if survey is None or survey.status == Survey.Status.DRAFT:
        return _not_found(request)
    state = None
    if request.method == "POST":
        state = state_load(request.POST.get("state", ""))
    language = _language(request, survey, state)
    with translation.override(language):
        gettext = translation.gettext
        title = survey.text_in("title", language)
        if request.method == "POST" and state is None:
            return _unavailable(
                request,
                survey=survey,
                language=language,
                title=title,
                message=gettext(
                    "The form has expired or was changed. Please start the survey again."
                ),
                status=400,
            )
        if not survey.is_accepting_answers():
            if survey.has_closed():
                return _unavailable(
                    request,
                    survey=survey,
                    language=language,
                    title=title,
                    message=gettext("This survey is closed. Thank you for your interest."),
                    status=410,
                )
            return _unavailable(
                request,
                survey=survey,
                language=language,
                title=title,
                message=gettext("This survey is not open yet."),
                status=404,
            )
        code = ""
        if survey.access == Survey.Access.CODES:
            code = state["code"] if state else _code_from_link(request)
            if not code:
                return _render_code_form(request, survey, language, InvitationCodeForm())
            try:
                services.invitation_code_check(survey=survey, code=code)
            except services.SurveyError as error:
                form = InvitationCodeForm(data={"code": code})
                form.is_valid()
                form.add_error("code", str(error))
                return _render_code_form(request, survey, language, form, status=403)
        steps = selectors.survey_steps(survey=survey, language=language)
        if not steps:
            return _not_found(request)
        if state is None:
            state = state_new(language=language, code=code)
            return _render_step(
                request, survey, steps, state, _step_form(steps, 0, language), language
            )
        return _answer_post(request, survey, steps, state, language)


def _answer_post(request, survey, steps, state, language, *, preview=False):
    """Back, next, or the last step: all checked the same way; a preview stores nothing."""
    index = min(max(int(state.get("step", 0)), 0), len(steps) - 1)
    state["step"] = index
    form = _step_form(steps, index, language, data=request.POST)
    # Keep what was typed, valid or not, so Back and Next never lose an answer.
    state["data"][str(index)] = {
        name: request.POST.getlist(name) for name in form.answer_field_names
    }
    if "back" in request.POST and index > 0:
        state["step"] = index - 1
        raw = state["data"].get(str(index - 1))
        form = _step_form(steps, index - 1, language, raw=raw)
        return _render_step(request, survey, steps, state, form, language, preview=preview)
    if not form.is_valid():
        return _render_step(request, survey, steps, state, form, language, preview=preview)
    if index < len(steps) - 1:
        state["step"] = index + 1
        raw = state["data"].get(str(index + 1))
        form = _step_form(steps, index + 1, language, raw=raw)
        return _render_step(request, survey, steps, state, form, language, preview=preview)
    if not preview:
        # Last step: only this post, which stores a response, counts against the
        # rate limit; moving between steps never does.
        retry_after = rate_limit_for(request, group="survey-submit")
        if retry_after:
            return too_many_requests(request, retry_after=retry_after, language=language)
    # Check every step again from the signed state, then store it all.
    values = {}
    for number in range(len(steps)):
        if number == index:
            values.update(form.answer_values())  # validated just above
            continue
        data = MultiValueDict(state["data"].get(str(number), {}))
        step_form = _step_form(steps, number, language, data=data)
        if not step_form.is_valid():
            state["step"] = number
            return _render_step(request, survey, steps, state, step_form, language, preview=preview)
        values.update(step_form.answer_values())
    if preview:
        return _preview_thanks(request, survey, language)
    try:
        services.response_submit(
            survey=survey,
            language=language,
            token=state["token"],
            values=values,
            code=state.get("code", ""),
        )
    except services.AlreadySubmitted:
        pass  # The first submission won; show the thank-you page as it did.
    except services.SurveyError as error:
        return _unavailable(
            request,
            survey=survey,
            language=language,
            title=survey.text_in("title", language),
            message=str(error),
            status=409,
        )
    query = urlencode({"lang": language, "k": thanks_key_new(survey.slug)})
    return redirect(f"{reverse('surveys:thanks', kwargs={'slug': survey.slug})}?{query}")


PREVIEW_PERMISSION = "surveys.view_survey"


def _private(response):
    """A preview is for one member of staff: never kept by a cache, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def survey_preview(request, slug):
    """The survey as respondents see it, in any status, for staff who may see surveys.

    Validates like the real form, step by step, and ends on a preview thank-you
    page. It stores nothing: no response, token, code claim, pool row or rate-limit
    count. Others get the login page (anonymous) or "not found", never the survey.
    """
    user = request.user
    if not user.is_authenticated:
        return _private(redirect_to_login(request.get_full_path(), reverse("admin:login")))
    survey = None
    if user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION):
        survey = selectors.survey_get_with_questions(slug=slug)
    if survey is None:
        return _private(_not_found(request))
    state = state_load(request.POST.get("state", "")) if request.method == "POST" else None
    language = _language(request, survey, state)
    steps = selectors.survey_steps(survey=survey, language=language)
    if not steps:
        with translation.override(language):
            message = translation.gettext("This survey has no questions yet.")
        return _private(
            _render(
                request,
                "surveys/preview_thanks.html",
                {"survey": survey, "title": survey.text_in("title", language), "message": message},
                language=language,
            )
        )
    if state is None:
        # A first visit, or an expired form: start again (nothing is lost but a preview).
        state = state_new(language=language)
        form = _step_form(steps, 0, language)
        return _private(_render_step(request, survey, steps, state, form, language, preview=True))
    return _private(_answer_post(request, survey, steps, state, language, preview=True))


def _preview_thanks(request, survey, language):
    return _render(
        request,
        "surveys/preview_thanks.html",
        {
            "survey": survey,
            "title": survey.text_in("title", language),
            "thank_you": survey.text_in("thank_you", language),
            "restart_url": f"{reverse('surveys:preview', kwargs={'slug': survey.slug})}"
            f"?{urlencode({'lang': language})}",
        },
        language=language,
    )


def _code_from_link(request) -> str:
    """The invitation code in the link, through the code form's own checks."""
    form = InvitationCodeForm(data={"code": request.GET.get("code", "")})
    return form.cleaned_data["code"].strip().upper() if form.is_valid() else ""


def _render_code_form(request, survey, language, form, status=200):
    return _render(
        request,
        "surveys/code.html",
        {
            "survey": survey,
            "title": survey.text_in("title", language),
            "intro": survey.text_in("intro", language),
            "form": form,
            "language": language,
            "language_links": _language_links(survey, language),
        },
        language=language,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def survey_thanks(request, slug):
    survey = Survey.objects.filter(slug=slug).exclude(status=Survey.Status.DRAFT).first()
    if survey is None:
        return _not_found(request)
    language = _language(request, survey)
    sent = request.GET.get("sent") == "1"
    form = None
    if survey.offer_seminar_invitation and not sent:
        if request.method == "POST":
            retry_after = rate_limit_for(request, group="seminar-contact")
            if retry_after:
                return too_many_requests(request, retry_after=retry_after, language=language)
            with translation.override(language):
                form = SeminarContactForm(request.POST)
                if form.is_valid():
                    services.seminar_contact_create(
                        survey=survey,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        organisation=form.cleaned_data["organisation"],
                    )
                    query = urlencode({"lang": language, "sent": "1"})
                    return redirect(f"{request.path}?{query}")
        elif request.GET.get("k"):
            form = SeminarContactForm(initial={"thanks_key": request.GET["k"]})
    return _render(
        request,
        "surveys/thanks.html",
        {
            "survey": survey,
            "title": survey.text_in("title", language),
            "thank_you": survey.text_in("thank_you", language),
            "form": form,
            "sent": sent,
            "language": language,
            "language_links": _language_links(
                survey, language, view="thanks", k=request.GET.get("k", "")
            ),
        },
        language=language,
    )


def survey_results_public(request, slug):
    survey = Survey.objects.filter(slug=slug).exclude(status=Survey.Status.DRAFT).first()
    if survey is None:
        return _not_found(request)
    if not survey.results_published or not survey.has_closed():
        return _results_unavailable(request, survey)
    language = _language(request, survey)
    with translation.override(language):
        results = selectors.survey_results(survey=survey, language=language, with_texts=False)
    return _render(
        request,
        "surveys/results_public.html",
        {
            "survey": survey,
            "title": survey.text_in("title", language),
            "results": results,
            "language_links": _language_links(survey, language, view="results"),
        },
        language=language,
    )
