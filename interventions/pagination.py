"""The one way pages are chosen and linked, for the HTML lists and the API alike.

Forgiving (the HTML pages): a page number that cannot be used shows a real page and says
why. Strict (the API): it raises Django's own ``PageNotAnInteger`` or ``EmptyPage``, whose
message names what is wrong, for the caller to answer 400 or 404.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from interventions.filters import shown


def whole_number(values, name, minimum, maximum=None):
    """The one value in ``values`` (those given for ``name``) as a whole number, or None
    when none is given. Raises PageNotAnInteger, saying why, when it cannot be used."""
    if not values:
        return None
    if len(values) > 1:
        raise PageNotAnInteger(f"Give {name} once; it was given {len(values)} times.")
    text = values[0].strip()
    limit = f"from {minimum} to {maximum}" if maximum else f"of at least {minimum}"
    message = f"Enter a whole number {limit}."
    if not text.isascii() or not text.isdigit():
        raise PageNotAnInteger(message)
    number = int(text)
    if number < minimum or (maximum and number > maximum):
        raise PageNotAnInteger(message)
    return number


def requested_page(paginator: Paginator, given, *, strict=False):
    """The page asked for in ``given`` (the values of ``page``), and a sentence for the
    reader when the request could not be met as it stood, or an empty string.

    Forgiving, the nearest real page is chosen instead. Strict, an unusable number raises
    PageNotAnInteger and a page beyond the last EmptyPage.
    """
    if strict:
        number = whole_number(given, "page", 1) or 1
        last = paginator.num_pages
        if number > last:
            pages = "is 1 page" if last == 1 else f"are {last} pages"
            raise EmptyPage(f"There {pages}, so there is no page {number}.")
        return paginator.page(number), ""
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
