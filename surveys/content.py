"""The source project's survey (Leieboerforeningen and VID, 2022): competence in tenant
participation among municipalities and landlords. Loaded by `load_site_content`.

Norwegian bokmål is the main language; English texts let a respondent switch.

The source gives the survey's period as "Høsten 2022" and no questions: the questions
below are the team's own material (an editor can change them in the admin). The real
survey is loaded closed, dated to that autumn; an open copy marked as demo is made
only for development (`load_demo_content`).
"""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from surveys.models import Option, Question, Section, Survey
from surveys.selectors import survey_loaded_forget

SLUG = "kartlegging-medvirkning"
DEMO_SLUG = "kartlegging-medvirkning-demo"

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# "Høsten 2022" (the source): September to November.
AUTUMN_2022 = (
    dt.datetime(2022, 9, 1, tzinfo=OSLO),
    dt.datetime(2022, 11, 30, 23, 59, tzinfo=OSLO),
)

DEMO_NOTICE = {
    "nb": (
        "DETTE ER EN DEMONSTRASJONSKOPI. Den ekte undersøkelsen ble gjennomført høsten 2022 "
        "og er avsluttet; denne kopien finnes bare i utviklingsmiljøet, så du kan prøve "
        "skjemaet.\n\n"
    ),
    "en": (
        "THIS IS A DEMONSTRATION COPY. The real survey ran in autumn 2022 and is closed; this "
        "copy exists only in the development environment, so you can try the form.\n\n"
    ),
}

SURVEY = {
    "title": {
        "nb": "Kartlegging av kompetansebehov innen leieboermedvirkning",
        "en": "Survey of competence needs in tenant participation",
    },
    "intro": {
        "nb": (
            "Leieboerforeningen og VID Vitenskapelig høgskole kartlegger kommunale, ideelle og "
            "kommersielle utleieres kompetanse innen medvirkning. Svarene danner grunnlag for "
            "temaene på seminarrekken våren 2023.\n\n"
            "Undersøkelsen er anonym og inneholder ingen personopplysninger. Det tar om lag "
            "ti minutter å svare."
        ),
        "en": (
            "Leieboerforeningen (the Norwegian tenants' association) and VID Specialized "
            "University are mapping the competence of municipal, non-profit and commercial "
            "landlords in tenant participation. The answers will shape the topics of the "
            "seminar series in spring 2023.\n\n"
            "The survey is anonymous and holds no personal data. It takes about ten minutes."
        ),
    },
    "thank_you": {
        "nb": (
            "Tusen takk for at du tok deg tid til å svare! Alle kommuner og utleiere som deltar, "
            "får invitasjon til den gratis seminarrekken våren 2023."
        ),
        "en": (
            "Thank you very much for taking the time to answer! Every municipality and landlord "
            "taking part will be invited to the free seminar series in spring 2023."
        ),
    },
}

AGREEMENT = {
    "low": {"nb": "I svært liten grad", "en": "To a very small extent"},
    "high": {"nb": "I svært stor grad", "en": "To a very large extent"},
}

