"""Reading public pages in tests the way a reader sees them."""

import html
import re


def result_names(response):
    """The entry names listed on a page of results, in order."""
    return [entry.name for entry in response.context["interventions"]]


def text_of(response):
    """The page's visible text: tags removed, entities decoded, whitespace collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style|head)\b.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"</?(span|a|strong|em)\b[^>]*>", "", content)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def canonical_of(response):
    found = re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


SITE_TITLE_SUFFIX = " \u2013 Violence Reduction Interventions Catalogue"


def title_of(response):
    """The page's own title, without the site name every title ends with."""
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), flags=re.S)
    title = html.unescape(found.group(1)).strip()
    assert title.endswith(SITE_TITLE_SUFFIX), title
    return title.removesuffix(SITE_TITLE_SUFFIX)


def meta_description_of(response):
    found = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
    return html.unescape(found.group(1)) if found else None
