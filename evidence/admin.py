from django.contrib import admin
from django.db import models

from evidence.models import ExternalEvidenceLink


class ExternalEvidenceLinkInline(admin.StackedInline):
    """Edited with the entry: the matching strand or entry in other evidence catalogues."""

    model = ExternalEvidenceLink
    view_on_site = False
    fields = [("catalogue", "checked_on"), "title", "url", "rating", "note"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(ExternalEvidenceLink)
class ExternalEvidenceLinkAdmin(admin.ModelAdmin):
    """Every link in one list, oldest check first, so the stale ones are found and rechecked."""

    view_on_site = False
    list_display = ["title", "catalogue", "rating", "intervention", "checked_on"]
    list_filter = ["catalogue", "checked_on"]
    list_select_related = ["intervention"]
    search_fields = ["title", "rating", "intervention__name", "url"]
    autocomplete_fields = ["intervention"]
    ordering = ["checked_on", "title"]
    fields = ["intervention", ("catalogue", "checked_on"), "title", "url", "rating", "note"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
