"""What the browser tests share: Playwright's assertions, axe-core, and reading a page.

Importing this module works without Playwright installed, so the tests can be collected
and then skipped with a reason by the ``browser`` fixture.
"""

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips every test that would use them
    Axe = expect = None

# The public pages, as readers reach them: one of each kind, and the states they can be in.
PUBLIC_PAGES = {
    "home": "/",
    "list": "/interventions/",
    "list with filters": "/interventions/?theme=knife-crime&region=london&has_report=true",
    "search results": "/interventions/?q=hospital",
    "list with no match": "/interventions/?theme=hotspot-policing&region=wales",
    "detail": "/interventions/habitual-knife-carriers-project/",
    "theme": "/themes/knife-crime/",
    "force": "/forces/thames-valley/",
    "force without entries": "/forces/cheshire/",
    "organisation": "/organisations/west-yorkshire-vrp/",
    "share practice": "/share-practice/",
    "suggest a correction": "/share-practice/correction/?entry=operation-deter",
    "page not found": "/no-such-page/",
}

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def accessibility_violations(page):
    """axe-core's WCAG A and AA violations on the page as it is now, one readable line each."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_AA_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return [describe(violation) for violation in results.response["violations"]]


def describe(violation):
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        f" [{len(violation['nodes'])} element(s): {targets}]"
    )


def checked_boxes(page, form_selector="#catalogue-form"):
    """The name=value of every ticked checkbox in the form, sorted."""
    return sorted(
        page.locator(f"{form_selector} input[type=checkbox]:checked").evaluate_all(
            "boxes => boxes.map(box => box.name + '=' + box.value)"
        )
    )


def result_names(page):
    """The names of the entries listed on a page of results, in order."""
    return page.locator(".cards .card-title").all_inner_texts()


def facet_count(page, name, value):
    """The number shown beside a filter option, e.g. 7 for 'Knife crime (7 matches)'."""
    text = page.locator(f"label[for='{name}-{value}'] .count").inner_text()
    return int(text.strip("()").split()[0])
