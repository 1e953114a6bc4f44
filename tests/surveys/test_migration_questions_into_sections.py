"""The builder shows questions inside sections: the migration puts the questions that
had no section into one, and respondents see the same steps as before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("surveys", "0004_export_log_into_audit_trail")]
AFTER = [("surveys", "0006_questions_in_sections")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_questions_without_a_section_get_a_last_untitled_section():
    old = migrate(BEFORE)
    Survey, Section = old.get_model("surveys", "Survey"), old.get_model("surveys", "Section")
    Question = old.get_model("surveys", "Question")
    mixed = Survey.objects.create(slug="mixed", title_da="Blandet", opens_at=timezone.now())
    first = Section.objects.create(survey=mixed, order=5, title_da="Om jer")
    Question.objects.create(survey=mixed, section=first, key="a", type="short", order=1)
    Question.objects.create(survey=mixed, key="b", type="short", order=2)
    flat = Survey.objects.create(slug="flat", title_da="Flad", opens_at=timezone.now())
    Question.objects.create(survey=flat, key="c", type="short", order=1)

    new = migrate(AFTER)
    Section = new.get_model("surveys", "Section")
    Question = new.get_model("surveys", "Question")
    assert not Question.objects.filter(section__isnull=True).exists()
    mixed_sections = list(Section.objects.filter(survey__slug="mixed").order_by("order", "pk"))
    assert [s.title_da for s in mixed_sections] == ["Om jer", ""]
    assert Question.objects.get(key="a").section_id == mixed_sections[0].pk
    assert Question.objects.get(key="b").section_id == mixed_sections[1].pk
    (flat_section,) = Section.objects.filter(survey__slug="flat")
    assert Question.objects.get(key="c").section_id == flat_section.pk
    migrate(migrate_latest())


def migrate_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
