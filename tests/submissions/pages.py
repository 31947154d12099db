"""Reading what a person sees on the submission pages."""

import html
import re


def _text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def field_error(content, field):
    """The error shown beside a field, without the hidden 'Error:' prefix; None if none."""
    match = re.search(
        rf'<div class="field-error" id="id_{field}_error">(.*?)</div>', content, re.DOTALL
    )
    return _text(match.group(1)).replace("Error: ", "") if match else None


def summary_links(content):
    """(target, text) for each link in the error summary at the top of the page."""
    match = re.search(r'<div class="error-summary".*?</ul>', content, re.DOTALL)
    if not match:
        return []
    return [
        (target, _text(text))
        for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', match.group(0))
    ]


def input_tag(content, element_id):
    match = re.search(rf'<(?:input|textarea|select)[^>]*id="{element_id}"[^>]*>', content)
    return match.group(0) if match else ""