# (section titles, [question dicts])
SECTIONS = [
    (
        {"nb": "Om virksomheten", "en": "About your organisation"},
        [
            {
                "key": "hvem",
                "type": Question.Type.SINGLE,
                "allow_other": True,
                "text": {"nb": "Hvem svarer du på vegne av?", "en": "Who are you answering for?"},
                "options": [
                    {"nb": "Kommune", "en": "Municipality"},
                    {"nb": "Bydel", "en": "City district"},
                    {"nb": "Kommunal etat eller foretak", "en": "Municipal agency or company"},
                    {"nb": "Ideell utleier", "en": "Non-profit landlord"},
                    {
                        "nb": "Kommersiell eller profesjonell utleier",
                        "en": "Commercial or professional landlord",
                    },
                ],
            },
            {
                "key": "storrelse",
                "type": Question.Type.SINGLE,
                "text": {
                    "nb": "Hvor mange utleieboliger forvalter dere?",
                    "en": "How many rental homes do you manage?",
                },
                "help": {
                    "nb": "Et omtrentlig antall holder.",
                    "en": "An approximate number is enough.",
                },
                "options": [
                    {"nb": "Færre enn 100", "en": "Fewer than 100"},
                    {"nb": "100–499", "en": "100–499"},
                    {"nb": "500–1 999", "en": "500–1,999"},
                    {"nb": "2 000–4 999", "en": "2,000–4,999"},
                    {"nb": "5 000 eller flere", "en": "5,000 or more"},
                    {"nb": "Vet ikke", "en": "Don't know"},
                ],
            },
        ],
    ),
    (
        {"nb": "Medvirkning i dag", "en": "Participation today"},
        [
            {
                "key": "metoder",
                "type": Question.Type.MULTIPLE,
                "allow_other": True,
                "text": {
                    "nb": "Hvordan medvirker leieboerne hos dere i dag?",
                    "en": "How do your tenants take part today?",
                },
                "help": {"nb": "Kryss av for alt som passer.", "en": "Tick all that apply."},
                "options": [
                    {"nb": "Leieboermøter eller beboermøter", "en": "Tenant or resident meetings"},
                    {
                        "nb": "Leieboerorganisasjon eller beboerstyre",
                        "en": "Tenant organisation or residents' board",
                    },
                    {"nb": "Spørreundersøkelser blant leieboerne", "en": "Surveys of tenants"},
                    {
                        "nb": "Individuelle samtaler eller hjemmebesøk",
                        "en": "Individual conversations or home visits",
                    },
                    {
                        "nb": "Digitale kanaler (e-post, app, sosiale medier)",
                        "en": "Digital channels (e-mail, app, social media)",
                    },
                    {
                        "nb": "Brukerråd eller referansegrupper",
                        "en": "User councils or reference groups",
                    },
                    {
                        "nb": "Involvering ved oppussing og nybygg",
                        "en": "Involvement in renovation and new building",
                    },
                    {
                        "nb": "Ingen faste former for medvirkning",
                        "en": "No regular forms of participation",
                    },
                ],
            },
            {
                "key": "innflytelse",
                "type": Question.Type.MATRIX,
                "text": {
                    "nb": "I hvilken grad påvirker leieboernes synspunkter beslutninger om …",
                    "en": "To what extent do tenants' views shape decisions about …",
                },
                "low": AGREEMENT["low"],
                "high": AGREEMENT["high"],
                "options": [
                    {"nb": "vedlikehold og oppussing", "en": "maintenance and renovation"},
                    {"nb": "uteområder og fellesarealer", "en": "outdoor and shared areas"},
                    {"nb": "husordensregler", "en": "house rules"},
                    {
                        "nb": "bomiljøtiltak og aktiviteter",
                        "en": "community measures and activities",
                    },
                    {"nb": "tildeling av boliger", "en": "allocation of homes"},
                ],
            },
        ],
    ),
    (
        {"nb": "Kompetanse", "en": "Competence"},
        [
            {
                "key": "kompetanse",
                "type": Question.Type.LIKERT,
                "text": {
                    "nb": "Hvordan vurderer du virksomhetens kompetanse innen leieboermedvirkning?",
                    "en": "How do you rate your organisation's competence in tenant participation?",
                },
                "low": {"nb": "Svært lav", "en": "Very low"},
                "high": {"nb": "Svært høy", "en": "Very high"},
            },
            {
                "key": "behov",
                "type": Question.Type.MULTIPLE,
                "required": False,
                "allow_other": True,
                "text": {
                    "nb": "Hvilken kompetanse trenger dere mer av?",
                    "en": "Which competence do you need more of?",
                },
                "help": {"nb": "Kryss av for alt som passer.", "en": "Tick all that apply."},
                "options": [
                    {"nb": "Metoder for medvirkning", "en": "Methods of participation"},
                    {"nb": "Kommunikasjon med leieboere", "en": "Communicating with tenants"},
                    {
                        "nb": "Medvirkning blant vanskeligstilte leieboere",
                        "en": "Participation of disadvantaged tenants",
                    },
                    {"nb": "Konfliktløsning og mekling", "en": "Conflict resolution and mediation"},
                    {
                        "nb": "Husleierett og leieboernes rettigheter",
                        "en": "Tenancy law and tenants' rights",
                    },
                    {
                        "nb": "Organisering av leieboerdemokrati",
                        "en": "Organising tenant democracy",
                    },
                    {
                        "nb": "Evaluering av medvirkningstiltak",
                        "en": "Evaluating participation measures",
                    },
                ],
            },
            {
                "key": "hindringer",
                "type": Question.Type.LONG_TEXT,
                "required": False,
                "text": {
                    "nb": "Hva hindrer leieboermedvirkning hos dere?",
                    "en": "What stands in the way of tenant participation in your organisation?",
                },
                "help": {
                    "nb": "Skriv gjerne fritt. Ikke oppgi navn eller andre personopplysninger.",
                    "en": "Write freely. Please do not give names or other personal data.",
                },
            },
        ],
    ),
    (
        {"nb": "Seminarrekken", "en": "The seminar series"},
        [
            {
                "key": "seminartema",
                "type": Question.Type.MULTIPLE,
                "required": False,
                "allow_other": True,
                "text": {
                    "nb": "Hvilke temaer ønsker du på seminarene våren 2023?",
                    "en": "Which topics would you like at the seminars in spring 2023?",
                },
                "help": {"nb": "Kryss av for alt som passer.", "en": "Tick all that apply."},
                "options": [
                    {
                        "nb": "Erfaringsdeling mellom kommuner og utleiere",
                        "en": "Sharing experience between municipalities and landlords",
                    },
                    {
                        "nb": "Medvirkning i praksis: verktøy og metoder",
                        "en": "Participation in practice: tools and methods",
                    },
                    {
                        "nb": "Medvirkning ved rehabilitering og nybygg",
                        "en": "Participation in renovation and new building",
                    },
                    {"nb": "Bomiljøarbeid", "en": "Community work in housing estates"},
                    {
                        "nb": "Leieboere med ulike behov (språk, helse, rus)",
                        "en": "Tenants with different needs (language, health, addiction)",
                    },
                    {
                        "nb": "Samarbeid med leieboerorganisasjoner",
                        "en": "Working with tenant organisations",
                    },
                ],
            },
        ],
    ),
]


