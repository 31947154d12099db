from django import template

from interventions.addresses import address

register = template.Library()


def with_query(name, query):
    path = address(name)
    return f"{path}?{query}" if query else path


@register.simple_tag
def open_data_links(filterset):
    """Download and feed addresses for exactly the filter of a list page.

    Downloads keep the sort order; a feed is always newest first, so its address leaves
    the sort out and one filter has one feed.
    """
    return {
        "csv": with_query("downloads:csv", filterset.query_string()),
        "json": with_query("downloads:json", filterset.query_string()),
        "feed": with_query("downloads:feed", filterset.without("ordering")),
        # Like a feed, an email alert follows the filter, whatever the sort.
        "alerts": with_query("alerts:subscribe", filterset.without("ordering")),
    }
