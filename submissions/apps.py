from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "submissions"
    verbose_name = "Shared practice"

    def ready(self):
        from interventions.models import first_published
        from submissions import checks  # noqa: F401  (registers the system checks)
        from submissions.notices import tell_submitters_of_publication

        first_published.connect(tell_submitters_of_publication, dispatch_uid="tell-submitters")
