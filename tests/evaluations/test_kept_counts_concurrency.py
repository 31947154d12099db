"""Two curators saving at the same moment: the kept counts and the figures' copies stay
right, and neither save fails. Each test holds one transaction open on a connection of
its own while another thread saves, as two requests would."""

import threading
import time

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import OutcomeMetric
from evidence.gapmap import GapMap
from interventions.facet_index import refresh_facet_keys
from interventions.models import Intervention, PublicationState, Theme
from tests.factories import make_intervention, make_outcome, make_source

# Committed for the other connection to see; the reference data is put back afterwards.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_rows_back_afterwards"),
]


# Long enough for the thread to reach its lock wait; a lock wait itself is never timed.
SETTLE_SECONDS = 0.5


def other_connection():
    """A connection of its own, in a transaction until committed."""
    return psycopg.connect(**connection.get_connection_params())


def in_thread(work):
    """Run ``work`` in a thread with Django connections of its own; return the thread and
    a list that receives any exception it raises."""
    failures = []

    def run():
        try:
            work()
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def a_theme():
    return Theme.objects.get(slug="knife-crime")


def test_a_figure_saved_while_its_entry_is_unpublished_is_not_left_public():
    entry = make_intervention(themes=[a_theme()])
    source = make_source()
    unpublishing = other_connection()
    unpublishing.execute(
        "UPDATE interventions_intervention SET publication_state = %s WHERE id = %s",
        [PublicationState.DRAFT, entry.pk],
    )
    thread, failures = in_thread(lambda: make_outcome(entry, source=source))
    time.sleep(SETTLE_SECONDS)
    unpublishing.commit()
    unpublishing.close()
    thread.join(timeout=30)
    assert not thread.is_alive() and not failures
    assert Intervention.objects.get(pk=entry.pk).publication_state == PublicationState.DRAFT
    assert not OutcomeMetric.objects.published().exists()
    assert not OutcomeMetric.objects.filter(entry_published=True).exists()


def test_a_figure_saved_while_another_entry_is_published_neither_fails():
    theme = a_theme()
    saved = make_intervention(themes=[theme])
    published_later = make_intervention(state=PublicationState.DRAFT, themes=[theme])
    make_outcome(published_later, measure_kind="robbery")
    refresh_facet_keys([saved.pk, published_later.pk])
    figure_written = threading.Event()

    def save_a_figure():
        with transaction.atomic():
            # Written without signals, then the entry's keys refreshed, as its save does.
            OutcomeMetric.objects.bulk_create(
                [
                    OutcomeMetric(
                        intervention=saved,
                        key="new",
                        measure="Robberies",
                        measure_kind="robbery",
                        value=5,
                        unit="count",
                        scope="participants",
                        source=make_source(),
                    )
                ]
            )
            figure_written.set()
            time.sleep(SETTLE_SECONDS)
            refresh_facet_keys([saved.pk])

    def publish():
        figure_written.wait(timeout=10)
        with transaction.atomic():
            Intervention.objects.filter(pk=published_later.pk).update(
                publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
            )

    saving, saving_failed = in_thread(save_a_figure)
    publishing, publishing_failed = in_thread(publish)
    saving.join(timeout=30)
    publishing.join(timeout=30)
    assert not saving_failed and not publishing_failed
    robbery = next(
        cell
        for row in GapMap({}).rows
        if row.theme == theme
        for cell in row.cells
        if cell.column == "robbery"
    )
    assert robbery.count == 2
