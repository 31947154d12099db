from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "interventions"
    verbose_name = "Catalogue"

    def ready(self):
        from interventions import catalogue_cache, facet_index, search
        from interventions.models import search_vocabulary

        catalogue_cache.connect_signals()
        search.connect_signals()
        facet_index.connect_signals()
        search_vocabulary.connect_signals()
