"""No address or form in the admin answers a 500, whatever staff type or paste into it.

Every registered list is walked with a matrix of hostile parameters: a NUL byte in each
list filter's parameter, in the search box and in ordering and page numbers; years, months
and days out of range for the date hierarchy and for every date field; ordering and page
numbers that mean nothing. The admin may answer 400, or its own "invalid lookup" redirect
(`?e=1`), or the list itself; never a server error. Run it on PostgreSQL too: it refuses
NUL bytes in strings where SQLite quietly accepts them.
"""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from api.models import RetiredSlug
from curation.admin_site import TolerantChangeList
from evidence.models import ExternalEvidenceLink
from interventions.models import (
    Force,
    ForceAlias,
    Organisation,
    PartnerRole,
    Place,
    PublicationState,
    SearchTerm,
    Theme,
    UncataloguedMention,
)
from submissions.models import Submission
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_outcome, make_report, make_session, make_source

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE = "999999999999999999999"
REGISTERED = list(admin.site._registry.items())


def admin_id(item):
    return item[0]._meta.label


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    client.raise_request_exception = False
    return client


@pytest.fixture
def catalogue(db):
    source = make_source(published_on=date(2021, 5, 4))
    entry = make_intervention(forces=[Force.objects.get(slug="dorset")])
    make_intervention(state=PublicationState.DRAFT)
    organisation = Organisation.objects.create(name="A VRU", slug="a-vru", kind="vru")
    PartnerRole.objects.create(intervention=entry, organisation=organisation, role="lead")
    report = make_report([entry], source=source, published_on=date(2020, 1, 2))
    make_outcome(entry, report=report, source=source)
    make_session([entry], source=source)
    Submission.objects.create(intervention_name="Street doctors", submitter_name="Sam")
    RetiredSlug.objects.create(kind="intervention", slug="old-name", object_id=entry.pk)
    ExternalEvidenceLink.objects.create(
        intervention=entry,
        catalogue="yef-toolkit",
        title="Knife crime",
        url="https://example.org/yef",
        checked_on=date(2026, 1, 5),
    )
    Group.objects.create(name="Readers")
    dorset = Force.objects.get(slug="dorset")
    SearchTerm.objects.create(phrase="stabbing").themes.set([Theme.objects.get(slug="knife-crime")])
    ForceAlias.objects.create(alias="Dorset Constabulary", force=dorset)
    Place.objects.create(name="Weymouth", force=dorset, region=dorset.region)
    UncataloguedMention.objects.create(
        source=source,
        key="street-project",
        name="Street project",
        section="Opening",
        what_the_source_says="Named as an example.",
        why_not_an_entry="No place or activity is given.",
    )
    return entry


def filter_parameters(model, model_admin, user):
    """The query parameters each of the list's filters reads, as the admin itself lists them."""
    request = RequestFactory().get(changelist_url(model))
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    return sorted({name for spec in changelist.filter_specs for name in spec.expected_parameters()})


def date_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and field.concrete
    ]


def hostile_queries(model, model_admin, user):
    queries = [
        {"q": NUL},
        {"q": f"knife{NUL}crime"},
        {"q": "x" * 5000},
        {"o": HUGE},
        {"o": "-"},
        {"o": "1.x.-"},
        {"o": NUL},
        {"o": f"-{HUGE}.2"},
        {"p": HUGE},
        {"p": "-1"},
        {"p": "0"},
        {"p": NUL},
        {"p": "1e400"},
        {"all": "", "p": HUGE},
        {"_facets": "1", "q": NUL},
        {"pk__exact": HUGE},
        {"pk__in": f"1,{NUL}"},
        {"_to_field": NUL},
    ]
    for name in filter_parameters(model, model_admin, user):
        queries += [
            {name: NUL},
            {name: f"1{NUL}"},
            {name: HUGE},
            {name: NUL, "_facets": "1"},
        ]
    hierarchy = model_admin.date_hierarchy
    if hierarchy:
        queries += [
            {f"{hierarchy}__year": HUGE},
            {f"{hierarchy}__year": "-1"},
            {f"{hierarchy}__year": "9999"},
            {f"{hierarchy}__year": "9999", f"{hierarchy}__month": "12"},
            {f"{hierarchy}__year": "9999", f"{hierarchy}__month": "12", f"{hierarchy}__day": "31"},
            {f"{hierarchy}__year": "2020", f"{hierarchy}__month": HUGE},
            {f"{hierarchy}__year": "2020", f"{hierarchy}__month": "13"},
            {f"{hierarchy}__year": "2020", f"{hierarchy}__month": "2", f"{hierarchy}__day": HUGE},
            {f"{hierarchy}__year": NUL},
            {f"{hierarchy}__year": "2020", "_facets": "1"},
        ]
    for field in date_fields(model):
        queries += [
            {f"{field}__year": HUGE},
            {f"{field}__year": "-1"},
            {f"{field}__year": "0"},
            {f"{field}__month": HUGE},
            {f"{field}__day": "-1"},
            {f"{field}__gte": "2020-13-45"},
            {f"{field}__year": HUGE, "_facets": "1"},
        ]
    for field in local_fields(model):
        queries += [
            {f"{field}__range": "abc"},
            {f"{field}__range": HUGE},
            {f"{field}__range": "1,2,3"},
        ]
    return queries


