"""The search vocabulary: the words people search with, force abbreviations and places."""

from django.contrib import admin
from django.db.models import Count

from interventions.models import ForceAlias, Place, SearchTerm


class SearchedOnSiteMixin:
    """'View on site' opens the public list searched for the word."""

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(SearchTerm)
class SearchTermAdmin(SearchedOnSiteMixin, admin.ModelAdmin):
    list_display = ["phrase", "means", "theme_count"]
    list_filter = ["themes", "delivery_settings"]
    search_fields = ["phrase", "means", "themes__name"]
    autocomplete_fields = ["themes", "delivery_settings", "purposes"]
    fields = ["phrase", "means", "themes", "delivery_settings", "purposes"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(theme_total=Count("themes"))

    @admin.display(description="Themes", ordering="theme_total")
    def theme_count(self, obj):
        return obj.theme_total


@admin.register(ForceAlias)
class ForceAliasAdmin(SearchedOnSiteMixin, admin.ModelAdmin):
    list_display = ["alias", "force"]
    list_filter = ["force__region"]
    list_select_related = ["force"]
    search_fields = ["alias", "force__name"]
    autocomplete_fields = ["force"]
    fields = ["alias", "force"]


@admin.register(Place)
class PlaceAdmin(SearchedOnSiteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "force", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["force"]
    search_fields = ["name", "force__name"]
    autocomplete_fields = ["force"]
    fields = ["name", "kind", "force", "region"]
    show_full_result_count = False
