from django.contrib import admin

from api.models import RetiredSlug


@admin.register(RetiredSlug)
class RetiredSlugAdmin(admin.ModelAdmin):
    """Old addresses are recorded automatically when a slug changes. Deleting one frees
    the slug again and ends its redirect, so do it only for a slug that was never public."""

    list_display = ["slug", "kind", "object_id", "retired_at"]
    list_filter = ["kind"]
    search_fields = ["slug"]
    readonly_fields = ["kind", "slug", "object_id", "retired_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
