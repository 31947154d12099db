"""The project's admin site: every list answers malformed input as the admin's own mistake.

Django's change list validates most filter parameters itself, but some only fail when the
query runs: a year, month or day out of range (`?updated_at__year=99999999999`), the date
hierarchy's last year (`?published_on__year=9999`), or a value the database refuses. These
become `IncorrectLookupParameters`, which the admin answers with its "?e=1" page instead of
a server error. NUL bytes never get this far: `vvcp.middleware.AdminInputMiddleware` refuses
them for the whole admin.

The site gives every ModelAdmin registered on it this behaviour, the project's own and
those of Django's auth and django-axes alike, so no list can be left out.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import DataError, transaction

# What a query raises when a parameter's value cannot be turned into SQL or the database
# refuses it: all of them are the request's fault, never the code's.
BAD_LOOKUP_ERRORS = (ValueError, OverflowError, DataError)


class TolerantChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date hierarchy builds its range with datetime arithmetic, which overflows
            # for years, months or days out of range.
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            # A savepoint, so that a refused query leaves any outer transaction usable.
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except BAD_LOOKUP_ERRORS as error:
            raise IncorrectLookupParameters(error) from error


class TolerantModelAdmin:
    """Mixed into every ModelAdmin on the site (see CatalogueAdminSite.register)."""

    def get_changelist(self, request, **kwargs):
        return TolerantChangeList

    def response_action(self, request, queryset):
        # Django filters the list by the posted ids without checking that they are ids.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        try:
            with transaction.atomic(using=queryset.db):
                queryset.filter(pk__in=selected).exists()
        except (ValidationError, *BAD_LOOKUP_ERRORS):
            self.message_user(
                request,
                "The selection could not be read, so nothing was done. Select the items again.",
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class CatalogueAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, TolerantModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (TolerantModelAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
