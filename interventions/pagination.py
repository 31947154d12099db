"""Page numbers read forgivingly: a bad one shows a real page and says why."""

from django.core.paginator import Paginator

from interventions.filters import shown


def forgiving_page(paginator: Paginator, given):
    """The page asked for in ``given`` (the values of ``page``), or the nearest real one.

    Returns the page and a sentence for the reader when the request could not be met
    as it stood, or an empty string.
    """
    values = [value.strip() for value in given if value.strip()]
    if not values:
        return paginator.page(1), ""
    notice = ""
    if len(values) > 1:
        notice = "The address gave more than one page number; the first was used. "
    text = values[0]
    last = paginator.num_pages
    if text.lower() == "last":
        return paginator.page(last), notice.strip()
    try:
        number = int(text)
    except ValueError:
        return paginator.page(1), notice + (
            f"“{shown(text, limit=20)}” is not a page number, so page 1 is shown."
        )
    if number < 1:
        return paginator.page(1), notice + "Pages start at 1, so page 1 is shown."
    if number > last:
        pages = f"is only {last} page" if last == 1 else f"are only {last} pages"
        return paginator.page(last), notice + (
            f"There {pages} of results, so page {last} is shown."
        )
    return paginator.page(number), notice.strip()


def page_links(page, path, query=""):
    """The addresses of ``page`` itself, the previous, next and numbered pages.

    Each keeps ``query``. Page 1 has no ``page`` parameter, so it has a single,
    canonical address. Gaps in a long run of pages are None.
    """

    def url(number):
        parts = [part for part in (query, f"page={number}" if number > 1 else "") if part]
        return f"{path}?{'&'.join(parts)}" if parts else path

    paginator = page.paginator
    numbers = paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return {
        "current": url(page.number),
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
        "pages": [
            None
            if number == paginator.ELLIPSIS
            else {"number": number, "url": url(number), "is_current": number == page.number}
            for number in numbers
        ],
    }
