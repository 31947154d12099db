"""What the evidence features add to an entry's page, from the rows the page already loads."""

from django.urls import reverse

from evidence.charts import outcome_charts
from evidence.citations import figure_citation_text, report_citation_text
from evidence.costs import costs_per_person


def entry_evidence(entry, request):
    """Charts, cost per person, evidence elsewhere, citation downloads and a citation for each
    outcome figure of ``entry``.

    Expects the entry's funding, outcomes, reports and external evidence prefetched.
    Citation downloads exist for published entries only, so a preview offers none.
    """
    outcomes = list(entry.outcomes.all())
    # The entry's address once: each figure's and report's is it and a fragment (a slug).
    entry_url = request.build_absolute_uri(entry.get_absolute_url())
    for outcome in outcomes:
        outcome.citation_text = figure_citation_text(
            outcome, entry, f"{entry_url}#outcome-{outcome.key}"
        )
    for report in entry.reports.all():
        listed_at = f"{entry_url}#report-{report.slug}"
        report.citation_text = report_citation_text(report, report.url or listed_at)
        report.ris_url = (
            reverse("evidence:report_ris", args=[report.slug]) if entry.is_published else ""
        )
    return {
        "outcome_charts": outcome_charts(outcomes),
        "costs_per_person": costs_per_person(entry.funding.all(), outcomes),
        "evidence_elsewhere": list(entry.external_evidence.all()),
        "entry_ris_url": reverse("evidence:entry_ris", args=[entry.slug])
        if entry.is_published
        else "",
    }
