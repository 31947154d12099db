"""The one way pages are chosen and linked, for the HTML lists and the API alike.

The page number is read by interventions.filters.reading, with its messages. Forgiving
(the HTML pages): a page number that cannot be used shows a real page and says why.
Strict (the API): it raises Django's own ``PageNotAnInteger`` or ``EmptyPage``, whose
message names what is wrong, for the caller to answer 400 or 404.
"""

from django.core import paginator
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet

from interventions.filters.reading import ParameterReader, Problem, past_the_last_page

PAGE_LABEL = "page number"


class Paginator(paginator.Paginator):
    """Django's paginator, finding a deep page's rows by their keys first.

    A page far into a long list comes after thousands of rows. Read directly (``OFFSET``),
    every row before it is read whole and its annotations computed: the last page of
    90,000 entries took over two seconds. A page past ``DIRECT_PAGES`` is found in two
    steps within one query: its keys, in the list's order alone (which an index can give)
    and walking from whichever end of the list is nearer, then only those rows, in the
    same order. ``count`` must be exact, as the views' kept or counted totals are.
    """

    DIRECT_PAGES = 10

    def __init__(self, object_list, per_page, *args, keys=None, **kwargs):
        """``keys``, when given, finds a page's keys in the list's order from elsewhere
        than the list's own query: called with the page's first and last positions (as
        slicing takes them), it returns the keys, or None to use the list's query."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.keys = keys

    def page(self, number):
        page = super().page(number)
        if not isinstance(self.object_list, QuerySet):
            return page
        bottom, top = page.start_index() - 1, page.end_index()
        found = self.keys(bottom, top) if self.keys and self.count else None
        if found is not None:
            page.object_list = self.object_list.filter(pk__in=found)
        elif page.number > self.DIRECT_PAGES:
            page.object_list = self.rows_found_by_keys(bottom, top)
        return page

    def rows_found_by_keys(self, bottom, top):
        rows = self.object_list
        after_top = self.count - top
        if after_top < bottom:
            # Nearer the end: the same keys, counted back from the last row.
            keys = rows.reverse()[after_top : after_top + top - bottom]
        else:
            keys = rows[bottom:top]
        return rows.filter(pk__in=keys.values("pk"))


def whole_number(values, name, label, minimum, maximum=None):
    """The one value in ``values`` (those given for ``name``) as a whole number, or None
    when none is given. Raises PageNotAnInteger, saying why, when it cannot be used."""
    reader = ParameterReader({name: values}, strict=True)
    number = reader.whole_number(name, label, minimum, maximum)
    if reader.problems:
        raise PageNotAnInteger(" ".join(problem.message for problem in reader.problems))
    return number


def requested_page(paginator: Paginator, given, *, strict=False):
    """The page asked for in ``given`` (the values of ``page``), and a sentence for the
    reader when the request could not be met as it stood, or an empty string.

    Forgiving, the nearest real page is chosen instead, and ``last`` means the last.
    Strict, an unusable number raises PageNotAnInteger and a page beyond the last EmptyPage.
    """
    last = paginator.num_pages
    if strict:
        number = whole_number(given, "page", PAGE_LABEL, 1) or 1
        if number > last:
            asked = ParameterReader({"page": given}).values("page")[0]
            raise EmptyPage(Problem("page", past_the_last_page(asked, last)).message)
        return paginator.page(number), ""
    reader = ParameterReader({"page": given})
    values = reader.values("page")
    if values and values[0].lower() == "last":
        reader.one("page", PAGE_LABEL)  # for the notice if several were given
        number = last
    else:
        number = reader.whole_number("page", PAGE_LABEL, 1, otherwise="page 1 is shown") or 1
        if number > last:
            reader.add("page", past_the_last_page(values[0], last), f"page {last} is shown")
            number = last
    return paginator.page(number), " ".join(reader.notices)


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
