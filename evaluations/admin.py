from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import EvaluationReport, OutcomeMetric, SeminarSession


@admin.register(EvaluationReport)
class EvaluationReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "report_type", "file_format", "file_size_display", "published_on"]
    list_filter = ["report_type", "file_format", "method"]
    search_fields = ["title", "interventions__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["interventions", "publisher", "evaluator"]


@admin.register(OutcomeMetric)
class OutcomeMetricAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "intervention", "value_display", "unit", "direction"]
    list_filter = ["measure_kind", "unit", "direction", "source"]
    list_select_related = ["intervention"]
    search_fields = ["measure", "intervention__name", "cohort"]
    autocomplete_fields = ["intervention", "report"]


@admin.register(SeminarSession)
class SeminarSessionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "date"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["interventions"]
