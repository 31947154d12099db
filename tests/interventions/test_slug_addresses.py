"""interventions.addresses: the addresses reverse() gives, without resolving each time."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from interventions.addresses import address, slug_address


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("catalogue:detail", "an-entry_2"),
        ("catalogue:theme", "knife-crime"),
        ("catalogue:force", "kent"),
        ("catalogue:organisation", "an-organisation"),
        ("catalogue:region", "south-east"),
    ],
)
def test_a_slug_address_is_what_reverse_gives(name, slug):
    assert slug_address(name, slug) == reverse(name, args=[slug])


def test_an_address_without_arguments_is_what_reverse_gives():
    assert address("catalogue:list") == reverse("catalogue:list") == "/interventions/"


def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it():
    for value in ("", "a b", "a/b", "é"):
        with pytest.raises(NoReverseMatch):
            slug_address("catalogue:detail", value)


def test_the_script_prefix_of_the_moment_is_kept():
    assert slug_address("catalogue:theme", "knife-crime") == "/themes/knife-crime/"
    set_script_prefix("/catalogue/")
    try:
        assert slug_address("catalogue:theme", "knife-crime") == "/catalogue/themes/knife-crime/"
        assert address("catalogue:list") == "/catalogue/interventions/"
    finally:
        clear_script_prefix()
    assert slug_address("catalogue:theme", "knife-crime") == "/themes/knife-crime/"
