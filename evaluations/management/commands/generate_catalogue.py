"""Generate a large, deterministic synthetic catalogue for benchmarks and load tests.

    python manage.py generate_catalogue --interventions 100000 --seed 1

Entries get several themes and forces, 0 to 5 reports and 0 to 8 metrics, and long
descriptions, like real ones. Everything is bulk-inserted in batches; the same
seed always gives the same catalogue. Synthetic rows are marked by slugs starting
with "synthetic-" and a source document of their own, and --clear removes them.
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import (
    Direction,
    EvaluationReport,
    FileFormat,
    MeasureKind,
    Method,
    OutcomeMetric,
    ReportType,
    Unit,
)
from interventions import facet_index
from interventions.catalogue_cache import bump_version
from interventions.facet_index import refresh_facet_keys
from interventions.models import (
    EvidenceStage,
    Force,
    Intervention,
    Organisation,
    OrganisationKind,
    PartnerRole,
    PartnerRoleKind,
    PublicationState,
    Purpose,
    Setting,
    SourceCitation,
    SourceDocument,
    SourceKind,
    Status,
    Theme,
)
from interventions.search import refresh_search_vectors

PREFIX = "synthetic-"
SOURCE_SLUG = "synthetic-catalogue"
MAX_INTERVENTIONS = 1_000_000

ADJECTIVES = [
    "Community",
    "Early",
    "Targeted",
    "Integrated",
    "Trusted",
    "Safer",
    "Street",
    "Family",
    "Youth",
    "Custody",
    "Hospital",
    "School",
    "Night-time",
    "Restorative",
    "Focused",
    "Joint",
]
NOUNS = [
    "Navigator",
    "Diversion",
    "Outreach",
    "Mentoring",
    "Partnership",
    "Panel",
    "Programme",
    "Taskforce",
    "Network",
    "Pathway",
    "Project",
    "Initiative",
    "Scheme",
    "Team",
    "Service",
]
TOPICS = [
    "knife crime",
    "county lines",
    "serious youth violence",
    "domestic abuse",
    "exploitation",
    "robbery",
    "violence in the night-time economy",
    "gang involvement",
    "school exclusion",
    "reoffending",
    "weapon carrying",
    "stalking",
]
SENTENCES = [
    "Practitioners meet young people at a moment when they are open to help and agree a plan.",
    "Referrals come from police, schools, youth justice services and hospital staff.",
    "A multi-agency panel reviews each case every month and adjusts the support offered.",
    "Youth workers with lived experience build trusting relationships over several months.",
    "Officers patrol the small number of places where most violence happens.",
    "Families receive practical support with housing, education and employment.",
    "The team shares information with partners under an agreed protocol.",
    "Staff were trained in trauma-informed practice before the service began.",
    "Sessions combine sport, mentoring and conversations about the consequences of violence.",
    "Progress is tracked against interim outcomes agreed with commissioners.",
    "The service extends beyond office hours so that support is there when it is needed.",
    "A steering group of partners oversees delivery and funding decisions.",
]
MEASURES = [
    ("Hospital admissions for assault with a sharp object", MeasureKind.HOSPITAL),
    ("Robberies in the town centre", MeasureKind.ROBBERY),
    ("Young people reoffending within 12 months", MeasureKind.REOFFENDING),
    ("Young people engaged", MeasureKind.ENGAGEMENT),
    ("Knife-enabled offences", MeasureKind.KNIFE_CRIME),
    ("Referrals received", MeasureKind.REFERRALS),
    ("Serious violence offences", MeasureKind.VIOLENT_CRIME),
    ("Cost of violence to local services", MeasureKind.COST),
]


class Command(BaseCommand):
    help = "Generate a deterministic synthetic catalogue (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--interventions", type=int, required=True, help="How many entries.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--draft-share",
            type=float,
            default=0.1,
            help="Share of entries left as drafts, so benchmarks also prove drafts are filtered.",
        )
        parser.add_argument(
            "--clear", action="store_true", help="Remove earlier synthetic rows first."
        )

    def handle(self, *args, interventions, seed, batch_size, draft_share, clear, **options):
        if not 0 < interventions <= MAX_INTERVENTIONS:
            raise CommandError(f"--interventions must be between 1 and {MAX_INTERVENTIONS:,}.")
        if not 0 <= draft_share <= 1:
            raise CommandError("--draft-share must be between 0 and 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if clear:
            self.clear()
        elif Intervention.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Synthetic entries already exist; run again with --clear.")

        self.random = random.Random(seed)
        self.started = time.monotonic()
        self.vocabulary = {
            "themes": list(Theme.objects.values_list("pk", flat=True)),
            "forces": list(Force.objects.values_list("pk", flat=True)),
            "purposes": list(Purpose.objects.values_list("pk", flat=True)),
            "settings": list(Setting.objects.values_list("pk", flat=True)),
        }
        with transaction.atomic():
            self.source = SourceDocument.objects.create(
                slug=SOURCE_SLUG,
                title="Synthetic catalogue for benchmarks",
                publisher="Generated",
                kind=SourceKind.REPORT,
                summary=f"Generated by generate_catalogue with seed {seed}.",
            )
            self.organisations = self.create_organisations(count=max(20, interventions // 200))
        written = 0
        for start in range(0, interventions, batch_size):
            size = min(batch_size, interventions - start)
            with transaction.atomic():
                counts = self.write_batch(start, size, draft_share)
            written += size
            self.progress(written, interventions, counts)
        bump_version()
        # Each entry was written, then rewritten with its search vector and facet keys,
        # which leaves half the entries' table as dead rows between the live ones: a
        # layout no catalogue grown by curators has. Packed, it is laid out as a restored
        # backup would be. Then fresh planner statistics, or the first queries plan as if
        # the tables were empty.
        # VACUUM cannot run in a transaction, as when the command is called from one.
        with connection.cursor() as cursor:
            if not connection.in_atomic_block:
                self.stdout.write(f"Packing {Intervention._meta.db_table} (VACUUM FULL)...")
                cursor.execute(f"VACUUM FULL {Intervention._meta.db_table}")
            self.stdout.write("Updating PostgreSQL planner statistics (ANALYZE)...")
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {interventions:,} synthetic entries with seed {seed} "
                f"in {time.monotonic() - self.started:.1f} s."
            )
        )

    def clear(self):
        synthetic = Intervention.objects.filter(slug__startswith=PREFIX)
        self.stdout.write(f"Removing {synthetic.count():,} earlier synthetic entries...")
        with transaction.atomic(), facet_index.paused():
            EvaluationReport.objects.filter(slug__startswith=PREFIX).delete()
            synthetic.delete()
            Organisation.objects.filter(slug__startswith=PREFIX).delete()
            SourceDocument.objects.filter(slug=SOURCE_SLUG).delete()

    def create_organisations(self, count):
        kinds = OrganisationKind.values
        return Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic {self.random.choice(NOUNS)} Organisation {number}",
                slug=f"{PREFIX}organisation-{number}",
                kind=self.random.choice(kinds),
            )
            for number in range(1, count + 1)
        )

    def write_batch(self, start, size, draft_share):
        rng = self.random
        now = timezone.now()
        entries = []
        for number in range(start + 1, start + size + 1):
            published = rng.random() >= draft_share
            age_min = rng.choice([None, 8, 10, 12, 14, 16, 18])
            age_max = None if age_min is None else age_min + rng.choice([4, 7, 10, 12])
            start_year = rng.randint(2012, 2024)
            topic = rng.choice(TOPICS)
            entries.append(
                Intervention(
                    name=f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {number}",
                    short_name=f"S{number}",
                    slug=f"{PREFIX}{number:07d}",
                    summary=f"A synthetic entry about {topic}. "
                    + " ".join(rng.sample(SENTENCES, 2)),
                    description="\n\n".join(
                        " ".join(rng.sample(SENTENCES, 6)) for _ in range(rng.randint(3, 6))
                    ),
                    age_min=age_min,
                    age_max=age_max,
                    target_group=f"People affected by {topic}",
                    status=rng.choice(Status.values),
                    start_year=start_year,
                    end_year=rng.choice([None, start_year + rng.randint(0, 3)]),
                    evidence_stage=rng.choice(EvidenceStage.values),
                    publication_state=(
                        PublicationState.PUBLISHED if published else PublicationState.DRAFT
                    ),
                    published_at=now - timedelta(days=rng.randint(0, 1500)) if published else None,
                    last_reviewed=date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000)),
                )
            )
        entries = Intervention.objects.bulk_create(entries)
        counts = {"links": 0, "reports": 0, "metrics": 0}
        counts["links"] += self.link(entries, Intervention.themes.through, "theme", "themes", 1, 3)
        counts["links"] += self.link(entries, Intervention.forces.through, "force", "forces", 1, 2)
        counts["links"] += self.link(
            entries, Intervention.purposes.through, "purpose", "purposes", 1, 2
        )
        counts["links"] += self.link(
            entries, Intervention.delivery_settings.through, "setting", "settings", 1, 2
        )
        SourceCitation.objects.bulk_create(
            SourceCitation(intervention=entry, source=self.source, section="Synthetic")
            for entry in entries
        )
        PartnerRole.objects.bulk_create(
            PartnerRole(intervention=entry, organisation=organisation, role=role)
            for entry in entries
            for organisation, role in zip(
                rng.sample(self.organisations, rng.randint(0, 3)),
                rng.sample(PartnerRoleKind.values, 3),
                strict=False,
            )
        )
        counts["reports"] = self.write_reports(entries)
        counts["metrics"] = self.write_metrics(entries)
        # Bulk inserts send no signals, so search vectors and facet keys are computed here.
        refresh_search_vectors([entry.pk for entry in entries])
        refresh_facet_keys([entry.pk for entry in entries])
        return counts

    def link(self, entries, through, field, vocabulary, low, high):
        rows = [
            through(intervention_id=entry.pk, **{f"{field}_id": pk})
            for entry in entries
            for pk in self.random.sample(
                self.vocabulary[vocabulary], self.random.randint(low, high)
            )
        ]
        through.objects.bulk_create(rows)
        return len(rows)

    def write_reports(self, entries):
        rng = self.random
        reports, links = [], []
        for entry in entries:
            for position in range(rng.randint(0, 5)):
                report_type = rng.choice(ReportType.values)
                reports.append(
                    EvaluationReport(
                        title=f"{entry.name}: {ReportType(report_type).label} {position + 1}",
                        slug=f"{entry.slug}-report-{position + 1}",
                        report_type=report_type,
                        file_format=FileFormat.PDF,
                        file_size_bytes=rng.randint(100_000, 5_000_000),
                        method=rng.choice(Method.values),
                        published_on=date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500)),
                        url=rng.choice(["", f"https://example.org/reports/{entry.slug}.pdf"]),
                        source=self.source,
                    )
                )
                links.append(entry)
        reports = EvaluationReport.objects.bulk_create(reports)
        EvaluationReport.interventions.through.objects.bulk_create(
            EvaluationReport.interventions.through(
                evaluationreport_id=report.pk, intervention_id=entry.pk
            )
            for report, entry in zip(reports, links, strict=True)
        )
        return len(reports)

    def write_metrics(self, entries):
        rng = self.random
        metrics = []
        for entry in entries:
            for position in range(rng.randint(0, 8)):
                measure, kind = rng.choice(MEASURES)
                unit = rng.choice([Unit.PERCENT, Unit.COUNT])
                baseline = rng.randint(20, 400)
                follow_up = max(0, baseline - rng.randint(-40, 150))
                metrics.append(
                    OutcomeMetric(
                        intervention=entry,
                        key=f"metric-{position + 1}",
                        measure=measure,
                        measure_kind=kind,
                        value=(
                            Decimal(abs(baseline - follow_up) * 100 / baseline).quantize(
                                Decimal("0.1")
                            )
                            if unit == Unit.PERCENT
                            else Decimal(follow_up)
                        ),
                        unit=unit,
                        direction=(
                            Direction.REDUCTION if follow_up < baseline else Direction.INCREASE
                        ),
                        baseline_value=baseline,
                        baseline_period="12 months before",
                        follow_up_value=follow_up,
                        follow_up_period="12 months after",
                        cohort=f"Participants in {entry.name}",
                        sample_size=rng.randint(10, 2000),
                        source=self.source,
                        source_section="Synthetic",
                        position=position,
                    )
                )
        OutcomeMetric.objects.bulk_create(metrics)
        return len(metrics)

    def progress(self, written, total, counts):
        elapsed = time.monotonic() - self.started
        self.stdout.write(
            f"[{written:>9,}/{total:,}] entries written; this batch: {counts['links']:,} links, "
            f"{counts['reports']:,} reports, {counts['metrics']:,} metrics ({elapsed:.1f} s)"
        )
