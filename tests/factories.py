"""Small builders for test data, so each test states only what it cares about."""

from itertools import count

from django.utils import timezone

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Intervention, PublicationState, SourceDocument

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


def make_intervention(state=PublicationState.PUBLISHED, themes=(), forces=(), **fields):
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
    return intervention


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


def make_outcome(intervention, **fields):
    number = next(_sequence)
    defaults = {
        "key": f"outcome-{number}",
        "measure": f"Measure {number}",
        "measure_kind": "violent-crime",
        "value": 10,
        "unit": "percent",
        "direction": "reduction",
    }
    if "source" not in fields:
        defaults["source"] = make_source()
    return OutcomeMetric.objects.create(intervention=intervention, **{**defaults, **fields})