def _texts(name: str, texts: dict | None) -> dict:
    return {f"{name}_{code}": value for code, value in (texts or {}).items()}


def load_source_survey(*, project_page) -> Survey:
    """Create the 2022 survey once, closed, with its period; running it again returns
    it unchanged (whatever staff changed since)."""
    return _survey_create_once(
        slug=SLUG,
        project_page=project_page,
        status=Survey.Status.CLOSED,
        period=AUTUMN_2022,
        title=SURVEY["title"],
        intro=SURVEY["intro"],
    )


def load_demo_survey(*, project_page) -> Survey:
    """An open copy of the survey, marked as demo, for trying the form in development."""
    return _survey_create_once(
        slug=DEMO_SLUG,
        project_page=project_page,
        status=Survey.Status.OPEN,
        period=(timezone.now(), None),
        title={code: f"(Demo) {text}" for code, text in SURVEY["title"].items()},
        intro={code: DEMO_NOTICE[code] + text for code, text in SURVEY["intro"].items()},
    )


def _survey_create_once(*, slug, project_page, status, period, title, intro) -> Survey:
    existing = Survey.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=slug,
            main_language="nb",
            extra_languages="en",
            status=status,
            access=Survey.Access.LINK,
            opens_at=period[0],
            closes_at=period[1],
            project_page=project_page,
            **_texts("title", title),
            **_texts("intro", intro),
            **_texts("thank_you", SURVEY["thank_you"]),
        )
        order = 0
        for section_number, (title, questions) in enumerate(SECTIONS, start=1):
            section = Section.objects.create(
                survey=survey, order=section_number * 10, **_texts("title", title)
            )
            for spec in questions:
                order += 10
                question = Question.objects.create(
                    survey=survey,
                    section=section,
                    order=order,
                    key=spec["key"],
                    type=spec["type"],
                    required=spec.get("required", True),
                    allow_other=spec.get("allow_other", False),
                    **_texts("text", spec["text"]),
                    **_texts("help", spec.get("help")),
                    **_texts("low_label", spec.get("low")),
                    **_texts("high_label", spec.get("high")),
                )
                Option.objects.bulk_create(
                    Option(question=question, order=code, code=code, **_texts("label", label))
                    for code, label in enumerate(spec.get("options", []), start=1)
                )
    survey_loaded_forget(instance=survey)  # bulk_create sends no signals
    return survey