def local_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.many_to_many
    ]


def describe(query):
    return "&".join(f"{name}={value!r}"[:80] for name, value in query.items())


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[admin_id(i) for i in REGISTERED]
)
def test_no_hostile_list_parameter_gives_a_server_error(
    superuser_client, catalogue, model, model_admin
):
    user = User.objects.get(username="root")
    url = changelist_url(model)
    failures = []
    for query in hostile_queries(model, model_admin, user):
        response = superuser_client.get(url, query)
        if response.status_code >= 500:
            failures.append(f"{describe(query)} → {response.status_code}")
        elif response.status_code == 302:
            assert response["Location"].endswith("?e=1"), describe(query)
        else:
            assert response.status_code in {200, 400}, describe(query)
    assert not failures, "\n".join(failures)


def test_the_list_still_answers_ordinary_filters(superuser_client, catalogue):
    url = changelist_url(catalogue._meta.model)
    response = superuser_client.get(url, {"publication_state__exact": "published", "o": "1"})
    assert response.status_code == 200
    assert catalogue.name in response.content.decode()


def test_a_nul_byte_in_a_filter_is_refused_not_run(superuser_client, catalogue):
    url = changelist_url(catalogue._meta.model)
    response = superuser_client.get(url, {"publication_state__exact": NUL})
    assert response.status_code == 400


def test_an_out_of_range_year_is_the_admins_invalid_lookup(superuser_client, catalogue):
    url = changelist_url(catalogue._meta.model)
    response = superuser_client.get(url, {"updated_at__year": HUGE})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


def test_a_range_that_is_not_two_values_is_the_admins_invalid_lookup(superuser_client, catalogue):
    url = changelist_url(catalogue._meta.model)
    for value in ["draft", HUGE, "a,b,c"]:
        response = superuser_client.get(url, {"publication_state__range": value})
        assert response.status_code == 302, value
        assert response["Location"] == f"{url}?e=1"


def test_a_range_of_two_values_filters_the_list(superuser_client, catalogue):
    url = changelist_url(catalogue._meta.model)
    response = superuser_client.get(url, {"publication_state__range": "published,published"})
    assert response.status_code == 200
    assert catalogue.name in response.content.decode()
    assert "1 intervention" in response.content.decode()


AUTOCOMPLETES = [
    (model, field) for model, model_admin in REGISTERED for field in model_admin.autocomplete_fields
]
AUTOCOMPLETES += [
    (inline.model, field)
    for _model, model_admin in REGISTERED
    for inline in model_admin.inlines
    for field in getattr(inline, "autocomplete_fields", [])
]


@pytest.mark.parametrize(
    ("model", "field_name"),
    AUTOCOMPLETES,
    ids=[f"{model._meta.label}.{field}" for model, field in AUTOCOMPLETES],
)
@pytest.mark.parametrize("term", [NUL, f"knife{NUL}", "x" * 5000])
def test_no_autocomplete_term_gives_a_server_error(
    superuser_client, catalogue, model, field_name, term
):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
        },
    )
    assert response.status_code in {200, 400}


