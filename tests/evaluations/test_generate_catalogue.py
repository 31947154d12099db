from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Intervention
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def generate(*args):
    out = StringIO()
    call_command("generate_catalogue", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return list(
        Intervention.objects.order_by("slug").values_list(
            "slug", "name", "evidence_stage", "publication_state", "age_min", "age_max"
        )
    )


def test_it_generates_entries_with_a_realistic_shape_and_reports_progress():
    output = generate("--interventions", "60", "--seed", "7", "--batch-size", "25")
    assert Intervention.objects.filter(slug__startswith="synthetic-").count() == 60
    assert "[       25/60] entries written" in output
    assert "[       60/60] entries written" in output
    for entry in Intervention.objects.prefetch_related("themes", "forces", "reports", "outcomes"):
        assert 1 <= entry.themes.count() <= 3
        assert 1 <= entry.forces.count() <= 2
        assert entry.reports.count() <= 5
        assert entry.outcomes.count() <= 8
    assert EvaluationReport.objects.exists()
    assert OutcomeMetric.objects.exists()


def test_the_same_seed_gives_the_same_catalogue():
    generate("--interventions", "30", "--seed", "11")
    first = snapshot()
    generate("--interventions", "30", "--seed", "11", "--clear")
    assert snapshot() == first
    generate("--interventions", "30", "--seed", "12", "--clear")
    assert snapshot() != first


def test_some_entries_stay_drafts_so_filtering_is_exercised():
    generate("--interventions", "200", "--seed", "1", "--draft-share", "0.25")
    drafts = Intervention.objects.filter(publication_state="draft").count()
    assert 20 < drafts < 80
    assert Intervention.objects.published().count() == 200 - drafts


def test_running_twice_without_clear_is_refused_rather_than_duplicating():
    generate("--interventions", "5")
    with pytest.raises(CommandError, match="--clear"):
        generate("--interventions", "5")
    assert Intervention.objects.count() == 5


@pytest.mark.parametrize(
    "args",
    [
        ["--interventions", "0"],
        ["--interventions", "-5"],
        ["--interventions", "2000000"],
        ["--interventions", "5", "--draft-share", "1.5"],
        ["--interventions", "5", "--batch-size", "0"],
    ],
)
def test_out_of_range_arguments_get_a_clear_error(args):
    with pytest.raises(CommandError):
        generate(*args)
    assert not Intervention.objects.exists()


def test_clear_leaves_real_entries_alone():
    real = make_intervention(name="A real entry")
    generate("--interventions", "5")
    generate("--interventions", "5", "--clear")
    assert Intervention.objects.filter(pk=real.pk).exists()
    assert Intervention.objects.count() == 6


def test_generated_entries_are_found_by_every_filter():
    """Bulk inserts send no signals: the generator must fill the facet keys itself."""
    from interventions.models import Force, Theme

    generate("--interventions", "80", "--seed", "3")
    published = Intervention.objects.published()
    checked = 0
    for theme in Theme.objects.all():
        expected = published.filter(themes=theme).count()
        assert published.with_themes([theme.slug]).count() == expected, theme.slug
        checked += expected
    for region in Force.objects.values_list("region", flat=True).distinct():
        expected = published.filter(forces__region=region).distinct().count()
        assert published.in_regions([region]).count() == expected, region
    assert checked > 0
    # Only reports that evaluate an entry count: not its annual or performance reports.
    assert published.with_report(True).count() == (
        published.filter(reports__is_evaluation=True).distinct().count()
    )
    # Generated entries are not rated, so every one is "not yet known".
    assert published.with_verdicts(["not-yet-known"]).count() == published.count()
