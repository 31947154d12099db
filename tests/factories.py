"""Small builders for test data, so each test states only what it cares about."""

from contextlib import contextmanager
from datetime import date
from itertools import count

from django.db import transaction
from django.utils import timezone

from evaluations.models import EvaluationReport, EvidenceRating, OutcomeMetric, SeminarSession
from interventions.models import (
    Funding,
    Intervention,
    Organisation,
    PartnerRole,
    PublicationState,
    Purpose,
    Setting,
    SourceCitation,
    SourceDocument,
)

_sequence = count(1)


def make_source(**fields):
    number = next(_sequence)
    defaults = {
        "title": f"Source document {number}",
        "slug": f"source-{number}",
        "publisher": "College of Policing",
        "kind": "report",
    }
    return SourceDocument.objects.create(**{**defaults, **fields})


def make_organisation(**fields):
    number = next(_sequence)
    defaults = {
        "name": f"Organisation {number}",
        "slug": f"organisation-{number}",
        "kind": "charity",
    }
    return Organisation.objects.create(**{**defaults, **fields})


def make_intervention(
    state=PublicationState.PUBLISHED,
    themes=(),
    forces=(),
    purposes=(),
    settings=(),
    sources=(),
    partners=(),
    **fields,
):
    """An entry; ``purposes`` and ``settings`` may be slugs, ``partners`` (organisation, role)."""
    number = next(_sequence)
    defaults = {
        "name": f"Intervention {number}",
        "slug": f"intervention-{number}",
        "summary": f"Summary of intervention {number}.",
        "publication_state": state,
    }
    if state == PublicationState.PUBLISHED:
        defaults["published_at"] = timezone.now()
    intervention = Intervention.objects.create(**{**defaults, **fields})
    intervention.themes.set(themes)
    intervention.forces.set(forces)
    intervention.purposes.set(_lookups(Purpose, purposes))
    intervention.delivery_settings.set(_lookups(Setting, settings))
    for source in sources:
        SourceCitation.objects.create(intervention=intervention, source=source)
    for organisation, role in partners:
        PartnerRole.objects.create(intervention=intervention, organisation=organisation, role=role)
    return intervention


def _lookups(model, items):
    return [model.objects.get(slug=item) if isinstance(item, str) else item for item in items]


def make_report(interventions, **fields):
    number = next(_sequence)
    defaults = {
        "title": f"Evaluation report {number}",
        "slug": f"report-{number}",
        "report_type": "full-technical-report",
        "file_format": "pdf",
        "file_size_bytes": 188959,
    }
    if "source" not in fields:
        defaults["source"] = make_source()
    report = EvaluationReport.objects.create(**{**defaults, **fields})
    report.interventions.set(interventions)
    return report


def make_rating(intervention, verdict="not-yet-known", **fields):
    """An evidence rating; any verdict but "not yet known" comes with findings and a source."""
    defaults = {"rated_by": "Alex Curator", "rated_on": date(2026, 1, 15)}
    if verdict != "not-yet-known":
        defaults["findings_summary"] = f"What the evaluation of {intervention.name} found."
        defaults["source_section"] = "Evaluation"
        if "source" not in fields:
            defaults["source"] = make_source()
    return EvidenceRating.objects.create(
        intervention=intervention, verdict=verdict, **{**defaults, **fields}
    )


def make_outcome(intervention, **fields):
    number = next(_sequence)
    defaults = {
        "key": f"outcome-{number}",
        "measure": f"Measure {number}",
        "measure_kind": "violent-crime",
        "value": 10,
        "unit": "percent",
        "direction": "reduction",
        # Most figures are the intervention's own; tests of the caveat ask for another scope.
        "scope": "participants",
    }
    if "source" not in fields:
        defaults["source"] = make_source()
    return OutcomeMetric.objects.create(intervention=intervention, **{**defaults, **fields})


def make_funding(intervention, **fields):
    number = next(_sequence)
    defaults = {"key": f"funding-{number}", "description": f"Funding line {number}"}
    if "source" not in fields:
        defaults["source"] = make_source()
    return Funding.objects.create(intervention=intervention, **{**defaults, **fields})


def make_session(interventions, **fields):
    number = next(_sequence)
    defaults = {
        "number": 1,
        "title": f"Seminar {number}",
        "slug": f"seminar-{number}",
        "date": date(2021, 7, 13),
    }
    if "source" not in fields:
        defaults["source"] = make_source()
    session = SeminarSession.objects.create(**{**defaults, **fields})
    session.interventions.set(interventions)
    return session


@contextmanager
def shared_across_tests(django_db_blocker):
    """Rows written inside serve every test of a module- or class-scoped fixture, then go.

    Each test still runs in its own savepoint, so nothing one test does leaks into another.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
