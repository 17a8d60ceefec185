"""Template helpers for the lists' paging."""

from django import template
from django.template.defaultfilters import urlencode

register = template.Library()


@register.simple_tag
def page_links(page):
    """The page numbers to link: the first, the last and two either side of the current
    page, with None where numbers are left out (shown as an ellipsis). A list of 268
    pages shows at most nine links, not 268."""
    ellipsis = page.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


@register.simple_tag(takes_context=True)
def page_query(context):
    """The start of a page link's query string: this page's own parameters but the page
    number, then `page=` (worked out once a list, not once a link)."""
    request = context.get("request")
    params = request.GET.items() if request is not None else ()
    kept = "".join(f"{urlencode(k)}={urlencode(v)}&" for k, v in params if k != "page")
    return f"?{kept}page="
