# Two commands are the contract: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run install install-dev test lint format check messages audit reset-local-db bench mutate validate

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install only when the pins change, so a second `make run` starts quickly.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_site_content --hostname 127.0.0.1 --port $(PORT)
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_superuser
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# On SQLite (DATABASE_URL unset) the PostgreSQL-only locking tests skip: the second
# step runs them on a throwaway database when PostgreSQL answers on 127.0.0.1:5432,
# and says loudly when it does not (scripts/locking_tests_on_postgres.py).
test: install-dev
	DJANGO_SETTINGS_MODULE=lejerbo_site.settings.test $(PY) -m pytest
	@$(PY) scripts/locking_tests_on_postgres.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Refresh every app's translation catalogue and compile it (needs GNU gettext).
messages: install-dev
	$(PY) scripts/update_messages.py

# Known vulnerabilities in the pins: fails on any. Where neither PyPI's JSON API nor
# osv.dev can be reached it says "NOT audited" and passes (AUDIT_REQUIRE_SERVICE=1: fails).
audit: install-dev
	$(PY) scripts/audit.py

reset-local-db:
	rm -f db.sqlite3
	$(MAKE) run

# Our site against a plain `wagtail start` site, side by side on PostgreSQL (needs
# wrk; see scripts/bench/bench.py and the README's Performance section).
bench: install
	$(PY) scripts/bench/bench.py

# Mutation testing (not in CI: too slow for 2 cores; see docs/testing.md). Change the
# lists to mutate fewer modules, e.g. one module with its own tests.
MUTATE_MODULES ?= participation/services.py participation/tokens.py core/exports.py \
	lejerbo_site/views.py lejerbo_site/sitemaps.py surveys/services.py surveys/selectors.py
MUTATE_TESTS ?= tests/participation tests/core tests/surveys/test_seminar_contact_export.py \
	tests/lejerbo_site/test_site_pages.py tests/lejerbo_site/test_page_privacy.py \
	tests/surveys/test_services_teeth.py tests/surveys/test_response_submit.py \
	tests/surveys/test_invitation_codes.py tests/surveys/test_pool_mixing.py \
	tests/surveys/test_anonymity.py tests/surveys/test_response_ids.py \
	tests/surveys/test_seminar_contacts.py tests/surveys/test_seminar_contacts_purge.py \
	tests/surveys/test_survey_lock.py tests/surveys/test_recipient_import.py \
	tests/surveys/test_invitation_links.py tests/surveys/test_invitation_mail_delivery.py \
	tests/surveys/test_results_disclosure_control.py tests/surveys/test_survey_results.py \
	tests/surveys/test_query_counts.py
# Mutants tested at once; the machine is shared, so 2 by default.
MUTATE_JOBS ?= 2
mutate:
	$(PY) scripts/mutate.py --modules "$(MUTATE_MODULES)" --tests "$(MUTATE_TESTS)" run --max-children $(MUTATE_JOBS)
	$(PY) scripts/mutate.py --modules "$(MUTATE_MODULES)" --tests "$(MUTATE_TESTS)" results

# Every public page and state through the W3C Nu HTML checker (needs npm and a Java
# runtime: apt-get install default-jre-headless). The checker is kept in .cache/vnu.
VNU_DIR := .cache/vnu
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	mkdir -p $(VNU_DIR)
	cd $(VNU_DIR) && npm install --silent --no-save vnu-jar

validate: install-dev $(VNU_JAR)
	VNU_JAR=$(abspath $(VNU_JAR)) DJANGO_SETTINGS_MODULE=lejerbo_site.settings.test $(PY) -m pytest -q tests/lejerbo_site/test_html_valid.py
