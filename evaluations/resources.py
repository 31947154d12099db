"""How evaluation reports and outcome figures travel as CSV and XLSX files, matched and
linked by slug like interventions (interventions.resources)."""

from django.core.exceptions import ValidationError

from evaluations.models import (
    EvaluationReport,
    OutcomeMetric,
    entries_unsupported_without,
    unlinking_refused,
)
from interventions.models import Intervention, Organisation, SourceDocument
from interventions.resources import CatalogueResource, slug_field, slug_list_field


class EvaluationReportResource(CatalogueResource):
    interventions = slug_list_field("interventions", Intervention)
    publisher = slug_field("publisher", Organisation)
    evaluator = slug_field("evaluator", Organisation)
    source = slug_field("source", SourceDocument)

    class Meta(CatalogueResource.Meta):
        model = EvaluationReport
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "report_type",
            "interventions",
            "publisher",
            "evaluator",
            "published_on",
            "date_note",
            "file_format",
            "file_size_bytes",
            "url",
            "method",
            "design_level",
            "design_basis",
            "independent",
            "independence_basis",
            "is_published",
            "published_basis",
            "summary",
            "source",
            "source_section",
            "curator_note",
        ]
        export_order = fields

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        names_interventions = str(row.get("interventions") or "").strip()
        if (
            "interventions" not in errors
            and not names_interventions
            and ("interventions" in row or instance.pk is None)
        ):
            errors["interventions"] = ValidationError(
                "Name at least one intervention the report covers, by slug."
            )
        elif "interventions" not in errors and "interventions" in row and instance.pk:
            named = [entry.pk for entry in self.fields["interventions"].clean(row)]
            dropped = Intervention.objects.filter(reports=instance).exclude(pk__in=named)
            unsupported = entries_unsupported_without(instance, dropped)
            if unsupported:
                errors["interventions"] = ValidationError(
                    unlinking_refused([instance], unsupported)
                )
        if errors:
            raise ValidationError(errors)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("publisher", "evaluator", "source").prefetch_related(
            "interventions"
        )

    def changes_published(self, instance, row):
        published = Intervention.objects.published()
        if instance.pk is not None and published.filter(reports=instance).exists():
            return True
        named = self.fields["interventions"].clean(row) if "interventions" in row else []
        return published.filter(pk__in=[entry.pk for entry in named]).exists()


class OutcomeMetricResource(CatalogueResource):
    intervention = slug_field("intervention", Intervention)
    report = slug_field("report", EvaluationReport)
    source = slug_field("source", SourceDocument)

    class Meta(CatalogueResource.Meta):
        model = OutcomeMetric
        import_id_fields = ["intervention", "key"]
        fields = [
            "intervention",
            "key",
            "measure",
            "measure_kind",
            "value_qualifier",
            "value",
            "unit",
            "direction",
            "baseline_value",
            "baseline_period",
            "follow_up_value",
            "follow_up_period",
            "cohort",
            "scope",
            "scope_section",
            "sample_size",
            "report",
            "source",
            "source_section",
            "curator_note",
            "position",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("intervention", "report", "source")

    def changes_published(self, instance, row):
        published = Intervention.objects.published()
        if instance.pk is not None:
            stored = OutcomeMetric.objects.filter(pk=instance.pk).values("intervention_id")
            if published.filter(pk__in=stored).exists():
                return True
        return published.filter(pk=instance.intervention_id).exists()
