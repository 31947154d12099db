"""Read an admin form page the way a browser would submit it, so tests can change one field."""

from html.parser import HTMLParser

from django.urls import reverse

from interventions.models import PendingRevision


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(response, form_id):
    """The fields of the form with this id as a dict; lists for fields with several values."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form with id {form_id!r} on the page"
    # The admin's textareas start with a newline that browsers drop.
    return {
        name: (values[0].removeprefix("\n") if len(values) == 1 else values)
        for name, values in reader.data.items()
    }


def send_change(client, editor, entry, summary):
    """An editor's change to a published entry, sent through the real change form."""
    client.force_login(editor)
    url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    data = form_data(client.get(url), "intervention_form")
    data.update(summary=summary, change_reason="Corrected from the report")
    assert client.post(url, data).status_code == 302
    return PendingRevision.objects.waiting().get(object_id=entry.pk)
