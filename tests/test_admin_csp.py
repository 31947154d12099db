"""The admin works under its Content-Security-Policy: no inline script and no inline handlers.

The admin's policy allows scripts from the site's own files only ("script-src 'self'"), so a
browser ignores an `onclick="..."` or a `<script>` without `src`: the control looks alive but
does nothing.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from interventions.models import Force
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", re.IGNORECASE)
IMPORT_EXPORT_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if hasattr(model_admin, "export_action")
]


def inline_code(html):
    return INLINE_HANDLER.findall(html) + INLINE_SCRIPT.findall(html)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


@pytest.mark.parametrize("model", IMPORT_EXPORT_MODELS, ids=lambda model: model._meta.label)
def test_the_export_page_binds_select_all_from_a_static_script(curator_client, model):
    response = curator_client.get(admin_url(model, "export"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="select-toggle"' in html, "the export page offers 'Select all'"
    assert inline_code(html) == []
    assert re.search(r'<script src="/static/js/admin-export\.js"', html)
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"


def test_the_select_all_box_is_named_by_its_label(curator_client):
    html = curator_client.get(admin_url(IMPORT_EXPORT_MODELS[0], "export")).content.decode()
    assert re.search(r'<input[^>]*id="select-all-toggle"', html)
    assert re.search(r'<label[^>]*for="select-all-toggle"', html)


def test_no_admin_template_of_the_project_carries_inline_script():
    templates = sorted((Path(settings.BASE_DIR) / "templates" / "admin").rglob("*.html"))
    assert templates
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in templates
        if (found := inline_code(path.read_text()))
    }
    assert offenders == {}


def test_no_admin_page_carries_inline_script(superuser_client):
    entry = make_intervention(forces=[Force.objects.get(slug="dorset")])
    report = make_report([entry])
    make_outcome(entry, report=report)
    addresses = [reverse("admin:index"), reverse("admin:data_quality")]
    for model in admin.site._registry:
        addresses.append(admin_url(model, "changelist"))
        obj = model._default_manager.first()
        if obj is not None:
            addresses += [admin_url(model, "change", obj.pk), admin_url(model, "history", obj.pk)]
    for model in IMPORT_EXPORT_MODELS:
        addresses += [admin_url(model, "import"), admin_url(model, "export")]
    addresses.append(admin_url(entry._meta.model, "preview", entry.pk))

    offenders = {}
    for address in addresses:
        response = superuser_client.get(address)
        assert response.status_code == 200, address
        if found := inline_code(response.content.decode()):
            offenders[address] = found
    assert offenders == {}
