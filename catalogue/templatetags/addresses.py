"""``{% address 'name' %}``: the address of a page that takes no arguments, as
``{% url 'name' %}`` writes it, looked up once (interventions.addresses) rather than by
walking the URL configuration a dozen times on every page."""

from django import template

from interventions import addresses

register = template.Library()


@register.simple_tag
def address(name):
    return addresses.address(name)
