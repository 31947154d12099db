"""The filter set's form takes the fields its filter set built for it, as they are."""

import pytest
from django.http import QueryDict

from interventions.filters import InterventionFilterSet

pytestmark = pytest.mark.django_db


def test_the_form_uses_its_filter_sets_own_fields_without_copying_their_choices():
    filterset = InterventionFilterSet.forgiving(QueryDict("theme=knife-crime&force=kent"))
    form = filterset.form
    assert form.fields["theme"] is filterset.filters["theme"].field
    assert form.is_valid()
    assert form.cleaned_data["theme"] == ["knife-crime"]


def test_each_filter_set_has_fields_of_its_own():
    first = InterventionFilterSet.forgiving(QueryDict("theme=knife-crime"))
    second = InterventionFilterSet.forgiving(QueryDict("theme=county-lines"))
    assert first.form.fields["theme"] is not second.form.fields["theme"]
    assert first.form.cleaned_data["theme"] == ["knife-crime"]
    assert second.form.cleaned_data["theme"] == ["county-lines"]
