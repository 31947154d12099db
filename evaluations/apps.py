from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluations and outcomes"

    def ready(self):
        from evaluations.changes import connect_signals
        from evaluations.models import EvaluationReport, detach_figures_from_unlinked_reports

        connect_signals()

        m2m_changed.connect(
            detach_figures_from_unlinked_reports,
            sender=EvaluationReport.interventions.through,
            dispatch_uid="detach-figures-from-unlinked-reports",
        )
