import re

from django import template

register = template.Library()

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
HTML_SPECIALS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@register.filter(is_safe=False)
def plain(value, length=200):
    """One line of submitted text for a plain-text email: no markup, no control characters.

    Only the characters that start markup are escaped, so names like O'Brien read normally.
    """
    text = CONTROL_CHARACTERS.sub("", " ".join(str(value).split()))
    if len(text) > length:
        text = text[: length - 1] + "…"
    return text.translate(HTML_SPECIALS)
