from django.contrib.admin.apps import AdminConfig


class CatalogueAdminConfig(AdminConfig):
    """Django's admin, on the project's site (see vvcp.admin_site)."""

    default_site = "vvcp.admin_site.CatalogueAdminSite"
