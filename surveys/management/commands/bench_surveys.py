"""Benchmark surveys on PostgreSQL: submissions per second and large exports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lejerbo_bench \\
        .venv/bin/python manage.py bench_surveys --responses 100000

1. Submissions: starts gunicorn on a free local port and lets a few concurrent
   clients answer a copy of the source survey through the real HTTP stack (GET,
   then one POST per step, CSRF cookie and signed state like a browser).
2. Exports: generates the responses in bulk, then exports them as CSV and as
   xlsx, each in a fresh process so its peak memory (max RSS) is its own.

Everything it creates is deleted afterwards. Not a test: numbers vary by machine.
"""

import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from surveys.content import load_source_survey
from surveys.models import Answer, Question, Response, SubmissionToken, Survey
from surveys.services import survey_copy

STATE_RE = re.compile(r'name="state" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss, not inherited over exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _step_data(survey: Survey) -> list[dict]:
    """Valid POST data for every step of the survey."""
    from surveys.selectors import survey_get_with_questions, survey_steps

    survey = survey_get_with_questions(slug=survey.slug)
    steps = []
    for step in survey_steps(survey=survey, language=survey.main_language):
        data = {}
        for q in step.questions:
            options = list(q.options.all())
            name = f"q{q.pk}"
            if q.type in (Question.Type.SINGLE, Question.Type.MULTIPLE):
                data[name] = str(random.choice(options).pk)
            elif q.type == Question.Type.MATRIX:
                for item in options:
                    data[f"{name}_i{item.pk}"] = str(random.randint(q.scale_min, q.scale_max))
            elif q.type == Question.Type.LIKERT:
                data[name] = str(random.randint(q.scale_min, q.scale_max))
            elif q.type == Question.Type.YES_NO:
                data[name] = "1"
            elif q.type == Question.Type.NUMBER:
                data[name] = "10"
            else:
                data[name] = "Lite tid og få ressurser."
        steps.append(data)
    return steps


class Command(BaseCommand):
    help = "Benchmark survey submissions (gunicorn) and exports of many responses (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=15)
        parser.add_argument("--export-only", default="", help=argparse_hidden())
        parser.add_argument("--format", default="csv", help=argparse_hidden())

    def handle(self, *args, **options):
        if options["export_only"]:
            return self._export_once(options["export_only"], options["format"])
        if connection.vendor != "postgresql":
            raise CommandError("Run the benchmark on PostgreSQL (set DATABASE_URL).")
        source = load_source_survey(project_page=None)
        survey = survey_copy(survey=source)
        survey.status = Survey.Status.OPEN
        survey.opens_at = timezone.now() - timezone.timedelta(minutes=1)
        survey.save()
        try:
            self._bench_http(survey, options)
            self._generate(survey, options["responses"])
            for file_format in ("csv", "xlsx"):
                self._bench_export(survey, file_format)
        finally:
            Response.objects.filter(survey=survey).delete()
            survey.delete()

    # 1. Submissions through gunicorn ---------------------------------------------
    def _bench_http(self, survey, options):
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "lejerbo_site.wsgi",
                "-b", f"127.0.0.1:{port}", "-w", str(options["workers"]), "--log-level", "warning",
            ],
            env=env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/survey/{survey.slug}/"
        try:
            self._wait_for(base)
            steps = _step_data(survey)
            done, errors = [], []
            deadline = time.monotonic() + options["seconds"]

            def client():
                while time.monotonic() < deadline:
                    try:
                        self._answer_once(base, steps)
                        done.append(1)
                    except Exception as error:  # noqa: BLE001 - counted and reported
                        errors.append(repr(error))

            threads = [threading.Thread(target=client) for _ in range(options["clients"])]
            start = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
        stored = Response.objects.filter(survey=survey).count()
        self.stdout.write(
            f"submissions: {len(done)} in {elapsed:.1f} s = {len(done) / elapsed:.1f}/s "
            f"({options['clients']} clients, {options['workers']} gunicorn workers, "
            f"{len(steps)} steps = {len(steps) + 1} requests each); stored {stored}; "
            f"errors {len(errors)}{': ' + errors[0] if errors else ''}"
        )

    def _wait_for(self, url):
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise CommandError("gunicorn did not start")

    def _answer_once(self, base, steps):
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = opener.open(base, timeout=10).read().decode()
        for data in steps:
            body = {
                "csrfmiddlewaretoken": CSRF_RE.search(page).group(1),
                "state": STATE_RE.search(page).group(1),
                **data,
            }
            reply = opener.open(base, urllib.parse.urlencode(body).encode(), timeout=10)
            page = reply.read().decode()
        if "/thanks/" not in reply.geturl():
            raise RuntimeError("not submitted")

    # 2. Exports -------------------------------------------------------------------
    def _generate(self, survey, count):
        start = time.monotonic()
        questions = list(survey.questions.prefetch_related("options"))
        batch = 2000
        today = timezone.localdate()
        for offset in range(0, count, batch):
            with transaction.atomic():
                responses = Response.objects.bulk_create(
                    Response(survey=survey, submitted_on=today, language="nb")
                    for _ in range(min(batch, count - offset))
                )
                answers = []
                for response in responses:
                    for q in questions:
                        options = list(q.options.all())
                        if q.type == Question.Type.SINGLE:
                            answers.append(
                                Answer(response=response, question=q, option=random.choice(options))
                            )
                        elif q.type == Question.Type.MULTIPLE:
                            for option in random.sample(options, k=min(2, len(options))):
                                answers.append(Answer(response=response, question=q, option=option))
                        elif q.type == Question.Type.MATRIX:
                            answers += [
                                Answer(
                                    response=response,
                                    question=q,
                                    option=o,
                                    number=random.randint(1, 5),
                                )
                                for o in options
                            ]
                        elif q.type == Question.Type.LIKERT:
                            answers.append(
                                Answer(response=response, question=q, number=random.randint(1, 5))
                            )
                        else:
                            answers.append(
                                Answer(
                                    response=response,
                                    question=q,
                                    text="=Lite tid; få ressurser, æøå",
                                )
                            )
                Answer.objects.bulk_create(answers, batch_size=5000)
        SubmissionToken.objects.all().delete()
        self.stdout.write(f"generated {count} responses in {time.monotonic() - start:.1f} s")

    def _bench_export(self, survey, file_format):
        result = subprocess.run(
            [sys.executable, "manage.py", "bench_surveys", "--export-only", str(survey.pk),
             "--format", file_format],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        self.stdout.write(result.stdout.strip())

    def _export_once(self, survey_pk, file_format):
        """Run in a fresh process: stream one export to nowhere, report time and peak RSS."""
        from core.exports import csv_response, xlsx_response
        from surveys.exports import (
            survey_codebook,
            survey_export_columns,
            survey_export_header,
            survey_export_rows,
        )

        survey = Survey.objects.get(pk=survey_pk)
        before = _peak_rss_mb()
        start = time.monotonic()
        columns = survey_export_columns(survey=survey)
        header = survey_export_header(columns)
        rows = survey_export_rows(survey=survey, columns=columns)
        size = 0
        if file_format == "csv":
            for chunk in csv_response("x.csv", header, rows).streaming_content:
                size += len(chunk)
        else:
            response = xlsx_response(
                "x.xlsx",
                [
                    ("Responses", header, rows),
                    ("Codebook", *survey_codebook(survey=survey, columns=columns)),
                ],
            )
            for chunk in response.streaming_content:
                size += len(chunk)
            response.close()
        elapsed = time.monotonic() - start
        peak = _peak_rss_mb()
        self.stdout.write(
            f"export {file_format}: {survey.responses.count()} rows, {size / 1e6:.1f} MB "
            f"in {elapsed:.1f} s; peak RSS {peak:.0f} MB "
            f"(process before export {before:.0f} MB)"
        )


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