@pytest.mark.parametrize("page", [HUGE, NUL, "-1"])
def test_no_autocomplete_page_gives_a_server_error(superuser_client, catalogue, page):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "a",
            "page": page,
            "app_label": "interventions",
            "model_name": "intervention",
            "field_name": "themes",
        },
    )
    assert response.status_code in {200, 400, 404}


def test_every_admin_list_turns_bad_lookups_into_the_admins_invalid_lookup_page(superuser_client):
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    for model, model_admin in REGISTERED:
        assert issubclass(model_admin.get_changelist(request), TolerantChangeList), model


# Forms ---------------------------------------------------------------------------------------

EDITABLE = [
    (model, model_admin)
    for model, model_admin in REGISTERED
    # The worker's queue (procrastinate) is shown read-only, for a superuser to follow jobs.
    if model._meta.app_label not in {"axes", "api", "submissions", "procrastinate"}
    # Its page is a review form, not a change form: tests/curation/test_revisions_input.py.
    and model._meta.model_name != "pendingrevision"
]


def change_url(obj):
    info = (obj._meta.app_label, obj._meta.model_name)
    return reverse("admin:{}_{}_change".format(*info), args=[obj.pk])


def change_form(client, obj):
    return form_data(client.get(change_url(obj)), f"{obj._meta.model_name}_form")


def text_fields(data):
    return [
        name
        for name, value in data.items()
        if isinstance(value, str) and not name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS"))
    ]


@pytest.mark.parametrize(("model", "model_admin"), EDITABLE, ids=[admin_id(i) for i in EDITABLE])
def test_a_nul_byte_in_any_field_of_a_change_form_is_refused_not_saved(
    superuser_client, catalogue, model, model_admin
):
    obj = model._default_manager.first()
    data = change_form(superuser_client, obj)
    failures = []
    for name in text_fields(data):
        if name == "csrfmiddlewaretoken":
            continue
        response = superuser_client.post(change_url(obj), {**data, name: data[name] + NUL})
        if response.status_code != 400:
            failures.append(f"{name} → {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[admin_id(i) for i in REGISTERED]
)
@pytest.mark.parametrize("selected", ["abc", f"1{NUL}", HUGE, "1.5"])
def test_a_malformed_selection_for_a_list_action_does_nothing(
    superuser_client, catalogue, model, model_admin, selected
):
    before = model._default_manager.count()
    response = superuser_client.post(
        changelist_url(model),
        {"action": "delete_selected", "index": "0", "_selected_action": [selected]},
    )
    # PostgreSQL finds no row for an id out of range, so the confirmation lists nothing.
    assert response.status_code in {200, 302, 400}
    assert model._default_manager.count() == before


def chosen_field_names(model, model_admin):
    """Fields where ids are chosen: autocompletes, here and in inlines, and many-to-many."""
    names = set(model_admin.autocomplete_fields)
    names |= {field.name for field in model._meta.many_to_many}
    for inline in model_admin.inlines:
        names |= set(getattr(inline, "autocomplete_fields", []))
    return names


WITH_CHOICES = [(model, admin) for model, admin in EDITABLE if chosen_field_names(model, admin)]


@pytest.mark.parametrize(
    ("model", "model_admin"), WITH_CHOICES, ids=[admin_id(i) for i in WITH_CHOICES]
)
def test_a_chosen_id_that_is_not_an_id_is_a_form_error(
    superuser_client, catalogue, model, model_admin
):
    obj = model._default_manager.first()
    data = change_form(superuser_client, obj)
    fields = chosen_field_names(model, model_admin)
    chosen = [
        name for name in data if "__prefix__" not in name and name.rpartition("-")[2] in fields
    ]
    assert chosen
    failures = []
    for name in chosen:
        for junk in ["abc", HUGE]:
            response = superuser_client.post(change_url(obj), {**data, name: junk})
            if response.status_code != 200:
                failures.append(f"{name}={junk} → {response.status_code}")
            elif "errornote" not in response.content.decode():
                failures.append(f"{name}={junk} was accepted")
    assert not failures, "\n".join(failures)


def test_a_nul_byte_in_the_sign_in_form_is_refused(client, db):
    response = client.post(reverse("admin:login"), {"username": f"root{NUL}", "password": "pw"})
    assert response.status_code == 400
