from django import template
from django.urls import reverse

register = template.Library()


def with_query(name, query):
    path = reverse(name)
    return f"{path}?{query}" if query else path


@register.simple_tag
def open_data_links(filterset):
    """Download and feed addresses for exactly the filter of a list page.

    Downloads keep the sort order; a feed is always newest first, so its address leaves
    the sort out and one filter has one feed.
    """
    return {
        "csv": with_query("interventions:download-csv", filterset.query_string()),
        "json": with_query("interventions:download-json", filterset.query_string()),
        "feed": with_query("interventions:feed", filterset.without("ordering")),
    }
