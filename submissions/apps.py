from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "submissions"
    verbose_name = "Shared practice"

    def ready(self):
        from submissions import checks  # noqa: F401  (registers the system checks)
