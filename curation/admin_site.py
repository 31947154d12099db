"""The project's admin site: every list answers malformed input as the admin's own mistake.

Django's change list validates most filter parameters itself, but some only fail when the
query runs: a year, month or day out of range (`?updated_at__year=99999999999`), the date
hierarchy's last year (`?published_on__year=9999`), a range that is not two values
(`?kind__range=abc`), or a value the database refuses. These
become `IncorrectLookupParameters`, which the admin answers with its "?e=1" page instead of
a server error. NUL bytes never get this far: `web.middleware.AdminInputMiddleware` refuses
them for the whole admin.

Forms get the same care: a list action posted with ids that are not ids does nothing, and
a change form posted with such an id in a choice (an autocomplete, a many-to-many list)
comes back with a form error.

The site gives every ModelAdmin registered on it, and each of its inlines, this behaviour:
the project's own and those of Django's auth and django-axes alike, so none is left out.
"""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.utils.text import capfirst

# What a query raises when a parameter's value cannot be turned into SQL or the database
# refuses it: all of them are the request's fault, never the code's.
BAD_LOOKUP_ERRORS = (ValueError, OverflowError, DataError)


def range_bounds(value):
    """`?field__range=low,high` as its two bounds. Django passes the text on whole, and a
    query over its characters fails in the database instead of as a lookup."""
    bounds = value.split(",")
    if len(bounds) != 2:
        raise IncorrectLookupParameters(f"A range needs two values, not {value!r}.")
    return bounds


class TolerantChangeList(ChangeList):
    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date hierarchy builds its range with datetime arithmetic, which overflows
            # for years, months or days out of range.
            raise IncorrectLookupParameters(error) from error
        lookup_params = filters[2]
        for key, values in lookup_params.items():
            if key.endswith("__range"):
                lookup_params[key] = [range_bounds(value) for value in values]
        return filters

    def get_results(self, request):
        try:
            # A savepoint, so that a refused query leaves any outer transaction usable.
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except BAD_LOOKUP_ERRORS as error:
            raise IncorrectLookupParameters(error) from error


class TolerantAutocompleteMixin:
    """Shows a form sent back with a mistake even when a chosen id is not an id ("abc").

    Django looks the posted ids up to show what was chosen; a malformed one is already a
    form error, and is left out of the choice shown rather than ending in a server error.
    """

    def optgroups(self, name, value, attr=None):
        try:
            with transaction.atomic(using=self.db):
                return super().optgroups(name, value, attr)
        except BAD_LOOKUP_ERRORS:
            return super().optgroups(name, [], attr)


class LabelledAutocompleteMixin:
    """Names Select2's combobox and search field after the field (static/js)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin-select2-labels.js"])


class TolerantAutocompleteSelect(
    LabelledAutocompleteMixin, TolerantAutocompleteMixin, AutocompleteSelect
):
    pass


class TolerantAutocompleteSelectMultiple(
    LabelledAutocompleteMixin, TolerantAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


class TolerantModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:
            # SQLite cannot compare an id with an integer this large; PostgreSQL finds none.
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(map(str, value))},
            ) from None


class TolerantFormFields:
    """Mixed into every ModelAdmin on the site and each of its inlines."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", TolerantModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LabelledRowsInline(TolerantFormFields):
    """Every field in a table of inline rows is named for assistive technology.

    A tabular inline heads each column with the field's name but gives the fields no
    <label>: each gets an aria-label naming the field and its row ("Role, row 2"), the
    delete box included.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not isinstance(self, admin.TabularInline):
            return formset

        def add_fields(formset_self, form, index):
            formset.add_fields(formset_self, form, index)
            row = "new row" if index is None else f"row {index + 1}"
            for name, field in form.fields.items():
                label = "Delete" if name == "DELETE" else capfirst(field.label or name)
                field.widget.attrs.setdefault("aria-label", f"{label}, {row}")

        return type(formset.__name__, (formset,), {"add_fields": add_fields})


@functools.cache
def tolerant(admin_class):
    """The admin or inline class with the tolerant behaviour mixed in."""
    mixin = TolerantModelAdmin if issubclass(admin_class, admin.ModelAdmin) else LabelledRowsInline
    if issubclass(admin_class, mixin):
        return admin_class
    return type(
        admin_class.__name__,
        (mixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


class TolerantModelAdmin(TolerantFormFields):
    """Mixed into every ModelAdmin on the site (see CatalogueAdminSite.register)."""

    def get_inlines(self, request, obj):
        return [tolerant(inline) for inline in super().get_inlines(request, obj)]

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
    def index(self, request, extra_context=None):
        """The admin home opens on the user's work: the curator's desk, or an editor's own."""
        from curation.desk import home_for

        return super().index(request, {"home": home_for(request.user), **(extra_context or {})})

    def get_urls(self):
        from django.urls import path

        from curation.preferences import digest_preference_view

        return [
            path("my-digest/", self.admin_view(digest_preference_view), name="digest_preference"),
            *super().get_urls(),
        ]

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, tolerant(admin_class or admin.ModelAdmin), **options)
