from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Open data"

    def ready(self):
        from api import slugs

        slugs.connect()
