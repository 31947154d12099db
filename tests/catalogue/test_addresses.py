"""The pages moved between apps; their public addresses did not."""

import pytest
from django.urls import resolve, reverse

from catalogue import views as catalogue_views


@pytest.mark.parametrize(
    ("name", "kwargs", "address"),
    [
        ("catalogue:home", {}, "/"),
        ("catalogue:list", {}, "/interventions/"),
        ("catalogue:detail", {"slug": "a-slug"}, "/interventions/a-slug/"),
        ("catalogue:theme", {"slug": "knife-crime"}, "/themes/knife-crime/"),
        ("catalogue:forces", {}, "/forces/"),
        ("catalogue:force", {"slug": "merseyside"}, "/forces/merseyside/"),
        ("catalogue:organisation", {"slug": "an-org"}, "/organisations/an-org/"),
        ("downloads:csv", {}, "/interventions/download.csv"),
        ("downloads:json", {}, "/interventions/download.json"),
        ("downloads:feed", {}, "/interventions/feed/"),
        ("evidence:compare", {}, "/compare/"),
        ("evidence:outcomes", {}, "/outcomes/"),
        ("evidence:entry_ris", {"slug": "a-slug"}, "/interventions/a-slug/cite.ris"),
    ],
)
def test_each_page_keeps_its_public_address(name, kwargs, address):
    assert reverse(name, kwargs=kwargs) == address
    assert resolve(address).view_name == name


def test_the_force_index_and_each_force_are_served_by_the_catalogue():
    assert resolve("/forces/").func.view_class is catalogue_views.ForceIndexView
    assert resolve("/forces/merseyside/").func.view_class is catalogue_views.ForceDetailView


@pytest.mark.django_db
def test_the_force_index_and_a_force_page_answer(client):
    assert client.get("/forces/").status_code == 200
    response = client.get("/forces/merseyside/")
    assert response.status_code == 200
    assert b"Merseyside" in response.content
