from django.apps import apps
from django.contrib.admin.apps import AdminConfig


def describe_link(link):
    """A row of a many-to-many table, e.g. the report and the intervention it covers."""
    source, target = (field for field in link._meta.fields if field.many_to_one)
    return f"{getattr(link, source.name)} \N{EN DASH} {getattr(link, target.name)}"


class CatalogueAdminConfig(AdminConfig):
    """Django's admin, on the project's site (see curation.admin_site)."""

    default_site = "curation.admin_site.CatalogueAdminSite"

    def ready(self):
        super().ready()
        # The tables Django makes for many-to-many fields have no label of their own, and
        # the admin shows their rows (in inlines and on delete pages) as "… object (37)".
        for model in apps.get_models(include_auto_created=True):
            if model._meta.auto_created:
                model.__str__ = describe_link
