"""Form fields and filters for the values the list's parameters take."""

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError

from interventions.filters.reading import FALSE, TRUE


class FieldsAsTheyAre(dict):
    """A form's fields that its copies take as they are rather than deep-copied."""

    def __deepcopy__(self, memo):
        return dict(self)


class FilterSetForm(forms.Form):
    """The form of one filter set. django-filters makes its class for each filter set,
    with fields of the filter set's own, so the form takes them as they are: a form
    deep-copies its class's fields, choices and all, which cost more than the rest of
    reading the address."""

    def __init__(self, *args, **kwargs):
        self.base_fields = FieldsAsTheyAre(type(self).base_fields)
        super().__init__(*args, **kwargs)


class AgeFilter(django_filters.Filter):
    field_class = forms.IntegerField


class OptionalValuesField(django_filters.fields.MultipleChoiceField):
    """Several choices, where a blank value (``?theme=``) means nothing rather than an error."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item.strip()]


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = OptionalValuesField


class TrueFalseField(forms.Field):
    """Accepts true and false as a JSON client writes them, and also yes, no, 1 and 0."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        lowered = str(value).strip().lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise ValidationError("Use true or false.", code="invalid")


class TrueFalseFilter(django_filters.Filter):
    field_class = TrueFalseField
